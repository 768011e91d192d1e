// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * perf-native - the native (libibverbs) reference for rdmaapi-perf's two
 * peerless modes, with the same method and the same report lines:
 *
 *   perf-native --reg-mr [-d DEV] [-n ITERS] [-s MAX_SIZE]
 *	register and deregister an already touched, page-aligned anonymous
 *	buffer of every power of two from 4 KiB to MAX_SIZE (default 1 GiB,
 *	at most half of MemAvailable) ITERS times (default 10, fewer where a
 *	size would register more than 8 GiB in all);
 *	" #bytes #iterations reg[usec] dereg[usec] reg[s/GiB] dereg[s/GiB]"
 *
 *   perf-native --qp-setup [-d DEV] [-x GID_INDEX] [-n ITERS]
 *	ITERS times (default 100): create an RC QP on one PD and CQ, modify
 *	it to INIT, RTR (connected to itself) and RTS, destroy it;
 *	" #iterations create init rtr rts destroy total total_typical" (usec)
 *
 * Used by bench/run next to rdmaapi-perf in a guest (Documentation/
 * performance.rst).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <infiniband/verbs.h>

#define RESULT_LINE "---------------------------------------------------------------------------------------\n"
#define ACCESS (IBV_ACCESS_LOCAL_WRITE | IBV_ACCESS_REMOTE_WRITE | \
		IBV_ACCESS_REMOTE_READ)

enum { QS_CREATE, QS_INIT, QS_RTR, QS_RTS, QS_DESTROY, QS_STEPS };

struct opts {
	const char *devname;
	int reg_mr;
	int qp_setup;
	int gidx;
	uint64_t iters;
	uint64_t max;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t mem_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	unsigned long long kb = 0;
	char line[256];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

static struct ibv_context *open_dev(const char *name)
{
	struct ibv_device **list = ibv_get_device_list(NULL);
	struct ibv_context *ctx = NULL;
	int i;

	if (!list) {
		perror("ibv_get_device_list");
		return NULL;
	}
	for (i = 0; list[i]; i++)
		if (!name || !strcmp(ibv_get_device_name(list[i]), name))
			break;
	if (!list[i])
		fprintf(stderr, "device %s not found\n", name ? name : "(any)");
	else if (!(ctx = ibv_open_device(list[i])))
		fprintf(stderr, "couldn't open %s\n", ibv_get_device_name(list[i]));
	ibv_free_device_list(list);
	return ctx;
}

static int run_reg_mr(struct ibv_context *ctx, const struct opts *o)
{
	uint64_t max = o->max, avail = mem_available(), size;
	unsigned char *buf;
	struct ibv_pd *pd;
	int status = 1;

	if (avail && max > avail / 2) {
		uint64_t m = 4096;

		while (m * 2 <= avail / 2)
			m *= 2;
		fprintf(stderr, "note: largest size %llu bytes (half of MemAvailable)\n",
			(unsigned long long)m);
		max = m;
	}
	pd = ibv_alloc_pd(ctx);
	if (!pd) {
		fprintf(stderr, "couldn't allocate PD\n");
		return 1;
	}
	buf = mmap(NULL, max, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		fprintf(stderr, "couldn't allocate %llu bytes\n",
			(unsigned long long)max);
		goto out_pd;
	}
	memset(buf, 0, max);	/* fault in every page before registering */
	printf(RESULT_LINE);
	printf("                    Memory registration latency (%s, native)\n",
	       ibv_get_device_name(ctx->device));
	printf(" Access          : LOCAL_WRITE | REMOTE_WRITE | REMOTE_READ\n");
	printf(" Buffer          : anonymous, touched, page aligned\n");
	printf(RESULT_LINE);
	printf(" #bytes        #iterations  reg[usec]      dereg[usec]    reg[s/GiB]   dereg[s/GiB]\n");
	for (size = 4096; size <= max; size *= 2) {
		uint64_t iters = o->iters, treg = 0, tdereg = 0;
		double reg_us, dereg_us;

		while (iters > 1 && iters * size > (8ull << 30))
			iters--;
		for (uint64_t i = 0; i < iters; i++) {
			uint64_t t0 = now_ns(), t1;
			struct ibv_mr *mr = ibv_reg_mr(pd, buf, size, ACCESS);
			int ret;

			t1 = now_ns();
			if (!mr) {
				fprintf(stderr, "reg_mr of %llu bytes failed: %s\n",
					(unsigned long long)size, strerror(errno));
				goto out;
			}
			treg += t1 - t0;
			ret = ibv_dereg_mr(mr);
			tdereg += now_ns() - t1;
			if (ret) {
				fprintf(stderr, "dereg_mr of %llu bytes failed: %s\n",
					(unsigned long long)size, strerror(ret));
				goto out;
			}
		}
		reg_us = treg / 1e3 / iters;
		dereg_us = tdereg / 1e3 / iters;
		printf(" %-13llu %-12llu %-14.2f %-14.2f %-12.4f %.4f\n",
		       (unsigned long long)size, (unsigned long long)iters,
		       reg_us, dereg_us,
		       reg_us / 1e6 * (double)(1ull << 30) / size,
		       dereg_us / 1e6 * (double)(1ull << 30) / size);
	}
	printf(RESULT_LINE);
	status = 0;
out:
	munmap(buf, max);
out_pd:
	ibv_dealloc_pd(pd);
	return status;
}

static int qp_setup_once(struct ibv_pd *pd, struct ibv_cq *cq,
			 const union ibv_gid *gid, int gidx, uint16_t lid,
			 enum ibv_mtu mtu, uint64_t t[QS_STEPS])
{
	struct ibv_qp_init_attr init = {
		.send_cq = cq,
		.recv_cq = cq,
		.cap = {
			.max_send_wr = 128,
			.max_recv_wr = 128,
			.max_send_sge = 1,
			.max_recv_sge = 1,
		},
		.qp_type = IBV_QPT_RC,
	};
	struct ibv_qp_attr attr = {
		.qp_state = IBV_QPS_INIT,
		.port_num = 1,
		.qp_access_flags = ACCESS,
	};
	unsigned int psn = lrand48() & 0xffffff;
	struct ibv_qp *qp;
	uint64_t t0, t1;
	int ret;

