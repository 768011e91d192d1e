// SPDX-License-Identifier: GPL-2.0-only
/*
 * vDPA device operations and the worker that serves the control queue.
 *
 * Reached from vhost_vdpa (a VM through QEMU) or virtio_vdpa (the host's
 * own kernel). Everything the bus calls takes dev->lock, and so does the
 * worker for each batch, so a reset waits for the batch in flight and the
 * worker never sees a half-reset device.
 */
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <rdmaapi/poll.h>
#include "dev.h"
#include "verbs.h"

/* Requests served per worker run before yielding to other devices. */
#define RDMAAPI_BUDGET		64
/*
 * After the last request of a burst the worker keeps looking at the ring
 * before asking for kicks again: a program posting and polling in a loop
 * then sends its next request without a VM exit. How long adapts to the
 * gaps between the guest's requests (include/rdmaapi/poll.h), up to this.
 */
static unsigned int poll_us = 50;
module_param(poll_us, uint, 0644);
MODULE_PARM_DESC(poll_us, "most microseconds the worker polls an idle control queue before sleeping (adaptive); 0: never poll (default 50)");
static unsigned int max_ctx = 64;
module_param(max_ctx, uint, 0644);
MODULE_PARM_DESC(max_ctx, "contexts (open files in guests) per vDPA device (default 64)");

static struct rdmaapi_dev *to_dev(struct vdpa_device *vdpa)
{
	return container_of(vdpa, struct rdmaapi_dev, vdpa);
}

static void dev_notify(struct vdpa_callback *cb)
{
	if (cb->callback)
		cb->callback(cb->private);
}

/*
 * Interrupt the driver for queue @idx; called with dev->lock held. With no
 * callback yet the interrupt is kept for dev_set_vq_cb(): QEMU resuming a
 * VM sets DRIVER_OK before it wires the queues' interrupts again, and with
 * event idx a lost interrupt is never repeated (the driver would not look
 * at that queue again).
 */
static void dev_notify_vq(struct rdmaapi_dev *dev, u16 idx)
{
	if (dev->cbs[idx].callback)
		dev->cbs[idx].callback(dev->cbs[idx].private);
	else
		dev->notify_missed |= BIT(idx);
}

/* The guest broke the ring protocol: stop until it resets the device. */
static void dev_needs_reset(struct rdmaapi_dev *dev)
{
	dev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
	dev_warn_ratelimited(&dev->vdpa.dev,
			     "control queue broken by the driver, needs reset\n");
	dev_notify(&dev->config_cb);
}

/*
 * Keep polling an empty queue? Only after serving something in this run
 * (a busy guest), within the adaptive window from the moment it went
 * empty, and never when another task wants the CPU. Kicks stay off
 * meanwhile: with event idx the guest kicks only after we re-arm.
 */
static bool dev_poll_more(struct rdmaapi_dev *dev, u64 *idle_since)
{
	u64 win = rdmaapi_poll_window(&dev->poll_win_ns, READ_ONCE(poll_us));
	u64 now;

	if (!win || need_resched())
		return false;
	now = ktime_get_ns();
	if (!*idle_since)
		*idle_since = now;
	if (now - *idle_since > win)
		return false;
	cpu_relax();
	return true;
}

/* May the worker touch the rings? Called with dev->lock held. */
static bool dev_serving(struct rdmaapi_dev *dev)
{
	return (dev->status & VIRTIO_CONFIG_S_DRIVER_OK) &&
	       !(dev->status & VIRTIO_CONFIG_S_NEEDS_RESET) && !dev->suspended;
}

