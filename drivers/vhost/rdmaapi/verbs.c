// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verbs personality: RDMA verbs remoted to the host's ib_core.
 *
 * Handlers receive validated kernel copies (see core.c); what they still
 * check is meaning: port numbers and table indices against the device.
 */
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <net/ip.h>
#include <net/addrconf.h>
#include <rdma/ib_addr.h>
#include "verbs.h"

/* Per-device limits; each vDPA device takes these values when created. */
static unsigned int max_pd = 1024;
module_param(max_pd, uint, 0644);
MODULE_PARM_DESC(max_pd, "protection domains per vDPA device (default 1024)");
static unsigned int max_cq = 1024;
module_param(max_cq, uint, 0644);
MODULE_PARM_DESC(max_cq, "completion queues per vDPA device (default 1024)");
static unsigned int max_qp = 1024;
module_param(max_qp, uint, 0644);
MODULE_PARM_DESC(max_qp, "queue pairs per vDPA device (default 1024)");
static unsigned int max_srq = 256;
module_param(max_srq, uint, 0644);
MODULE_PARM_DESC(max_srq, "shared receive queues per vDPA device (default 256)");
static unsigned int max_mr = 4096;
module_param(max_mr, uint, 0644);
MODULE_PARM_DESC(max_mr, "memory regions per vDPA device (default 4096)");
static unsigned int max_ah = 4096;
module_param(max_ah, uint, 0644);
MODULE_PARM_DESC(max_ah, "address handles per vDPA device (default 4096)");
static unsigned int max_pinned_mb = 4096;
module_param(max_pinned_mb, uint, 0644);
MODULE_PARM_DESC(max_pinned_mb,
		 "MiB of guest memory registered per vDPA device (default 4096)");
static unsigned int max_queue_mb = 256;
module_param(max_queue_mb, uint, 0644);
MODULE_PARM_DESC(max_queue_mb,
		 "MiB of host memory for work queues and CQs per vDPA device, estimated from their sizes (default 256)");

static void verbs_core_init(struct rdmaapi_core *core)
{
	core->max_obj[VERBS_OBJ_PD] = max_pd;
	core->max_obj[VERBS_OBJ_CQ] = max_cq;
	core->max_obj[VERBS_OBJ_QP] = max_qp;
	core->max_obj[VERBS_OBJ_SRQ] = max_srq;
	core->max_obj[VERBS_OBJ_MR] = max_mr;
	core->max_obj[VERBS_OBJ_AH] = max_ah;
	core->max_pinned = (u64)max_pinned_mb << (20 - PAGE_SHIFT);
	core->max_queue_kib = (u64)max_queue_mb << 10;
}

/**
 * verbs_queue_kib() - host memory a ring of entries takes, estimated
 * @depth: entries the guest asked for
 * @entry: bytes an entry takes (VERBS_*_ENTRY)
 *
 * Host drivers keep a queue as a ring of @depth + 1 slots rounded up to a
 * power of two (rxe, mlx5). A device's deepest queues are hundreds of MiB
 * each, so guests are held to a budget of them.
 *
 * Return: KiB, rounded up.
 */
u64 verbs_queue_kib(u32 depth, u64 entry)
{
	u64 slots = roundup_pow_of_two((unsigned long)depth + 1);

	return DIV_ROUND_UP_ULL(slots * entry, 1024);
}

/**
 * verbs_queue_charge() - take host queue memory from the device's budget
 * @ctx: the creating context
 * @kib: from verbs_queue_kib()
 *
 * Return: 0, or -EDQUOT if the device's queues would pass max_queue_mb.
 */
int verbs_queue_charge(struct rdmaapi_ctx *ctx, u64 kib)
{
	struct rdmaapi_core *core = ctx->core;

	if (kib > core->max_queue_kib - core->queue_kib)
		return -EDQUOT;
	core->queue_kib += kib;
	return 0;
}

/**
 * verbs_queue_uncharge() - give back what verbs_queue_charge() took
 * @ctx: the owning context
 * @kib: as charged
 */
void verbs_queue_uncharge(struct rdmaapi_ctx *ctx, u64 kib)
{
	ctx->core->queue_kib -= kib;
}

