// SPDX-License-Identifier: GPL-2.0-only
/*
 * The data path: posting work requests and polling completions.
 *
 * A whole list of work requests is one request from the guest. Every
 * scatter/gather entry names a local key; only keys of the posting
 * context's own registered MRs reach the device. Any other key (another
 * guest's, the PD's DMA key, garbage) is replaced by the key of an MR that
 * was never registered, so the device fails that work request with the
 * local protection error a native device reports, and nothing else. The
 * addresses are the guest program's own (the MRs' iova): no translation
 * and no copy happens here, except for inline data, which is counted.
 */
#include <linux/overflow.h>
#include "verbs.h"

#define VERBS_SEND_OPCODE_MAX	IB_WR_ATOMIC_FETCH_AND_ADD
#define VERBS_SEND_FLAGS	(IB_SEND_FENCE | IB_SEND_SIGNALED | \
				 IB_SEND_SOLICITED | IB_SEND_INLINE)

/* Room for any kind of send work request. */
union verbs_send_wr {
	struct ib_send_wr wr;
	struct ib_rdma_wr rdma;
	struct ib_atomic_wr atomic;
	struct ib_ud_wr ud;
};

/* The key of @pd's never-registered MR, allocated on first need. */
static int verbs_poison_lkey(struct verbs_pd *pd, u32 *lkey)
{
	if (!pd->poison) {
		struct ib_mr *mr = ib_alloc_mr(pd->pd, IB_MR_TYPE_MEM_REG, 1);

		if (IS_ERR(mr))
			return PTR_ERR(mr);
		pd->poison = mr;
	}
	*lkey = pd->poison->lkey;
	return 0;
}

static int verbs_sges(struct rdmaapi_ctx *ctx, struct verbs_pd *pd,
		      const struct virtio_rdmaapi_sge *w, u32 n,
		      struct ib_sge *sge)
{
	struct verbs_mr *mr;
	u32 i, lkey;
	int ret;

	for (i = 0; i < n; i++) {
		lkey = le32_to_cpu(w[i].lkey);
		mr = xa_load(&verbs_ctx(ctx)->lkeys, lkey);
		if (!mr || mr->pd != pd) {
			ret = verbs_poison_lkey(pd, &lkey);
			if (ret)
				return ret;
		}
		sge[i].addr = le64_to_cpu(w[i].addr);
		sge[i].length = le32_to_cpu(w[i].length);
		sge[i].lkey = lkey;
	}
	return 0;
}

/*
 * Size of the work request at @p (header, SGEs, inline data) within the
 * @left bytes of the request, or 0 if it does not fit.
 */
static size_t verbs_send_wr_size(const struct virtio_rdmaapi_send_wr *w,
				 size_t left)
{
	size_t size;

	if (left < sizeof(*w))
		return 0;
	size = sizeof(*w) + (size_t)le32_to_cpu(w->num_sge) *
		sizeof(struct virtio_rdmaapi_sge) +
		ALIGN((size_t)le32_to_cpu(w->inline_len), 8);
	return size <= left ? size : 0;
}

static int verbs_send_wr(struct rdmaapi_ctx *ctx, struct verbs_qp *qp,
			 const struct virtio_rdmaapi_send_wr *w,
			 union verbs_send_wr *u, struct ib_sge *sge)
{
	u32 opcode = le32_to_cpu(w->opcode), flags = le32_to_cpu(w->send_flags);
	u32 nsge = le32_to_cpu(w->num_sge), inl = le32_to_cpu(w->inline_len);
	struct ib_send_wr *wr = &u->wr;
	struct rdmaapi_obj *ah;
	int ret;