static void dev_work(struct kthread_work *work)
{
	struct rdmaapi_dev *dev = container_of(work, struct rdmaapi_dev, work);
	struct rdmaapi_vq *vq = &dev->vqs[VIRTIO_RDMAAPI_VQ_CTRL];
	unsigned int served = 0;
	bool unsignalled = false;
	u64 idle_since = 0;
	u32 written;
	int ret;

	mutex_lock(&dev->lock);
	if (!dev_serving(dev))
		goto out;
	if (dev->idle_at) {
		/* Slept since: how long the guest's next request took. */
		rdmaapi_poll_adapt(&dev->poll_win_ns, READ_ONCE(poll_us),
				   ktime_get_ns() - dev->idle_at);
		dev->idle_at = 0;
	}
	while (served < RDMAAPI_BUDGET) {
		ret = rdmaapi_vq_pop(vq, &dev->chain);
		if (!ret && unsignalled) {
			/* Answer what was served before polling for more. */
			if (rdmaapi_vq_need_notify(vq))
				dev_notify_vq(dev, VIRTIO_RDMAAPI_VQ_CTRL);
			unsignalled = false;
		}
		if (!ret && served && dev_poll_more(dev, &idle_since))
			continue;
		if (!ret) {
			/* Re-arm kicks, then catch what raced with that. */
			ret = rdmaapi_vq_enable_notify(vq);
			if (ret == 1) {
				served++;	/* bounded even if the guest races */
				continue;
			}
			if (served)
				dev->idle_at = idle_since ?: ktime_get_ns();
			break;
		}
		if (ret == -EIO)
			break;
		idle_since = 0;
		written = ret == 1 ? rdmaapi_core_serve(&dev->core, vq,
							 &dev->chain,
							 dev->req, dev->resp) : 0;
		if (rdmaapi_vq_push(vq, dev->chain.head, written))
			break;
		unsignalled = true;
		served++;
	}
	if (vq->broken)
		dev_needs_reset(dev);
	else if (served == RDMAAPI_BUDGET)
		kthread_queue_work(dev->worker, &dev->work);
	if (unsignalled && rdmaapi_vq_need_notify(vq))
		dev_notify_vq(dev, VIRTIO_RDMAAPI_VQ_CTRL);
out:
	mutex_unlock(&dev->lock);
}

/**
 * rdmaapi_dev_event() - queue an event for the guest
 * @dev: device
 * @ev: the event, copied
 *
 * Callable from any context (completion handlers run in interrupts).
 * When the guest leaves too few event buffers, the oldest events are kept
 * and new ones are counted as dropped.
 */
void rdmaapi_dev_event(struct rdmaapi_dev *dev,
		       const struct virtio_rdmaapi_event *ev)
{
	unsigned long flags;

	spin_lock_irqsave(&dev->ev_lock, flags);
	if (dev->ev_count < RDMAAPI_EV_FIFO) {
		dev->ev_fifo[(dev->ev_head + dev->ev_count) % RDMAAPI_EV_FIFO] =
			*ev;
		dev->ev_count++;
	} else {
		dev->ev_dropped++;
	}
	spin_unlock_irqrestore(&dev->ev_lock, flags);
	kthread_queue_work(dev->worker, &dev->ev_work);
}

/* Take the oldest queued event; false if there is none. */
static bool dev_event_peek(struct rdmaapi_dev *dev,
			   struct virtio_rdmaapi_event *ev)
{
	unsigned long flags;
	bool found;

	spin_lock_irqsave(&dev->ev_lock, flags);
	found = dev->ev_count;
	if (found)
		*ev = dev->ev_fifo[dev->ev_head];
	spin_unlock_irqrestore(&dev->ev_lock, flags);
	return found;
}

static void dev_event_consume(struct rdmaapi_dev *dev)
{
	unsigned long flags;

	spin_lock_irqsave(&dev->ev_lock, flags);
	dev->ev_head = (dev->ev_head + 1) % RDMAAPI_EV_FIFO;
	dev->ev_count--;
	spin_unlock_irqrestore(&dev->ev_lock, flags);
}

static void dev_ev_work(struct kthread_work *work)
{
	struct rdmaapi_dev *dev = container_of(work, struct rdmaapi_dev,
					       ev_work);
	struct rdmaapi_vq *vq = &dev->vqs[VIRTIO_RDMAAPI_VQ_EVENT];
	struct virtio_rdmaapi_event ev;
	unsigned int sent = 0, tries = 0;
	u32 written;
	int ret;

	mutex_lock(&dev->lock);
	if (!dev_serving(dev))
		goto out;
	while (dev_event_peek(dev, &ev)) {
		/* Bounded: a guest posting useless buffers cannot spin us. */
		if (++tries > RDMAAPI_BUDGET) {
			kthread_queue_work(dev->worker, &dev->ev_work);
			break;
		}
		ret = rdmaapi_vq_pop(vq, &dev->ev_chain);
		if (!ret) {
			/* No buffer: wait for the guest's kick. */
			if (rdmaapi_vq_enable_notify(vq) == 1)
				continue;
			break;
		}
		if (ret == -EIO)
			break;
		written = 0;
		if (ret == 1 && !rdmaapi_chain_write(vq, &dev->ev_chain, 0, &ev,
						     sizeof(ev))) {
			written = sizeof(ev);
			dev_event_consume(dev);
		}
		if (rdmaapi_vq_push(vq, dev->ev_chain.head, written))
			break;
		sent++;
	}
	if (vq->broken)
		dev_needs_reset(dev);
	if (sent && rdmaapi_vq_need_notify(vq))
		dev_notify_vq(dev, VIRTIO_RDMAAPI_VQ_EVENT);
out:
	mutex_unlock(&dev->lock);
}

