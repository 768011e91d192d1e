// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

static void gid_ll(struct scen_gid *g, uint64_t iid, int type)
{
	int i;

	g->valid = 1;
	g->type = type;
	g->raw[0] = 0xfe;
	g->raw[1] = 0x80;
	for (i = 0; i < 8; i++)
		g->raw[8 + i] = iid >> (56 - 8 * i);
}

static void gid_v4(struct scen_gid *g, uint32_t ip, int type)
{
	g->valid = 1;
	g->type = type;
	g->raw[10] = 0xff;
	g->raw[11] = 0xff;
	g->raw[12] = ip >> 24;
	g->raw[13] = ip >> 16;
	g->raw[14] = ip >> 8;
	g->raw[15] = ip;
}

/* Soft-RoCE as it looks on a veth with an IPv4 address. */
static void scen_rxe(struct scen *s)
{
	struct scen_port *p = &s->port[0];

	s->ibdev = "rxe0";
	s->transport = 0;
	s->raw_fw_ver = 0;
	s->node_guid = 0x505400fffe123456ULL;
	s->sys_image_guid = 0x505400fffe123456ULL;
	s->max_mr_size = ~0ULL;
	s->page_size_cap = 0xfffff000;
	s->device_cap_flags = 0x0000000200223c76ULL;
	s->vendor_id = 0xffffff;
	s->max_qp = 1048560;
	s->max_qp_wr = 1048576;
	s->max_send_sge = 32;
	s->max_recv_sge = 32;
	s->max_sge_rd = 32;
	s->max_cq = 1048576;
	s->max_cqe = 32767;
	s->max_mr = 524287;
	s->max_pd = 1048576;
	s->max_qp_rd_atom = 128;
	s->max_res_rd_atom = 258048;
	s->max_qp_init_rd_atom = 128;
	s->atomic_cap = 1;
	s->max_mw = 524287;
	s->max_mcast_grp = 8192;
	s->max_mcast_qp_attach = 56;
	s->max_total_mcast_qp_attach = 458752;
	s->max_ah = 32767;
	s->max_srq = 917503;
	s->max_srq_wr = 1048576;
	s->max_srq_sge = 27;
	s->max_fast_reg_page_list_len = 512;
	s->max_pkeys = 64;
	s->local_ca_ack_delay = 15;
	s->phys_port_cnt = 1;

	p->state = 4;
	p->max_mtu = 5;
	p->active_mtu = 3;
	p->gid_tbl_len = SCEN_GIDS;
	p->port_cap_flags = 0x00010000 | (1 << 26);
	p->max_msg_sz = 0x800000;
	p->pkey_tbl_len = 1;
	p->max_vl_num = 1;
	p->subnet_timeout = 0;
	p->active_width = 1;
	p->active_speed = 1;
	p->phys_state = 5;
	p->link_layer = 2;
	gid_ll(&p->gid[0], 0x505400fffe123456ULL, 1);
	gid_ll(&p->gid[1], 0x505400fffe123456ULL, 2);
	gid_v4(&p->gid[2], 0x0a000001, 1);
	gid_v4(&p->gid[3], 0x0a000001, 2);
	/* [4] empty; [5] a prefix with a zero interface ID: not shown */
	p->gid[5].valid = 1;
	p->gid[5].raw[0] = 0xfe;
	p->gid[5].raw[1] = 0x80;
	gid_ll(&p->gid[6], 0x0200000000000001ULL, 2);
}

/* An InfiniBand HCA with two ports and every odd value we can think of. */
static void scen_ib(struct scen *s)
{
	int i;

	scen_rxe(s);
	s->ibdev = "mlx5_7";
	strcpy(s->kernel_fw, "16.35.2000");
	s->raw_fw_ver = 0x0010002300c8ULL;
	s->node_guid = 0x0002c90300a1b2c3ULL;
	s->sys_image_guid = 0x0002c90300a1b2c6ULL;
	s->device_cap_flags = 0xffffffffffffffffULL;
	s->max_send_sge = 30;
	s->max_recv_sge = 16;
	s->vendor_id = 0x02c9;
	s->vendor_part_id = 4119;
	s->hw_ver = 0xa;
	s->atomic_cap = 2;
	s->max_srq = 0;
	s->phys_port_cnt = 2;
	s->max_ee = 3;
	s->max_rdd = -1;
	for (i = 0; i < 2; i++) {
		struct scen_port *p = &s->port[i];

		memset(p, 0, sizeof(*p));
		p->state = i ? 1 : 4;
		p->max_mtu = 5;
		p->active_mtu = 5;
		p->gid_tbl_len = SCEN_GIDS;
		p->port_cap_flags = 0x2651e848;
		p->port_cap_flags2 = 0x32;
		p->max_msg_sz = 0x40000000;
		p->bad_pkey_cntr = 7;
		p->qkey_viol_cntr = 0x10;
		p->pkey_tbl_len = 128;
		p->lid = 12 + i;
		p->sm_lid = 1;
		p->lmc = 3;
		p->max_vl_num = 4;
		p->sm_sl = 2;
		p->subnet_timeout = 18;
		p->init_type_reply = 1;
		p->active_width = 2;
		p->active_speed = 32;
		p->phys_state = 5;
		p->link_layer = 1;
		gid_ll(&p->gid[0], 0x0002c90300a1b2c4ULL + i, 0);
		p->gid[1].valid = 1;
		p->gid[1].raw[0] = 0xfe;
		p->gid[1].raw[15] = 1;
	}
}

/* Sweeps over the enumerations and tables, one value set per n. */
static void scen_sweep(struct scen *s, int n)
{
	static const uint8_t speeds[] = { 0, 1, 2, 4, 8, 16, 32, 64, 128, 3,
					  255 };
	struct scen_port *p = &s->port[0];

	scen_rxe(s);
	s->transport = n % 3 == 2;
	s->atomic_cap = n % 4;
	s->raw_fw_ver = (uint64_t)n << 32 | (uint64_t)(n * 3) << 16 | 65535;
	s->device_cap_flags = 1ULL << (n % 32) | 1ULL << ((n * 7) % 32);
	s->max_srq = n & 1;
	p->state = n % 7;
	p->max_mtu = n % 7;
	p->active_mtu = (n + 3) % 7;
	p->max_vl_num = n % 7;
	p->phys_state = n % 9;
	p->link_layer = n % 4;
	p->active_width = n % 33;
	p->active_speed = speeds[n % sizeof(speeds)];
	p->lmc = n;
	p->lid = n * 1000;
	p->port_cap_flags2 = n * 0x111;
	gid_v4(&p->gid[7], 0xc0a80000 + n, n % 3);
}

void scen_get(struct scen *s)
{
	const char *e = getenv("SCENARIO");
	int n = e ? atoi(e) : 0;

	memset(s, 0, sizeof(*s));
	if (n == 0)
		scen_rxe(s);
	else if (n == 1)
		scen_ib(s);
	else
		scen_sweep(s, n);
}
