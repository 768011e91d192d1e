// SPDX-License-Identifier: GPL-2.0-only
/*
 * isolation: two guests (or two contexts) on one host RDMA device must not
 * reach each other's objects.
 *
 *   isolation -m hold [-t seconds] [-p port]
 *                                    create a PD, CQ, QP and a 1 MiB MR
 *                                    filled with a pattern, open to remote
 *                                    reads and writes; with -p, tell one
 *                                    prober its address, rkey and lkey over
 *                                    TCP; stay alive for -t seconds; then
 *                                    check the QP still answers, the data
 *                                    is intact, and destroy everything
 *   isolation -m probe [-H host -p port]
 *                                    in a fresh context, name every handle
 *                                    1..256 of every kind: each must be
 *                                    refused with EINVAL; then post RDMA
 *                                    WRITEs whose local key is not ours
 *                                    (neighbours of our own key, among
 *                                    them, on rxe, the holder's): none may
 *                                    complete successfully; with -H, learn
 *                                    the holder's keys and use them: RDMA
 *                                    WRITE and READ with its rkey and
 *                                    address, a local SGE with its lkey and
 *                                    address; none may complete
 *
 * Handles are per context, so a prober sees the same numbers the holder
 * got and must still be refused. Prints "ok NAME" / "not ok NAME: WHY".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <rdmaapi/rdmaapi.h>
#include "connect.h"
#include "xchg.h"

#define MR_SIZE (1 << 20)

static int failed;

static void report(int ok, const char *name, int ret)
{
	if (ok)
		printf("ok %s\n", name);
	else
		printf("not ok %s: %d\n", name, ret);
	failed |= !ok;
	fflush(stdout);
}

static struct rdmaapi_context *open_first(void)
{
	struct rdmaapi_device **list;
	struct rdmaapi_context *ctx;
	int n;

	list = rdmaapi_get_device_list(&n);
	if (!list || !n) {
		fprintf(stderr, "no rdmaapi device\n");
		exit(2);
	}
	ctx = rdmaapi_open_device(list[0]);
	rdmaapi_free_device_list(list);
	if (!ctx) {
		perror("open");
		exit(2);
	}
	return ctx;
}

static void probe(struct rdmaapi_context *ctx)
{
	struct rdmaapi_qp_init_attr init;
	struct rdmaapi_qp_attr attr;
	int h, ret, refused = 1, worst = 0;

	for (h = 1; h <= 256; h++) {
		struct rdmaapi_qp qp = { .context = ctx, .handle = h };
		struct rdmaapi_pd *pd = calloc(1, sizeof(*pd));
		struct rdmaapi_mr *mr = calloc(1, sizeof(*mr));

		ret = rdmaapi_query_qp(&qp, &attr, RDMAAPI_QP_STATE, &init);
		if (ret != -EINVAL)
			refused = 0, worst = ret;
		pd->context = ctx;
		pd->handle = h;
		ret = rdmaapi_dealloc_pd(pd);
		if (ret != -EINVAL)
			refused = 0, worst = ret;
		else
			free(pd);
		mr->context = ctx;
		mr->handle = h;
		ret = rdmaapi_dereg_mr(mr);
		if (ret != -EINVAL)
			refused = 0, worst = ret;
		else
			free(mr);
	}
	report(refused, "foreign-handles-refused", worst);
}

/*
 * On a fresh QP connected to itself, one signaled RDMA @opcode of 64
 * bytes between local @laddr (key @lkey) and remote @raddr (key @rkey).
 * Returns the completion status, or -errno.
 */
static int rdma_op(struct rdmaapi_context *ctx, struct rdmaapi_pd *pd,
		   struct rdmaapi_cq *cq, enum rdmaapi_wr_opcode opcode,
		   uint64_t laddr, uint32_t lkey, uint64_t raddr, uint32_t rkey,
		   int gidx)
{
	struct rdmaapi_qp_init_attr init = { 0 };
	struct rdmaapi_sge sge = { .addr = laddr, .length = 64, .lkey = lkey };
	struct rdmaapi_send_wr wr = { 0 }, *bad;
	struct rdmaapi_wc wc;
	struct rdmaapi_qp *qp;
	int ret, i, n = 0;

	init.send_cq = cq;
	init.recv_cq = cq;
	init.qp_type = RDMAAPI_QPT_RC;
	init.cap.max_send_wr = 1;
	init.cap.max_recv_wr = 1;
	init.cap.max_send_sge = 1;
	init.cap.max_recv_sge = 1;
	qp = rdmaapi_create_qp(pd, &init);
	if (!qp)
		return -errno;
	ret = conn_self(ctx, qp, 1, gidx, RDMAAPI_MTU_1024);
	if (ret)
		goto out;
	wr.sg_list = &sge;
	wr.num_sge = 1;
	wr.opcode = opcode;
	wr.send_flags = RDMAAPI_SEND_SIGNALED;
	wr.wr.rdma.remote_addr = raddr;
	wr.wr.rdma.rkey = rkey;
	ret = rdmaapi_post_send(qp, &wr, &bad);
	if (ret)
		goto out;
	for (i = 0; i < 5000 && !n; i++) {
		n = rdmaapi_poll_cq(cq, 1, &wc);
		if (!n)
			usleep(1000);
	}
	ret = n == 1 ? (int)wc.status : n < 0 ? n : -ETIMEDOUT;
out:
	rdmaapi_destroy_qp(qp);
	return ret;
}