/**
 * rdmaapi_dev_kill() - the RDMA device is being removed
 * @dev: a device of it
 *
 * Destroys every guest object now, while the RDMA device still exists,
 * and leaves the vDPA device answering -ENODEV until it is deleted (which
 * may wait for the VM to let go of it).
 */
void rdmaapi_dev_kill(struct rdmaapi_dev *dev)
{
	mutex_lock(&dev->lock);
	rdmaapi_core_kill(&dev->core);
	mutex_unlock(&dev->lock);
}

static int dev_set_vq_address(struct vdpa_device *vdpa, u16 idx, u64 desc,
			      u64 avail, u64 used)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	if (idx >= VIRTIO_RDMAAPI_NUM_VQS)
		return -EINVAL;
	/* Alignment the split ring layout requires (virtio 1.x, 2.7). */
	if (!IS_ALIGNED(desc, 16) || !IS_ALIGNED(avail, 2) ||
	    !IS_ALIGNED(used, 4))
		return -EINVAL;
	mutex_lock(&dev->lock);
	dev->vqs[idx].desc = desc;
	dev->vqs[idx].avail = avail;
	dev->vqs[idx].used = used;
	mutex_unlock(&dev->lock);
	return 0;
}

static void dev_set_vq_num(struct vdpa_device *vdpa, u16 idx, u32 num)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	if (idx >= VIRTIO_RDMAAPI_NUM_VQS)
		return;
	/* An impossible size leaves the queue unusable, not the host. */
	if (!num || num > RDMAAPI_VQ_NUM_MAX || !is_power_of_2(num))
		num = 0;
	mutex_lock(&dev->lock);
	dev->vqs[idx].num = num;
	mutex_unlock(&dev->lock);
}

static void dev_kick_vq(struct vdpa_device *vdpa, u16 idx)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	/* May be called in atomic context: only queue the work. */
	if (idx == VIRTIO_RDMAAPI_VQ_CTRL)
		kthread_queue_work(dev->worker, &dev->work);
	else if (idx == VIRTIO_RDMAAPI_VQ_EVENT)
		kthread_queue_work(dev->worker, &dev->ev_work);
}

static void dev_set_vq_cb(struct vdpa_device *vdpa, u16 idx,
			  struct vdpa_callback *cb)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);
	struct vdpa_callback missed = {};

	if (idx >= VIRTIO_RDMAAPI_NUM_VQS)
		return;
	mutex_lock(&dev->lock);
	dev->cbs[idx] = *cb;
	if (cb->callback && dev->notify_missed & BIT(idx)) {
		dev->notify_missed &= ~BIT(idx);
		missed = *cb;
	}
	mutex_unlock(&dev->lock);
	dev_notify(&missed);
}

static void dev_set_vq_ready(struct vdpa_device *vdpa, u16 idx, bool ready)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	if (idx >= VIRTIO_RDMAAPI_NUM_VQS)
		return;
	mutex_lock(&dev->lock);
	dev->vqs[idx].ready = ready;
	dev->vqs[idx].event_idx =
		!!(dev->features & BIT_ULL(VIRTIO_RING_F_EVENT_IDX));
	mutex_unlock(&dev->lock);
}

static bool dev_get_vq_ready(struct vdpa_device *vdpa, u16 idx)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);
	bool ready;

	if (idx >= VIRTIO_RDMAAPI_NUM_VQS)
		return false;
	mutex_lock(&dev->lock);
	ready = dev->vqs[idx].ready;
	mutex_unlock(&dev->lock);
	return ready;
}

