// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rdmaapi - the event queue: completion events for completion
 * channels, asynchronous events for contexts.
 *
 * The device writes one struct virtio_rdmaapi_event per buffer we post.
 * Each event names its context; the callback (interrupt context) routes
 * it under rdev->ev_lock to the open file of that context, and for
 * completion events on to the channel the CQ was created with.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "rdmaapi.h"

/* Event buffers kept posted on the event queue. */
#define RDMAAPI_EV_BUFS		64

static int rdmaapi_ev_post(struct rdmaapi_dev *rdev,
			   struct virtio_rdmaapi_event *ev)
{
	struct scatterlist sg;

	sg_init_one(&sg, ev, sizeof(*ev));
	return virtqueue_add_inbuf(rdev->event_vq, &sg, 1, ev, GFP_ATOMIC);
}

/**
 * rdmaapi_event_start() - post the event buffers
 * @rdev: the device, its virtqueues found, before DRIVER_OK
 *
 * Return: 0 or -ENOMEM.
 */
int rdmaapi_event_start(struct rdmaapi_dev *rdev)
{
	int i, err;

	rdev->ev_bufs = kcalloc(RDMAAPI_EV_BUFS, sizeof(*rdev->ev_bufs),
				GFP_KERNEL);
	if (!rdev->ev_bufs)
		return -ENOMEM;
	/* Kicked once the device is ready: not before DRIVER_OK. */
	for (i = 0; i < RDMAAPI_EV_BUFS; i++) {
		err = rdmaapi_ev_post(rdev, &rdev->ev_bufs[i]);
		if (err)
			return err;
	}
	return 0;
}

/**
 * rdmaapi_event_stop() - free the event buffers
 * @rdev: the device, reset (it holds no buffer any more)
 */
void rdmaapi_event_stop(struct rdmaapi_dev *rdev)
{
	kfree(rdev->ev_bufs);
	rdev->ev_bufs = NULL;
}

/*
 * Wake every reader of a context's events, its completion channels
 * failing with @err once empty. Called with rdev->ev_lock held.
 */
static void rdmaapi_file_wake(struct rdmaapi_file *file, int err)
{
	struct rdmaapi_chan *chan;
	unsigned long cq;

	xa_for_each(&file->cqs, cq, chan) {
		if (!chan->dead)
			WRITE_ONCE(chan->dead, err);
		wake_up_interruptible(&chan->wq);
	}
	wake_up_interruptible(&file->ev_wq);
	if (file->cm_chan)
		wake_up_interruptible(&file->cm_chan->wq);
}

/**
 * rdmaapi_event_wake_all() - wake every event waiter of a removed device
 * @rdev: the device, already marked dead by rdmaapi_ctrl_stop()
 *
 * Readers of completion channels, of the asynchronous event queue and of
 * CM event channels would otherwise sleep until a signal: no event comes
 * from a device that is gone. Each then fails with -ENODEV once it has
 * read what was queued before; poll() on any of them reports EPOLLERR.
 */
void rdmaapi_event_wake_all(struct rdmaapi_dev *rdev)
{
	struct rdmaapi_file *file;
	unsigned long idx, flags;

	spin_lock_irqsave(&rdev->ev_lock, flags);
	xa_for_each(&rdev->files, idx, file) {
		rdmaapi_file_wake(file, -ENODEV);
	}
	spin_unlock_irqrestore(&rdev->ev_lock, flags);
}

/* Append to a ring of @size entries of @esize bytes; false if full. */
static bool ring_put(void *ring, u32 size, size_t esize, u32 *head,
		     u32 *count, const void *e)
{
	if (*count == size)
		return false;
	memcpy(ring + ((*head + *count) % size) * esize, e, esize);
	(*count)++;
	return true;
}

/* Put an asynchronous event on a context's ring. */
static void rdmaapi_async_put(struct rdmaapi_file *file,
			      const struct rdmaapi_abi_async_event *ae)
{
	spin_lock(&file->ev_lock);
	if (!ring_put(file->ev_ring, RDMAAPI_ASYNC_RING, sizeof(*ae),
		      &file->ev_head, &file->ev_count, ae))
		file->ev_dropped++;
	spin_unlock(&file->ev_lock);
	wake_up_interruptible(&file->ev_wq);
}

