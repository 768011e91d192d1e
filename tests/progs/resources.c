// SPDX-License-Identifier: GPL-2.0-only
/*
 * resources: the resource verbs of librdmaapi, one check per behaviour.
 *
 *   resources [-p port] [-g gid_index] [-M MiB] [-k | -n | -e seconds |
 *             -f seconds]
 *
 * Opens the first device, creates a PD, completion channel, CQs, an SRQ,
 * RC and UD QPs, an AH and MRs, walks the RC QP through RESET -> INIT ->
 * RTR -> RTS -> ERR (connected to itself) and the UD QP to RTS, checks
 * what the host refuses, sends from a QP to itself to see one completion
 * event on the channel, then destroys everything in reverse order.
 * Prints "ok NAME" or "not ok NAME: WHY" per check; exit status 1 if any
 * check failed.
 *
 * -M: size of the two large MRs in MiB (default 64): a kill test under
 *     slow emulation wants its guests ready sooner.
 * -k: create the objects, print "ready", then sleep until killed (for
 *     teardown-on-kill tests).
 * -n: run the checks but destroy nothing: exit with every object alive
 *     (for teardown-on-close tests).
 * -e: once the objects exist, print "ready" and wait up to that many
 *     seconds for one asynchronous event (a port going down or up...),
 *     check it and acknowledge it, then carry on; after PORT_ERR, first
 *     take events until PORT_ACTIVE (the port back).
 * -f: once the objects exist, print "ready" and wait up to that many
 *     seconds for the device-fatal event of a device reset behind the
 *     guest's back (the VMM stops and restarts the VM meanwhile); then
 *     every call must fail with EIO and every destroy succeed, and a new
 *     context must get all the objects again and pass every check.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <rdmaapi/rdmaapi.h>
#include "connect.h"

static int nfailed;
static char why[256];

static void report(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("ok %s\n", name);
	} else {
		printf("not ok %s: ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
		nfailed++;
	}
	fflush(stdout);
}

/* A call that must return @want (0 or a negative errno). */
static void expect_ret(const char *name, int ret, int want)
{
	report(ret == want, name, "returned %d (%s), expected %d", ret,
	       rdmaapi_strerror(ret), want);
}

/* A call that must fail: NULL with errno @want. */
static void expect_null(const char *name, const void *p, int want)
{
	int err = errno;

	report(!p && err == want, name, "%s, expected NULL with errno %d",
	       p ? "succeeded" : strerror(err), want);
}

/* Creation that the rest depends on: stop here if it failed. */
static void *need(const char *name, void *p)
{
	report(p != NULL, name, "%s", strerror(errno));
	if (!p) {
		printf("# cannot go on without %s\n", name);
		exit(1);
	}
	return p;
}

/* Field comparisons of one check; the first mismatch is kept in why[]. */
static int eq(const char *what, long long got, long long want)
{
	if (got == want)
		return 1;
	if (!why[0])
		snprintf(why, sizeof(why), "%s = %lld, expected %lld", what,
			 got, want);
	return 0;
}

static int ge(const char *what, long long got, long long want)
{
	if (got >= want)
		return 1;
	if (!why[0])
		snprintf(why, sizeof(why), "%s = %lld, expected >= %lld", what,
			 got, want);
	return 0;
}

static int gid_eq(const char *what, const union rdmaapi_gid *got,
		  const union rdmaapi_gid *want)
{
	if (!memcmp(got->raw, want->raw, sizeof(got->raw)))
		return 1;
	if (!why[0])
		snprintf(why, sizeof(why), "%s differs from the port's GID",
			 what);
	return 0;
}

static void query_check(const char *name, struct rdmaapi_qp *qp, int mask,
			struct rdmaapi_qp_attr *a,
			struct rdmaapi_qp_init_attr *ia)
{
	int ret;

	memset(a, 0, sizeof(*a));
	ret = rdmaapi_query_qp(qp, a, mask, ia);
	expect_ret(name, ret, 0);
	why[0] = '\0';
}

struct objs {
	struct rdmaapi_context *ctx;
	struct rdmaapi_pd *pd;
	struct rdmaapi_comp_channel *ch;
	struct rdmaapi_cq *cq_ch;	/* with the channel */
	struct rdmaapi_cq *cq;		/* without */
	struct rdmaapi_srq *srq;
	struct rdmaapi_qp *rc;
	struct rdmaapi_qp *rc_srq;	/* RC QP receiving from the SRQ */
	struct rdmaapi_qp *ud;
	struct rdmaapi_ah *ah;
	struct rdmaapi_mr *mr_small;
	struct rdmaapi_mr *mr_big;
	struct rdmaapi_mr *mr_big_nothp;
	void *buf_small;
	void *buf_big;
	void *buf_big_nothp;
	union rdmaapi_gid gid;
	struct rdmaapi_port_attr port_attr;
	int port;
	int gidx;
};