	/*
	 * An inline send carries its data in the request, never in SGEs:
	 * the device copies inline data from the SGEs' addresses as kernel
	 * pointers, and a guest's SGE addresses must never be used so.
	 */
	if (opcode > VERBS_SEND_OPCODE_MAX || flags & ~VERBS_SEND_FLAGS ||
	    nsge > qp->init_cap.max_send_sge || w->reserved ||
	    (flags & IB_SEND_INLINE && nsge) ||
	    (inl && (!(flags & IB_SEND_INLINE) ||
		     inl > qp->init_cap.max_inline_data)))
		return -EINVAL;
	memset(u, 0, sizeof(*u));
	wr->wr_id = le64_to_cpu(w->wr_id);
	wr->opcode = opcode;
	wr->send_flags = flags;
	wr->ex.imm_data = w->imm_data;
	wr->sg_list = sge;
	if (inl) {
		/* The device copies inline data when it is posted. */
		sge->addr = (uintptr_t)(w + 1);
		sge->length = inl;
		wr->num_sge = 1;
		atomic64_add(inl, &qp->dev->copied_bytes);
	} else {
		ret = verbs_sges(ctx, qp->pd, (const void *)(w + 1), nsge, sge);
		if (ret)
			return ret;
		wr->num_sge = nsge;
	}
	switch (opcode) {
	case IB_WR_RDMA_WRITE:
	case IB_WR_RDMA_WRITE_WITH_IMM:
	case IB_WR_RDMA_READ:
		u->rdma.remote_addr = le64_to_cpu(w->remote_addr);
		u->rdma.rkey = le32_to_cpu(w->rkey);
		break;
	case IB_WR_ATOMIC_CMP_AND_SWP:
	case IB_WR_ATOMIC_FETCH_AND_ADD:
		u->atomic.remote_addr = le64_to_cpu(w->remote_addr);
		u->atomic.compare_add = le64_to_cpu(w->compare_add);
		u->atomic.swap = le64_to_cpu(w->swap);
		u->atomic.rkey = le32_to_cpu(w->rkey);
		break;
	}
	if (qp->qp->qp_type == IB_QPT_UD) {
		ah = rdmaapi_obj_get(ctx, w->ah, &verbs_ah_type);
		if (!ah)
			return -EINVAL;
		u->ud.ah = container_of(ah, struct verbs_ah, obj)->ah;
		u->ud.remote_qpn = le32_to_cpu(w->remote_qpn);
		u->ud.remote_qkey = le32_to_cpu(w->remote_qkey);
	}
	return 0;
}

/* Index of @bad in @wrs (the kernel's bad_wr), or @n if none. */
static u32 verbs_bad_index(const void *wrs, size_t stride,
			   const void *bad, u32 n)
{
	return bad ? (u32)(((const char *)bad - (const char *)wrs) / stride) : n;
}

/*
 * Arrays of @asize and @bsize bytes, zeroed, for one post: in the
 * context's scratch when both fit (handlers of a device run one at a
 * time), else allocated.
 */
static int verbs_post_arrays(struct rdmaapi_ctx *ctx, size_t asize, void **a,
			     size_t bsize, void **b)
{
	u8 *scratch = (u8 *)verbs_ctx(ctx)->post_scratch;
	size_t total;

	asize = ALIGN(asize, sizeof(u64));
	if (!check_add_overflow(asize, bsize, &total) &&
	    total <= VERBS_POST_SCRATCH) {
		memset(scratch, 0, total);
		*a = scratch;
		*b = scratch + asize;
		return 0;
	}
	*a = kvzalloc(asize, GFP_KERNEL);
	*b = kvzalloc(bsize, GFP_KERNEL);
	if (*a && (*b || !bsize))
		return 0;
	kvfree(*a);
	kvfree(*b);
	*a = NULL;
	*b = NULL;
	return -ENOMEM;
}

static void verbs_post_arrays_free(struct rdmaapi_ctx *ctx, void *a, void *b)
{
	if (a == (void *)verbs_ctx(ctx)->post_scratch)
		return;
	kvfree(a);
	kvfree(b);
}

/**
 * verbs_post_send() - VERBS_POST_SEND
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_post_req and the work requests
 * @len: request length
 * @resp: struct virtio_rdmaapi_post_resp
 *
 * Return: 0 with the outcome in @resp, or -EINVAL for a malformed list.
 */
