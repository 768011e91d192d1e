// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * LD_PRELOAD for rdma-core's ibv_devinfo: answers the libibverbs calls it
 * makes with the device of scenario.c, the way libibverbs 44 and a
 * userspace provider would present it (provider-formatted fw_ver when the
 * kernel has no string, low 32 capability bits, max_sge = min(send,
 * recv), empty GID entries as zero GIDs).
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <infiniband/verbs.h>

#include "scenario.h"

static struct scen s;

int ibv_query_device(struct ibv_context *ctx, struct ibv_device_attr *a);
static struct ibv_device dev;
static struct ibv_device *list[2];

struct ibv_device **ibv_get_device_list(int *num)
{
	scen_get(&s);
	memset(&dev, 0, sizeof(dev));
	snprintf(dev.name, sizeof(dev.name), "%s", s.ibdev);
	dev.transport_type = s.transport ? IBV_TRANSPORT_IWARP :
					   IBV_TRANSPORT_IB;
	list[0] = &dev;
	list[1] = NULL;
	if (num)
		*num = 1;
	return list;
}

void ibv_free_device_list(struct ibv_device **l)
{
	(void)l;
}

const char *ibv_get_device_name(struct ibv_device *d)
{
	return d->name;
}

/* ibv_query_device_ex() reaches this through the extended context. */
static int query_device_ex(struct ibv_context *ctx,
			   const struct ibv_query_device_ex_input *input,
			   struct ibv_device_attr_ex *attr, size_t attr_size)
{
	(void)input;
	memset(attr, 0, attr_size);
	ibv_query_device(ctx, &attr->orig_attr);
	attr->device_cap_flags_ex = s.device_cap_flags;
	return 0;
}

struct ibv_context *ibv_open_device(struct ibv_device *d)
{
	struct verbs_context *vctx = calloc(1, sizeof(*vctx));

	vctx->sz = sizeof(*vctx);
	vctx->query_device_ex = query_device_ex;
	vctx->context.abi_compat = __VERBS_ABI_IS_EXTENDED;
	vctx->context.device = d;
	return &vctx->context;
}

int ibv_close_device(struct ibv_context *ctx)
{
	free(verbs_get_ctx(ctx));
	return 0;
}

int ibv_read_sysfs_file(const char *dir, const char *file, char *buf,
			size_t size)
{
	(void)dir; (void)file; (void)buf; (void)size;
	return -1;
}

int ibv_query_device(struct ibv_context *ctx, struct ibv_device_attr *a)
{
	uint64_t raw = s.raw_fw_ver;

	(void)ctx;
	memset(a, 0, sizeof(*a));
	if (s.kernel_fw[0])
		snprintf(a->fw_ver, sizeof(a->fw_ver), "%s", s.kernel_fw);
	else
		snprintf(a->fw_ver, sizeof(a->fw_ver), "%d.%d.%d",
			 (int)(raw >> 32 & 0xffff), (int)(raw >> 16 & 0xffff),
			 (int)(raw & 0xffff));
	a->node_guid = htobe64(s.node_guid);
	a->sys_image_guid = htobe64(s.sys_image_guid);
	a->max_mr_size = s.max_mr_size;
	a->page_size_cap = s.page_size_cap;
	a->vendor_id = s.vendor_id;
	a->vendor_part_id = s.vendor_part_id;
	a->hw_ver = s.hw_ver;
	a->max_qp = s.max_qp;
	a->max_qp_wr = s.max_qp_wr;
	a->device_cap_flags = (uint32_t)s.device_cap_flags;
	a->max_sge = s.max_send_sge < s.max_recv_sge ? s.max_send_sge :
						       s.max_recv_sge;
	a->max_sge_rd = s.max_sge_rd;
	a->max_cq = s.max_cq;
	a->max_cqe = s.max_cqe;
	a->max_mr = s.max_mr;
	a->max_pd = s.max_pd;
	a->max_qp_rd_atom = s.max_qp_rd_atom;
	a->max_ee_rd_atom = s.max_ee_rd_atom;
	a->max_res_rd_atom = s.max_res_rd_atom;
	a->max_qp_init_rd_atom = s.max_qp_init_rd_atom;
	a->max_ee_init_rd_atom = s.max_ee_init_rd_atom;
	a->atomic_cap = s.atomic_cap;
	a->max_ee = s.max_ee;
	a->max_rdd = s.max_rdd;
	a->max_mw = s.max_mw;
	a->max_raw_ipv6_qp = s.max_raw_ipv6_qp;
	a->max_raw_ethy_qp = s.max_raw_ethy_qp;
	a->max_mcast_grp = s.max_mcast_grp;
	a->max_mcast_qp_attach = s.max_mcast_qp_attach;
	a->max_total_mcast_qp_attach = s.max_total_mcast_qp_attach;
	a->max_ah = s.max_ah;
	a->max_srq = s.max_srq;
	a->max_srq_wr = s.max_srq_wr;
	a->max_srq_sge = s.max_srq_sge;
	a->max_pkeys = s.max_pkeys;
	a->local_ca_ack_delay = s.local_ca_ack_delay;
	a->phys_port_cnt = s.phys_port_cnt;
	return 0;
}

