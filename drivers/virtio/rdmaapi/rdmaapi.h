/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * virtio_rdmaapi - guest driver for the RDMA API remoting device.
 *
 * Objects shared by main.c (virtio driver), ctrl.c (control queue) and
 * cdev.c (character device, ioctls, sysfs).
 */
#ifndef _RDMAAPI_H
#define _RDMAAPI_H

#include <linux/cdev.h>
#include <linux/kref.h>
#include <linux/poll.h>
#include <linux/xarray.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/virtio.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/virtio_rdmaapi.h>
#include <rdmaapi/rdmaapi-abi.h>

/*
 * Largest payload the driver moves in one request or response, whatever
 * the device offers: bounds the kmalloc() of one call.
 */
#define RDMAAPI_MAX_PAYLOAD	SZ_64K

/**
 * struct rdmaapi_dev - one virtio RDMA API device
 * @dev: class device (/sys/class/rdmaapi/rdmaapiN); its reference count
 *	owns this structure, open files hold a reference through @cdev
 * @cdev: character device /dev/rdmaapiN
 * @index: N of rdmaapiN
 * @vdev: the virtio device; only valid while @dead is false
 * @ctrl_vq: control virtqueue; NULL once @dead
 * @event_vq: event virtqueue (no event is defined yet)
 * @vq_lock: protects @ctrl_vq, @inflight, @pollers, @dead and @broken;
 *	taken in the virtqueue callback, so always with interrupts disabled
 * @inflight: requests the device owns (struct rdmaapi_req.node)
 * @space_wq: callers waiting for room in @ctrl_vq
 * @pollers: callers polling @ctrl_vq for their answer; its interrupt is
 *	off while there is one
 * @poll_win_ns: how long a caller polls now (adaptive, include/rdmaapi/poll.h)
 * @config_work: checks the device status after a configuration interrupt
 * @dead: device removed or being removed: no new request is queued
 * @broken: the device set DEVICE_NEEDS_RESET: calls fail with -EIO
 * @files: context handle -> struct rdmaapi_file, for event routing
 * @ev_lock: serialises the event callback against files going away
 * @ev_bufs: buffers posted on @event_vq
 * @version: protocol version from the configuration space
 * @apis: bitmap of supported APIs from the configuration space
 * @max_ctx: contexts the device allows at once
 * @max_req_len: largest request payload the device accepts
 * @max_resp_len: largest response payload the device produces
 * @phys_port_cnt: ports of the host RDMA device
 * @node_guid: node GUID of the host RDMA device, network byte order
 * @ibdev_name: name of the host RDMA device, NUL-terminated
 */
struct rdmaapi_dev {
	struct device dev;
	struct cdev cdev;
	int index;

	struct virtio_device *vdev;
	struct virtqueue *ctrl_vq;
	struct virtqueue *event_vq;
	spinlock_t vq_lock;	/* ctrl_vq, inflight, pollers, dead, broken */
	struct list_head inflight;
	wait_queue_head_t space_wq;
	unsigned int pollers;
	u64 poll_win_ns;
	struct work_struct config_work;
	bool dead;
	bool broken;

	struct xarray files;
	spinlock_t ev_lock;	/* event routing */
	struct virtio_rdmaapi_event *ev_bufs;

	u32 version;
	u32 apis;
	u32 max_ctx;
	u32 max_req_len;
	u32 max_resp_len;
	u32 phys_port_cnt;
	__be64 node_guid;
	char ibdev_name[VIRTIO_RDMAAPI_NAME_LEN];
};

/* Completion events a channel keeps; asynchronous events a context keeps. */
#define RDMAAPI_CHAN_RING	1024
#define RDMAAPI_ASYNC_RING	256

/**
 * struct rdmaapi_chan - a completion channel (an anonymous file)
 * @ref: held by its file and by each CQ created on it
 * @lock: protects the ring; taken in the event callback
 * @ring: completion events not yet read
 * @head: oldest entry of @ring
 * @count: entries in @ring
 * @dropped: events lost to a full @ring
 * @dead: 0, or what readers get once @ring is empty: -ENODEV (the device
 *	was removed) or -EIO (a context with a CQ on it was lost); set under
 *	rdev->ev_lock
 * @wq: readers waiting for an event
 */
struct rdmaapi_chan {
	struct kref ref;
	spinlock_t lock;	/* ring */
	struct rdmaapi_comp_event ring[RDMAAPI_CHAN_RING];
	u32 head;
	u32 count;
	u64 dropped;
	int dead;
	wait_queue_head_t wq;
};

/**
 * struct rdmaapi_cm_chan - a context's CM event channel (an anonymous file)
 * @ctx_filp: the context's file, referenced while the channel exists
 * @file: the context
 * @ready: an EV_CM notification came since the last RDMACM_GET_EVENT
 *	began; changed under rdev->ev_lock
 * @wq: callers waiting for @ready
 */
