// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suites for the remoting core (drivers/vhost/rdmaapi/core.c):
 * request validation, personality registration, contexts, objects, and
 * serving one request chain. A fake personality stands in for verbs.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include "core.h"
#include "test_guest.h"

#define FAKE_API	(VIRTIO_RDMAAPI_API_MAX - 1)
#define OTHER_API	(VIRTIO_RDMAAPI_API_MAX - 2)

/* Fake personality opcodes. */
#define OP_NULL		0	/* slot without handler */
#define OP_FIXED	1	/* 8 bytes in, 16 out */
#define OP_VAR		2	/* 4 or more bytes in, 4 out */
#define OP_FAIL		3	/* fails with -ENOSPC */
#define FAKE_NOPS	4

#define FIXED_REQ	8
#define FIXED_RESP	16
#define VAR_MIN		4
#define VAR_RESP	4

#define HDR		sizeof(struct virtio_rdmaapi_req_hdr)	/* 24 */
#define RHDR		sizeof(struct virtio_rdmaapi_resp_hdr)	/* 8 */
#define CREATE_RESP	sizeof(struct virtio_rdmaapi_create_ctx_resp)
#define LIMITS_RESP	sizeof(struct virtio_rdmaapi_limits_resp)

/* What the fake personality saw; reset before every test. */
static struct {
	struct rdmaapi_ctx *ctx;
	u32 req_len;
	u8 req[FIXED_REQ];
	int opens;
	int closes;
	int open_ret;
	int fatals;
} seen;

/* The limit the fake personality sets on every new device. */
#define FAKE_OBJ_ID	5
#define FAKE_OBJ_LIMIT	77

static int fake_fixed(struct rdmaapi_ctx *ctx, const void *req, u32 req_len,
		      void *resp)
{
	seen.ctx = ctx;
	seen.req_len = req_len;
	memcpy(seen.req, req, FIXED_REQ);
	/* Fill only half: the core must zero the rest. */
	memcpy(resp, req, FIXED_REQ);
	return 0;
}

static int fake_var(struct rdmaapi_ctx *ctx, const void *req, u32 req_len,
		    void *resp)
{
	__le32 len = cpu_to_le32(req_len);

	seen.ctx = ctx;
	seen.req_len = req_len;
	memcpy(resp, &len, sizeof(len));
	return 0;
}

static int fake_fail(struct rdmaapi_ctx *ctx, const void *req, u32 req_len,
		     void *resp)
{
	memset(resp, 0xab, FIXED_RESP);
	return -ENOSPC;
}

static const struct rdmaapi_op fake_ops[FAKE_NOPS] = {
	[OP_FIXED] = { .handler = fake_fixed, .req_len = FIXED_REQ,
		       .resp_len = FIXED_RESP },
	[OP_VAR] = { .handler = fake_var, .req_len = VAR_MIN,
		     .resp_len = VAR_RESP, .flags = RDMAAPI_OP_VAR_REQ },
	[OP_FAIL] = { .handler = fake_fail, .resp_len = FIXED_RESP },
};

static int fake_open(struct rdmaapi_ctx *ctx)
{
	seen.opens++;
	if (seen.open_ret)
		return seen.open_ret;
	ctx->priv[FAKE_API] = &seen;
	return 0;
}

static void fake_close(struct rdmaapi_ctx *ctx)
{
	seen.closes++;
	ctx->priv[FAKE_API] = NULL;
}

static void fake_core_init(struct rdmaapi_core *core)
{
	core->max_obj[FAKE_OBJ_ID] = FAKE_OBJ_LIMIT;
}

static void fake_ctx_fatal(struct rdmaapi_ctx *ctx)
{
	seen.fatals++;
}

static const struct rdmaapi_personality fake = {
	.api = FAKE_API,
	.name = "fake",
	.ops = fake_ops,
	.nops = FAKE_NOPS,
	.core_init = fake_core_init,
	.ctx_fatal = fake_ctx_fatal,
	.ctx_open = fake_open,
	.ctx_close = fake_close,
};

static const struct rdmaapi_op other_ops[] = {
	[1] = { .handler = fake_var, .req_len = 0, .resp_len = VAR_RESP,
		.flags = RDMAAPI_OP_VAR_REQ },
};

static const struct rdmaapi_personality other = {
	.api = OTHER_API,
	.name = "other",
	.ops = other_ops,
	.nops = ARRAY_SIZE(other_ops),
};

static int core_suite_init(struct kunit_suite *suite)
{
	return rdmaapi_register_personality(&fake);
}

static void core_suite_exit(struct kunit_suite *suite)
{
	rdmaapi_unregister_personality(&fake);
}

static int core_test_init(struct kunit *test)
{
	memset(&seen, 0, sizeof(seen));
	return 0;
}

static struct virtio_rdmaapi_req_hdr hdr(u16 api, u16 opcode, u32 ctx,
					 u32 req_len, u32 resp_len)
{
	struct virtio_rdmaapi_req_hdr h = {
		.api = cpu_to_le16(api),
		.opcode = cpu_to_le16(opcode),
		.ctx = cpu_to_le32(ctx),
		.req_len = cpu_to_le32(req_len),
		.resp_len = cpu_to_le32(resp_len),
	};

	return h;
}

/* Check a request whose chain has exactly the room its header announces. */
static int check(u16 api, u16 opcode, u32 req_len, u32 resp_len)
{
	struct virtio_rdmaapi_req_hdr h = hdr(api, opcode, 0, req_len, resp_len);
	const struct rdmaapi_op *op;

	return rdmaapi_req_check(&h, HDR + req_len, RHDR + resp_len, &op);
}

static int check_lens(u16 api, u16 opcode, u32 req_len, u32 resp_len,
		      u32 out_len, u32 in_len)
{
	struct virtio_rdmaapi_req_hdr h = hdr(api, opcode, 0, req_len, resp_len);
	const struct rdmaapi_op *op;

	return rdmaapi_req_check(&h, out_len, in_len, &op);
}

/* --- rdmaapi_req_check --- */

static void check_create_ctx(struct kunit *test)
{
	struct virtio_rdmaapi_req_hdr h = hdr(0, VIRTIO_RDMAAPI_CORE_CREATE_CTX,
					      0, 0, CREATE_RESP);
	const struct rdmaapi_op *op = NULL;

	KUNIT_ASSERT_EQ(test, 0, rdmaapi_req_check(&h, HDR, RHDR + 8, &op));
	KUNIT_ASSERT_NOT_NULL(test, op);
	KUNIT_EXPECT_EQ(test, 0, op->req_len);
	KUNIT_EXPECT_EQ(test, 8, op->resp_len);
}

static void check_destroy_ctx(struct kunit *test)
{
	struct virtio_rdmaapi_req_hdr h = hdr(0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX,
					      1, 0, 0);
	const struct rdmaapi_op *op = NULL;

	KUNIT_ASSERT_EQ(test, 0, rdmaapi_req_check(&h, HDR, RHDR, &op));
	KUNIT_ASSERT_NOT_NULL(test, op);
	KUNIT_EXPECT_EQ(test, 0, op->req_len);
	KUNIT_EXPECT_EQ(test, 0, op->resp_len);
}

static void check_fake_op_returns_table_entry(struct kunit *test)
{
	struct virtio_rdmaapi_req_hdr h = hdr(FAKE_API, OP_FIXED, 1, FIXED_REQ,
					      FIXED_RESP);
	const struct rdmaapi_op *op = NULL;

	KUNIT_ASSERT_EQ(test, 0, rdmaapi_req_check(&h, HDR + FIXED_REQ,
						   RHDR + FIXED_RESP, &op));
	KUNIT_EXPECT_PTR_EQ(test, op, &fake_ops[OP_FIXED]);
}

static void check_in_len_below_resp_hdr_enobufs(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -ENOBUFS,
			check_lens(0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, 0, 0, HDR,
				   RHDR - 1));
	KUNIT_EXPECT_EQ(test, -ENOBUFS,
			check_lens(0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, 0, 0, HDR, 0));
	KUNIT_EXPECT_EQ(test, 0,
			check_lens(0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, 0, 0, HDR,
				   RHDR));
}