#define SMALL_MR	4096UL

/* Length of each of the two large MRs (-M). */
static size_t big_mr = 64UL << 20;

static void open_first(struct objs *o)
{
	struct rdmaapi_device **list;
	int n = 0, ret;

	list = rdmaapi_get_device_list(&n);
	if (!list || !n) {
		report(0, "device_list", "%s", list ? "no device" :
		       strerror(errno));
		exit(1);
	}
	o->ctx = need("open_device", rdmaapi_open_device(list[0]));
	rdmaapi_free_device_list(list);
	ret = rdmaapi_query_port(o->ctx, o->port, &o->port_attr);
	expect_ret("query_port", ret, 0);
	ret = rdmaapi_query_gid(o->ctx, o->port, o->gidx, &o->gid, NULL);
	expect_ret("query_gid", ret, 0);
	if (ret)
		exit(1);
}

static void create_cqs(struct objs *o)
{
	static int tag;

	o->ch = need("create_comp_channel", rdmaapi_create_comp_channel(o->ctx));
	report(o->ch->fd >= 0, "comp_channel_fd", "fd %d", o->ch->fd);
	o->cq_ch = need("create_cq_with_channel",
			rdmaapi_create_cq(o->ctx, 16, &tag, o->ch, 0));
	why[0] = '\0';
	report(ge("cqe", o->cq_ch->cqe, 16) &
	       eq("channel", o->cq_ch->channel == o->ch, 1) &
	       eq("cq_context", o->cq_ch->cq_context == &tag, 1),
	       "cq_with_channel_attrs", "%s", why);
	o->cq = need("create_cq_without_channel",
		     rdmaapi_create_cq(o->ctx, 32, NULL, NULL, 0));
	why[0] = '\0';
	report(ge("cqe", o->cq->cqe, 32) & eq("channel", !o->cq->channel, 1),
	       "cq_without_channel_attrs", "%s", why);
	expect_null("create_cq_zero_entries",
		    rdmaapi_create_cq(o->ctx, 0, NULL, NULL, 0), EINVAL);
}

static void create_srq(struct objs *o)
{
	struct rdmaapi_srq_init_attr ia = {
		.attr = { .max_wr = 16, .max_sge = 1 },
	};
	struct rdmaapi_srq_attr a = {};
	int ret;

	o->srq = need("create_srq", rdmaapi_create_srq(o->pd, &ia));
	why[0] = '\0';
	report(ge("max_wr", ia.attr.max_wr, 16) &
	       ge("max_sge", ia.attr.max_sge, 1),
	       "create_srq_attrs", "%s", why);
	ret = rdmaapi_query_srq(o->srq, &a);
	expect_ret("query_srq", ret, 0);
	why[0] = '\0';
	report(!ret && ge("max_wr", a.max_wr, 16) & ge("max_sge", a.max_sge, 1),
	       "query_srq_attrs", "%s", why);

	a.srq_limit = 4;
	expect_ret("modify_srq_limit",
		   rdmaapi_modify_srq(o->srq, &a, RDMAAPI_SRQ_LIMIT), 0);
	memset(&a, 0, sizeof(a));
	ret = rdmaapi_query_srq(o->srq, &a);
	why[0] = '\0';
	report(!ret && eq("srq_limit", a.srq_limit, 4), "query_srq_limit",
	       "%s", ret ? rdmaapi_strerror(ret) : why);
}

static struct rdmaapi_qp *create_qp(struct objs *o, const char *name,
				    enum rdmaapi_qp_type type,
				    struct rdmaapi_srq *srq)
{
	struct rdmaapi_qp_init_attr ia = {
		.send_cq = o->cq_ch,
		.recv_cq = o->cq,
		.srq = srq,
		.cap = { .max_send_wr = 8, .max_recv_wr = srq ? 0 : 8,
			 .max_send_sge = 1, .max_recv_sge = 1 },
		.qp_type = type,
		.qp_context = o,
	};
	struct rdmaapi_qp *qp;
	char n[64];

