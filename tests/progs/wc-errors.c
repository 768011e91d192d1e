// SPDX-License-Identifier: GPL-2.0-only
/*
 * wc-errors: the completions a real RDMA program sees when things go
 * wrong (bad keys, missing permissions, short receives, retries run out,
 * flushes), what posting returns when a list is refused, and UD sends
 * through a GRH, on loopback QPs of one device.
 *
 *   wc-errors [-d rxe0] [-g gid_index] [-c case]... [-l]
 *
 * -c runs only the cases named, -l lists them.
 *
 * One source, two builds: wc-errors goes through librdmaapi, and
 * wc-errors-native (-DWC_NATIVE) through libibverbs on the same device,
 * so that what the remoted path returns can be compared with what the
 * native device returns. Per case it prints
 *
 *   status CASE what=WRID:STATUS,... ...
 *   ok CASE | not ok CASE: why
 *
 * The "status" lines of both builds must be the same; a case is "ok" when
 * its statuses are those native rxe returns (written down below) and the
 * data checks pass. Exit status 1 if any case failed, 2 on setup errors.
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "wc-api.h"

#define PORT		1
#define BUF_SIZE	(256U << 10)
/* Layout of the buffer: the local MR covers [0, LMR_LEN). */
#define SRC_OFF		0U		/* what is sent or written */
#define RECV_OFF	(32U << 10)	/* receive buffers */
#define RES_OFF		(60U << 10)	/* RDMA READ / atomic results */
#define LMR_LEN		(128U << 10)
#define TGT_OFF		LMR_LEN		/* the target MR, right after */
#define TGT_LEN		(64U << 10)
#define GRH_LEN		40
#define QKEY		0x11111111U
#define WAIT_MS		30000	/* for a completion that should come */
#define GRACE_MS	400	/* for one that should not */
#define MAX_GOT		64
#define OBS_LEN		2048

#define ACC_ALL		(C(ACCESS_LOCAL_WRITE) | C(ACCESS_REMOTE_WRITE) | \
			 C(ACCESS_REMOTE_READ) | C(ACCESS_REMOTE_ATOMIC))

static struct {
	struct V(context) *ctx;
	struct V(pd) *pd;
	struct V(mr) *lmr;
	union V(gid) gid;
	int gidx;
	enum V(mtu) mtu;
	unsigned int mtu_bytes;
	uint8_t *buf;
} g;

/* What a case saw, and why it failed beyond its statuses. */
static char obs[OBS_LEN];
static char why[OBS_LEN + 16];

static void obs_add(const char *fmt, ...)
{
	size_t len = strlen(obs);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(obs + len, sizeof(obs) - len, fmt, ap);
	va_end(ap);
}