static void check_reserved_nonzero_einval(struct kunit *test)
{
	struct virtio_rdmaapi_req_hdr h = hdr(0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX,
					      1, 0, 0);
	const struct rdmaapi_op *op;

	h.reserved = cpu_to_le64(1);
	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_req_check(&h, HDR, RHDR, &op));
	h.reserved = cpu_to_le64(1ULL << 63);
	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_req_check(&h, HDR, RHDR, &op));
}

static void check_unregistered_api_eprotonosupport(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EPROTONOSUPPORT, check(OTHER_API, 1, 0, VAR_RESP));
	/* verbs is not registered in this kernel */
	KUNIT_EXPECT_EQ(test, -EPROTONOSUPPORT,
			check(VIRTIO_RDMAAPI_API_VERBS, 1, 0, 1024));
}

static void check_api_max_eprotonosupport(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0, check(VIRTIO_RDMAAPI_API_MAX - 1, OP_FIXED,
				       FIXED_REQ, FIXED_RESP));
	KUNIT_EXPECT_EQ(test, -EPROTONOSUPPORT,
			check(VIRTIO_RDMAAPI_API_MAX, OP_FIXED, FIXED_REQ,
			      FIXED_RESP));
	KUNIT_EXPECT_EQ(test, -EPROTONOSUPPORT,
			check(0xffff, OP_FIXED, FIXED_REQ, FIXED_RESP));
}

static void check_opcode_at_nops_eopnotsupp(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0, check(FAKE_API, FAKE_NOPS - 1, 0, FIXED_RESP));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, check(FAKE_API, FAKE_NOPS, 0, 64));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, check(FAKE_API, 0xffff, 0, 64));
}

static void check_null_handler_eopnotsupp(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, check(FAKE_API, OP_NULL, 0, 64));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, check(0, 0, 0, 64));
}

static void check_core_opcode_past_table_eopnotsupp(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			check(0, VIRTIO_RDMAAPI_CORE_QUERY_LIMITS + 1, 0,
			      LIMITS_RESP));
}

static void check_fixed_req_len_exact(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0, check(FAKE_API, OP_FIXED, FIXED_REQ, FIXED_RESP));
}

static void check_fixed_req_len_one_more_einval(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EINVAL,
			check(FAKE_API, OP_FIXED, FIXED_REQ + 1, FIXED_RESP));
}

static void check_fixed_req_len_one_less_einval(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EINVAL,
			check(FAKE_API, OP_FIXED, FIXED_REQ - 1, FIXED_RESP));
}

static void check_fixed_req_len_huge_einval(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EINVAL,
			check_lens(FAKE_API, OP_FIXED, U32_MAX, FIXED_RESP,
				   U32_MAX, RHDR + FIXED_RESP));
}

static void check_core_op_with_payload_einval(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EINVAL,
			check(0, VIRTIO_RDMAAPI_CORE_CREATE_CTX, 1, CREATE_RESP));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			check(0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, 4, 0));
}

static void check_var_req_len_at_min(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0, check(FAKE_API, OP_VAR, VAR_MIN, VAR_RESP));
}

static void check_var_req_len_below_min_einval(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EINVAL, check(FAKE_API, OP_VAR, VAR_MIN - 1, VAR_RESP));
}

static void check_var_req_len_at_max(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0,
			check(FAKE_API, OP_VAR, RDMAAPI_MAX_REQ_LEN, VAR_RESP));
}

static void check_var_req_len_above_max_einval(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EINVAL,
			check(FAKE_API, OP_VAR, RDMAAPI_MAX_REQ_LEN + 1, VAR_RESP));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			check_lens(FAKE_API, OP_VAR, U32_MAX, VAR_RESP, U32_MAX,
				   RHDR + VAR_RESP));
}

static void check_truncated_request_emsgsize(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EMSGSIZE,
			check_lens(FAKE_API, OP_FIXED, FIXED_REQ, FIXED_RESP,
				   HDR + FIXED_REQ - 1, RHDR + FIXED_RESP));
	KUNIT_EXPECT_EQ(test, 0,
			check_lens(FAKE_API, OP_FIXED, FIXED_REQ, FIXED_RESP,
				   HDR + FIXED_REQ, RHDR + FIXED_RESP));
}

static void check_truncated_var_request_emsgsize(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EMSGSIZE,
			check_lens(FAKE_API, OP_VAR, 1000, VAR_RESP, HDR + 999,
				   RHDR + VAR_RESP));
	KUNIT_EXPECT_EQ(test, -EMSGSIZE,
			check_lens(FAKE_API, OP_VAR, RDMAAPI_MAX_REQ_LEN, VAR_RESP,
				   HDR, RHDR + VAR_RESP));
}

static void check_out_len_below_header_emsgsize(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EMSGSIZE,
			check_lens(0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, 0, 0,
				   HDR - 1, RHDR));
	KUNIT_EXPECT_EQ(test, -EMSGSIZE,
			check_lens(0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, 0, 0, 0, RHDR));
}

static void check_extra_readable_bytes_accepted(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0,
			check_lens(FAKE_API, OP_FIXED, FIXED_REQ, FIXED_RESP,
				   HDR + FIXED_REQ + 100, RHDR + FIXED_RESP));
}

static void check_hdr_resp_len_too_small_enobufs(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -ENOBUFS,
			check_lens(FAKE_API, OP_FIXED, FIXED_REQ, FIXED_RESP - 1,
				   HDR + FIXED_REQ, RHDR + FIXED_RESP));
	KUNIT_EXPECT_EQ(test, -ENOBUFS,
			check_lens(0, VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0,
				   CREATE_RESP - 1, HDR, RHDR + CREATE_RESP));
}

static void check_chain_resp_room_too_small_enobufs(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -ENOBUFS,
			check_lens(FAKE_API, OP_FIXED, FIXED_REQ, FIXED_RESP,
				   HDR + FIXED_REQ, RHDR + FIXED_RESP - 1));
	KUNIT_EXPECT_EQ(test, -ENOBUFS,
			check_lens(0, VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0, CREATE_RESP,
				   HDR, RHDR + CREATE_RESP - 1));
}

static void check_resp_room_exact(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 0,
			check_lens(FAKE_API, OP_FIXED, FIXED_REQ, FIXED_RESP,
				   HDR + FIXED_REQ, RHDR + FIXED_RESP));
}

static void check_hdr_resp_len_larger_than_chain_accepted(struct kunit *test)
{
	/* The announced room is only an upper bound; the chain decides. */
	KUNIT_EXPECT_EQ(test, 0,
			check_lens(FAKE_API, OP_FIXED, FIXED_REQ, U32_MAX,
				   HDR + FIXED_REQ, RHDR + FIXED_RESP));
}

/* --- registration --- */

static void register_core_api_einval(struct kunit *test)
{
	struct rdmaapi_personality p = fake;

	p.api = VIRTIO_RDMAAPI_API_CORE;
	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_register_personality(&p));
}

static void register_api_max_einval(struct kunit *test)
{
	struct rdmaapi_personality p = fake;

	p.api = VIRTIO_RDMAAPI_API_MAX;
	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_register_personality(&p));
}

static void register_taken_api_ebusy(struct kunit *test)
{
	struct rdmaapi_personality p = fake;

	KUNIT_EXPECT_EQ(test, -EBUSY, rdmaapi_register_personality(&fake));
	KUNIT_EXPECT_EQ(test, -EBUSY, rdmaapi_register_personality(&p));
	/* Unregistering the copy must not remove the original. */
	rdmaapi_unregister_personality(&p);
	KUNIT_EXPECT_EQ(test, 0, check(FAKE_API, OP_FIXED, FIXED_REQ, FIXED_RESP));
}

static void register_makes_api_available(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(FAKE_API), rdmaapi_core_apis());
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_register_personality(&other));
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(FAKE_API) | BIT(OTHER_API),
			rdmaapi_core_apis());
	KUNIT_EXPECT_EQ(test, 0, check(OTHER_API, 1, 100, VAR_RESP));
	rdmaapi_unregister_personality(&other);
	KUNIT_EXPECT_EQ(test, BIT(0) | BIT(FAKE_API), rdmaapi_core_apis());
	KUNIT_EXPECT_EQ(test, -EPROTONOSUPPORT, check(OTHER_API, 1, 100, VAR_RESP));
}