static struct ib_device *ctx_ibdev(struct rdmaapi_ctx *ctx)
{
	return ((struct rdmaapi_dev *)ctx->core->owner)->ibdev;
}

/**
 * verbs_port() - check a port number from the guest
 * @ibdev: host device
 * @port: port number
 *
 * Return: @port, or -EINVAL if the device has no such port.
 */
int verbs_port(struct ib_device *ibdev, u32 port)
{
	if (port < rdma_start_port(ibdev) || port > rdma_end_port(ibdev))
		return -EINVAL;
	return port;
}

/**
 * verbs_obj_use() - note that an object is used by another
 * @obj: the used object (a PD, CQ or SRQ)
 */
void verbs_obj_use(struct rdmaapi_obj *obj)
{
	atomic_inc(&obj->users);
}

/**
 * verbs_obj_unuse() - undo verbs_obj_use()
 * @obj: the used object, or NULL
 */
void verbs_obj_unuse(struct rdmaapi_obj *obj)
{
	if (obj)
		atomic_dec(&obj->users);
}

/**
 * verbs_async_event() - forward an asynchronous event to the guest
 * @dev: device
 * @ctx_handle: owning context
 * @handle: object concerned, 0 for port and device events
 * @cookie: the object's cookie
 * @event: IB_EVENT_* code (the same values as IBV_EVENT_*)
 */
void verbs_async_event(struct rdmaapi_dev *dev, u32 ctx_handle, u32 handle,
		       u64 cookie, enum ib_event_type event)
{
	struct virtio_rdmaapi_event ev = {
		.type = cpu_to_le32(VIRTIO_RDMAAPI_EV_ASYNC),
		.ctx = cpu_to_le32(ctx_handle),
		.handle = cpu_to_le32(handle),
		.event = cpu_to_le32(event),
		.cookie = cpu_to_le64(cookie),
	};

	rdmaapi_dev_event(dev, &ev);
}

/**
 * verbs_port_event() - tell every context of a device about a port or
 *	device event of its RDMA device
 * @dev: the device
 * @e: the event (IB_EVENT_PORT_ACTIVE, IB_EVENT_PORT_ERR, ...)
 */
void verbs_port_event(struct rdmaapi_dev *dev, const struct ib_event *e)
{
	struct virtio_rdmaapi_event ev = {
		.type = cpu_to_le32(VIRTIO_RDMAAPI_EV_ASYNC),
		.event = cpu_to_le32(e->event),
		.port_num = cpu_to_le32(e->element.port_num),
	};
	struct rdmaapi_ctx *ctx;
	unsigned long idx;

	mutex_lock(&dev->lock);
	rdmaapi_core_for_each_ctx(&dev->core, idx, ctx) {
		ev.ctx = cpu_to_le32(ctx->handle);
		rdmaapi_dev_event(dev, &ev);
	}
	mutex_unlock(&dev->lock);
}


struct verbs_resolve {
	struct completion done;
	int status;
};

static void verbs_resolve_cb(int status, struct sockaddr *src,
			     struct rdma_dev_addr *addr, void *data)
{
	struct verbs_resolve *r = data;

	r->status = status;
	complete(&r->done);
}

/* ib_core's rdma_addr_find_l2_eth_by_grh(), which it does not export. */
static int verbs_find_l2_eth(const struct ib_gid_attr *sgid_attr,
			     const union ib_gid *dgid, u8 *dmac, int *hop_limit)
{
	union {
		struct sockaddr_in in4;
		struct sockaddr_in6 in6;
	} src, dst;
	struct rdma_dev_addr dev_addr = {};
	struct verbs_resolve r;
	int ret;

	rdma_gid2ip((struct sockaddr *)&src, &sgid_attr->gid);
	rdma_gid2ip((struct sockaddr *)&dst, dgid);
	dev_addr.net = &init_net;
	dev_addr.sgid_attr = sgid_attr;
	init_completion(&r.done);
	ret = rdma_resolve_ip((struct sockaddr *)&src, (struct sockaddr *)&dst,
			      &dev_addr, 1000, verbs_resolve_cb, true, &r);
	if (ret)
		return ret;
	wait_for_completion(&r.done);
	if (r.status)
		return r.status;
	memcpy(dmac, dev_addr.dst_dev_addr, ETH_ALEN);
	*hop_limit = dev_addr.hoplimit;
	return 0;
}

