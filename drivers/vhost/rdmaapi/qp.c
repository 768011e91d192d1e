// SPDX-License-Identifier: GPL-2.0-only
/*
 * Queue pairs and shared receive queues. The host objects are kernel
 * verbs objects: the worker posts to them on the guest's behalf, so no
 * host userspace is involved, and ib_core checks every state transition.
 */
#include "verbs.h"

/* Attribute mask bits a guest may use (IBV_QP_* == IB_QP_*). */
#define VERBS_QP_ATTR_MASK	(IB_QP_DEST_QPN * 2 - 1)

static void verbs_qp_event(struct ib_event *e, void *data)
{
	struct verbs_qp *qp = data;

	verbs_async_event(qp->dev, qp->ctx_handle, qp->obj.handle, qp->cookie,
			  e->event);
}

static void verbs_qp_destroy(struct rdmaapi_obj *obj)
{
	struct verbs_qp *qp = container_of(obj, struct verbs_qp, obj);

	ib_destroy_qp(qp->qp);
	verbs_queue_uncharge(obj->ctx, qp->queue_kib);
	verbs_obj_unuse(&qp->pd->obj);
	verbs_obj_unuse(&qp->scq->obj);
	verbs_obj_unuse(&qp->rcq->obj);
	verbs_obj_unuse(qp->srq ? &qp->srq->obj : NULL);
	kfree(qp);
}

const struct rdmaapi_obj_type verbs_qp_type = {
	.name = "qp",
	.id = VERBS_OBJ_QP,
	.rank = VERBS_OBJ_QP,
	.destroy = verbs_qp_destroy,
};

static void cap_from_wire(const struct virtio_rdmaapi_qp_cap *w,
			  struct ib_qp_cap *c)
{
	c->max_send_wr = le32_to_cpu(w->max_send_wr);
	c->max_recv_wr = le32_to_cpu(w->max_recv_wr);
	c->max_send_sge = le32_to_cpu(w->max_send_sge);
	c->max_recv_sge = le32_to_cpu(w->max_recv_sge);
	c->max_inline_data = le32_to_cpu(w->max_inline_data);
}

static void cap_to_wire(const struct ib_qp_cap *c,
			struct virtio_rdmaapi_qp_cap *w)
{
	w->max_send_wr = cpu_to_le32(c->max_send_wr);
	w->max_recv_wr = cpu_to_le32(c->max_recv_wr);
	w->max_send_sge = cpu_to_le32(c->max_send_sge);
	w->max_recv_sge = cpu_to_le32(c->max_recv_sge);
	w->max_inline_data = cpu_to_le32(c->max_inline_data);
	w->reserved = 0;
}

static int cap_check(const struct ib_device_attr *a, const struct ib_qp_cap *c)
{
	if (c->max_send_wr > a->max_qp_wr || c->max_recv_wr > a->max_qp_wr ||
	    c->max_send_sge > a->max_send_sge ||
	    c->max_recv_sge > a->max_recv_sge)
		return -EINVAL;
	return 0;
}

/* Resolve the handles of a CREATE_QP request into @qp's references. */
static int qp_lookup(struct rdmaapi_ctx *ctx,
		     const struct virtio_rdmaapi_create_qp_req *q,
		     struct verbs_qp *qp)
{
	struct rdmaapi_obj *pd, *scq, *rcq, *srq = NULL;

	pd = rdmaapi_obj_get(ctx, q->pd, &verbs_pd_type);
	scq = rdmaapi_obj_get(ctx, q->send_cq, &verbs_cq_type);
	rcq = rdmaapi_obj_get(ctx, q->recv_cq, &verbs_cq_type);
	if (q->srq) {
		srq = rdmaapi_obj_get(ctx, q->srq, &verbs_srq_type);
		if (!srq)
			return -EINVAL;
	}
	if (!pd || !scq || !rcq)
		return -EINVAL;
	qp->pd = container_of(pd, struct verbs_pd, obj);
	qp->scq = container_of(scq, struct verbs_cq, obj);
	qp->rcq = container_of(rcq, struct verbs_cq, obj);
	qp->srq = srq ? container_of(srq, struct verbs_srq, obj) : NULL;
	return 0;
}

/**
 * verbs_create_qp() - VERBS_CREATE_QP
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_create_qp_req
 * @len: request length
 * @resp: struct virtio_rdmaapi_create_qp_resp
 *
 * Return: 0 or -errno.
 */