/*
 * The device lost every context (VIRTIO_RDMAAPI_CTX_ALL): each open file
 * gets the device-fatal event and fails from now on. Its handle leaves
 * @files, so a context created from now on may reuse it (a device on
 * another host after a migration starts again at 1).
 */
static void rdmaapi_lost_all(struct rdmaapi_dev *rdev,
			     const struct rdmaapi_abi_async_event *ae)
{
	struct rdmaapi_file *file;
	unsigned long idx;

	xa_for_each(&rdev->files, idx, file) {
		__xa_erase(&rdev->files, idx);
		WRITE_ONCE(file->lost, true);
		rdmaapi_async_put(file, ae);
		rdmaapi_file_wake(file, -EIO);
	}
}

static void rdmaapi_route(struct rdmaapi_dev *rdev,
			  const struct virtio_rdmaapi_event *ev)
{
	struct rdmaapi_file *file;
	struct rdmaapi_chan *chan;

	if (le32_to_cpu(ev->ctx) == VIRTIO_RDMAAPI_CTX_ALL) {
		struct rdmaapi_abi_async_event ae = {
			.event_type = le32_to_cpu(ev->event),
		};

		if (le32_to_cpu(ev->type) == VIRTIO_RDMAAPI_EV_ASYNC &&
		    ae.event_type == VIRTIO_RDMAAPI_EVENT_DEVICE_FATAL) {
			xa_lock(&rdev->files);
			rdmaapi_lost_all(rdev, &ae);
			xa_unlock(&rdev->files);
		}
		return;
	}
	file = xa_load(&rdev->files, le32_to_cpu(ev->ctx));
	if (!file)
		return;
	if (le32_to_cpu(ev->type) == VIRTIO_RDMAAPI_EV_COMP) {
		struct rdmaapi_comp_event ce = {
			.user_data = le64_to_cpu(ev->cookie),
			.cq = le32_to_cpu(ev->handle),
		};

		chan = xa_load(&file->cqs, ce.cq);
		if (!chan)
			return;
		spin_lock(&chan->lock);
		if (!ring_put(chan->ring, RDMAAPI_CHAN_RING, sizeof(ce),
			      &chan->head, &chan->count, &ce))
			chan->dropped++;
		spin_unlock(&chan->lock);
		wake_up_interruptible(&chan->wq);
	} else if (le32_to_cpu(ev->type) == VIRTIO_RDMAAPI_EV_ASYNC) {
		struct rdmaapi_abi_async_event ae = {
			.cookie = le64_to_cpu(ev->cookie),
			.handle = le32_to_cpu(ev->handle),
			.event_type = le32_to_cpu(ev->event),
			.port_num = le32_to_cpu(ev->port_num),
		};

		rdmaapi_async_put(file, &ae);
	} else if (le32_to_cpu(ev->type) == VIRTIO_RDMAAPI_EV_CM) {
		/* The events themselves are fetched with RDMACM_GET_EVENT. */
		if (file->cm_chan) {
			file->cm_chan->ready = true;
			wake_up_interruptible(&file->cm_chan->wq);
		}
	}
}

/**
 * rdmaapi_event_done() - event virtqueue callback
 * @vq: the event virtqueue
 *
 * Runs in interrupt context.
 */
void rdmaapi_event_done(struct virtqueue *vq)
{
	struct rdmaapi_dev *rdev = vq->vdev->priv;
	struct virtio_rdmaapi_event *ev;
	unsigned long flags;
	unsigned int len;

	spin_lock_irqsave(&rdev->ev_lock, flags);
	do {
		virtqueue_disable_cb(vq);
		while ((ev = virtqueue_get_buf(vq, &len))) {
			if (len == sizeof(*ev))
				rdmaapi_route(rdev, ev);
			rdmaapi_ev_post(rdev, ev);
		}
	} while (!virtqueue_enable_cb(vq));
	virtqueue_kick(vq);
	spin_unlock_irqrestore(&rdev->ev_lock, flags);
}

