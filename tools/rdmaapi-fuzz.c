// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * rdmaapi-fuzz - a malicious VMM and guest in one process.
 *
 * Drives a vhost_rdmaapi device directly through /dev/vhost-vdpa-N, the way
 * QEMU does (owner, features, IOTLB updates of its own memory at chosen
 * "guest-physical" addresses, vrings, status), and then owns both virtqueues
 * byte for byte. It sends a realistic baseline (contexts, PDs, CQs, a
 * connected RC QP pair, a registered MR, traffic) so that deep code is
 * reached, then random and mutated requests, malformed descriptor chains,
 * broken rings and races (destroy while queued, reset with requests in
 * flight, IOTLB unmap of registered memory, close of the fd mid-stream,
 * suspend with requests in flight, rings rewritten while suspended).
 * Whenever the device asks for a reset it resets and sets up again.
 *
 * Usage: rdmaapi-fuzz [-s SEED] [-t SECONDS] [-v] /dev/vhost-vdpa-N
 *
 * Exit status: 0 when the run ends; 1 if the device stopped answering
 * valid requests after a reset; 2 if the device wrote memory mapped to it
 * read-only (a protection violation), served requests while suspended or
 * reported a suspended ring base other than its used index; 3 for setup
 * errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <linux/vhost.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>
#include <linux/virtio_rdmaapi.h>

#ifndef VIRTIO_F_ACCESS_PLATFORM
#define VIRTIO_F_ACCESS_PLATFORM 33
#endif
#ifndef VIRTIO_CONFIG_S_NEEDS_RESET
#define VIRTIO_CONFIG_S_NEEDS_RESET 0x40
#endif

/* "Guest-physical" layout: four regions of our own memory. */
#define IOVA_A		0x10000000ULL	/* RW: rings, requests, responses */
#define SIZE_A		0x100000ULL
#define IOVA_B		0x20000000ULL	/* RO for the device: must never change */
#define SIZE_B		0x10000ULL
#define IOVA_C		0x30000000ULL	/* RW: MR data, unmapped/remapped */
#define SIZE_C		0x40000ULL
#define IOVA_W		0x40000000ULL	/* WO for the device: unreadable */
#define SIZE_W		0x10000ULL
#define IOVA_HOLE	0x50000000ULL	/* never mapped */

/* Offsets in region A. */
#define A_CDESC		0x00000
#define A_CAVAIL	0x01000
#define A_CUSED		0x02000
#define A_EDESC		0x03000
#define A_EAVAIL	0x04000
#define A_EUSED		0x05000
#define A_EBUF		0x06000
#define A_INDIR		0x08000		/* 32 tables of 1 KiB + spare */
#define A_SLOTS		0x20000		/* 32 slots of 12 KiB */
#define SLOT_SIZE	0x3000
#define SLOT_OUT	0x2000		/* out part, then 4 KiB in part */
#define NSLOTS		32
#define A_LONG		0xB0000		/* chains of tiny pieces */
#define B_CANARY	0x8000		/* first half of B: never written by us */

#define EV_NUM		16
#define NCTX		6
#define NH		16

#define MTU_1024	3

enum { T_PD, T_CQ, T_QP, T_SRQ, T_MR, T_AH, T_N };

enum cat {
	C_VALID, C_FIELD, C_GARBAGE, C_CHAIN, C_RING, C_EVQ, C_DESTROY_RACE,
	C_RESET_INFLIGHT, C_IOTLB_UNMAP, C_CLOSE, C_REG_MR, C_POST,
	C_SUSPEND, C_SUSPEND_REWIND, C_N
};

static const char *cat_name[C_N] = {
	"valid", "field-mutation", "garbage", "chain-abuse", "ring-abuse",
	"event-queue-abuse", "destroy-race", "reset-in-flight",
	"iotlb-unmap-race", "close-mid-stream", "reg-mr-page-lists",
	"post-wr-lists", "suspend-in-flight", "suspend-ring-rewrite",
};

struct obj {
	uint32_t h, a, b;
};

struct ctx {
	uint32_t h;
	struct obj o[T_N][NH];
	int n[T_N];
};

struct vq {
	unsigned int num;
	uint64_t desc, avail, used;
	uint16_t avail_idx, used_seen;
	int kick, call;
};

struct slot {
	uint16_t head;
	bool busy;
	struct virtio_rdmaapi_req_hdr hdr;
	uint8_t req[64];
	uint64_t in_iova;
	uint32_t in_len;
};

static int vfd = -1;
static const char *path;
static uint8_t *mem_a, *mem_b, *mem_c[2], *mem_w;
static int c_cur;
static bool c_mapped;
static struct vq cq_, eq;
static uint64_t features;
static struct slot slots[NSLOTS];
static int nslots;
static int head_slot[256];
static struct ctx ctxs[NCTX];
static uint32_t dead_ctx[16];
static uint8_t gid[16];
static uint64_t count[C_N], sent, answered, resets, stalls;
static uint64_t status_count[160];
static uint64_t rng;
static int verbose;
static bool bad_rings;
static bool can_suspend;
static uint32_t b_sum;