int verbs_create_qp(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp)
{
	const struct virtio_rdmaapi_create_qp_req *q = req;
	struct virtio_rdmaapi_create_qp_resp *r = resp;
	struct rdmaapi_dev *dev = verbs_dev(ctx);
	struct ib_qp_init_attr ia = {};
	u32 type = le32_to_cpu(q->qp_type);
	struct verbs_qp *qp;
	int ret;

	if (type != VIRTIO_RDMAAPI_QPT_RC && type != VIRTIO_RDMAAPI_QPT_UD)
		return -EINVAL;
	cap_from_wire(&q->cap, &ia.cap);
	ret = cap_check(&dev->ibdev->attrs, &ia.cap);
	if (ret)
		return ret;
	qp = kzalloc(sizeof(*qp), GFP_KERNEL);
	if (!qp)
		return -ENOMEM;
	ret = qp_lookup(ctx, q, qp);
	if (ret)
		goto err_free;
	ret = rdmaapi_obj_add(ctx, &qp->obj, &verbs_qp_type);
	if (ret)
		goto err_free;
	qp->queue_kib =
		verbs_queue_kib(ia.cap.max_send_wr,
				VERBS_SEND_ENTRY(ia.cap.max_send_sge,
						 ia.cap.max_inline_data)) +
		verbs_queue_kib(ia.cap.max_recv_wr,
				VERBS_RECV_ENTRY(ia.cap.max_recv_sge));
	ret = verbs_queue_charge(ctx, qp->queue_kib);
	if (ret)
		goto err_remove;
	qp->dev = dev;
	qp->ctx_handle = ctx->handle;
	qp->cookie = le64_to_cpu(q->cookie);
	qp->sq_sig_all = !!q->sq_sig_all;

	ia.event_handler = verbs_qp_event;
	ia.qp_context = qp;
	ia.send_cq = qp->scq->cq;
	ia.recv_cq = qp->rcq->cq;
	ia.srq = qp->srq ? qp->srq->srq : NULL;
	ia.sq_sig_type = qp->sq_sig_all ? IB_SIGNAL_ALL_WR : IB_SIGNAL_REQ_WR;
	ia.qp_type = type == VIRTIO_RDMAAPI_QPT_RC ? IB_QPT_RC : IB_QPT_UD;
	qp->qp = ib_create_qp(qp->pd->pd, &ia);
	if (IS_ERR(qp->qp)) {
		ret = PTR_ERR(qp->qp);
		goto err_uncharge;
	}
	/* What the device gave, which can be more than asked (rxe). */
	qp->init_cap = ia.cap;
	verbs_obj_use(&qp->pd->obj);
	verbs_obj_use(&qp->scq->obj);
	verbs_obj_use(&qp->rcq->obj);
	if (qp->srq)
		verbs_obj_use(&qp->srq->obj);
	r->qp = cpu_to_le32(qp->obj.handle);
	r->qp_num = cpu_to_le32(qp->qp->qp_num);
	cap_to_wire(&ia.cap, &r->cap);
	return 0;

err_uncharge:
	verbs_queue_uncharge(ctx, qp->queue_kib);
err_remove:
	rdmaapi_obj_remove(&qp->obj);
err_free:
	kfree(qp);
	return ret;
}

static int qp_attr_from_wire(struct ib_device *ibdev, u32 mask,
			     const struct virtio_rdmaapi_qp_attr *w,
			     struct ib_qp_attr *a)
{
	int ret;

