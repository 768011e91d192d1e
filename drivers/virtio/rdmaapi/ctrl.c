// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rdmaapi - synchronous request/response calls over the control
 * virtqueue.
 *
 * A request is one descriptor chain: a device-readable buffer holding
 * struct virtio_rdmaapi_req_hdr and the request payload, then a
 * device-writable buffer with room for struct virtio_rdmaapi_resp_hdr and
 * the response payload. Both are kmalloc()ed and belong to the device from
 * virtqueue_add_sgs() until the device returns them (used ring) or is
 * reset. A caller killed while waiting leaves the request behind; the
 * completion path then frees it. So does a caller woken with -EIO because
 * the device asked to be reset: its buffers stay the device's until then.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/scatterlist.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio.h>

#include <rdmaapi/poll.h>
#include "rdmaapi.h"

/*
 * A host that stops answering (its rings broken, its hypervisor gone)
 * must not keep callers forever: after this long a call gives up and
 * leaves its buffers to the device.
 */
static unsigned int timeout_ms = 30000;
module_param(timeout_ms, uint, 0644);
MODULE_PARM_DESC(timeout_ms, "milliseconds a call waits for the device; 0: no limit (default 30000)");

/*
 * Most answers come back within microseconds of the request when the host
 * is not idle; polling that long is cheaper than an interrupt and a
 * wake-up.
 */
static unsigned int poll_us = 50;
module_param(poll_us, uint, 0644);
MODULE_PARM_DESC(poll_us, "most microseconds a call polls for the answer before sleeping (adaptive); 0: never poll (default 50)");

/**
 * struct rdmaapi_req - one request in flight
 * @node: in rdmaapi_dev.inflight while the device owns the buffers
 * @done: completed when the device returned the buffers or was reset
 * @status: 0; -ENODEV when the device was reset under the request; -EIO
 *	when the device asked to be reset (the buffers are still its own)
 * @used_len: bytes the device wrote into @in
 * @completed: the device returned the buffers or was reset: the caller
 *	owns the request again
 * @abandoned: the caller is gone; the completion path frees the request
 * @out: struct virtio_rdmaapi_req_hdr and request payload
 * @in: struct virtio_rdmaapi_resp_hdr and response payload
 * @out_len: bytes at @out
 * @in_len: bytes at @in
 *
 * @completed and @abandoned are only read and written under vq_lock.
 */
struct rdmaapi_req {
	struct list_head node;
	struct completion done;
	int status;
	unsigned int used_len;
	bool completed;
	bool abandoned;
	void *out;
	void *in;
	size_t out_len;
	size_t in_len;
};

static void rdmaapi_req_free(struct rdmaapi_req *r)
{
	kfree(r->in);
	kfree(r->out);
	kfree(r);
}

static struct rdmaapi_req *rdmaapi_req_alloc(u32 req_len, u32 resp_len)
{
	struct rdmaapi_req *r;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return NULL;
	init_completion(&r->done);
	INIT_LIST_HEAD(&r->node);
	r->out_len = sizeof(struct virtio_rdmaapi_req_hdr) + req_len;
	r->in_len = sizeof(struct virtio_rdmaapi_resp_hdr) + resp_len;
	/* Separate buffers: the device writes @in while the CPU owns @r. */
	r->out = kzalloc(r->out_len, GFP_KERNEL);
	r->in = kzalloc(r->in_len, GFP_KERNEL);
	if (!r->out || !r->in) {
		rdmaapi_req_free(r);
		return NULL;
	}
	return r;
}

/*
 * Hand a finished request back to its caller, or, if the caller is gone,
 * onto @orphans to be freed once vq_lock is dropped. Called under vq_lock;
 * complete() under the lock keeps a caller that was just killed from
 * freeing the request while complete() still touches it.
 */
static void rdmaapi_req_finish(struct rdmaapi_req *r, int status,
			       struct list_head *orphans)
{
	r->completed = true;
	if (r->abandoned) {
		list_add_tail(&r->node, orphans);
		return;
	}
	r->status = status;
	complete(&r->done);
}

