// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * posttest - librdmaapi's data path (RDMAAPI_1.2) without a kernel: this
 * program's own ioctl(), which takes precedence over libc's for the
 * library, records every VERBS_POST_* request and answers as scripted,
 * and hands out made-up completions to VERBS_POLL_CQ. One check per
 * behaviour; prints "ok"/"FAIL" lines, exits 1 on failure.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/virtio_rdmaapi.h>
#include <rdmaapi/rdmaapi-abi.h>
#include <rdmaapi/rdmaapi.h>

static int failures;

#define CHECK(cond, what) do {						\
	int ok_ = !!(cond);						\
	printf("%s %s\n", ok_ ? "ok" : "FAIL", what);			\
	failures += !ok_;						\
} while (0)

#define MAX_CALLS	8

/* What the fake device saw and answers. */
static struct {
	unsigned int ncalls;
	uint16_t opcode[MAX_CALLS];
	uint32_t req_len[MAX_CALLS];
	unsigned char *req[MAX_CALLS];
	uint32_t poll_max[MAX_CALLS];
	/* POST: call number that fails, and how. */
	int fail_call;
	uint32_t fail_posted;
	int32_t fail_error;
	int ioctl_errno;
	/* POLL_CQ: completions left, and the next wr_id. */
	unsigned int wc_left;
	uint64_t next_wr_id;
	int poll_fail_call;
} fake;

static void fake_reset(void)
{
	unsigned int i;

	for (i = 0; i < fake.ncalls; i++)
		free(fake.req[i]);
	memset(&fake, 0, sizeof(fake));
	fake.fail_call = -1;
	fake.poll_fail_call = -1;
}

static int fake_post(struct rdmaapi_cmd *cmd, unsigned int call)
{
	const struct virtio_rdmaapi_post_req *q = (const void *)(uintptr_t)cmd->req;
	struct virtio_rdmaapi_post_resp r = { .posted = q->num_wr };

	if ((int)call == fake.fail_call) {
		r.posted = htole32(fake.fail_posted);
		r.error = htole32(fake.fail_error);
	}
	memcpy((void *)(uintptr_t)cmd->resp, &r, sizeof(r));
	cmd->resp_len = sizeof(r);
	return 0;
}

static int fake_poll(struct rdmaapi_cmd *cmd, unsigned int call)
{
	const struct virtio_rdmaapi_poll_cq_req *q = (const void *)(uintptr_t)cmd->req;
	struct virtio_rdmaapi_poll_cq_resp *r = (void *)(uintptr_t)cmd->resp;
	uint32_t max = le32toh(q->max), n, i;

	fake.poll_max[call] = max;
	if ((int)call == fake.poll_fail_call) {
		errno = EIO;
		return -1;
	}
	n = max < fake.wc_left ? max : fake.wc_left;
	memset(r, 0, sizeof(*r));
	r->count = htole32(n);
	for (i = 0; i < n; i++) {
		r->wc[i].wr_id = htole64(fake.next_wr_id++);
		r->wc[i].status = htole32(i % 2 ? 5 : 0);
		r->wc[i].opcode = htole32(128);
		r->wc[i].byte_len = htole32(4096);
		r->wc[i].imm_data = htobe32(0x11223344);
		r->wc[i].qp_num = htole32(0x1234);
		r->wc[i].wc_flags = htole32(2);
		r->wc[i].pkey_index = htole16(7);
		r->wc[i].sl = 3;
	}
	fake.wc_left -= n;
	cmd->resp_len = sizeof(*r);
	return 0;
}

int ioctl(int fd, unsigned long request, ...)
{
	struct rdmaapi_cmd *cmd;
	unsigned int call;
	va_list ap;

	(void)fd;
	va_start(ap, request);
	cmd = va_arg(ap, struct rdmaapi_cmd *);
	va_end(ap);
	if (request != RDMAAPI_IOCTL_CALL || fake.ncalls == MAX_CALLS) {
		errno = ENOTTY;
		return -1;
	}
	call = fake.ncalls++;
	fake.opcode[call] = cmd->opcode;
	fake.req_len[call] = cmd->req_len;
	fake.req[call] = malloc(cmd->req_len);
	memcpy(fake.req[call], (void *)(uintptr_t)cmd->req, cmd->req_len);
	if (fake.ioctl_errno) {
		errno = fake.ioctl_errno;
		return -1;
	}
	if (cmd->opcode == VIRTIO_RDMAAPI_VERBS_POLL_CQ)
		return fake_poll(cmd, call);
	return fake_post(cmd, call);
}