/* --- random headers: fail exactly when, and only for, a stated reason --- */

static const struct rdmaapi_op *model_op(u16 api, u16 opcode)
{
	static const struct rdmaapi_op create = {
		.handler = fake_fail, .resp_len = CREATE_RESP,
	};
	static const struct rdmaapi_op destroy = { .handler = fake_fail };
	static const struct rdmaapi_op limits = {
		.handler = fake_fail, .resp_len = LIMITS_RESP,
	};

	if (api == 0)
		return opcode == VIRTIO_RDMAAPI_CORE_CREATE_CTX ? &create :
		       opcode == VIRTIO_RDMAAPI_CORE_DESTROY_CTX ? &destroy :
		       opcode == VIRTIO_RDMAAPI_CORE_QUERY_LIMITS ? &limits :
		       NULL;
	if (api == FAKE_API && opcode < FAKE_NOPS && fake_ops[opcode].handler)
		return &fake_ops[opcode];
	return NULL;
}

static u32 near(struct rnd_state *rs, u32 v)
{
	switch (prandom_u32_state(rs) % 8) {
	case 0:
		return v - 1;
	case 1:
		return v + 1;
	case 2:
		return prandom_u32_state(rs);
	case 3:
		return prandom_u32_state(rs) % 64;
	default:
		return v;
	}
}

static void check_random_headers_fail_only_for_stated_reasons(struct kunit *test)
{
	static const u16 apis[] = { 0, FAKE_API, OTHER_API, 1, 16, 0xffff };
	static const u32 req_lens[] = { 0, FIXED_REQ, VAR_MIN, RDMAAPI_MAX_REQ_LEN };
	static const u32 resp_lens[] = { 0, CREATE_RESP, FIXED_RESP, VAR_RESP };
	unsigned int round, ok = 0, failed = 0;
	struct rnd_state rs;

	prandom_seed_state(&rs, 0x636865636b21ULL);
	for (round = 0; round < 20000; round++) {
		u16 api = apis[prandom_u32_state(&rs) % ARRAY_SIZE(apis)];
		u16 opcode = prandom_u32_state(&rs) % 8 ?
			     prandom_u32_state(&rs) % 6 : prandom_u32_state(&rs);
		u32 req = near(&rs, req_lens[prandom_u32_state(&rs) % 4]);
		u32 resp = near(&rs, resp_lens[prandom_u32_state(&rs) % 4]);
		u32 out = near(&rs, HDR + req), in = near(&rs, RHDR + resp);
		struct virtio_rdmaapi_req_hdr h = hdr(api, opcode, 1, req, resp);
		const struct rdmaapi_op *o = model_op(api, opcode), *op = NULL;
		bool nobufs, inval, proto, opnotsupp, msgsize;
		int ret;

		if (!(prandom_u32_state(&rs) % 16))
			h.reserved = cpu_to_le64(1ULL << (prandom_u32_state(&rs) % 64));
		nobufs = in < RHDR ||
			 (o && (resp < o->resp_len || in - RHDR < o->resp_len));
		inval = h.reserved ||
			(o && ((o->flags & RDMAAPI_OP_VAR_REQ) ?
			       req < o->req_len || req > RDMAAPI_MAX_REQ_LEN :
			       req != o->req_len));
		proto = api != 0 && api != FAKE_API;
		opnotsupp = !proto && !o;
		msgsize = out < HDR || (o && req > out - HDR);

		ret = rdmaapi_req_check(&h, out, in, &op);
		if (!(nobufs || inval || proto || opnotsupp || msgsize)) {
			KUNIT_ASSERT_EQ_MSG(test, 0, ret, "round %u", round);
			KUNIT_ASSERT_EQ(test, o->req_len, op->req_len);
			KUNIT_ASSERT_EQ(test, o->resp_len, op->resp_len);
			ok++;
			continue;
		}
		KUNIT_ASSERT_TRUE_MSG(test,
				      (ret == -ENOBUFS && nobufs) ||
				      (ret == -EINVAL && inval) ||
				      (ret == -EPROTONOSUPPORT && proto) ||
				      (ret == -EOPNOTSUPP && opnotsupp) ||
				      (ret == -EMSGSIZE && msgsize),
				      "round %u: ret %d api %u op %u req %u resp %u out %u in %u",
				      round, ret, api, opcode, req, resp, out, in);
		failed++;
	}
	KUNIT_EXPECT_GT(test, ok, 100);
	KUNIT_EXPECT_GT(test, failed, 500);
}

static struct kunit_case check_cases[] = {
	KUNIT_CASE(check_create_ctx),
	KUNIT_CASE(check_destroy_ctx),
	KUNIT_CASE(check_fake_op_returns_table_entry),
	KUNIT_CASE(check_in_len_below_resp_hdr_enobufs),
	KUNIT_CASE(check_reserved_nonzero_einval),
	KUNIT_CASE(check_unregistered_api_eprotonosupport),
	KUNIT_CASE(check_api_max_eprotonosupport),
	KUNIT_CASE(check_opcode_at_nops_eopnotsupp),
	KUNIT_CASE(check_null_handler_eopnotsupp),
	KUNIT_CASE(check_core_opcode_past_table_eopnotsupp),
	KUNIT_CASE(check_fixed_req_len_exact),
	KUNIT_CASE(check_fixed_req_len_one_more_einval),
	KUNIT_CASE(check_fixed_req_len_one_less_einval),
	KUNIT_CASE(check_fixed_req_len_huge_einval),
	KUNIT_CASE(check_core_op_with_payload_einval),
	KUNIT_CASE(check_var_req_len_at_min),
	KUNIT_CASE(check_var_req_len_below_min_einval),
	KUNIT_CASE(check_var_req_len_at_max),
	KUNIT_CASE(check_var_req_len_above_max_einval),
	KUNIT_CASE(check_truncated_request_emsgsize),
	KUNIT_CASE(check_truncated_var_request_emsgsize),
	KUNIT_CASE(check_out_len_below_header_emsgsize),
	KUNIT_CASE(check_extra_readable_bytes_accepted),
	KUNIT_CASE(check_hdr_resp_len_too_small_enobufs),
	KUNIT_CASE(check_chain_resp_room_too_small_enobufs),
	KUNIT_CASE(check_resp_room_exact),
	KUNIT_CASE(check_hdr_resp_len_larger_than_chain_accepted),
	KUNIT_CASE(check_random_headers_fail_only_for_stated_reasons),
	KUNIT_CASE(register_core_api_einval),
	KUNIT_CASE(register_api_max_einval),
	KUNIT_CASE(register_taken_api_ebusy),
	KUNIT_CASE(register_makes_api_available),
	{}
};

static struct kunit_suite check_suite = {
	.name = "rdmaapi_req_check",
	.suite_init = core_suite_init,
	.suite_exit = core_suite_exit,
	.init = core_test_init,
	.test_cases = check_cases,
};

/* --- contexts through rdmaapi_core_call --- */

static void core_free(void *data)
{
	rdmaapi_core_reset(data);
}

static struct rdmaapi_core *core_new(struct kunit *test, u32 max_ctx)
{
	struct rdmaapi_core *core = kunit_kzalloc(test, sizeof(*core), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, core);
	rdmaapi_core_init(core, test, max_ctx);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, core_free, core));
	return core;
}

/* CREATE_CTX; returns the status and stores the handle in *handle. */
static int create_ctx(struct rdmaapi_core *core, u32 *handle)
{
	struct virtio_rdmaapi_req_hdr h = hdr(0, VIRTIO_RDMAAPI_CORE_CREATE_CTX,
					      0, 0, CREATE_RESP);
	struct virtio_rdmaapi_create_ctx_resp r;
	u32 resp_len = 99;
	int ret;

	memset(&r, 0xff, sizeof(r));
	ret = rdmaapi_core_call(core, &h, NULL, &r, &resp_len);
	*handle = ret ? 0 : le32_to_cpu(r.ctx);
	if (!ret && (resp_len != CREATE_RESP || r.reserved))
		return -EPROTO;
	if (ret && resp_len)
		return -EPROTO;
	return ret;
}