static void rdmaapi_free_orphans(struct list_head *orphans)
{
	struct rdmaapi_req *r, *tmp;

	list_for_each_entry_safe(r, tmp, orphans, node) {
		list_del(&r->node);
		rdmaapi_req_free(r);
	}
}

/**
 * rdmaapi_ctrl_init() - initialise the control queue state of a device
 * @rdev: the device, before its virtqueues exist
 */
void rdmaapi_ctrl_init(struct rdmaapi_dev *rdev)
{
	spin_lock_init(&rdev->vq_lock);
	INIT_LIST_HEAD(&rdev->inflight);
	init_waitqueue_head(&rdev->space_wq);
}

/* Take every returned buffer off the used ring. Called under vq_lock. */
static bool rdmaapi_ctrl_reap(struct rdmaapi_dev *rdev, struct virtqueue *vq,
			      struct list_head *orphans)
{
	struct rdmaapi_req *r;
	unsigned int len;
	bool any = false;

	while ((r = virtqueue_get_buf(vq, &len))) {
		list_del_init(&r->node);
		r->used_len = len;
		rdmaapi_req_finish(r, 0, orphans);
		any = true;
	}
	return any;
}

/*
 * Reap, and turn the interrupt back on unless a caller is polling; the
 * loop catches buffers returned while it was off. Called under vq_lock.
 */
static void rdmaapi_ctrl_reap_arm(struct rdmaapi_dev *rdev,
				  struct virtqueue *vq,
				  struct list_head *orphans)
{
	do {
		virtqueue_disable_cb(vq);
		rdmaapi_ctrl_reap(rdev, vq, orphans);
	} while (!rdev->pollers && !virtqueue_enable_cb(vq));
}

/**
 * rdmaapi_ctrl_done() - control virtqueue callback
 * @vq: the control virtqueue
 *
 * Takes every returned buffer off the used ring and wakes its caller.
 * Runs in interrupt context.
 */
void rdmaapi_ctrl_done(struct virtqueue *vq)
{
	struct rdmaapi_dev *rdev = vq->vdev->priv;
	unsigned long flags;
	LIST_HEAD(orphans);

	spin_lock_irqsave(&rdev->vq_lock, flags);
	rdmaapi_ctrl_reap_arm(rdev, vq, &orphans);
	spin_unlock_irqrestore(&rdev->vq_lock, flags);

	rdmaapi_free_orphans(&orphans);
	wake_up_all(&rdev->space_wq);
}

/*
 * Poll for the answer to @r before sleeping, with the queue's interrupt
 * off: an answer that comes within the window costs neither an interrupt
 * nor a wake-up. The window adapts to how long answers take
 * (include/rdmaapi/poll.h), up to poll_us. Gives up early for another
 * task (need_resched) or a fatal signal.
 */
static void rdmaapi_ctrl_poll(struct rdmaapi_dev *rdev, struct rdmaapi_req *r)
{
	u64 win = rdmaapi_poll_window(&rdev->poll_win_ns, READ_ONCE(poll_us));
	unsigned long flags;
	bool done = false, any = false;
	LIST_HEAD(orphans);
	u64 end;

	if (!win)
		return;
	spin_lock_irqsave(&rdev->vq_lock, flags);
	if (!rdev->ctrl_vq || r->completed) {
		spin_unlock_irqrestore(&rdev->vq_lock, flags);
		return;
	}
	if (!rdev->pollers++)
		virtqueue_disable_cb(rdev->ctrl_vq);
	spin_unlock_irqrestore(&rdev->vq_lock, flags);

	end = ktime_get_ns() + win;
	for (;;) {
		spin_lock_irqsave(&rdev->vq_lock, flags);
		if (rdev->ctrl_vq)
			any |= rdmaapi_ctrl_reap(rdev, rdev->ctrl_vq, &orphans);
		done = r->completed || !rdev->ctrl_vq;
		spin_unlock_irqrestore(&rdev->vq_lock, flags);
		if (done || need_resched() || fatal_signal_pending(current) ||
		    ktime_get_ns() > end)
			break;
		cpu_relax();
	}

	spin_lock_irqsave(&rdev->vq_lock, flags);
	if (!--rdev->pollers && rdev->ctrl_vq)
		rdmaapi_ctrl_reap_arm(rdev, rdev->ctrl_vq, &orphans);
	spin_unlock_irqrestore(&rdev->vq_lock, flags);

	rdmaapi_free_orphans(&orphans);
	if (any)
		wake_up_all(&rdev->space_wq);
}

