// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device side of a split virtqueue (virtio 1.x, 2.7). Debian's kernel has
 * no vringh, and the rings are guest memory reached only through the
 * translation in iotlb.c, so every index, length, count and address read
 * here comes from the guest and is checked before use.
 *
 * A malformed chain fails that one request: the caller returns its head
 * with nothing written. A broken ring (indices that cannot be trusted any
 * more) stops the queue until the driver resets the device.
 */
#include <linux/virtio_ring.h>
#include "vq.h"

#define DESC_SIZE	sizeof(struct vring_desc)

static int vq_read16(struct rdmaapi_vq *vq, u64 gpa, u16 *val)
{
	__le16 v = 0;
	int ret = rdmaapi_mem_read(vq->mem, gpa, &v, sizeof(v));

	*val = le16_to_cpu(v);
	return ret;
}

static int vq_write16(struct rdmaapi_vq *vq, u64 gpa, u16 val)
{
	__le16 v = cpu_to_le16(val);

	return rdmaapi_mem_write(vq->mem, gpa, &v, sizeof(v));
}

static int vq_break(struct rdmaapi_vq *vq)
{
	vq->broken = true;
	return -EIO;
}

/**
 * rdmaapi_vq_reset() - forget all ring state
 * @vq: virtqueue
 * @mem: address space its rings will live in
 */
void rdmaapi_vq_reset(struct rdmaapi_vq *vq, struct rdmaapi_mem *mem)
{
	memset(vq, 0, sizeof(*vq));
	vq->mem = mem;
}

static int chain_add(struct rdmaapi_chain *c, const struct vring_desc *d)
{
	u32 len = le32_to_cpu(d->len);
	bool in = le16_to_cpu(d->flags) & VRING_DESC_F_WRITE;
	u32 *total = in ? &c->in_len : &c->out_len;
	struct rdmaapi_seg *seg;

	if (!len || len > RDMAAPI_CHAIN_MAX_LEN - *total)
		return -EINVAL;
	/* A buffer may not wrap around the end of the address space. */
	if (le64_to_cpu(d->addr) + len - 1 < le64_to_cpu(d->addr))
		return -EINVAL;
	/* The spec puts every readable buffer before every writable one. */
	if (!in && c->nin)
		return -EINVAL;
	if (c->nout + c->nin >= RDMAAPI_CHAIN_MAX_SEGS)
		return -EINVAL;
	seg = &c->seg[c->nout + c->nin];
	seg->addr = le64_to_cpu(d->addr);
	seg->len = len;
	*total += len;
	if (in)
		c->nin++;
	else
		c->nout++;
	return 0;
}

/*
 * Walk the chain at @head into @c. The walk is bounded by the size of the
 * table being walked, which stops descriptor loops.
 */
static int vq_walk(struct rdmaapi_vq *vq, u16 head, struct rdmaapi_chain *c)
{
	u64 table = vq->desc;
	u32 size = vq->num, i = head, count = 0;
	bool indirect = false;
	struct vring_desc d;
	u16 flags;
	int ret;

	c->head = head;
	c->nout = 0;
	c->nin = 0;
	c->out_len = 0;
	c->in_len = 0;
	for (;;) {
		if (++count > size)
			return -EINVAL;
		ret = rdmaapi_mem_read(vq->mem, table + (u64)i * DESC_SIZE,
				       &d, DESC_SIZE);
		if (ret)
			return indirect ? -EINVAL : vq_break(vq);
		flags = le16_to_cpu(d.flags);
		if (flags & VRING_DESC_F_INDIRECT) {
			u32 len = le32_to_cpu(d.len);

			if (indirect || (flags & VRING_DESC_F_NEXT) || !len ||
			    len % DESC_SIZE ||
			    len / DESC_SIZE > RDMAAPI_CHAIN_MAX_SEGS)
				return -EINVAL;
			table = le64_to_cpu(d.addr);
			size = len / DESC_SIZE;
			indirect = true;
			i = 0;
			count = 0;
			continue;
		}
		ret = chain_add(c, &d);
		if (ret)
			return ret;
		if (!(flags & VRING_DESC_F_NEXT))
			return 0;
		i = le16_to_cpu(d.next);
		if (i >= size)
			return -EINVAL;
	}
}

/**
 * rdmaapi_vq_pop() - take the next available chain
 * @vq: virtqueue
 * @chain: filled with the chain's segments
 *
 * Return: 1 with @chain filled; 0 if nothing is available; -EINVAL if the
 * chain at @chain->head is malformed (push it back with nothing written);
 * -EIO if the ring is broken (the queue stops until reset).
 */
int rdmaapi_vq_pop(struct rdmaapi_vq *vq, struct rdmaapi_chain *chain)
{
	u16 avail_idx, head;
	int ret;

	if (vq->broken)
		return -EIO;
	if (!vq->ready || !vq->num)
		return 0;
	if (vq_read16(vq, vq->avail + 2, &avail_idx))
		return vq_break(vq);
	if ((u16)(avail_idx - vq->last_avail) > vq->num)
		return vq_break(vq);
	if (avail_idx == vq->last_avail)
		return 0;
	/* Read the ring entry only after seeing the index that covers it. */
	smp_rmb();
	if (vq_read16(vq, vq->avail + 4 + 2 * (u64)(vq->last_avail % vq->num),
		      &head))
		return vq_break(vq);
	if (head >= vq->num)
		return vq_break(vq);
	vq->last_avail++;
	ret = vq_walk(vq, head, chain);
	return ret ? ret : 1;
}

