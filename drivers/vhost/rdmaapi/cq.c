// SPDX-License-Identifier: GPL-2.0-only
/*
 * Completion queues. The host CQ's completion handler turns into an event
 * for the guest; which guest thread it wakes is the guest driver's matter.
 */
#include "verbs.h"

static void verbs_cq_comp(struct ib_cq *ibcq, void *data)
{
	struct verbs_cq *cq = data;
	struct virtio_rdmaapi_event ev = {
		.type = cpu_to_le32(VIRTIO_RDMAAPI_EV_COMP),
		.ctx = cpu_to_le32(cq->ctx_handle),
		.handle = cpu_to_le32(cq->obj.handle),
		.cookie = cpu_to_le64(cq->cookie),
	};

	rdmaapi_dev_event(cq->dev, &ev);
}

static void verbs_cq_event(struct ib_event *e, void *data)
{
	struct verbs_cq *cq = data;

	verbs_async_event(cq->dev, cq->ctx_handle, cq->obj.handle, cq->cookie,
			  e->event);
}

static void verbs_cq_destroy(struct rdmaapi_obj *obj)
{
	struct verbs_cq *cq = container_of(obj, struct verbs_cq, obj);

	ib_destroy_cq(cq->cq);
	verbs_queue_uncharge(obj->ctx, cq->queue_kib);
	kfree(cq);
}

const struct rdmaapi_obj_type verbs_cq_type = {
	.name = "cq",
	.id = VERBS_OBJ_CQ,
	.rank = VERBS_OBJ_CQ,
	.destroy = verbs_cq_destroy,
};

/**
 * verbs_create_cq() - VERBS_CREATE_CQ
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_create_cq_req
 * @len: request length
 * @resp: struct virtio_rdmaapi_create_cq_resp
 *
 * Return: 0 or -errno.
 */
int verbs_create_cq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp)
{
	const struct virtio_rdmaapi_create_cq_req *q = req;
	struct virtio_rdmaapi_create_cq_resp *r = resp;
	struct rdmaapi_dev *dev = verbs_dev(ctx);
	struct ib_cq_init_attr attr = {};
	struct verbs_cq *cq;
	int ret;

	attr.cqe = le32_to_cpu(q->cqe);
	attr.comp_vector = le32_to_cpu(q->comp_vector);
	if (!attr.cqe || attr.cqe > dev->ibdev->attrs.max_cqe ||
	    attr.comp_vector >= dev->ibdev->num_comp_vectors ||
	    q->reserved || le32_to_cpu(q->flags) & ~VIRTIO_RDMAAPI_CQ_F_EVENTS)
		return -EINVAL;

	cq = kzalloc(sizeof(*cq), GFP_KERNEL);
	if (!cq)
		return -ENOMEM;
	ret = rdmaapi_obj_add(ctx, &cq->obj, &verbs_cq_type);
	if (ret)
		goto err_free;
	cq->queue_kib = verbs_queue_kib(attr.cqe, VERBS_CQ_ENTRY);
	ret = verbs_queue_charge(ctx, cq->queue_kib);
	if (ret)
		goto err_remove;
	cq->dev = dev;
	cq->ctx_handle = ctx->handle;
	cq->cookie = le64_to_cpu(q->cookie);
	cq->events = le32_to_cpu(q->flags) & VIRTIO_RDMAAPI_CQ_F_EVENTS;
	cq->cq = ib_create_cq(dev->ibdev, verbs_cq_comp, verbs_cq_event, cq,
			      &attr);
	if (IS_ERR(cq->cq)) {
		ret = PTR_ERR(cq->cq);
		goto err_uncharge;
	}
	r->cq = cpu_to_le32(cq->obj.handle);
	r->cqe = cpu_to_le32(cq->cq->cqe);
	return 0;

err_uncharge:
	verbs_queue_uncharge(ctx, cq->queue_kib);
err_remove:
	rdmaapi_obj_remove(&cq->obj);
err_free:
	kfree(cq);
	return ret;
}

/**
 * verbs_destroy_cq() - VERBS_DESTROY_CQ
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_handle
 * @len: request length
 * @resp: none
 *
 * Return: 0, -EINVAL, -EBUSY while a QP uses the CQ.
 */
int verbs_destroy_cq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp)
{
	const struct virtio_rdmaapi_handle *q = req;

	return rdmaapi_obj_destroy(ctx, q->handle, &verbs_cq_type);
}

/**
 * verbs_req_notify_cq() - VERBS_REQ_NOTIFY_CQ
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_req_notify_cq_req
 * @len: request length
 * @resp: none
 *
 * Return: 0; -EINVAL for an unknown CQ or one created without events.
 */
int verbs_req_notify_cq(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			void *resp)
{
	const struct virtio_rdmaapi_req_notify_cq_req *q = req;
	struct rdmaapi_obj *obj = rdmaapi_obj_get(ctx, q->cq, &verbs_cq_type);
	struct verbs_cq *cq;

	if (!obj)
		return -EINVAL;
	cq = container_of(obj, struct verbs_cq, obj);
	if (!cq->events)
		return -EINVAL;
	ib_req_notify_cq(cq->cq, q->solicited_only ? IB_CQ_SOLICITED :
						     IB_CQ_NEXT_COMP);
	return 0;
}