	qp = need(name, rdmaapi_create_qp(o->pd, &ia));
	why[0] = '\0';
	snprintf(n, sizeof(n), "%s_attrs", name);
	report(ge("qp_num", qp->qp_num, 1) &
	       ge("max_send_wr", ia.cap.max_send_wr, 8) &
	       ge("max_recv_wr", ia.cap.max_recv_wr, srq ? 0 : 8) &
	       ge("max_send_sge", ia.cap.max_send_sge, 1) &
	       ge("max_recv_sge", ia.cap.max_recv_sge, srq ? 0 : 1) &
	       eq("state", qp->state, RDMAAPI_QPS_RESET) &
	       eq("qp_type", qp->qp_type, type),
	       n, "%s", why);
	return qp;
}

/* RESET -> INIT -> RTR -> RTS with libibverbs' usual masks, then ERR. */
static void rc_transitions(struct objs *o)
{
	struct rdmaapi_qp_init_attr ia;
	struct rdmaapi_qp_attr a;
	int mask, ok;

	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_INIT;
	a.pkey_index = 0;
	a.port_num = o->port;
	a.qp_access_flags = RDMAAPI_ACCESS_REMOTE_READ |
			    RDMAAPI_ACCESS_REMOTE_WRITE;
	mask = RDMAAPI_QP_STATE | RDMAAPI_QP_PKEY_INDEX | RDMAAPI_QP_PORT |
	       RDMAAPI_QP_ACCESS_FLAGS;
	expect_ret("rc_modify_init", rdmaapi_modify_qp(o->rc, &a, mask), 0);
	query_check("rc_query_init", o->rc, mask, &a, &ia);
	ok = eq("qp_state", a.qp_state, RDMAAPI_QPS_INIT) &
	     eq("port_num", a.port_num, o->port) &
	     eq("pkey_index", a.pkey_index, 0) &
	     eq("qp_access_flags", a.qp_access_flags,
		RDMAAPI_ACCESS_REMOTE_READ | RDMAAPI_ACCESS_REMOTE_WRITE) &
	     eq("qp->state", o->rc->state, RDMAAPI_QPS_INIT) &
	     eq("init_attr.qp_type", ia.qp_type, RDMAAPI_QPT_RC) &
	     eq("init_attr.send_cq", ia.send_cq == o->cq_ch, 1) &
	     eq("init_attr.recv_cq", ia.recv_cq == o->cq, 1) &
	     eq("init_attr.qp_context", ia.qp_context == o, 1) &
	     ge("init_attr.cap.max_send_wr", ia.cap.max_send_wr, 8);
	report(ok, "rc_init_attrs", "%s", why);

	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_RTR;
	a.path_mtu = o->port_attr.active_mtu;
	a.dest_qp_num = o->rc->qp_num;
	a.rq_psn = 0x123;
	a.max_dest_rd_atomic = 1;
	a.min_rnr_timer = 12;
	a.ah_attr.is_global = 1;
	a.ah_attr.grh.dgid = o->gid;
	a.ah_attr.grh.sgid_index = o->gidx;
	a.ah_attr.grh.hop_limit = 1;
	a.ah_attr.port_num = o->port;
	mask = RDMAAPI_QP_STATE | RDMAAPI_QP_AV | RDMAAPI_QP_PATH_MTU |
	       RDMAAPI_QP_DEST_QPN | RDMAAPI_QP_RQ_PSN |
	       RDMAAPI_QP_MAX_DEST_RD_ATOMIC | RDMAAPI_QP_MIN_RNR_TIMER;
	expect_ret("rc_modify_rtr", rdmaapi_modify_qp(o->rc, &a, mask), 0);
	query_check("rc_query_rtr", o->rc, mask, &a, NULL);
	ok = eq("qp_state", a.qp_state, RDMAAPI_QPS_RTR) &
	     eq("path_mtu", a.path_mtu, o->port_attr.active_mtu) &
	     eq("dest_qp_num", a.dest_qp_num, o->rc->qp_num) &
	     eq("rq_psn", a.rq_psn, 0x123) &
	     eq("max_dest_rd_atomic", a.max_dest_rd_atomic, 1) &
	     eq("min_rnr_timer", a.min_rnr_timer, 12) &
	     eq("ah_attr.is_global", a.ah_attr.is_global, 1) &
	     gid_eq("ah_attr.grh.dgid", &a.ah_attr.grh.dgid, &o->gid) &
	     eq("ah_attr.grh.sgid_index", a.ah_attr.grh.sgid_index, o->gidx) &
	     /* Resolved from the route with the MAC, as uverbs does. */
	     ge("ah_attr.grh.hop_limit", a.ah_attr.grh.hop_limit, 1) &
	     eq("ah_attr.port_num", a.ah_attr.port_num, o->port) &
	     eq("qp->state", o->rc->state, RDMAAPI_QPS_RTR);
	report(ok, "rc_rtr_attrs", "%s", why);

	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_RTS;
	a.sq_psn = 0x456;
	a.timeout = 14;
	a.retry_cnt = 7;
	a.rnr_retry = 7;
	a.max_rd_atomic = 1;
	mask = RDMAAPI_QP_STATE | RDMAAPI_QP_SQ_PSN | RDMAAPI_QP_TIMEOUT |
	       RDMAAPI_QP_RETRY_CNT | RDMAAPI_QP_RNR_RETRY |
	       RDMAAPI_QP_MAX_QP_RD_ATOMIC;
	expect_ret("rc_modify_rts", rdmaapi_modify_qp(o->rc, &a, mask), 0);
	query_check("rc_query_rts", o->rc, mask, &a, NULL);
	ok = eq("qp_state", a.qp_state, RDMAAPI_QPS_RTS) &
	     eq("sq_psn", a.sq_psn, 0x456) &
	     eq("timeout", a.timeout, 14) &
	     eq("retry_cnt", a.retry_cnt, 7) &
	     eq("rnr_retry", a.rnr_retry, 7) &
	     eq("max_rd_atomic", a.max_rd_atomic, 1) &
	     eq("qp->state", o->rc->state, RDMAAPI_QPS_RTS);
	report(ok, "rc_rts_attrs", "%s", why);

	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_ERR;
	expect_ret("rc_modify_err",
		   rdmaapi_modify_qp(o->rc, &a, RDMAAPI_QP_STATE), 0);
	query_check("rc_query_err", o->rc, RDMAAPI_QP_STATE, &a, NULL);
	report(eq("qp_state", a.qp_state, RDMAAPI_QPS_ERR), "rc_err_attrs",
	       "%s", why);

	/* ib_core refuses what the state machine does not allow. */
	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_RTS;
	expect_ret("rc_modify_err_to_rts_refused",
		   rdmaapi_modify_qp(o->rc, &a, RDMAAPI_QP_STATE), -EINVAL);
}