	t0 = now_ns();
	qp = ibv_create_qp(pd, &init);
	t1 = now_ns();
	if (!qp) {
		fprintf(stderr, "couldn't create QP: %s\n", strerror(errno));
		return -1;
	}
	t[QS_CREATE] = t1 - t0;
	ret = ibv_modify_qp(qp, &attr, IBV_QP_STATE | IBV_QP_PKEY_INDEX |
			    IBV_QP_PORT | IBV_QP_ACCESS_FLAGS);
	t0 = now_ns();
	t[QS_INIT] = t0 - t1;
	if (ret) {
		fprintf(stderr, "failed to modify QP to INIT: %s\n", strerror(ret));
		goto destroy;
	}
	memset(&attr, 0, sizeof(attr));
	attr.qp_state = IBV_QPS_RTR;
	attr.path_mtu = mtu;
	attr.dest_qp_num = qp->qp_num;
	attr.rq_psn = psn;
	attr.max_dest_rd_atomic = 1;
	attr.min_rnr_timer = 12;
	attr.ah_attr.dlid = lid;
	attr.ah_attr.port_num = 1;
	if (gidx >= 0) {
		attr.ah_attr.is_global = 1;
		attr.ah_attr.grh.dgid = *gid;
		attr.ah_attr.grh.sgid_index = gidx;
		attr.ah_attr.grh.hop_limit = 0xff;
	}
	t0 = now_ns();
	ret = ibv_modify_qp(qp, &attr, IBV_QP_STATE | IBV_QP_AV |
			    IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN |
			    IBV_QP_MAX_DEST_RD_ATOMIC | IBV_QP_MIN_RNR_TIMER);
	t1 = now_ns();
	t[QS_RTR] = t1 - t0;
	if (ret) {
		fprintf(stderr, "failed to modify QP to RTR: %s\n", strerror(ret));
		goto destroy;
	}
	attr.qp_state = IBV_QPS_RTS;
	attr.timeout = 14;
	attr.retry_cnt = 7;
	attr.rnr_retry = 7;
	attr.sq_psn = psn;
	attr.max_rd_atomic = 1;
	ret = ibv_modify_qp(qp, &attr, IBV_QP_STATE | IBV_QP_TIMEOUT |
			    IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY |
			    IBV_QP_SQ_PSN | IBV_QP_MAX_QP_RD_ATOMIC);
	t0 = now_ns();
	t[QS_RTS] = t0 - t1;
	if (ret)
		fprintf(stderr, "failed to modify QP to RTS: %s\n", strerror(ret));
destroy:
	t0 = now_ns();
	if (ibv_destroy_qp(qp)) {
		fprintf(stderr, "couldn't destroy QP\n");
		ret = -1;
	}
	t[QS_DESTROY] = now_ns() - t0;
	return ret ? -1 : 0;
}

static int run_qp_setup(struct ibv_context *ctx, const struct opts *o)
{
	static const char *const step[QS_STEPS] = {
		"create", "init", "rtr", "rts", "destroy",
	};
	uint64_t sum[QS_STEPS] = {}, all = 0, *total;
	struct ibv_port_attr pa;
	union ibv_gid gid = {};
	struct ibv_pd *pd = NULL;
	struct ibv_cq *cq = NULL;
	int gidx = o->gidx, status = 1;

	if (ibv_query_port(ctx, 1, &pa)) {
		fprintf(stderr, "couldn't query port 1\n");
		return 1;
	}
	if (gidx < 0 && pa.link_layer == IBV_LINK_LAYER_ETHERNET)
		gidx = 1;	/* the IPv4 GID on rxe; -x says otherwise */
	if (gidx >= 0 && ibv_query_gid(ctx, 1, gidx, &gid)) {
		fprintf(stderr, "couldn't read GID %d\n", gidx);
		return 1;
	}
	total = calloc(o->iters, sizeof(*total));
	pd = ibv_alloc_pd(ctx);
	cq = ibv_create_cq(ctx, 257, NULL, NULL, 0);
	if (!total || !pd || !cq) {
		fprintf(stderr, "couldn't allocate PD, CQ or memory\n");
		goto out;
	}
	for (uint64_t i = 0; i < o->iters; i++) {
		uint64_t t[QS_STEPS] = {};

		if (qp_setup_once(pd, cq, &gid, gidx, pa.lid, pa.active_mtu, t))
			goto out;
		for (int k = 0; k < QS_STEPS; k++) {
			sum[k] += t[k];
			total[i] += t[k];
		}
	}
	qsort(total, o->iters, sizeof(*total), cmp_u64);
	printf(RESULT_LINE);
	printf("                    QP setup latency (%s, native)\n",
	       ibv_get_device_name(ctx->device));
	printf(" Steps           : create RC, INIT, RTR (to itself), RTS, destroy\n");
	if (gidx >= 0)
		printf(" GID index       : %d\n", gidx);
	printf(RESULT_LINE);
	printf(" #iterations ");
	for (int k = 0; k < QS_STEPS; k++)
		printf(" %s[usec]", step[k]);
	printf(" total[usec] total_typical[usec]\n");
	printf(" %-12llu", (unsigned long long)o->iters);
	for (int k = 0; k < QS_STEPS; k++) {
		printf(" %-12.2f", sum[k] / 1e3 / o->iters);
		all += sum[k];
	}
	printf(" %-12.2f %.2f\n", all / 1e3 / o->iters,
	       total[o->iters / 2] / 1e3);
	printf(RESULT_LINE);
	status = 0;
out:
	if (cq)
		ibv_destroy_cq(cq);
	if (pd)
		ibv_dealloc_pd(pd);
	free(total);
	return status;
}

static int parse_size(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long n = strtoull(s, &end, 0);

	switch (*end) {
	case 'k': case 'K': n <<= 10; end++; break;
	case 'm': case 'M': n <<= 20; end++; break;
	case 'g': case 'G': n <<= 30; end++; break;
	}
	if (*end || end == s || n < 4096)
		return -1;
	*v = n;
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: perf-native --reg-mr [-d DEV] [-n ITERS] [-s MAX_SIZE]\n"
		"       perf-native --qp-setup [-d DEV] [-x GID_INDEX] [-n ITERS]\n");
}

