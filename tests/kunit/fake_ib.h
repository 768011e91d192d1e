/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake of the host's ib_core and of one RDMA device, for the KUnit
 * suites of the verbs personality only (UML cannot build ib_core: no
 * HAS_DMA). It models what the decoders rely on and no more: objects are
 * allocated and freed, every call is recorded, a REG_MR work request
 * completes at once, and a CQ returns what a test queued on it. It checks
 * nothing that ib_core or a driver would check, so that a request reaching
 * it is visible as such.
 */
#ifndef _RDMAAPI_FAKE_IB_H
#define _RDMAAPI_FAKE_IB_H

#include <rdma/ib_cache.h>
#include <rdma/ib_verbs.h>
#include <linux/virtio_rdmaapi.h>

/* The fake device's limits (struct ib_device_attr and friends). */
#define FAKE_MAX_CQE		256
#define FAKE_COMP_VECTORS	2
#define FAKE_MAX_QP_WR		128
#define FAKE_MAX_SEND_SGE	4
#define FAKE_MAX_RECV_SGE	3
#define FAKE_MAX_SRQ_WR		64
#define FAKE_MAX_SRQ_SGE	2
#define FAKE_MAX_MR_SIZE	(1ULL << 20)
#define FAKE_PORTS		1
/* GID table of port 1: entries 0 (RoCE v1), 1 (RoCE v2), 3; 2 is empty. */
#define FAKE_GID_TBL_LEN	4
#define FAKE_GID_EMPTY		2
#define FAKE_PKEY_TBL_LEN	2

/* Work requests and SGEs the fake records per post. */
#define FAKE_WR_MAX		8
#define FAKE_INLINE_MAX		64
/* Completions a fake CQ holds. */
#define FAKE_CQ_DEPTH		40

/* A send work request as the device read it. */
struct fake_send {
	struct ib_qp *qp;
	u64 wr_id;
	enum ib_wr_opcode opcode;
	int send_flags;
	int num_sge;
	struct ib_sge sge[FAKE_MAX_SEND_SGE];
	u8 inline_data[FAKE_INLINE_MAX];
	u64 remote_addr;
	u32 rkey;
	u64 compare_add;
	u64 swap;
	struct ib_ah *ah;
	u32 remote_qpn;
	u32 remote_qkey;
};

/* A receive work request as the device read it. */
struct fake_recv {
	u64 wr_id;
	int num_sge;
	struct ib_sge sge[FAKE_MAX_RECV_SGE];
};

/**
 * struct fake_ib_seen - what reached the fake; zeroed by fake_ib_new()
 * @calls: every entry point of the fake (ib_core function or device op)
 * @live: objects the fake allocated and nobody destroyed yet
 * @gid_refs: GID attributes handed out and not put back
 * The other fields count one entry point each, or hold the arguments of
 * its last call.
 */
struct fake_ib_seen {
	int calls;
	int live;
	int gid_refs;
	int alloc_pd, dealloc_pd;
	int create_cq, destroy_cq;
	struct ib_cq_init_attr cq_attr;
	int create_qp, destroy_qp;
	struct ib_qp_init_attr qp_attr;
	int modify_qp;
	struct ib_qp *modify_qp_qp;
	struct ib_qp_attr modify_attr;
	int modify_mask;
	int query_qp;
	int query_qp_mask;
	int create_srq, modify_srq, query_srq, destroy_srq;
	struct ib_srq_attr srq_attr;
	int srq_mask;
	int create_ah, destroy_ah;
	struct rdma_ah_attr ah_attr;
	int resolve_ip;
	int alloc_mr, dereg_mr, map_mr_sg, map_sg;
	int map_mr_sg_nents;
	u64 map_mr_sg_len;
	int reg_mr_wr;
	int reg_mr_access;
	int post_send;
	int nsend;
	struct fake_send send[FAKE_WR_MAX];
	int post_recv, post_srq_recv;
	int nrecv;
	struct fake_recv recv[FAKE_WR_MAX];
	int poll_cq;
	int poll_num;
	int req_notify_cq;
	enum ib_cq_notify_flags notify_flags;
	int events;
	struct virtio_rdmaapi_event last_event;
};

/**
 * struct fake_ib - the fake RDMA device and what reached it
 * @dev: what the code under test sees
 * @port_data: @dev.port_data, indexed by port number
 * @seen: the record
 * @fail_post_at: the device refuses the guest work request of this index
 *	in a post (with -ENOMEM, bad_wr pointing at it); -1 for none
 */
struct fake_ib {
	struct ib_device dev;
	struct ib_port_data port_data[FAKE_PORTS + 1];
	struct fake_ib_seen seen;
	int fail_post_at;
};

extern struct fake_ib *fake_ib;

struct fake_ib *fake_ib_new(bool roce);
void fake_ib_free(struct fake_ib *ib);
void fake_ib_push_wc(struct ib_cq *cq, const struct ib_wc *wc);

struct kunit;
struct rdmaapi_core;
int fake_ib_call(struct kunit *test, struct rdmaapi_core *core, u16 api,
		 u16 opcode, u32 ctx, const void *req, u32 len, u32 room,
		 u8 *resp, u32 *resp_len);

#endif /* _RDMAAPI_FAKE_IB_H */