struct rdmaapi_cm_chan {
	struct file *ctx_filp;
	struct rdmaapi_file *file;
	bool ready;
	wait_queue_head_t wq;
};

/**
 * struct rdmaapi_file - one open file, one context on the host
 * @rdev: the device; the file holds a reference
 * @ctx: context handle from VIRTIO_RDMAAPI_CORE_CREATE_CTX
 * @mrs: region handle -> struct rdmaapi_umr (pinned pages)
 * @limbo: regions whose registration got no answer: the host may hold
 *	them, so their pages stay pinned until the context is destroyed
 * @cqs: CQ handle -> struct rdmaapi_chan of CQs created with a channel;
 *	changed under rdev->ev_lock
 * @ev_lock: protects the asynchronous event ring
 * @ev_ring: asynchronous events not yet read
 * @ev_head: oldest entry of @ev_ring
 * @ev_count: entries in @ev_ring
 * @ev_dropped: events lost to a full @ev_ring
 * @ev_wq: readers waiting for an asynchronous event
 * @cm_chan: the CM event channel or NULL; changed under rdev->ev_lock
 * @lost: the device lost the context (a device-fatal event for all
 *	contexts): calls fail with -EIO, and nothing of it is left on the
 *	host to destroy; set under rdev->ev_lock
 */
struct rdmaapi_file {
	struct rdmaapi_dev *rdev;
	u32 ctx;
	bool lost;
	struct xarray mrs;
	struct xarray limbo;
	struct xarray cqs;
	spinlock_t ev_lock;	/* ev_ring */
	struct rdmaapi_abi_async_event ev_ring[RDMAAPI_ASYNC_RING];
	u32 ev_head;
	u32 ev_count;
	u64 ev_dropped;
	wait_queue_head_t ev_wq;
	struct rdmaapi_cm_chan *cm_chan;
};

/* event.c */
int rdmaapi_event_start(struct rdmaapi_dev *rdev);
void rdmaapi_event_stop(struct rdmaapi_dev *rdev);
void rdmaapi_event_wake_all(struct rdmaapi_dev *rdev);
void rdmaapi_event_done(struct virtqueue *vq);
int rdmaapi_event_attach(struct rdmaapi_file *file);
void rdmaapi_event_detach(struct rdmaapi_file *file);
int rdmaapi_chan_create(void);
struct rdmaapi_chan *rdmaapi_chan_get(int fd);
void rdmaapi_chan_put(struct rdmaapi_chan *chan);
long rdmaapi_create_cq(struct rdmaapi_file *file,
		       struct rdmaapi_create_cq __user *uarg);
void rdmaapi_cq_destroyed(struct rdmaapi_file *file, u32 cq);
void rdmaapi_cqs_release(struct rdmaapi_file *file);
ssize_t rdmaapi_async_read(struct rdmaapi_file *file, struct file *filp,
			   char __user *ubuf, size_t len);
int rdmaapi_cm_chan_create(struct rdmaapi_file *file, struct file *filp);
__poll_t rdmaapi_async_poll(struct rdmaapi_file *file, struct file *filp,
			    poll_table *wait);

/* mem.c */
long rdmaapi_reg_mr(struct rdmaapi_file *file,
		    struct rdmaapi_reg_mr __user *uarg);
long rdmaapi_dereg_mr(struct rdmaapi_file *file, u32 __user *uarg);
int rdmaapi_dereg_host(struct rdmaapi_file *file, u32 mr);
void rdmaapi_mem_release(struct rdmaapi_file *file);

/* ctrl.c */
void rdmaapi_ctrl_init(struct rdmaapi_dev *rdev);
void rdmaapi_ctrl_done(struct virtqueue *vq);
void rdmaapi_ctrl_stop(struct rdmaapi_dev *rdev);
void rdmaapi_ctrl_fail_all(struct rdmaapi_dev *rdev);
void rdmaapi_ctrl_break(struct rdmaapi_dev *rdev);
int rdmaapi_ctrl_teardown(struct rdmaapi_dev *rdev, u16 api, u16 opcode,
			  u32 ctx, const void *req, u32 req_len);
int rdmaapi_ctrl_call(struct rdmaapi_dev *rdev, u16 api, u16 opcode, u32 ctx,
		      const void *req, u32 req_len, void *resp, u32 *resp_len);

/* cdev.c */
int rdmaapi_cdev_init(void);
void rdmaapi_cdev_exit(void);
struct rdmaapi_dev *rdmaapi_dev_alloc(struct virtio_device *vdev);
void rdmaapi_dev_put(struct rdmaapi_dev *rdev);
int rdmaapi_cdev_add(struct rdmaapi_dev *rdev);
void rdmaapi_cdev_del(struct rdmaapi_dev *rdev);

#endif /* _RDMAAPI_H */
