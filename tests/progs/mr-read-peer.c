// SPDX-License-Identifier: GPL-2.0-only
/*
 * mr-read-peer: a native libibverbs peer that RDMA-READs a region another
 * program exported (a guest behind librdmaapi) and checks every byte
 * against the agreed pattern. It listens on a TCP port for the exchange.
 *
 *   mr-read-peer [-d rxe0] [-g gid_index] [-p port] [-c chunk_bytes]
 *
 * Exit status 0 only if every byte matched.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <infiniband/verbs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "xchg.h"

static int die(const char *what)
{
	perror(what);
	exit(2);
}

static struct ibv_context *open_dev(const char *name)
{
	struct ibv_device **list = ibv_get_device_list(NULL);
	struct ibv_context *ctx = NULL;
	int i;

	for (i = 0; list && list[i]; i++)
		if (!strcmp(ibv_get_device_name(list[i]), name))
			ctx = ibv_open_device(list[i]);
	ibv_free_device_list(list);
	return ctx;
}

static void connect_qp(struct ibv_qp *qp, const struct xchg_msg *peer,
		       int gidx)
{
	struct ibv_qp_attr a = {
		.qp_state = IBV_QPS_INIT,
		.port_num = 1,
		.qp_access_flags = 0,
	};

	if (ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX |
			  IBV_QP_PORT | IBV_QP_ACCESS_FLAGS))
		die("modify INIT");
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTR;
	a.path_mtu = IBV_MTU_1024;
	a.dest_qp_num = ntohl(peer->qpn);
	a.rq_psn = ntohl(peer->psn);
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.is_global = 1;
	memcpy(a.ah_attr.grh.dgid.raw, peer->gid, 16);
	a.ah_attr.grh.sgid_index = gidx;
	a.ah_attr.grh.hop_limit = 1;
	a.ah_attr.port_num = 1;
	if (ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_AV | IBV_QP_PATH_MTU |
			  IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
			  IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER))
		die("modify RTR");
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTS;
	a.sq_psn = 0;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.max_rd_atomic = 1;
	if (ibv_modify_qp(qp, &a, IBV_QP_STATE | IBV_QP_SQ_PSN |
			  IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT |
			  IBV_QP_RNR_RETRY | IBV_QP_MAX_QP_RD_ATOMIC))
		die("modify RTS");
}

static int read_chunk(struct ibv_qp *qp, struct ibv_cq *cq, struct ibv_mr *mr,
		      uint64_t raddr, uint32_t rkey, uint32_t len)
{
	struct ibv_sge sge = { .addr = (uintptr_t)mr->addr, .length = len,
			       .lkey = mr->lkey };
	struct ibv_send_wr wr = {
		.sg_list = &sge, .num_sge = 1, .opcode = IBV_WR_RDMA_READ,
		.send_flags = IBV_SEND_SIGNALED,
		.wr.rdma = { .remote_addr = raddr, .rkey = rkey },
	}, *bad;
	struct ibv_wc wc;
	int n;

	if (ibv_post_send(qp, &wr, &bad))
		die("post RDMA READ");
	while (!(n = ibv_poll_cq(cq, 1, &wc)))
		;
	if (n < 0)
		die("poll");
	if (wc.status != IBV_WC_SUCCESS) {
		fprintf(stderr, "RDMA READ failed: %s\n",
			ibv_wc_status_str(wc.status));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *devname = "rxe0";
	int port = 18515, gidx = 1, opt, fd, bad = 0;
	uint32_t chunk = 1 << 20;
	struct xchg_msg me = {}, peer;
	struct ibv_context *ctx;
	struct ibv_qp_init_attr ia = {};
	union ibv_gid gid;
	uint64_t off, len, i;
	struct ibv_pd *pd;
	struct ibv_cq *cq;
	struct ibv_mr *mr;
	struct ibv_qp *qp;
	uint8_t *buf, verdict;

	while ((opt = getopt(argc, argv, "d:g:p:c:")) != -1) {
		switch (opt) {
		case 'd': devname = optarg; break;
		case 'g': gidx = atoi(optarg); break;
		case 'p': port = atoi(optarg); break;
		case 'c': chunk = strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: %s [-d dev] [-g gidx] [-p port] [-c chunk]\n",
				argv[0]);
			return 2;
		}
	}
	ctx = open_dev(devname);
	if (!ctx)
		die(devname);
	pd = ibv_alloc_pd(ctx);
	cq = ibv_create_cq(ctx, 4, NULL, NULL, 0);
	buf = aligned_alloc(4096, chunk);
	if (!pd || !cq || !buf)
		die("setup");
	mr = ibv_reg_mr(pd, buf, chunk, IBV_ACCESS_LOCAL_WRITE);
	if (!mr)
		die("reg_mr");
	ia.send_cq = cq;
	ia.recv_cq = cq;
	ia.cap.max_send_wr = 4;
	ia.cap.max_recv_wr = 1;
	ia.cap.max_send_sge = 1;
	ia.cap.max_recv_sge = 1;
	ia.qp_type = IBV_QPT_RC;
	qp = ibv_create_qp(pd, &ia);
	if (!qp || ibv_query_gid(ctx, 1, gidx, &gid))
		die("qp/gid");

	fd = xchg_listen(port);
	if (fd < 0)
		die("listen");
	if (xchg_recv(fd, &peer, sizeof(peer)))
		die("recv");
	me.qpn = htonl(qp->qp_num);
	memcpy(me.gid, gid.raw, 16);
	if (xchg_send(fd, &me, sizeof(me)))
		die("send");
	connect_qp(qp, &peer, gidx);

	len = be64toh(peer.length);
	for (off = 0; off < len && !bad; off += chunk) {
		uint32_t n = len - off < chunk ? len - off : chunk;

		if (read_chunk(qp, cq, mr, be64toh(peer.addr) + off,
			       ntohl(peer.rkey), n)) {
			bad = 1;
			break;
		}
		for (i = 0; i < n; i++) {
			if (buf[i] != xchg_pattern(off + i, ntohl(peer.seed))) {
				fprintf(stderr, "mismatch at byte %llu: %#x != %#x\n",
					(unsigned long long)(off + i), buf[i],
					xchg_pattern(off + i, ntohl(peer.seed)));
				bad = 1;
				break;
			}
		}
	}
	printf("mr-read-peer: read %llu bytes, %s\n", (unsigned long long)off,
	       bad ? "MISMATCH" : "all match");
	verdict = bad;
	xchg_send(fd, &verdict, 1);
	close(fd);
	ibv_destroy_qp(qp);
	ibv_dereg_mr(mr);
	ibv_destroy_cq(cq);
	ibv_dealloc_pd(pd);
	ibv_close_device(ctx);
	free(buf);
	return bad;
}