static int destroy_ctx(struct rdmaapi_core *core, u32 handle)
{
	struct virtio_rdmaapi_req_hdr h = hdr(0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX,
					      handle, 0, 0);
	u32 resp_len = 99;
	u8 resp[8];
	int ret;

	ret = rdmaapi_core_call(core, &h, NULL, resp, &resp_len);
	return resp_len ? -EPROTO : ret;
}

static int call_fixed(struct rdmaapi_core *core, u32 handle, const u8 *req,
		      u8 *resp, u32 *resp_len)
{
	struct virtio_rdmaapi_req_hdr h = hdr(FAKE_API, OP_FIXED, handle,
					      FIXED_REQ, FIXED_RESP);

	return rdmaapi_core_call(core, &h, req, resp, resp_len);
}

static void ctx_create_returns_nonzero_handle(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u32 h;

	KUNIT_EXPECT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_EXPECT_NE(test, 0, h);
	KUNIT_EXPECT_EQ(test, 1, core->nctx);
}

static void ctx_create_opens_every_personality(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *ctx;
	u32 h;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_EXPECT_EQ(test, 1, seen.opens);
	ctx = xa_load(&core->ctxs, h);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	KUNIT_EXPECT_PTR_EQ(test, (void *)&seen, ctx->priv[FAKE_API]);
	KUNIT_EXPECT_PTR_EQ(test, core, ctx->core);
	KUNIT_EXPECT_EQ(test, h, ctx->handle);
}

static void ctx_create_twice_gives_distinct_handles(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u32 a, b;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &a));
	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &b));
	KUNIT_EXPECT_NE(test, a, b);
	KUNIT_EXPECT_EQ(test, 2, core->nctx);
}

static void ctx_handle_not_reused_at_once(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u32 a, b;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &a));
	KUNIT_ASSERT_EQ(test, 0, destroy_ctx(core, a));
	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &b));
	KUNIT_EXPECT_NE(test, a, b);
}

static void ctx_handle_wraps_to_1_never_0(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u32 a, b;

	/* Handles run 1 .. 0x7fffffff, then start again at 1. */
	core->next_ctx = 0x7fffffff;
	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &a));
	KUNIT_EXPECT_EQ(test, 0x7fffffff, a);
	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &b));
	KUNIT_EXPECT_EQ(test, 1, b);
}

/* QUERY_LIMITS with context @handle; the response goes to @r. */
static int query_limits(struct rdmaapi_core *core, u32 handle,
			struct virtio_rdmaapi_limits_resp *r)
{
	struct virtio_rdmaapi_req_hdr h = hdr(0, VIRTIO_RDMAAPI_CORE_QUERY_LIMITS,
					      handle, 0, LIMITS_RESP);
	u32 resp_len = 99;
	int ret;

	memset(r, 0xff, sizeof(*r));
	ret = rdmaapi_core_call(core, &h, NULL, r, &resp_len);
	if (resp_len != (ret ? 0 : LIMITS_RESP))
		return -EPROTO;
	return ret;
}

static void limits_need_no_context(struct kunit *test)
{
	struct virtio_rdmaapi_limits_resp *r = kunit_kzalloc(test, sizeof(*r),
							    GFP_KERNEL);
	struct rdmaapi_core *core = core_new(test, 4);
	u32 h, i;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_ASSERT_EQ(test, 0, query_limits(core, 0, r));
	/* The fake personality has no object types: the core's three. */
	KUNIT_ASSERT_EQ(test, 3, le32_to_cpu(r->count));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(r->reserved));
	KUNIT_EXPECT_STREQ(test, "contexts", r->limit[0].name);
	KUNIT_EXPECT_EQ(test, 1, le64_to_cpu(r->limit[0].used));
	KUNIT_EXPECT_EQ(test, 4, le64_to_cpu(r->limit[0].max));
	KUNIT_EXPECT_STREQ(test, "pinned_pages", r->limit[1].name);
	KUNIT_EXPECT_EQ(test, 0, le64_to_cpu(r->limit[1].used));
	KUNIT_EXPECT_EQ(test, U64_MAX, le64_to_cpu(r->limit[1].max));
	KUNIT_EXPECT_STREQ(test, "queue_kib", r->limit[2].name);
	KUNIT_EXPECT_EQ(test, 0, le64_to_cpu(r->limit[2].used));
	KUNIT_EXPECT_EQ(test, U64_MAX, le64_to_cpu(r->limit[2].max));
	/* No stale bytes: names NUL-padded, unused entries zero. */
	for (i = sizeof("contexts"); i < sizeof(r->limit[0].name); i++)
		KUNIT_EXPECT_EQ(test, 0, r->limit[0].name[i]);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(&r->limit[3], 0,
					    sizeof(r->limit) -
					    3 * sizeof(r->limit[0])));
}

static void limits_with_live_context(struct kunit *test)
{
	struct virtio_rdmaapi_limits_resp *r = kunit_kzalloc(test, sizeof(*r),
							    GFP_KERNEL);
	struct rdmaapi_core *core = core_new(test, 4);
	u32 h;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_EXPECT_EQ(test, 0, query_limits(core, h, r));
	KUNIT_EXPECT_EQ(test, 3, le32_to_cpu(r->count));
}

static void limits_unknown_context_ebadf(struct kunit *test)
{
	struct virtio_rdmaapi_limits_resp *r = kunit_kzalloc(test, sizeof(*r),
							    GFP_KERNEL);
	struct rdmaapi_core *core = core_new(test, 4);
	u32 h;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_EXPECT_EQ(test, -EBADF, query_limits(core, h + 1, r));
	KUNIT_EXPECT_EQ(test, -EBADF, query_limits(core, U32_MAX, r));
}

static void ctx_create_with_ctx_set_einval(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct virtio_rdmaapi_req_hdr h = hdr(0, VIRTIO_RDMAAPI_CORE_CREATE_CTX,
					      7, 0, CREATE_RESP);
	struct virtio_rdmaapi_create_ctx_resp r;
	u32 resp_len = 99;

	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_core_call(core, &h, NULL, &r, &resp_len));
	KUNIT_EXPECT_EQ(test, 0, resp_len);
	KUNIT_EXPECT_EQ(test, 0, core->nctx);
}

static void ctx_limit_edquot(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 2);
	u32 a, b, c;

	KUNIT_EXPECT_EQ(test, 0, create_ctx(core, &a));
	KUNIT_EXPECT_EQ(test, 0, create_ctx(core, &b));
	KUNIT_EXPECT_EQ(test, -EDQUOT, create_ctx(core, &c));
	KUNIT_EXPECT_EQ(test, 2, core->nctx);
	KUNIT_EXPECT_EQ(test, 2, seen.opens);
}

static void ctx_limit_frees_on_destroy(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 1);
	u32 a, b;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &a));
	KUNIT_ASSERT_EQ(test, -EDQUOT, create_ctx(core, &b));
	KUNIT_ASSERT_EQ(test, 0, destroy_ctx(core, a));
	KUNIT_EXPECT_EQ(test, 0, create_ctx(core, &b));
}

static void ctx_limit_zero_edquot(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 0);
	u32 a;

	KUNIT_EXPECT_EQ(test, -EDQUOT, create_ctx(core, &a));
	KUNIT_EXPECT_EQ(test, 0, seen.opens);
}

static void ctx_open_failure_fails_create(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 1);
	u32 a;

	seen.open_ret = -ENOMEM;
	KUNIT_EXPECT_EQ(test, -ENOMEM, create_ctx(core, &a));
	KUNIT_EXPECT_EQ(test, 0, core->nctx);
	KUNIT_EXPECT_TRUE(test, xa_empty(&core->ctxs));
	/* The failed attempt does not hold the only slot. */
	seen.open_ret = 0;
	KUNIT_EXPECT_EQ(test, 0, create_ctx(core, &a));
}

static void ctx_destroy_closes_personality(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u32 h;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_EXPECT_EQ(test, 0, destroy_ctx(core, h));
	KUNIT_EXPECT_EQ(test, 1, seen.closes);
	KUNIT_EXPECT_EQ(test, 0, core->nctx);
	KUNIT_EXPECT_NULL(test, xa_load(&core->ctxs, h));
}