/**
 * rdmaapi_event_attach() - route a context's events to its file
 * @file: the file, its context created
 *
 * Return: 0 or -errno.
 */
int rdmaapi_event_attach(struct rdmaapi_file *file)
{
	return xa_insert_irq(&file->rdev->files, file->ctx, file, GFP_KERNEL);
}

/**
 * rdmaapi_event_detach() - stop routing a context's events
 * @file: the file being released
 *
 * After this returns the callback no longer touches @file.
 */
void rdmaapi_event_detach(struct rdmaapi_file *file)
{
	struct rdmaapi_dev *rdev = file->rdev;
	unsigned long flags;

	/* Not if the handle left with a lost context: it may be another's. */
	xa_cmpxchg_irq(&rdev->files, file->ctx, file, NULL, 0);
	/* A callback running now holds ev_lock: wait for it. */
	spin_lock_irqsave(&rdev->ev_lock, flags);
	spin_unlock_irqrestore(&rdev->ev_lock, flags);
}

static void rdmaapi_chan_release(struct kref *ref)
{
	kfree(container_of(ref, struct rdmaapi_chan, ref));
}

/**
 * rdmaapi_chan_put() - drop a reference to a completion channel
 * @chan: the channel
 */
void rdmaapi_chan_put(struct rdmaapi_chan *chan)
{
	kref_put(&chan->ref, rdmaapi_chan_release);
}

/* Take up to @n entries of @esize bytes from a ring into @buf. */
static u32 ring_take(void *ring, u32 size, size_t esize, u32 *head,
		     u32 *count, void *buf, u32 n)
{
	u32 i;

	for (i = 0; i < n && *count; i++) {
		memcpy(buf + i * esize, ring + *head * esize, esize);
		*head = (*head + 1) % size;
		(*count)--;
	}
	return i;
}

