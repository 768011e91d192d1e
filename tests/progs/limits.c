// SPDX-License-Identifier: GPL-2.0-only
/*
 * limits: the device's resource limits, as reported and as enforced.
 *
 *   limits [NAME=MAX ...]
 *
 * Opens the first device, prints what rdmaapi_query_limits() reports,
 * checks each NAME=MAX given against the reported maximum, then exhausts
 * every limit in turn: contexts, PDs, CQs, QPs, MRs, rdma_cm identifiers,
 * pinned pages and queue memory are
 * created until the host refuses one. The host must refuse exactly at the
 * reported maximum (used + created == max) with EDQUOT, report the usage
 * as max meanwhile, and accept one more once one is freed. After freeing
 * everything the usage must be back where it started.
 * Prints "ok NAME" or "not ok NAME: WHY" per check; exit status 1 if any
 * check failed. Meant for small limits (the host administrator sets them
 * as vhost_rdmaapi module parameters before `vdpa dev add`).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <rdmaapi/rdmaapi.h>

#define MAX_HELD	4096	/* the most objects of one kind held here */
#define PAGE		4096

static int nfailed;

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

static struct rdmaapi_device *dev;
static struct rdmaapi_context *ctx;
static struct rdmaapi_pd *pd;
static struct rdmaapi_cq *cq;
static struct rdmaapi_event_channel *ch;
static char *buf;		/* backing memory for MRs */
static size_t buf_len;

/* Find @name in a fresh query; -1 if the host does not report it. */
static int query(const char *name, struct rdmaapi_limit *out)
{
	struct rdmaapi_limit l[RDMAAPI_LIMITS_MAX];
	int i, n;

	memset(out, 0, sizeof(*out));
	n = rdmaapi_query_limits(ctx, l, RDMAAPI_LIMITS_MAX);
	for (i = 0; i < n; i++)
		if (!strcmp(l[i].name, name)) {
			*out = l[i];
			return 0;
		}
	return -1;
}

enum kind { CTX, PD, CQ, QP, MR, CM_ID, KINDS };

static const char *const kind_name[KINDS] = {
	[CTX] = "contexts", [PD] = "verbs_pd", [CQ] = "verbs_cq",
	[QP] = "verbs_qp", [MR] = "verbs_mr", [CM_ID] = "rdmacm_cm_id",
};

/* rdmaapi_create_id() returns -errno; the others NULL and errno. */
static struct rdmaapi_cm_id *create_cm_id(void)
{
	struct rdmaapi_cm_id *id;
	int ret = rdmaapi_create_id(ch, &id, NULL, RDMAAPI_PS_TCP);

	if (ret) {
		errno = -ret;
		return NULL;
	}
	return id;
}

static void *create(enum kind k, size_t i)
{
	struct rdmaapi_qp_init_attr qa = {
		.send_cq = cq, .recv_cq = cq, .qp_type = RDMAAPI_QPT_RC,
		.cap = { .max_send_wr = 1, .max_recv_wr = 1,
			 .max_send_sge = 1, .max_recv_sge = 1 },
	};

	switch (k) {
	case CTX:
		return rdmaapi_open_device(dev);
	case PD:
		return rdmaapi_alloc_pd(ctx);
	case CQ:
		return rdmaapi_create_cq(ctx, 1, NULL, NULL, 0);
	case QP:
		return rdmaapi_create_qp(pd, &qa);
	case MR:
		/* One page each, all of them distinct. */
		return rdmaapi_reg_mr(pd, buf + (i % (buf_len / PAGE)) * PAGE,
				      PAGE, RDMAAPI_ACCESS_LOCAL_WRITE);
	case CM_ID:
		return create_cm_id();
	default:
		return NULL;
	}
}

static int destroy(enum kind k, void *o)
{
	switch (k) {
	case CTX:
		return rdmaapi_close_device(o);
	case PD:
		return rdmaapi_dealloc_pd(o);
	case CQ:
		return rdmaapi_destroy_cq(o);
	case QP:
		return rdmaapi_destroy_qp(o);
	case MR:
		return rdmaapi_dereg_mr(o);
	case CM_ID:
		return rdmaapi_destroy_id(o);
	default:
		return -EINVAL;
	}
}

