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
 * operations that carry no guest addresses; anything else fails with
 * EOPNOTSUPP. The ioctl returns 0, or -1 with errno set to the device's
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

#define RDMAAPI_IOCTL_MAGIC	0xE1
#define RDMAAPI_IOCTL_CALL	_IOWR(RDMAAPI_IOCTL_MAGIC, 0x01, struct rdmaapi_cmd)

#endif /* _UAPI_RDMAAPI_RDMAAPI_ABI_H */
