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
 *                                    refused with EINVAL
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
#include "xchg.h"

#define MR_SIZE (1 << 20)

static int failed;

static void report(int ok, const char *name, int ret)
{
	if (ok)
		printf("ok %s\n", name);
	else
		printf("not ok %s: %d (%s)\n", name, ret, rdmaapi_strerror(ret));
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
	else
		probe(ctx);
	rdmaapi_close_device(ctx);
	return failed;
}
