/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * One made-up host RDMA device, described once and served twice: to
 * rdma-core's ibv_devinfo through fake_ibverbs.so (as libibverbs would
 * return it) and to rdmaapi-info through fake_rdmaapi.so (as the host and
 * the guest driver would put it on the wire). SCENARIO=<n> picks it.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include <stdint.h>

#define SCEN_MAX_PORTS	2
#define SCEN_GIDS	8

struct scen_gid {
	int valid;		/* 0: empty entry */
	uint8_t raw[16];
	int type;		/* kernel: 0 IB, 1 RoCE v1, 2 RoCE v2 */
};

struct scen_port {
	int state, max_mtu, active_mtu, gid_tbl_len;
	uint32_t port_cap_flags, max_msg_sz, bad_pkey_cntr, qkey_viol_cntr;
	uint16_t pkey_tbl_len, lid, sm_lid, port_cap_flags2;
	uint8_t lmc, max_vl_num, sm_sl, subnet_timeout, init_type_reply;
	uint8_t active_width, active_speed, phys_state, link_layer;
	struct scen_gid gid[SCEN_GIDS];
};

struct scen {
	const char *ibdev;
	int transport;			/* 0 IB, 1 iWARP */
	char kernel_fw[64];		/* host driver's string, may be "" */
	uint64_t raw_fw_ver;
	uint64_t node_guid;		/* host order */
	uint64_t sys_image_guid;	/* host order */
	uint64_t max_mr_size, page_size_cap, device_cap_flags;
	uint32_t vendor_id, vendor_part_id, hw_ver;
	int max_qp, max_qp_wr, max_send_sge, max_recv_sge, max_sge_rd;
	int max_cq, max_cqe, max_mr, max_pd, max_qp_rd_atom, max_ee_rd_atom;
	int max_res_rd_atom, max_qp_init_rd_atom, max_ee_init_rd_atom;
	int atomic_cap, max_ee, max_rdd, max_mw, max_raw_ipv6_qp;
	int max_raw_ethy_qp, max_mcast_grp, max_mcast_qp_attach;
	int max_total_mcast_qp_attach, max_ah, max_srq, max_srq_wr;
	int max_srq_sge, max_fast_reg_page_list_len;
	uint16_t max_pkeys;
	uint8_t local_ca_ack_delay, phys_port_cnt;
	struct scen_port port[SCEN_MAX_PORTS];
};

void scen_get(struct scen *s);

#endif