#undef ibv_query_port
int ibv_query_port(struct ibv_context *ctx, uint8_t port,
		   struct _compat_ibv_port_attr *compat)
{
	/* Same layout: the inline wrapper passes a struct ibv_port_attr. */
	struct ibv_port_attr *a = (struct ibv_port_attr *)compat;
	const struct scen_port *p;

	(void)ctx;
	if (port < 1 || port > s.phys_port_cnt)
		return EINVAL;
	p = &s.port[port - 1];
	a->state = p->state;
	a->max_mtu = p->max_mtu;
	a->active_mtu = p->active_mtu;
	a->gid_tbl_len = p->gid_tbl_len;
	a->port_cap_flags = p->port_cap_flags;
	a->max_msg_sz = p->max_msg_sz;
	a->bad_pkey_cntr = p->bad_pkey_cntr;
	a->qkey_viol_cntr = p->qkey_viol_cntr;
	a->pkey_tbl_len = p->pkey_tbl_len;
	a->lid = p->lid;
	a->sm_lid = p->sm_lid;
	a->lmc = p->lmc;
	a->max_vl_num = p->max_vl_num;
	a->sm_sl = p->sm_sl;
	a->subnet_timeout = p->subnet_timeout;
	a->init_type_reply = p->init_type_reply;
	a->active_width = p->active_width;
	a->active_speed = p->active_speed;
	a->phys_state = p->phys_state;
	a->link_layer = p->link_layer;
	a->port_cap_flags2 = p->port_cap_flags2;
	return 0;
}

int ibv_query_gid(struct ibv_context *ctx, uint8_t port, int index,
		  union ibv_gid *gid)
{
	const struct scen_gid *g;

	(void)ctx;
	if (port < 1 || port > s.phys_port_cnt || index < 0 ||
	    index >= SCEN_GIDS)
		return -1;
	g = &s.port[port - 1].gid[index];
	memset(gid, 0, sizeof(*gid));
	if (g->valid)
		memcpy(gid->raw, g->raw, 16);
	return 0;
}

/* libibverbs' private ibv_gid_type_sysfs: 0 IB/RoCE v1, 1 RoCE v2 */
int ibv_query_gid_type(struct ibv_context *ctx, uint8_t port,
		       unsigned int index, int *type)
{
	const struct scen_gid *g;

	(void)ctx;
	if (port < 1 || port > s.phys_port_cnt || index >= SCEN_GIDS)
		return -1;
	g = &s.port[port - 1].gid[index];
	*type = g->valid && g->type == 2 ? 1 : 0;
	return 0;
}
