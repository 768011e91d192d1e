// SPDX-License-Identifier: GPL-2.0-only
/* Bringing a librdmaapi RC QP from RESET to RTS, for the test programs. */
#include <string.h>
#include "connect.h"

/*
 * RESET -> INIT -> RTR -> RTS with the masks libibverbs programs use;
 * one outstanding RDMA READ or atomic each way. Returns 0 or -errno.
 */
int conn_rts(struct rdmaapi_qp *qp, uint8_t port, int gidx,
	     enum rdmaapi_mtu mtu, const struct conn_peer *peer,
	     uint32_t my_psn, int access)
{
	struct rdmaapi_qp_attr a;
	int ret;

	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_INIT;
	a.port_num = port;
	a.qp_access_flags = access;
	ret = rdmaapi_modify_qp(qp, &a, RDMAAPI_QP_STATE |
				RDMAAPI_QP_PKEY_INDEX | RDMAAPI_QP_PORT |
				RDMAAPI_QP_ACCESS_FLAGS);
	if (ret)
		return ret;
	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_RTR;
	a.path_mtu = mtu;
	a.dest_qp_num = peer->qpn;
	a.rq_psn = peer->psn;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.is_global = 1;
	a.ah_attr.grh.dgid = peer->gid;
	a.ah_attr.grh.sgid_index = gidx;
	a.ah_attr.grh.hop_limit = 1;
	a.ah_attr.port_num = port;
	ret = rdmaapi_modify_qp(qp, &a, RDMAAPI_QP_STATE | RDMAAPI_QP_AV |
				RDMAAPI_QP_PATH_MTU | RDMAAPI_QP_DEST_QPN |
				RDMAAPI_QP_RQ_PSN |
				RDMAAPI_QP_MAX_DEST_RD_ATOMIC |
				RDMAAPI_QP_MIN_RNR_TIMER);
	if (ret)
		return ret;
	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_RTS;
	a.sq_psn = my_psn;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.max_rd_atomic = 1;
	return rdmaapi_modify_qp(qp, &a, RDMAAPI_QP_STATE | RDMAAPI_QP_SQ_PSN |
				 RDMAAPI_QP_TIMEOUT | RDMAAPI_QP_RETRY_CNT |
				 RDMAAPI_QP_RNR_RETRY |
				 RDMAAPI_QP_MAX_QP_RD_ATOMIC);
}

/* Connected to itself through the port's GID @gidx. */
int conn_self(struct rdmaapi_context *ctx, struct rdmaapi_qp *qp,
	      uint8_t port, int gidx, enum rdmaapi_mtu mtu)
{
	struct conn_peer self = { .qpn = qp->qp_num };
	enum rdmaapi_gid_type type;
	int ret;

	ret = rdmaapi_query_gid(ctx, port, gidx, &self.gid, &type);
	if (ret)
		return ret;
	return conn_rts(qp, port, gidx, mtu, &self, 0,
			RDMAAPI_ACCESS_REMOTE_WRITE | RDMAAPI_ACCESS_REMOTE_READ);
}