/* What a holder tells a prober: where its region is and its keys. */
struct holder_keys {
	struct xchg_msg msg;	/* addr, length, rkey */
	uint32_t lkey;
};

static void report_refused(int st, const char *name)
{
	printf("%s: %s\n", name,
	       st >= 0 ? rdmaapi_wc_status_str(st) : rdmaapi_strerror(st));
	/* A completion must come, and it must be an error. */
	report(st > RDMAAPI_WC_SUCCESS, name, st);
}

/*
 * Our own QP and MR, the holder's keys and addresses: the rkey is checked
 * against our QP's PD and the lkey against our context's MRs, so none of
 * these may move a byte.
 */
static void holder_keys(struct rdmaapi_context *ctx, struct rdmaapi_pd *pd,
			struct rdmaapi_cq *cq, struct rdmaapi_mr *mr,
			const struct holder_keys *h, int gidx)
{
	uint64_t addr = h->msg.addr;
	uint32_t rkey = h->msg.rkey;

	printf("holder: addr %#llx rkey %#x lkey %#x\n",
	       (unsigned long long)addr, rkey, h->lkey);
	report_refused(rdma_op(ctx, pd, cq, RDMAAPI_WR_RDMA_WRITE,
			       (uintptr_t)mr->addr, mr->lkey, addr, rkey, gidx),
		       "holder-rkey-write-refused");
	report_refused(rdma_op(ctx, pd, cq, RDMAAPI_WR_RDMA_READ,
			       (uintptr_t)mr->addr, mr->lkey, addr, rkey, gidx),
		       "holder-rkey-read-refused");
	report_refused(rdma_op(ctx, pd, cq, RDMAAPI_WR_RDMA_WRITE, addr,
			       h->lkey, (uintptr_t)mr->addr + 4096, mr->rkey,
			       gidx),
		       "holder-lkey-refused");
}

static void foreign_lkeys(struct rdmaapi_context *ctx, int gidx,
			  const struct holder_keys *h)
{
	struct rdmaapi_pd *pd = rdmaapi_alloc_pd(ctx);
	struct rdmaapi_cq *cq = pd ? rdmaapi_create_cq(ctx, 16, NULL, NULL, 0) :
				     NULL;
	void *buf = aligned_alloc(4096, 8192);
	struct rdmaapi_mr *mr;
	int k, st, refused = 1, worst = 0;

	mr = cq ? rdmaapi_reg_mr(pd, buf, 8192, RDMAAPI_ACCESS_LOCAL_WRITE |
				 RDMAAPI_ACCESS_REMOTE_WRITE) : NULL;
	if (!mr) {
		report(0, "own-lkey-write-succeeds", -errno);
		return;
	}
	/* Without this the errors below would prove nothing. */
	st = rdma_op(ctx, pd, cq, RDMAAPI_WR_RDMA_WRITE, (uintptr_t)buf,
		     mr->lkey, (uintptr_t)buf + 4096, mr->rkey, gidx);
	report(st == RDMAAPI_WC_SUCCESS, "own-lkey-write-succeeds", st);
	/*
	 * rxe reports a bad local key as a local protection or operation
	 * error, or flushes the WR as its QP enters the error state: what
	 * matters is that none completes.
	 */
	for (k = -8; k <= 8; k++) {
		if (!k)
			continue;
		st = rdma_op(ctx, pd, cq, RDMAAPI_WR_RDMA_WRITE, (uintptr_t)buf,
			     mr->lkey + k * 0x100, (uintptr_t)buf + 4096,
			     mr->rkey, gidx);
		printf("lkey %#x: %s\n", mr->lkey + k * 0x100,
		       st >= 0 ? rdmaapi_wc_status_str(st) : rdmaapi_strerror(st));
		if (st == RDMAAPI_WC_SUCCESS || st < 0)
			refused = 0, worst = st;
	}
	report(refused, "foreign-lkeys-never-complete", worst);
	if (h)
		holder_keys(ctx, pd, cq, mr, h, gidx);
	rdmaapi_dereg_mr(mr);
	rdmaapi_destroy_cq(cq);
	rdmaapi_dealloc_pd(pd);
	free(buf);
}