static struct rdmaapi_context ctx = { .cmd_fd = -1 };
static struct rdmaapi_pd pd = { .context = &ctx, .handle = 1 };
static struct rdmaapi_qp rc_qp = { .context = &ctx, .pd = &pd, .handle = 7,
				   .qp_type = RDMAAPI_QPT_RC };
static struct rdmaapi_qp ud_qp = { .context = &ctx, .pd = &pd, .handle = 8,
				   .qp_type = RDMAAPI_QPT_UD };
static struct rdmaapi_srq srq = { .context = &ctx, .pd = &pd, .handle = 9 };
static struct rdmaapi_cq cq = { .context = &ctx, .handle = 3 };

static void test_send_encoding(void)
{
	struct rdmaapi_sge sge[2] = {
		{ .addr = 0x1000, .length = 100, .lkey = 0xaa },
		{ .addr = 0x2000, .length = 200, .lkey = 0xbb },
	};
	struct rdmaapi_send_wr wr = {
		.wr_id = 42, .sg_list = sge, .num_sge = 2,
		.opcode = RDMAAPI_WR_RDMA_WRITE_WITH_IMM,
		.send_flags = RDMAAPI_SEND_SIGNALED | RDMAAPI_SEND_FENCE,
		.imm_data = htobe32(0xdeadbeef),
		.wr.rdma = { .remote_addr = 0x123456789ULL, .rkey = 0x77 },
	}, *bad = &wr;
	const struct virtio_rdmaapi_post_req *q;
	const struct virtio_rdmaapi_send_wr *w;
	const struct virtio_rdmaapi_sge *s;
	int ret;

	fake_reset();
	ret = rdmaapi_post_send(&rc_qp, &wr, &bad);
	CHECK(ret == 0 && bad == NULL, "post_send: one WR posted, bad_wr NULL");
	q = (const void *)fake.req[0];
	w = (const void *)(q + 1);
	s = (const void *)(w + 1);
	CHECK(fake.ncalls == 1 && fake.opcode[0] == VIRTIO_RDMAAPI_VERBS_POST_SEND,
	      "post_send: one VERBS_POST_SEND request");
	CHECK(fake.req_len[0] == sizeof(*q) + sizeof(*w) + 2 * sizeof(*s),
	      "post_send: request length is header + WR + 2 SGEs");
	CHECK(le32toh(q->handle) == 7 && le32toh(q->num_wr) == 1,
	      "post_send: QP handle and num_wr 1");
	CHECK(le64toh(w->wr_id) == 42 && le32toh(w->opcode) == 1 &&
	      le32toh(w->send_flags) == 3 && le32toh(w->num_sge) == 2 &&
	      w->imm_data == htobe32(0xdeadbeef),
	      "post_send: wr_id, opcode, flags, num_sge, imm_data");
	CHECK(le64toh(w->remote_addr) == 0x123456789ULL && le32toh(w->rkey) == 0x77 &&
	      !w->ah && !w->inline_len && !w->reserved,
	      "post_send: remote address and rkey; no AH on an RC QP");
	CHECK(le64toh(s[0].addr) == 0x1000 && le32toh(s[0].length) == 100 &&
	      le32toh(s[0].lkey) == 0xaa && le64toh(s[1].addr) == 0x2000 &&
	      le32toh(s[1].length) == 200 && le32toh(s[1].lkey) == 0xbb,
	      "post_send: SGEs as given");
}

static void test_inline(void)
{
	char a[3] = "abc", b[6] = "defghi";
	struct rdmaapi_sge sge[2] = {
		{ .addr = (uintptr_t)a, .length = 3, .lkey = 1 },
		{ .addr = (uintptr_t)b, .length = 6, .lkey = 1 },
	};
	struct rdmaapi_send_wr wr = {
		.sg_list = sge, .num_sge = 2, .opcode = RDMAAPI_WR_SEND,
		.send_flags = RDMAAPI_SEND_INLINE,
	}, *bad;
	const struct virtio_rdmaapi_send_wr *w;
	const char *data;

	fake_reset();
	CHECK(rdmaapi_post_send(&rc_qp, &wr, &bad) == 0, "inline: posted");
	w = (const void *)(fake.req[0] + sizeof(struct virtio_rdmaapi_post_req));
	data = (const char *)(w + 1);
	CHECK(le32toh(w->num_sge) == 0 && le32toh(w->inline_len) == 9,
	      "inline: num_sge 0, inline_len 9");
	CHECK(fake.req_len[0] == sizeof(struct virtio_rdmaapi_post_req) +
	      sizeof(*w) + 16, "inline: data padded to 16 bytes");
	CHECK(!memcmp(data, "abcdefghi", 9) &&
	      !memcmp(data + 9, "\0\0\0\0\0\0\0", 7),
	      "inline: the bytes of both SGEs, then zero padding");
}

