// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * rdmaapi-rdma-test - RDMA WRITE and READ correctness over librdmaapi.
 *
 * Two processes (server: no host argument; client: the server's host),
 * each with one RC QP and one registered buffer, connected through the
 * TCP exchange of tests/progs/xchg.h. For every case (a size from 1 byte
 * to 16 MiB, local and remote offsets, aligned or not, one or three
 * scatter/gather entries) the client
 *
 *   1. fills its source bytes with a pattern and RDMA WRITEs them into
 *      the server's buffer; the server checks every byte of the target
 *      and that the bytes around it are untouched;
 *   2. has the server fill a remote range with another pattern, RDMA
 *      READs it into cleared local bytes and checks every byte it read
 *      and the bytes around them.
 *
 * Prints one line per case and "N cases, M failed"; exits 1 on any
 * failure. Control messages after the QP exchange: struct cmd from the
 * client, a 32-bit count of wrong bytes back.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rdmaapi/rdmaapi.h>

#include "../tests/progs/xchg.h"

#define MIB		(1024 * 1024)
#define GUARD		64	/* bytes checked around every range */
#define CLEAN		0xa5	/* what a buffer holds outside the ranges */
#define SGE_GAP		4109	/* local distance between SGE pieces */
#define MAX_SGE		3

enum {
	CMD_CHECK = 1,	/* the server checks a range holds a pattern */
	CMD_FILL = 2,	/* the server fills a range with a pattern */
	CMD_DONE = 3,
};

struct cmd {
	uint32_t op;
	uint32_t seed;
	uint64_t off;
	uint64_t len;
};

struct side {
	struct rdmaapi_context *ctx;
	struct rdmaapi_pd *pd;
	struct rdmaapi_cq *cq;
	struct rdmaapi_qp *qp;
	struct rdmaapi_mr *mr;
	unsigned char *buf;
	size_t len;
};

struct opts {
	const char *host;
	int port;
	int ib_port;
	int gidx;
	size_t max_size;
};

static int die(const char *what, int err)
{
	fprintf(stderr, "%s: %s\n", what, rdmaapi_strerror(err));
	return -1;
}

static int side_open(struct side *s, const struct opts *o)
{
	struct rdmaapi_qp_init_attr init = {
		.cap = { .max_send_wr = 4, .max_recv_wr = 1,
			 .max_send_sge = MAX_SGE, .max_recv_sge = 1 },
		.qp_type = RDMAAPI_QPT_RC,
	};
	struct rdmaapi_qp_attr attr = {
		.qp_state = RDMAAPI_QPS_INIT,
		.port_num = o->ib_port,
		.qp_access_flags = RDMAAPI_ACCESS_REMOTE_WRITE |
				   RDMAAPI_ACCESS_REMOTE_READ,
	};
	struct rdmaapi_device **list;
	int ret;

	list = rdmaapi_get_device_list(NULL);
	if (!list || !list[0])
		return die("no RDMA API device", list ? ENODEV : errno);
	s->ctx = rdmaapi_open_device(list[0]);
	rdmaapi_free_device_list(list);
	if (!s->ctx)
		return die("open device", errno);
	s->pd = rdmaapi_alloc_pd(s->ctx);
	if (!s->pd)
		return die("alloc PD", errno);
	s->cq = rdmaapi_create_cq(s->ctx, 8, NULL, NULL, 0);
	if (!s->cq)
		return die("create CQ", errno);
	init.send_cq = s->cq;
	init.recv_cq = s->cq;
	s->qp = rdmaapi_create_qp(s->pd, &init);
	if (!s->qp)
		return die("create QP", errno);
	ret = rdmaapi_modify_qp(s->qp, &attr, RDMAAPI_QP_STATE |
				RDMAAPI_QP_PKEY_INDEX | RDMAAPI_QP_PORT |
				RDMAAPI_QP_ACCESS_FLAGS);
	if (ret)
		return die("QP to INIT", ret);
	/* Room for the largest case spread over its SGEs, plus offsets. */
	s->len = o->max_size + MAX_SGE * SGE_GAP + 2 * 4096 + 2 * GUARD;
	s->buf = aligned_alloc(4096, (s->len + 4095) / 4096 * 4096);
	if (!s->buf)
		return die("buffer", ENOMEM);
	memset(s->buf, CLEAN, s->len);
	s->mr = rdmaapi_reg_mr(s->pd, s->buf, s->len,
			       RDMAAPI_ACCESS_LOCAL_WRITE |
			       RDMAAPI_ACCESS_REMOTE_WRITE |
			       RDMAAPI_ACCESS_REMOTE_READ);
	if (!s->mr)
		return die("register MR", errno);
	return 0;
}

static void side_close(struct side *s)
{
	if (s->qp)
		rdmaapi_destroy_qp(s->qp);
	if (s->cq)
		rdmaapi_destroy_cq(s->cq);
	if (s->mr)
		rdmaapi_dereg_mr(s->mr);
	if (s->pd)
		rdmaapi_dealloc_pd(s->pd);
	if (s->ctx)
		rdmaapi_close_device(s->ctx);
	free(s->buf);
}

static int side_connect(struct side *s, const struct opts *o,
			const struct xchg_msg *my, const struct xchg_msg *rem)
{
	struct rdmaapi_qp_attr attr = {
		.qp_state = RDMAAPI_QPS_RTR,
		.path_mtu = RDMAAPI_MTU_1024,
		.dest_qp_num = ntohl(rem->qpn),
		.rq_psn = ntohl(rem->psn),
		.max_dest_rd_atomic = 1,
		.min_rnr_timer = 12,
		.ah_attr = {
			.is_global = 1,
			.grh = { .hop_limit = 1, .sgid_index = o->gidx },
			.port_num = o->ib_port,
		},
	};
	int ret;

	memcpy(attr.ah_attr.grh.dgid.raw, rem->gid, 16);
	ret = rdmaapi_modify_qp(s->qp, &attr, RDMAAPI_QP_STATE |
				RDMAAPI_QP_AV | RDMAAPI_QP_PATH_MTU |
				RDMAAPI_QP_DEST_QPN | RDMAAPI_QP_RQ_PSN |
				RDMAAPI_QP_MAX_DEST_RD_ATOMIC |
				RDMAAPI_QP_MIN_RNR_TIMER);
	if (ret)
		return die("QP to RTR", ret);
	attr.qp_state = RDMAAPI_QPS_RTS;
	attr.timeout = 14;
	attr.retry_cnt = 7;
	attr.rnr_retry = 7;
	attr.sq_psn = ntohl(my->psn);
	attr.max_rd_atomic = 1;
	ret = rdmaapi_modify_qp(s->qp, &attr, RDMAAPI_QP_STATE |
				RDMAAPI_QP_TIMEOUT | RDMAAPI_QP_RETRY_CNT |
				RDMAAPI_QP_RNR_RETRY | RDMAAPI_QP_SQ_PSN |
				RDMAAPI_QP_MAX_QP_RD_ATOMIC);
	if (ret)
		return die("QP to RTS", ret);
	return 0;
}

/* Bytes of [@off, @off + @len) not holding pattern @seed, plus wrong guards. */
static uint32_t check_range(const struct side *s, size_t off, size_t len,
			    uint32_t seed)
{
	size_t i, lo = off > GUARD ? off - GUARD : 0;
	size_t hi = off + len + GUARD < s->len ? off + len + GUARD : s->len;
	uint32_t bad = 0;

	for (i = 0; i < len; i++)
		bad += s->buf[off + i] != xchg_pattern(i, seed);
	for (i = lo; i < off; i++)
		bad += s->buf[i] != CLEAN;
	for (i = off + len; i < hi; i++)
		bad += s->buf[i] != CLEAN;
	return bad;
}

static void fill_range(struct side *s, size_t off, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		s->buf[off + i] = xchg_pattern(i, seed);
}

static int serve(struct side *s, int fd)
{
	struct cmd c;
	uint32_t bad;

	for (;;) {
		if (xchg_recv(fd, &c, sizeof(c)))
			return die("control connection", EPIPE);
		if (c.op == CMD_DONE)
			return 0;
		if (c.off > s->len || c.len > s->len - c.off)
			return die("range outside the buffer", EINVAL);
		if (c.op == CMD_CHECK) {
			bad = check_range(s, c.off, c.len, c.seed);
			memset(s->buf + c.off, CLEAN, c.len);
		} else {
			fill_range(s, c.off, c.len, c.seed);
			bad = 0;
		}
		if (xchg_send(fd, &bad, sizeof(bad)))
			return die("control connection", EPIPE);
	}
}

/* The message's pieces: @n SGEs, piece j at local offset @loff + j * gap. */
static int build_sges(struct side *s, size_t loff, size_t len, int n,
		      struct rdmaapi_sge *sge, size_t *piece_off)
{
	size_t part = (len + n - 1) / n, done = 0;
	int j;

	for (j = 0; j < n && done < len; j++) {
		size_t l = len - done < part ? len - done : part;

		piece_off[j] = loff + done + (size_t)j * SGE_GAP;
		sge[j].addr = (uintptr_t)(s->buf + piece_off[j]);
		sge[j].length = l;
		sge[j].lkey = s->mr->lkey;
		done += l;
	}
	return j;
}

static int rdma_op(struct side *s, enum rdmaapi_wr_opcode op,
		   struct rdmaapi_sge *sge, int nsge, uint64_t raddr,
		   uint32_t rkey)
{
	struct rdmaapi_send_wr wr = {
		.wr_id = op,
		.sg_list = sge,
		.num_sge = nsge,
		.opcode = op,
		.send_flags = RDMAAPI_SEND_SIGNALED,
		.wr.rdma = { .remote_addr = raddr, .rkey = rkey },
	};
	struct rdmaapi_send_wr *bad;
	struct rdmaapi_wc wc;
	time_t end = time(NULL) + 120;
	int ret;

	ret = rdmaapi_post_send(s->qp, &wr, &bad);
	if (ret)
		return die("post send", ret);
	do {
		ret = rdmaapi_poll_cq(s->cq, 1, &wc);
		if (ret < 0)
			return die("poll CQ", ret);
		if (!ret && time(NULL) > end)
			return die("no completion in 120 s", ETIMEDOUT);
	} while (!ret);
	if (wc.status != RDMAAPI_WC_SUCCESS) {
		fprintf(stderr, "completion: %s (%d), vendor error 0x%x\n",
			rdmaapi_wc_status_str(wc.status), wc.status,
			wc.vendor_err);
		return -1;
	}
	if (wc.wr_id != (uint64_t)op) {
		fprintf(stderr, "completion for wr_id %llu, expected %d\n",
			(unsigned long long)wc.wr_id, op);
		return -1;
	}
	return 0;
}

static int remote(int fd, uint32_t op, size_t off, size_t len, uint32_t seed,
		  uint32_t *bad)
{
	struct cmd c = { .op = op, .seed = seed, .off = off, .len = len };

	if (xchg_send(fd, &c, sizeof(c)) || xchg_recv(fd, bad, sizeof(*bad)))
		return die("control connection", EPIPE);
	return 0;
}

/* One case: WRITE then READ; returns 0 if every byte was right. */
static int run_case(struct side *s, int fd, const struct xchg_msg *rem,
		    size_t len, size_t loff, size_t roff, int nsge,
		    uint32_t seed)
{
	uint64_t raddr = be64toh(rem->addr) + roff;
	uint32_t rkey = ntohl(rem->rkey), wbad, cbad, lbad = 0;
	struct rdmaapi_sge sge[MAX_SGE];
	size_t piece[MAX_SGE], done;
	int n, j;

	/* WRITE: local pieces hold consecutive bytes of the message. */
	n = build_sges(s, loff, len, nsge, sge, piece);
	for (j = 0, done = 0; j < n; done += sge[j].length, j++) {
		size_t i;

		for (i = 0; i < sge[j].length; i++)
			s->buf[piece[j] + i] = xchg_pattern(done + i, seed);
	}
	if (rdma_op(s, RDMAAPI_WR_RDMA_WRITE, sge, n, raddr, rkey) ||
	    remote(fd, CMD_CHECK, roff, len, seed, &wbad))
		return -1;
	for (j = 0; j < n; j++)
		memset(s->buf + piece[j], CLEAN, sge[j].length);

	/* READ into cleared pieces what the server filled. */
	seed = seed * 2654435761U + 1;
	if (remote(fd, CMD_FILL, roff, len, seed, &lbad) ||
	    rdma_op(s, RDMAAPI_WR_RDMA_READ, sge, n, raddr, rkey))
		return -1;
	for (j = 0, done = 0; j < n; done += sge[j].length, j++) {
		size_t i, lo = piece[j] >= GUARD ? piece[j] - GUARD : 0;
		size_t end = piece[j] + sge[j].length;

		for (i = 0; i < sge[j].length; i++)
			lbad += s->buf[piece[j] + i] !=
				xchg_pattern(done + i, seed);
		for (i = lo; i < piece[j]; i++)
			lbad += s->buf[i] != CLEAN;
		for (i = end; i < end + GUARD && i < s->len; i++)
			lbad += s->buf[i] != CLEAN;
		memset(s->buf + piece[j], CLEAN, sge[j].length);
	}
	/*
	 * The server's range goes back to CLEAN through a check of it (a
	 * READ must leave it as it was).
	 */
	if (remote(fd, CMD_CHECK, roff, len, seed, &cbad))
		return -1;
	lbad += cbad;
	printf("%s len %zu local+%zu remote+%zu sge %d: write %s, read %s\n",
	       wbad || lbad ? "FAIL" : "ok  ", len, loff, roff, n,
	       wbad ? "WRONG" : "ok", lbad ? "WRONG" : "ok");
	return wbad || lbad ? 1 : 0;
}

static int run_client(struct side *s, int fd, const struct xchg_msg *rem,
		      const struct opts *o)
{
	static const size_t sizes[] = {
		1, 2, 3, 7, 8, 63, 64, 65, 1023, 1024, 1025, 4095, 4096, 4097,
		65535, 65536, 65537, 1 * MIB + 3, 4 * MIB, 16 * MIB,
	};
	static const size_t offs[][2] = { { 0, 0 }, { 5, 4093 }, { 4095, 1 } };
	unsigned int i, k, cases = 0, failed = 0;
	uint32_t seed = 1;
	struct cmd done = { .op = CMD_DONE };
	int nsge, ret;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (sizes[i] > o->max_size)
			continue;
		for (k = 0; k < sizeof(offs) / sizeof(offs[0]); k++)
			for (nsge = 1; nsge <= MAX_SGE; nsge += MAX_SGE - 1) {
				/* The largest sizes once each way. */
				if (sizes[i] >= 4 * MIB && (int)k != nsge / MAX_SGE)
					continue;
				ret = run_case(s, fd, rem, sizes[i], offs[k][0],
					       offs[k][1], nsge, seed++);
				if (ret < 0)
					return -1;
				cases++;
				failed += ret;
			}
	}
	xchg_send(fd, &done, sizeof(done));
	printf("%u cases, %u failed\n", cases, failed);
	return failed ? 1 : 0;
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"Usage: %s [options]          server\n"
		"       %s [options] <host>   client\n"
		"  -p PORT   TCP port of the exchange (default 18520)\n"
		"  -i PORT   port of the device (default 1)\n"
		"  -g INDEX  GID index (default 1)\n"
		"  -S BYTES  largest transfer (default 16 MiB)\n",
		argv0, argv0);
}

