// SPDX-License-Identifier: GPL-2.0-only
/*
 * Memory regions over guest memory, without copies.
 *
 * The guest sends the guest-physical address of every page of a pinned
 * buffer; each is translated through the guest's address space to the host
 * page behind it, checked for the permission the region needs, referenced,
 * and the pages are registered with the RDMA device as one fast-registration
 * MR whose iova is the guest program's virtual address. A peer's RDMA WRITE
 * then lands in guest memory directly.
 */
#include <linux/delay.h>
#include <linux/vmalloc.h>
#include "verbs.h"

#define VERBS_MR_ACCESS	(IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE | \
			 IB_ACCESS_REMOTE_READ | IB_ACCESS_REMOTE_ATOMIC)
/* Access that lets the device write the pages. */
#define VERBS_MR_WRITE	(IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE | \
			 IB_ACCESS_REMOTE_ATOMIC)
/* How long a local registration may take before we call the device dead. */
#define VERBS_REG_TIMEOUT_MS	5000

static void verbs_mr_destroy(struct rdmaapi_obj *obj)
{
	struct verbs_mr *mr = container_of(obj, struct verbs_mr, obj);
	struct ib_device *ibdev = mr->pd->pd->device;
	u32 i;

	if (mr->mr) {
		xa_erase(&verbs_ctx(obj->ctx)->lkeys, mr->mr->lkey);
		ib_dereg_mr(mr->mr);
	}
	if (mr->mapped)
		ib_dma_unmap_sg(ibdev, mr->sgt.sgl, mr->sgt.orig_nents,
				DMA_BIDIRECTIONAL);
	sg_free_table(&mr->sgt);
	for (i = 0; i < mr->filled; i++)
		put_page(mr->pages[i]);
	obj->ctx->core->pinned -= mr->npages;
	verbs_obj_unuse(&mr->pd->obj);
	kvfree(mr->pages);
	kfree(mr);
}

const struct rdmaapi_obj_type verbs_mr_type = {
	.name = "mr",
	.id = VERBS_OBJ_MR,
	.rank = VERBS_OBJ_MR,
	.destroy = verbs_mr_destroy,
};

/* A valid GID index of @port to address ourselves with, or -ENODATA. */
static int verbs_own_gid(struct ib_device *ibdev, u32 port, union ib_gid *gid)
{
	const struct ib_gid_attr *attr;
	struct ib_port_attr pa;
	int i, ret;

	ret = ib_query_port(ibdev, port, &pa);
	if (ret)
		return ret;
	for (i = 0; i < pa.gid_tbl_len; i++) {
		attr = rdma_get_gid_attr(ibdev, port, i);
		if (IS_ERR(attr))
			continue;
		*gid = attr->gid;
		rdma_put_gid_attr(attr);
		return i;
	}
	return -ENODATA;
}

/* Bring @qp to RTS connected to itself: only local operations use it. */
static int verbs_reg_qp_connect(struct ib_qp *qp)
{
	struct ib_device *ibdev = qp->device;
	u32 port = rdma_start_port(ibdev);
	struct ib_qp_attr a = {};
	union ib_gid gid;
	int gidx, ret;

	a.qp_state = IB_QPS_INIT;
	a.port_num = port;
	ret = ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_PKEY_INDEX |
			   IB_QP_PORT | IB_QP_ACCESS_FLAGS);
	if (ret)
		return ret;

	memset(&a, 0, sizeof(a));
	a.qp_state = IB_QPS_RTR;
	a.path_mtu = IB_MTU_1024;
	a.dest_qp_num = qp->qp_num;
	a.min_rnr_timer = 12;
	a.ah_attr.type = rdma_ah_find_type(ibdev, port);
	rdma_ah_set_port_num(&a.ah_attr, port);
	gidx = verbs_own_gid(ibdev, port, &gid);
	if (gidx >= 0)
		rdma_ah_set_grh(&a.ah_attr, &gid, 0, gidx, 1, 0);
	else if (a.ah_attr.type == RDMA_AH_ATTR_TYPE_ROCE)
		return gidx;
	ret = ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU |
			   IB_QP_DEST_QPN | IB_QP_RQ_PSN |
			   IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER);
	if (ret)
		return ret;

	memset(&a, 0, sizeof(a));
	a.qp_state = IB_QPS_RTS;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	return ib_modify_qp(qp, &a, IB_QP_STATE | IB_QP_SQ_PSN |
			    IB_QP_TIMEOUT | IB_QP_RETRY_CNT |
			    IB_QP_RNR_RETRY | IB_QP_MAX_QP_RD_ATOMIC);
}

/*
 * Fast registration is posted on a QP of the MR's own PD; the guest's QPs
 * are the guest's, so each PD gets a private one on first use.
 */
