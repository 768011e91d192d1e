// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * rdmaapi-rdma-test - RDMA WRITE, READ and atomics correctness over
 * librdmaapi.
 *
 * Two processes (server: no host argument; client: the server's host),
 * each with one RC QP and one registered buffer, connected through the
 * TCP exchange of tests/progs/xchg.h. The server only answers control
 * messages (tests/progs/rdma-test-proto.h); tests/progs/rdma-test-peer is
 * the same server on native libibverbs. For every case (a size from 1
 * byte to 16 MiB, local and remote offsets, aligned or not, one or three
 * scatter/gather entries) the client
 *
 *   1. fills its source bytes with a pattern and RDMA WRITEs them into
 *      the server's buffer; the server checks every byte of the target
 *      and that the bytes around it are untouched;
 *   2. has the server fill a remote range with another pattern, RDMA
 *      READs it into cleared local bytes and checks every byte it read
 *      and the bytes around them.
 *
 * Then, if the device reports atomics (atomic_cap not NONE) and -A is not
 * given, compare-and-swap and fetch-and-add cases, single and as lists of
 * 16 work requests: the server sets a 64-bit word, the client runs the
 * atomics on it and checks the old values they returned into its buffer,
 * the server checks the word's new value (against a model of the
 * operations), both also the bytes around them.
 *
 * Prints one line per case, "write-read: N cases, M failed", "atomics:
 * N cases, M failed" (or "atomics: not run (why)") and the total "N
 * cases, M failed"; exits 1 on any failure.
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

#include "../tests/progs/rdma-test-proto.h"

#define ATOMIC_LIST	16	/* work requests of the longest atomic list */

struct side {
	struct rdmaapi_context *ctx;
	struct rdmaapi_pd *pd;
	struct rdmaapi_cq *cq;
	struct rdmaapi_qp *qp;
	struct rdmaapi_mr *mr;
	unsigned char *buf;
	size_t len;
	int atomics;	/* the device has them and they are wanted */
};

struct opts {
	const char *host;
	int port;
	int ib_port;
	int gidx;
	size_t max_size;
	int no_atomics;
};

static int die(const char *what, int err)
{
	fprintf(stderr, "%s: %s\n", what, rdmaapi_strerror(err));
	return -1;
}