static int dev_set_vq_state(struct vdpa_device *vdpa, u16 idx,
			    const struct vdpa_vq_state *state)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	if (idx >= VIRTIO_RDMAAPI_NUM_VQS)
		return -EINVAL;
	mutex_lock(&dev->lock);
	/* Nothing is in flight across a restore: used follows avail. */
	dev->vqs[idx].last_avail = state->split.avail_index;
	dev->vqs[idx].used_idx = state->split.avail_index;
	/* A new driver starts its rings at 0 (wrapping there is unlikely). */
	if (state->split.avail_index)
		dev->resumed = true;
	mutex_unlock(&dev->lock);
	return 0;
}

static int dev_get_vq_state(struct vdpa_device *vdpa, u16 idx,
			    struct vdpa_vq_state *state)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	if (idx >= VIRTIO_RDMAAPI_NUM_VQS)
		return -EINVAL;
	mutex_lock(&dev->lock);
	state->split.avail_index = dev->vqs[idx].last_avail;
	mutex_unlock(&dev->lock);
	return 0;
}

static u32 dev_get_vq_align(struct vdpa_device *vdpa)
{
	return PAGE_SIZE;
}

static u64 dev_get_device_features(struct vdpa_device *vdpa)
{
	return RDMAAPI_FEATURES;
}

static int dev_set_driver_features(struct vdpa_device *vdpa, u64 features)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	if (!(features & BIT_ULL(VIRTIO_F_VERSION_1)))
		return -EINVAL;
	mutex_lock(&dev->lock);
	dev->features = features & RDMAAPI_FEATURES;
	mutex_unlock(&dev->lock);
	return 0;
}

static u64 dev_get_driver_features(struct vdpa_device *vdpa)
{
	return to_dev(vdpa)->features;
}

static void dev_set_config_cb(struct vdpa_device *vdpa,
			      struct vdpa_callback *cb)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	mutex_lock(&dev->lock);
	dev->config_cb = *cb;
	mutex_unlock(&dev->lock);
}

static u16 dev_get_vq_num_max(struct vdpa_device *vdpa)
{
	return RDMAAPI_VQ_NUM_MAX;
}

static u32 dev_get_device_id(struct vdpa_device *vdpa)
{
	return VIRTIO_ID_RDMAAPI;
}

static u32 dev_get_vendor_id(struct vdpa_device *vdpa)
{
	return 0;
}

static u8 dev_get_status(struct vdpa_device *vdpa)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);
	u8 status;

	mutex_lock(&dev->lock);
	status = dev->status;
	mutex_unlock(&dev->lock);
	return status;
}

/*
 * The host kernel's own virtio driver hands us host physical addresses
 * and never maps anything; a VMM's (vhost_vdpa) always maps guest memory
 * first and must never get the identity map.
 */
static bool dev_driven_by_host_kernel(struct rdmaapi_dev *dev)
{
	struct device_driver *drv = READ_ONCE(dev->vdpa.dev.driver);

	return drv && !strcmp(drv->name, "virtio_vdpa");
}

static void dev_set_status(struct vdpa_device *vdpa, u8 status)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	mutex_lock(&dev->lock);
	if (status & VIRTIO_CONFIG_S_DRIVER_OK &&
	    !(dev->status & VIRTIO_CONFIG_S_DRIVER_OK) &&
	    dev_driven_by_host_kernel(dev) && rdmaapi_mem_identity(&dev->mem))
		status |= VIRTIO_CONFIG_S_NEEDS_RESET;
	/*
	 * The driver resumes rings it used on a device that has since been
	 * reset: every context it holds is gone. Say so before serving
	 * anything, with one device-fatal event for all of them.
	 */
	if (status & VIRTIO_CONFIG_S_DRIVER_OK &&
	    !(dev->status & VIRTIO_CONFIG_S_DRIVER_OK) && dev->resumed) {
		verbs_async_event(dev, VIRTIO_RDMAAPI_CTX_ALL, 0, 0,
				  VIRTIO_RDMAAPI_EVENT_DEVICE_FATAL);
		dev->resumed = false;
	}
	dev->status = status;
	mutex_unlock(&dev->lock);
	/* Requests may have been queued before DRIVER_OK. */
	if (status & VIRTIO_CONFIG_S_DRIVER_OK) {
		kthread_queue_work(dev->worker, &dev->work);
		kthread_queue_work(dev->worker, &dev->ev_work);
	}
}