/* Baseline objects: a connected RC pair in ctxs[0]. */
static struct {
	bool up;
	uint32_t pd, cq, qp[2], qpn[2], mr, lkey, rkey;
} base;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static uint32_t rn(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned int pct)
{
	return rn(100) < pct;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t boundary32(void)
{
	static const uint32_t v[] = {
		0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 255, 256, 4095,
		4096, 4097, 65535, 65536, 65537, 0x7fffffff, 0x80000000,
		0xfffffffe, 0xffffffff, 1U << 20, (1U << 20) + 1,
	};

	if (chance(20))
		return rnd();
	return v[rn(sizeof(v) / sizeof(v[0]))];
}

static uint64_t boundary64(void)
{
	static const uint64_t v[] = {
		0, 1, 0xfff, 0x1000, 0x7fffffffffffffffULL,
		0x8000000000000000ULL, 0xffffffffffffffffULL,
		0xfffffffffffff000ULL, IOVA_A, IOVA_B, IOVA_C, IOVA_W,
		IOVA_HOLE, IOVA_C + SIZE_C - 8, IOVA_C + SIZE_C,
	};

	if (chance(20))
		return rnd();
	return v[rn(sizeof(v) / sizeof(v[0]))];
}

static void *va(uint64_t iova)
{
	if (iova >= IOVA_A && iova < IOVA_A + SIZE_A)
		return mem_a + (iova - IOVA_A);
	if (iova >= IOVA_B && iova < IOVA_B + SIZE_B)
		return mem_b + (iova - IOVA_B);
	if (iova >= IOVA_W && iova < IOVA_W + SIZE_W)
		return mem_w + (iova - IOVA_W);
	return NULL;
}

static uint32_t checksum(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static void check_canary(const char *where)
{
	if (checksum(mem_b, B_CANARY) != b_sum) {
		printf("fuzz: VIOLATION: memory mapped read-only to the device changed (%s)\n",
		       where);
		fflush(stdout);
		exit(2);
	}
}

/* ---- vhost-vdpa plumbing ---- */

static int iotlb(uint8_t type, uint64_t iova, uint64_t size, void *uaddr,
		 uint8_t perm)
{
	struct vhost_msg_v2 m;

	memset(&m, 0, sizeof(m));
	m.type = VHOST_IOTLB_MSG_V2;
	m.iotlb.iova = iova;
	m.iotlb.size = size;
	m.iotlb.uaddr = (uint64_t)(uintptr_t)uaddr;
	m.iotlb.perm = perm;
	m.iotlb.type = type;
	if (write(vfd, &m, sizeof(m)) != sizeof(m))
		return -errno;
	return 0;
}

/*
 * Map a region; if vhost_vdpa still holds an older mapping there (a reset
 * may or may not have dropped its address space), replace it. vhost
 * reports every failed message as EFAULT, an overlap included.
 */
static int map(uint64_t iova, uint64_t size, void *uaddr, uint8_t perm)
{
	int ret = iotlb(VHOST_IOTLB_UPDATE, iova, size, uaddr, perm);

	if (ret) {
		iotlb(VHOST_IOTLB_INVALIDATE, iova, size, NULL, 0);
		ret = iotlb(VHOST_IOTLB_UPDATE, iova, size, uaddr, perm);
	}
	return ret;
}

static int map_c(void)
{
	int ret = map(IOVA_C, SIZE_C, mem_c[c_cur], VHOST_ACCESS_RW);

	c_mapped = !ret;
	return ret;
}

static int map_all(void)
{
	int ret;

	ret = map(IOVA_A, SIZE_A, mem_a, VHOST_ACCESS_RW);
	if (!ret)
		ret = map(IOVA_B, SIZE_B, mem_b, VHOST_ACCESS_RO);
	if (!ret)
		ret = map(IOVA_W, SIZE_W, mem_w, VHOST_ACCESS_WO);
	if (!ret)
		ret = map_c();
	return ret;
}

static uint8_t get_status(void)
{
	uint8_t s = 0;

	if (ioctl(vfd, VHOST_VDPA_GET_STATUS, &s))
		return 0xff;
	return s;
}

static int set_status(uint8_t s)
{
	return ioctl(vfd, VHOST_VDPA_SET_STATUS, &s) ? -errno : 0;
}

static int open_dev(void)
{
	uint64_t bf;

	vfd = open(path, O_RDWR);
	if (vfd < 0) {
		fprintf(stderr, "fuzz: open %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (ioctl(vfd, VHOST_SET_OWNER) ||
	    ioctl(vfd, VHOST_GET_BACKEND_FEATURES, &bf)) {
		fprintf(stderr, "fuzz: owner/backend features: %s\n",
			strerror(errno));
		return -1;
	}
	bf &= (1ULL << VHOST_BACKEND_F_IOTLB_MSG_V2) |
	      (1ULL << VHOST_BACKEND_F_IOTLB_BATCH) |
	      (1ULL << VHOST_BACKEND_F_SUSPEND) |
	      (1ULL << VHOST_BACKEND_F_RESUME);
	can_suspend = bf & (1ULL << VHOST_BACKEND_F_SUSPEND);
	if (ioctl(vfd, VHOST_SET_BACKEND_FEATURES, &bf) ||
	    ioctl(vfd, VHOST_GET_FEATURES, &features)) {
		fprintf(stderr, "fuzz: features: %s\n", strerror(errno));
		return -1;
	}
	cq_.kick = eventfd(0, EFD_NONBLOCK);
	cq_.call = eventfd(0, EFD_NONBLOCK);
	eq.kick = eventfd(0, EFD_NONBLOCK);
	eq.call = eventfd(0, EFD_NONBLOCK);
	return 0;
}

static void close_dev(void)
{
	close(vfd);
	close(cq_.kick);
	close(cq_.call);
	close(eq.kick);
	close(eq.call);
	vfd = -1;
	c_mapped = false;
}

static int setup_vq(int idx, struct vq *q)
{
	struct vhost_vring_state st = { .index = idx, .num = q->num };
	struct vhost_vring_addr ad = {
		.index = idx,
		.desc_user_addr = q->desc,
		.avail_user_addr = q->avail,
		.used_user_addr = q->used,
	};
	struct vhost_vring_file kf = { .index = idx, .fd = q->kick };
	struct vhost_vring_file cf = { .index = idx, .fd = q->call };
	struct vhost_vring_state en = { .index = idx, .num = 1 };
	/* Indices near the 16-bit wrap now and then. */
	uint16_t base = chance(20) ? 0xffff - rn(2 * q->num) : 0;
	struct vhost_vring_state base0 = { .index = idx, .num = base };
	uint16_t *av = va(q->avail);
	uint8_t *us = va(q->used);

	if (ioctl(vfd, VHOST_SET_VRING_NUM, &st) ||
	    ioctl(vfd, VHOST_SET_VRING_ADDR, &ad) ||
	    ioctl(vfd, VHOST_SET_VRING_BASE, &base0) ||
	    ioctl(vfd, VHOST_SET_VRING_KICK, &kf) ||
	    ioctl(vfd, VHOST_SET_VRING_CALL, &cf) ||
	    ioctl(vfd, VHOST_VDPA_SET_VRING_ENABLE, &en))
		return -errno;
	q->avail_idx = base;
	q->used_seen = base;
	if (av && q->avail >= IOVA_A && q->avail < IOVA_A + SIZE_A)
		av[1] = base;
	if (us && q->used >= IOVA_A && q->used < IOVA_A + SIZE_A)
		((uint16_t *)us)[1] = base;
	return 0;
}

static void kick(struct vq *q)
{
	uint64_t one = 1;

	if (write(q->kick, &one, sizeof(one)) < 0)
		perror("fuzz: kick");
}

static struct vring_desc *desc_tab(struct vq *q)
{
	return va(q->desc);
}

static uint16_t *avail_ring(struct vq *q)
{
	return va(q->avail);
}

static volatile uint16_t *used_idx_p(struct vq *q)
{
	uint8_t *u = va(q->used);

	return u ? (volatile uint16_t *)(u + 2) : NULL;
}

static void publish(struct vq *q, uint16_t head)
{
	uint16_t *av = avail_ring(q);

	if (!av)
		return;
	av[2 + q->avail_idx % q->num] = head;
	q->avail_idx++;
	__atomic_store_n(&av[1], q->avail_idx, __ATOMIC_RELEASE);
}

/* Post every event buffer (device-writable, 32 bytes). */
static void post_events(void)
{
	struct vring_desc *d = desc_tab(&eq);
	int i;

	for (i = 0; i < EV_NUM && d; i++) {
		d[i].addr = IOVA_A + A_EBUF + 32 * i;
		d[i].len = 32;
		d[i].flags = VRING_DESC_F_WRITE;
		d[i].next = 0;
		publish(&eq, i);
	}
	kick(&eq);
}

static void reset_registry(void)
{
	memset(ctxs, 0, sizeof(ctxs));
	memset(&base, 0, sizeof(base));
	memset(slots, 0, sizeof(slots));
	nslots = 0;
}

static int build_baseline(void);

/*
 * Reset the device and set it up again, as a guest driver does. @abuse
 * places the rings badly on purpose (ring-abuse category).
 */
static int setup_device(bool abuse)
{
	uint64_t f;
	int ret;

	resets++;
	bad_rings = abuse;
	reset_registry();
	set_status(0);
	/* Without IOTLB_PERSIST a reset drops the device's map: redo it. */
	ret = map_all();
	if (ret) {
		fprintf(stderr, "fuzz: map: %s\n", strerror(-ret));
		return ret;
	}
	memset(mem_a, 0, A_SLOTS);
	set_status(VIRTIO_CONFIG_S_ACKNOWLEDGE);
	set_status(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	f = features & ((1ULL << VIRTIO_F_VERSION_1) |
			(1ULL << VIRTIO_F_ACCESS_PLATFORM) |
			(1ULL << VIRTIO_RING_F_INDIRECT_DESC) |
			(1ULL << VIRTIO_RING_F_EVENT_IDX));
	if (chance(30))
		f &= ~(1ULL << VIRTIO_RING_F_EVENT_IDX);
	if (ioctl(vfd, VHOST_SET_FEATURES, &f))
		return -errno;
	set_status(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
		   VIRTIO_CONFIG_S_FEATURES_OK);
	cq_.num = chance(70) ? 64 : 1U << (5 + rn(4));
	cq_.desc = IOVA_A + A_CDESC;
	cq_.avail = IOVA_A + A_CAVAIL;
	cq_.used = IOVA_A + A_CUSED;
	eq.num = EV_NUM;
	eq.desc = IOVA_A + A_EDESC;
	eq.avail = IOVA_A + A_EAVAIL;
	eq.used = IOVA_A + A_EUSED;
	if (abuse) {
		count[C_RING]++;
		switch (rn(5)) {
		case 0:	/* used ring read-only to the device */
			cq_.used = IOVA_B + B_CANARY - 0x1000;
			break;
		case 1:	/* descriptor table unmapped */
			cq_.desc = IOVA_HOLE;
			break;
		case 2:	/* available ring unreadable */
			cq_.avail = IOVA_W;
			break;
		case 3:	/* event queue's used ring unmapped */
			eq.used = IOVA_HOLE + 0x1000;
			break;
		default: /* rings overlapping each other */
			cq_.avail = cq_.desc;
			break;
		}
	}
	ret = setup_vq(VIRTIO_RDMAAPI_VQ_CTRL, &cq_);
	if (!ret)
		ret = setup_vq(VIRTIO_RDMAAPI_VQ_EVENT, &eq);
	if (ret) {
		fprintf(stderr, "fuzz: vring setup: %s\n", strerror(-ret));
		return ret;
	}
	ret = set_status(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
			 VIRTIO_CONFIG_S_FEATURES_OK |
			 VIRTIO_CONFIG_S_DRIVER_OK);
	if (ret)
		return ret;
	post_events();
	return 0;
}

/* ---- completion ---- */

static void recycle_events(void)
{
	volatile uint16_t *ui = used_idx_p(&eq);
	struct vring_used_elem *ue;
	uint16_t idx;

	if (!ui || !va(eq.desc) || !va(eq.avail))
		return;
	ue = (struct vring_used_elem *)((uint8_t *)ui + 2);
	idx = __atomic_load_n(ui, __ATOMIC_ACQUIRE);
	while (eq.used_seen != idx) {
		uint32_t id = ue[eq.used_seen % eq.num].id;

		eq.used_seen++;
		if (id < EV_NUM)
			publish(&eq, id);
	}
	kick(&eq);
}

static void track(struct slot *s, const uint8_t *resp, uint32_t len);

/* Take new used entries of the control queue; returns how many. */
static int reap(void)
{
	volatile uint16_t *ui = used_idx_p(&cq_);
	struct vring_used_elem *ue;
	uint16_t idx;
	int n = 0;

	if (!ui)
		return 0;
	ue = (struct vring_used_elem *)((uint8_t *)ui + 2);
	idx = __atomic_load_n(ui, __ATOMIC_ACQUIRE);
	while (cq_.used_seen != idx) {
		struct vring_used_elem e = ue[cq_.used_seen % cq_.num];

		cq_.used_seen++;
		n++;
		answered += !bad_rings;
		if (e.id < 256 && head_slot[e.id] >= 0 &&
		    slots[head_slot[e.id]].busy) {
			struct slot *s = &slots[head_slot[e.id]];
			uint8_t *in = va(s->in_iova);

			s->busy = false;
			if (in && e.len >= 8 && e.len <= s->in_len)
				track(s, in, e.len);
		}
	}
	return n;
}

/*
 * Wait until the control queue's used index reaches the available index.
 * Return: 0 when it did, 1 if the device asks for a reset, -1 on timeout.
 */
static int wait_done(double timeout)
{
	double start = now(), last_status = start;
	struct pollfd p[2] = {
		{ .fd = cq_.call, .events = POLLIN },
		{ .fd = eq.call, .events = POLLIN },
	};
	uint64_t v;

	for (;;) {
		reap();
		recycle_events();
		if (cq_.used_seen == cq_.avail_idx)
			return 0;
		if (now() - last_status > 0.2) {
			last_status = now();
			if (get_status() & VIRTIO_CONFIG_S_NEEDS_RESET)
				return 1;
		}
		if (now() - start > timeout)
			return -1;
		poll(p, 2, 20);
		if (read(cq_.call, &v, sizeof(v)) < 0 && errno != EAGAIN)
			return 1;
		if (read(eq.call, &v, sizeof(v)) < 0 && errno != EAGAIN)
			return 1;
	}
}

/* ---- registry ---- */

static struct ctx *ctx_by_handle(uint32_t h)
{
	int i;

	for (i = 0; h && i < NCTX; i++)
		if (ctxs[i].h == h)
			return &ctxs[i];
	return NULL;
}

static void obj_add(struct ctx *c, int t, uint32_t h, uint32_t a,
		    uint32_t b)
{
	int i = c->n[t] < NH ? c->n[t]++ : (int)rn(NH);

	c->o[t][i] = (struct obj){ h, a, b };
}

static void obj_del(struct ctx *c, int t, uint32_t h)
{
	int i;

	for (i = 0; i < c->n[t]; i++)
		if (c->o[t][i].h == h) {
			c->o[t][i] = c->o[t][--c->n[t]];
			return;
		}
}

static struct ctx *live_ctx(void)
{
	int i, k = rn(NCTX);

	for (i = 0; i < NCTX; i++)
		if (ctxs[(k + i) % NCTX].h)
			return &ctxs[(k + i) % NCTX];
	return NULL;
}

/* A handle for a request: mostly right, sometimes anything else. */
static uint32_t pick(struct ctx *c, int t)
{
	struct ctx *o;
	uint32_t r = rn(100);

	if (r < 80 && c && c->n[t])
		return c->o[t][rn(c->n[t])].h;
	if (r < 86 && c && c->n[(t + 1 + rn(T_N - 1)) % T_N]) {
		int t2 = (t + 1 + rn(T_N - 1)) % T_N;

		if (c->n[t2])
			return c->o[t2][rn(c->n[t2])].h;
	}
	if (r < 93 && (o = live_ctx()) && o->n[t])
		return o->o[t][rn(o->n[t])].h;
	if (r < 97)
		return boundary32();
	return 0;
}

static void track(struct slot *s, const uint8_t *resp, uint32_t len)
{
	const struct virtio_rdmaapi_resp_hdr *rh = (const void *)resp;
	const uint8_t *p = resp + sizeof(*rh);
	int32_t st = (int32_t)rh->status;
	struct ctx *c;
	uint32_t h;
	int i;

	if (st <= 0 && st > -160)
		status_count[-st]++;
	if (st || len < sizeof(*rh) + rh->resp_len)
		return;
	if (s->hdr.api == VIRTIO_RDMAAPI_API_CORE) {
		if (s->hdr.opcode == VIRTIO_RDMAAPI_CORE_CREATE_CTX &&
		    rh->resp_len >= 4) {
			h = *(const uint32_t *)p;
			for (i = 0; i < NCTX; i++)
				if (!ctxs[i].h) {
					memset(&ctxs[i], 0, sizeof(ctxs[i]));
					ctxs[i].h = h;
					return;
				}
			/* No room: remember it, it gets destroyed later. */
			dead_ctx[rn(16)] = h;
		} else if (s->hdr.opcode == VIRTIO_RDMAAPI_CORE_DESTROY_CTX) {
			c = ctx_by_handle(s->hdr.ctx);
			if (c) {
				if (c == &ctxs[0])
					base.up = false;
				dead_ctx[rn(16)] = c->h;
				memset(c, 0, sizeof(*c));
			}
		}
		return;
	}
	c = ctx_by_handle(s->hdr.ctx);
	if (!c || s->hdr.api != VIRTIO_RDMAAPI_API_VERBS)
		return;
	h = *(const uint32_t *)s->req;
	switch (s->hdr.opcode) {
	case VIRTIO_RDMAAPI_VERBS_ALLOC_PD:
		obj_add(c, T_PD, *(const uint32_t *)p, 0, 0);
		break;
	case VIRTIO_RDMAAPI_VERBS_CREATE_CQ:
		obj_add(c, T_CQ, *(const uint32_t *)p, 0, 0);
		break;
	case VIRTIO_RDMAAPI_VERBS_CREATE_QP:
		obj_add(c, T_QP, *(const uint32_t *)p,
			((const uint32_t *)p)[1],
			((const struct virtio_rdmaapi_create_qp_req *)s->req)->qp_type);
		break;
	case VIRTIO_RDMAAPI_VERBS_CREATE_SRQ:
		obj_add(c, T_SRQ, *(const uint32_t *)p, 0, 0);
		break;
	case VIRTIO_RDMAAPI_VERBS_CREATE_AH:
		obj_add(c, T_AH, *(const uint32_t *)p, 0, 0);
		break;
	case VIRTIO_RDMAAPI_VERBS_REG_MR: {
		const struct virtio_rdmaapi_reg_mr_resp *r = (const void *)p;

		if (r->done)
			obj_add(c, T_MR, r->mr, r->lkey, r->rkey);
		break;
	}
	case VIRTIO_RDMAAPI_VERBS_DEALLOC_PD:
		obj_del(c, T_PD, h);
		break;
	case VIRTIO_RDMAAPI_VERBS_DESTROY_CQ:
		obj_del(c, T_CQ, h);
		break;
	case VIRTIO_RDMAAPI_VERBS_DESTROY_QP:
		obj_del(c, T_QP, h);
		break;
	case VIRTIO_RDMAAPI_VERBS_DESTROY_SRQ:
		obj_del(c, T_SRQ, h);
		break;
	case VIRTIO_RDMAAPI_VERBS_DESTROY_AH:
		obj_del(c, T_AH, h);
		break;
	case VIRTIO_RDMAAPI_VERBS_DEREG_MR:
		obj_del(c, T_MR, h);
		break;
	}
}

/* ---- requests ---- */

struct opdesc {
	uint16_t api, op;
	uint32_t req, resp;
};

static const struct opdesc ops[] = {
	{ 0, VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0,
	  sizeof(struct virtio_rdmaapi_create_ctx_resp) },
	{ 0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, 0, 0 },
	{ 0, VIRTIO_RDMAAPI_CORE_QUERY_LIMITS, 0,
	  sizeof(struct virtio_rdmaapi_limits_resp) },
	{ 1, VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE, 0,
	  sizeof(struct virtio_rdmaapi_device_attr) },
	{ 1, VIRTIO_RDMAAPI_VERBS_QUERY_PORT,
	  sizeof(struct virtio_rdmaapi_query_port_req),
	  sizeof(struct virtio_rdmaapi_port_attr) },
	{ 1, VIRTIO_RDMAAPI_VERBS_QUERY_GID,
	  sizeof(struct virtio_rdmaapi_query_gid_req),
	  sizeof(struct virtio_rdmaapi_gid) },
	{ 1, VIRTIO_RDMAAPI_VERBS_ALLOC_PD, 0,
	  sizeof(struct virtio_rdmaapi_handle) },
	{ 1, VIRTIO_RDMAAPI_VERBS_DEALLOC_PD,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ 1, VIRTIO_RDMAAPI_VERBS_CREATE_CQ,
	  sizeof(struct virtio_rdmaapi_create_cq_req),
	  sizeof(struct virtio_rdmaapi_create_cq_resp) },
	{ 1, VIRTIO_RDMAAPI_VERBS_DESTROY_CQ,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ 1, VIRTIO_RDMAAPI_VERBS_CREATE_QP,
	  sizeof(struct virtio_rdmaapi_create_qp_req),
	  sizeof(struct virtio_rdmaapi_create_qp_resp) },
	{ 1, VIRTIO_RDMAAPI_VERBS_MODIFY_QP,
	  sizeof(struct virtio_rdmaapi_modify_qp_req), 0 },
	{ 1, VIRTIO_RDMAAPI_VERBS_QUERY_QP,
	  sizeof(struct virtio_rdmaapi_query_qp_req),
	  sizeof(struct virtio_rdmaapi_query_qp_resp) },
	{ 1, VIRTIO_RDMAAPI_VERBS_DESTROY_QP,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ 1, VIRTIO_RDMAAPI_VERBS_CREATE_AH,
	  sizeof(struct virtio_rdmaapi_create_ah_req),
	  sizeof(struct virtio_rdmaapi_handle) },
	{ 1, VIRTIO_RDMAAPI_VERBS_DESTROY_AH,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ 1, VIRTIO_RDMAAPI_VERBS_CREATE_SRQ,
	  sizeof(struct virtio_rdmaapi_create_srq_req),
	  sizeof(struct virtio_rdmaapi_create_srq_resp) },
	{ 1, VIRTIO_RDMAAPI_VERBS_MODIFY_SRQ,
	  sizeof(struct virtio_rdmaapi_modify_srq_req), 0 },
	{ 1, VIRTIO_RDMAAPI_VERBS_QUERY_SRQ,
	  sizeof(struct virtio_rdmaapi_handle),
	  sizeof(struct virtio_rdmaapi_srq_attr) },
	{ 1, VIRTIO_RDMAAPI_VERBS_DESTROY_SRQ,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ 1, VIRTIO_RDMAAPI_VERBS_REG_MR,
	  sizeof(struct virtio_rdmaapi_reg_mr_req),
	  sizeof(struct virtio_rdmaapi_reg_mr_resp) },
	{ 1, VIRTIO_RDMAAPI_VERBS_DEREG_MR,
	  sizeof(struct virtio_rdmaapi_handle), 0 },
	{ 1, VIRTIO_RDMAAPI_VERBS_REQ_NOTIFY_CQ,
	  sizeof(struct virtio_rdmaapi_req_notify_cq_req), 0 },
	{ 1, VIRTIO_RDMAAPI_VERBS_POST_SEND,
	  sizeof(struct virtio_rdmaapi_post_req),
	  sizeof(struct virtio_rdmaapi_post_resp) },
	{ 1, VIRTIO_RDMAAPI_VERBS_POST_RECV,
	  sizeof(struct virtio_rdmaapi_post_req),
	  sizeof(struct virtio_rdmaapi_post_resp) },
	{ 1, VIRTIO_RDMAAPI_VERBS_POST_SRQ_RECV,
	  sizeof(struct virtio_rdmaapi_post_req),
	  sizeof(struct virtio_rdmaapi_post_resp) },
	{ 1, VIRTIO_RDMAAPI_VERBS_POLL_CQ,
	  sizeof(struct virtio_rdmaapi_poll_cq_req),
	  sizeof(struct virtio_rdmaapi_poll_cq_resp) },
};
#define NOPS (sizeof(ops) / sizeof(ops[0]))

static void ah_attr(struct virtio_rdmaapi_ah_attr *a)
{
	memset(a, 0, sizeof(*a));
	memcpy(a->dgid, gid, 16);
	a->sgid_index = 1;
	a->hop_limit = 1;
	a->is_global = 1;
	a->port_num = 1;
	if (chance(10)) {
		a->sgid_index = boundary32();
		a->port_num = rn(4);
		a->is_global = rn(3);
		a->static_rate = boundary32();
	}
}

/* An SGE list over region C, through an MR of @c (or not). */
static uint32_t sges(struct ctx *c, struct virtio_rdmaapi_sge *g,
		     uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		struct obj *mr = c && c->n[T_MR] ? &c->o[T_MR][rn(c->n[T_MR])]
						 : NULL;

		g[i].addr = IOVA_C + rn(SIZE_C / 2);
		g[i].length = 1 + rn(4096);
		g[i].lkey = mr ? mr->a : boundary32();
		if (c == &ctxs[0] && base.up && chance(50)) {
			g[i].addr = 0x7f0000000000ULL + rn(SIZE_C / 2);
			g[i].lkey = base.lkey;
		}
		if (chance(10))
			g[i].addr = boundary64();
		if (chance(10))
			g[i].length = boundary32();
		if (chance(5))
			g[i].lkey = boundary32();
	}
	return n * sizeof(*g);
}

/* Work request lists; returns the payload length past post_req. */
static uint32_t gen_post(struct ctx *c, uint8_t *p, uint32_t room, int op,
			 uint32_t *num_wr)
{
	uint32_t n = 1 + rn(4), i, len = 0;
	bool small = false;

	count[C_POST]++;
	for (i = 0; i < n; i++) {
		uint32_t nsge = rn(4), il = 0;

		if (op == VIRTIO_RDMAAPI_VERBS_POST_SEND) {
			struct virtio_rdmaapi_send_wr *w = (void *)(p + len);

			if (len + sizeof(*w) + 4 * 16 + 64 > room)
				break;
			memset(w, 0, sizeof(*w));
			w->wr_id = rnd();
			w->opcode = rn(7);
			w->send_flags = rn(16);
			if (w->send_flags & 8) {	/* inline */
				nsge = 0;
				il = rn(65);
				w->inline_len = il;
			}
			/*
			 * INLINE with SGEs: the device would copy inline data
			 * from the SGEs' addresses, which are the guest's.
			 */
			if (chance(5)) {
				w->send_flags |= 8;
				w->opcode = rn(4);
				small = true;
				nsge = 1 + rn(3);
				il = chance(50) ? 0 : rn(65);
				w->inline_len = il;
			}
			w->num_sge = nsge;
			w->remote_addr = 0x7f0000000000ULL + 8 * rn(1024);
			w->rkey = c == &ctxs[0] && base.up ? base.rkey :
				  pick(c, T_MR);
			w->ah = pick(c, T_AH);
			w->remote_qpn = base.qpn[rn(2)];
			w->remote_qkey = rnd();
			w->compare_add = rnd();
			w->swap = rnd();
			if (chance(10))
				w->opcode = boundary32();
			if (chance(10))
				w->send_flags = boundary32();
			if (chance(5))
				w->reserved = 1;
			len += sizeof(*w);
		} else {
			struct virtio_rdmaapi_recv_wr *w = (void *)(p + len);

			if (len + sizeof(*w) + 4 * 16 > room)
				break;
			memset(w, 0, sizeof(*w));
			w->wr_id = rnd();
			w->num_sge = nsge;
			if (chance(5))
				w->reserved = boundary32();
			len += sizeof(*w);
		}
		len += sges(c, (void *)(p + len), nsge);
		if (small) {	/* within the QP's inline size */
			struct virtio_rdmaapi_sge *g = (void *)(p + len);

			for (uint32_t k = 1; k <= nsge; k++)
				g[-(int)k].length = 1 + rn(16);
			small = false;
		}
		memset(p + len, 0xab, (il + 7) & ~7U);
		len += (il + 7) & ~7U;
	}
	*num_wr = i;
	if (chance(10)) {	/* counts and lengths that do not add up */
		*num_wr = boundary32();
		if (chance(50))
			len -= rn(len + 1);
	}
	return len;
}

/* REG_MR with a page list; returns the page list's bytes. */
static uint32_t gen_reg_mr(struct ctx *c, struct virtio_rdmaapi_reg_mr_req *r,
			   uint32_t room)
{
	uint32_t n = 1 + rn(32), i, maxp = (room - sizeof(*r)) / 8;
	static const uint32_t acc[] = { 0, 1, 1 | 2, 1 | 4, 1 | 2 | 4 | 8, 4,
					2, 8, 16, 0xffffffff };

	count[C_REG_MR]++;
	if (chance(5))
		n = maxp;
	if (n > maxp)
		n = maxp;
	r->pd = pick(c, T_PD);
	r->access = acc[rn(chance(80) ? 5 : 10)];
	r->offset = chance(50) ? 0 : rn(4096);
	r->npages = n;
	r->length = (uint64_t)n * 4096 - r->offset - rn(4096 - r->offset);
	r->iova = (rnd() & 0x7ffffffff000ULL) + r->offset;
	r->first = 0;
	r->count = n;
	r->mr = 0;
	r->reserved = 0;
	for (i = 0; i < n; i++) {
		uint64_t pg = IOVA_C + 4096ULL * rn(SIZE_C / 4096);

		switch (chance(15) ? rn(9) : 99) {
		case 0: pg = IOVA_HOLE + 4096ULL * i; break;	/* unmapped */
		case 1: pg = IOVA_W + 4096ULL * rn(SIZE_W / 4096); break;
		case 2: pg = IOVA_B + 4096ULL * rn(SIZE_B / 4096); break;
		case 3: pg = 0xfffffffffffff000ULL; break;	/* wraps */
		case 4: pg += 1 + rn(4095); break;		/* unaligned */
		case 5: pg = IOVA_C + SIZE_C - 4096 * (i & 1); break;
		case 6: pg = IOVA_A + 4096ULL * rn(SIZE_A / 4096); break;
		case 7: pg = boundary64(); break;
		case 8: pg = IOVA_C; break;			/* overlapping */
		}
		r->pages[i] = pg;
	}
	if (chance(15)) {	/* continuations, counts, lengths */
		switch (rn(7)) {
		case 0: r->npages = n + 1 + rn(4); break;	/* more to come */
		case 1: r->first = boundary32(); break;
		case 2: r->mr = pick(c, T_MR); r->first = rn(4); break;
		case 3: r->count = boundary32(); break;
		case 4: r->npages = boundary32(); break;
		case 5: r->length = boundary64(); break;
		default: r->offset = boundary32(); break;
		}
	}
	return n * 8;
}

/* Build a (mostly) well-formed request for @o into @b; returns its size. */
static uint32_t gen_valid(const struct opdesc *o, struct ctx *c, uint8_t *b,
			  uint32_t room)
{
	struct virtio_rdmaapi_req_hdr *h = (void *)b;
	uint8_t *p = b + sizeof(*h);
	uint32_t extra = 0, nwr;

	memset(b, 0, sizeof(*h) + o->req);
	h->api = o->api;
	h->opcode = o->op;
	h->ctx = c ? c->h : 0;
	h->resp_len = o->resp;
	if (o->api == 0 && o->op == VIRTIO_RDMAAPI_CORE_CREATE_CTX)
		h->ctx = 0;
	if (chance(5))
		h->ctx = dead_ctx[rn(16)];
	switch (o->op + 100 * o->api) {
	case 100 + VIRTIO_RDMAAPI_VERBS_QUERY_PORT: {
		struct virtio_rdmaapi_query_port_req *r = (void *)p;

		r->port_num = chance(80) ? 1 : boundary32();
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_QUERY_GID: {
		struct virtio_rdmaapi_query_gid_req *r = (void *)p;

		r->port_num = chance(80) ? 1 : boundary32();
		r->index = chance(80) ? rn(4) : boundary32();
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_DEALLOC_PD:
		((struct virtio_rdmaapi_handle *)p)->handle = pick(c, T_PD);
		break;
	case 100 + VIRTIO_RDMAAPI_VERBS_DESTROY_CQ:
		((struct virtio_rdmaapi_handle *)p)->handle = pick(c, T_CQ);
		break;
	case 100 + VIRTIO_RDMAAPI_VERBS_DESTROY_QP:
		((struct virtio_rdmaapi_handle *)p)->handle = pick(c, T_QP);
		break;
	case 100 + VIRTIO_RDMAAPI_VERBS_DESTROY_AH:
		((struct virtio_rdmaapi_handle *)p)->handle = pick(c, T_AH);
		break;
	case 100 + VIRTIO_RDMAAPI_VERBS_QUERY_SRQ:
	case 100 + VIRTIO_RDMAAPI_VERBS_DESTROY_SRQ:
		((struct virtio_rdmaapi_handle *)p)->handle = pick(c, T_SRQ);
		break;
	case 100 + VIRTIO_RDMAAPI_VERBS_DEREG_MR:
		((struct virtio_rdmaapi_handle *)p)->handle = pick(c, T_MR);
		break;
	case 100 + VIRTIO_RDMAAPI_VERBS_CREATE_CQ: {
		struct virtio_rdmaapi_create_cq_req *r = (void *)p;

		r->cqe = chance(90) ? 1 + rn(128) : boundary32();
		r->comp_vector = chance(90) ? 0 : boundary32();
		r->flags = rn(chance(90) ? 2 : 8);
		r->cookie = rnd();
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_CREATE_QP: {
		struct virtio_rdmaapi_create_qp_req *r = (void *)p;

		r->pd = pick(c, T_PD);
		r->send_cq = pick(c, T_CQ);
		r->recv_cq = pick(c, T_CQ);
		r->srq = chance(80) ? 0 : pick(c, T_SRQ);
		r->qp_type = chance(50) ? VIRTIO_RDMAAPI_QPT_RC :
			     chance(80) ? VIRTIO_RDMAAPI_QPT_UD : boundary32();
		r->sq_sig_all = rn(2);
		r->cap.max_send_wr = 1 + rn(32);
		r->cap.max_recv_wr = r->srq ? 0 : 1 + rn(32);
		r->cap.max_send_sge = 1 + rn(3);
		r->cap.max_recv_sge = 1 + rn(3);
		r->cap.max_inline_data = rn(128);
		if (chance(10))
			((uint32_t *)&r->cap)[rn(6)] = boundary32();
		r->cookie = rnd();
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_MODIFY_QP: {
		struct virtio_rdmaapi_modify_qp_req *r = (void *)p;
		static const uint32_t masks[] = {
			0x39, 0x121181 | 0x8000, 0x12e01, 0x1, 0x41 | 0x30,
			0x2, 0x200000, 0x1fffff, 0x80000, 0x4000 | 1,
		};

		r->qp = pick(c, T_QP);
		r->attr_mask = masks[rn(chance(80) ? 4 : 10)];
		if (chance(10))
			r->attr_mask = boundary32();
		r->attr.qp_state = rn(chance(90) ? 7 : 256);
		r->attr.cur_qp_state = rn(7);
		r->attr.path_mtu = 1 + rn(5);
		r->attr.qkey = rnd();
		r->attr.rq_psn = rnd() & 0xffffff;
		r->attr.sq_psn = rnd() & 0xffffff;
		r->attr.dest_qp_num = chance(50) ? base.qpn[rn(2)] : rnd();
		r->attr.qp_access_flags = rn(16);
		r->attr.pkey_index = rn(2);
		r->attr.port_num = chance(90) ? 1 : rn(256);
		r->attr.max_rd_atomic = rn(4);
		r->attr.max_dest_rd_atomic = rn(4);
		r->attr.min_rnr_timer = rn(32);
		r->attr.timeout = rn(32);
		r->attr.retry_cnt = rn(8);
		r->attr.rnr_retry = rn(8);
		ah_attr(&r->attr.ah_attr);
		ah_attr(&r->attr.alt_ah_attr);
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_QUERY_QP: {
		struct virtio_rdmaapi_query_qp_req *r = (void *)p;

		r->qp = pick(c, T_QP);
		r->attr_mask = chance(80) ? rn(0x200000) : boundary32();
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_CREATE_AH: {
		struct virtio_rdmaapi_create_ah_req *r = (void *)p;

		r->pd = pick(c, T_PD);
		ah_attr(&r->attr);
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_CREATE_SRQ: {
		struct virtio_rdmaapi_create_srq_req *r = (void *)p;

		r->pd = pick(c, T_PD);
		r->attr.max_wr = chance(90) ? 1 + rn(64) : boundary32();
		r->attr.max_sge = chance(90) ? 1 + rn(2) : boundary32();
		r->attr.srq_limit = rn(4);
		r->cookie = rnd();
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_MODIFY_SRQ: {
		struct virtio_rdmaapi_modify_srq_req *r = (void *)p;

		r->srq = pick(c, T_SRQ);
		r->attr_mask = chance(90) ? 1 + rn(3) : boundary32();
		r->attr.max_wr = chance(90) ? 1 + rn(128) : boundary32();
		r->attr.srq_limit = rn(64);
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_REG_MR:
		extra = gen_reg_mr(c, (void *)p, room - sizeof(*h));
		break;
	case 100 + VIRTIO_RDMAAPI_VERBS_REQ_NOTIFY_CQ: {
		struct virtio_rdmaapi_req_notify_cq_req *r = (void *)p;

		r->cq = pick(c, T_CQ);
		r->solicited_only = chance(90) ? rn(2) : boundary32();
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_POST_SEND:
	case 100 + VIRTIO_RDMAAPI_VERBS_POST_RECV:
	case 100 + VIRTIO_RDMAAPI_VERBS_POST_SRQ_RECV: {
		struct virtio_rdmaapi_post_req *r = (void *)p;

		r->handle = pick(c, o->op == VIRTIO_RDMAAPI_VERBS_POST_SRQ_RECV ?
				 T_SRQ : T_QP);
		if (c == &ctxs[0] && base.up && chance(60))
			r->handle = base.qp[rn(2)];
		extra = gen_post(c, p + sizeof(*r),
				 room - sizeof(*h) - sizeof(*r),
				 o->op == VIRTIO_RDMAAPI_VERBS_POST_SEND ?
				 o->op : VIRTIO_RDMAAPI_VERBS_POST_RECV, &nwr);
		r->num_wr = nwr;
		break;
	}
	case 100 + VIRTIO_RDMAAPI_VERBS_POLL_CQ: {
		struct virtio_rdmaapi_poll_cq_req *r = (void *)p;

		r->cq = pick(c, T_CQ);
		if (c == &ctxs[0] && base.up && chance(50))
			r->cq = base.cq;
		r->max = chance(90) ? 1 + rn(32) : boundary32();
		break;
	}
	}
	h->req_len = o->req + extra;
	return sizeof(*h) + o->req + extra;
}

/* Field-level mutation of a built request. */
static uint32_t mutate(uint8_t *b, uint32_t len, uint32_t room)
{
	struct virtio_rdmaapi_req_hdr *h = (void *)b;
	int k, n = 1 + rn(3);

	for (k = 0; k < n; k++) {
		switch (rn(12)) {
		case 0: h->api = chance(50) ? rn(4) : boundary32(); break;
		case 1: h->opcode = chance(50) ? rn(30) : boundary32(); break;
		case 2: h->req_len = chance(50) ? h->req_len + rn(17) - 8 :
				     boundary32(); break;
		case 3: h->resp_len = chance(50) ? h->resp_len + rn(17) - 8 :
				      boundary32(); break;
		case 4: h->reserved = 1ULL << rn(64); break;
		case 5: h->ctx = chance(50) ? h->ctx + 1 : boundary32(); break;
		case 6: /* truncate the readable part */
			len = rn(len + 1);
			break;
		case 7: /* extend it with junk */
			if (len + 64 <= room) {
				memset(b + len, rn(256), 64);
				len += rn(65);
			}
			break;
		case 8: case 9: /* a 32-bit payload field at a boundary */
			if (len >= 28) {
				uint32_t off = 24 + 4 * rn((len - 24) / 4), v = boundary32();

				memcpy(b + off, &v, 4);
			}
			break;
		case 10: /* a 64-bit payload field */
			if (len >= 32) {
				uint32_t off = 24 + 8 * rn((len - 24) / 8);
				uint64_t v = boundary64();

				memcpy(b + off, &v, 8);
			}
			break;
		default: /* bit flips */
			if (len)
				b[rn(len)] ^= 1 << rn(8);
			break;
		}
	}
	return len;
}

/* ---- chains ---- */

struct chain {
	uint16_t next_desc;	/* allocator in the descriptor table */
};

static int ndesc_free(struct chain *ch)
{
	return (int)cq_.num - ch->next_desc;
}

/*
 * Lay out one request as a descriptor chain according to @mode and make
 * it available. Returns false if the table is full.
 */
static bool put_chain(struct chain *ch, int si, uint32_t out_len,
		      uint32_t in_len, int mode)
{
	struct slot *s = &slots[si];
	struct vring_desc *dt = desc_tab(&cq_), *d;
	uint64_t out = IOVA_A + A_SLOTS + (uint64_t)si * SLOT_SIZE;
	uint64_t in = out + SLOT_OUT;
	struct vring_desc tmp[80];
	int nt = 0, i, need;
	bool indirect = false;

	if (!dt)
		return false;
	s->in_iova = in;
	s->in_len = in_len;
	/* Build the descriptor list in tmp[], then place it. */
	if (mode == 1 || mode == 2) {	/* split anywhere, both parts */
		uint32_t o = 0, pieces = 1 + rn(4);

		while (o < out_len) {
			uint32_t l = pieces-- > 1 ? 1 + rn(out_len - o) : out_len - o;

			tmp[nt++] = (struct vring_desc){ out + o, l, 0, 0 };
			o += l;
		}
		o = 0;
		pieces = 1 + rn(3);
		while (o < in_len) {
			uint32_t l = pieces-- > 1 ? 1 + rn(in_len - o) : in_len - o;

			tmp[nt++] = (struct vring_desc){ in + o, l,
							 VRING_DESC_F_WRITE, 0 };
			o += l;
		}
		indirect = mode == 2;
	} else {
		if (out_len)
			tmp[nt++] = (struct vring_desc){ out, out_len, 0, 0 };
		tmp[nt++] = (struct vring_desc){ in, in_len,
						 VRING_DESC_F_WRITE, 0 };
	}
	switch (mode) {
	case 3: /* a zero-length descriptor */
		memmove(&tmp[1], &tmp[0], nt * sizeof(tmp[0]));
		tmp[0].len = 0;
		tmp[0].addr = out;
		nt++;
		break;
	case 4: /* writable before readable */
		if (nt == 2) {
			struct vring_desc t = tmp[0];

			tmp[0] = tmp[1];
			tmp[1] = t;
		}
		break;
	case 5: /* everything writable (readable part marked WRITE) */
		tmp[0].flags = VRING_DESC_F_WRITE;
		break;
	case 6: /* everything readable */
		tmp[nt - 1].flags = 0;
		break;
	case 7: /* readable part unmapped / unreadable / wrapping / huge */
		tmp[0].addr = (uint64_t[]){ IOVA_HOLE, IOVA_W,
					    0xfffffffffffff800ULL,
					    IOVA_A + SIZE_A - 8 }[rn(4)];
		if (chance(30))
			tmp[0].len = (1U << 20) + rn(4096);
		break;
	case 8: /* writable part read-only or unmapped */
		tmp[nt - 1].addr = chance(70) ? IOVA_B + B_CANARY - rn(64) :
				   IOVA_HOLE;
		s->in_iova = 0;
		break;
	case 9: { /* more than 64 pieces, or longer than the ring */
		uint32_t pieces = chance(50) ? 65 + rn(8) : cq_.num + 1;
		uint64_t a = IOVA_A + A_LONG;

		if (pieces > 78)
			pieces = 78;
		nt = 0;
		for (i = 0; i < (int)pieces - 1; i++)
			tmp[nt++] = (struct vring_desc){ a + i, 1, 0, 0 };
		tmp[nt++] = (struct vring_desc){ in, in_len,
						 VRING_DESC_F_WRITE, 0 };
		indirect = chance(50);
		break;
	}
	case 10: /* the writable part placed in device write-only memory */
		tmp[nt - 1].addr = IOVA_W + 0x100 * si;
		s->in_iova = IOVA_W + 0x100 * si;
		if (tmp[nt - 1].len > 0x100)
			tmp[nt - 1].len = 0x100;
		s->in_len = tmp[nt - 1].len;
		break;
	}
	if (indirect || (mode >= 11 && mode <= 16)) {
		/* Indirect table in region A (or B, read-only: legal). */
		uint64_t ta = IOVA_A + A_INDIR + (uint64_t)si * 0x500;
		uint32_t tlen;
		struct vring_desc *t;

		if (mode == 11 && chance(30))
			ta = IOVA_B + B_CANARY + 0x100 * si;
		t = va(ta);
		for (i = 0; i < nt; i++) {
			t[i] = tmp[i];
			if (i + 1 < nt) {
				t[i].flags |= VRING_DESC_F_NEXT;
				t[i].next = i + 1;
			}
		}
		tlen = nt * 16;
		switch (mode) {
		case 12: /* nested indirect */
			t[rn(nt)].flags |= VRING_DESC_F_INDIRECT;
			break;
		case 13: /* loop inside the table */
			t[nt - 1].flags |= VRING_DESC_F_NEXT;
			t[nt - 1].next = rn(nt);
			break;
		case 14: /* next outside the table */
			t[rn(nt)].next = nt + rn(100);
			if (chance(50))
				t[0].flags |= VRING_DESC_F_NEXT;
			break;
		case 15: /* bad table length / address */
			switch (rn(5)) {
			case 0: tlen = 0; break;
			case 1: tlen = nt * 16 - 1 - rn(15); break;
			case 2: tlen = 65 * 16; break;
			case 3: ta = IOVA_HOLE; break;
			default: ta += 1 + rn(15); break;	/* misaligned */
			}
			break;
		}
		tmp[0] = (struct vring_desc){ ta, tlen, VRING_DESC_F_INDIRECT,
					      0 };
		if (mode == 16) {	/* indirect together with NEXT */
			tmp[0].flags |= VRING_DESC_F_NEXT;
			tmp[0].next = (ch->next_desc + 1) % cq_.num;
		}
		nt = 1;
	}
	need = nt;
	if (mode == 9 && !indirect && need > (int)cq_.num) {
		/* Longer than the ring: a chain through every descriptor. */
		need = cq_.num;
		if (ch->next_desc)
			return false;
	}
	if (need > ndesc_free(ch))
		return false;
	s->head = ch->next_desc;
	for (i = 0; i < need; i++) {
		d = &dt[ch->next_desc + i];
		*d = tmp[i];
		if (i + 1 < need) {
			d->flags |= VRING_DESC_F_NEXT;
			d->next = ch->next_desc + i + 1;
		}
	}
	d = &dt[ch->next_desc + need - 1];
	if (mode == 9 && !indirect && nt > (int)cq_.num) {
		d->flags |= VRING_DESC_F_NEXT;	/* around the table again */
		d->next = 0;
	}
	if (mode == 17) {	/* loop in the direct table */
		d->flags |= VRING_DESC_F_NEXT;
		d->next = s->head + rn(need);
	}
	if (mode == 18) {	/* next past the ring */
		d->flags |= VRING_DESC_F_NEXT;
		d->next = cq_.num + rn(65536 - cq_.num);
	}
	ch->next_desc += need;
	s->busy = true;
	head_slot[s->head] = si;
	publish(&cq_, s->head);
	sent++;
	return true;
}

/* ---- one synchronous call, for the baseline ---- */

static int call(uint16_t api, uint16_t op, uint32_t ctx, const void *req,
		uint32_t req_len, void *resp, uint32_t resp_len)
{
	uint8_t *b = mem_a + A_SLOTS;
	struct virtio_rdmaapi_req_hdr *h = (void *)b;
	struct virtio_rdmaapi_resp_hdr *rh = (void *)(b + SLOT_OUT);
	struct chain ch = { 0 };
	int ret;

	memset(h, 0, sizeof(*h));
	h->api = api;
	h->opcode = op;
	h->ctx = ctx;
	h->req_len = req_len;
	h->resp_len = resp_len;
	memcpy(b + sizeof(*h), req, req_len);
	memset(rh, 0xee, 8 + resp_len);
	slots[0].hdr = *h;
	memcpy(slots[0].req, req, req_len < 64 ? req_len : 64);
	if (!put_chain(&ch, 0, sizeof(*h) + req_len, 8 + resp_len, 0))
		return -ENOSPC;
	count[C_VALID]++;
	kick(&cq_);
	ret = wait_done(15);
	if (ret)
		return ret > 0 ? -ENOTCONN : -ETIMEDOUT;
	if (resp)
		memcpy(resp, rh + 1, resp_len);
	return (int32_t)rh->status;
}

static int modify(uint32_t ctx, uint32_t qp, uint32_t mask, uint32_t state,
		  uint32_t dqpn)
{
	struct virtio_rdmaapi_modify_qp_req r;

	memset(&r, 0, sizeof(r));
	r.qp = qp;
	r.attr_mask = mask;
	r.attr.qp_state = state;
	r.attr.port_num = 1;
	r.attr.qp_access_flags = 2 | 4 | 8;
	r.attr.path_mtu = MTU_1024;
	r.attr.dest_qp_num = dqpn;
	r.attr.rq_psn = 0;
	r.attr.sq_psn = 0;
	r.attr.max_dest_rd_atomic = 1;
	r.attr.max_rd_atomic = 1;
	r.attr.min_rnr_timer = 12;
	r.attr.timeout = 14;
	r.attr.retry_cnt = 7;
	r.attr.rnr_retry = 7;
	memcpy(r.attr.ah_attr.dgid, gid, 16);
	r.attr.ah_attr.sgid_index = 1;
	r.attr.ah_attr.hop_limit = 1;
	r.attr.ah_attr.is_global = 1;
	r.attr.ah_attr.port_num = 1;
	return call(1, VIRTIO_RDMAAPI_VERBS_MODIFY_QP, ctx, &r, sizeof(r),
		    NULL, 0);
}

/*
 * Context 0: PD, CQ with events, two RC QPs connected to each other,
 * one MR over region C; deep paths need live, connected objects.
 */
static int build_baseline(void)
{
	struct virtio_rdmaapi_create_ctx_resp cr;
	struct virtio_rdmaapi_handle hr;
	struct virtio_rdmaapi_create_cq_req cq = { .cqe = 256, .flags = 1 };
	struct virtio_rdmaapi_create_cq_resp cqr;
	struct virtio_rdmaapi_create_qp_req qr;
	struct virtio_rdmaapi_create_qp_resp qrr;
	struct virtio_rdmaapi_query_gid_req gr = { .port_num = 1, .index = 1 };
	struct virtio_rdmaapi_gid g;
	struct {
		struct virtio_rdmaapi_reg_mr_req r;
		uint64_t pages[SIZE_C / 8192];
	} mr;
	struct virtio_rdmaapi_reg_mr_resp mrr;
	uint32_t i, ctx;
	int ret;

	ret = call(0, VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0, NULL, 0, &cr,
		   sizeof(cr));
	if (ret)
		return ret;
	ctx = cr.ctx;
	memset(&ctxs[0], 0, sizeof(ctxs[0]));
	ctxs[0].h = ctx;
	ret = call(1, VIRTIO_RDMAAPI_VERBS_QUERY_GID, ctx, &gr, sizeof(gr), &g,
		   sizeof(g));
	if (ret)
		return ret;
	memcpy(gid, g.raw, 16);
	ret = call(1, VIRTIO_RDMAAPI_VERBS_ALLOC_PD, ctx, NULL, 0, &hr,
		   sizeof(hr));
	if (ret)
		return ret;
	base.pd = hr.handle;
	obj_add(&ctxs[0], T_PD, base.pd, 0, 0);
	ret = call(1, VIRTIO_RDMAAPI_VERBS_CREATE_CQ, ctx, &cq, sizeof(cq),
		   &cqr, sizeof(cqr));
	if (ret)
		return ret;
	base.cq = cqr.cq;
	obj_add(&ctxs[0], T_CQ, base.cq, 0, 0);
	for (i = 0; i < 2; i++) {
		memset(&qr, 0, sizeof(qr));
		qr.pd = base.pd;
		qr.send_cq = base.cq;
		qr.recv_cq = base.cq;
		qr.qp_type = VIRTIO_RDMAAPI_QPT_RC;
		qr.cap = (struct virtio_rdmaapi_qp_cap){ 32, 32, 3, 3, 64, 0 };
		ret = call(1, VIRTIO_RDMAAPI_VERBS_CREATE_QP, ctx, &qr,
			   sizeof(qr), &qrr, sizeof(qrr));
		if (ret)
			return ret;
		base.qp[i] = qrr.qp;
		base.qpn[i] = qrr.qp_num;
		obj_add(&ctxs[0], T_QP, qrr.qp, qrr.qp_num, 2);
	}
	memset(&mr, 0, sizeof(mr));
	mr.r.pd = base.pd;
	mr.r.access = 1 | 2 | 4 | 8;
	mr.r.iova = 0x7f0000000000ULL;
	mr.r.length = SIZE_C / 2;
	mr.r.npages = SIZE_C / 8192;
	mr.r.count = SIZE_C / 8192;
	for (i = 0; i < SIZE_C / 8192; i++)
		mr.pages[i] = IOVA_C + 4096ULL * i;
	ret = call(1, VIRTIO_RDMAAPI_VERBS_REG_MR, ctx, &mr, sizeof(mr), &mrr,
		   sizeof(mrr));
	if (ret)
		return ret;
	base.mr = mrr.mr;
	base.lkey = mrr.lkey;
	base.rkey = mrr.rkey;
	obj_add(&ctxs[0], T_MR, mrr.mr, mrr.lkey, mrr.rkey);
	for (i = 0; i < 2; i++) {
		ret = modify(ctx, base.qp[i], 0x39, 1, 0);
		if (!ret)
			ret = modify(ctx, base.qp[i], 0x1 | 0x80 | 0x100 |
				     0x100000 | 0x1000 | 0x20000 | 0x8000, 2,
				     base.qpn[!i]);
		if (!ret)
			ret = modify(ctx, base.qp[i], 0x1 | 0x200 | 0x400 |
				     0x800 | 0x10000 | 0x2000, 3, 0);
		if (ret)
			return ret;
	}
	base.up = true;
	return 0;
}

/* Set up (again) and make sure the device answers; 1 if it does not. */
static int recover(bool abuse)
{
	double start = now();
	int ret;

	for (;;) {
		ret = setup_device(abuse);
		if (!ret && !abuse) {
			ret = build_baseline();
			if (ret == -ETIMEDOUT || ret == -ENOTCONN) {
				printf("fuzz: baseline after reset: %s\n",
				       ret == -ETIMEDOUT ? "no answer" :
				       "needs reset");
			} else {
				if (ret)
					printf("fuzz: baseline: status %d\n", ret);
				return 0;
			}
		} else if (!ret) {
			return 0;
		}
		if (now() - start > 10) {
			printf("fuzz: device stopped answering after a reset (status 0x%x)\n",
			       get_status());
			return 1;
		}
		abuse = false;
		usleep(100000);
	}
}

/*
 * The VMM suspends the device with requests in flight, as QEMU does at
 * every stop. Suspended, the device must serve nothing, and the ring base
 * it reports must be the used index it last wrote: everything it took is
 * answered. Now and then the VMM then rewrites the ring's address and base
 * (vhost_vdpa allows that while suspended) before resuming.
 */
static int suspend_race(void)
{
	struct vhost_vring_state st = { .index = VIRTIO_RDMAAPI_VQ_CTRL };
	struct vhost_vring_addr a = { .index = VIRTIO_RDMAAPI_VQ_CTRL };
	volatile uint16_t *u = used_idx_p(&cq_);
	uint16_t used;
	int ret;

	count[C_SUSPEND]++;
	if (chance(50))
		usleep(rn(2000));
	if (ioctl(vfd, VHOST_VDPA_SUSPEND)) {
		printf("fuzz: suspend: %s\n", strerror(errno));
		return recover(false);
	}
	used = u ? *u : 0;
	usleep(20000);
	if (u && *u != used) {
		printf("fuzz: VIOLATION: the device served requests while suspended (used index %u, then %u)\n",
		       used, *u);
		fflush(stdout);
		exit(2);
	}
	if (u && !(get_status() & VIRTIO_CONFIG_S_NEEDS_RESET) &&
	    !ioctl(vfd, VHOST_GET_VRING_BASE, &st) &&
	    (uint16_t)st.num != used) {
		printf("fuzz: VIOLATION: suspended ring base %u, but used index %u\n",
		       st.num, used);
		fflush(stdout);
		exit(2);
	}
	if (chance(20)) {
		count[C_SUSPEND_REWIND]++;
		st.num = chance(50) ? rn(65536) : used - rn(4);
		ioctl(vfd, VHOST_SET_VRING_BASE, &st);
		if (chance(50)) {
			a.desc_user_addr = chance(50) ? IOVA_HOLE : boundary64();
			a.avail_user_addr = cq_.avail;
			a.used_user_addr = cq_.used;
			ioctl(vfd, VHOST_SET_VRING_ADDR, &a);
		}
		ioctl(vfd, VHOST_VDPA_RESUME);
		kick(&cq_);
		wait_done(1);
		return recover(false);
	}
	if (ioctl(vfd, VHOST_VDPA_RESUME)) {
		printf("fuzz: resume: %s\n", strerror(errno));
		return recover(false);
	}
	ret = wait_done(20);
	check_canary("suspend");
	if (ret < 0) {
		stalls++;
		printf("fuzz: no answer for 20 s after resume (status 0x%x), resetting\n",
		       get_status());
	}
	return ret ? recover(false) : 0;
}

/* ---- one fuzzing round ---- */

static int round_batch(void)
{
	struct chain ch = { 0 };
	int n = 1 + rn(12), i, ret;
	int race = -1;
	struct ctx *victim = NULL;
	uint32_t room = SLOT_OUT;

	memset(head_slot, 0xff, sizeof(head_slot));
	if (chance(4)) {	/* DESTROY_CTX while requests for it queue */
		victim = live_ctx();
		if (victim)
			race = rn(n);
	}
	for (i = 0; i < n && i < NSLOTS; i++) {
		uint8_t *b = mem_a + A_SLOTS + (uint64_t)i * SLOT_SIZE;
		struct virtio_rdmaapi_req_hdr *h = (void *)b;
		const struct opdesc *o = &ops[rn(NOPS)];
		struct ctx *c = victim && chance(70) ? victim : live_ctx();
		uint32_t len, in_len;
		int mode = 0;

		if (chance(3) || !c) {
			o = &ops[0];	/* CREATE_CTX */
		} else if (chance(40)) {
			/* Weight the deep operations. */
			static const int deep[] = { 20, 23, 24, 26, 11, 8, 10 };

			o = &ops[deep[rn(7)]];
		}
		if (i == race) {
			o = &ops[1];
			c = victim;
			count[C_DESTROY_RACE]++;
		}
		if (chance(5)) {	/* garbage */
			len = 24 + rn(256);
			for (uint32_t k = 0; k < len; k += 8) {
				uint64_t v = rnd();

				memcpy(b + k, &v, 8);
			}
			if (chance(50)) {
				h->api = rn(3);
				h->opcode = rn(30);
				h->reserved = 0;
			}
			count[C_GARBAGE]++;
		} else {
			len = gen_valid(o, c, b, room);
			if (i != race && chance(35)) {
				len = mutate(b, len, room);
				count[C_FIELD]++;
			} else {
				count[C_VALID]++;
			}
		}
		in_len = 8 + (len >= 24 ? (h->resp_len < 0x1000 - 8 ?
					   h->resp_len : 0x1000 - 8) : 64);
		if (chance(5))
			in_len = rn(4096) + 1;
		if (chance(15)) {
			mode = rn(19);
			if (mode)
				count[C_CHAIN]++;
		} else if (chance(20)) {
			mode = 1 + rn(2);	/* split / indirect: legal */
		}
		slots[i].hdr = *h;
		memcpy(slots[i].req, b + 24, 64);
		if (!put_chain(&ch, i, len, in_len, mode))
			break;
		/* Some kicks mid-batch: the worker races the producer. */
		if (chance(20))
			kick(&cq_);
	}
	if (chance(2)) {	/* ring-level abuse: index jumps, bad heads */
		uint16_t *av = avail_ring(&cq_);

		count[C_RING]++;
		switch (rn(3)) {
		case 0: /* far ahead */
			cq_.avail_idx += cq_.num + 1 + rn(1000);
			break;
		case 1: /* head out of range */
			av[2 + cq_.avail_idx % cq_.num] = cq_.num + rn(1000);
			cq_.avail_idx++;
			break;
		default: /* ahead within the ring: stale heads again */
			cq_.avail_idx += 1 + rn(cq_.num);
			break;
		}
		__atomic_store_n(&av[1], cq_.avail_idx, __ATOMIC_RELEASE);
		kick(&cq_);
		wait_done(1);
		return recover(false);
	}
	kick(&cq_);
	if (chance(2)) {	/* reset with requests in flight */
		count[C_RESET_INFLIGHT]++;
		if (chance(50))
			usleep(rn(2000));
		return recover(chance(10));
	}
	if (can_suspend && chance(2))
		return suspend_race();
	if (chance(1)) {	/* close the fd mid-stream */
		count[C_CLOSE]++;
		if (chance(50))
			usleep(rn(2000));
		close_dev();
		if (open_dev())
			return 3;
		return recover(false);
	}
	ret = wait_done(bad_rings ? 2 : 20);
	check_canary("batch");
	if (bad_rings)
		return recover(false);
	if (ret > 0)
		return recover(false);
	if (ret < 0) {
		stalls++;
		printf("fuzz: no answer for 20 s (status 0x%x), resetting\n",
		       get_status());
		return recover(false);
	}
	return 0;
}

static void event_abuse(void)
{
	struct vring_desc *d = desc_tab(&eq);
	int i = rn(EV_NUM);

	if (!d)
		return;
	count[C_EVQ]++;
	switch (rn(4)) {
	case 0: d[i].len = rn(32); break;			/* short */
	case 1: d[i].addr = IOVA_B + B_CANARY - 32; break;	/* RO */
	case 2: d[i].addr = IOVA_HOLE; break;			/* unmapped */
	default: d[i].flags = 0; break;				/* readable */
	}
	publish(&eq, i);
	kick(&eq);
}

/* IOTLB unmap of region C while MRs and posts use it, then a remap. */
static int iotlb_race(void)
{
	count[C_IOTLB_UNMAP]++;
	if (iotlb(VHOST_IOTLB_INVALIDATE, IOVA_C, SIZE_C, NULL, 0))
		return 0;
	c_mapped = false;
	/* The traffic goes on against memory the hypervisor took back. */
	round_batch();
	c_cur ^= chance(50);
	if (!c_mapped)
		map_c();
	return 0;
}

static void usage(const char *argv0)
{
	fprintf(stderr,
		"Usage: %s [-s SEED] [-t SECONDS] [-v] /dev/vhost-vdpa-N\n", argv0);
}

int main(int argc, char **argv)
{
	uint64_t seed = time(NULL);
	double duration = 60, start, last_print;
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	struct vhost_vdpa_config *cfg;
	uint32_t id = 0;
	int c, ret = 0, i;

	while ((c = getopt(argc, argv, "s:t:v")) != -1) {
		switch (c) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 't': duration = atof(optarg); break;
		case 'v': verbose = 1; break;
		default: usage(argv[0]); return 3;
		}
	}
	if (optind != argc - 1) {
		usage(argv[0]);
		return 3;
	}
	path = argv[optind];
	rng = seed * 0x9E3779B97F4A7C15ULL + 1;
	printf("fuzz: seed %llu, %.0f s, %s\n", (unsigned long long)seed,
	       duration, path);
	setvbuf(stdout, NULL, _IOLBF, 0);
	setrlimit(RLIMIT_MEMLOCK, &rl);	/* vhost_vdpa pins what we map */
	mem_a = mmap(NULL, SIZE_A, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	mem_b = mmap(NULL, SIZE_B, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	mem_w = mmap(NULL, SIZE_W, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	mem_c[0] = mmap(NULL, SIZE_C, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	mem_c[1] = mmap(NULL, SIZE_C, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (mem_a == MAP_FAILED || mem_b == MAP_FAILED || mem_w == MAP_FAILED ||
	    mem_c[0] == MAP_FAILED || mem_c[1] == MAP_FAILED) {
		perror("fuzz: mmap");
		return 3;
	}
	for (i = 0; i < (int)SIZE_B; i++)
		mem_b[i] = rnd();
	b_sum = checksum(mem_b, B_CANARY);
	if (open_dev())
		return 3;
	if (ioctl(vfd, VHOST_VDPA_GET_DEVICE_ID, &id) || id != VIRTIO_ID_RDMAAPI) {
		fprintf(stderr, "fuzz: %s: device id %u, not %u\n", path, id,
			VIRTIO_ID_RDMAAPI);
		return 3;
	}
	cfg = calloc(1, sizeof(*cfg) + 256);
	cfg->off = 0;
	cfg->len = sizeof(struct virtio_rdmaapi_config);
	if (!ioctl(vfd, VHOST_VDPA_GET_CONFIG, cfg)) {
		struct virtio_rdmaapi_config *rc = (void *)cfg->buf;

		printf("fuzz: device of %.64s, version %u, apis 0x%x, max_ctx %u\n",
		       rc->ibdev_name, rc->version, rc->apis, rc->max_ctx);
	}
	if (recover(false))
		return 1;
	start = last_print = now();
	while (now() - start < duration) {
		uint32_t r = rn(1000);

		if (r < 5) {
			if (recover(true))	/* badly placed rings */
				return 1;
		}
		if (r < 15) {
			event_abuse();
		} else if (r < 25) {
			iotlb_race();
		} else if (r < 35) {
			/* Config space reads at odd offsets and lengths. */
			cfg->off = boundary32() & 0x1ff;
			cfg->len = boundary32() & 0xff;
			ioctl(vfd, VHOST_VDPA_GET_CONFIG, cfg);
		} else if (r < 45) {
			/* Keep contexts coming and going. */
			struct ctx *x = live_ctx();

			if (x && x != &ctxs[0] && chance(50))
				call(0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, x->h,
				     NULL, 0, NULL, 0);
		}
		ret = round_batch();
		if (ret)
			break;
		if (now() - last_print > 10) {
			last_print = now();
			printf("fuzz: %.0f s: %llu requests sent, %llu answered, %llu resets\n",
			       now() - start, (unsigned long long)sent,
			       (unsigned long long)answered,
			       (unsigned long long)resets);
		}
	}
	check_canary("end");
	set_status(0);
	close_dev();
	for (i = 0; i < C_N; i++)
		printf("fuzz: %-20s %llu\n", cat_name[i],
		       (unsigned long long)count[i]);
	printf("fuzz: statuses:");
	for (i = 0; i < 160; i++)
		if (status_count[i])
			printf(" %s%d:%llu", i ? "-" : "", i,
			       (unsigned long long)status_count[i]);
	printf("\nfuzz: answered %llu, resets %llu, stalls %llu\n",
	       (unsigned long long)answered, (unsigned long long)resets,
	       (unsigned long long)stalls);
	printf("requests sent: %llu\n", (unsigned long long)sent);
	return ret;
}