static void fail(const char *fmt, ...)
{
	va_list ap;

	if (why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
}

static const char *const status_names[] = {
	"SUCCESS", "LOC_LEN_ERR", "LOC_QP_OP_ERR", "LOC_EEC_OP_ERR",
	"LOC_PROT_ERR", "WR_FLUSH_ERR", "MW_BIND_ERR", "BAD_RESP_ERR",
	"LOC_ACCESS_ERR", "REM_INV_REQ_ERR", "REM_ACCESS_ERR", "REM_OP_ERR",
	"RETRY_EXC_ERR", "RNR_RETRY_EXC_ERR", "LOC_RDD_VIOL_ERR",
	"REM_INV_RD_REQ_ERR", "REM_ABORT_ERR", "INV_EECN_ERR",
	"INV_EEC_STATE_ERR", "FATAL_ERR", "RESP_TIMEOUT_ERR", "GENERAL_ERR",
	"TM_ERR", "TM_RNDV_INCOMPLETE",
};

static const char *status_name(unsigned int status)
{
	static char other[24];

	if (status < sizeof(status_names) / sizeof(status_names[0]))
		return status_names[status];
	snprintf(other, sizeof(other), "STATUS_%u", status);
	return other;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Completions taken off one CQ. */
struct got {
	int n;
	struct V(wc) wc[MAX_GOT];
};

/*
 * Poll @cq until @want completions came (or WAIT_MS passed), then for
 * GRACE_MS more to see any that nobody expected.
 */
static void collect(struct V(cq) *cq, int want, struct got *got)
{
	long end = now_ms() + WAIT_MS, grace = 0;
	int ret;

	got->n = 0;
	for (;;) {
		ret = V(poll_cq)(cq, MAX_GOT - got->n, got->wc + got->n);
		if (ret < 0) {
			fail("poll_cq: %d", ret);
			return;
		}
		got->n += ret;
		if (got->n >= MAX_GOT)
			return;
		if (ret)
			continue;
		if (!grace && got->n >= want)
			grace = now_ms() + GRACE_MS;
		if (grace ? now_ms() > grace : now_ms() > end)
			return;
		usleep(1000);
	}
}

/* Append " @label=WRID:STATUS,..." (or "none") for @got. */
static void obs_got(const char *label, const struct got *got)
{
	int i;

	obs_add(" %s=", label);
	if (!got->n)
		obs_add("none");
	for (i = 0; i < got->n; i++)
		obs_add("%s%#llx:%s", i ? "," : "",
			(unsigned long long)got->wc[i].wr_id,
			status_name(got->wc[i].status));
}

/* Expectation of the running case (see cases[] below). */
static const char *cur_expect;

/*
 * How many completions the expectation lists for @label ("label=none":
 * 0), so that we wait for those and not for more; 1 if it says nothing.
 */
static int expected_count(const char *label)
{
	char key[32];
	const char *p;
	int n = 1;

	snprintf(key, sizeof(key), " %s=", label);
	p = cur_expect ? strstr(cur_expect, key) : NULL;
	if (!p)
		return 1;
	p += strlen(key);
	if (!strncmp(p, "none", 4))
		return 0;
	for (; *p && *p != ' '; p++)
		n += *p == ',';
	return n;
}

/* Collect what the expectation lists for @label and describe it. */
static void watch(const char *label, struct V(cq) *cq)
{
	struct got got;

	collect(cq, expected_count(label), &got);
	obs_got(label, &got);
}

/* A QP with its own send and receive CQs. */
struct qp {
	struct V(cq) *scq;
	struct V(cq) *rcq;
	struct V(qp) *qp;
};

static void qp_free(struct qp *q)
{
	if (q->qp)
		V(destroy_qp)(q->qp);
	if (q->scq)
		V(destroy_cq)(q->scq);
	if (q->rcq)
		V(destroy_cq)(q->rcq);
	memset(q, 0, sizeof(*q));
}

/* What the QPs ask for unless a case says otherwise. */
static const struct V(qp_cap) default_cap = {
	.max_send_wr = 8, .max_recv_wr = 8, .max_send_sge = 2,
	.max_recv_sge = 2,
};

/* A QP asking for @want; @got (if not NULL): what it has. */
static int qp_new_cap(struct qp *q, enum V(qp_type) type,
		      const struct V(qp_cap) *want, struct V(qp_cap) *got)
{
	struct V(qp_init_attr) ia;

	memset(q, 0, sizeof(*q));
	memset(&ia, 0, sizeof(ia));
	q->scq = V(create_cq)(g.ctx, MAX_GOT, NULL, NULL, 0);
	q->rcq = V(create_cq)(g.ctx, MAX_GOT, NULL, NULL, 0);
	if (q->scq && q->rcq) {
		ia.send_cq = q->scq;
		ia.recv_cq = q->rcq;
		ia.cap = *want;
		ia.qp_type = type;
		q->qp = V(create_qp)(g.pd, &ia);
	}
	if (!q->qp) {
		fail("creating a QP: %s", strerror(errno));
		qp_free(q);
		return -1;
	}
	if (got)
		*got = ia.cap;
	return 0;
}

static int qp_new(struct qp *q, enum V(qp_type) type)
{
	return qp_new_cap(q, type, &default_cap, NULL);
}

static int modify(struct V(qp) *qp, struct V(qp_attr) *a, int mask,
		  const char *what)
{
	int ret = wc_ret(V(modify_qp)(qp, a, mask));

	if (ret)
		fail("modify to %s: %s", what, strerror(-ret));
	return ret;
}

/* Retries of the RC QPs (7: RNR NAKs retried forever). */
static struct {
	uint8_t timeout;
	uint8_t retry_cnt;
	uint8_t rnr_retry;
} conn = { 14, 7, 7 };

/* RESET -> RTS, connected to QP @dqpn of our own GID. */
static int rc_connect(struct V(qp) *qp, uint32_t dqpn)
{
	struct V(qp_attr) a;

	memset(&a, 0, sizeof(a));
	a.qp_state = C(QPS_INIT);
	a.port_num = PORT;
	a.qp_access_flags = C(ACCESS_LOCAL_WRITE) | C(ACCESS_REMOTE_WRITE) |
			    C(ACCESS_REMOTE_READ) | C(ACCESS_REMOTE_ATOMIC);
	if (modify(qp, &a, C(QP_STATE) | C(QP_PKEY_INDEX) | C(QP_PORT) |
		   C(QP_ACCESS_FLAGS), "INIT"))
		return -1;
	memset(&a, 0, sizeof(a));
	a.qp_state = C(QPS_RTR);
	a.path_mtu = g.mtu;
	a.dest_qp_num = dqpn;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.is_global = 1;
	a.ah_attr.grh.dgid = g.gid;
	a.ah_attr.grh.sgid_index = g.gidx;
	a.ah_attr.grh.hop_limit = 1;
	a.ah_attr.port_num = PORT;
	if (modify(qp, &a, C(QP_STATE) | C(QP_AV) | C(QP_PATH_MTU) |
		   C(QP_DEST_QPN) | C(QP_RQ_PSN) | C(QP_MAX_DEST_RD_ATOMIC) |
		   C(QP_MIN_RNR_TIMER), "RTR"))
		return -1;
	memset(&a, 0, sizeof(a));
	a.qp_state = C(QPS_RTS);
	a.timeout = conn.timeout;
	a.retry_cnt = conn.retry_cnt;
	a.rnr_retry = conn.rnr_retry;
	a.max_rd_atomic = 1;
	return modify(qp, &a, C(QP_STATE) | C(QP_SQ_PSN) | C(QP_TIMEOUT) |
		      C(QP_RETRY_CNT) | C(QP_RNR_RETRY) |
		      C(QP_MAX_QP_RD_ATOMIC), "RTS");
}

static int to_err(struct V(qp) *qp)
{
	struct V(qp_attr) a;

	memset(&a, 0, sizeof(a));
	a.qp_state = C(QPS_ERR);
	return modify(qp, &a, C(QP_STATE), "ERR");
}

/* One receive of @len bytes at @off of the buffer, with key @lkey. */
static int post_recv(struct V(qp) *qp, uint64_t wr_id, uint32_t off,
		     uint32_t len, uint32_t lkey)
{
	struct V(sge) sge = {
		.addr = (uintptr_t)(g.buf + off), .length = len, .lkey = lkey,
	};
	struct V(recv_wr) wr, *bad;
	int ret;

	memset(&wr, 0, sizeof(wr));
	wr.wr_id = wr_id;
	wr.sg_list = &sge;
	wr.num_sge = len ? 1 : 0;
	ret = wc_ret(V(post_recv)(qp, &wr, &bad));
	if (ret)
		fail("post_recv %#llx: %s", (unsigned long long)wr_id,
		     strerror(-ret));
	return ret;
}

/* A signaled send work request of @len bytes at @off, key @lkey. */
static void send_wr(struct V(send_wr) *wr, struct V(sge) *sge,
		    uint64_t wr_id, enum V(wr_opcode) opcode, uint32_t off,
		    uint32_t len, uint32_t lkey)
{
	memset(wr, 0, sizeof(*wr));
	sge->addr = (uintptr_t)(g.buf + off);
	sge->length = len;
	sge->lkey = lkey;
	wr->wr_id = wr_id;
	wr->sg_list = sge;
	wr->num_sge = len ? 1 : 0;
	wr->opcode = opcode;
	wr->send_flags = C(SEND_SIGNALED);
}

static int post_send(struct V(qp) *qp, struct V(send_wr) *wr)
{
	struct V(send_wr) *bad;
	int ret = wc_ret(V(post_send)(qp, wr, &bad));

	if (ret)
		fail("post_send %#llx: %s", (unsigned long long)wr->wr_id,
		     strerror(-ret));
	return ret;
}

/*
 * Two RC QPs connected to each other: A (the requester) and B. The target
 * MR, registered with @access, sits right after the local MR. Each QP has
 * one receive posted (wr_id 0xa1, 0xb1) to see whether it is flushed.
 */
struct rc {
	struct qp a;
	struct qp b;
	struct V(mr) *tmr;
};

static void rc_free(struct rc *r)
{
	qp_free(&r->a);
	qp_free(&r->b);
	if (r->tmr)
		V(dereg_mr)(r->tmr);
	memset(r, 0, sizeof(*r));
}

static int rc_new(struct rc *r, int access)
{
	memset(r, 0, sizeof(*r));
	r->tmr = V(reg_mr)(g.pd, g.buf + TGT_OFF, TGT_LEN, access);
	if (!r->tmr) {
		fail("reg_mr of the target: %s", strerror(errno));
		return -1;
	}
	if (qp_new(&r->a, C(QPT_RC)) || qp_new(&r->b, C(QPT_RC)) ||
	    rc_connect(r->a.qp, r->b.qp->qp_num) ||
	    rc_connect(r->b.qp, r->a.qp->qp_num) ||
	    post_recv(r->a.qp, 0xa1, RECV_OFF, 4096, g.lmr->lkey) ||
	    post_recv(r->b.qp, 0xb1, RECV_OFF + 4096, 4096, g.lmr->lkey)) {
		rc_free(r);
		return -1;
	}
	return 0;
}

/*
 * A one-sided operation from A to B's target MR (registered with
 * @access), @len bytes at @roff of it; @bad_rkey flips a bit of the
 * rkey's key byte, @lkey_xor is flipped into the local key. Watches A's
 * send queue, then both receive queues.
 */
static void rc_one_sided(int access, enum V(wr_opcode) opcode, uint32_t roff,
			 uint32_t len, int bad_rkey, uint32_t lkey_xor)
{
	struct V(send_wr) wr;
	struct V(sge) sge;
	struct rc r;
	int atomic = opcode == C(WR_ATOMIC_FETCH_AND_ADD);

	if (rc_new(&r, access))
		return;
	send_wr(&wr, &sge, 1, opcode,
		opcode == C(WR_RDMA_WRITE) ? SRC_OFF : RES_OFF, len,
		g.lmr->lkey ^ lkey_xor);
	if (atomic) {
		wr.wr.atomic.remote_addr = (uintptr_t)(g.buf + TGT_OFF + roff);
		wr.wr.atomic.rkey = r.tmr->rkey ^ (bad_rkey ? 0x80 : 0);
		wr.wr.atomic.compare_add = 1;
	} else {
		wr.wr.rdma.remote_addr = (uintptr_t)(g.buf + TGT_OFF + roff);
		wr.wr.rdma.rkey = r.tmr->rkey ^ (bad_rkey ? 0x80 : 0);
	}
	if (!post_send(r.a.qp, &wr)) {
		watch("req", r.a.scq);
		watch("a-recv", r.a.rcq);
		watch("b-recv", r.b.rcq);
	}
	rc_free(&r);
}

static void case_write_bad_rkey(void)
{
	rc_one_sided(ACC_ALL, C(WR_RDMA_WRITE), 0, 64, 1, 0);
}

static void case_write_out_of_range(void)
{
	rc_one_sided(ACC_ALL, C(WR_RDMA_WRITE), TGT_LEN - 32, 64, 0, 0);
}

static void case_write_no_remote_write(void)
{
	rc_one_sided(C(ACCESS_LOCAL_WRITE) | C(ACCESS_REMOTE_READ),
		     C(WR_RDMA_WRITE), 0, 64, 0, 0);
}

static void case_read_no_remote_read(void)
{
	rc_one_sided(C(ACCESS_LOCAL_WRITE) | C(ACCESS_REMOTE_WRITE),
		     C(WR_RDMA_READ), 0, 64, 0, 0);
}

static void case_atomic_no_remote_atomic(void)
{
	rc_one_sided(C(ACCESS_LOCAL_WRITE) | C(ACCESS_REMOTE_WRITE) |
		     C(ACCESS_REMOTE_READ), C(WR_ATOMIC_FETCH_AND_ADD), 0, 8,
		     0, 0);
}

static void case_read_bad_local_lkey(void)
{
	rc_one_sided(ACC_ALL, C(WR_RDMA_READ), 0, 64, 0, 0x80);
}

/* A SEND from A to B: @len bytes at @off with @lkey. */
static void rc_send(uint32_t off, uint32_t len, uint32_t lkey)
{
	struct V(send_wr) wr;
	struct V(sge) sge;
	struct rc r;

	if (rc_new(&r, ACC_ALL))
		return;
	send_wr(&wr, &sge, 1, C(WR_SEND), off, len, lkey);
	if (!post_send(r.a.qp, &wr)) {
		watch("req", r.a.scq);
		watch("a-recv", r.a.rcq);
		watch("b-recv", r.b.rcq);
	}
	rc_free(&r);
}

static void case_send_bad_lkey(void)
{
	rc_send(SRC_OFF, 64, g.lmr->lkey ^ 0x80);
}

/* The key of an MR of another PD (over the same bytes). */
static void case_send_lkey_other_pd(void)
{
	struct V(pd) *pd = V(alloc_pd)(g.ctx);
	struct V(mr) *mr = pd ? V(reg_mr)(pd, g.buf, LMR_LEN, ACC_ALL) : NULL;

	if (mr)
		rc_send(SRC_OFF, 64, mr->lkey);
	else
		fail("second PD/MR: %s", strerror(errno));
	if (mr)
		V(dereg_mr)(mr);
	if (pd)
		V(dealloc_pd)(pd);
}

/* Starts inside the local MR, ends inside the target MR. */
static void case_send_sge_outside_mr(void)
{
	rc_send(LMR_LEN - 16, 64, g.lmr->lkey);
}

/*
 * B's first receive (wr_id 0xb2) is @len bytes with @lkey, its second
 * (0xb1) a good one; A SENDs 64 bytes.
 */
static void rc_recv_error(uint32_t len, uint32_t lkey)
{
	struct V(send_wr) wr;
	struct V(sge) sge;
	struct rc r;

	memset(&r, 0, sizeof(r));
	if (qp_new(&r.a, C(QPT_RC)) || qp_new(&r.b, C(QPT_RC)) ||
	    rc_connect(r.a.qp, r.b.qp->qp_num) ||
	    rc_connect(r.b.qp, r.a.qp->qp_num) ||
	    post_recv(r.b.qp, 0xb2, RECV_OFF + 4096, len, lkey) ||
	    post_recv(r.b.qp, 0xb1, RECV_OFF + 8192, 4096, g.lmr->lkey) ||
	    post_recv(r.a.qp, 0xa1, RECV_OFF, 4096, g.lmr->lkey))
		goto out;
	send_wr(&wr, &sge, 1, C(WR_SEND), SRC_OFF, 64, g.lmr->lkey);
	if (!post_send(r.a.qp, &wr)) {
		watch("req", r.a.scq);
		watch("a-recv", r.a.rcq);
		watch("b-recv", r.b.rcq);
	}
out:
	rc_free(&r);
}

static void case_recv_bad_lkey(void)
{
	rc_recv_error(4096, g.lmr->lkey ^ 0x80);
}

static void case_recv_too_small(void)
{
	rc_recv_error(32, g.lmr->lkey);
}

/*
 * A SEND to a QP with no receive posted, from a QP that does not retry
 * RNR NAKs: RNR retries exceeded.
 */
static void case_send_rnr_retry_exceeded(void)
{
	struct V(send_wr) wr;
	struct V(sge) sge;
	struct rc r;

	memset(&r, 0, sizeof(r));
	conn.rnr_retry = 0;
	if (qp_new(&r.a, C(QPT_RC)) || qp_new(&r.b, C(QPT_RC)) ||
	    rc_connect(r.a.qp, r.b.qp->qp_num) ||
	    rc_connect(r.b.qp, r.a.qp->qp_num) ||
	    post_recv(r.a.qp, 0xa1, RECV_OFF, 4096, g.lmr->lkey))
		goto out;
	send_wr(&wr, &sge, 1, C(WR_SEND), SRC_OFF, 64, g.lmr->lkey);
	if (!post_send(r.a.qp, &wr)) {
		watch("req", r.a.scq);
		watch("a-recv", r.a.rcq);
	}
out:
	conn.rnr_retry = 7;
	rc_free(&r);
}

/*
 * A SEND to a QP number nobody has: no answer, the transport retries
 * (one, 4 ms timeout) run out.
 */
static void case_send_retry_exceeded(void)
{
	struct V(send_wr) wr;
	struct V(sge) sge;
	struct qp q;

	conn.timeout = 10;
	conn.retry_cnt = 1;
	if (qp_new(&q, C(QPT_RC)) || rc_connect(q.qp, 0xfffff0) ||
	    post_recv(q.qp, 0xa1, RECV_OFF, 4096, g.lmr->lkey))
		goto out;
	send_wr(&wr, &sge, 1, C(WR_SEND), SRC_OFF, 64, g.lmr->lkey);
	if (!post_send(q.qp, &wr)) {
		watch("req", q.scq);
		watch("a-recv", q.rcq);
	}
out:
	conn.timeout = 14;
	conn.retry_cnt = 7;
	qp_free(&q);
}

/*
 * Flush by modify: B has no receive for A's three SENDs (RNR, retried
 * forever), A has four receives; A to ERR flushes all seven, in order.
 * The middle SEND is unsignaled: flushed all the same.
 */
static void case_flush_modify_err(void)
{
	struct V(send_wr) wr[3];
	struct V(sge) sge[3];
	struct rc r;
	int i;

	memset(&r, 0, sizeof(r));
	if (qp_new(&r.a, C(QPT_RC)) || qp_new(&r.b, C(QPT_RC)) ||
	    rc_connect(r.a.qp, r.b.qp->qp_num) ||
	    rc_connect(r.b.qp, r.a.qp->qp_num))
		goto out;
	for (i = 0; i < 4; i++)
		if (post_recv(r.a.qp, 0x100 + i, RECV_OFF + i * 1024, 1024,
			      g.lmr->lkey))
			goto out;
	for (i = 0; i < 3; i++) {
		send_wr(&wr[i], &sge[i], 0x200 + i, C(WR_SEND),
			SRC_OFF + i * 64, 64, g.lmr->lkey);
		if (i)
			wr[i - 1].next = &wr[i];
	}
	wr[1].send_flags = 0;
	if (post_send(r.a.qp, wr))
		goto out;
	/* Let the first SEND meet B's RNR NAKs. */
	usleep(200 * 1000);
	watch("before", r.a.scq);
	if (to_err(r.a.qp))
		goto out;
	watch("send", r.a.scq);
	watch("recv", r.a.rcq);
out:
	rc_free(&r);
}

/*
 * Flush by error, on a QP connected to itself: of a list of three SENDs
 * the first has a bad key; its error flushes the other two and the four
 * receives.
 */
static void case_flush_after_error(void)
{
	struct V(send_wr) wr[3];
	struct V(sge) sge[3];
	struct qp q;
	int i;

	if (qp_new(&q, C(QPT_RC)))
		return;
	if (rc_connect(q.qp, q.qp->qp_num))
		goto out;
	for (i = 0; i < 4; i++)
		if (post_recv(q.qp, 0x100 + i, RECV_OFF + i * 1024, 1024,
			      g.lmr->lkey))
			goto out;
	for (i = 0; i < 3; i++) {
		send_wr(&wr[i], &sge[i], 0x200 + i, C(WR_SEND),
			SRC_OFF + i * 64, 64, g.lmr->lkey);
		if (i)
			wr[i - 1].next = &wr[i];
	}
	sge[0].lkey ^= 0x80;
	if (post_send(q.qp, wr))
		goto out;
	watch("send", q.scq);
	watch("recv", q.rcq);
out:
	qp_free(&q);
}

/* A post's return value, by name. */
static const char *ret_name(int ret)
{
	static char other[16];

	switch (ret) {
	case 0:
		return "0";
	case -EINVAL:
		return "EINVAL";
	case -ENOMEM:
		return "ENOMEM";
	default:
		snprintf(other, sizeof(other), "%d", ret);
		return other;
	}
}

/*
 * A QP connected to itself, created with @want; with @show, what it got
 * and what query_qp says it was created with.
 */
static int self_qp_cap(struct qp *q, const struct V(qp_cap) *want,
		       struct V(qp_cap) *got, int show)
{
	struct V(qp_init_attr) ia;
	struct V(qp_attr) a;
	int ret;

	if (qp_new_cap(q, C(QPT_RC), want, got))
		return -1;
	memset(&ia, 0, sizeof(ia));
	ret = wc_ret(V(query_qp)(q->qp, &a, C(QP_CAP), &ia));
	if (show && ret)
		obs_add(" cap=%u/%u query=%s", got->max_send_sge,
			got->max_inline_data, ret_name(ret));
	else if (show)
		obs_add(" cap=%u/%u query=%u/%u", got->max_send_sge,
			got->max_inline_data, ia.cap.max_send_sge,
			ia.cap.max_inline_data);
	if (rc_connect(q->qp, q->qp->qp_num) ||
	    post_recv(q->qp, 0x100, RECV_OFF, 4096, g.lmr->lkey))
		return -1;
	return 0;
}

/* Post @wr on @q, then see both its completions and the byte count. */
static void post_and_watch(struct qp *q, struct V(send_wr) *wr)
{
	struct V(send_wr) *bad;
	struct got got;
	int ret = wc_ret(V(post_send)(q->qp, wr, &bad));

	obs_add(" post=%s", ret_name(ret));
	if (ret)
		return;
	watch("send", q->scq);
	collect(q->rcq, expected_count("recv"), &got);
	obs_got("recv", &got);
	if (got.n == 1 && !got.wc[0].status)
		obs_add(" len=%u", got.wc[0].byte_len);
}

/*
 * rxe gives a QP asking one SGE and 64 inline bytes room for 4 SGEs:
 * a SEND with as many SGEs as the QP says it has.
 */
static void case_post_sge_cap(void)
{
	struct V(qp_cap) want = default_cap, got;
	struct V(send_wr) wr;
	struct V(sge) sge[8];
	struct qp q;
	uint32_t i, n;

	want.max_send_sge = 1;
	want.max_inline_data = 64;
	if (self_qp_cap(&q, &want, &got, 1))
		goto out;
	n = got.max_send_sge < 8 ? got.max_send_sge : 8;
	send_wr(&wr, sge, 0x200, C(WR_SEND), SRC_OFF, 16, g.lmr->lkey);
	for (i = 1; i < n; i++) {
		sge[i] = sge[0];
		sge[i].addr += 16 * i;
	}
	wr.num_sge = n;
	post_and_watch(&q, &wr);
out:
	qp_free(&q);
}

/*
 * And a QP asking 2 SGEs and no inline data room for 32 inline bytes: an
 * inline SEND of as many bytes as it says.
 */
static void case_post_inline_cap(void)
{
	struct V(qp_cap) got;
	struct V(send_wr) wr;
	struct V(sge) sge;
	struct qp q;

	if (self_qp_cap(&q, &default_cap, &got, 1))
		goto out;
	if (!got.max_inline_data) {
		obs_add(" post=skipped");
		goto out;
	}
	send_wr(&wr, &sge, 0x200, C(WR_SEND), SRC_OFF, got.max_inline_data,
		0);
	wr.send_flags |= C(SEND_INLINE);
	post_and_watch(&q, &wr);
out:
	qp_free(&q);
}

/*
 * A list of three SENDs whose second has one SGE too many: the first is
 * posted (and completes), the call fails at the second.
 */
static void case_post_bad_wr(void)
{
	struct V(send_wr) wr[3], *bad = NULL;
	struct V(sge) sge[3][8];
	struct V(qp_cap) got;
	struct qp q;
	uint32_t i;
	int ret;

	if (self_qp_cap(&q, &default_cap, &got, 0) || got.max_send_sge >= 8)
		goto out;
	for (i = 0; i < 3; i++) {
		send_wr(&wr[i], sge[i], 0x200 + i, C(WR_SEND), SRC_OFF, 16,
			g.lmr->lkey);
		if (i)
			wr[i - 1].next = &wr[i];
	}
	for (i = 1; i <= got.max_send_sge; i++)
		sge[1][i] = sge[1][0];
	wr[1].num_sge = got.max_send_sge + 1;
	ret = wc_ret(V(post_send)(q.qp, wr, &bad));
	obs_add(" post=%s bad=%d", ret_name(ret),
		bad ? (int)(bad - wr) : -1);
	watch("send", q.scq);
	watch("recv", q.rcq);
out:
	qp_free(&q);
}

/*
 * A send queue that does not drain (the peer has no receive: RNR,
 * retried forever) takes as many SENDs as it says it holds, the call
 * fails at the next; then all those are flushed, in order.
 */
static void case_post_overflow(void)
{
	struct V(send_wr) wr[MAX_GOT], *bad = NULL;
	struct V(sge) sge[MAX_GOT];
	struct V(qp_cap) got;
	struct got done;
	struct rc r;
	uint32_t i, n;
	int ret, order = 1;

	memset(&r, 0, sizeof(r));
	if (qp_new_cap(&r.a, C(QPT_RC), &default_cap, &got) ||
	    qp_new(&r.b, C(QPT_RC)) ||
	    rc_connect(r.a.qp, r.b.qp->qp_num) ||
	    rc_connect(r.b.qp, r.a.qp->qp_num))
		goto out;
	n = got.max_send_wr + 2;
	if (n > MAX_GOT) {
		fail("send queue of %u", got.max_send_wr);
		goto out;
	}
	obs_add(" depth=%u", got.max_send_wr);
	for (i = 0; i < n; i++) {
		send_wr(&wr[i], &sge[i], 0x200 + i, C(WR_SEND), SRC_OFF, 16,
			g.lmr->lkey);
		if (i)
			wr[i - 1].next = &wr[i];
	}
	ret = wc_ret(V(post_send)(r.a.qp, wr, &bad));
	obs_add(" post=%s bad=%d", ret_name(ret),
		bad ? (int)(bad - wr) : -1);
	if (to_err(r.a.qp))
		goto out;
	collect(r.a.scq, got.max_send_wr, &done);
	for (i = 0; i < (uint32_t)done.n; i++)
		if (done.wc[i].wr_id != 0x200 + i ||
		    done.wc[i].status != C(WC_WR_FLUSH_ERR))
			order = 0;
	obs_add(" flushed=%d%s", done.n, order ? "" : ",not-in-order");
out:
	rc_free(&r);
}

/* Two UD QPs (S sends, R receives) and S's address handle to R's GID. */
static struct {
	struct qp s;
	struct qp r;
	struct V(ah) *ah;
	int ready;
} ud;

static int ud_rts(struct V(qp) *qp)
{
	struct V(qp_attr) a;

	memset(&a, 0, sizeof(a));
	a.qp_state = C(QPS_INIT);
	a.port_num = PORT;
	a.qkey = QKEY;
	if (modify(qp, &a, C(QP_STATE) | C(QP_PKEY_INDEX) | C(QP_PORT) |
		   C(QP_QKEY), "INIT"))
		return -1;
	a.qp_state = C(QPS_RTR);
	if (modify(qp, &a, C(QP_STATE), "RTR"))
		return -1;
	a.qp_state = C(QPS_RTS);
	a.sq_psn = 0;
	return modify(qp, &a, C(QP_STATE) | C(QP_SQ_PSN), "RTS");
}

static int ud_setup(void)
{
	struct V(ah_attr) aa;

	if (ud.ready)
		return 0;
	if (qp_new(&ud.s, C(QPT_UD)) || qp_new(&ud.r, C(QPT_UD)) ||
	    ud_rts(ud.s.qp) || ud_rts(ud.r.qp))
		return -1;
	memset(&aa, 0, sizeof(aa));
	aa.is_global = 1;
	aa.grh.dgid = g.gid;
	aa.grh.sgid_index = g.gidx;
	aa.grh.hop_limit = 1;
	aa.port_num = PORT;
	ud.ah = V(create_ah)(g.pd, &aa);
	if (!ud.ah) {
		fail("create_ah: %s", strerror(errno));
		return -1;
	}
	ud.ready = 1;
	return 0;
}

static void ud_teardown(void)
{
	if (ud.ah)
		V(destroy_ah)(ud.ah);
	qp_free(&ud.s);
	qp_free(&ud.r);
	memset(&ud, 0, sizeof(ud));
}

static uint8_t pattern(uint32_t i, uint32_t len)
{
	return (uint8_t)(i * 7 + len + 1);
}

/*
 * The 40 bytes in front of a RoCEv2 UD payload: 20 zero bytes, then the
 * IPv4 header of the packet, from our address to our address.
 */
static void check_grh(const uint8_t *grh)
{
	static const uint8_t zero[20];

	if (memcmp(grh, zero, 20))
		fail("first 20 bytes of the GRH area not zero");
	else if (grh[20] != 0x45)
		fail("no IPv4 header in the GRH area (byte 20 = %#x)",
		     grh[20]);
	else if (grh[29] != 17)
		fail("IPv4 protocol %u, not UDP", grh[29]);
	else if (memcmp(grh + 32, g.gid.raw + 12, 4) ||
		 memcmp(grh + 36, g.gid.raw + 12, 4))
		fail("IPv4 addresses in the GRH area are not our GID's");
}

/* One UD SEND (@imm: with immediate) of @len bytes from S to R. */
static void ud_send(uint32_t len, int imm)
{
	uint8_t *src = g.buf + SRC_OFF, *dst = g.buf + RECV_OFF;
	uint32_t rlen = g.mtu_bytes + GRH_LEN, i, bad = 0;
	uint32_t imm_val = 0x12340000 + len;
	struct V(send_wr) wr;
	struct V(sge) sge;
	struct got got;
	struct V(wc) *wc;

	if (ud_setup())
		return;
	for (i = 0; i < len; i++)
		src[i] = pattern(i, len);
	memset(dst, 0xee, rlen + 64);
	if (post_recv(ud.r.qp, 0xc1, RECV_OFF, rlen, g.lmr->lkey))
		return;
	send_wr(&wr, &sge, 0xd1, imm ? C(WR_SEND_WITH_IMM) : C(WR_SEND),
		SRC_OFF, len, g.lmr->lkey);
	if (imm)
		wr.imm_data = htonl(imm_val);
	wr.wr.ud.ah = ud.ah;
	wr.wr.ud.remote_qpn = ud.r.qp->qp_num;
	wr.wr.ud.remote_qkey = QKEY;
	if (post_send(ud.s.qp, &wr))
		return;
	watch("send", ud.s.scq);
	collect(ud.r.rcq, expected_count("recv"), &got);
	obs_got("recv", &got);
	if (len > g.mtu_bytes) {
		/* Never sent (C10-93.1.1): its receive is left posted. */
		ud_teardown();
		return;
	}
	if (got.n != 1 || got.wc[0].status != C(WC_SUCCESS))
		return;
	wc = &got.wc[0];
	obs_add(" len=%u flags=%s%s imm=%s", wc->byte_len,
		wc->wc_flags & C(WC_GRH) ? "GRH" : "-",
		wc->wc_flags & C(WC_WITH_IMM) ? ",IMM" : "",
		wc->wc_flags & C(WC_WITH_IMM) ?
		(ntohl(wc->imm_data) == imm_val ? "ok" : "wrong") : "-");
	if (wc->byte_len != len + GRH_LEN)
		fail("byte_len %u, expected %u", wc->byte_len, len + GRH_LEN);
	if (wc->src_qp != ud.s.qp->qp_num)
		fail("src_qp %#x, expected %#x", wc->src_qp, ud.s.qp->qp_num);
	if (wc->qp_num != ud.r.qp->qp_num)
		fail("qp_num %#x, expected %#x", wc->qp_num, ud.r.qp->qp_num);
	if (wc->opcode != C(WC_RECV))
		fail("opcode %d, expected RECV", wc->opcode);
	if (!(wc->wc_flags & C(WC_GRH)))
		fail("no GRH flag");
	if (!!(wc->wc_flags & C(WC_WITH_IMM)) != imm)
		fail("WITH_IMM flag %s", imm ? "missing" : "set");
	if (imm && ntohl(wc->imm_data) != imm_val)
		fail("imm_data %#x, expected %#x", ntohl(wc->imm_data),
		     imm_val);
	check_grh(dst);
	for (i = 0; i < len && !bad; i++)
		if (dst[GRH_LEN + i] != pattern(i, len))
			bad = 1;
	if (bad)
		fail("payload differs at byte %u", i - 1);
	if (dst[GRH_LEN + len] != 0xee)
		fail("byte after the payload overwritten");
}

static void case_ud_send_0(void)    { ud_send(0, 0); }
static void case_ud_send_1(void)    { ud_send(1, 0); }
static void case_ud_send_256(void)  { ud_send(256, 0); }
static void case_ud_send_mtu(void)  { ud_send(g.mtu_bytes, 0); }
static void case_ud_imm_1(void)     { ud_send(1, 1); }
static void case_ud_imm_512(void)   { ud_send(512, 1); }
static void case_ud_imm_mtu(void)   { ud_send(g.mtu_bytes, 1); }
static void case_ud_over_mtu(void)  { ud_send(g.mtu_bytes + 1, 0); }

/*
 * Every case and what native rxe (Linux 6.12) completes it with: the
 * statuses a program on our path must see too.
 */
static const struct wc_case {
	const char *name;
	void (*run)(void);
	const char *expect;
} cases[] = {
	{ "write-bad-rkey", case_write_bad_rkey,
	  " req=0x1:REM_ACCESS_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=0xb1:WR_FLUSH_ERR" },
	{ "write-out-of-range", case_write_out_of_range,
	  " req=0x1:REM_ACCESS_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=0xb1:WR_FLUSH_ERR" },
	{ "write-no-remote-write", case_write_no_remote_write,
	  " req=0x1:REM_ACCESS_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=0xb1:WR_FLUSH_ERR" },
	{ "read-no-remote-read", case_read_no_remote_read,
	  " req=0x1:REM_ACCESS_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=0xb1:WR_FLUSH_ERR" },
	{ "atomic-no-remote-atomic", case_atomic_no_remote_atomic,
	  " req=0x1:REM_ACCESS_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=0xb1:WR_FLUSH_ERR" },
	{ "read-bad-local-lkey", case_read_bad_local_lkey,
	  " req=0x1:LOC_PROT_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=none" },
	/*
	 * rxe's requester moves the QP to ERR on a local protection error
	 * before its completer sees the failed WQE: the completer then
	 * flushes it with the others.
	 */
	{ "send-bad-lkey", case_send_bad_lkey,
	  " req=0x1:WR_FLUSH_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=none" },
	{ "send-lkey-other-pd", case_send_lkey_other_pd,
	  " req=0x1:WR_FLUSH_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=none" },
	{ "send-sge-outside-mr", case_send_sge_outside_mr,
	  " req=0x1:WR_FLUSH_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=none" },
	{ "recv-bad-lkey", case_recv_bad_lkey,
	  " req=0x1:REM_OP_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=0xb2:LOC_QP_OP_ERR,0xb1:WR_FLUSH_ERR" },
	/* rxe: a receive too short is a malformed WQE, not a length error. */
	{ "recv-too-small", case_recv_too_small,
	  " req=0x1:REM_OP_ERR a-recv=0xa1:WR_FLUSH_ERR b-recv=0xb2:LOC_QP_OP_ERR,0xb1:WR_FLUSH_ERR" },
	{ "send-rnr-retry-exceeded", case_send_rnr_retry_exceeded,
	  " req=0x1:RNR_RETRY_EXC_ERR a-recv=0xa1:WR_FLUSH_ERR" },
	{ "send-retry-exceeded", case_send_retry_exceeded,
	  " req=0x1:RETRY_EXC_ERR a-recv=0xa1:WR_FLUSH_ERR" },
	{ "flush-modify-err", case_flush_modify_err,
	  " before=none send=0x200:WR_FLUSH_ERR,0x201:WR_FLUSH_ERR,0x202:WR_FLUSH_ERR recv=0x100:WR_FLUSH_ERR,0x101:WR_FLUSH_ERR,0x102:WR_FLUSH_ERR,0x103:WR_FLUSH_ERR" },
	{ "flush-after-error", case_flush_after_error,
	  " send=0x200:WR_FLUSH_ERR,0x201:WR_FLUSH_ERR,0x202:WR_FLUSH_ERR recv=0x100:WR_FLUSH_ERR,0x101:WR_FLUSH_ERR,0x102:WR_FLUSH_ERR,0x103:WR_FLUSH_ERR" },
	/*
	 * rxe returns larger capacities than asked (SGEs and inline bytes
	 * share one WQE size); a program may use all of them.
	 */
	{ "post-sge-cap", case_post_sge_cap,
	  " cap=4/64 query=4/64 post=0 send=0x200:SUCCESS recv=0x100:SUCCESS len=64" },
	{ "post-inline-cap", case_post_inline_cap,
	  " cap=2/32 query=2/32 post=0 send=0x200:SUCCESS recv=0x100:SUCCESS len=32" },
	{ "post-bad-wr", case_post_bad_wr,
	  " post=EINVAL bad=1 send=0x200:SUCCESS recv=0x100:SUCCESS" },
	{ "post-overflow", case_post_overflow,
	  " depth=15 post=ENOMEM bad=15 flushed=15" },
	{ "ud-send-0", case_ud_send_0,
	  " send=0xd1:SUCCESS recv=0xc1:SUCCESS len=40 flags=GRH imm=-" },
	{ "ud-send-1", case_ud_send_1,
	  " send=0xd1:SUCCESS recv=0xc1:SUCCESS len=41 flags=GRH imm=-" },
	{ "ud-send-256", case_ud_send_256,
	  " send=0xd1:SUCCESS recv=0xc1:SUCCESS len=296 flags=GRH imm=-" },
	{ "ud-send-mtu", case_ud_send_mtu, NULL },
	{ "ud-imm-1", case_ud_imm_1,
	  " send=0xd1:SUCCESS recv=0xc1:SUCCESS len=41 flags=GRH,IMM imm=ok" },
	{ "ud-imm-512", case_ud_imm_512,
	  " send=0xd1:SUCCESS recv=0xc1:SUCCESS len=552 flags=GRH,IMM imm=ok" },
	{ "ud-imm-mtu", case_ud_imm_mtu, NULL },
	{ "ud-over-mtu", case_ud_over_mtu,
	  " send=0xd1:SUCCESS recv=none" },
};

/* The expectation of the MTU-sized UD cases depends on the port. */
static const char *expected(const struct wc_case *c, char *buf, size_t len)
{
	if (c->expect)
		return c->expect;
	snprintf(buf, len,
		 " send=0xd1:SUCCESS recv=0xc1:SUCCESS len=%u flags=GRH%s",
		 g.mtu_bytes + GRH_LEN,
		 strstr(c->name, "imm") ? ",IMM imm=ok" : " imm=-");
	return buf;
}

static int setup(const char *devname)
{
	struct V(port_attr) pa;
	int ret;

	g.ctx = wc_open(devname);
	if (!g.ctx) {
		fprintf(stderr, "cannot open %s: %s\n", devname,
			strerror(errno));
		return -1;
	}
	ret = wc_ret(V(query_port)(g.ctx, PORT, &pa));
	if (!ret)
		ret = wc_query_gid(g.ctx, PORT, g.gidx, &g.gid);
	if (ret) {
		fprintf(stderr, "port/GID query: %s\n", strerror(-ret));
		return -1;
	}
	g.mtu = pa.active_mtu;
	g.mtu_bytes = 128U << pa.active_mtu;
	g.pd = V(alloc_pd)(g.ctx);
	g.buf = aligned_alloc(4096, BUF_SIZE);
	if (!g.pd || !g.buf) {
		perror("alloc_pd/buffer");
		return -1;
	}
	memset(g.buf, 0, BUF_SIZE);
	g.lmr = V(reg_mr)(g.pd, g.buf, LMR_LEN, ACC_ALL);
	if (!g.lmr) {
		perror("reg_mr");
		return -1;
	}
	printf("# %s: MTU %u, GID index %d\n", WC_IMPL, g.mtu_bytes, g.gidx);
	return 0;
}

static void teardown(void)
{
	ud_teardown();
	V(dereg_mr)(g.lmr);
	V(dealloc_pd)(g.pd);
	V(close_device)(g.ctx);
	free(g.buf);
}

static int selected(const char *name, char **only, int nonly)
{
	int i;

	if (!nonly)
		return 1;
	for (i = 0; i < nonly; i++)
		if (!strcmp(only[i], name))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *devname = "rxe0", *exp;
	char *only[64], expbuf[OBS_LEN];
	int nonly = 0, nfailed = 0, opt;
	size_t i;

	g.gidx = 1;
	while ((opt = getopt(argc, argv, "d:g:c:l")) != -1) {
		switch (opt) {
		case 'd':
			devname = optarg;
			break;
		case 'g':
			g.gidx = atoi(optarg);
			break;
		case 'c':
			if (nonly < 64)
				only[nonly++] = optarg;
			break;
		case 'l':
			for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
				printf("%s\n", cases[i].name);
			return 0;
		default:
			fprintf(stderr, "usage: %s [-d dev] [-g gid_index] [-c case]... [-l]\n",
				argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (setup(devname))
		return 2;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct wc_case *c = &cases[i];

		if (!selected(c->name, only, nonly))
			continue;
		obs[0] = '\0';
		why[0] = '\0';
		cur_expect = expected(c, expbuf, sizeof(expbuf));
		c->run();
		printf("status %s%s\n", c->name, obs);
		exp = cur_expect;
		if (!why[0] && strcmp(obs, exp))
			snprintf(why, sizeof(why), "expected%s", exp);
		if (why[0]) {
			printf("not ok %s: %s\n", c->name, why);
			nfailed++;
		} else {
			printf("ok %s\n", c->name);
		}
	}
	teardown();
	return nfailed ? 1 : 0;
}
