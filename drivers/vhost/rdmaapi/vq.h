/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Device side of a split virtqueue, reading and writing the rings through
 * guest address translation. Every value read from guest memory is
 * untrusted.
 */
#ifndef _RDMAAPI_VQ_H
#define _RDMAAPI_VQ_H

#include <linux/types.h>
#include "iotlb.h"

/* Largest ring we offer (get_vq_num_max). */
#define RDMAAPI_VQ_NUM_MAX	256
/* Most segments one request chain may have, direct or indirect. */
#define RDMAAPI_CHAIN_MAX_SEGS	64
/* Most bytes one chain may describe, in each direction. */
#define RDMAAPI_CHAIN_MAX_LEN	(1U << 20)

/**
 * struct rdmaapi_vq - device-side state of one split virtqueue
 * @mem: guest address space the rings and buffers live in
 * @desc: guest address of the descriptor table
 * @avail: guest address of the driver (available) ring
 * @used: guest address of the device (used) ring
 * @num: ring size, a power of two <= RDMAAPI_VQ_NUM_MAX; 0 if unset
 * @ready: the driver enabled the queue
 * @event_idx: VIRTIO_RING_F_EVENT_IDX was negotiated
 * @broken: the driver violated the ring protocol; nothing more is processed
 * @last_avail: next available-ring index to consume
 * @used_idx: next used-ring index to produce
 * @signalled_used: used index at the last interrupt (event idx)
 * @signalled_used_valid: @signalled_used is meaningful
 */
struct rdmaapi_vq {
	struct rdmaapi_mem *mem;
	u64 desc;
	u64 avail;
	u64 used;
	u32 num;
	bool ready;
	bool event_idx;
	bool broken;
	u16 last_avail;
	u16 used_idx;
	u16 signalled_used;
	bool signalled_used_valid;
};

/**
 * struct rdmaapi_seg - one guest buffer of a chain
 * @addr: guest address
 * @len: length in bytes, never 0
 */
struct rdmaapi_seg {
	u64 addr;
	u32 len;
};

/**
 * struct rdmaapi_chain - a popped descriptor chain
 * @head: head descriptor index, returned to the used ring
 * @nout: device-readable segments, first in @seg
 * @nin: device-writable segments, after the readable ones
 * @out_len: total device-readable bytes
 * @in_len: total device-writable bytes
 * @seg: the segments
 */
struct rdmaapi_chain {
	u16 head;
	u16 nout;
	u16 nin;
	u32 out_len;
	u32 in_len;
	struct rdmaapi_seg seg[RDMAAPI_CHAIN_MAX_SEGS];
};

void rdmaapi_vq_reset(struct rdmaapi_vq *vq, struct rdmaapi_mem *mem);
int rdmaapi_vq_pop(struct rdmaapi_vq *vq, struct rdmaapi_chain *chain);
int rdmaapi_vq_push(struct rdmaapi_vq *vq, u16 head, u32 written);
bool rdmaapi_vq_need_notify(struct rdmaapi_vq *vq);
int rdmaapi_vq_enable_notify(struct rdmaapi_vq *vq);
int rdmaapi_chain_read(struct rdmaapi_vq *vq, const struct rdmaapi_chain *c,
		       u32 off, void *dst, u32 len);
int rdmaapi_chain_write(struct rdmaapi_vq *vq, const struct rdmaapi_chain *c,
			u32 off, const void *src, u32 len);

#endif /* _RDMAAPI_VQ_H */