static void ud_transitions(struct objs *o)
{
	struct rdmaapi_qp_attr a;
	int mask;

	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_INIT;
	a.pkey_index = 0;
	a.port_num = o->port;
	a.qkey = 0x11111111;
	mask = RDMAAPI_QP_STATE | RDMAAPI_QP_PKEY_INDEX | RDMAAPI_QP_PORT |
	       RDMAAPI_QP_QKEY;
	expect_ret("ud_modify_init", rdmaapi_modify_qp(o->ud, &a, mask), 0);
	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_RTR;
	expect_ret("ud_modify_rtr",
		   rdmaapi_modify_qp(o->ud, &a, RDMAAPI_QP_STATE), 0);
	memset(&a, 0, sizeof(a));
	a.qp_state = RDMAAPI_QPS_RTS;
	a.sq_psn = 0x789;
	expect_ret("ud_modify_rts",
		   rdmaapi_modify_qp(o->ud, &a,
				     RDMAAPI_QP_STATE | RDMAAPI_QP_SQ_PSN), 0);
	query_check("ud_query_rts", o->ud, RDMAAPI_QP_STATE | RDMAAPI_QP_QKEY,
		    &a, NULL);
	report(eq("qp_state", a.qp_state, RDMAAPI_QPS_RTS) &
	       eq("qkey", a.qkey, 0x11111111) &
	       eq("port_num", a.port_num, o->port),
	       "ud_rts_attrs", "%s", why);
}

static void create_ah(struct objs *o)
{
	struct rdmaapi_ah_attr a = {
		.is_global = 1,
		.port_num = o->port,
		.grh = { .sgid_index = o->gidx, .hop_limit = 1 },
	};

	a.grh.dgid = o->gid;
	o->ah = need("create_ah", rdmaapi_create_ah(o->pd, &a));
}