/**
 * rdmaapi_ctrl_stop() - refuse every new request
 * @rdev: the device being removed
 *
 * After this returns nobody touches the control virtqueue again except
 * its callback; the caller then resets the device and calls
 * rdmaapi_ctrl_fail_all().
 */
void rdmaapi_ctrl_stop(struct rdmaapi_dev *rdev)
{
	unsigned long flags;

	spin_lock_irqsave(&rdev->vq_lock, flags);
	rdev->dead = true;
	rdev->ctrl_vq = NULL;
	spin_unlock_irqrestore(&rdev->vq_lock, flags);
	wake_up_all(&rdev->space_wq);
}

/**
 * rdmaapi_ctrl_fail_all() - fail every request still in flight
 * @rdev: the device, stopped and reset
 *
 * A reset device has let go of every buffer, so the requests it never
 * answered are completed with -ENODEV (or freed if their caller is gone).
 */
void rdmaapi_ctrl_fail_all(struct rdmaapi_dev *rdev)
{
	struct rdmaapi_req *r, *tmp;
	unsigned long flags;
	LIST_HEAD(orphans);

	spin_lock_irqsave(&rdev->vq_lock, flags);
	list_for_each_entry_safe(r, tmp, &rdev->inflight, node) {
		list_del_init(&r->node);
		rdmaapi_req_finish(r, -ENODEV, &orphans);
	}
	spin_unlock_irqrestore(&rdev->vq_lock, flags);

	rdmaapi_free_orphans(&orphans);
	wake_up_all(&rdev->space_wq);
}

/**
 * rdmaapi_ctrl_break() - the device needs a reset: fail every call
 * @rdev: the device
 *
 * Callers waiting are woken with -EIO and new calls fail with -EIO; the
 * buffers in flight stay the device's until it returns them or is reset
 * (on removal), and are freed then.
 */
void rdmaapi_ctrl_break(struct rdmaapi_dev *rdev)
{
	struct rdmaapi_req *r;
	unsigned long flags;

	spin_lock_irqsave(&rdev->vq_lock, flags);
	rdev->broken = true;
	list_for_each_entry(r, &rdev->inflight, node) {
		if (r->abandoned)
			continue;
		r->status = -EIO;
		complete(&r->done);
	}
	spin_unlock_irqrestore(&rdev->vq_lock, flags);
	wake_up_all(&rdev->space_wq);
}

/* Queue @r; -ENOSPC if the ring is full, -ENODEV if the device is gone. */
static int rdmaapi_ctrl_submit(struct rdmaapi_dev *rdev, struct rdmaapi_req *r)
{
	struct scatterlist out_sg, in_sg, *sgs[2] = { &out_sg, &in_sg };
	unsigned long flags;
	int err;

	sg_init_one(&out_sg, r->out, r->out_len);
	sg_init_one(&in_sg, r->in, r->in_len);

	spin_lock_irqsave(&rdev->vq_lock, flags);
	if (rdev->dead || rdev->broken) {
		err = rdev->dead ? -ENODEV : -EIO;
		goto out_unlock;
	}
	err = virtqueue_add_sgs(rdev->ctrl_vq, sgs, 1, 1, r, GFP_ATOMIC);
	if (err)
		goto out_unlock;
	list_add_tail(&r->node, &rdev->inflight);
	virtqueue_kick(rdev->ctrl_vq);
out_unlock:
	spin_unlock_irqrestore(&rdev->vq_lock, flags);
	return err;
}