static void exhaust(enum kind k)
{
	static void *held[MAX_HELD];
	const char *name = kind_name[k];
	struct rdmaapi_limit before, full, after;
	size_t n = 0, want;
	char check[64];
	int err = 0;

	if (query(name, &before)) {
		report(0, name, "not reported by the host");
		return;
	}
	want = before.max - before.used;
	if (want >= MAX_HELD) {
		report(0, name, "limit %llu too large for this test",
		       (unsigned long long)before.max);
		return;
	}
	while (n < MAX_HELD) {
		held[n] = create(k, n);
		if (!held[n]) {
			err = errno;
			break;
		}
		n++;
	}
	snprintf(check, sizeof(check), "%s-refused-at-limit", name);
	report(n == want && err == EDQUOT, check,
	       "created %zu of %zu before refusal, errno %d (%s)", n, want,
	       err, strerror(err));
	snprintf(check, sizeof(check), "%s-usage-at-limit", name);
	err = query(name, &full);
	report(!err && full.used == full.max, check,
	       "used %llu, max %llu", (unsigned long long)full.used,
	       (unsigned long long)full.max);
	if (n) {
		snprintf(check, sizeof(check), "%s-room-after-free", name);
		destroy(k, held[--n]);
		held[n] = create(k, n);
		report(held[n] != NULL, check, "errno %d", errno);
		if (held[n])
			n++;
	}
	while (n)
		destroy(k, held[--n]);
	snprintf(check, sizeof(check), "%s-usage-back", name);
	err = query(name, &after);
	report(!err && after.used == before.used, check,
	       "used %llu, was %llu", (unsigned long long)after.used,
	       (unsigned long long)before.used);
}

/*
 * Pinned pages: one registration larger than what is left is refused
 * with EDQUOT, one that fits exactly succeeds.
 */
static void exhaust_pinned(void)
{
	struct rdmaapi_limit l;
	struct rdmaapi_mr *mr;
	size_t left;
	int i;

	if (query("pinned_pages", &l)) {
		report(0, "pinned_pages", "not reported by the host");
		return;
	}
	left = l.max - l.used;
	if (left + 1 > buf_len / PAGE) {
		report(0, "pinned_pages", "limit %llu too large for this test",
		       (unsigned long long)l.max);
		return;
	}
	mr = rdmaapi_reg_mr(pd, buf, (left + 1) * PAGE,
			    RDMAAPI_ACCESS_LOCAL_WRITE);
	report(!mr && errno == EDQUOT, "pinned_pages-refused-past-limit",
	       "registration of %zu pages: %s", left + 1,
	       mr ? "accepted" : strerror(errno));
	if (mr)
		rdmaapi_dereg_mr(mr);
	mr = rdmaapi_reg_mr(pd, buf, left * PAGE, RDMAAPI_ACCESS_LOCAL_WRITE);
	report(mr != NULL, "pinned_pages-up-to-limit",
	       "registration of %zu pages: %s", left, strerror(errno));
	i = query("pinned_pages", &l);
	report(!i && l.used == l.max,
	       "pinned_pages-usage-at-limit", "used %llu, max %llu",
	       (unsigned long long)l.used, (unsigned long long)l.max);
	if (mr)
		rdmaapi_dereg_mr(mr);
	i = query("pinned_pages", &l);
	report(!i && l.used == 0,
	       "pinned_pages-usage-back", "used %llu",
	       (unsigned long long)l.used);
}

/* What the host charges a CQ of @cqe entries: KiB, see protocol.rst. */
static uint64_t cq_kib(uint64_t cqe)
{
	uint64_t slots = 1;

	while (slots < cqe + 1)
		slots <<= 1;
	return (slots * 64 + 1023) / 1024;
}

/*
 * Queue memory: the largest CQ that fits in what is left (a power of two
 * KiB) is created and charged; a second one is refused with EDQUOT; once
 * it is destroyed the usage is back.
 */