int main(int argc, char *argv[])
{
	static const struct option lopts[] = {
		{ "reg-mr",    0, NULL, 'R' },
		{ "qp-setup",  0, NULL, 'P' },
		{ "ib-dev",    1, NULL, 'd' },
		{ "gid-index", 1, NULL, 'x' },
		{ "iters",     1, NULL, 'n' },
		{ "size",      1, NULL, 's' },
		{ "help",      0, NULL, 'h' },
		{}
	};
	struct opts o = { .gidx = -1, .max = 1ull << 30 };
	struct ibv_context *ctx;
	int c, ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	srand48(getpid() * time(NULL));
	while ((c = getopt_long(argc, argv, "d:x:n:s:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'R':
			o.reg_mr = 1;
			break;
		case 'P':
			o.qp_setup = 1;
			break;
		case 'd':
			o.devname = optarg;
			break;
		case 'x':
			o.gidx = atoi(optarg);
			break;
		case 'n':
			o.iters = strtoull(optarg, NULL, 0);
			if (!o.iters)
				goto bad;
			break;
		case 's':
			if (parse_size(optarg, &o.max))
				goto bad;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (optind != argc || o.reg_mr + o.qp_setup != 1)
		goto bad;
	if (!o.iters)
		o.iters = o.reg_mr ? 10 : 100;
	ctx = open_dev(o.devname);
	if (!ctx)
		return 1;
	ret = o.reg_mr ? run_reg_mr(ctx, &o) : run_qp_setup(ctx, &o);
	ibv_close_device(ctx);
	return ret;
bad:
	usage(stderr);
	return 1;
}
