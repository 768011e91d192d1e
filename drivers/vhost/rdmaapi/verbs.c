// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verbs personality: RDMA verbs remoted to the host's ib_core.
 *
 * Handlers receive validated kernel copies (see core.c); what they still
 * check is meaning: port numbers and table indices against the device.
 */
#include <rdma/ib_cache.h>
#include <rdma/ib_verbs.h>
#include "dev.h"

static struct ib_device *ctx_ibdev(struct rdmaapi_ctx *ctx)
{
	return ((struct rdmaapi_dev *)ctx->core->owner)->ibdev;
}

static int verbs_port(struct ib_device *ibdev, __le32 port)
{
	u32 p = le32_to_cpu(port);

	if (p < rdma_start_port(ibdev) || p > rdma_end_port(ibdev))
		return -EINVAL;
	return p;
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

	port = verbs_port(ibdev, q->port_num);
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

	port = verbs_port(ibdev, q->port_num);
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
};

const struct rdmaapi_personality rdmaapi_verbs = {
	.api = VIRTIO_RDMAAPI_API_VERBS,
	.name = "verbs",
	.ops = verbs_ops,
	.nops = ARRAY_SIZE(verbs_ops),
};