static void ctx_destroy_unknown_ebadf(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u32 h;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_EXPECT_EQ(test, -EBADF, destroy_ctx(core, h + 1));
	KUNIT_EXPECT_EQ(test, -EBADF, destroy_ctx(core, U32_MAX));
	KUNIT_EXPECT_EQ(test, 1, core->nctx);
}

static void ctx_destroy_zero_ebadf(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);

	KUNIT_EXPECT_EQ(test, -EBADF, destroy_ctx(core, 0));
}

static void ctx_destroy_twice_ebadf(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u32 h;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_EXPECT_EQ(test, 0, destroy_ctx(core, h));
	KUNIT_EXPECT_EQ(test, -EBADF, destroy_ctx(core, h));
	KUNIT_EXPECT_EQ(test, 1, seen.closes);
}

static void ctx_of_another_device_ebadf(struct kunit *test)
{
	struct rdmaapi_core *a = core_new(test, 4);
	struct rdmaapi_core *b = core_new(test, 4);
	u8 req[FIXED_REQ] = {}, resp[FIXED_RESP];
	u32 h, len;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(a, &h));
	KUNIT_EXPECT_EQ(test, -EBADF, call_fixed(b, h, req, resp, &len));
	KUNIT_EXPECT_EQ(test, -EBADF, destroy_ctx(b, h));
	KUNIT_EXPECT_EQ(test, 1, a->nctx);
}

static void call_reaches_handler_with_context(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u8 req[FIXED_REQ] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	u8 resp[FIXED_RESP], want[FIXED_RESP] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	u32 h, len = 0;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	memset(resp, 0xee, sizeof(resp));
	KUNIT_EXPECT_EQ(test, 0, call_fixed(core, h, req, resp, &len));
	KUNIT_EXPECT_EQ(test, FIXED_RESP, len);
	KUNIT_EXPECT_PTR_EQ(test, xa_load(&core->ctxs, h), (void *)seen.ctx);
	KUNIT_EXPECT_EQ(test, FIXED_REQ, seen.req_len);
	KUNIT_EXPECT_MEMEQ(test, seen.req, req, FIXED_REQ);
	/* What the handler left alone is zero, never stale. */
	KUNIT_EXPECT_MEMEQ(test, resp, want, FIXED_RESP);
}

static void call_var_op_gets_req_len(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct virtio_rdmaapi_req_hdr hh;
	u8 *req = kunit_kzalloc(test, 1000, GFP_KERNEL);
	__le32 resp;
	u32 h, len = 0;

	KUNIT_ASSERT_NOT_NULL(test, req);
	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	hh = hdr(FAKE_API, OP_VAR, h, 1000, VAR_RESP);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_core_call(core, &hh, req, &resp, &len));
	KUNIT_EXPECT_EQ(test, VAR_RESP, len);
	KUNIT_EXPECT_EQ(test, 1000, seen.req_len);
	KUNIT_EXPECT_EQ(test, 1000, le32_to_cpu(resp));
}

static void call_unknown_ctx_ebadf(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u8 req[FIXED_REQ] = {}, resp[FIXED_RESP];
	u32 h, len = 99;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_EXPECT_EQ(test, -EBADF, call_fixed(core, h + 1, req, resp, &len));
	KUNIT_EXPECT_EQ(test, 0, len);
	KUNIT_EXPECT_NULL(test, seen.ctx);
}

static void call_ctx_zero_ebadf(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u8 req[FIXED_REQ] = {}, resp[FIXED_RESP];
	u32 h, len = 99;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_EXPECT_EQ(test, -EBADF, call_fixed(core, 0, req, resp, &len));
	KUNIT_EXPECT_EQ(test, 0, len);
	KUNIT_EXPECT_NULL(test, seen.ctx);
}

static void call_destroyed_ctx_ebadf(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u8 req[FIXED_REQ] = {}, resp[FIXED_RESP];
	u32 h, len = 99;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	KUNIT_ASSERT_EQ(test, 0, destroy_ctx(core, h));
	KUNIT_EXPECT_EQ(test, -EBADF, call_fixed(core, h, req, resp, &len));
	KUNIT_EXPECT_NULL(test, seen.ctx);
}

static void call_handler_error_returns_no_payload(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct virtio_rdmaapi_req_hdr hh;
	u8 resp[FIXED_RESP];
	u32 h, len = 99;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	hh = hdr(FAKE_API, OP_FAIL, h, 0, FIXED_RESP);
	KUNIT_EXPECT_EQ(test, -ENOSPC, rdmaapi_core_call(core, &hh, NULL, resp, &len));
	KUNIT_EXPECT_EQ(test, 0, len);
}

static void call_unknown_api_eopnotsupp(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct virtio_rdmaapi_req_hdr hh = hdr(OTHER_API, 1, 0, 0, 0);
	u8 resp[8];
	u32 len = 99;

	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, rdmaapi_core_call(core, &hh, NULL, resp, &len));
	KUNIT_EXPECT_EQ(test, 0, len);
}

static void core_reset_destroys_every_context(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u8 req[FIXED_REQ] = {}, resp[FIXED_RESP];
	u32 a, b, len;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &a));
	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &b));
	rdmaapi_core_reset(core);
	KUNIT_EXPECT_EQ(test, 0, core->nctx);
	KUNIT_EXPECT_EQ(test, 2, seen.closes);
	KUNIT_EXPECT_TRUE(test, xa_empty(&core->ctxs));
	KUNIT_EXPECT_EQ(test, -EBADF, call_fixed(core, a, req, resp, &len));
	KUNIT_EXPECT_EQ(test, -EBADF, destroy_ctx(core, b));
	KUNIT_EXPECT_EQ(test, 0, create_ctx(core, &a));
}

/* --- objects --- */

static int destroyed[8];
static int ndestroyed;

struct test_obj {
	struct rdmaapi_obj obj;
	int tag;
};

static void test_obj_destroy(struct rdmaapi_obj *obj)
{
	struct test_obj *o = container_of(obj, struct test_obj, obj);

	if (ndestroyed < ARRAY_SIZE(destroyed))
		destroyed[ndestroyed++] = o->tag;
	kfree(o);
}

static const struct rdmaapi_obj_type type_low = {
	.name = "low", .id = 0, .rank = 1, .destroy = test_obj_destroy,
};

static const struct rdmaapi_obj_type type_high = {
	.name = "high", .id = 1, .rank = 7, .destroy = test_obj_destroy,
};

static struct rdmaapi_ctx *new_ctx(struct kunit *test, struct rdmaapi_core *core)
{
	struct rdmaapi_ctx *ctx;
	u32 h;

	ndestroyed = 0;
	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	ctx = xa_load(&core->ctxs, h);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	return ctx;
}

static struct test_obj *add_obj(struct kunit *test, struct rdmaapi_ctx *ctx,
				const struct rdmaapi_obj_type *type, int tag)
{
	struct test_obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, o);
	o->tag = tag;
	if (rdmaapi_obj_add(ctx, &o->obj, type)) {
		kfree(o);
		return NULL;
	}
	return o;
}

static void obj_add_gives_nonzero_handle(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *ctx = new_ctx(test, core);
	struct test_obj *a = add_obj(test, ctx, &type_low, 1);
	struct test_obj *b = add_obj(test, ctx, &type_low, 2);

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_NE(test, 0, a->obj.handle);
	KUNIT_EXPECT_NE(test, a->obj.handle, b->obj.handle);
	KUNIT_EXPECT_EQ(test, 2, core->nobj[type_low.id]);
}

static void obj_get_finds_own_kind_only(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *ctx = new_ctx(test, core);
	struct test_obj *a = add_obj(test, ctx, &type_low, 1);
	__le32 h;

	KUNIT_ASSERT_NOT_NULL(test, a);
	h = cpu_to_le32(a->obj.handle);
	KUNIT_EXPECT_PTR_EQ(test, &a->obj, rdmaapi_obj_get(ctx, h, &type_low));
	KUNIT_EXPECT_NULL(test, rdmaapi_obj_get(ctx, h, &type_high));
	KUNIT_EXPECT_NULL(test, rdmaapi_obj_get(ctx, cpu_to_le32(0), &type_low));
	KUNIT_EXPECT_NULL(test, rdmaapi_obj_get(ctx, cpu_to_le32(a->obj.handle + 1),
						&type_low));
}