int verbs_post_send(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp)
{
	const struct virtio_rdmaapi_post_req *q = req;
	struct virtio_rdmaapi_post_resp *r = resp;
	struct verbs_qp *qp = verbs_qp_get(ctx, q->handle);
	u32 n = le32_to_cpu(q->num_wr), i, built = 0;
	const struct ib_send_wr *bad = NULL;
	union verbs_send_wr *wrs = NULL;
	struct ib_sge *sges = NULL;
	size_t off, size;
	int ret = 0;

	if (!qp || !n)
		return -EINVAL;
	/* Check that the list adds up before anything is posted. */
	for (i = 0, off = sizeof(*q); i < n; i++, off += size) {
		size = verbs_send_wr_size(req + off, len - off);
		if (!size)
			return -EINVAL;
	}
	if (off != len)
		return -EINVAL;
	ret = verbs_post_arrays(ctx, array_size(n, sizeof(*wrs)), (void **)&wrs,
				array3_size(n, qp->init_cap.max_send_sge + 1,
					    sizeof(*sges)), (void **)&sges);
	if (ret)
		goto out;
	for (off = sizeof(*q); built < n; built++, off += size) {
		const struct virtio_rdmaapi_send_wr *w = req + off;

		size = verbs_send_wr_size(w, len - off);
		ret = verbs_send_wr(ctx, qp, w, &wrs[built],
				    sges + built * (qp->init_cap.max_send_sge + 1));
		if (ret)
			break;
		if (built)
			wrs[built - 1].wr.next = &wrs[built].wr;
	}
	if (built) {
		int err = ib_post_send(qp->qp, &wrs[0].wr, &bad);

		if (err) {
			built = verbs_bad_index(wrs, sizeof(*wrs), bad, built);
			ret = err;
		}
	}
out:
	r->posted = cpu_to_le32(built);
	r->error = cpu_to_le32(ret);
	if (wrs)
		verbs_post_arrays_free(ctx, wrs, sges);
	return 0;
}

/* Parse and post a list of receive work requests on a QP or an SRQ. */
static int verbs_post_recv_list(struct rdmaapi_ctx *ctx, struct verbs_pd *pd,
				u32 max_sge, struct ib_qp *qp,
				struct ib_srq *srq, const void *req, u32 len,
				struct virtio_rdmaapi_post_resp *r)
{
	const struct virtio_rdmaapi_post_req *q = req;
	u32 n = le32_to_cpu(q->num_wr), i, built = 0, nsge;
	const struct ib_recv_wr *bad = NULL;
	const struct virtio_rdmaapi_recv_wr *w;
	struct ib_recv_wr *wrs = NULL;
	struct ib_sge *sges = NULL;
	size_t off, size;
	int ret = 0;

	if (!n)
		return -EINVAL;
	for (i = 0, off = sizeof(*q); i < n; i++, off += size) {
		w = req + off;
		if (len - off < sizeof(*w))
			return -EINVAL;
		size = sizeof(*w) + (size_t)le32_to_cpu(w->num_sge) *
			sizeof(struct virtio_rdmaapi_sge);
		if (size > len - off)
			return -EINVAL;
	}
	if (off != len)
		return -EINVAL;
	ret = verbs_post_arrays(ctx, array_size(n, sizeof(*wrs)), (void **)&wrs,
				array3_size(n, max_sge, sizeof(*sges)),
				(void **)&sges);
	if (ret)
		goto out;
	for (off = sizeof(*q); built < n; built++, off += size) {
		w = req + off;
		nsge = le32_to_cpu(w->num_sge);
		size = sizeof(*w) + nsge * sizeof(struct virtio_rdmaapi_sge);
		if (nsge > max_sge || w->reserved) {
			ret = -EINVAL;
			break;
		}
		ret = verbs_sges(ctx, pd, (const void *)(w + 1), nsge,
				 sges + built * max_sge);
		if (ret)
			break;
		wrs[built].wr_id = le64_to_cpu(w->wr_id);
		wrs[built].sg_list = sges + built * max_sge;
		wrs[built].num_sge = nsge;
		if (built)
			wrs[built - 1].next = &wrs[built];
	}
	if (built) {
		int err = qp ? ib_post_recv(qp, wrs, &bad) :
			       ib_post_srq_recv(srq, wrs, &bad);

		if (err) {
			built = verbs_bad_index(wrs, sizeof(*wrs), bad, built);
			ret = err;
		}
	}
out:
	r->posted = cpu_to_le32(built);
	r->error = cpu_to_le32(ret);
	if (wrs)
		verbs_post_arrays_free(ctx, wrs, sges);
	return 0;
}

