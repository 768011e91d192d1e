/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vhost_rdmaapi: the vDPA device that remotes a host RDMA device.
 */
#ifndef _RDMAAPI_DEV_H
#define _RDMAAPI_DEV_H

#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/vdpa.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>
#include <rdma/ib_verbs.h>
#include <linux/virtio_rdmaapi.h>
#include "core.h"
#include "iotlb.h"
#include "vq.h"

#define RDMAAPI_FEATURES	(BIT_ULL(VIRTIO_F_VERSION_1) |		\
				 BIT_ULL(VIRTIO_F_ACCESS_PLATFORM) |	\
				 BIT_ULL(VIRTIO_RING_F_EVENT_IDX) |	\
				 BIT_ULL(VIRTIO_RING_F_INDIRECT_DESC))

/* Events waiting for event-queue buffers, per device. */
#define RDMAAPI_EV_FIFO		256

/**
 * struct rdmaapi_parent - one host RDMA device offered for remoting
 * @mgmt: the vdpa management device named after @ibdev
 * @ibdev: the host RDMA device; its struct device is referenced until
 *	@mgmt is gone, its verbs are not used once @dead
 * @id_table: device IDs @mgmt creates (VIRTIO_ID_RDMAAPI)
 * @lock: protects @devs and @dead
 * @devs: the vDPA devices of @mgmt (struct rdmaapi_dev.node)
 * @dead: @ibdev is being removed; no device may be added
 * @remove_work: unregisters @mgmt after @ibdev is gone
 * @ev_handler: receives @ibdev's port and device events
 */
struct rdmaapi_parent {
	struct vdpa_mgmt_dev mgmt;
	struct ib_device *ibdev;
	struct virtio_device_id id_table[2];
	struct mutex lock;
	struct list_head devs;
	bool dead;
	struct work_struct remove_work;
	struct ib_event_handler ev_handler;
};

/**
 * struct rdmaapi_dev - one vDPA device: one guest's view of an RDMA device
 * @vdpa: the vDPA device
 * @parent: the management device that created it
 * @node: in @parent's list
 * @ibdev: the host RDMA device
 * @lock: serialises the worker against status, feature, queue and map
 *	changes from the vDPA bus
 * @mem: the guest's address space
 * @vqs: control and event queues
 * @cbs: interrupt callbacks for @vqs
 * @config_cb: config-change interrupt callback
 * @worker: the device's sleepable worker thread
 * @work: processes the control queue
 * @core: contexts and dispatch
 * @config: config space, fixed at creation
 * @features: negotiated features
 * @status: virtio device status
 * @suspended: the VMM suspended the device: the worker serves nothing
 *	until it resumes or resets it
 * @resumed: since the last reset, the VMM set a queue's ring position to
 *	one its driver had reached on an earlier device: the driver kept its
 *	rings across a reset it did not ask for (VM stop/cont, save/restore,
 *	migration), so its contexts are gone without its knowing
 * @notify_missed: queues (bits) whose interrupt came while they had no
 *	callback: raised when they get one (dev_set_vq_cb)
 * @generation: config generation, bumped on reset
 * @ev_lock: protects the event FIFO; taken from interrupt context
 * @ev_fifo: events not yet delivered
 * @ev_head: next event to deliver
 * @ev_count: events in @ev_fifo
 * @ev_dropped: events lost because @ev_fifo was full
 * @ev_work: delivers @ev_fifo into the event queue
 * @ev_chain: scratch for the event chain being filled (worker only)
 * @copied_bytes: payload bytes our code copied for data transfers (the
 *	zero-copy design keeps this 0; inline sends would count here)
 * @debugfs: the device's debugfs directory
 * @chain: scratch for the chain being served (worker only)
 * @req: scratch for request payloads (worker only)
 * @resp: scratch for response payloads (worker only)
 */
struct rdmaapi_dev {
	struct vdpa_device vdpa;
	struct rdmaapi_parent *parent;
	struct list_head node;
	struct ib_device *ibdev;
	struct mutex lock;
	struct rdmaapi_mem mem;
	struct rdmaapi_vq vqs[VIRTIO_RDMAAPI_NUM_VQS];
	struct vdpa_callback cbs[VIRTIO_RDMAAPI_NUM_VQS];
	struct vdpa_callback config_cb;
	struct kthread_worker *worker;
	struct kthread_work work;
	u64 poll_win_ns;	/* adaptive polling window, see poll.h */
	u64 idle_at;		/* when the worker last slept on an empty queue */
	struct rdmaapi_core core;
	struct virtio_rdmaapi_config config;
	u64 features;
	u8 status;
	bool suspended;
	bool resumed;
	u8 notify_missed;
	u32 generation;
	spinlock_t ev_lock;
	struct virtio_rdmaapi_event ev_fifo[RDMAAPI_EV_FIFO];
	u32 ev_head;
	u32 ev_count;
	u64 ev_dropped;
	struct kthread_work ev_work;
	struct rdmaapi_chain ev_chain;
	atomic64_t copied_bytes;
	struct dentry *debugfs;
	struct rdmaapi_chain chain;
	void *req;
	void *resp;
};

void rdmaapi_dev_kill(struct rdmaapi_dev *dev);
void rdmaapi_dev_event(struct rdmaapi_dev *dev,
		       const struct virtio_rdmaapi_event *ev);

extern struct dentry *rdmaapi_debugfs;
extern const struct vdpa_mgmtdev_ops rdmaapi_mgmtdev_ops;
extern const struct rdmaapi_personality rdmaapi_verbs;

#endif /* _RDMAAPI_DEV_H */