static struct rdmaapi_mr *reg(struct objs *o, const char *name, void *buf,
			      size_t len, int access)
{
	struct rdmaapi_mr *mr;
	char n[64];

	mr = rdmaapi_reg_mr(o->pd, buf, len, access);
	report(mr != NULL, name, "%s", strerror(errno));
	if (!mr)
		return NULL;
	why[0] = '\0';
	snprintf(n, sizeof(n), "%s_attrs", name);
	report(ge("lkey", mr->lkey, 1) & ge("rkey", mr->rkey, 1) &
	       eq("addr", mr->addr == buf, 1) & eq("length", mr->length, len) &
	       eq("pd", mr->pd == o->pd, 1), n, "%s", why);
	return mr;
}

static void *map_big(int advice)
{
	void *p = mmap(NULL, big_mr, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		report(0, "map_buffers", "%s", strerror(errno));
		exit(1);
	}
	if (advice >= 0)
		madvise(p, big_mr, advice);
	return p;
}

/*
 * The large region (64 MiB unless -M) is plain anonymous memory,
 * transparent huge pages if the system uses them (Debian: always); the
 * same size once more without huge pages tells a size problem from a
 * compound-page one.
 */
static void reg_mrs(struct objs *o)
{
	char name[64];

	o->buf_small = aligned_alloc(4096, SMALL_MR);
	if (!o->buf_small) {
		report(0, "alloc_buffers", "out of memory");
		exit(1);
	}
	o->buf_big = map_big(-1);
	o->buf_big_nothp = map_big(MADV_NOHUGEPAGE);
	for (size_t i = 0; i < SMALL_MR; i++)
		((unsigned char *)o->buf_small)[i] = i * 7 + (i >> 8);
	o->mr_small = reg(o, "reg_mr_4k", o->buf_small, SMALL_MR,
			  RDMAAPI_ACCESS_LOCAL_WRITE |
			  RDMAAPI_ACCESS_REMOTE_READ |
			  RDMAAPI_ACCESS_REMOTE_WRITE);
	snprintf(name, sizeof(name), "reg_mr_%zum", big_mr >> 20);
	o->mr_big = reg(o, name, o->buf_big, big_mr,
			RDMAAPI_ACCESS_LOCAL_WRITE |
			RDMAAPI_ACCESS_REMOTE_READ);
	snprintf(name, sizeof(name), "reg_mr_%zum_no_huge_pages", big_mr >> 20);
	o->mr_big_nothp = reg(o, name, o->buf_big_nothp,
			      big_mr, RDMAAPI_ACCESS_LOCAL_WRITE |
			      RDMAAPI_ACCESS_REMOTE_READ);
}

/* What the driver and the host must refuse, and an idle channel. */
static void negative(struct objs *o)
{
	struct rdmaapi_qp *qp;
	struct rdmaapi_qp stale;
	struct rdmaapi_pd bogus_pd = { .context = o->ctx, .handle = 0xdead };
	struct rdmaapi_mr bogus_mr = { .context = o->ctx, .handle = 0xdead };
	struct pollfd pfd;
	int ret;

	expect_ret("dealloc_pd_in_use", rdmaapi_dealloc_pd(o->pd), -EBUSY);
	expect_ret("destroy_cq_in_use", rdmaapi_destroy_cq(o->cq_ch), -EBUSY);
	expect_ret("destroy_srq_in_use", rdmaapi_destroy_srq(o->srq), -EBUSY);
	expect_ret("destroy_comp_channel_in_use",
		   rdmaapi_destroy_comp_channel(o->ch), -EBUSY);

	qp = create_qp(o, "create_qp_to_destroy_twice", RDMAAPI_QPT_RC, NULL);
	stale = *qp;
	expect_ret("destroy_qp_once", rdmaapi_destroy_qp(qp), 0);
	expect_ret("destroy_qp_twice", rdmaapi_destroy_qp(&stale), -EINVAL);
	expect_ret("dealloc_pd_bogus_handle", rdmaapi_dealloc_pd(&bogus_pd),
		   -EINVAL);
	expect_ret("dereg_mr_bogus_handle", rdmaapi_dereg_mr(&bogus_mr),
		   -EINVAL);

	expect_null("reg_mr_length_0",
		    rdmaapi_reg_mr(o->pd, o->buf_small, 0,
				   RDMAAPI_ACCESS_LOCAL_WRITE), EINVAL);
	expect_null("reg_mr_remote_write_without_local_write",
		    rdmaapi_reg_mr(o->pd, o->buf_small, SMALL_MR,
				   RDMAAPI_ACCESS_REMOTE_WRITE), EINVAL);

	expect_ret("req_notify_cq", rdmaapi_req_notify_cq(o->cq_ch, 0), 0);
	pfd.fd = o->ch->fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	ret = poll(&pfd, 1, 100);
	report(ret == 0, "comp_channel_idle_poll",
	       "poll returned %d (revents %#x)", ret, pfd.revents);
}