static bool rdmaapi_ctrl_has_room(struct rdmaapi_dev *rdev)
{
	unsigned long flags;
	bool room;

	spin_lock_irqsave(&rdev->vq_lock, flags);
	room = rdev->dead || rdev->broken || rdev->ctrl_vq->num_free > 0;
	spin_unlock_irqrestore(&rdev->vq_lock, flags);
	return room;
}

/* Queue @r, waiting (killable) for room in the ring. */
static int rdmaapi_ctrl_queue(struct rdmaapi_dev *rdev, struct rdmaapi_req *r,
			      bool killable)
{
	unsigned int ms = READ_ONCE(timeout_ms) ?: 30000;
	int err;

	for (;;) {
		err = rdmaapi_ctrl_submit(rdev, r);
		if (err != -ENOSPC)
			return err;
		/* A teardown call of a dying task must still be sent. */
		if (!killable) {
			if (!wait_event_timeout(rdev->space_wq,
						rdmaapi_ctrl_has_room(rdev),
						msecs_to_jiffies(ms)))
				return -ETIMEDOUT;
		} else if (wait_event_killable(rdev->space_wq,
					       rdmaapi_ctrl_has_room(rdev))) {
			return -EINTR;
		}
	}
}

/*
 * Wait for the device to answer @r. Returns 0 when the caller owns @r
 * again. Otherwise @r now belongs to the completion path, which frees it
 * when the device returns it or is reset, and the result is -EINTR (a
 * fatal signal came first), -ETIMEDOUT (no answer in timeout_ms) or -EIO
 * (the device asked to be reset).
 */
static int rdmaapi_ctrl_wait(struct rdmaapi_dev *rdev, struct rdmaapi_req *r,
			     bool killable)
{
	unsigned int ms = READ_ONCE(timeout_ms);
	u64 start = ktime_get_ns();
	unsigned long flags;
	long left;
	int err;

	/*
	 * Killable, not uninterruptible: a dead host must not hang tasks.
	 * Teardown calls are the exception: an exiting task has a fatal
	 * signal pending, yet must know that the host let go of its pages
	 * before unpinning them; they wait up to timeout_ms regardless.
	 */
	rdmaapi_ctrl_poll(rdev, r);
	if (!killable)
		left = wait_for_completion_timeout(&r->done, msecs_to_jiffies(ms ?: 30000));
	else if (ms)
		left = wait_for_completion_killable_timeout(&r->done,
							    msecs_to_jiffies(ms));
	else
		left = wait_for_completion_killable(&r->done) ? -ERESTARTSYS : 1;
	err = left > 0 ? 0 : left ? -EINTR : -ETIMEDOUT;

	spin_lock_irqsave(&rdev->vq_lock, flags);
	if (r->completed) {
		err = 0;
		rdmaapi_poll_adapt(&rdev->poll_win_ns, READ_ONCE(poll_us),
				   ktime_get_ns() - start);
	} else {
		r->abandoned = true;
		if (!err)
			err = r->status;
	}
	spin_unlock_irqrestore(&rdev->vq_lock, flags);

	if (err == -ETIMEDOUT)
		dev_warn_ratelimited(&rdev->dev, "no answer from the device in %u ms\n",
				     ms);
	return err;
}

/* Check the response in @r against the @room the caller gave. */
static int rdmaapi_ctrl_parse(struct rdmaapi_req *r, u32 room, void *resp,
			      u32 *resp_len)
{
	const struct virtio_rdmaapi_resp_hdr *hdr = r->in;
	size_t written;
	s32 status;
	u32 len;

	if (r->status)
		return r->status;
	if (r->used_len < sizeof(*hdr) || r->used_len > r->in_len)
		return -EIO;
	written = r->used_len - sizeof(*hdr);

	status = (s32)le32_to_cpu(hdr->status);
	len = le32_to_cpu(hdr->resp_len);
	if (status > 0 || status < -MAX_ERRNO || len > room || len > written)
		return -EIO;

	if (resp_len) {
		if (len)
			memcpy(resp, hdr + 1, len);
		*resp_len = len;
	}
	return status;
}