	memset(a, 0, sizeof(*a));
	a->qp_state = le32_to_cpu(w->qp_state);
	a->cur_qp_state = le32_to_cpu(w->cur_qp_state);
	a->path_mtu = le32_to_cpu(w->path_mtu);
	a->path_mig_state = le32_to_cpu(w->path_mig_state);
	if (a->qp_state > IB_QPS_ERR || a->cur_qp_state > IB_QPS_ERR ||
	    (mask & IB_QP_PATH_MTU && (a->path_mtu < IB_MTU_256 ||
				       a->path_mtu > IB_MTU_4096)) ||
	    a->path_mig_state > IB_MIG_ARMED)
		return -EINVAL;
	a->qkey = le32_to_cpu(w->qkey);
	a->rq_psn = le32_to_cpu(w->rq_psn);
	a->sq_psn = le32_to_cpu(w->sq_psn);
	a->dest_qp_num = le32_to_cpu(w->dest_qp_num);
	a->qp_access_flags = le32_to_cpu(w->qp_access_flags);
	a->pkey_index = le16_to_cpu(w->pkey_index);
	a->alt_pkey_index = le16_to_cpu(w->alt_pkey_index);
	a->en_sqd_async_notify = w->en_sqd_async_notify;
	a->max_rd_atomic = w->max_rd_atomic;
	a->max_dest_rd_atomic = w->max_dest_rd_atomic;
	a->min_rnr_timer = w->min_rnr_timer;
	a->port_num = w->port_num;
	a->timeout = w->timeout;
	a->retry_cnt = w->retry_cnt;
	a->rnr_retry = w->rnr_retry;
	a->alt_port_num = w->alt_port_num;
	a->alt_timeout = w->alt_timeout;
	cap_from_wire(&w->cap, &a->cap);
	if (mask & IB_QP_PORT && verbs_port(ibdev, a->port_num) < 0)
		return -EINVAL;
	if (mask & IB_QP_AV) {
		ret = verbs_ah_attr_from_wire(ibdev, &w->ah_attr, &a->ah_attr);
		if (ret)
			return ret;
	}
	if (mask & IB_QP_ALT_PATH) {
		ret = verbs_ah_attr_from_wire(ibdev, &w->alt_ah_attr,
					      &a->alt_ah_attr);
		if (ret)
			return ret;
	}
	return 0;
}

static void qp_attr_to_wire(const struct ib_qp_attr *a,
			    struct virtio_rdmaapi_qp_attr *w)
{
	w->qp_state = cpu_to_le32(a->qp_state);
	w->cur_qp_state = cpu_to_le32(a->cur_qp_state);
	w->path_mtu = cpu_to_le32(a->path_mtu);
	w->path_mig_state = cpu_to_le32(a->path_mig_state);
	w->qkey = cpu_to_le32(a->qkey);
	w->rq_psn = cpu_to_le32(a->rq_psn);
	w->sq_psn = cpu_to_le32(a->sq_psn);
	w->dest_qp_num = cpu_to_le32(a->dest_qp_num);
	w->qp_access_flags = cpu_to_le32(a->qp_access_flags);
	w->pkey_index = cpu_to_le16(a->pkey_index);
	w->alt_pkey_index = cpu_to_le16(a->alt_pkey_index);
	w->en_sqd_async_notify = a->en_sqd_async_notify;
	w->sq_draining = a->sq_draining;
	w->max_rd_atomic = a->max_rd_atomic;
	w->max_dest_rd_atomic = a->max_dest_rd_atomic;
	w->min_rnr_timer = a->min_rnr_timer;
	w->port_num = a->port_num;
	w->timeout = a->timeout;
	w->retry_cnt = a->retry_cnt;
	w->rnr_retry = a->rnr_retry;
	w->alt_port_num = a->alt_port_num;
	w->alt_timeout = a->alt_timeout;
	cap_to_wire(&a->cap, &w->cap);
	verbs_ah_attr_to_wire(&a->ah_attr, &w->ah_attr);
	verbs_ah_attr_to_wire(&a->alt_ah_attr, &w->alt_ah_attr);
}

/**
 * verbs_qp_get() - look up a QP handle
 * @ctx: the context
 * @handle: as on the wire
 *
 * Return: the QP or NULL.
 */
struct verbs_qp *verbs_qp_get(struct rdmaapi_ctx *ctx, __le32 handle)
{
	struct rdmaapi_obj *obj = rdmaapi_obj_get(ctx, handle, &verbs_qp_type);

	return obj ? container_of(obj, struct verbs_qp, obj) : NULL;
}

/**
 * verbs_modify_qp() - VERBS_MODIFY_QP
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_modify_qp_req
 * @len: request length
 * @resp: none
 *
 * ib_core checks the transition and the attributes it requires.
 *
 * Return: 0 or -errno.
 */
int verbs_modify_qp(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp)
{
	const struct virtio_rdmaapi_modify_qp_req *q = req;
	u32 mask = le32_to_cpu(q->attr_mask);
	struct verbs_qp *qp = verbs_qp_get(ctx, q->qp);
	struct ib_qp_attr attr;
	int ret;

	if (!qp || !mask || mask & ~VERBS_QP_ATTR_MASK)
		return -EINVAL;
	ret = qp_attr_from_wire(qp->qp->device, mask, &q->attr, &attr);
	if (ret)
		return ret;
	return ib_modify_qp(qp->qp, &attr, mask);
}