static void obj_get_other_context_misses(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *ctx = new_ctx(test, core);
	struct rdmaapi_ctx *other_ctx = new_ctx(test, core);
	struct test_obj *a = add_obj(test, ctx, &type_low, 1);

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_NULL(test, rdmaapi_obj_get(other_ctx, cpu_to_le32(a->obj.handle),
						&type_low));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			rdmaapi_obj_destroy(other_ctx, cpu_to_le32(a->obj.handle),
					    &type_low));
}

static void obj_destroy_frees_and_uncounts(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *ctx = new_ctx(test, core);
	struct test_obj *a = add_obj(test, ctx, &type_low, 5);
	__le32 h;

	KUNIT_ASSERT_NOT_NULL(test, a);
	h = cpu_to_le32(a->obj.handle);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_obj_destroy(ctx, h, &type_low));
	KUNIT_EXPECT_EQ(test, 1, ndestroyed);
	KUNIT_EXPECT_EQ(test, 5, destroyed[0]);
	KUNIT_EXPECT_EQ(test, 0, core->nobj[type_low.id]);
	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_obj_destroy(ctx, h, &type_low));
}

static void obj_destroy_wrong_kind_einval(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *ctx = new_ctx(test, core);
	struct test_obj *a = add_obj(test, ctx, &type_low, 1);

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			rdmaapi_obj_destroy(ctx, cpu_to_le32(a->obj.handle), &type_high));
	KUNIT_EXPECT_EQ(test, 0, ndestroyed);
}

static void obj_destroy_in_use_ebusy(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *ctx = new_ctx(test, core);
	struct test_obj *a = add_obj(test, ctx, &type_low, 1);
	__le32 h;

	KUNIT_ASSERT_NOT_NULL(test, a);
	h = cpu_to_le32(a->obj.handle);
	atomic_inc(&a->obj.users);
	KUNIT_EXPECT_EQ(test, -EBUSY, rdmaapi_obj_destroy(ctx, h, &type_low));
	KUNIT_EXPECT_EQ(test, 0, ndestroyed);
	atomic_dec(&a->obj.users);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_obj_destroy(ctx, h, &type_low));
}

static void obj_limit_edquot(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *ctx = new_ctx(test, core);
	struct rdmaapi_obj o = {};

	core->max_obj[type_low.id] = 1;
	KUNIT_ASSERT_NOT_NULL(test, add_obj(test, ctx, &type_low, 1));
	KUNIT_EXPECT_EQ(test, -EDQUOT, rdmaapi_obj_add(ctx, &o, &type_low));
	KUNIT_EXPECT_EQ(test, 1, core->nobj[type_low.id]);
	/* Other kinds have their own limit. */
	KUNIT_EXPECT_NOT_NULL(test, add_obj(test, ctx, &type_high, 2));
}

static void obj_limit_is_per_device(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *a = new_ctx(test, core);
	struct rdmaapi_ctx *b = new_ctx(test, core);
	struct rdmaapi_obj o = {};

	core->max_obj[type_low.id] = 1;
	KUNIT_ASSERT_NOT_NULL(test, add_obj(test, a, &type_low, 1));
	KUNIT_EXPECT_EQ(test, -EDQUOT, rdmaapi_obj_add(b, &o, &type_low));
}

static void ctx_destroy_destroys_objects_dependents_first(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *ctx = new_ctx(test, core);
	u32 h = ctx->handle;

	KUNIT_ASSERT_NOT_NULL(test, add_obj(test, ctx, &type_low, 1));
	KUNIT_ASSERT_NOT_NULL(test, add_obj(test, ctx, &type_high, 2));
	KUNIT_ASSERT_NOT_NULL(test, add_obj(test, ctx, &type_low, 3));
	KUNIT_ASSERT_NOT_NULL(test, add_obj(test, ctx, &type_high, 4));
	KUNIT_ASSERT_EQ(test, 0, destroy_ctx(core, h));
	KUNIT_ASSERT_EQ(test, 4, ndestroyed);
	KUNIT_EXPECT_EQ(test, 2, destroyed[0]);
	KUNIT_EXPECT_EQ(test, 4, destroyed[1]);
	KUNIT_EXPECT_EQ(test, 1, destroyed[2]);
	KUNIT_EXPECT_EQ(test, 3, destroyed[3]);
	KUNIT_EXPECT_EQ(test, 0, core->nobj[type_low.id]);
	KUNIT_EXPECT_EQ(test, 0, core->nobj[type_high.id]);
}

static void core_reset_destroys_every_object(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *a = new_ctx(test, core);
	struct rdmaapi_ctx *b;

	KUNIT_ASSERT_NOT_NULL(test, add_obj(test, a, &type_low, 1));
	b = new_ctx(test, core);
	KUNIT_ASSERT_NOT_NULL(test, add_obj(test, a, &type_high, 2));
	KUNIT_ASSERT_NOT_NULL(test, add_obj(test, b, &type_low, 3));
	rdmaapi_core_reset(core);
	KUNIT_EXPECT_EQ(test, 3, ndestroyed);
	KUNIT_EXPECT_EQ(test, 0, core->nobj[type_low.id]);
	KUNIT_EXPECT_EQ(test, 0, core->nobj[type_high.id]);
}

static void core_init_applies_personality_limits(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);

	KUNIT_EXPECT_EQ(test, FAKE_OBJ_LIMIT, core->max_obj[FAKE_OBJ_ID]);
	KUNIT_EXPECT_EQ(test, U32_MAX, core->max_obj[0]);
	KUNIT_EXPECT_EQ(test, 4, core->max_ctx);
	KUNIT_EXPECT_EQ(test, 0, core->nctx);
	KUNIT_EXPECT_PTR_EQ(test, (void *)test, core->owner);
}

static void core_kill_tells_every_context_then_destroys_it(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	struct rdmaapi_ctx *a = new_ctx(test, core);

	new_ctx(test, core);
	KUNIT_ASSERT_NOT_NULL(test, add_obj(test, a, &type_low, 1));
	rdmaapi_core_kill(core);
	KUNIT_EXPECT_EQ(test, 2, seen.fatals);
	KUNIT_EXPECT_EQ(test, 2, seen.closes);
	KUNIT_EXPECT_EQ(test, 1, ndestroyed);
	KUNIT_EXPECT_EQ(test, 0, core->nctx);
	KUNIT_EXPECT_TRUE(test, xa_empty(&core->ctxs));
}

static void core_killed_answers_enodev(struct kunit *test)
{
	struct rdmaapi_core *core = core_new(test, 4);
	u8 req[FIXED_REQ] = {}, resp[FIXED_RESP];
	u32 h, len = 99;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(core, &h));
	rdmaapi_core_kill(core);
	KUNIT_EXPECT_EQ(test, -ENODEV, call_fixed(core, h, req, resp, &len));
	KUNIT_EXPECT_EQ(test, 0, len);
	KUNIT_EXPECT_EQ(test, -ENODEV, create_ctx(core, &h));
	KUNIT_EXPECT_EQ(test, -ENODEV, destroy_ctx(core, h));
	/* A device reset does not bring the RDMA device back. */
	rdmaapi_core_reset(core);
	KUNIT_EXPECT_EQ(test, -ENODEV, create_ctx(core, &h));
}

