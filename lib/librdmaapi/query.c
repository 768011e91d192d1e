// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * librdmaapi - the query verbs: device, port and GID attributes of the
 * host RDMA device, converted from the wire's little-endian structs.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static int call_fixed(struct rdmaapi_context *ctx, uint16_t opcode,
		      const void *req, uint32_t req_len, void *resp,
		      uint32_t resp_len)
{
	uint32_t len = resp_len;
	int ret;

	if (!ctx)
		return -EINVAL;
	ret = rdmaapi_call(ctx, VIRTIO_RDMAAPI_API_VERBS, opcode, req, req_len,
			   resp, &len);
	if (ret)
		return ret;
	/* A short answer is a protocol error, as in the driver. */
	return len == resp_len ? 0 : -EIO;
}

static int min_int(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static void device_attr_from_wire(struct rdmaapi_device_attr *a,
				  const struct virtio_rdmaapi_device_attr *w)
{
	uint64_t raw = le64toh(w->raw_fw_ver);

	memset(a, 0, sizeof(*a));
	/*
	 * The host driver's string if it has one; if not, the number,
	 * formatted as the rxe/siw/erdma userspace providers do.
	 */
	if (w->fw_ver[0])
		snprintf(a->fw_ver, sizeof(a->fw_ver), "%.*s",
			 (int)sizeof(w->fw_ver), (const char *)w->fw_ver);
	else
		snprintf(a->fw_ver, sizeof(a->fw_ver), "%d.%d.%d",
			 (int)(raw >> 32 & 0xffff), (int)(raw >> 16 & 0xffff),
			 (int)(raw & 0xffff));
	a->raw_fw_ver = raw;
	a->node_guid = w->node_guid;
	a->sys_image_guid = w->sys_image_guid;
	a->max_mr_size = le64toh(w->max_mr_size);
	a->page_size_cap = le64toh(w->page_size_cap);
	a->vendor_id = le32toh(w->vendor_id);
	a->vendor_part_id = le32toh(w->vendor_part_id);
	a->hw_ver = le32toh(w->hw_ver);
	a->max_qp = le32toh(w->max_qp);
	a->max_qp_wr = le32toh(w->max_qp_wr);
	/* uverbs hands userspace the low 32 bits and the smaller SGE limit. */
	a->device_cap_flags = (uint32_t)le64toh(w->device_cap_flags);
	a->device_cap_flags_ex = le64toh(w->device_cap_flags);
	a->max_send_sge = le32toh(w->max_send_sge);
	a->max_recv_sge = le32toh(w->max_recv_sge);
	a->max_sge = min_int(le32toh(w->max_send_sge),
			     le32toh(w->max_recv_sge));
	a->max_sge_rd = le32toh(w->max_sge_rd);
	a->max_cq = le32toh(w->max_cq);
	a->max_cqe = le32toh(w->max_cqe);
	a->max_mr = le32toh(w->max_mr);
	a->max_pd = le32toh(w->max_pd);
	a->max_qp_rd_atom = le32toh(w->max_qp_rd_atom);
	a->max_ee_rd_atom = le32toh(w->max_ee_rd_atom);
	a->max_res_rd_atom = le32toh(w->max_res_rd_atom);
	a->max_qp_init_rd_atom = le32toh(w->max_qp_init_rd_atom);
	a->max_ee_init_rd_atom = le32toh(w->max_ee_init_rd_atom);
	a->atomic_cap = le32toh(w->atomic_cap);
	a->max_ee = le32toh(w->max_ee);
	a->max_rdd = le32toh(w->max_rdd);
	a->max_mw = le32toh(w->max_mw);
	a->max_raw_ipv6_qp = le32toh(w->max_raw_ipv6_qp);
	a->max_raw_ethy_qp = le32toh(w->max_raw_ethy_qp);
	a->max_mcast_grp = le32toh(w->max_mcast_grp);
	a->max_mcast_qp_attach = le32toh(w->max_mcast_qp_attach);
	a->max_total_mcast_qp_attach = le32toh(w->max_total_mcast_qp_attach);
	a->max_ah = le32toh(w->max_ah);
	a->max_srq = le32toh(w->max_srq);
	a->max_srq_wr = le32toh(w->max_srq_wr);
	a->max_srq_sge = le32toh(w->max_srq_sge);
	a->max_fast_reg_page_list_len = le32toh(w->max_fast_reg_page_list_len);
	a->max_pkeys = le16toh(w->max_pkeys);
	a->local_ca_ack_delay = w->local_ca_ack_delay;
	a->phys_port_cnt = w->phys_port_cnt;
	switch (le32toh(w->transport)) {
	case VIRTIO_RDMAAPI_TRANSPORT_IB:
		a->transport = RDMAAPI_TRANSPORT_IB;
		break;
	case VIRTIO_RDMAAPI_TRANSPORT_IWARP:
		a->transport = RDMAAPI_TRANSPORT_IWARP;
		break;
	default:
		a->transport = RDMAAPI_TRANSPORT_UNKNOWN;
		break;
	}
}

RDMAAPI_EXPORT
int rdmaapi_query_device(struct rdmaapi_context *context,
			 struct rdmaapi_device_attr *device_attr)
{
	struct virtio_rdmaapi_device_attr w;
	int ret;

	if (!device_attr)
		return -EINVAL;
	ret = call_fixed(context, VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE, NULL, 0,
			 &w, sizeof(w));
	if (ret)
		return ret;
	device_attr_from_wire(device_attr, &w);
	return 0;
}

static void port_attr_from_wire(struct rdmaapi_port_attr *a,
				const struct virtio_rdmaapi_port_attr *w)
{
	uint16_t speed = le16toh(w->active_speed);

	memset(a, 0, sizeof(*a));
	a->state = le32toh(w->state);
	a->max_mtu = le32toh(w->max_mtu);
	a->active_mtu = le32toh(w->active_mtu);
	a->gid_tbl_len = le32toh(w->gid_tbl_len);
	a->port_cap_flags = le32toh(w->port_cap_flags);
	a->max_msg_sz = le32toh(w->max_msg_sz);
	a->bad_pkey_cntr = le32toh(w->bad_pkey_cntr);
	a->qkey_viol_cntr = le32toh(w->qkey_viol_cntr);
	a->pkey_tbl_len = le16toh(w->pkey_tbl_len);
	a->lid = le16toh(w->lid);
	a->sm_lid = le16toh(w->sm_lid);
	a->lmc = w->lmc;
	a->max_vl_num = w->max_vl_num;
	a->sm_sl = w->sm_sl;
	a->subnet_timeout = w->subnet_timeout;
	a->init_type_reply = w->init_type_reply;
	a->active_width = w->active_width;
	/* The host caps it at NDR, which fits in eight bits. */
	a->active_speed = speed > UINT8_MAX ? UINT8_MAX : speed;
	a->phys_state = w->phys_state;
	a->link_layer = w->link_layer;
	a->port_cap_flags2 = le16toh(w->port_cap_flags2);
	a->subnet_prefix = w->subnet_prefix;
}

RDMAAPI_EXPORT
int rdmaapi_query_port(struct rdmaapi_context *context, uint8_t port_num,
		       struct rdmaapi_port_attr *port_attr)
{
	struct virtio_rdmaapi_query_port_req req = {
		.port_num = htole32(port_num),
	};
	struct virtio_rdmaapi_port_attr w;
	int ret;

	if (!port_attr)
		return -EINVAL;
	ret = call_fixed(context, VIRTIO_RDMAAPI_VERBS_QUERY_PORT, &req,
			 sizeof(req), &w, sizeof(w));
	if (ret)
		return ret;
	port_attr_from_wire(port_attr, &w);
	return 0;
}

RDMAAPI_EXPORT
int rdmaapi_query_gid(struct rdmaapi_context *context, uint8_t port_num,
		      int index, union rdmaapi_gid *gid,
		      enum rdmaapi_gid_type *type)
{
	struct virtio_rdmaapi_query_gid_req req = {
		.port_num = htole32(port_num),
		.index = htole32(index),
	};
	struct virtio_rdmaapi_gid w;
	int ret;

	if (!gid || index < 0)
		return -EINVAL;
	ret = call_fixed(context, VIRTIO_RDMAAPI_VERBS_QUERY_GID, &req,
			 sizeof(req), &w, sizeof(w));
	if (ret)
		return ret;
	memcpy(gid->raw, w.raw, sizeof(gid->raw));
	if (type)
		*type = le32toh(w.gid_type);
	return 0;
}

/*
 * Returns the number of entries stored (at most @max_limits), or a
 * negative errno; -EOPNOTSUPP from a host older than the operation.
 */
RDMAAPI_EXPORT
int rdmaapi_query_limits(struct rdmaapi_context *context,
			 struct rdmaapi_limit *limits, int max_limits)
{
	struct virtio_rdmaapi_limits_resp w;
	uint32_t len = sizeof(w), n, i;
	int ret;

	if (!context || !limits || max_limits < 0)
		return -EINVAL;
	ret = rdmaapi_call(context, VIRTIO_RDMAAPI_API_CORE,
			   VIRTIO_RDMAAPI_CORE_QUERY_LIMITS, NULL, 0, &w, &len);
	if (ret)
		return ret;
	n = le32toh(w.count);
	if (len != sizeof(w) || n > VIRTIO_RDMAAPI_LIMITS_MAX)
		return -EIO;
	for (i = 0; i < n && i < (uint32_t)max_limits; i++) {
		memcpy(limits[i].name, w.limit[i].name, sizeof(limits[i].name));
		limits[i].name[sizeof(limits[i].name) - 1] = 0;
		limits[i].used = le64toh(w.limit[i].used);
		limits[i].max = le64toh(w.limit[i].max);
	}
	return i;
}
