/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The verbs personality's objects. Each wraps one host ib_core object and
 * holds counted references (rdmaapi_obj.users) on the objects it uses.
 */
#ifndef _RDMAAPI_VERBS_H
#define _RDMAAPI_VERBS_H

#include <linux/scatterlist.h>
#include <rdma/ib_cache.h>
#include <rdma/ib_verbs.h>
#include "dev.h"

/* Object kinds: counter index and teardown rank (higher goes first). */
enum {
	VERBS_OBJ_PD,
	VERBS_OBJ_CQ,
	VERBS_OBJ_SRQ,
	VERBS_OBJ_MR,
	VERBS_OBJ_AH,
	VERBS_OBJ_QP,
};

extern const struct rdmaapi_obj_type verbs_pd_type;
extern const struct rdmaapi_obj_type verbs_cq_type;
extern const struct rdmaapi_obj_type verbs_srq_type;
extern const struct rdmaapi_obj_type verbs_mr_type;
extern const struct rdmaapi_obj_type verbs_ah_type;
extern const struct rdmaapi_obj_type verbs_qp_type;

/**
 * struct verbs_pd - protection domain
 * @obj: handle
 * @pd: host PD
 * @reg_cq: CQ of @reg_qp
 * @reg_qp: RC QP connected to itself, in RTS, on which memory
 *	registrations of this PD are posted (created on first use)
 * @poison: an MR never registered: its key stands in for any key the
 *	guest may not use, so the device fails that WR as it would natively
 */
struct verbs_pd {
	struct rdmaapi_obj obj;
	struct ib_pd *pd;
	struct ib_cq *reg_cq;
	struct ib_qp *reg_qp;
	struct ib_mr *poison;
};

/* Bytes of a context's scratch for posting: a short list fits. */
#define VERBS_POST_SCRATCH	4096

/**
 * struct verbs_ctx - the verbs personality's state of one context
 * @lkeys: local key -> struct verbs_mr of the context's registered MRs
 * @wc: scratch for polling (handlers run on one worker per device)
 * @post_scratch: scratch for the work requests and SGEs of a post, so
 *	that the usual short list allocates nothing
 */
struct verbs_ctx {
	struct xarray lkeys;
	struct ib_wc wc[VIRTIO_RDMAAPI_POLL_MAX];
	u64 post_scratch[VERBS_POST_SCRATCH / sizeof(u64)];
};

/**
 * struct verbs_cq - completion queue
 * @obj: handle
 * @cq: host CQ
 * @dev: device, for events
 * @ctx_handle: owning context's handle, for events
 * @cookie: the guest's, echoed in events
 * @events: the guest asked for completion events
 * @queue_kib: charged to the device's queue budget
 */
struct verbs_cq {
	struct rdmaapi_obj obj;
	struct ib_cq *cq;
	struct rdmaapi_dev *dev;
	u32 ctx_handle;
	u64 cookie;
	bool events;
	u64 queue_kib;
};

/**
 * struct verbs_srq - shared receive queue
 * @obj: handle
 * @srq: host SRQ
 * @pd: its PD
 * @dev: device, for events
 * @ctx_handle: owning context's handle, for events
 * @cookie: the guest's, echoed in events
 * @max_sge: as created, for the charge of a resize
 * @queue_kib: charged to the device's queue budget
 */
struct verbs_srq {
	struct rdmaapi_obj obj;
	struct ib_srq *srq;
	struct verbs_pd *pd;
	struct rdmaapi_dev *dev;
	u32 ctx_handle;
	u64 cookie;
	u32 max_sge;
	u64 queue_kib;
};

/**
 * struct verbs_qp - queue pair
 * @obj: handle
 * @qp: host QP
 * @pd: its PD
 * @scq: send CQ
 * @rcq: receive CQ
 * @srq: SRQ or NULL
 * @dev: device, for events
 * @ctx_handle: owning context's handle, for events
 * @cookie: the guest's, echoed in events
 * @init_cap: capacities as created
 * @sq_sig_all: as created
 * @queue_kib: charged to the device's queue budget
 */
struct verbs_qp {
	struct rdmaapi_obj obj;
	struct ib_qp *qp;
	struct verbs_pd *pd;
	struct verbs_cq *scq;
	struct verbs_cq *rcq;
	struct verbs_srq *srq;
	struct rdmaapi_dev *dev;
	u32 ctx_handle;
	u64 cookie;
	struct ib_qp_cap init_cap;
	bool sq_sig_all;
	u64 queue_kib;
};