static void test_ud(void)
{
	struct rdmaapi_ah ah = { .context = &ctx, .pd = &pd, .handle = 5 };
	struct rdmaapi_sge sge = { .addr = 0x1000, .length = 8, .lkey = 1 };
	struct rdmaapi_send_wr wr = {
		.sg_list = &sge, .num_sge = 1, .opcode = RDMAAPI_WR_SEND,
		.wr.ud = { .ah = &ah, .remote_qpn = 0x99, .remote_qkey = 0x11111111 },
	}, *bad;
	const struct virtio_rdmaapi_send_wr *w;

	fake_reset();
	CHECK(rdmaapi_post_send(&ud_qp, &wr, &bad) == 0, "ud: posted");
	w = (const void *)(fake.req[0] + sizeof(struct virtio_rdmaapi_post_req));
	CHECK(le32toh(w->ah) == 5 && le32toh(w->remote_qpn) == 0x99 &&
	      le32toh(w->remote_qkey) == 0x11111111,
	      "ud: AH handle, remote QPN and Q_Key");
}

/* @n receive WRs of 4 SGEs each, wr_id = index. */
static struct rdmaapi_recv_wr *recv_list(unsigned int n, struct rdmaapi_sge *sge)
{
	struct rdmaapi_recv_wr *wrs = calloc(n, sizeof(*wrs));
	unsigned int i;

	for (i = 0; i < n; i++) {
		wrs[i].wr_id = i;
		wrs[i].sg_list = sge;
		wrs[i].num_sge = 4;
		wrs[i].next = i + 1 < n ? &wrs[i + 1] : NULL;
	}
	return wrs;
}

static void test_split(void)
{
	struct rdmaapi_sge sge[4] = {};
	struct rdmaapi_recv_wr *wrs = recv_list(1000, sge), *bad = wrs;
	size_t per = sizeof(struct virtio_rdmaapi_recv_wr) +
		     4 * sizeof(struct virtio_rdmaapi_sge);
	uint32_t fit = (65536 - sizeof(struct virtio_rdmaapi_post_req)) / per;
	const struct virtio_rdmaapi_post_req *q0, *q1;
	const struct virtio_rdmaapi_recv_wr *first1;

	fake_reset();
	CHECK(rdmaapi_post_recv(&rc_qp, wrs, &bad) == 0 && !bad,
	      "split: 1000 receive WRs posted");
	q0 = (const void *)fake.req[0];
	q1 = (const void *)fake.req[1];
	CHECK(fake.ncalls == 2 && fake.req_len[0] <= 65536 &&
	      le32toh(q0->num_wr) == fit && le32toh(q1->num_wr) == 1000 - fit,
	      "split: two requests of at most 64 KiB, as full as they go");
	first1 = (const void *)(q1 + 1);
	CHECK(le64toh(first1->wr_id) == fit,
	      "split: the second request continues where the first stopped");

	/* The host posts 5 of the first request: nothing more is sent. */
	fake_reset();
	fake.fail_call = 0;
	fake.fail_posted = 5;
	fake.fail_error = -ENOMEM;
	CHECK(rdmaapi_post_recv(&rc_qp, wrs, &bad) == -ENOMEM && bad == &wrs[5] &&
	      fake.ncalls == 1,
	      "split: host error in request 1: its errno, bad_wr at WR 5, stop");

	/* The second request fails at its third WR. */
	fake_reset();
	fake.fail_call = 1;
	fake.fail_posted = 2;
	fake.fail_error = -EINVAL;
	CHECK(rdmaapi_post_recv(&rc_qp, wrs, &bad) == -EINVAL &&
	      bad == &wrs[fit + 2],
	      "split: host error in request 2: bad_wr counts from its first WR");

	/* The driver refuses the call: nothing of that request is posted. */
	fake_reset();
	fake.ioctl_errno = ENODEV;
	CHECK(rdmaapi_post_srq_recv(&srq, wrs, &bad) == -ENODEV && bad == wrs,
	      "split: ioctl error: -errno, bad_wr at the first WR");
	CHECK(fake.opcode[0] == VIRTIO_RDMAAPI_VERBS_POST_SRQ_RECV &&
	      le32toh(((const struct virtio_rdmaapi_post_req *)fake.req[0])->handle) == 9,
	      "post_srq_recv: VERBS_POST_SRQ_RECV on the SRQ's handle");

	/* A malformed WR: the ones before it go, it is bad_wr. */
	fake_reset();
	wrs[3].num_sge = -1;
	CHECK(rdmaapi_post_recv(&rc_qp, wrs, &bad) == -EINVAL && bad == &wrs[3] &&
	      fake.ncalls == 1 &&
	      le32toh(((const struct virtio_rdmaapi_post_req *)fake.req[0])->num_wr) == 3,
	      "malformed WR 3: WRs 0-2 posted, -EINVAL, bad_wr at WR 3");
	free(wrs);

	fake_reset();
	CHECK(rdmaapi_post_recv(&rc_qp, NULL, &bad) == 0 && !bad && !fake.ncalls,
	      "empty list: 0, no request");
}

