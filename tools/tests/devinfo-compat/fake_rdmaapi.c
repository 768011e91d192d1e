// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * LD_PRELOAD for rdmaapi-info: plays the guest driver and the host for
 * RDMAAPI_IOCTL_CALL, answering with the device of scenario.c in wire
 * format, as the host backend fills it from ib_device attributes.
 * Everything else goes to the real ioctl().
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/virtio_rdmaapi.h>
#include <rdmaapi/rdmaapi-abi.h>

#include "scenario.h"

static struct scen s;

static int query_device(void *resp)
{
	struct virtio_rdmaapi_device_attr *w = resp;

	memset(w, 0, sizeof(*w));
	memcpy(w->fw_ver, s.kernel_fw, sizeof(w->fw_ver));
	w->raw_fw_ver = htole64(s.raw_fw_ver);
	w->node_guid = htobe64(s.node_guid);
	w->sys_image_guid = htobe64(s.sys_image_guid);
	w->max_mr_size = htole64(s.max_mr_size);
	w->page_size_cap = htole64(s.page_size_cap);
	w->device_cap_flags = htole64(s.device_cap_flags);
	w->vendor_id = htole32(s.vendor_id);
	w->vendor_part_id = htole32(s.vendor_part_id);
	w->hw_ver = htole32(s.hw_ver);
	w->max_qp = htole32(s.max_qp);
	w->max_qp_wr = htole32(s.max_qp_wr);
	w->max_send_sge = htole32(s.max_send_sge);
	w->max_recv_sge = htole32(s.max_recv_sge);
	w->max_sge_rd = htole32(s.max_sge_rd);
	w->max_cq = htole32(s.max_cq);
	w->max_cqe = htole32(s.max_cqe);
	w->max_mr = htole32(s.max_mr);
	w->max_pd = htole32(s.max_pd);
	w->max_qp_rd_atom = htole32(s.max_qp_rd_atom);
	w->max_ee_rd_atom = htole32(s.max_ee_rd_atom);
	w->max_res_rd_atom = htole32(s.max_res_rd_atom);
	w->max_qp_init_rd_atom = htole32(s.max_qp_init_rd_atom);
	w->max_ee_init_rd_atom = htole32(s.max_ee_init_rd_atom);
	w->atomic_cap = htole32(s.atomic_cap);
	w->max_ee = htole32(s.max_ee);
	w->max_rdd = htole32(s.max_rdd);
	w->max_mw = htole32(s.max_mw);
	w->max_raw_ipv6_qp = htole32(s.max_raw_ipv6_qp);
	w->max_raw_ethy_qp = htole32(s.max_raw_ethy_qp);
	w->max_mcast_grp = htole32(s.max_mcast_grp);
	w->max_mcast_qp_attach = htole32(s.max_mcast_qp_attach);
	w->max_total_mcast_qp_attach = htole32(s.max_total_mcast_qp_attach);
	w->max_ah = htole32(s.max_ah);
	w->max_srq = htole32(s.max_srq);
	w->max_srq_wr = htole32(s.max_srq_wr);
	w->max_srq_sge = htole32(s.max_srq_sge);
	w->max_fast_reg_page_list_len = htole32(s.max_fast_reg_page_list_len);
	w->max_pkeys = htole16(s.max_pkeys);
	w->local_ca_ack_delay = s.local_ca_ack_delay;
	w->phys_port_cnt = s.phys_port_cnt;
	w->transport = htole32(s.transport);
	return sizeof(*w);
}

static int query_port(const void *req, void *resp)
{
	const struct virtio_rdmaapi_query_port_req *q = req;
	struct virtio_rdmaapi_port_attr *w = resp;
	uint32_t port = le32toh(q->port_num);
	const struct scen_port *p;

	if (port < 1 || port > s.phys_port_cnt)
		return -EINVAL;
	p = &s.port[port - 1];
	memset(w, 0, sizeof(*w));
	w->state = htole32(p->state);
	w->max_mtu = htole32(p->max_mtu);
	w->active_mtu = htole32(p->active_mtu);
	w->gid_tbl_len = htole32(p->gid_tbl_len);
	w->port_cap_flags = htole32(p->port_cap_flags);
	w->max_msg_sz = htole32(p->max_msg_sz);
	w->bad_pkey_cntr = htole32(p->bad_pkey_cntr);
	w->qkey_viol_cntr = htole32(p->qkey_viol_cntr);
	w->pkey_tbl_len = htole16(p->pkey_tbl_len);
	w->lid = htole16(p->lid);
	w->sm_lid = htole16(p->sm_lid);
	w->port_cap_flags2 = htole16(p->port_cap_flags2);
	w->active_speed = htole16(p->active_speed);
	w->lmc = p->lmc;
	w->max_vl_num = p->max_vl_num;
	w->sm_sl = p->sm_sl;
	w->subnet_timeout = p->subnet_timeout;
	w->init_type_reply = p->init_type_reply;
	w->active_width = p->active_width;
	w->phys_state = p->phys_state;
	w->link_layer = p->link_layer;
	return sizeof(*w);
}

static int query_gid(const void *req, void *resp)
{
	const struct virtio_rdmaapi_query_gid_req *q = req;
	struct virtio_rdmaapi_gid *w = resp;
	uint32_t port = le32toh(q->port_num), index = le32toh(q->index);
	const struct scen_gid *g;

	if (port < 1 || port > s.phys_port_cnt || index >= SCEN_GIDS)
		return -EINVAL;
	g = &s.port[port - 1].gid[index];
	if (!g->valid)
		return -ENODATA;
	memset(w, 0, sizeof(*w));
	memcpy(w->raw, g->raw, 16);
	w->gid_type = htole32(g->type);
	return sizeof(*w);
}

static int call(struct rdmaapi_cmd *cmd)
{
	static const unsigned int req_len[] = { 0, 0, 8, 8 };
	static const unsigned int resp_len[] = { 0, 248, 64, 24 };
	void *req = (void *)(uintptr_t)cmd->req;
	void *resp = (void *)(uintptr_t)cmd->resp;
	unsigned char buf[256];
	int n;

	scen_get(&s);
	if (cmd->api != VIRTIO_RDMAAPI_API_VERBS || cmd->opcode < 1 ||
	    cmd->opcode > 3)
		return -EOPNOTSUPP;
	if (cmd->req_len != req_len[cmd->opcode] || cmd->reserved)
		return -EINVAL;
	switch (cmd->opcode) {
	case VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE:
		n = query_device(buf);
		break;
	case VIRTIO_RDMAAPI_VERBS_QUERY_PORT:
		n = query_port(req, buf);
		break;
	default:
		n = query_gid(req, buf);
		break;
	}
	if (n < 0)
		return n;
	if ((unsigned int)n > cmd->resp_len || (unsigned int)n != resp_len[cmd->opcode])
		return -EIO;
	memcpy(resp, buf, n);
	cmd->resp_len = n;
	return 0;
}

int ioctl(int fd, unsigned long request, ...)
{
	static int (*real)(int, unsigned long, ...);
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);

	if (request == RDMAAPI_IOCTL_CALL) {
		ret = call(arg);
		if (ret) {
			errno = -ret;
			return -1;
		}
		return 0;
	}
	if (!real)
		real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	return real(fd, request, arg);
}