/*
 * ib_core resolves the destination MAC of a RoCE address only for
 * userspace (udata) callers; kernel callers, which we are, bring it
 * resolved. Done as ib_resolve_eth_dmac() does for uverbs, hop limit
 * included.
 */
static int verbs_resolve_dmac(struct ib_device *ibdev, u32 port,
			      struct rdma_ah_attr *a)
{
	struct ib_global_route *grh = rdma_ah_retrieve_grh(a);
	struct in6_addr *dgid = (struct in6_addr *)grh->dgid.raw;
	const struct ib_gid_attr *sgid_attr;
	int hop_limit = 0xff, ret = 0;
	__be32 addr;

	if (rdma_is_multicast_addr(dgid)) {
		if (ipv6_addr_v4mapped(dgid)) {
			memcpy(&addr, dgid->s6_addr + 12, sizeof(addr));
			ip_eth_mc_map(addr, (char *)a->roce.dmac);
		} else {
			ipv6_eth_mc_map(dgid, (char *)a->roce.dmac);
		}
		return 0;
	}
	sgid_attr = rdma_get_gid_attr(ibdev, port, grh->sgid_index);
	if (IS_ERR(sgid_attr))
		return -EINVAL;
	if (rdma_link_local_addr(dgid) &&
	    sgid_attr->gid_type == IB_GID_TYPE_ROCE) {
		rdma_get_ll_mac(dgid, a->roce.dmac);
	} else {
		ret = verbs_find_l2_eth(sgid_attr, &grh->dgid, a->roce.dmac,
					&hop_limit);
		grh->hop_limit = hop_limit;
	}
	rdma_put_gid_attr(sgid_attr);
	return ret;
}

/**
 * verbs_ah_attr_from_wire() - check and convert an address vector
 * @ibdev: host device
 * @w: as the guest sent it
 * @a: filled in; the source GID is resolved later by ib_core
 *
 * Return: 0 or -EINVAL.
 */
int verbs_ah_attr_from_wire(struct ib_device *ibdev,
			    const struct virtio_rdmaapi_ah_attr *w,
			    struct rdma_ah_attr *a)
{
	int port = verbs_port(ibdev, w->port_num);
	union ib_gid dgid;

	if (port < 0)
		return port;
	memset(a, 0, sizeof(*a));
	a->type = rdma_ah_find_type(ibdev, port);
	rdma_ah_set_port_num(a, port);
	rdma_ah_set_sl(a, w->sl);
	rdma_ah_set_static_rate(a, w->static_rate);
	rdma_ah_set_path_bits(a, w->src_path_bits);
	rdma_ah_set_dlid(a, le16_to_cpu(w->dlid));
	if (w->is_global) {
		memcpy(dgid.raw, w->dgid, sizeof(dgid.raw));
		rdma_ah_set_grh(a, &dgid, le32_to_cpu(w->flow_label),
				w->sgid_index, w->hop_limit, w->traffic_class);
	} else if (a->type == RDMA_AH_ATTR_TYPE_ROCE) {
		/* RoCE addresses are GIDs: there is no route without one. */
		return -EINVAL;
	}
	if (a->type == RDMA_AH_ATTR_TYPE_ROCE)
		return verbs_resolve_dmac(ibdev, port, a);
	return 0;
}

/**
 * verbs_ah_attr_to_wire() - convert an address vector for the guest
 * @a: host form
 * @w: wire form, filled in
 */
void verbs_ah_attr_to_wire(const struct rdma_ah_attr *a,
			   struct virtio_rdmaapi_ah_attr *w)
{
	const struct ib_global_route *grh = rdma_ah_read_grh(a);