/* Poll @cq for one completion, for up to @ms milliseconds. */
static int poll_one(struct rdmaapi_cq *cq, struct rdmaapi_wc *wc, int ms)
{
	int n, i;

	for (i = 0; i < ms; i++) {
		n = rdmaapi_poll_cq(cq, 1, wc);
		if (n)
			return n;
		usleep(1000);
	}
	return 0;
}

/*
 * A SEND from a QP to itself: the send completion on the armed CQ with a
 * channel must raise one completion event naming that CQ and its context.
 */
static void completion_event(struct objs *o)
{
	struct rdmaapi_sge rsge = {
		.addr = (uintptr_t)o->buf_small + 2048, .length = 64,
	};
	struct rdmaapi_sge ssge = { .addr = (uintptr_t)o->buf_small,
				    .length = 64 };
	struct rdmaapi_recv_wr rwr = { .wr_id = 2, .sg_list = &rsge,
				       .num_sge = 1 }, *rbad;
	struct rdmaapi_send_wr swr = { .wr_id = 1, .sg_list = &ssge,
				       .num_sge = 1,
				       .opcode = RDMAAPI_WR_SEND,
				       .send_flags = RDMAAPI_SEND_SIGNALED },
			       *sbad;
	struct rdmaapi_cq *ev_cq = NULL;
	struct rdmaapi_qp *qp;
	struct rdmaapi_wc wc;
	struct pollfd pfd;
	void *ev_ctx = NULL;
	int ret, n;

	if (!o->mr_small)
		return;
	rsge.lkey = o->mr_small->lkey;
	ssge.lkey = o->mr_small->lkey;
	qp = create_qp(o, "create_qp_rc_events", RDMAAPI_QPT_RC, NULL);
	expect_ret("events_qp_connect_self", conn_self(o->ctx, qp, o->port, o->gidx, o->port_attr.active_mtu), 0);
	expect_ret("events_post_recv", rdmaapi_post_recv(qp, &rwr, &rbad), 0);
	expect_ret("events_req_notify_cq", rdmaapi_req_notify_cq(o->cq_ch, 0),
		   0);
	expect_ret("events_post_send", rdmaapi_post_send(qp, &swr, &sbad), 0);

	pfd.fd = o->ch->fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	ret = poll(&pfd, 1, 10000);
	report(ret == 1 && pfd.revents & POLLIN, "comp_channel_readable",
	       "poll returned %d (revents %#x)", ret, pfd.revents);
	if (ret == 1) {
		ret = rdmaapi_get_cq_event(o->ch, &ev_cq, &ev_ctx);
		expect_ret("get_cq_event", ret, 0);
		why[0] = '\0';
		report(!ret && eq("cq", ev_cq == o->cq_ch, 1) &
		       eq("cq_context", ev_ctx == o->cq_ch->cq_context, 1),
		       "get_cq_event_names_cq", "%s", why);
		if (!ret)
			rdmaapi_ack_cq_events(ev_cq, 1);
	}
	n = poll_one(o->cq_ch, &wc, 2000);
	report(n == 1 && wc.status == RDMAAPI_WC_SUCCESS && wc.wr_id == 1,
	       "send_completion", "poll_cq %d, status %s, wr_id %llu", n,
	       n == 1 ? rdmaapi_wc_status_str(wc.status) : "-",
	       n == 1 ? (unsigned long long)wc.wr_id : 0ULL);
	n = poll_one(o->cq, &wc, 2000);
	report(n == 1 && wc.status == RDMAAPI_WC_SUCCESS && wc.wr_id == 2 &&
	       wc.byte_len == 64, "recv_completion",
	       "poll_cq %d, status %s, byte_len %u", n,
	       n == 1 ? rdmaapi_wc_status_str(wc.status) : "-",
	       n == 1 ? wc.byte_len : 0);
	report(!memcmp((char *)o->buf_small + 2048, o->buf_small, 64),
	       "recv_data", "received bytes differ from those sent");
	expect_ret("destroy_qp_rc_events", rdmaapi_destroy_qp(qp), 0);
}