/* rdmaapi_ctrl_call(), waiting killably or not (@killable). */
static int __rdmaapi_ctrl_call(struct rdmaapi_dev *rdev, u16 api, u16 opcode,
			       u32 ctx, const void *req, u32 req_len,
			       void *resp, u32 *resp_len, bool killable)
{
	u32 room = resp_len ? *resp_len : 0;
	struct virtio_rdmaapi_req_hdr *hdr;
	struct rdmaapi_req *r;
	int err;

	if (req_len > rdev->max_req_len || req_len > RDMAAPI_MAX_PAYLOAD ||
	    room > rdev->max_resp_len || room > RDMAAPI_MAX_PAYLOAD)
		return -EINVAL;

	r = rdmaapi_req_alloc(req_len, room);
	if (!r)
		return -ENOMEM;

	hdr = r->out;
	hdr->api = cpu_to_le16(api);
	hdr->opcode = cpu_to_le16(opcode);
	hdr->ctx = cpu_to_le32(ctx);
	hdr->req_len = cpu_to_le32(req_len);
	hdr->resp_len = cpu_to_le32(room);
	if (req_len)
		memcpy(hdr + 1, req, req_len);

	err = rdmaapi_ctrl_queue(rdev, r, killable);
	if (err)
		goto err_free_req;

	err = rdmaapi_ctrl_wait(rdev, r, killable);
	if (err)
		return err;	/* @r now belongs to the completion path */

	err = rdmaapi_ctrl_parse(r, room, resp, resp_len);
err_free_req:
	rdmaapi_req_free(r);
	return err;
}

/**
 * rdmaapi_ctrl_call() - one synchronous call over the control virtqueue
 * @rdev: the device
 * @api: VIRTIO_RDMAAPI_API_* of the operation
 * @opcode: operation within @api
 * @ctx: context handle, 0 for none
 * @req: request payload, may be NULL if @req_len is 0
 * @req_len: bytes at @req
 * @resp: room for the response payload, may be NULL if @resp_len is NULL
 * @resp_len: in: bytes of room at @resp; out: bytes the device wrote.
 *	May be NULL for a call without response payload.
 *
 * May be called by many tasks at once; sleeps until the device answers,
 * is removed, the caller receives a fatal signal, or timeout_ms passes.
 *
 * Context: process context, may sleep.
 * Return: the status of the device's response (0 or a negative errno);
 * -ENODEV if the device is gone, -EIO for a malformed response or a
 * device that needs a reset, -EINVAL
 * for payloads larger than the device accepts, -ENOMEM, -EINTR if the
 * caller was killed while waiting, or -ETIMEDOUT.
 */
int rdmaapi_ctrl_call(struct rdmaapi_dev *rdev, u16 api, u16 opcode, u32 ctx,
		      const void *req, u32 req_len, void *resp, u32 *resp_len)
{
	return __rdmaapi_ctrl_call(rdev, api, opcode, ctx, req, req_len, resp,
				   resp_len, true);
}

/**
 * rdmaapi_ctrl_teardown() - a call that releases guest memory on the host
 * @rdev: the device
 * @api: VIRTIO_RDMAAPI_API_*
 * @opcode: operation within @api
 * @ctx: context handle
 * @req: request payload
 * @req_len: bytes at @req
 *
 * As rdmaapi_ctrl_call() without a response, but not cut short by a fatal
 * signal (a process being killed still waits for the host), only by
 * timeout_ms: when it returns 0 or -ENODEV the host no longer uses the
 * pages the call released.
 *
 * Return: as rdmaapi_ctrl_call().
 */
int rdmaapi_ctrl_teardown(struct rdmaapi_dev *rdev, u16 api, u16 opcode,
			  u32 ctx, const void *req, u32 req_len)
{
	return __rdmaapi_ctrl_call(rdev, api, opcode, ctx, req, req_len, NULL,
				   NULL, false);
}