/**
 * verbs_post_recv() - VERBS_POST_RECV
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_post_req and the work requests
 * @len: request length
 * @resp: struct virtio_rdmaapi_post_resp
 *
 * Return: 0 with the outcome in @resp, or -EINVAL for a malformed list.
 */
int verbs_post_recv(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp)
{
	const struct virtio_rdmaapi_post_req *q = req;
	struct verbs_qp *qp = verbs_qp_get(ctx, q->handle);

	if (!qp || qp->srq)
		return -EINVAL;
	return verbs_post_recv_list(ctx, qp->pd, qp->init_cap.max_recv_sge,
				    qp->qp, NULL, req, len, resp);
}

/**
 * verbs_post_srq_recv() - VERBS_POST_SRQ_RECV
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_post_req and the work requests
 * @len: request length
 * @resp: struct virtio_rdmaapi_post_resp
 *
 * Return: 0 with the outcome in @resp, or -EINVAL for a malformed list.
 */
int verbs_post_srq_recv(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			void *resp)
{
	const struct virtio_rdmaapi_post_req *q = req;
	struct verbs_srq *srq = verbs_srq_get(ctx, q->handle);
	struct ib_srq_attr attr = {};

	if (!srq || ib_query_srq(srq->srq, &attr))
		return -EINVAL;
	return verbs_post_recv_list(ctx, srq->pd, attr.max_sge, NULL,
				    srq->srq, req, len, resp);
}

/* Kernel and libibverbs disagree on these two completion flags. */
static u32 verbs_wc_flags(int flags)
{
	return (flags & IB_WC_GRH ? 1 : 0) | (flags & IB_WC_WITH_IMM ? 2 : 0) |
	       (flags & IB_WC_IP_CSUM_OK ? 4 : 0) |
	       (flags & IB_WC_WITH_INVALIDATE ? 8 : 0);
}

/**
 * verbs_poll_cq() - VERBS_POLL_CQ
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_poll_cq_req
 * @len: request length
 * @resp: struct virtio_rdmaapi_poll_cq_resp
 *
 * Return: 0 or -errno.
 */
int verbs_poll_cq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		  void *resp)
{
	const struct virtio_rdmaapi_poll_cq_req *q = req;
	struct virtio_rdmaapi_poll_cq_resp *r = resp;
	struct ib_wc *wc = verbs_ctx(ctx)->wc;
	u32 max = le32_to_cpu(q->max);
	struct rdmaapi_obj *obj;
	struct verbs_cq *cq;
	int n, i;

	obj = rdmaapi_obj_get(ctx, q->cq, &verbs_cq_type);
	if (!obj || !max || max > VIRTIO_RDMAAPI_POLL_MAX)
		return -EINVAL;
	cq = container_of(obj, struct verbs_cq, obj);
	n = ib_poll_cq(cq->cq, max, wc);
	if (n < 0)
		return n;
	r->count = cpu_to_le32(n);
	for (i = 0; i < n; i++) {
		struct virtio_rdmaapi_wc *w = &r->wc[i];

		w->wr_id = cpu_to_le64(wc[i].wr_id);
		w->status = cpu_to_le32(wc[i].status);
		w->opcode = cpu_to_le32(wc[i].opcode);
		w->vendor_err = cpu_to_le32(wc[i].vendor_err);
		w->byte_len = cpu_to_le32(wc[i].byte_len);
		w->imm_data = wc[i].ex.imm_data;
		w->qp_num = cpu_to_le32(wc[i].qp ? wc[i].qp->qp_num : 0);
		w->src_qp = cpu_to_le32(wc[i].src_qp);
		w->wc_flags = cpu_to_le32(verbs_wc_flags(wc[i].wc_flags));
		w->pkey_index = cpu_to_le16(wc[i].pkey_index);
		w->slid = cpu_to_le16(wc[i].slid);
		w->sl = wc[i].sl;
		w->dlid_path_bits = wc[i].dlid_path_bits;
	}
	return 0;
}