static int verbs_pd_reg_qp(struct verbs_pd *pd)
{
	struct ib_device *ibdev = pd->pd->device;
	struct ib_cq_init_attr ca = { .cqe = 4 };
	struct ib_qp_init_attr ia = {};
	int ret;

	if (pd->reg_qp)
		return 0;
	pd->reg_cq = ib_create_cq(ibdev, NULL, NULL, NULL, &ca);
	if (IS_ERR(pd->reg_cq)) {
		ret = PTR_ERR(pd->reg_cq);
		pd->reg_cq = NULL;
		return ret;
	}
	ia.send_cq = pd->reg_cq;
	ia.recv_cq = pd->reg_cq;
	ia.cap.max_send_wr = 2;
	ia.cap.max_recv_wr = 1;
	ia.cap.max_send_sge = 1;
	ia.cap.max_recv_sge = 1;
	ia.sq_sig_type = IB_SIGNAL_ALL_WR;
	ia.qp_type = IB_QPT_RC;
	pd->reg_qp = ib_create_qp(pd->pd, &ia);
	if (IS_ERR(pd->reg_qp)) {
		ret = PTR_ERR(pd->reg_qp);
		goto err_cq;
	}
	ret = verbs_reg_qp_connect(pd->reg_qp);
	if (ret)
		goto err_qp;
	return 0;

err_qp:
	ib_destroy_qp(pd->reg_qp);
err_cq:
	ib_destroy_cq(pd->reg_cq);
	pd->reg_qp = NULL;
	pd->reg_cq = NULL;
	return ret;
}

/* A registration failed or hung: start over with a fresh QP next time. */
static void verbs_pd_reg_qp_reset(struct verbs_pd *pd)
{
	ib_destroy_qp(pd->reg_qp);
	ib_destroy_cq(pd->reg_cq);
	pd->reg_qp = NULL;
	pd->reg_cq = NULL;
}

static int verbs_reg_wait(struct ib_cq *cq)
{
	unsigned long end = jiffies + msecs_to_jiffies(VERBS_REG_TIMEOUT_MS);
	struct ib_wc wc;
	int n;

	for (;;) {
		n = ib_poll_cq(cq, 1, &wc);
		if (n < 0)
			return n;
		if (n)
			return wc.status == IB_WC_SUCCESS ? 0 : -EIO;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(20, 100);
	}
}

/* All pages are in: map them and register them with the device. */
static int verbs_mr_register(struct verbs_mr *mr)
{
	struct ib_device *ibdev = mr->pd->pd->device;
	struct ib_reg_wr wr = {};
	int nents, n, ret;

	ret = sg_alloc_table_from_pages(&mr->sgt, mr->pages, mr->npages,
					mr->offset, mr->length, GFP_KERNEL);
	if (ret)
		return ret;
	nents = ib_dma_map_sg(ibdev, mr->sgt.sgl, mr->sgt.orig_nents,
			      DMA_BIDIRECTIONAL);
	if (!nents)
		return -ENOMEM;
	mr->sgt.nents = nents;
	mr->mapped = true;
	ret = verbs_pd_reg_qp(mr->pd);
	if (ret)
		return ret;
	mr->mr = ib_alloc_mr(mr->pd->pd, IB_MR_TYPE_MEM_REG, mr->npages);
	if (IS_ERR(mr->mr)) {
		ret = PTR_ERR(mr->mr);
		mr->mr = NULL;
		return ret;
	}
	n = ib_map_mr_sg(mr->mr, mr->sgt.sgl, nents, NULL, PAGE_SIZE);
	if (n != nents)
		return n < 0 ? n : -EINVAL;
	/* Peers address the region by the guest program's addresses. */
	mr->mr->iova = mr->iova;

	wr.wr.opcode = IB_WR_REG_MR;
	wr.wr.send_flags = IB_SEND_SIGNALED;
	wr.mr = mr->mr;
	wr.key = mr->mr->rkey;
	wr.access = mr->access;
	ret = ib_post_send(mr->pd->reg_qp, &wr.wr, NULL);
	if (!ret)
		ret = verbs_reg_wait(mr->pd->reg_cq);
	if (ret)
		verbs_pd_reg_qp_reset(mr->pd);
	return ret;
}

/* Check the first request of a region and set up its empty state. */
static int verbs_mr_begin(struct rdmaapi_ctx *ctx,
			  const struct virtio_rdmaapi_reg_mr_req *q,
			  struct verbs_mr **mrp)
{
	struct rdmaapi_dev *dev = verbs_dev(ctx);
	u64 length = le64_to_cpu(q->length), iova = le64_to_cpu(q->iova);
	u32 access = le32_to_cpu(q->access), offset = le32_to_cpu(q->offset);
	u32 npages = le32_to_cpu(q->npages);
	struct rdmaapi_core *core = ctx->core;
	struct rdmaapi_obj *pd;
	struct verbs_mr *mr;
	int ret;

	pd = rdmaapi_obj_get(ctx, q->pd, &verbs_pd_type);
	if (!pd || q->first || access & ~VERBS_MR_ACCESS ||
	    (access & (IB_ACCESS_REMOTE_WRITE | IB_ACCESS_REMOTE_ATOMIC) &&
	     !(access & IB_ACCESS_LOCAL_WRITE)))
		return -EINVAL;
	if (!length || length > dev->ibdev->attrs.max_mr_size ||
	    iova + length - 1 < iova || offset >= VIRTIO_RDMAAPI_PAGE_SIZE ||
	    (iova & (VIRTIO_RDMAAPI_PAGE_SIZE - 1)) != offset ||
	    length > U64_MAX - VIRTIO_RDMAAPI_PAGE_SIZE * 2 ||
	    DIV_ROUND_UP_ULL(offset + length, VIRTIO_RDMAAPI_PAGE_SIZE) !=
	    npages)
		return -EINVAL;
	if (npages > core->max_pinned - core->pinned)
		return -EDQUOT;