static void hold(struct rdmaapi_context *ctx, int seconds, int port)
{
	struct holder_keys keys;
	int fd;

	struct rdmaapi_qp_init_attr init = { 0 };
	struct rdmaapi_qp_attr attr;
	struct rdmaapi_pd *pd;
	struct rdmaapi_cq *cq;
	struct rdmaapi_qp *qp;
	struct rdmaapi_mr *mr;
	unsigned char *buf;
	int i, ok = 1;

	buf = aligned_alloc(4096, MR_SIZE);
	for (i = 0; i < MR_SIZE; i++)
		buf[i] = xchg_pattern(i, 42);
	pd = rdmaapi_alloc_pd(ctx);
	cq = pd ? rdmaapi_create_cq(ctx, 16, NULL, NULL, 0) : NULL;
	init.send_cq = cq;
	init.recv_cq = cq;
	init.qp_type = RDMAAPI_QPT_RC;
	init.cap.max_send_wr = 4;
	init.cap.max_recv_wr = 4;
	init.cap.max_send_sge = 1;
	init.cap.max_recv_sge = 1;
	qp = cq ? rdmaapi_create_qp(pd, &init) : NULL;
	mr = qp ? rdmaapi_reg_mr(pd, buf, MR_SIZE, RDMAAPI_ACCESS_LOCAL_WRITE |
				 RDMAAPI_ACCESS_REMOTE_WRITE |
				 RDMAAPI_ACCESS_REMOTE_READ) : NULL;
	report(mr != NULL, "holder-objects", mr ? 0 : -errno);
	if (!mr)
		return;
	printf("holding pd %u cq %u qp %u mr %u for %d s\n", pd->handle,
	       cq->handle, qp->handle, mr->handle, seconds);
	fflush(stdout);
	if (port) {
		memset(&keys, 0, sizeof(keys));
		keys.msg.addr = (uintptr_t)buf;
		keys.msg.length = MR_SIZE;
		keys.msg.rkey = mr->rkey;
		keys.lkey = mr->lkey;
		fd = xchg_listen(port);
		report(fd >= 0 && !xchg_send(fd, &keys, sizeof(keys)),
		       "holder-keys-sent", fd);
		if (fd >= 0)
			close(fd);
	}
	sleep(seconds);
	report(!rdmaapi_query_qp(qp, &attr, RDMAAPI_QP_STATE, &init) &&
	       attr.qp_state == RDMAAPI_QPS_RESET, "holder-qp-untouched", 0);
	for (i = 0; i < MR_SIZE; i++)
		ok &= buf[i] == xchg_pattern(i, 42);
	report(ok, "holder-data-untouched", 0);
	report(!rdmaapi_dereg_mr(mr) && !rdmaapi_destroy_qp(qp) &&
	       !rdmaapi_destroy_cq(cq) && !rdmaapi_dealloc_pd(pd),
	       "holder-teardown", 0);
	free(buf);
}

int main(int argc, char **argv)
{
	const char *mode = "probe", *host = NULL;
	struct holder_keys keys, *h = NULL;
	struct rdmaapi_context *ctx;
	int opt, seconds = 20, port = 0, fd;

	while ((opt = getopt(argc, argv, "m:t:H:p:")) != -1) {
		if (opt == 'm')
			mode = optarg;
		else if (opt == 't')
			seconds = atoi(optarg);
		else if (opt == 'H')
			host = optarg;
		else if (opt == 'p')
			port = atoi(optarg);
		else
			return 2;
	}
	ctx = open_first();
	if (!strcmp(mode, "hold")) {
		hold(ctx, seconds, port);
	} else {
		/*
		 * Through a forwarded port the connection may be accepted
		 * and then closed while the holder is not listening yet:
		 * try again until the keys come.
		 */
		for (opt = 0; host && !h && opt < 120; opt++) {
			fd = xchg_connect(host, port);
			if (fd >= 0 && !xchg_recv(fd, &keys, sizeof(keys)))
				h = &keys;
			if (fd >= 0)
				close(fd);
			if (!h)
				sleep(1);
		}
		if (host)
			report(h != NULL, "holder-keys-received", 0);
		probe(ctx);
		foreign_lkeys(ctx, 1, h);
	}
	rdmaapi_close_device(ctx);
	return failed;
}