/**
 * verbs_query_qp() - VERBS_QUERY_QP
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_query_qp_req
 * @len: request length
 * @resp: struct virtio_rdmaapi_query_qp_resp
 *
 * Return: 0 or -errno.
 */
int verbs_query_qp(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		   void *resp)
{
	const struct virtio_rdmaapi_query_qp_req *q = req;
	struct virtio_rdmaapi_query_qp_resp *r = resp;
	struct verbs_qp *qp = verbs_qp_get(ctx, q->qp);
	struct ib_qp_init_attr ia;
	struct ib_qp_attr attr;
	int ret;

	if (!qp)
		return -EINVAL;
	memset(&attr, 0, sizeof(attr));
	ret = ib_query_qp(qp->qp, &attr,
			  le32_to_cpu(q->attr_mask) & VERBS_QP_ATTR_MASK, &ia);
	if (ret)
		return ret;
	qp_attr_to_wire(&attr, &r->attr);
	cap_to_wire(&qp->init_cap, &r->init_cap);
	r->qp_type = cpu_to_le32(qp->qp->qp_type == IB_QPT_RC ?
				 VIRTIO_RDMAAPI_QPT_RC : VIRTIO_RDMAAPI_QPT_UD);
	r->sq_sig_all = cpu_to_le32(qp->sq_sig_all);
	return 0;
}

/**
 * verbs_destroy_qp() - VERBS_DESTROY_QP
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_handle
 * @len: request length
 * @resp: none
 *
 * Return: 0 or -EINVAL.
 */
int verbs_destroy_qp(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp)
{
	const struct virtio_rdmaapi_handle *q = req;

	return rdmaapi_obj_destroy(ctx, q->handle, &verbs_qp_type);
}

static void verbs_srq_event(struct ib_event *e, void *data)
{
	struct verbs_srq *srq = data;

	verbs_async_event(srq->dev, srq->ctx_handle, srq->obj.handle,
			  srq->cookie, e->event);
}

static void verbs_srq_destroy(struct rdmaapi_obj *obj)
{
	struct verbs_srq *srq = container_of(obj, struct verbs_srq, obj);

	ib_destroy_srq(srq->srq);
	verbs_queue_uncharge(obj->ctx, srq->queue_kib);
	verbs_obj_unuse(&srq->pd->obj);
	kfree(srq);
}

const struct rdmaapi_obj_type verbs_srq_type = {
	.name = "srq",
	.id = VERBS_OBJ_SRQ,
	.rank = VERBS_OBJ_SRQ,
	.destroy = verbs_srq_destroy,
};

static void srq_attr_to_wire(const struct ib_srq_attr *a,
			     struct virtio_rdmaapi_srq_attr *w)
{
	w->max_wr = cpu_to_le32(a->max_wr);
	w->max_sge = cpu_to_le32(a->max_sge);
	w->srq_limit = cpu_to_le32(a->srq_limit);
	w->reserved = 0;
}

/**
 * verbs_create_srq() - VERBS_CREATE_SRQ
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_create_srq_req
 * @len: request length
 * @resp: struct virtio_rdmaapi_create_srq_resp
 *
 * Return: 0 or -errno.
 */