	mr = kzalloc(sizeof(*mr), GFP_KERNEL);
	if (!mr)
		return -ENOMEM;
	mr->pages = kvcalloc(npages, sizeof(*mr->pages), GFP_KERNEL);
	if (!mr->pages) {
		kfree(mr);
		return -ENOMEM;
	}
	ret = rdmaapi_obj_add(ctx, &mr->obj, &verbs_mr_type);
	if (ret) {
		kvfree(mr->pages);
		kfree(mr);
		return ret;
	}
	mr->pd = container_of(pd, struct verbs_pd, obj);
	verbs_obj_use(pd);
	core->pinned += npages;
	mr->npages = npages;
	mr->iova = iova;
	mr->length = length;
	mr->offset = offset;
	mr->access = access;
	*mrp = mr;
	return 0;
}

/*
 * A continuation must describe the same region and resume in place; one
 * that does not destroys the partial region it names.
 */
static struct verbs_mr *verbs_mr_continue(struct rdmaapi_ctx *ctx,
					  const struct virtio_rdmaapi_reg_mr_req *q)
{
	struct rdmaapi_obj *obj = rdmaapi_obj_get(ctx, q->mr, &verbs_mr_type);
	struct verbs_mr *mr;

	if (!obj)
		return NULL;
	mr = container_of(obj, struct verbs_mr, obj);
	if (mr->mr)
		return NULL;
	if (le32_to_cpu(q->first) != mr->filled ||
	    le32_to_cpu(q->pd) != mr->pd->obj.handle ||
	    le64_to_cpu(q->iova) != mr->iova ||
	    le64_to_cpu(q->length) != mr->length ||
	    le32_to_cpu(q->access) != mr->access ||
	    le32_to_cpu(q->npages) != mr->npages) {
		/* As any failure: the partial region goes. */
		rdmaapi_obj_remove(&mr->obj);
		verbs_mr_destroy(&mr->obj);
		return NULL;
	}
	return mr;
}

/**
 * verbs_reg_mr() - VERBS_REG_MR
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_reg_mr_req and its page list
 * @len: request length
 * @resp: struct virtio_rdmaapi_reg_mr_resp
 *
 * Any failure destroys the partial region, so a guest cannot leave
 * references to host pages behind.
 *
 * Return: 0 or -errno.
 */
int verbs_reg_mr(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		 void *resp)
{
	const struct virtio_rdmaapi_reg_mr_req *q = req;
	struct virtio_rdmaapi_reg_mr_resp *r = resp;
	struct rdmaapi_dev *dev = verbs_dev(ctx);
	u32 count = le32_to_cpu(q->count), taken;
	struct verbs_mr *mr;
	bool write;
	int ret;

	if ((len - sizeof(*q)) / sizeof(q->pages[0]) != count ||
	    (len - sizeof(*q)) % sizeof(q->pages[0]) || q->reserved)
		return -EINVAL;
	if (!q->mr) {
		ret = verbs_mr_begin(ctx, q, &mr);
		if (ret)
			return ret;
	} else {
		mr = verbs_mr_continue(ctx, q);
		if (!mr)
			return -EINVAL;
	}
	if (count > mr->npages - mr->filled) {
		ret = -EINVAL;
		goto err_destroy;
	}
	write = mr->access & VERBS_MR_WRITE;
	ret = rdmaapi_mem_get_pages(&dev->mem, q->pages, count, write,
				    &mr->pages[mr->filled], &taken);
	mr->filled += taken;
	if (ret)
		goto err_destroy;
	r->mr = cpu_to_le32(mr->obj.handle);
	if (mr->filled < mr->npages)
		return 0;
	ret = verbs_mr_register(mr);
	if (ret)
		goto err_destroy;
	ret = xa_err(xa_store(&verbs_ctx(ctx)->lkeys, mr->mr->lkey, mr,
			      GFP_KERNEL));
	if (ret)
		goto err_destroy;
	r->lkey = cpu_to_le32(mr->mr->lkey);
	r->rkey = cpu_to_le32(mr->mr->rkey);
	r->done = cpu_to_le32(1);
	return 0;

err_destroy:
	rdmaapi_obj_remove(&mr->obj);
	verbs_mr_destroy(&mr->obj);
	return ret;
}

/**
 * verbs_dereg_mr() - VERBS_DEREG_MR
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_handle
 * @len: request length
 * @resp: none
 *
 * Return: 0 or -EINVAL.
 */
int verbs_dereg_mr(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		   void *resp)
{
	const struct virtio_rdmaapi_handle *q = req;

	return rdmaapi_obj_destroy(ctx, q->handle, &verbs_mr_type);
}