static int side_open(struct side *s, const struct opts *o)
{
	struct rdmaapi_qp_init_attr init = {
		.cap = { .max_send_wr = ATOMIC_LIST, .max_recv_wr = 1,
			 .max_send_sge = RT_MAX_SGE, .max_recv_sge = 1 },
		.qp_type = RDMAAPI_QPT_RC,
	};
	struct rdmaapi_qp_attr attr = {
		.qp_state = RDMAAPI_QPS_INIT,
		.port_num = o->ib_port,
		.qp_access_flags = RDMAAPI_ACCESS_REMOTE_WRITE |
				   RDMAAPI_ACCESS_REMOTE_READ,
	};
	int access = RDMAAPI_ACCESS_LOCAL_WRITE | RDMAAPI_ACCESS_REMOTE_WRITE |
		     RDMAAPI_ACCESS_REMOTE_READ;
	struct rdmaapi_device_attr dev;
	struct rdmaapi_device **list;
	int ret;

	list = rdmaapi_get_device_list(NULL);
	if (!list || !list[0])
		return die("no RDMA API device", list ? ENODEV : errno);
	s->ctx = rdmaapi_open_device(list[0]);
	rdmaapi_free_device_list(list);
	if (!s->ctx)
		return die("open device", errno);
	ret = rdmaapi_query_device(s->ctx, &dev);
	if (ret)
		return die("query device", ret);
	s->atomics = !o->no_atomics && dev.atomic_cap != RDMAAPI_ATOMIC_NONE;
	if (s->atomics) {
		attr.qp_access_flags |= RDMAAPI_ACCESS_REMOTE_ATOMIC;
		access |= RDMAAPI_ACCESS_REMOTE_ATOMIC;
	}
	s->pd = rdmaapi_alloc_pd(s->ctx);
	if (!s->pd)
		return die("alloc PD", errno);
	s->cq = rdmaapi_create_cq(s->ctx, 2 * ATOMIC_LIST, NULL, NULL, 0);
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
	s->len = rt_buf_len(o->max_size);
	s->buf = aligned_alloc(4096, (s->len + 4095) / 4096 * 4096);
	if (!s->buf)
		return die("buffer", ENOMEM);
	memset(s->buf, RT_CLEAN, s->len);
	s->mr = rdmaapi_reg_mr(s->pd, s->buf, s->len, access);
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

/* The message's pieces: @n SGEs, piece j at local offset @loff + j * gap. */
static int build_sges(struct side *s, size_t loff, size_t len, int n,
		      struct rdmaapi_sge *sge, size_t *piece_off)
{
	size_t part = (len + n - 1) / n, done = 0;
	int j;

	for (j = 0; j < n && done < len; j++) {
		size_t l = len - done < part ? len - done : part;

		piece_off[j] = loff + done + (size_t)j * RT_SGE_GAP;
		sge[j].addr = (uintptr_t)(s->buf + piece_off[j]);
		sge[j].length = l;
		sge[j].lkey = s->mr->lkey;
		done += l;
	}
	return j;
}

/* The completion opcode of send opcode @op. */
static enum rdmaapi_wc_opcode wc_opcode(enum rdmaapi_wr_opcode op)
{
	switch (op) {
	case RDMAAPI_WR_RDMA_READ:		return RDMAAPI_WC_RDMA_READ;
	case RDMAAPI_WR_ATOMIC_CMP_AND_SWP:	return RDMAAPI_WC_COMP_SWAP;
	case RDMAAPI_WR_ATOMIC_FETCH_AND_ADD:	return RDMAAPI_WC_FETCH_ADD;
	default:				return RDMAAPI_WC_RDMA_WRITE;
	}
}

/*
 * Post the list @wr of @n signaled work requests and wait for their
 * completions: successful, in order, with their opcodes.
 */
static int post_wait(struct side *s, struct rdmaapi_send_wr *wr, int n)
{
	struct rdmaapi_send_wr *bad, *w = wr;
	struct rdmaapi_wc wc[ATOMIC_LIST];
	time_t end = time(NULL) + 120;
	int ret, got = 0, i;

	ret = rdmaapi_post_send(s->qp, wr, &bad);
	if (ret)
		return die("post send", ret);
	while (got < n) {
		ret = rdmaapi_poll_cq(s->cq, n - got, wc);
		if (ret < 0)
			return die("poll CQ", ret);
		if (!ret && time(NULL) > end)
			return die("no completion in 120 s", ETIMEDOUT);
		for (i = 0; i < ret; i++, got++, w = w->next) {
			if (wc[i].status != RDMAAPI_WC_SUCCESS) {
				fprintf(stderr, "completion: %s (%d), vendor error 0x%x\n",
					rdmaapi_wc_status_str(wc[i].status),
					wc[i].status, wc[i].vendor_err);
				return -1;
			}
			if (wc[i].wr_id != w->wr_id ||
			    wc[i].opcode != wc_opcode(w->opcode)) {
				fprintf(stderr, "completion for wr_id %llu opcode %d, expected %llu opcode %d\n",
					(unsigned long long)wc[i].wr_id,
					wc[i].opcode,
					(unsigned long long)w->wr_id,
					wc_opcode(w->opcode));
				return -1;
			}
		}
	}
	return 0;
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

	return post_wait(s, &wr, 1);
}

/* Send @c to the server and read its count of wrong bytes into @bad. */
static int remote(int fd, const struct cmd *c, uint32_t *bad)
{
	if (xchg_send(fd, c, sizeof(*c)) || xchg_recv(fd, bad, sizeof(*bad)))
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
	struct rdmaapi_sge sge[RT_MAX_SGE];
	size_t piece[RT_MAX_SGE], done;
	struct cmd c = { .off = roff, .len = len };
	int n, j;

	/* WRITE: local pieces hold consecutive bytes of the message. */
	n = build_sges(s, loff, len, nsge, sge, piece);
	for (j = 0, done = 0; j < n; done += sge[j].length, j++)
		rt_fill(s->buf, piece[j], sge[j].length, done, seed);
	c.op = CMD_CHECK;
	c.seed = seed;
	if (rdma_op(s, RDMAAPI_WR_RDMA_WRITE, sge, n, raddr, rkey) ||
	    remote(fd, &c, &wbad))
		return -1;
	for (j = 0; j < n; j++)
		memset(s->buf + piece[j], RT_CLEAN, sge[j].length);

	/* READ into cleared pieces what the server filled. */
	c.op = CMD_FILL;
	c.seed = seed * 2654435761U + 1;
	if (remote(fd, &c, &lbad) ||
	    rdma_op(s, RDMAAPI_WR_RDMA_READ, sge, n, raddr, rkey))
		return -1;
	for (j = 0, done = 0; j < n; done += sge[j].length, j++) {
		lbad += rt_check(s->buf, s->len, piece[j], sge[j].length, done,
				 c.seed);
		memset(s->buf + piece[j], RT_CLEAN, sge[j].length);
	}
	/*
	 * The server's range goes back to CLEAN through a check of it (a
	 * READ must leave it as it was).
	 */
	c.op = CMD_CHECK;
	if (remote(fd, &c, &cbad))
		return -1;
	lbad += cbad;
	printf("%s len %zu local+%zu remote+%zu sge %d: write %s, read %s\n",
	       wbad || lbad ? "FAIL" : "ok  ", len, loff, roff, n,
	       wbad ? "WRONG" : "ok", lbad ? "WRONG" : "ok");
	return wbad || lbad ? 1 : 0;
}

/*
 * An atomic case: the server's word at @roff starts as @before; @n work
 * requests of opcode @op, the k-th with operands @compare_add + k * @step
 * and @swap + k * @step, return their old values into 8-byte slots at
 * @loff + 8 * k of the local buffer.
 */
struct atomic_case {
	const char *name;
	enum rdmaapi_wr_opcode op;
	uint64_t before;
	uint64_t compare_add;
	uint64_t swap;
	uint64_t step;
	int n;
	size_t loff;
	size_t roff;	/* SIZE_MAX: the last word of the server's buffer */
};

#define V0	0x0123456789abcdefULL
#define V1	0xfedcba9876543210ULL

static const struct atomic_case atomic_cases[] = {
	{ "cas-hit", RDMAAPI_WR_ATOMIC_CMP_AND_SWP, V0, V0, V1, 0, 1, 0, 0 },
	{ "cas-miss", RDMAAPI_WR_ATOMIC_CMP_AND_SWP, V1, V0, 0x5555, 0, 1,
	  4096 + 8, 4096 + 8 },
	{ "faa", RDMAAPI_WR_ATOMIC_FETCH_AND_ADD, V0, 0x100000001ULL, 0, 0, 1,
	  64, 8 * 1000 },
	{ "faa-carry", RDMAAPI_WR_ATOMIC_FETCH_AND_ADD, ~0ULL, 2, 0, 0, 1,
	  8, SIZE_MAX },
	{ "cas-list", RDMAAPI_WR_ATOMIC_CMP_AND_SWP, 100, 100, 101, 1,
	  ATOMIC_LIST, 128, 16 },
	{ "faa-list", RDMAAPI_WR_ATOMIC_FETCH_AND_ADD, V1, 3, 0, 0,
	  ATOMIC_LIST, 4096 - 64, 4096 },
};

/* Runs @a; returns 0 if the old values and the new one were right. */
static int run_atomic(struct side *s, int fd, const struct xchg_msg *rem,
		      const struct atomic_case *a)
{
	size_t roff = a->roff == SIZE_MAX ?
		      (be64toh(rem->length) - 8) & ~(size_t)7 : a->roff;
	struct rdmaapi_send_wr wr[ATOMIC_LIST];
	struct rdmaapi_sge sge[ATOMIC_LIST];
	struct cmd c = { .op = CMD_SET64, .off = roff, .len = 8,
			 .val = a->before };
	uint32_t lbad = 0, rbad;
	uint64_t cur = a->before;
	int k;

	if (remote(fd, &c, &rbad))
		return -1;
	memset(wr, 0, sizeof(wr));
	for (k = 0; k < a->n; k++) {
		sge[k].addr = (uintptr_t)(s->buf + a->loff + 8 * k);
		sge[k].length = 8;
		sge[k].lkey = s->mr->lkey;
		wr[k].wr_id = 1000 + k;
		wr[k].next = k + 1 < a->n ? &wr[k + 1] : NULL;
		wr[k].sg_list = &sge[k];
		wr[k].num_sge = 1;
		wr[k].opcode = a->op;
		wr[k].send_flags = RDMAAPI_SEND_SIGNALED;
		wr[k].wr.atomic.remote_addr = be64toh(rem->addr) + roff;
		wr[k].wr.atomic.rkey = ntohl(rem->rkey);
		wr[k].wr.atomic.compare_add = a->compare_add + k * a->step;
		wr[k].wr.atomic.swap = a->swap + k * a->step;
	}
	if (post_wait(s, wr, a->n))
		return -1;
	/* What each should have returned, and the word after all of them. */
	for (k = 0; k < a->n; k++) {
		lbad += rt_diff64(s->buf + a->loff + 8 * k, cur);
		if (a->op == RDMAAPI_WR_ATOMIC_FETCH_AND_ADD)
			cur += wr[k].wr.atomic.compare_add;
		else if (cur == wr[k].wr.atomic.compare_add)
			cur = wr[k].wr.atomic.swap;
	}
	lbad += rt_check_guards(s->buf, s->len, a->loff, 8 * a->n);
	memset(s->buf + a->loff, RT_CLEAN, 8 * a->n);
	c.op = CMD_CHECK64;
	c.val = cur;
	if (remote(fd, &c, &rbad))
		return -1;
	printf("%s atomic %s x%d local+%zu remote+%zu: old %s, new %s\n",
	       lbad || rbad ? "FAIL" : "ok  ", a->name, a->n, a->loff, roff,
	       lbad ? "WRONG" : "ok", rbad ? "WRONG" : "ok");
	return lbad || rbad ? 1 : 0;
}

static int run_client(struct side *s, int fd, const struct xchg_msg *rem,
		      const struct opts *o)
{
	static const size_t sizes[] = {
		1, 2, 3, 7, 8, 63, 64, 65, 1023, 1024, 1025, 4095, 4096, 4097,
		65535, 65536, 65537, 1 * RT_MIB + 3, 4 * RT_MIB, 16 * RT_MIB,
	};
	static const size_t offs[][2] = { { 0, 0 }, { 5, 4093 }, { 4095, 1 } };
	unsigned int i, k, cases = 0, failed = 0, acases = 0, afailed = 0;
	uint32_t seed = 1;
	struct cmd done = { .op = CMD_DONE };
	int nsge, ret;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (sizes[i] > o->max_size)
			continue;
		for (k = 0; k < sizeof(offs) / sizeof(offs[0]); k++)
			for (nsge = 1; nsge <= RT_MAX_SGE; nsge += RT_MAX_SGE - 1) {
				/* The largest sizes once each way. */
				if (sizes[i] >= 4 * RT_MIB &&
				    (int)k != nsge / RT_MAX_SGE)
					continue;
				ret = run_case(s, fd, rem, sizes[i], offs[k][0],
					       offs[k][1], nsge, seed++);
				if (ret < 0)
					return -1;
				cases++;
				failed += ret;
			}
	}
	for (i = 0; s->atomics &&
	     i < sizeof(atomic_cases) / sizeof(atomic_cases[0]); i++) {
		ret = run_atomic(s, fd, rem, &atomic_cases[i]);
		if (ret < 0)
			return -1;
		acases++;
		afailed += ret;
	}
	xchg_send(fd, &done, sizeof(done));
	printf("write-read: %u cases, %u failed\n", cases, failed);
	if (s->atomics)
		printf("atomics: %u cases, %u failed\n", acases, afailed);
	else
		printf("atomics: not run (%s)\n", o->no_atomics ? "-A" :
		       "the device's atomic_cap is NONE");
	printf("%u cases, %u failed\n", cases + acases, failed + afailed);
	return failed + afailed ? 1 : 0;
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"Usage: %s [options]          server\n"
		"       %s [options] <host>   client\n"
		"  -p PORT   TCP port of the exchange (default %d)\n"
		"  -i PORT   port of the device (default 1)\n"
		"  -g INDEX  GID index (default 1)\n"
		"  -S BYTES  largest transfer (default 16 MiB)\n"
		"  -A        no atomics (default: if the device has them)\n",
		argv0, argv0, RT_PORT);
}

int main(int argc, char *argv[])
{
	struct opts o = { .port = RT_PORT, .ib_port = 1, .gidx = 1,
			  .max_size = RT_MAX_SIZE };
	struct xchg_msg my = {}, rem;
	union rdmaapi_gid gid;
	struct side s = {};
	int c, fd = -1, ret, status = 1;

	while ((c = getopt(argc, argv, "p:i:g:S:A")) != -1) {
		switch (c) {
		case 'p': o.port = atoi(optarg); break;
		case 'i': o.ib_port = atoi(optarg); break;
		case 'g': o.gidx = atoi(optarg); break;
		case 'S': o.max_size = strtoull(optarg, NULL, 0); break;
		case 'A': o.no_atomics = 1; break;
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
		status = rt_serve(fd, s.buf, s.len) ? 1 : 0;
out:
	if (fd >= 0)
		close(fd);
	side_close(&s);
	return status;
}