	memset(w, 0, sizeof(*w));
	w->port_num = rdma_ah_get_port_num(a);
	w->sl = rdma_ah_get_sl(a);
	w->static_rate = rdma_ah_get_static_rate(a);
	w->src_path_bits = rdma_ah_get_path_bits(a);
	w->dlid = cpu_to_le16(rdma_ah_get_dlid(a));
	if (rdma_ah_get_ah_flags(a) & IB_AH_GRH) {
		w->is_global = 1;
		memcpy(w->dgid, grh->dgid.raw, sizeof(w->dgid));
		w->flow_label = cpu_to_le32(grh->flow_label);
		w->sgid_index = grh->sgid_index;
		w->hop_limit = grh->hop_limit;
		w->traffic_class = grh->traffic_class;
	}
}

static int verbs_query_device(struct rdmaapi_ctx *ctx, const void *req,
			      u32 req_len, void *resp)
{
	struct ib_device *ibdev = ctx_ibdev(ctx);
	const struct ib_device_attr *a = &ibdev->attrs;
	struct virtio_rdmaapi_device_attr *r = resp;
	char fw[IB_FW_VERSION_NAME_MAX] = "";

	ib_get_device_fw_str(ibdev, fw);
	strscpy(r->fw_ver, fw, sizeof(r->fw_ver));
	r->raw_fw_ver = cpu_to_le64(a->fw_ver);
	r->node_guid = ibdev->node_guid;
	r->sys_image_guid = a->sys_image_guid;
	r->max_mr_size = cpu_to_le64(a->max_mr_size);
	r->page_size_cap = cpu_to_le64(a->page_size_cap);
	r->device_cap_flags = cpu_to_le64(a->device_cap_flags);
	r->vendor_id = cpu_to_le32(a->vendor_id);
	r->vendor_part_id = cpu_to_le32(a->vendor_part_id);
	r->hw_ver = cpu_to_le32(a->hw_ver);
	r->max_qp = cpu_to_le32(a->max_qp);
	r->max_qp_wr = cpu_to_le32(a->max_qp_wr);
	r->max_send_sge = cpu_to_le32(a->max_send_sge);
	r->max_recv_sge = cpu_to_le32(a->max_recv_sge);
	r->max_sge_rd = cpu_to_le32(a->max_sge_rd);
	r->max_cq = cpu_to_le32(a->max_cq);
	r->max_cqe = cpu_to_le32(a->max_cqe);
	r->max_mr = cpu_to_le32(a->max_mr);
	r->max_pd = cpu_to_le32(a->max_pd);
	r->max_qp_rd_atom = cpu_to_le32(a->max_qp_rd_atom);
	r->max_ee_rd_atom = cpu_to_le32(a->max_ee_rd_atom);
	r->max_res_rd_atom = cpu_to_le32(a->max_res_rd_atom);
	r->max_qp_init_rd_atom = cpu_to_le32(a->max_qp_init_rd_atom);
	r->max_ee_init_rd_atom = cpu_to_le32(a->max_ee_init_rd_atom);
	r->atomic_cap = cpu_to_le32(a->atomic_cap);
	r->max_ee = cpu_to_le32(a->max_ee);
	r->max_rdd = cpu_to_le32(a->max_rdd);
	r->max_mw = cpu_to_le32(a->max_mw);
	r->max_raw_ipv6_qp = cpu_to_le32(a->max_raw_ipv6_qp);
	r->max_raw_ethy_qp = cpu_to_le32(a->max_raw_ethy_qp);
	r->max_mcast_grp = cpu_to_le32(a->max_mcast_grp);
	r->max_mcast_qp_attach = cpu_to_le32(a->max_mcast_qp_attach);
	r->max_total_mcast_qp_attach =
		cpu_to_le32(a->max_total_mcast_qp_attach);
	r->max_ah = cpu_to_le32(a->max_ah);
	r->max_srq = cpu_to_le32(a->max_srq);
	r->max_srq_wr = cpu_to_le32(a->max_srq_wr);
	r->max_srq_sge = cpu_to_le32(a->max_srq_sge);
	r->max_fast_reg_page_list_len =
		cpu_to_le32(a->max_fast_reg_page_list_len);
	r->max_pkeys = cpu_to_le16(a->max_pkeys);
	r->local_ca_ack_delay = a->local_ca_ack_delay;
	r->phys_port_cnt = rdma_end_port(ibdev);
	r->transport = cpu_to_le32(rdma_node_get_transport(ibdev->node_type) ==
				   RDMA_TRANSPORT_IWARP ?
				   VIRTIO_RDMAAPI_TRANSPORT_IWARP :
				   VIRTIO_RDMAAPI_TRANSPORT_IB);
	return 0;
}

