// SPDX-License-Identifier: GPL-2.0-only
/*
 * isolation: two guests (or two contexts) on one host RDMA device must not
 * reach each other's objects.
 *
 *   isolation -m hold [-t seconds]   create a PD, CQ, QP and a 1 MiB MR
 *                                    filled with a pattern; stay alive for
 *                                    -t seconds; then check the QP still
 *                                    answers, the data is intact, and
 *                                    destroy everything
 *   isolation -m probe               in a fresh context, name every handle
 *                                    1..256 of every kind: each must be
 *                                    refused with EINVAL; then post RDMA
 *                                    WRITEs whose local key is not ours
 *                                    (neighbours of our own key, among
 *                                    them, on rxe, the holder's): none may
 *                                    complete successfully
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
 * On a fresh QP, RDMA WRITE 64 bytes from our region (at @lkey) into our
 * region (our rkey). Returns the completion status, or -errno.
 */
static int write_with_lkey(struct rdmaapi_context *ctx, struct rdmaapi_pd *pd,
			   struct rdmaapi_cq *cq, struct rdmaapi_mr *mr,
			   uint32_t lkey, int gidx)
{
	struct rdmaapi_qp_init_attr init = { 0 };
	struct rdmaapi_sge sge = { .addr = (uintptr_t)mr->addr, .length = 64,
				   .lkey = lkey };
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
	wr.opcode = RDMAAPI_WR_RDMA_WRITE;
	wr.send_flags = RDMAAPI_SEND_SIGNALED;
	wr.wr.rdma.remote_addr = (uintptr_t)mr->addr + 4096;
	wr.wr.rdma.rkey = mr->rkey;
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

static void foreign_lkeys(struct rdmaapi_context *ctx, int gidx)
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
	st = write_with_lkey(ctx, pd, cq, mr, mr->lkey, gidx);
	report(st == RDMAAPI_WC_SUCCESS, "own-lkey-write-succeeds", st);
	/*
	 * rxe reports a bad local key as a local protection or operation
	 * error, or flushes the WR as its QP enters the error state: what
	 * matters is that none completes.
	 */
	for (k = -8; k <= 8; k++) {
		if (!k)
			continue;
		st = write_with_lkey(ctx, pd, cq, mr, mr->lkey + k * 0x100, gidx);
		printf("lkey %#x: %s\n", mr->lkey + k * 0x100,
		       st >= 0 ? rdmaapi_wc_status_str(st) : rdmaapi_strerror(st));
		if (st == RDMAAPI_WC_SUCCESS || st < 0)
			refused = 0, worst = st;
	}
	report(refused, "foreign-lkeys-never-complete", worst);
	rdmaapi_dereg_mr(mr);
	rdmaapi_destroy_cq(cq);
	rdmaapi_dealloc_pd(pd);
	free(buf);
}

static void hold(struct rdmaapi_context *ctx, int seconds)
{
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
	mr = qp ? rdmaapi_reg_mr(pd, buf, MR_SIZE, RDMAAPI_ACCESS_LOCAL_WRITE) :
		  NULL;
	report(mr != NULL, "holder-objects", mr ? 0 : -errno);
	if (!mr)
		return;
	printf("holding pd %u cq %u qp %u mr %u for %d s\n", pd->handle,
	       cq->handle, qp->handle, mr->handle, seconds);
	fflush(stdout);
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
	const char *mode = "probe";
	struct rdmaapi_context *ctx;
	int opt, seconds = 20;

	while ((opt = getopt(argc, argv, "m:t:")) != -1) {
		if (opt == 'm')
			mode = optarg;
		else if (opt == 't')
			seconds = atoi(optarg);
		else
			return 2;
	}
	ctx = open_first();
	if (!strcmp(mode, "hold"))
		hold(ctx, seconds);
	else {
		probe(ctx);
		foreign_lkeys(ctx, 1);
	}
	rdmaapi_close_device(ctx);
	return failed;
}
