// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * rdma-test-peer: rdmaapi-rdma-test's server on native libibverbs, so
 * that its client (a guest behind librdmaapi) checks RDMA WRITE, READ and
 * atomics against a stock rdma-core peer. Same exchange, same control
 * messages (rdma-test-proto.h), same buffer: one RC QP, one registered
 * region of rt_buf_len(-S) bytes, with remote atomic access when the
 * device reports atomics (and -A is not given).
 *
 *   rdma-test-peer [-d rxe0] [-i port] [-g gid_index] [-p tcp_port]
 *                  [-S largest_transfer] [-A]
 *
 * Exit status 0 if the client went through to CMD_DONE.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <getopt.h>
#include <infiniband/verbs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "rdma-test-proto.h"

struct peer {
	struct ibv_context *ctx;
	struct ibv_pd *pd;
	struct ibv_cq *cq;
	struct ibv_qp *qp;
	struct ibv_mr *mr;
	uint8_t *buf;
	size_t len;
	int remote_access;	/* IBV_ACCESS_REMOTE_* of the QP and MR */
};

static int fail(const char *what)
{
	perror(what);
	return -1;
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

static int peer_open(struct peer *p, const char *dev, size_t max_size,
		     int no_atomics)
{
	struct ibv_qp_init_attr ia = {
		.cap = { .max_send_wr = 1, .max_recv_wr = 1,
			 .max_send_sge = 1, .max_recv_sge = 1 },
		.qp_type = IBV_QPT_RC,
	};
	struct ibv_device_attr da;

	p->ctx = open_dev(dev);
	if (!p->ctx)
		return fail(dev);
	if (ibv_query_device(p->ctx, &da))
		return fail("query device");
	p->remote_access = IBV_ACCESS_REMOTE_WRITE | IBV_ACCESS_REMOTE_READ;
	if (!no_atomics && da.atomic_cap != IBV_ATOMIC_NONE)
		p->remote_access |= IBV_ACCESS_REMOTE_ATOMIC;
	p->pd = ibv_alloc_pd(p->ctx);
	if (!p->pd)
		return fail("alloc PD");
	p->cq = ibv_create_cq(p->ctx, 4, NULL, NULL, 0);
	if (!p->cq)
		return fail("create CQ");
	ia.send_cq = p->cq;
	ia.recv_cq = p->cq;
	p->qp = ibv_create_qp(p->pd, &ia);
	if (!p->qp)
		return fail("create QP");
	p->len = rt_buf_len(max_size);
	p->buf = aligned_alloc(4096, (p->len + 4095) / 4096 * 4096);
	if (!p->buf)
		return fail("buffer");
	memset(p->buf, RT_CLEAN, p->len);
	p->mr = ibv_reg_mr(p->pd, p->buf, p->len,
			   IBV_ACCESS_LOCAL_WRITE | p->remote_access);
	if (!p->mr)
		return fail("register MR");
	return 0;
}

static void peer_close(struct peer *p)
{
	if (p->qp)
		ibv_destroy_qp(p->qp);
	if (p->cq)
		ibv_destroy_cq(p->cq);
	if (p->mr)
		ibv_dereg_mr(p->mr);
	if (p->pd)
		ibv_dealloc_pd(p->pd);
	if (p->ctx)
		ibv_close_device(p->ctx);
	free(p->buf);
}

/* RESET to RTS towards @rem; the responder of the client's operations. */
static int peer_connect(struct peer *p, int port, int gidx,
			const struct xchg_msg *my, const struct xchg_msg *rem)
{
	struct ibv_qp_attr a = {
		.qp_state = IBV_QPS_INIT,
		.port_num = port,
		.qp_access_flags = p->remote_access,
	};

	if (ibv_modify_qp(p->qp, &a, IBV_QP_STATE | IBV_QP_PKEY_INDEX |
			  IBV_QP_PORT | IBV_QP_ACCESS_FLAGS))
		return fail("QP to INIT");
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTR;
	a.path_mtu = IBV_MTU_1024;
	a.dest_qp_num = ntohl(rem->qpn);
	a.rq_psn = ntohl(rem->psn);
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.is_global = 1;
	memcpy(a.ah_attr.grh.dgid.raw, rem->gid, 16);
	a.ah_attr.grh.sgid_index = gidx;
	a.ah_attr.grh.hop_limit = 1;
	a.ah_attr.port_num = port;
	if (ibv_modify_qp(p->qp, &a, IBV_QP_STATE | IBV_QP_AV |
			  IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
			  IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER))
		return fail("QP to RTR");
	memset(&a, 0, sizeof(a));
	a.qp_state = IBV_QPS_RTS;
	a.sq_psn = ntohl(my->psn);
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.max_rd_atomic = 1;
	if (ibv_modify_qp(p->qp, &a, IBV_QP_STATE | IBV_QP_SQ_PSN |
			  IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT |
			  IBV_QP_RNR_RETRY | IBV_QP_MAX_QP_RD_ATOMIC))
		return fail("QP to RTS");
	return 0;
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"usage: %s [-d dev] [-i port] [-g gid_index] [-p tcp_port] [-S bytes] [-A]\n",
		argv0);
}

int main(int argc, char **argv)
{
	const char *dev = "rxe0";
	int port = 1, gidx = 1, tcp_port = RT_PORT, no_atomics = 0, opt;
	int fd = -1, status = 1;
	size_t max_size = RT_MAX_SIZE;
	struct xchg_msg my = {}, rem;
	struct peer p = {};
	union ibv_gid gid;
	char sync;

	while ((opt = getopt(argc, argv, "d:i:g:p:S:A")) != -1) {
		switch (opt) {
		case 'd': dev = optarg; break;
		case 'i': port = atoi(optarg); break;
		case 'g': gidx = atoi(optarg); break;
		case 'p': tcp_port = atoi(optarg); break;
		case 'S': max_size = strtoull(optarg, NULL, 0); break;
		case 'A': no_atomics = 1; break;
		default: usage(argv[0]); return 2;
		}
	}
	if (optind != argc || !max_size) {
		usage(argv[0]);
		return 2;
	}
	if (peer_open(&p, dev, max_size, no_atomics))
		goto out;
	if (ibv_query_gid(p.ctx, port, gidx, &gid)) {
		fail("query GID");
		goto out;
	}
	srand48(getpid() * time(NULL));
	my.qpn = htonl(p.qp->qp_num);
	my.psn = htonl(lrand48() & 0xffffff);
	memcpy(my.gid, gid.raw, 16);
	my.addr = htobe64((uintptr_t)p.buf);
	my.length = htobe64(p.len);
	my.rkey = htonl(p.mr->rkey);

	fd = xchg_listen(tcp_port);
	if (fd < 0 || xchg_send(fd, &my, sizeof(my)) ||
	    xchg_recv(fd, &rem, sizeof(rem))) {
		fprintf(stderr, "TCP exchange failed\n");
		goto out;
	}
	if (peer_connect(&p, port, gidx, &my, &rem))
		goto out;
	/* Both QPs are ready before the client's first operation. */
	if (xchg_send(fd, "r", 1) || xchg_recv(fd, &sync, 1)) {
		fprintf(stderr, "TCP sync failed\n");
		goto out;
	}
	status = rt_serve(fd, p.buf, p.len) ? 1 : 0;
	printf("rdma-test-peer: %s\n", status ? "FAILED" : "client done");
out:
	if (fd >= 0)
		close(fd);
	peer_close(&p);
	return status;
}