/**
 * struct verbs_ah - address handle
 * @obj: handle
 * @ah: host AH
 * @pd: its PD
 */
struct verbs_ah {
	struct rdmaapi_obj obj;
	struct ib_ah *ah;
	struct verbs_pd *pd;
};

/**
 * struct verbs_mr - memory region over guest pages
 * @obj: handle
 * @pd: its PD
 * @mr: host fast-registration MR, once registered
 * @pages: host pages backing the region, each with a reference we hold
 * @npages: pages of the region
 * @filled: pages translated so far
 * @sgt: @pages as a scatterlist, DMA-mapped for the RDMA device
 * @mapped: @sgt is DMA-mapped
 * @iova: address the region answers to
 * @length: bytes
 * @offset: offset of @iova in the first page
 * @access: IB_ACCESS_* flags
 */
struct verbs_mr {
	struct rdmaapi_obj obj;
	struct verbs_pd *pd;
	struct ib_mr *mr;
	struct page **pages;
	u32 npages;
	u32 filled;
	struct sg_table sgt;
	bool mapped;
	u64 iova;
	u64 length;
	u32 offset;
	u32 access;
};

static inline struct rdmaapi_dev *verbs_dev(struct rdmaapi_ctx *ctx)
{
	return ctx->core->owner;
}

static inline struct verbs_ctx *verbs_ctx(struct rdmaapi_ctx *ctx)
{
	return ctx->priv[VIRTIO_RDMAAPI_API_VERBS];
}

int verbs_port(struct ib_device *ibdev, u32 port);
void verbs_obj_use(struct rdmaapi_obj *obj);
void verbs_obj_unuse(struct rdmaapi_obj *obj);
/*
 * Bytes of a queue entry, for verbs_queue_kib(): rxe's send WQE is about
 * 200 bytes before its scatter/gather list (16 bytes an element) or
 * inline data, a receive WQE 40, a CQE 72, each rounded up to a power of
 * two; a hardware CQE is 64 bytes (mlx5).
 */
#define VERBS_SEND_ENTRY(sges, inl) (256 + max_t(u64, (u64)(sges) * 16, (inl)))
#define VERBS_RECV_ENTRY(sges)	(32 + (u64)(sges) * 16)
#define VERBS_CQ_ENTRY		64
u64 verbs_queue_kib(u32 depth, u64 entry);
int verbs_queue_charge(struct rdmaapi_ctx *ctx, u64 kib);
void verbs_queue_uncharge(struct rdmaapi_ctx *ctx, u64 kib);
int verbs_ah_attr_from_wire(struct ib_device *ibdev,
			    const struct virtio_rdmaapi_ah_attr *w,
			    struct rdma_ah_attr *a);
void verbs_ah_attr_to_wire(const struct rdma_ah_attr *a,
			   struct virtio_rdmaapi_ah_attr *w);
void verbs_async_event(struct rdmaapi_dev *dev, u32 ctx_handle, u32 handle,
		       u64 cookie, enum ib_event_type event);
void verbs_port_event(struct rdmaapi_dev *dev, const struct ib_event *e);

/* Operations, by file. */
int verbs_alloc_pd(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		   void *resp);
int verbs_dealloc_pd(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp);
int verbs_create_ah(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp);
int verbs_destroy_ah(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp);
int verbs_create_cq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp);
int verbs_destroy_cq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp);
int verbs_req_notify_cq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			void *resp);
int verbs_create_qp(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp);
int verbs_modify_qp(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp);
int verbs_query_qp(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		   void *resp);
int verbs_destroy_qp(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp);
int verbs_create_srq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp);
int verbs_modify_srq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp);
int verbs_query_srq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp);
int verbs_destroy_srq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		      void *resp);
int verbs_post_send(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp);
int verbs_post_recv(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp);
int verbs_post_srq_recv(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			void *resp);
int verbs_poll_cq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		  void *resp);
struct verbs_qp *verbs_qp_get(struct rdmaapi_ctx *ctx, __le32 handle);
struct verbs_srq *verbs_srq_get(struct rdmaapi_ctx *ctx, __le32 handle);
int verbs_reg_mr(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		 void *resp);
int verbs_dereg_mr(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		   void *resp);

#endif /* _RDMAAPI_VERBS_H */