static void destroy_all(struct objs *o)
{
	if (o->mr_big_nothp)
		expect_ret("dereg_mr_big_no_huge_pages",
			   rdmaapi_dereg_mr(o->mr_big_nothp), 0);
	if (o->mr_big)
		expect_ret("dereg_mr_big", rdmaapi_dereg_mr(o->mr_big), 0);
	if (o->mr_small)
		expect_ret("dereg_mr_4k", rdmaapi_dereg_mr(o->mr_small), 0);
	expect_ret("destroy_ah", rdmaapi_destroy_ah(o->ah), 0);
	expect_ret("destroy_qp_ud", rdmaapi_destroy_qp(o->ud), 0);
	expect_ret("destroy_qp_rc_srq", rdmaapi_destroy_qp(o->rc_srq), 0);
	expect_ret("destroy_qp_rc", rdmaapi_destroy_qp(o->rc), 0);
	expect_ret("destroy_srq", rdmaapi_destroy_srq(o->srq), 0);
	expect_ret("destroy_cq_without_channel", rdmaapi_destroy_cq(o->cq), 0);
	expect_ret("destroy_cq_with_channel", rdmaapi_destroy_cq(o->cq_ch), 0);
	expect_ret("destroy_comp_channel",
		   rdmaapi_destroy_comp_channel(o->ch), 0);
	expect_ret("dealloc_pd", rdmaapi_dealloc_pd(o->pd), 0);
	expect_ret("close_device", rdmaapi_close_device(o->ctx), 0);
	munmap(o->buf_big_nothp, big_mr);
	munmap(o->buf_big, big_mr);
	free(o->buf_small);
}

/*
 * Say "ready", then take one asynchronous event within @secs seconds
 * (something else causes it); the checks are named @ready and @get.
 * Returns 0 with the event in @ev.
 */
static int wait_event(struct objs *o, int secs, const char *ready,
		      const char *get, struct rdmaapi_async_event *ev)
{
	struct pollfd pfd = { .fd = o->ctx->cmd_fd, .events = POLLIN };
	int ret;

	printf("ready\n");
	fflush(stdout);
	ret = poll(&pfd, 1, secs * 1000);
	report(ret == 1, ready, "poll returned %d", ret);
	if (ret != 1)
		return -1;
	ret = rdmaapi_get_async_event(o->ctx, ev);
	expect_ret(get, ret, 0);
	return ret;
}

/* Print and check one asynchronous event of the port's kind. */
static void check_async_event(struct objs *o,
			      const struct rdmaapi_async_event *ev)
{
	switch (ev->event_type) {
	case RDMAAPI_EVENT_PORT_ACTIVE:
	case RDMAAPI_EVENT_PORT_ERR:
	case RDMAAPI_EVENT_LID_CHANGE:
	case RDMAAPI_EVENT_PKEY_CHANGE:
	case RDMAAPI_EVENT_SM_CHANGE:
	case RDMAAPI_EVENT_CLIENT_REREGISTER:
	case RDMAAPI_EVENT_GID_CHANGE:
		printf("# async event: %s, port %d\n",
		       rdmaapi_event_type_str(ev->event_type),
		       ev->element.port_num);
		report(ev->element.port_num == o->port, "async_event_port",
		       "port %d, expected %d", ev->element.port_num, o->port);
		break;
	default:
		printf("# async event: %s\n",
		       rdmaapi_event_type_str(ev->event_type));
		break;
	}
	report(strcmp(rdmaapi_event_type_str(ev->event_type), "unknown"),
	       "async_event_type", "type %d", ev->event_type);
}

/*
 * One asynchronous event within @secs seconds (a port going down...).
 * After PORT_ERR, the events that follow until PORT_ACTIVE (the port
 * back up, so that the checks after this one have a working port), each
 * checked the same way, within @secs seconds more.
 */
static void async_event(struct objs *o, int secs)
{
	struct pollfd pfd = { .fd = o->ctx->cmd_fd, .events = POLLIN };
	struct rdmaapi_async_event ev;
	int type, ret;

	if (wait_event(o, secs, "async_event_ready", "get_async_event", &ev))
		return;
	check_async_event(o, &ev);
	type = ev.event_type;
	rdmaapi_ack_async_event(&ev);
	if (type != RDMAAPI_EVENT_PORT_ERR)
		return;
	while (type != RDMAAPI_EVENT_PORT_ACTIVE) {
		ret = poll(&pfd, 1, secs * 1000);
		if (ret != 1) {
			report(0, "async_event_port_back", "poll returned %d",
			       ret);
			return;
		}
		ret = rdmaapi_get_async_event(o->ctx, &ev);
		if (ret) {
			expect_ret("async_event_port_back", ret, 0);
			return;
		}
		type = ev.event_type;
		printf("# then: %s, port %d\n", rdmaapi_event_type_str(type),
		       ev.element.port_num);
		if (type == RDMAAPI_EVENT_PORT_ACTIVE)
			report(ev.element.port_num == o->port,
			       "async_event_port_back", "port %d, expected %d",
			       ev.element.port_num, o->port);
		rdmaapi_ack_async_event(&ev);
	}
}