static struct kunit_case ctx_cases[] = {
	KUNIT_CASE(ctx_create_returns_nonzero_handle),
	KUNIT_CASE(limits_need_no_context),
	KUNIT_CASE(limits_with_live_context),
	KUNIT_CASE(limits_unknown_context_ebadf),
	KUNIT_CASE(ctx_create_opens_every_personality),
	KUNIT_CASE(ctx_create_twice_gives_distinct_handles),
	KUNIT_CASE(ctx_handle_not_reused_at_once),
	KUNIT_CASE(ctx_handle_wraps_to_1_never_0),
	KUNIT_CASE(ctx_create_with_ctx_set_einval),
	KUNIT_CASE(ctx_limit_edquot),
	KUNIT_CASE(ctx_limit_frees_on_destroy),
	KUNIT_CASE(ctx_limit_zero_edquot),
	KUNIT_CASE(ctx_open_failure_fails_create),
	KUNIT_CASE(ctx_destroy_closes_personality),
	KUNIT_CASE(ctx_destroy_unknown_ebadf),
	KUNIT_CASE(ctx_destroy_zero_ebadf),
	KUNIT_CASE(ctx_destroy_twice_ebadf),
	KUNIT_CASE(ctx_of_another_device_ebadf),
	KUNIT_CASE(call_reaches_handler_with_context),
	KUNIT_CASE(call_var_op_gets_req_len),
	KUNIT_CASE(call_unknown_ctx_ebadf),
	KUNIT_CASE(call_ctx_zero_ebadf),
	KUNIT_CASE(call_destroyed_ctx_ebadf),
	KUNIT_CASE(call_handler_error_returns_no_payload),
	KUNIT_CASE(call_unknown_api_eopnotsupp),
	KUNIT_CASE(core_reset_destroys_every_context),
	KUNIT_CASE(obj_add_gives_nonzero_handle),
	KUNIT_CASE(obj_get_finds_own_kind_only),
	KUNIT_CASE(obj_get_other_context_misses),
	KUNIT_CASE(obj_destroy_frees_and_uncounts),
	KUNIT_CASE(obj_destroy_wrong_kind_einval),
	KUNIT_CASE(obj_destroy_in_use_ebusy),
	KUNIT_CASE(obj_limit_edquot),
	KUNIT_CASE(obj_limit_is_per_device),
	KUNIT_CASE(ctx_destroy_destroys_objects_dependents_first),
	KUNIT_CASE(core_reset_destroys_every_object),
	KUNIT_CASE(core_init_applies_personality_limits),
	KUNIT_CASE(core_kill_tells_every_context_then_destroys_it),
	KUNIT_CASE(core_killed_answers_enodev),
	{}
};

static struct kunit_suite ctx_suite = {
	.name = "rdmaapi_ctx",
	.suite_init = core_suite_init,
	.suite_exit = core_suite_exit,
	.init = core_test_init,
	.test_cases = ctx_cases,
};

/* --- one request chain end to end: rdmaapi_core_serve --- */

#define SBASE		0x20000000ULL
#define S_REQ		SBASE			/* readable buffers */
#define S_RESP		(SBASE + PAGE_SIZE)	/* writable buffers */
#define S_PAGES		4

struct serve_env {
	struct rdmaapi_test_guest *g;
	struct rdmaapi_core *core;
	struct rdmaapi_vq vq;
	struct rdmaapi_chain c;
	void *req;
	void *resp;
};

static struct serve_env *serve_env(struct kunit *test)
{
	struct serve_env *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	u8 fill[64];

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->g = rdmaapi_test_guest_new(test, SBASE, S_PAGES, VHOST_MAP_RW);
	e->core = core_new(test, 4);
	rdmaapi_vq_reset(&e->vq, &e->g->mem);
	e->req = kunit_kzalloc(test, RDMAAPI_MAX_REQ_LEN, GFP_KERNEL);
	e->resp = kunit_kzalloc(test, RDMAAPI_MAX_RESP_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e->req);
	KUNIT_ASSERT_NOT_NULL(test, e->resp);
	/* Stale bytes in the response buffers show what was written. */
	memset(fill, 0x5a, sizeof(fill));
	rdmaapi_test_poke(e->g, S_RESP, fill, sizeof(fill));
	return e;
}

static void seg_out(struct serve_env *e, u64 addr, u32 len)
{
	e->c.seg[e->c.nout].addr = addr;
	e->c.seg[e->c.nout].len = len;
	e->c.nout++;
	e->c.out_len += len;
}

/* Writable segments go after every readable one. */
static void seg_in(struct serve_env *e, u64 addr, u32 len)
{
	struct rdmaapi_seg *s = &e->c.seg[e->c.nout + e->c.nin];

	s->addr = addr;
	s->len = len;
	e->c.nin++;
	e->c.in_len += len;
}

static u32 serve(struct serve_env *e)
{
	return rdmaapi_core_serve(e->core, &e->vq, &e->c, e->req, e->resp);
}

static void put_hdr(struct serve_env *e, u64 gpa, u16 api, u16 opcode,
		    u32 ctx, u32 req_len, u32 resp_len)
{
	struct virtio_rdmaapi_req_hdr h = hdr(api, opcode, ctx, req_len,
					      resp_len);

	rdmaapi_test_poke(e->g, gpa, &h, sizeof(h));
}

static int resp_status(struct serve_env *e, u64 gpa)
{
	struct virtio_rdmaapi_resp_hdr r;

	rdmaapi_test_peek(e->g, gpa, &r, sizeof(r));
	return (int)le32_to_cpu(r.status);
}

static u32 resp_len(struct serve_env *e, u64 gpa)
{
	struct virtio_rdmaapi_resp_hdr r;

	rdmaapi_test_peek(e->g, gpa, &r, sizeof(r));
	return le32_to_cpu(r.resp_len);
}

static void serve_create_ctx_writes_handle(struct kunit *test)
{
	struct serve_env *e = serve_env(test);
	struct virtio_rdmaapi_create_ctx_resp cr;

	put_hdr(e, S_REQ, 0, VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0, 0, CREATE_RESP);
	seg_out(e, S_REQ, HDR);
	seg_in(e, S_RESP, RHDR + CREATE_RESP);
	KUNIT_EXPECT_EQ(test, RHDR + CREATE_RESP, serve(e));
	KUNIT_EXPECT_EQ(test, 0, resp_status(e, S_RESP));
	KUNIT_EXPECT_EQ(test, CREATE_RESP, resp_len(e, S_RESP));
	rdmaapi_test_peek(e->g, S_RESP + RHDR, &cr, sizeof(cr));
	KUNIT_EXPECT_NE(test, 0, le32_to_cpu(cr.ctx));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(cr.reserved));
	KUNIT_EXPECT_NOT_NULL(test, xa_load(&e->core->ctxs, le32_to_cpu(cr.ctx)));
}

static void serve_no_room_for_resp_hdr_writes_nothing(struct kunit *test)
{
	struct serve_env *e = serve_env(test);
	u8 out[RHDR], fill[RHDR];

	memset(fill, 0x5a, sizeof(fill));
	put_hdr(e, S_REQ, 0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, 1, 0, 0);
	seg_out(e, S_REQ, HDR);
	seg_in(e, S_RESP, RHDR - 1);
	KUNIT_EXPECT_EQ(test, 0, serve(e));
	rdmaapi_test_peek(e->g, S_RESP, out, sizeof(out));
	KUNIT_EXPECT_MEMEQ(test, out, fill, RHDR);
}

static void serve_unknown_api_reports_status(struct kunit *test)
{
	struct serve_env *e = serve_env(test);

	put_hdr(e, S_REQ, OTHER_API, 1, 1, 0, 64);
	seg_out(e, S_REQ, HDR);
	seg_in(e, S_RESP, RHDR + 64);
	KUNIT_EXPECT_EQ(test, RHDR, serve(e));
	KUNIT_EXPECT_EQ(test, -EPROTONOSUPPORT, resp_status(e, S_RESP));
	KUNIT_EXPECT_EQ(test, 0, resp_len(e, S_RESP));
}

static void serve_short_header_emsgsize(struct kunit *test)
{
	struct serve_env *e = serve_env(test);

	put_hdr(e, S_REQ, 0, VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0, 0, CREATE_RESP);
	seg_out(e, S_REQ, HDR - 1);
	seg_in(e, S_RESP, RHDR + CREATE_RESP);
	KUNIT_EXPECT_EQ(test, RHDR, serve(e));
	KUNIT_EXPECT_EQ(test, -EMSGSIZE, resp_status(e, S_RESP));
	KUNIT_EXPECT_EQ(test, 0, e->core->nctx);
}

static void serve_unreadable_header_efault(struct kunit *test)
{
	struct serve_env *e = serve_env(test);

	seg_out(e, SBASE + S_PAGES * PAGE_SIZE, HDR);
	seg_in(e, S_RESP, RHDR + CREATE_RESP);
	KUNIT_EXPECT_EQ(test, RHDR, serve(e));
	KUNIT_EXPECT_EQ(test, -EFAULT, resp_status(e, S_RESP));
}