/* Bit 26 of the capability mask as uverbs reports it (see uverbs.h). */
static u32 verbs_port_cap_flags(const struct ib_port_attr *a)
{
	u32 flags = a->port_cap_flags & ~(u32)IB_UVERBS_PCF_IP_BASED_GIDS;

	if (a->ip_gids)
		flags |= IB_UVERBS_PCF_IP_BASED_GIDS;
	return flags;
}

static int verbs_query_port(struct rdmaapi_ctx *ctx, const void *req,
			    u32 req_len, void *resp)
{
	const struct virtio_rdmaapi_query_port_req *q = req;
	struct ib_device *ibdev = ctx_ibdev(ctx);
	struct virtio_rdmaapi_port_attr *r = resp;
	struct ib_port_attr a;
	int port, ret;

	port = verbs_port(ibdev, le32_to_cpu(q->port_num));
	if (port < 0)
		return port;
	ret = ib_query_port(ibdev, port, &a);
	if (ret)
		return ret;
	r->subnet_prefix = cpu_to_be64(a.subnet_prefix);
	r->state = cpu_to_le32(a.state);
	r->max_mtu = cpu_to_le32(a.max_mtu);
	r->active_mtu = cpu_to_le32(a.active_mtu);
	r->gid_tbl_len = cpu_to_le32(a.gid_tbl_len);
	r->port_cap_flags = cpu_to_le32(verbs_port_cap_flags(&a));
	r->max_msg_sz = cpu_to_le32(a.max_msg_sz);
	r->bad_pkey_cntr = cpu_to_le32(a.bad_pkey_cntr);
	r->qkey_viol_cntr = cpu_to_le32(a.qkey_viol_cntr);
	r->pkey_tbl_len = cpu_to_le16(a.pkey_tbl_len);
	r->lid = cpu_to_le16((u16)a.lid);
	r->sm_lid = cpu_to_le16((u16)a.sm_lid);
	r->port_cap_flags2 = cpu_to_le16(a.port_cap_flags2);
	/* uverbs' ABI caps the speed the same way. */
	r->active_speed = cpu_to_le16(min_t(u16, a.active_speed, IB_SPEED_NDR));
	r->lmc = a.lmc;
	r->max_vl_num = a.max_vl_num;
	r->sm_sl = a.sm_sl;
	r->subnet_timeout = a.subnet_timeout;
	r->init_type_reply = a.init_type_reply;
	r->active_width = a.active_width;
	r->phys_state = a.phys_state;
	r->link_layer = rdma_port_get_link_layer(ibdev, port);
	return 0;
}

static int verbs_query_gid(struct rdmaapi_ctx *ctx, const void *req,
			   u32 req_len, void *resp)
{
	const struct virtio_rdmaapi_query_gid_req *q = req;
	struct ib_device *ibdev = ctx_ibdev(ctx);
	struct virtio_rdmaapi_gid *r = resp;
	const struct ib_gid_attr *attr;
	u32 index = le32_to_cpu(q->index);
	int port;

	port = verbs_port(ibdev, le32_to_cpu(q->port_num));
	if (port < 0)
		return port;
	if (index > INT_MAX)
		return -EINVAL;
	/* -EINVAL past the table, -ENODATA for an empty entry. */
	attr = rdma_get_gid_attr(ibdev, port, index);
	if (IS_ERR(attr))
		return PTR_ERR(attr);
	memcpy(r->raw, attr->gid.raw, sizeof(r->raw));
	r->gid_type = cpu_to_le32(attr->gid_type);
	rdma_put_gid_attr(attr);
	return 0;
}

static void verbs_pd_destroy(struct rdmaapi_obj *obj)
{
	struct verbs_pd *pd = container_of(obj, struct verbs_pd, obj);

	if (pd->poison)
		ib_dereg_mr(pd->poison);
	if (pd->reg_qp)
		ib_destroy_qp(pd->reg_qp);
	if (pd->reg_cq)
		ib_destroy_cq(pd->reg_cq);
	ib_dealloc_pd(pd->pd);
	kfree(pd);
}