static ssize_t chan_read(struct file *filp, char __user *ubuf, size_t len,
			 loff_t *pos)
{
	struct rdmaapi_chan *chan = filp->private_data;
	struct rdmaapi_comp_event ev[16];
	u32 n = min_t(size_t, len / sizeof(ev[0]), ARRAY_SIZE(ev));
	int err;

	if (!n)
		return -EINVAL;
	for (;;) {
		spin_lock_irq(&chan->lock);
		n = ring_take(chan->ring, RDMAAPI_CHAN_RING, sizeof(ev[0]),
			      &chan->head, &chan->count, ev, n);
		spin_unlock_irq(&chan->lock);
		if (n)
			break;
		if (filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(chan->wq,
					       READ_ONCE(chan->count) ||
					       READ_ONCE(chan->dead));
		if (err)
			return err;
		/* Events queued before the device went are read first. */
		if (!READ_ONCE(chan->count))
			return READ_ONCE(chan->dead);
		n = min_t(size_t, len / sizeof(ev[0]), ARRAY_SIZE(ev));
	}
	if (copy_to_user(ubuf, ev, n * sizeof(ev[0])))
		return -EFAULT;
	return n * sizeof(ev[0]);
}

static __poll_t chan_poll(struct file *filp, poll_table *wait)
{
	struct rdmaapi_chan *chan = filp->private_data;

	poll_wait(filp, &chan->wq, wait);
	if (READ_ONCE(chan->count))
		return EPOLLIN | EPOLLRDNORM;
	return READ_ONCE(chan->dead) ? EPOLLERR : 0;
}

static int chan_release(struct inode *inode, struct file *filp)
{
	rdmaapi_chan_put(filp->private_data);
	return 0;
}

static const struct file_operations rdmaapi_chan_fops = {
	.owner = THIS_MODULE,
	.read = chan_read,
	.poll = chan_poll,
	.release = chan_release,
	.llseek = noop_llseek,
};

/**
 * rdmaapi_chan_create() - RDMAAPI_IOCTL_CREATE_COMP_CHANNEL
 *
 * Return: a new file descriptor, or -errno.
 */
int rdmaapi_chan_create(void)
{
	struct rdmaapi_chan *chan;
	int fd;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return -ENOMEM;
	kref_init(&chan->ref);
	spin_lock_init(&chan->lock);
	init_waitqueue_head(&chan->wq);
	fd = anon_inode_getfd("[rdmaapi-comp-channel]", &rdmaapi_chan_fops,
			      chan, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		kfree(chan);
	return fd;
}

/**
 * rdmaapi_chan_get() - the channel behind a file descriptor
 * @fd: a descriptor from rdmaapi_chan_create()
 *
 * Return: the channel with a reference, or NULL.
 */
struct rdmaapi_chan *rdmaapi_chan_get(int fd)
{
	struct rdmaapi_chan *chan = NULL;
	struct fd f = fdget(fd);

	if (!fd_file(f))
		return NULL;
	if (fd_file(f)->f_op == &rdmaapi_chan_fops) {
		chan = fd_file(f)->private_data;
		kref_get(&chan->ref);
	}
	fdput(f);
	return chan;
}

/**
 * rdmaapi_async_read() - read() on a context: its asynchronous events
 * @file: the context
 * @filp: its struct file (for O_NONBLOCK)
 * @ubuf: room for struct rdmaapi_abi_async_event entries
 * @len: bytes of room
 *
 * Return: bytes read or -errno.
 */
ssize_t rdmaapi_async_read(struct rdmaapi_file *file, struct file *filp,
			   char __user *ubuf, size_t len)
{
	struct rdmaapi_abi_async_event ev[8];
	u32 want = min_t(size_t, len / sizeof(ev[0]), ARRAY_SIZE(ev)), n;
	int err;

	if (!want)
		return -EINVAL;
	for (;;) {
		spin_lock_irq(&file->ev_lock);
		n = ring_take(file->ev_ring, RDMAAPI_ASYNC_RING, sizeof(ev[0]),
			      &file->ev_head, &file->ev_count, ev, want);
		spin_unlock_irq(&file->ev_lock);
		if (n)
			break;
		if (filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(file->ev_wq,
					       READ_ONCE(file->ev_count) ||
					       READ_ONCE(file->rdev->dead) ||
					       READ_ONCE(file->lost));
		if (err)
			return err;
		if (!READ_ONCE(file->ev_count))
			return READ_ONCE(file->lost) ? -EIO : -ENODEV;
	}
	if (copy_to_user(ubuf, ev, n * sizeof(ev[0])))
		return -EFAULT;
	return n * sizeof(ev[0]);
}

/**
 * rdmaapi_async_poll() - poll() on a context
 * @file: the context
 * @filp: its struct file
 * @wait: poll table
 *
 * Return: EPOLLIN when an asynchronous event is waiting, else EPOLLERR
 * once the device or the context is gone.
 */
__poll_t rdmaapi_async_poll(struct rdmaapi_file *file, struct file *filp,
			    poll_table *wait)
{
	poll_wait(filp, &file->ev_wq, wait);
	if (READ_ONCE(file->ev_count))
		return EPOLLIN | EPOLLRDNORM;
	return READ_ONCE(file->rdev->dead) || READ_ONCE(file->lost) ?
	       EPOLLERR : 0;
}

static void rdmaapi_destroy_cq_host(struct rdmaapi_file *file, u32 cq)
{
	struct virtio_rdmaapi_handle h = { .handle = cpu_to_le32(cq) };

	rdmaapi_ctrl_call(file->rdev, VIRTIO_RDMAAPI_API_VERBS,
			  VIRTIO_RDMAAPI_VERBS_DESTROY_CQ, file->ctx,
			  &h, sizeof(h), NULL, NULL);
}

/**
 * rdmaapi_create_cq() - RDMAAPI_IOCTL_CREATE_CQ
 * @file: the calling context
 * @uarg: struct rdmaapi_create_cq
 *
 * Return: 0 or -errno.
 */
long rdmaapi_create_cq(struct rdmaapi_file *file,
		       struct rdmaapi_create_cq __user *uarg)
{
	struct virtio_rdmaapi_create_cq_resp resp = {};
	struct virtio_rdmaapi_create_cq_req req = {};
	struct rdmaapi_dev *rdev = file->rdev;
	struct rdmaapi_chan *chan = NULL;
	struct rdmaapi_create_cq a;
	u32 len = sizeof(resp);
	unsigned long flags;
	int err;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.channel_fd >= 0) {
		chan = rdmaapi_chan_get(a.channel_fd);
		if (!chan)
			return -EBADF;
	}
	req.cqe = cpu_to_le32(a.cqe);
	req.comp_vector = cpu_to_le32(a.comp_vector);
	req.flags = cpu_to_le32(chan ? VIRTIO_RDMAAPI_CQ_F_EVENTS : 0);
	req.cookie = cpu_to_le64(a.user_data);
	err = rdmaapi_ctrl_call(rdev, VIRTIO_RDMAAPI_API_VERBS,
				VIRTIO_RDMAAPI_VERBS_CREATE_CQ, file->ctx,
				&req, sizeof(req), &resp, &len);
	if (!err && len != sizeof(resp))
		err = -EIO;
	if (err)
		goto err_put;
	a.cq = le32_to_cpu(resp.cq);
	a.cqe = le32_to_cpu(resp.cqe);
	if (chan) {
		spin_lock_irqsave(&rdev->ev_lock, flags);
		err = xa_err(xa_store(&file->cqs, a.cq, chan, GFP_ATOMIC));
		/* Lost while the host answered: its readers must not wait. */
		if (!err && file->lost && !chan->dead)
			WRITE_ONCE(chan->dead, -EIO);
		spin_unlock_irqrestore(&rdev->ev_lock, flags);
		if (err)
			goto err_destroy;
	}
	if (copy_to_user(uarg, &a, sizeof(a))) {
		err = -EFAULT;
		rdmaapi_cq_destroyed(file, a.cq);
		chan = NULL;
		goto err_destroy;
	}
	return 0;

err_destroy:
	rdmaapi_destroy_cq_host(file, a.cq);
err_put:
	if (chan)
		rdmaapi_chan_put(chan);
	return err;
}

/**
 * rdmaapi_cq_destroyed() - forget a CQ the host destroyed
 * @file: the owning context
 * @cq: the CQ handle
 */
void rdmaapi_cq_destroyed(struct rdmaapi_file *file, u32 cq)
{
	struct rdmaapi_chan *chan;
	unsigned long flags;

	spin_lock_irqsave(&file->rdev->ev_lock, flags);
	chan = xa_erase(&file->cqs, cq);
	spin_unlock_irqrestore(&file->rdev->ev_lock, flags);
	if (chan)
		rdmaapi_chan_put(chan);
}

/**
 * rdmaapi_cqs_release() - drop every CQ's channel of a closed context
 * @file: the context, detached from event routing
 */
void rdmaapi_cqs_release(struct rdmaapi_file *file)
{
	struct rdmaapi_chan *chan;
	unsigned long cq;

	xa_for_each(&file->cqs, cq, chan)
		rdmaapi_chan_put(chan);
	xa_destroy(&file->cqs);
}

/*
 * One event from the host. @ready is cleared before asking, so that a
 * notification for an event the host queues after answering sets it
 * again; events the answer says are still pending set it too.
 */
static long cm_chan_get_event(struct rdmaapi_cm_chan *chan, struct file *filp,
			      struct rdmaapi_get_cm_event __user *uarg)
{
	struct rdmaapi_dev *rdev = chan->file->rdev;
	struct virtio_rdmaapi_cm_event ev;
	struct rdmaapi_get_cm_event a;
	u32 len;
	int err;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.reserved || a.len < sizeof(ev))
		return -EINVAL;
	if (READ_ONCE(chan->file->lost))
		return -EIO;
	for (;;) {
		spin_lock_irq(&rdev->ev_lock);
		chan->ready = false;
		spin_unlock_irq(&rdev->ev_lock);
		len = sizeof(ev);
		err = rdmaapi_ctrl_call(rdev, VIRTIO_RDMAAPI_API_RDMACM,
					VIRTIO_RDMAAPI_RDMACM_GET_EVENT,
					chan->file->ctx, NULL, 0, &ev, &len);
		if (!err && len != sizeof(ev))
			err = -EIO;
		if (err != -EAGAIN)
			break;
		if (filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		/* A removed device answers the retry with -ENODEV. */
		err = wait_event_interruptible(chan->wq,
					       READ_ONCE(chan->ready) ||
					       READ_ONCE(rdev->dead) ||
					       READ_ONCE(chan->file->lost));
		if (err)
			return err;
		if (READ_ONCE(chan->file->lost))
			return -EIO;
	}
	if (err)
		return err;
	if (le32_to_cpu(ev.pending)) {
		spin_lock_irq(&rdev->ev_lock);
		chan->ready = true;
		spin_unlock_irq(&rdev->ev_lock);
		wake_up_interruptible(&chan->wq);
	}
	if (copy_to_user(u64_to_user_ptr(a.event), &ev, sizeof(ev)))
		return -EFAULT;
	return 0;
}

static long cm_chan_ioctl(struct file *filp, unsigned int cmd,
			  unsigned long arg)
{
	if (cmd != RDMAAPI_IOCTL_GET_CM_EVENT)
		return -ENOTTY;
	return cm_chan_get_event(filp->private_data, filp,
				 (void __user *)arg);
}

/* As a completion channel: EPOLLERR once the device or context is gone. */
static __poll_t cm_chan_poll(struct file *filp, poll_table *wait)
{
	struct rdmaapi_cm_chan *chan = filp->private_data;

	poll_wait(filp, &chan->wq, wait);
	if (READ_ONCE(chan->ready))
		return EPOLLIN | EPOLLRDNORM;
	return READ_ONCE(chan->file->rdev->dead) ||
	       READ_ONCE(chan->file->lost) ? EPOLLERR : 0;
}

static int cm_chan_release(struct inode *inode, struct file *filp)
{
	struct rdmaapi_cm_chan *chan = filp->private_data;
	struct rdmaapi_dev *rdev = chan->file->rdev;

	spin_lock_irq(&rdev->ev_lock);
	chan->file->cm_chan = NULL;
	spin_unlock_irq(&rdev->ev_lock);
	fput(chan->ctx_filp);
	kfree(chan);
	return 0;
}

static const struct file_operations rdmaapi_cm_chan_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = cm_chan_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.poll = cm_chan_poll,
	.release = cm_chan_release,
	.llseek = noop_llseek,
};

/**
 * rdmaapi_cm_chan_create() - RDMAAPI_IOCTL_CREATE_CM_CHANNEL
 * @file: the context
 * @filp: its struct file, which the channel keeps open
 *
 * Return: a new file descriptor, -EBUSY if the context has a channel,
 * -EOPNOTSUPP if the device has no connection manager, or -errno.
 */
int rdmaapi_cm_chan_create(struct rdmaapi_file *file, struct file *filp)
{
	struct rdmaapi_dev *rdev = file->rdev;
	struct rdmaapi_cm_chan *chan;
	struct file *cf;
	int fd;

	if (!(rdev->apis & BIT(VIRTIO_RDMAAPI_API_RDMACM)))
		return -EOPNOTSUPP;
	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return -ENOMEM;
	chan->file = file;
	init_waitqueue_head(&chan->wq);
	/* Events may already wait: the first fetch asks the host anyway. */
	chan->ready = true;
	spin_lock_irq(&rdev->ev_lock);
	if (file->cm_chan) {
		spin_unlock_irq(&rdev->ev_lock);
		kfree(chan);
		return -EBUSY;
	}
	file->cm_chan = chan;
	spin_unlock_irq(&rdev->ev_lock);

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		goto err_unpublish;
	cf = anon_inode_getfile("[rdmaapi-cm-channel]", &rdmaapi_cm_chan_fops,
				chan, O_RDWR);
	if (IS_ERR(cf)) {
		put_unused_fd(fd);
		fd = PTR_ERR(cf);
		goto err_unpublish;
	}
	chan->ctx_filp = get_file(filp);
	fd_install(fd, cf);
	return fd;

err_unpublish:
	spin_lock_irq(&rdev->ev_lock);
	file->cm_chan = NULL;
	spin_unlock_irq(&rdev->ev_lock);
	kfree(chan);
	return fd;
}