/*
 * The device lost the context (-f): one device-fatal event within @secs
 * seconds, then calls fail with EIO, completion channels too, while
 * destroys succeed (the objects are gone on the host already).
 */
static void device_fatal(struct objs *o, int secs)
{
	struct pollfd pfd = { .fd = o->ctx->cmd_fd, .events = POLLIN };
	struct rdmaapi_async_event ev;
	struct rdmaapi_port_attr pa;
	void *ev_ctx;
	struct rdmaapi_cq *ev_cq;
	int ret;

	if (wait_event(o, secs, "fatal_event_ready", "fatal_get_async_event",
		       &ev))
		return;
	report(ev.event_type == RDMAAPI_EVENT_DEVICE_FATAL, "fatal_event_type",
	       "%s", rdmaapi_event_type_str(ev.event_type));
	rdmaapi_ack_async_event(&ev);
	expect_ret("fatal_query_port_eio",
		   rdmaapi_query_port(o->ctx, o->port, &pa), -EIO);
	expect_null("fatal_alloc_pd_eio", rdmaapi_alloc_pd(o->ctx), EIO);
	expect_ret("fatal_get_cq_event_eio",
		   rdmaapi_get_cq_event(o->ch, &ev_cq, &ev_ctx), -EIO);
	ret = poll(&pfd, 1, 0);
	report(ret == 1 && (pfd.revents & POLLERR), "fatal_poll_err",
	       "poll returned %d, revents 0x%x", ret, pfd.revents);
}

/* Every object of one context, each creation a check. */
static void create_all(struct objs *o)
{
	open_first(o);
	o->pd = need("alloc_pd", rdmaapi_alloc_pd(o->ctx));
	create_cqs(o);
	create_srq(o);
	o->rc = create_qp(o, "create_qp_rc", RDMAAPI_QPT_RC, NULL);
	o->rc_srq = create_qp(o, "create_qp_rc_srq", RDMAAPI_QPT_RC, o->srq);
	o->ud = create_qp(o, "create_qp_ud", RDMAAPI_QPT_UD, NULL);
	rc_transitions(o);
	ud_transitions(o);
	create_ah(o);
	reg_mrs(o);
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-p port] [-g gid_index] [-M MiB]"
		" [-k | -n | -e seconds | -f seconds]\n", prog);
	exit(2);
}

int main(int argc, char **argv)
{
	struct objs o = { .port = 1, .gidx = 1 };
	int opt, kill_mode = 0, no_destroy = 0, event_secs = 0, fatal_secs = 0;

	while ((opt = getopt(argc, argv, "p:g:M:kne:f:")) != -1) {
		switch (opt) {
		case 'p':
			o.port = atoi(optarg);
			break;
		case 'g':
			o.gidx = atoi(optarg);
			break;
		case 'M':
			/* 1 MiB to 1 GiB, checked before the shift. */
			big_mr = strtoul(optarg, NULL, 10);
			if (!big_mr || big_mr > 1024)
				usage(argv[0]);
			big_mr <<= 20;
			break;
		case 'k':
			kill_mode = 1;
			break;
		case 'n':
			no_destroy = 1;
			break;
		case 'e':
			event_secs = atoi(optarg);
			break;
		case 'f':
			fatal_secs = atoi(optarg);
			break;
		default:
			usage(argv[0]);
		}
	}
	if (optind != argc ||
	    kill_mode + no_destroy + !!event_secs + !!fatal_secs > 1)
		usage(argv[0]);

	create_all(&o);
	if (fatal_secs) {
		device_fatal(&o, fatal_secs);
		destroy_all(&o);
		o = (struct objs){ .port = o.port, .gidx = o.gidx };
		printf("# a new context on the restarted device\n");
		create_all(&o);
	}
	if (kill_mode) {
		printf("ready\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	if (event_secs)
		async_event(&o, event_secs);
	negative(&o);
	completion_event(&o);
	if (!no_destroy)
		destroy_all(&o);
	printf("# %d check(s) failed\n", nfailed);
	return nfailed ? 1 : 0;
}