/* Back to the state of a new device; destroys every guest object. */
static void dev_do_reset(struct rdmaapi_dev *dev, bool clean_map)
{
	int i;

	rdmaapi_core_reset(&dev->core);
	for (i = 0; i < VIRTIO_RDMAAPI_NUM_VQS; i++) {
		rdmaapi_vq_reset(&dev->vqs[i], &dev->mem);
		dev->cbs[i].callback = NULL;
		dev->cbs[i].private = NULL;
	}
	/* The identity map never outlives the driver it was made for. */
	if (clean_map || dev->mem.passthrough)
		rdmaapi_mem_reset(&dev->mem);
	spin_lock_irq(&dev->ev_lock);
	dev->ev_head = 0;
	dev->ev_count = 0;
	spin_unlock_irq(&dev->ev_lock);
	dev->features = 0;
	dev->status = 0;
	dev->suspended = false;
	dev->resumed = false;
	dev->notify_missed = 0;
	dev->generation++;
	dev->idle_at = 0;
	dev->poll_win_ns = 0;
}

/*
 * QEMU suspends the device on every stop to read the rings' state. A
 * worker batch runs under dev->lock and answers every request it took,
 * so once suspend holds the lock nothing is in flight and last_avail is
 * exact (dev_get_vq_state). Events arriving meanwhile wait in the FIFO.
 */
static int dev_suspend(struct vdpa_device *vdpa)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	mutex_lock(&dev->lock);
	dev->suspended = true;
	mutex_unlock(&dev->lock);
	return 0;
}

static int dev_resume(struct vdpa_device *vdpa)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);
	bool serving;

	mutex_lock(&dev->lock);
	dev->suspended = false;
	serving = dev_serving(dev);
	mutex_unlock(&dev->lock);
	/* Kicks and events that came while suspended. */
	if (serving) {
		kthread_queue_work(dev->worker, &dev->work);
		kthread_queue_work(dev->worker, &dev->ev_work);
	}
	return 0;
}

static int dev_compat_reset(struct vdpa_device *vdpa, u32 flags)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	mutex_lock(&dev->lock);
	dev_do_reset(dev, flags & VDPA_RESET_F_CLEAN_MAP);
	mutex_unlock(&dev->lock);
	return 0;
}

static int dev_reset(struct vdpa_device *vdpa)
{
	return dev_compat_reset(vdpa, 0);
}

static size_t dev_get_config_size(struct vdpa_device *vdpa)
{
	return sizeof(struct virtio_rdmaapi_config);
}

static void dev_get_config(struct vdpa_device *vdpa, unsigned int offset,
			   void *buf, unsigned int len)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	if (offset > sizeof(dev->config) || len > sizeof(dev->config) - offset)
		return;
	memcpy(buf, (u8 *)&dev->config + offset, len);
}

static void dev_set_config(struct vdpa_device *vdpa, unsigned int offset,
			   const void *buf, unsigned int len)
{
	/* The config space is read-only. */
}

static u32 dev_get_generation(struct vdpa_device *vdpa)
{
	return to_dev(vdpa)->generation;
}

static struct vdpa_iova_range dev_get_iova_range(struct vdpa_device *vdpa)
{
	return (struct vdpa_iova_range) { .first = 0, .last = ULLONG_MAX };
}

static int dev_set_map(struct vdpa_device *vdpa, unsigned int asid,
		       struct vhost_iotlb *iotlb)
{
	if (asid)
		return -EINVAL;
	return rdmaapi_mem_set_map(&to_dev(vdpa)->mem, iotlb);
}

static int dev_reset_map(struct vdpa_device *vdpa, unsigned int asid)
{
	if (asid)
		return -EINVAL;
	return rdmaapi_mem_reset(&to_dev(vdpa)->mem);
}

static int dev_dma_map(struct vdpa_device *vdpa, unsigned int asid, u64 iova,
		       u64 size, u64 pa, u32 perm, void *opaque)
{
	if (asid)
		return -EINVAL;
	return rdmaapi_mem_map(&to_dev(vdpa)->mem, iova, size, pa, perm);
}

static int dev_dma_unmap(struct vdpa_device *vdpa, unsigned int asid,
			 u64 iova, u64 size)
{
	if (asid)
		return -EINVAL;
	return rdmaapi_mem_unmap(&to_dev(vdpa)->mem, iova, size);
}

