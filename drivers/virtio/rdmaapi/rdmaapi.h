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
#include <linux/device.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/virtio.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/virtio_rdmaapi.h>

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
 * @vq_lock: protects @ctrl_vq, @inflight, @dead and @broken; taken in the
 *	virtqueue callback, so always with interrupts disabled
 * @inflight: requests the device owns (struct rdmaapi_req.node)
 * @space_wq: callers waiting for room in @ctrl_vq
 * @config_work: checks the device status after a configuration interrupt
 * @dead: device removed or being removed: no new request is queued
 * @broken: the device set DEVICE_NEEDS_RESET: calls fail with -EIO
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
	spinlock_t vq_lock;	/* ctrl_vq, inflight, dead, broken */
	struct list_head inflight;
	wait_queue_head_t space_wq;
	struct work_struct config_work;
	bool dead;
	bool broken;

	u32 version;
	u32 apis;
	u32 max_ctx;
	u32 max_req_len;
	u32 max_resp_len;
	u32 phys_port_cnt;
	__be64 node_guid;
	char ibdev_name[VIRTIO_RDMAAPI_NAME_LEN];
};

/* ctrl.c */
void rdmaapi_ctrl_init(struct rdmaapi_dev *rdev);
void rdmaapi_ctrl_done(struct virtqueue *vq);
void rdmaapi_ctrl_stop(struct rdmaapi_dev *rdev);
void rdmaapi_ctrl_fail_all(struct rdmaapi_dev *rdev);
void rdmaapi_ctrl_break(struct rdmaapi_dev *rdev);
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