static void exhaust_queue(void)
{
	struct rdmaapi_limit l;
	struct rdmaapi_cq *big, *more;
	uint64_t left, cqe = 15, used;
	int i;

	if (query("queue_kib", &l)) {
		report(0, "queue_kib", "not reported by the host");
		return;
	}
	left = l.max - l.used;
	used = l.used;
	while (cq_kib(cqe * 2 + 1) <= left && cqe * 2 + 1 <= 32767)
		cqe = cqe * 2 + 1;
	if (cq_kib(cqe) > left || cq_kib(cqe) * 2 <= left) {
		report(0, "queue_kib", "limit %llu, used %llu: no test fits",
		       (unsigned long long)l.max, (unsigned long long)l.used);
		return;
	}
	big = rdmaapi_create_cq(ctx, cqe, NULL, NULL, 0);
	i = query("queue_kib", &l);
	report(big && !i && l.used == used + cq_kib(cqe), "queue_kib-charged",
	       "a CQ of %llu entries: %s, used %llu, was %llu",
	       (unsigned long long)cqe, big ? "created" : strerror(errno),
	       (unsigned long long)l.used, (unsigned long long)used);
	more = rdmaapi_create_cq(ctx, cqe, NULL, NULL, 0);
	report(!more && errno == EDQUOT, "queue_kib-refused-past-limit",
	       "a second CQ of %llu KiB: %s",
	       (unsigned long long)cq_kib(cqe),
	       more ? "accepted" : strerror(errno));
	if (more)
		rdmaapi_destroy_cq(more);
	if (big)
		rdmaapi_destroy_cq(big);
	i = query("queue_kib", &l);
	report(!i && l.used == used, "queue_kib-usage-back",
	       "used %llu, was %llu", (unsigned long long)l.used,
	       (unsigned long long)used);
}

int main(int argc, char **argv)
{
	struct rdmaapi_limit l[RDMAAPI_LIMITS_MAX];
	struct rdmaapi_device **list;
	int i, n, k;

	list = rdmaapi_get_device_list(&n);
	if (!list || !n) {
		fprintf(stderr, "limits: no device\n");
		return 1;
	}
	dev = list[0];
	ctx = rdmaapi_open_device(dev);
	if (!ctx) {
		perror("limits: open");
		return 1;
	}
	n = rdmaapi_query_limits(ctx, l, RDMAAPI_LIMITS_MAX);
	report(n > 0, "limits-reported", "%d (%s)", n, rdmaapi_strerror(n));
	for (i = 0; i < n; i++)
		printf("limit %s %llu/%llu\n", l[i].name,
		       (unsigned long long)l[i].used,
		       (unsigned long long)l[i].max);
	for (k = 1; k < argc; k++) {
		char name[64], check[96];
		unsigned long long want;
		struct rdmaapi_limit got;

		if (sscanf(argv[k], "%63[^=]=%llu", name, &want) != 2) {
			fprintf(stderr, "limits: bad argument %s\n", argv[k]);
			return 2;
		}
		snprintf(check, sizeof(check), "%s-max-reported", name);
		i = query(name, &got);
		report(!i && got.max == want, check,
		       "want %llu, got %llu", want,
		       (unsigned long long)got.max);
	}

	buf_len = 1024 * PAGE;
	buf = mmap(NULL, buf_len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	pd = rdmaapi_alloc_pd(ctx);
	cq = rdmaapi_create_cq(ctx, 4, NULL, NULL, 0);
	ch = rdmaapi_create_event_channel(ctx);
	if (buf == MAP_FAILED || !pd || !cq || !ch) {
		fprintf(stderr, "limits: setup failed: %s\n", strerror(errno));
		return 1;
	}
	for (k = 0; k < KINDS; k++)
		exhaust(k);
	exhaust_pinned();
	exhaust_queue();

	rdmaapi_destroy_event_channel(ch);
	rdmaapi_destroy_cq(cq);
	rdmaapi_dealloc_pd(pd);
	rdmaapi_close_device(ctx);
	rdmaapi_free_device_list(list);
	printf("%d checks failed\n", nfailed);
	return nfailed ? 1 : 0;
}