int verbs_create_srq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp)
{
	const struct virtio_rdmaapi_create_srq_req *q = req;
	struct virtio_rdmaapi_create_srq_resp *r = resp;
	struct rdmaapi_dev *dev = verbs_dev(ctx);
	const struct ib_device_attr *da = &dev->ibdev->attrs;
	struct ib_srq_init_attr ia = {};
	struct rdmaapi_obj *pd;
	struct verbs_srq *srq;
	int ret;

	pd = rdmaapi_obj_get(ctx, q->pd, &verbs_pd_type);
	ia.attr.max_wr = le32_to_cpu(q->attr.max_wr);
	ia.attr.max_sge = le32_to_cpu(q->attr.max_sge);
	ia.attr.srq_limit = le32_to_cpu(q->attr.srq_limit);
	if (!pd || q->reserved || !ia.attr.max_wr ||
	    ia.attr.max_wr > da->max_srq_wr || !ia.attr.max_sge ||
	    ia.attr.max_sge > da->max_srq_sge)
		return -EINVAL;
	srq = kzalloc(sizeof(*srq), GFP_KERNEL);
	if (!srq)
		return -ENOMEM;
	ret = rdmaapi_obj_add(ctx, &srq->obj, &verbs_srq_type);
	if (ret)
		goto err_free;
	srq->max_sge = ia.attr.max_sge;
	srq->queue_kib = verbs_queue_kib(ia.attr.max_wr,
					   VERBS_RECV_ENTRY(srq->max_sge));
	ret = verbs_queue_charge(ctx, srq->queue_kib);
	if (ret)
		goto err_remove;
	srq->pd = container_of(pd, struct verbs_pd, obj);
	srq->dev = dev;
	srq->ctx_handle = ctx->handle;
	srq->cookie = le64_to_cpu(q->cookie);
	ia.event_handler = verbs_srq_event;
	ia.srq_context = srq;
	ia.srq_type = IB_SRQT_BASIC;
	srq->srq = ib_create_srq(srq->pd->pd, &ia);
	if (IS_ERR(srq->srq)) {
		ret = PTR_ERR(srq->srq);
		goto err_uncharge;
	}
	verbs_obj_use(pd);
	r->srq = cpu_to_le32(srq->obj.handle);
	srq_attr_to_wire(&ia.attr, &r->attr);
	return 0;

err_uncharge:
	verbs_queue_uncharge(ctx, srq->queue_kib);
err_remove:
	rdmaapi_obj_remove(&srq->obj);
err_free:
	kfree(srq);
	return ret;
}

/**
 * verbs_srq_get() - look up an SRQ handle
 * @ctx: the context
 * @handle: as on the wire
 *
 * Return: the SRQ or NULL.
 */
struct verbs_srq *verbs_srq_get(struct rdmaapi_ctx *ctx, __le32 handle)
{
	struct rdmaapi_obj *obj = rdmaapi_obj_get(ctx, handle, &verbs_srq_type);

	return obj ? container_of(obj, struct verbs_srq, obj) : NULL;
}

/**
 * verbs_modify_srq() - VERBS_MODIFY_SRQ
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_modify_srq_req
 * @len: request length
 * @resp: none
 *
 * Return: 0 or -errno.
 */
int verbs_modify_srq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp)
{
	const struct virtio_rdmaapi_modify_srq_req *q = req;
	struct verbs_srq *srq = verbs_srq_get(ctx, q->srq);
	u32 mask = le32_to_cpu(q->attr_mask);
	struct ib_srq_attr attr = {};
	u64 kib = 0;
	int ret;

	if (!srq || !mask || mask & ~(IB_SRQ_MAX_WR | IB_SRQ_LIMIT))
		return -EINVAL;
	attr.max_wr = le32_to_cpu(q->attr.max_wr);
	attr.srq_limit = le32_to_cpu(q->attr.srq_limit);
	if (mask & IB_SRQ_MAX_WR) {
		/* A resize builds the new ring before it frees the old. */
		kib = verbs_queue_kib(attr.max_wr,
				      VERBS_RECV_ENTRY(srq->max_sge));
		ret = verbs_queue_charge(ctx, kib);
		if (ret)
			return ret;
	}
	ret = ib_modify_srq(srq->srq, &attr, mask);
	if (ret) {
		verbs_queue_uncharge(ctx, kib);
	} else if (mask & IB_SRQ_MAX_WR) {
		verbs_queue_uncharge(ctx, srq->queue_kib);
		srq->queue_kib = kib;
	}
	return ret;
}

/**
 * verbs_query_srq() - VERBS_QUERY_SRQ
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_handle
 * @len: request length
 * @resp: struct virtio_rdmaapi_srq_attr
 *
 * Return: 0 or -errno.
 */
int verbs_query_srq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp)
{
	const struct virtio_rdmaapi_handle *q = req;
	struct verbs_srq *srq = verbs_srq_get(ctx, q->handle);
	struct ib_srq_attr attr = {};
	int ret;

	if (!srq)
		return -EINVAL;
	ret = ib_query_srq(srq->srq, &attr);
	if (!ret)
		srq_attr_to_wire(&attr, resp);
	return ret;
}

/**
 * verbs_destroy_srq() - VERBS_DESTROY_SRQ
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_handle
 * @len: request length
 * @resp: none
 *
 * Return: 0, -EINVAL, -EBUSY while a QP uses the SRQ.
 */
int verbs_destroy_srq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		      void *resp)
{
	const struct virtio_rdmaapi_handle *q = req;

	return rdmaapi_obj_destroy(ctx, q->handle, &verbs_srq_type);
}