int main(int argc, char *argv[])
{
	struct opts o = { .port = 18520, .ib_port = 1, .gidx = 1,
			  .max_size = 16 * MIB };
	struct xchg_msg my = {}, rem;
	union rdmaapi_gid gid;
	struct side s = {};
	int c, fd = -1, ret, status = 1;

	while ((c = getopt(argc, argv, "p:i:g:S:")) != -1) {
		switch (c) {
		case 'p': o.port = atoi(optarg); break;
		case 'i': o.ib_port = atoi(optarg); break;
		case 'g': o.gidx = atoi(optarg); break;
		case 'S': o.max_size = strtoull(optarg, NULL, 0); break;
		default: usage(argv[0]); return 2;
		}
	}
	if (optind == argc - 1)
		o.host = argv[optind];
	else if (optind != argc || !o.max_size) {
		usage(argv[0]);
		return 2;
	}
	srand48(getpid() * time(NULL));
	if (side_open(&s, &o))
		goto out;
	ret = rdmaapi_query_gid(s.ctx, o.ib_port, o.gidx, &gid, NULL);
	if (ret) {
		die("query GID", ret);
		goto out;
	}
	my.qpn = htonl(s.qp->qp_num);
	my.psn = htonl(lrand48() & 0xffffff);
	memcpy(my.gid, gid.raw, 16);
	my.addr = htobe64((uintptr_t)s.buf);
	my.length = htobe64(s.len);
	my.rkey = htonl(s.mr->rkey);

	fd = o.host ? xchg_connect(o.host, o.port) : xchg_listen(o.port);
	if (fd < 0 || xchg_send(fd, &my, sizeof(my)) ||
	    xchg_recv(fd, &rem, sizeof(rem))) {
		fprintf(stderr, "TCP exchange failed\n");
		goto out;
	}
	if (side_connect(&s, &o, &my, &rem))
		goto out;
	/* Both QPs are ready before the first WRITE. */
	if (xchg_send(fd, "r", 1) || xchg_recv(fd, &c, 1)) {
		fprintf(stderr, "TCP sync failed\n");
		goto out;
	}
	if (o.host)
		status = run_client(&s, fd, &rem, &o) ? 1 : 0;
	else
		status = serve(&s, fd) ? 1 : 0;
out:
	if (fd >= 0)
		close(fd);
	side_close(&s);
	return status;
}