const struct rdmaapi_obj_type verbs_pd_type = {
	.name = "pd",
	.id = VERBS_OBJ_PD,
	.rank = VERBS_OBJ_PD,
	.destroy = verbs_pd_destroy,
};

/**
 * verbs_alloc_pd() - VERBS_ALLOC_PD
 * @ctx: calling context
 * @req: none
 * @len: 0
 * @resp: struct virtio_rdmaapi_handle
 *
 * Return: 0 or -errno.
 */
int verbs_alloc_pd(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		   void *resp)
{
	struct virtio_rdmaapi_handle *r = resp;
	struct verbs_pd *pd;
	int ret;

	pd = kzalloc(sizeof(*pd), GFP_KERNEL);
	if (!pd)
		return -ENOMEM;
	ret = rdmaapi_obj_add(ctx, &pd->obj, &verbs_pd_type);
	if (ret)
		goto err_free;
	pd->pd = ib_alloc_pd(verbs_dev(ctx)->ibdev, 0);
	if (IS_ERR(pd->pd)) {
		ret = PTR_ERR(pd->pd);
		goto err_remove;
	}
	r->handle = cpu_to_le32(pd->obj.handle);
	return 0;

err_remove:
	rdmaapi_obj_remove(&pd->obj);
err_free:
	kfree(pd);
	return ret;
}

/**
 * verbs_dealloc_pd() - VERBS_DEALLOC_PD
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_handle
 * @len: request length
 * @resp: none
 *
 * Return: 0, -EINVAL, -EBUSY while objects use the PD.
 */
int verbs_dealloc_pd(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp)
{
	const struct virtio_rdmaapi_handle *q = req;

	return rdmaapi_obj_destroy(ctx, q->handle, &verbs_pd_type);
}

static void verbs_ah_destroy(struct rdmaapi_obj *obj)
{
	struct verbs_ah *ah = container_of(obj, struct verbs_ah, obj);

	rdma_destroy_ah(ah->ah, RDMA_DESTROY_AH_SLEEPABLE);
	verbs_obj_unuse(&ah->pd->obj);
	kfree(ah);
}

const struct rdmaapi_obj_type verbs_ah_type = {
	.name = "ah",
	.id = VERBS_OBJ_AH,
	.rank = VERBS_OBJ_AH,
	.destroy = verbs_ah_destroy,
};

/**
 * verbs_create_ah() - VERBS_CREATE_AH
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_create_ah_req
 * @len: request length
 * @resp: struct virtio_rdmaapi_handle
 *
 * Return: 0 or -errno.
 */
int verbs_create_ah(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		    void *resp)
{
	const struct virtio_rdmaapi_create_ah_req *q = req;
	struct virtio_rdmaapi_handle *r = resp;
	struct rdma_ah_attr attr;
	struct rdmaapi_obj *pd;
	struct verbs_ah *ah;
	int ret;

	pd = rdmaapi_obj_get(ctx, q->pd, &verbs_pd_type);
	if (!pd || q->reserved)
		return -EINVAL;
	ret = verbs_ah_attr_from_wire(verbs_dev(ctx)->ibdev, &q->attr, &attr);
	if (ret)
		return ret;
	ah = kzalloc(sizeof(*ah), GFP_KERNEL);
	if (!ah)
		return -ENOMEM;
	ret = rdmaapi_obj_add(ctx, &ah->obj, &verbs_ah_type);
	if (ret)
		goto err_free;
	ah->pd = container_of(pd, struct verbs_pd, obj);
	ah->ah = rdma_create_ah(ah->pd->pd, &attr, RDMA_CREATE_AH_SLEEPABLE);
	if (IS_ERR(ah->ah)) {
		ret = PTR_ERR(ah->ah);
		goto err_remove;
	}
	verbs_obj_use(pd);
	r->handle = cpu_to_le32(ah->obj.handle);
	return 0;

err_remove:
	rdmaapi_obj_remove(&ah->obj);
err_free:
	kfree(ah);
	return ret;
}

/**
 * verbs_destroy_ah() - VERBS_DESTROY_AH
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_handle
 * @len: request length
 * @resp: none
 *
 * Return: 0 or -EINVAL.
 */