static void serve_header_split_across_segments(struct kunit *test)
{
	struct serve_env *e = serve_env(test);
	struct virtio_rdmaapi_req_hdr h = hdr(0, VIRTIO_RDMAAPI_CORE_CREATE_CTX,
					      0, 0, CREATE_RESP);

	rdmaapi_test_poke(e->g, S_REQ, &h, 10);
	rdmaapi_test_poke(e->g, S_REQ + 512, (u8 *)&h + 10, HDR - 10);
	seg_out(e, S_REQ, 10);
	seg_out(e, S_REQ + 512, HDR - 10);
	seg_in(e, S_RESP, RHDR + CREATE_RESP);
	KUNIT_EXPECT_EQ(test, RHDR + CREATE_RESP, serve(e));
	KUNIT_EXPECT_EQ(test, 0, resp_status(e, S_RESP));
	KUNIT_EXPECT_EQ(test, 1, e->core->nctx);
}

static void serve_response_split_across_segments(struct kunit *test)
{
	struct serve_env *e = serve_env(test);
	struct virtio_rdmaapi_create_ctx_resp cr;

	put_hdr(e, S_REQ, 0, VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0, 0, CREATE_RESP);
	seg_out(e, S_REQ, HDR);
	seg_in(e, S_RESP, 4);
	seg_in(e, S_RESP + 256, RHDR + CREATE_RESP - 4);
	KUNIT_EXPECT_EQ(test, RHDR + CREATE_RESP, serve(e));
	rdmaapi_test_peek(e->g, S_RESP + 256 + RHDR - 4, &cr, sizeof(cr));
	KUNIT_EXPECT_NOT_NULL(test, xa_load(&e->core->ctxs, le32_to_cpu(cr.ctx)));
	KUNIT_EXPECT_EQ(test, CREATE_RESP, resp_len(e, S_RESP + 256 - 4));
}

static void serve_response_unwritable_returns_0(struct kunit *test)
{
	struct serve_env *e = serve_env(test);

	put_hdr(e, S_REQ, 0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, 1, 0, 0);
	seg_out(e, S_REQ, HDR);
	seg_in(e, S_RESP, RHDR);
	rdmaapi_test_guest_remap(test, e->g, 1, VHOST_MAP_RO);
	KUNIT_EXPECT_EQ(test, 0, serve(e));
}

static void serve_resp_room_too_small_enobufs(struct kunit *test)
{
	struct serve_env *e = serve_env(test);

	put_hdr(e, S_REQ, 0, VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0, 0, CREATE_RESP);
	seg_out(e, S_REQ, HDR);
	seg_in(e, S_RESP, RHDR + CREATE_RESP - 1);
	KUNIT_EXPECT_EQ(test, RHDR, serve(e));
	KUNIT_EXPECT_EQ(test, -ENOBUFS, resp_status(e, S_RESP));
	KUNIT_EXPECT_EQ(test, 0, e->core->nctx);
}

static void serve_destroy_unknown_ctx_ebadf(struct kunit *test)
{
	struct serve_env *e = serve_env(test);

	put_hdr(e, S_REQ, 0, VIRTIO_RDMAAPI_CORE_DESTROY_CTX, 42, 0, 0);
	seg_out(e, S_REQ, HDR);
	seg_in(e, S_RESP, RHDR);
	KUNIT_EXPECT_EQ(test, RHDR, serve(e));
	KUNIT_EXPECT_EQ(test, -EBADF, resp_status(e, S_RESP));
}

static void serve_payload_across_segments_reaches_handler(struct kunit *test)
{
	struct serve_env *e = serve_env(test);
	static const u8 payload[FIXED_REQ] = { 9, 8, 7, 6, 5, 4, 3, 2 };
	u8 out[FIXED_RESP], want[FIXED_RESP] = { 9, 8, 7, 6, 5, 4, 3, 2 };
	u32 h;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(e->core, &h));
	put_hdr(e, S_REQ, FAKE_API, OP_FIXED, h, FIXED_REQ, FIXED_RESP);
	rdmaapi_test_poke(e->g, S_REQ + HDR, payload, 3);
	rdmaapi_test_poke(e->g, S_REQ + 1024, payload + 3, FIXED_REQ - 3);
	seg_out(e, S_REQ, HDR + 3);
	seg_out(e, S_REQ + 1024, FIXED_REQ - 3);
	seg_in(e, S_RESP, RHDR + FIXED_RESP);
	KUNIT_EXPECT_EQ(test, RHDR + FIXED_RESP, serve(e));
	KUNIT_EXPECT_EQ(test, 0, resp_status(e, S_RESP));
	KUNIT_EXPECT_EQ(test, FIXED_RESP, resp_len(e, S_RESP));
	KUNIT_EXPECT_MEMEQ(test, seen.req, payload, FIXED_REQ);
	rdmaapi_test_peek(e->g, S_RESP + RHDR, out, sizeof(out));
	KUNIT_EXPECT_MEMEQ(test, out, want, FIXED_RESP);
}

static void serve_unreadable_payload_efault(struct kunit *test)
{
	struct serve_env *e = serve_env(test);
	u32 h;

	KUNIT_ASSERT_EQ(test, 0, create_ctx(e->core, &h));
	put_hdr(e, S_REQ, FAKE_API, OP_FIXED, h, FIXED_REQ, FIXED_RESP);
	seg_out(e, S_REQ, HDR);
	seg_out(e, SBASE + S_PAGES * PAGE_SIZE, FIXED_REQ);
	seg_in(e, S_RESP, RHDR + FIXED_RESP);
	KUNIT_EXPECT_EQ(test, RHDR, serve(e));
	KUNIT_EXPECT_EQ(test, -EFAULT, resp_status(e, S_RESP));
	KUNIT_EXPECT_NULL(test, seen.ctx);
}

static void serve_handler_error_writes_no_payload(struct kunit *test)
{
	struct serve_env *e = serve_env(test);
	u8 out[FIXED_RESP], fill[FIXED_RESP];
	u32 h;

	memset(fill, 0x5a, sizeof(fill));
	KUNIT_ASSERT_EQ(test, 0, create_ctx(e->core, &h));
	put_hdr(e, S_REQ, FAKE_API, OP_FAIL, h, 0, FIXED_RESP);
	seg_out(e, S_REQ, HDR);
	seg_in(e, S_RESP, RHDR + FIXED_RESP);
	KUNIT_EXPECT_EQ(test, RHDR, serve(e));
	KUNIT_EXPECT_EQ(test, -ENOSPC, resp_status(e, S_RESP));
	KUNIT_EXPECT_EQ(test, 0, resp_len(e, S_RESP));
	rdmaapi_test_peek(e->g, S_RESP + RHDR, out, sizeof(out));
	KUNIT_EXPECT_MEMEQ(test, out, fill, FIXED_RESP);
}

static struct kunit_case serve_cases[] = {
	KUNIT_CASE(serve_create_ctx_writes_handle),
	KUNIT_CASE(serve_no_room_for_resp_hdr_writes_nothing),
	KUNIT_CASE(serve_unknown_api_reports_status),
	KUNIT_CASE(serve_short_header_emsgsize),
	KUNIT_CASE(serve_unreadable_header_efault),
	KUNIT_CASE(serve_header_split_across_segments),
	KUNIT_CASE(serve_response_split_across_segments),
	KUNIT_CASE(serve_response_unwritable_returns_0),
	KUNIT_CASE(serve_resp_room_too_small_enobufs),
	KUNIT_CASE(serve_destroy_unknown_ctx_ebadf),
	KUNIT_CASE(serve_payload_across_segments_reaches_handler),
	KUNIT_CASE(serve_unreadable_payload_efault),
	KUNIT_CASE(serve_handler_error_writes_no_payload),
	{}
};

static struct kunit_suite serve_suite = {
	.name = "rdmaapi_serve",
	.suite_init = core_suite_init,
	.suite_exit = core_suite_exit,
	.init = core_test_init,
	.test_cases = serve_cases,
};

kunit_test_suites(&check_suite, &ctx_suite, &serve_suite);
