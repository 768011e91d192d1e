/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * rdmaapi-abi.h - ioctl ABI between guest userspace (librdmaapi) and the
 * guest driver virtio_rdmaapi, on /dev/rdmaapiN.
 *
 * Each open file is one context on the host device: the driver creates it
 * on open() and destroys it, with every object it owns, on the last close().
 */
#ifndef _UAPI_RDMAAPI_RDMAAPI_ABI_H
#define _UAPI_RDMAAPI_RDMAAPI_ABI_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define RDMAAPI_ABI_VERSION	1

/**
 * struct rdmaapi_cmd - one remoted call
 * @api: VIRTIO_RDMAAPI_API_* of the operation
 * @opcode: operation within @api
 * @req_len: bytes at @req, the request payload of <linux/virtio_rdmaapi.h>
 * @resp_len: in: bytes of room at @resp; out: bytes the device wrote
 * @req: user pointer to the request payload (may be 0 if @req_len is 0)
 * @resp: user pointer to room for the response payload
 *
 * The driver fills in the context handle itself and forwards only
 * operations that carry no guest addresses and need no driver state:
 * queries, PD, QP, SRQ and AH operations, DESTROY_CQ and REQ_NOTIFY_CQ,
 * and the connection manager's operations except GET_EVENT (which goes
 * through the CM event channel).
 * CQs are created with RDMAAPI_IOCTL_CREATE_CQ and memory regions with
 * RDMAAPI_IOCTL_REG_MR; anything else fails with EOPNOTSUPP. The ioctl returns 0, or -1 with errno set to the device's
 * status (a positive errno) or to a transport error (EIO, ENODEV, EFAULT).
 */
struct rdmaapi_cmd {
	__u16 api;
	__u16 opcode;
	__u32 req_len;
	__u32 resp_len;
	__u32 reserved;
	__aligned_u64 req;
	__aligned_u64 resp;
};

/**
 * struct rdmaapi_create_cq - create a completion queue
 * @cqe: in: minimum entries; out: actual entries
 * @comp_vector: completion vector
 * @channel_fd: completion channel from RDMAAPI_IOCTL_CREATE_COMP_CHANNEL,
 *	or -1 for a CQ without completion events
 * @cq: out: CQ handle
 * @user_data: returned with each of the CQ's completion events
 */
struct rdmaapi_create_cq {
	__u32 cqe;
	__u32 comp_vector;
	__s32 channel_fd;
	__u32 cq;
	__aligned_u64 user_data;
};

/**
 * struct rdmaapi_reg_mr - register a memory region of the caller
 * @addr: start of the region in the caller's address space
 * @length: bytes
 * @pd: protection domain handle
 * @access: IBV_ACCESS_* flags
 * @mr: out: region handle
 * @lkey: out: local key
 * @rkey: out: remote key
 * @reserved: zero
 *
 * The driver pins the pages for as long as the region exists and sends
 * their guest-physical addresses to the device: the RDMA device then
 * reads and writes them directly. Deregister with RDMAAPI_IOCTL_DEREG_MR.
 */
struct rdmaapi_reg_mr {
	__aligned_u64 addr;
	__aligned_u64 length;
	__u32 pd;
	__u32 access;
	__u32 mr;
	__u32 lkey;
	__u32 rkey;
	__u32 reserved;
};

/**
 * struct rdmaapi_comp_event - what read() returns on a completion channel
 * @user_data: the CQ's user_data
 * @cq: the CQ handle
 * @reserved: zero
 */
struct rdmaapi_comp_event {
	__aligned_u64 user_data;
	__u32 cq;
	__u32 reserved;
};

/**
 * struct rdmaapi_abi_async_event - what read() returns on the context fd
 * @cookie: the cookie of the QP/SRQ/CQ concerned (0 for port/device)
 * @handle: the object's handle, 0 for port and device events
 * @event_type: IBV_EVENT_*
 * @port_num: port of a port event
 * @reserved: zero
 */
struct rdmaapi_abi_async_event {
	__aligned_u64 cookie;
	__u32 handle;
	__u32 event_type;
	__u32 port_num;
	__u32 reserved;
};

/**
 * struct rdmaapi_get_cm_event - fetch one connection manager event
 * @event: user pointer to room for a struct virtio_rdmaapi_cm_event
 *	(<linux/virtio_rdmaapi.h>, as the device wrote it)
 * @len: bytes of room at @event, at least sizeof(that structure)
 * @reserved: zero
 *
 * An ioctl on a CM event channel (RDMAAPI_IOCTL_CREATE_CM_CHANNEL). It
 * blocks until an event of the context waits, unless the channel is
 * O_NONBLOCK (then EAGAIN). poll() reports EPOLLIN when events may wait.
 */
struct rdmaapi_get_cm_event {
	__aligned_u64 event;
	__u32 len;
	__u32 reserved;
};

#define RDMAAPI_IOCTL_MAGIC	0xE1
#define RDMAAPI_IOCTL_CALL	_IOWR(RDMAAPI_IOCTL_MAGIC, 0x01, struct rdmaapi_cmd)
/* Returns a new file descriptor: a poll(2)-able completion channel. */
#define RDMAAPI_IOCTL_CREATE_COMP_CHANNEL _IO(RDMAAPI_IOCTL_MAGIC, 0x02)
#define RDMAAPI_IOCTL_CREATE_CQ	_IOWR(RDMAAPI_IOCTL_MAGIC, 0x03, \
				      struct rdmaapi_create_cq)
#define RDMAAPI_IOCTL_REG_MR	_IOWR(RDMAAPI_IOCTL_MAGIC, 0x04, \
				      struct rdmaapi_reg_mr)
/* Argument: the region handle (__u32). */
#define RDMAAPI_IOCTL_DEREG_MR	_IOW(RDMAAPI_IOCTL_MAGIC, 0x05, __u32)
/*
 * Returns a new file descriptor: the context's connection manager event
 * channel (one per context; it keeps the context open while it exists).
 */
#define RDMAAPI_IOCTL_CREATE_CM_CHANNEL _IO(RDMAAPI_IOCTL_MAGIC, 0x06)
/* On a CM event channel. */
#define RDMAAPI_IOCTL_GET_CM_EVENT _IOW(RDMAAPI_IOCTL_MAGIC, 0x07, \
					struct rdmaapi_get_cm_event)

#endif /* _UAPI_RDMAAPI_RDMAAPI_ABI_H */