int verbs_destroy_ah(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp)
{
	const struct virtio_rdmaapi_handle *q = req;

	return rdmaapi_obj_destroy(ctx, q->handle, &verbs_ah_type);
}

static const struct rdmaapi_op verbs_ops[] = {
	[VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE] = {
		.handler = verbs_query_device,
		.resp_len = sizeof(struct virtio_rdmaapi_device_attr),
	},
	[VIRTIO_RDMAAPI_VERBS_QUERY_PORT] = {
		.handler = verbs_query_port,
		.req_len = sizeof(struct virtio_rdmaapi_query_port_req),
		.resp_len = sizeof(struct virtio_rdmaapi_port_attr),
	},
	[VIRTIO_RDMAAPI_VERBS_QUERY_GID] = {
		.handler = verbs_query_gid,
		.req_len = sizeof(struct virtio_rdmaapi_query_gid_req),
		.resp_len = sizeof(struct virtio_rdmaapi_gid),
	},
	[VIRTIO_RDMAAPI_VERBS_ALLOC_PD] = {
		.handler = verbs_alloc_pd,
		.resp_len = sizeof(struct virtio_rdmaapi_handle),
	},
	[VIRTIO_RDMAAPI_VERBS_DEALLOC_PD] = {
		.handler = verbs_dealloc_pd,
		.req_len = sizeof(struct virtio_rdmaapi_handle),
	},
	[VIRTIO_RDMAAPI_VERBS_CREATE_CQ] = {
		.handler = verbs_create_cq,
		.req_len = sizeof(struct virtio_rdmaapi_create_cq_req),
		.resp_len = sizeof(struct virtio_rdmaapi_create_cq_resp),
	},
	[VIRTIO_RDMAAPI_VERBS_DESTROY_CQ] = {
		.handler = verbs_destroy_cq,
		.req_len = sizeof(struct virtio_rdmaapi_handle),
	},
	[VIRTIO_RDMAAPI_VERBS_CREATE_QP] = {
		.handler = verbs_create_qp,
		.req_len = sizeof(struct virtio_rdmaapi_create_qp_req),
		.resp_len = sizeof(struct virtio_rdmaapi_create_qp_resp),
	},
	[VIRTIO_RDMAAPI_VERBS_MODIFY_QP] = {
		.handler = verbs_modify_qp,
		.req_len = sizeof(struct virtio_rdmaapi_modify_qp_req),
	},
	[VIRTIO_RDMAAPI_VERBS_QUERY_QP] = {
		.handler = verbs_query_qp,
		.req_len = sizeof(struct virtio_rdmaapi_query_qp_req),
		.resp_len = sizeof(struct virtio_rdmaapi_query_qp_resp),
	},
	[VIRTIO_RDMAAPI_VERBS_DESTROY_QP] = {
		.handler = verbs_destroy_qp,
		.req_len = sizeof(struct virtio_rdmaapi_handle),
	},
	[VIRTIO_RDMAAPI_VERBS_CREATE_AH] = {
		.handler = verbs_create_ah,
		.req_len = sizeof(struct virtio_rdmaapi_create_ah_req),
		.resp_len = sizeof(struct virtio_rdmaapi_handle),
	},
	[VIRTIO_RDMAAPI_VERBS_DESTROY_AH] = {
		.handler = verbs_destroy_ah,
		.req_len = sizeof(struct virtio_rdmaapi_handle),
	},
	[VIRTIO_RDMAAPI_VERBS_CREATE_SRQ] = {
		.handler = verbs_create_srq,
		.req_len = sizeof(struct virtio_rdmaapi_create_srq_req),
		.resp_len = sizeof(struct virtio_rdmaapi_create_srq_resp),
	},
	[VIRTIO_RDMAAPI_VERBS_MODIFY_SRQ] = {
		.handler = verbs_modify_srq,
		.req_len = sizeof(struct virtio_rdmaapi_modify_srq_req),
	},
	[VIRTIO_RDMAAPI_VERBS_QUERY_SRQ] = {
		.handler = verbs_query_srq,
		.req_len = sizeof(struct virtio_rdmaapi_handle),
		.resp_len = sizeof(struct virtio_rdmaapi_srq_attr),
	},
	[VIRTIO_RDMAAPI_VERBS_DESTROY_SRQ] = {
		.handler = verbs_destroy_srq,
		.req_len = sizeof(struct virtio_rdmaapi_handle),
	},
	[VIRTIO_RDMAAPI_VERBS_REG_MR] = {
		.handler = verbs_reg_mr,
		.req_len = sizeof(struct virtio_rdmaapi_reg_mr_req),
		.resp_len = sizeof(struct virtio_rdmaapi_reg_mr_resp),
		.flags = RDMAAPI_OP_VAR_REQ,
	},
	[VIRTIO_RDMAAPI_VERBS_DEREG_MR] = {
		.handler = verbs_dereg_mr,
		.req_len = sizeof(struct virtio_rdmaapi_handle),
	},
	[VIRTIO_RDMAAPI_VERBS_REQ_NOTIFY_CQ] = {
		.handler = verbs_req_notify_cq,
		.req_len = sizeof(struct virtio_rdmaapi_req_notify_cq_req),
	},
	[VIRTIO_RDMAAPI_VERBS_POST_SEND] = {
		.handler = verbs_post_send,
		.req_len = sizeof(struct virtio_rdmaapi_post_req),
		.resp_len = sizeof(struct virtio_rdmaapi_post_resp),
		.flags = RDMAAPI_OP_VAR_REQ,
	},
	[VIRTIO_RDMAAPI_VERBS_POST_RECV] = {
		.handler = verbs_post_recv,
		.req_len = sizeof(struct virtio_rdmaapi_post_req),
		.resp_len = sizeof(struct virtio_rdmaapi_post_resp),
		.flags = RDMAAPI_OP_VAR_REQ,
	},
	[VIRTIO_RDMAAPI_VERBS_POST_SRQ_RECV] = {
		.handler = verbs_post_srq_recv,
		.req_len = sizeof(struct virtio_rdmaapi_post_req),
		.resp_len = sizeof(struct virtio_rdmaapi_post_resp),
		.flags = RDMAAPI_OP_VAR_REQ,
	},
	[VIRTIO_RDMAAPI_VERBS_POLL_CQ] = {
		.handler = verbs_poll_cq,
		.req_len = sizeof(struct virtio_rdmaapi_poll_cq_req),
		.resp_len = sizeof(struct virtio_rdmaapi_poll_cq_resp),
	},
};