static void test_poll(void)
{
	struct rdmaapi_wc wc[80];
	int n;

	fake_reset();
	fake.wc_left = 40;
	n = rdmaapi_poll_cq(&cq, 70, wc);
	CHECK(n == 40 && fake.ncalls == 2 && fake.poll_max[0] == 32 &&
	      fake.poll_max[1] == 32,
	      "poll 70 of 40: rounds of 32 and 32, the second short: returns 40");
	CHECK(wc[0].wr_id == 0 && wc[39].wr_id == 39 && wc[1].status == 5 &&
	      wc[0].opcode == RDMAAPI_WC_RECV && wc[0].byte_len == 4096 &&
	      wc[0].imm_data == htobe32(0x11223344) && wc[0].qp_num == 0x1234 &&
	      wc[0].wc_flags == RDMAAPI_WC_WITH_IMM && wc[0].pkey_index == 7 &&
	      wc[0].sl == 3,
	      "poll: completions in order, every field converted");

	fake_reset();
	fake.wc_left = 100;
	CHECK(rdmaapi_poll_cq(&cq, 64, wc) == 64 && fake.ncalls == 2,
	      "poll 64 of 100: two full rounds, no third");

	fake_reset();
	CHECK(rdmaapi_poll_cq(&cq, 2, wc) == 0 && fake.ncalls == 1,
	      "poll of an empty CQ: 0");

	fake_reset();
	fake.wc_left = 100;
	fake.poll_fail_call = 0;
	CHECK(rdmaapi_poll_cq(&cq, 5, wc) == -EIO, "poll failing: -errno");

	fake_reset();
	fake.wc_left = 100;
	fake.poll_fail_call = 1;
	CHECK(rdmaapi_poll_cq(&cq, 50, wc) == 32,
	      "poll failing in round 2: the 32 already taken are returned");

	CHECK(rdmaapi_poll_cq(&cq, -1, wc) == -EINVAL, "poll -1 entries: -EINVAL");
}

static void test_status_str(void)
{
	CHECK(!strcmp(rdmaapi_wc_status_str(RDMAAPI_WC_SUCCESS), "success") &&
	      !strcmp(rdmaapi_wc_status_str(RDMAAPI_WC_WR_FLUSH_ERR),
		      "Work Request Flushed Error") &&
	      !strcmp(rdmaapi_wc_status_str(RDMAAPI_WC_RETRY_EXC_ERR),
		      "transport retry counter exceeded") &&
	      !strcmp(rdmaapi_wc_status_str(999), "unknown"),
	      "wc_status_str: libibverbs' strings, \"unknown\" beyond");
}

int main(void)
{
	test_send_encoding();
	test_inline();
	test_ud();
	test_split();
	test_poll();
	test_status_str();
	fake_reset();
	printf("%s\n", failures ? "FAIL" : "all ok");
	return failures ? 1 : 0;
}