static void dev_free(struct vdpa_device *vdpa)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	if (dev->worker) {
		kthread_cancel_work_sync(&dev->work);
		kthread_cancel_work_sync(&dev->ev_work);
		kthread_destroy_worker(dev->worker);
	}
	rdmaapi_core_reset(&dev->core);
	rdmaapi_mem_cleanup(&dev->mem);
	kvfree(dev->req);
	kvfree(dev->resp);
}

static const struct vdpa_config_ops rdmaapi_vdpa_ops = {
	.set_vq_address		= dev_set_vq_address,
	.set_vq_num		= dev_set_vq_num,
	.kick_vq		= dev_kick_vq,
	.set_vq_cb		= dev_set_vq_cb,
	.set_vq_ready		= dev_set_vq_ready,
	.get_vq_ready		= dev_get_vq_ready,
	.set_vq_state		= dev_set_vq_state,
	.get_vq_state		= dev_get_vq_state,
	.get_vq_align		= dev_get_vq_align,
	.get_device_features	= dev_get_device_features,
	.set_driver_features	= dev_set_driver_features,
	.get_driver_features	= dev_get_driver_features,
	.set_config_cb		= dev_set_config_cb,
	.get_vq_num_max		= dev_get_vq_num_max,
	.get_device_id		= dev_get_device_id,
	.get_vendor_id		= dev_get_vendor_id,
	.get_status		= dev_get_status,
	.set_status		= dev_set_status,
	.reset			= dev_reset,
	.compat_reset		= dev_compat_reset,
	.suspend		= dev_suspend,
	.resume			= dev_resume,
	.get_config_size	= dev_get_config_size,
	.get_config		= dev_get_config,
	.set_config		= dev_set_config,
	.get_generation		= dev_get_generation,
	.get_iova_range		= dev_get_iova_range,
	.set_map		= dev_set_map,
	.reset_map		= dev_reset_map,
	.dma_map		= dev_dma_map,
	.dma_unmap		= dev_dma_unmap,
	.free			= dev_free,
};