static int verbs_ctx_open(struct rdmaapi_ctx *ctx)
{
	struct verbs_ctx *vctx = kzalloc(sizeof(*vctx), GFP_KERNEL);

	if (!vctx)
		return -ENOMEM;
	xa_init(&vctx->lkeys);
	ctx->priv[VIRTIO_RDMAAPI_API_VERBS] = vctx;
	return 0;
}

/* Runs after every object of the context is gone. */
static void verbs_ctx_close(struct rdmaapi_ctx *ctx)
{
	struct verbs_ctx *vctx = verbs_ctx(ctx);

	xa_destroy(&vctx->lkeys);
	kfree(vctx);
	ctx->priv[VIRTIO_RDMAAPI_API_VERBS] = NULL;
}

static void verbs_ctx_fatal(struct rdmaapi_ctx *ctx)
{
	verbs_async_event(verbs_dev(ctx), ctx->handle, 0, 0,
			  IB_EVENT_DEVICE_FATAL);
}

static const struct rdmaapi_obj_type *const verbs_types[] = {
	&verbs_pd_type, &verbs_cq_type, &verbs_srq_type,
	&verbs_mr_type, &verbs_ah_type, &verbs_qp_type,
};

const struct rdmaapi_personality rdmaapi_verbs = {
	.api = VIRTIO_RDMAAPI_API_VERBS,
	.name = "verbs",
	.ops = verbs_ops,
	.nops = ARRAY_SIZE(verbs_ops),
	.types = verbs_types,
	.ntypes = ARRAY_SIZE(verbs_types),
	.core_init = verbs_core_init,
	.ctx_fatal = verbs_ctx_fatal,
	.ctx_open = verbs_ctx_open,
	.ctx_close = verbs_ctx_close,
};