/**
 * rdmaapi_vq_push() - return a chain to the driver
 * @vq: virtqueue
 * @head: head index of the chain
 * @written: bytes written into its device-writable buffers
 *
 * Return: 0, or -EIO if the used ring cannot be written (queue broken).
 */
int rdmaapi_vq_push(struct rdmaapi_vq *vq, u16 head, u32 written)
{
	struct vring_used_elem e = {
		.id = cpu_to_le32(head),
		.len = cpu_to_le32(written),
	};
	u64 slot;

	if (vq->broken || !vq->num)
		return -EIO;
	slot = vq->used + 4 + sizeof(e) * (u64)(vq->used_idx % vq->num);
	if (rdmaapi_mem_write(vq->mem, slot, &e, sizeof(e)))
		return vq_break(vq);
	/* The element must be visible before the index that publishes it. */
	smp_wmb();
	vq->used_idx++;
	if (vq_write16(vq, vq->used + 2, vq->used_idx))
		return vq_break(vq);
	return 0;
}

/**
 * rdmaapi_vq_need_notify() - should the driver be interrupted now?
 * @vq: virtqueue, after one or more rdmaapi_vq_push()
 *
 * Return: true if the driver asked for an interrupt for what was pushed
 * since the last one (or if its request cannot be read).
 */
bool rdmaapi_vq_need_notify(struct rdmaapi_vq *vq)
{
	u16 old, event, flags;
	bool valid;

	if (vq->broken || !vq->num)
		return false;
	/* Our used index must be visible before we read the driver's wish. */
	smp_mb();
	if (!vq->event_idx) {
		if (vq_read16(vq, vq->avail, &flags))
			return true;
		return !(flags & VRING_AVAIL_F_NO_INTERRUPT);
	}
	old = vq->signalled_used;
	valid = vq->signalled_used_valid;
	vq->signalled_used = vq->used_idx;
	vq->signalled_used_valid = true;
	if (!valid)
		return true;
	if (vq_read16(vq, vq->avail + 4 + 2 * (u64)vq->num, &event))
		return true;
	return vring_need_event(event, vq->used_idx, old);
}

/**
 * rdmaapi_vq_enable_notify() - ask the driver to kick for the next buffer
 * @vq: virtqueue, about to go idle
 *
 * Return: 1 if buffers are already available (process them instead of
 * sleeping), 0 if none, -EIO if the ring is broken.
 */
int rdmaapi_vq_enable_notify(struct rdmaapi_vq *vq)
{
	u16 avail_idx;

	if (vq->broken)
		return -EIO;
	if (!vq->ready || !vq->num)
		return 0;
	if (vq->event_idx &&
	    vq_write16(vq, vq->used + 4 + 8 * (u64)vq->num, vq->last_avail))
		return vq_break(vq);
	/* Publish avail_event before re-reading the index (lost-kick race). */
	smp_mb();
	if (vq_read16(vq, vq->avail + 2, &avail_idx))
		return vq_break(vq);
	return avail_idx != vq->last_avail;
}

/* Copy @len bytes at byte @off of segments [first, first + n). */
static int chain_copy(struct rdmaapi_vq *vq, const struct rdmaapi_seg *seg,
		      u16 n, u32 total, u32 off, void *buf, u32 len,
		      bool to_guest)
{
	u16 i;
	int ret;

	if (off > total || len > total - off)
		return -EINVAL;
	for (i = 0; i < n && len; i++) {
		u32 chunk;

		if (off >= seg[i].len) {
			off -= seg[i].len;
			continue;
		}
		chunk = min(len, seg[i].len - off);
		if (to_guest)
			ret = rdmaapi_mem_write(vq->mem, seg[i].addr + off,
						buf, chunk);
		else
			ret = rdmaapi_mem_read(vq->mem, seg[i].addr + off,
					       buf, chunk);
		if (ret)
			return ret;
		buf += chunk;
		len -= chunk;
		off = 0;
	}
	return 0;
}

/**
 * rdmaapi_chain_read() - copy from a chain's device-readable buffers
 * @vq: virtqueue the chain came from
 * @c: the chain
 * @off: byte offset into the readable part
 * @dst: kernel buffer
 * @len: bytes
 *
 * Return: 0, -EINVAL past the readable part, -EFAULT for memory the
 * device may not read.
 */
int rdmaapi_chain_read(struct rdmaapi_vq *vq, const struct rdmaapi_chain *c,
		       u32 off, void *dst, u32 len)
{
	return chain_copy(vq, c->seg, c->nout, c->out_len, off, dst, len,
			  false);
}

/**
 * rdmaapi_chain_write() - copy into a chain's device-writable buffers
 * @vq: virtqueue the chain came from
 * @c: the chain
 * @off: byte offset into the writable part
 * @src: kernel buffer
 * @len: bytes
 *
 * Return: 0, -EINVAL past the writable part, -EFAULT for memory the
 * device may not write.
 */
int rdmaapi_chain_write(struct rdmaapi_vq *vq, const struct rdmaapi_chain *c,
			u32 off, const void *src, u32 len)
{
	return chain_copy(vq, c->seg + c->nout, c->nin, c->in_len, off,
			  (void *)src, len, true);
}