static int dev_stats_show(struct seq_file *m, void *unused)
{
	struct rdmaapi_dev *dev = m->private;
	int i;

	mutex_lock(&dev->lock);
	seq_printf(m, "ibdev: %s\n", dev->config.ibdev_name);
	rdmaapi_core_show(&dev->core, m);
	seq_printf(m, "copied_bytes: %lld\n",
		   atomic64_read(&dev->copied_bytes));
	seq_printf(m, "events_dropped: %llu\n", dev->ev_dropped);
	seq_printf(m, "events_pending: %u\n", READ_ONCE(dev->ev_count));
	for (i = 0; i < VIRTIO_RDMAAPI_NUM_VQS; i++)
		seq_printf(m, "vq%d: num %u ready %d broken %d last_avail %u used %u\n",
			   i, dev->vqs[i].num, dev->vqs[i].ready,
			   dev->vqs[i].broken, dev->vqs[i].last_avail,
			   dev->vqs[i].used_idx);
	seq_printf(m, "poll_window_ns: %llu\n",
		   rdmaapi_poll_window(&dev->poll_win_ns, READ_ONCE(poll_us)));
	seq_printf(m, "status: 0x%02x\n", dev->status);
	seq_printf(m, "suspended: %d\n", dev->suspended);
	mutex_unlock(&dev->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(dev_stats);

static void dev_fill_config(struct rdmaapi_dev *dev)
{
	struct virtio_rdmaapi_config *c = &dev->config;

	c->version = cpu_to_le32(VIRTIO_RDMAAPI_VERSION);
	c->num_queues = cpu_to_le32(VIRTIO_RDMAAPI_NUM_VQS);
	c->apis = cpu_to_le32(rdmaapi_core_apis());
	c->max_ctx = cpu_to_le32(dev->core.max_ctx);
	c->max_req_len = cpu_to_le32(RDMAAPI_MAX_REQ_LEN);
	c->max_resp_len = cpu_to_le32(RDMAAPI_MAX_RESP_LEN);
	c->phys_port_cnt = cpu_to_le32(rdma_end_port(dev->ibdev));
	c->node_guid = dev->ibdev->node_guid;
	strscpy(c->ibdev_name, dev_name(&dev->ibdev->dev),
		sizeof(c->ibdev_name));
}

static int dev_init(struct rdmaapi_dev *dev, struct ib_device *ibdev,
		    const char *name)
{
	struct device *d = &dev->vdpa.dev;
	int i;

	dev->ibdev = ibdev;
	mutex_init(&dev->lock);
	spin_lock_init(&dev->ev_lock);
	rdmaapi_mem_init(&dev->mem);
	for (i = 0; i < VIRTIO_RDMAAPI_NUM_VQS; i++)
		rdmaapi_vq_reset(&dev->vqs[i], &dev->mem);
	rdmaapi_core_init(&dev->core, dev, max_ctx);
	dev_fill_config(dev);

	dev->req = kvzalloc(RDMAAPI_MAX_REQ_LEN, GFP_KERNEL);
	dev->resp = kvzalloc(RDMAAPI_MAX_RESP_LEN, GFP_KERNEL);
	if (!dev->req || !dev->resp)
		return -ENOMEM;

	/* virtio_vdpa maps the rings through us: identity, 64-bit. */
	d->dma_mask = &d->coherent_dma_mask;
	if (dma_set_mask_and_coherent(d, DMA_BIT_MASK(64)))
		return -EIO;
	dev->vdpa.dma_dev = d;

	kthread_init_work(&dev->work, dev_work);
	kthread_init_work(&dev->ev_work, dev_ev_work);
	dev->worker = kthread_create_worker(0, "rdmaapi/%s", name);
	if (IS_ERR(dev->worker)) {
		int ret = PTR_ERR(dev->worker);

		dev->worker = NULL;
		return ret;
	}
	return 0;
}

static int rdmaapi_dev_add(struct vdpa_mgmt_dev *mdev, const char *name,
			   const struct vdpa_dev_set_config *config)
{
	struct rdmaapi_parent *parent =
		container_of(mdev, struct rdmaapi_parent, mgmt);
	struct rdmaapi_dev *dev;
	int ret;

	/* No parent: the RDMA device may go away before the VM lets go. */
	dev = vdpa_alloc_device(struct rdmaapi_dev, vdpa, NULL,
				&rdmaapi_vdpa_ops, 1, 1, name, false);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ret = dev_init(dev, parent->ibdev, name);
	if (ret)
		goto err_put;
	dev->vdpa.mdev = mdev;
	dev->parent = parent;
	mutex_lock(&parent->lock);
	ret = parent->dead ? -ENODEV :
	      _vdpa_register_device(&dev->vdpa, VIRTIO_RDMAAPI_NUM_VQS);
	if (!ret)
		list_add_tail(&dev->node, &parent->devs);
	mutex_unlock(&parent->lock);
	if (ret)
		goto err_put;
	/* rmmod is refused while a device exists (vdpa dev del first). */
	__module_get(THIS_MODULE);
	dev->debugfs = debugfs_create_dir(name, rdmaapi_debugfs);
	debugfs_create_file("stats", 0444, dev->debugfs, dev, &dev_stats_fops);
	return 0;

err_put:
	put_device(&dev->vdpa.dev);
	return ret;
}

static void rdmaapi_dev_del(struct vdpa_mgmt_dev *mdev,
			    struct vdpa_device *vdpa)
{
	struct rdmaapi_dev *dev = to_dev(vdpa);

	/*
	 * Hold the device across unregistration so that whatever the driver
	 * did not reset away is destroyed now, while the RDMA device is
	 * still there, whoever else holds a reference.
	 */
	get_device(&vdpa->dev);
	mutex_lock(&dev->parent->lock);
	list_del(&dev->node);
	mutex_unlock(&dev->parent->lock);
	debugfs_remove_recursive(dev->debugfs);
	_vdpa_unregister_device(vdpa);
	kthread_cancel_work_sync(&dev->work);
	kthread_cancel_work_sync(&dev->ev_work);
	mutex_lock(&dev->lock);
	dev_do_reset(dev, true);
	mutex_unlock(&dev->lock);
	put_device(&vdpa->dev);
	module_put(THIS_MODULE);
}

const struct vdpa_mgmtdev_ops rdmaapi_mgmtdev_ops = {
	.dev_add = rdmaapi_dev_add,
	.dev_del = rdmaapi_dev_del,
};
