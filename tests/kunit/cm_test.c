// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit negative suites for the rdma_cm personality's request decoders
 * (drivers/vhost/rdmaapi/cm.c): every field the decoders check, at its
 * boundary (accepted: the fake connection manager sees exactly the
 * decoded values) and one past it (refused with the errno of
 * Documentation/protocol.rst, and no call reached the fake rdma_cm nor
 * the fake ib_core), wrong handles (0, unknown, another kind, another
 * context) and request lengths one byte short and long; then events from
 * the connection manager through cm_handler() to GET_EVENT.
 *
 * Requests go through the worker's real entry points, as in
 * verbs_test.c: rdmaapi_req_check(), then rdmaapi_core_call() on an exact
 * copy of the payload, with the verbs and rdma_cm personalities
 * registered and a device whose ibdev is fake_ib.c's.
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <rdma/ib_cm.h>
#include "core.h"
#include "dev.h"
#include "cm.h"
#include "verbs.h"
#include "fake_ib.h"
#include "fake_cm.h"

#define HDR		sizeof(struct virtio_rdmaapi_req_hdr)
#define RHDR		sizeof(struct virtio_rdmaapi_resp_hdr)
#define ROOM		RDMAAPI_MAX_RESP_LEN

#define CM(x)		VIRTIO_RDMAAPI_RDMACM_##x
#define VOP(x)		VIRTIO_RDMAAPI_VERBS_##x
#define PS_TCP		VIRTIO_RDMAAPI_RDMACM_PS_TCP
#define PD_MAX		VIRTIO_RDMAAPI_CM_PRIVATE_DATA_MAX

#define IP_LOCAL	0x0a000001	/* 10.0.0.1, on the fake device */
#define IP_PEER		0x0a000002	/* 10.0.0.2 */

struct ct {
	struct rdmaapi_dev *dev;
	struct fake_ib *ib;
	struct fake_cm *cm;
	u32 ctx;
	u8 *resp;
	u32 resp_len;
	unsigned int *port_min, *port_max;
	unsigned int saved_min, saved_max;
};

static struct ct *T(struct kunit *test)
{
	return test->priv;
}

static struct fake_cm_seen *C(struct kunit *test)
{
	return &T(test)->cm->seen;
}

static struct fake_ib_seen *S(struct kunit *test)
{
	return &T(test)->ib->seen;
}

/* One request as the worker serves it (fake_ib_call()). */
static int call_api(struct kunit *test, u16 api, u16 opcode, u32 ctx,
		    const void *req, u32 len, u32 room)
{
	struct ct *t = T(test);

	return fake_ib_call(test, &t->dev->core, api, opcode, ctx, req, len,
			    room, t->resp, &t->resp_len);
}

static int ccall(struct kunit *test, u16 opcode, const void *req, u32 len)
{
	return call_api(test, VIRTIO_RDMAAPI_API_RDMACM, opcode, T(test)->ctx,
			req, len, ROOM);
}

static int vcall(struct kunit *test, u16 opcode, const void *req, u32 len)
{
	return call_api(test, VIRTIO_RDMAAPI_API_VERBS, opcode, T(test)->ctx,
			req, len, ROOM);
}

static u32 resp32(struct kunit *test, unsigned int i)
{
	return le32_to_cpu(((__le32 *)T(test)->resp)[i]);
}

static u32 objs(struct kunit *test)
{
	u32 i, n = 0;

	for (i = 0; i < RDMAAPI_OBJ_TYPES; i++)
		n += T(test)->dev->core.nobj[i];
	return n;
}

/*
 * The request is refused with @err; no call reached the fake rdma_cm or
 * the fake device, and no object or identifier was left behind.
 */
#define EXPECT_REFUSED(test, op, req, len, err) do {			\
	int cm_ = C(test)->calls, ib_ = S(test)->calls;			\
	int live_ = C(test)->live, ibl_ = S(test)->live;		\
	u32 objs_ = objs(test);						\
									\
	KUNIT_EXPECT_EQ(test, (int)(err), ccall(test, op, req, len));	\
	KUNIT_EXPECT_EQ_MSG(test, cm_, C(test)->calls,			\
			    "the request reached rdma_cm");		\
	KUNIT_EXPECT_EQ_MSG(test, ib_, S(test)->calls,			\
			    "the request reached the device");		\
	KUNIT_EXPECT_EQ(test, live_, C(test)->live);			\
	KUNIT_EXPECT_EQ(test, ibl_, S(test)->live);			\
	KUNIT_EXPECT_EQ(test, objs_, objs(test));			\
} while (0)

#define EXPECT_OK(test, op, req, len) \
	KUNIT_EXPECT_EQ(test, 0, ccall(test, op, req, len))

/* --- fixture --- */

/* cm.c's module parameters: built in, they are in the kernel's table. */
static unsigned int *cm_param(struct kunit *test, const char *name)
{
	const struct kernel_param *kp;

	for (kp = __start___param; kp < __stop___param; kp++)
		if (!strcmp(kp->name, name) && kp->ops == &param_ops_uint)
			return kp->arg;
	KUNIT_FAIL(test, "no parameter %s", name);
	return NULL;
}

static u32 ctx_new(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, 0, call_api(test, VIRTIO_RDMAAPI_API_CORE,
					  VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0,
					  NULL, 0, ROOM));
	return resp32(test, 0);
}

static int ct_init(struct kunit *test)
{
	struct rdmaapi_dev *dev;
	struct ct *t;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->resp = kunit_kzalloc(test, ROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->resp);
	t->port_min = cm_param(test, KBUILD_MODNAME ".cm_port_min");
	t->port_max = cm_param(test, KBUILD_MODNAME ".cm_port_max");
	KUNIT_ASSERT_NOT_NULL(test, t->port_min);
	KUNIT_ASSERT_NOT_NULL(test, t->port_max);
	t->saved_min = *t->port_min;
	t->saved_max = *t->port_max;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	t->dev = dev;
	t->ib = fake_ib_new(false);
	KUNIT_ASSERT_NOT_NULL(test, t->ib);
	t->cm = fake_cm_new();
	KUNIT_ASSERT_NOT_NULL(test, t->cm);
	dev->ibdev = &t->ib->dev;
	mutex_init(&dev->lock);
	rdmaapi_core_init(&dev->core, dev, 4);
	t->ctx = ctx_new(test);
	KUNIT_ASSERT_NE(test, 0, t->ctx);
	return 0;
}

static void ct_exit(struct kunit *test)
{
	struct ct *t = T(test);

	if (!t)
		return;
	if (t->port_min) {
		*t->port_min = t->saved_min;
		*t->port_max = t->saved_max;
	}
	if (!t->dev)
		return;
	if (t->ib && t->cm) {
		/* Context teardown destroys what the test left. */
		rdmaapi_core_reset(&t->dev->core);
		KUNIT_EXPECT_EQ_MSG(test, 0, t->cm->seen.live,
				    "rdma_cm identifiers leaked");
		KUNIT_EXPECT_EQ_MSG(test, 0, t->ib->seen.live,
				    "device objects leaked");
		KUNIT_EXPECT_EQ(test, 0, t->cm->seen.locked);
	}
	if (t->cm)
		fake_cm_free(t->cm);
	if (t->ib)
		fake_ib_free(t->ib);
	kfree(t->dev);
}

static int cm_suite_init(struct kunit_suite *suite)
{
	int ret = rdmaapi_register_personality(&rdmaapi_verbs);

	if (ret)
		return ret;
	ret = rdmaapi_register_personality(&rdmaapi_rdmacm);
	if (ret)
		rdmaapi_unregister_personality(&rdmaapi_verbs);
	return ret;
}

static void cm_suite_exit(struct kunit_suite *suite)
{
	rdmaapi_unregister_personality(&rdmaapi_rdmacm);
	rdmaapi_unregister_personality(&rdmaapi_verbs);
}

/* --- wire builders --- */

static struct virtio_rdmaapi_sockaddr in4(u32 ip, u16 port)
{
	struct virtio_rdmaapi_sockaddr a = {
		.family = cpu_to_le16(VIRTIO_RDMAAPI_AF_INET),
		.port = cpu_to_be16(port),
	};
	__be32 nip = cpu_to_be32(ip);

	memcpy(a.addr, &nip, 4);
	return a;
}

/* fe80::@last, scope @scope. */
static struct virtio_rdmaapi_sockaddr in6(u8 last, u16 port, u32 scope)
{
	struct virtio_rdmaapi_sockaddr a = {
		.family = cpu_to_le16(VIRTIO_RDMAAPI_AF_INET6),
		.port = cpu_to_be16(port),
		.scope_id = cpu_to_le32(scope),
		.addr = { 0xfe, 0x80, [15] = last },
	};

	return a;
}

static struct virtio_rdmaapi_cm_addr_req bind_req(u32 id,
		struct virtio_rdmaapi_sockaddr src)
{
	struct virtio_rdmaapi_cm_addr_req q = {
		.id = cpu_to_le32(id),
		.src = src,
	};

	return q;
}

static struct virtio_rdmaapi_cm_addr_req resolve_req(u32 id, u32 timeout,
		struct virtio_rdmaapi_sockaddr dst)
{
	struct virtio_rdmaapi_cm_addr_req q = {
		.id = cpu_to_le32(id),
		.timeout_ms = cpu_to_le32(timeout),
		.dst = dst,
	};

	return q;
}

static struct virtio_rdmaapi_cm_id_req id_req(u32 id, u32 arg)
{
	struct virtio_rdmaapi_cm_id_req q = {
		.id = cpu_to_le32(id),
		.arg = cpu_to_le32(arg),
	};

	return q;
}

/* A valid CONNECT/ACCEPT request: every checked field at a legal value. */
static struct virtio_rdmaapi_cm_connect_req conn_req(u32 id, u32 qp)
{
	struct virtio_rdmaapi_cm_connect_req q = {
		.id = cpu_to_le32(id),
		.qp = cpu_to_le32(qp),
		.param = {
			.responder_resources = 4,
			.initiator_depth = 3,
			.retry_count = 7,
			.rnr_retry_count = 7,
		},
	};

	return q;
}

/* --- object helpers: each asserts success --- */

static u32 id_new_ctx(struct kunit *test, u32 ctx, u64 cookie)
{
	struct virtio_rdmaapi_cm_create_id_req q = {
		.cookie = cpu_to_le64(cookie),
		.ps = cpu_to_le32(PS_TCP),
	};

	KUNIT_ASSERT_EQ(test, 0, call_api(test, VIRTIO_RDMAAPI_API_RDMACM,
					  CM(CREATE_ID), ctx, &q, sizeof(q),
					  ROOM));
	return resp32(test, 0);
}

/* A new identifier; *id its fake rdma_cm_id if @id. */
static u32 id_new(struct kunit *test, u64 cookie, struct rdma_cm_id **id)
{
	u32 h = id_new_ctx(test, T(test)->ctx, cookie);

	if (id)
		*id = C(test)->last_id;
	return h;
}

static int destroy_id(struct kunit *test, u32 id)
{
	struct virtio_rdmaapi_handle h = { .handle = cpu_to_le32(id) };

	return ccall(test, CM(DESTROY_ID), &h, sizeof(h));
}

static void bind_ok(struct kunit *test, u32 id, u32 ip, u16 port)
{
	struct virtio_rdmaapi_cm_addr_req q = bind_req(id, in4(ip, port));

	KUNIT_ASSERT_EQ(test, 0, ccall(test, CM(BIND_ADDR), &q, sizeof(q)));
}

static void resolve_ok(struct kunit *test, u32 id, u32 ip)
{
	struct virtio_rdmaapi_cm_addr_req q = resolve_req(id, 1000,
							  in4(ip, 4791));

	KUNIT_ASSERT_EQ(test, 0, ccall(test, CM(RESOLVE_ADDR), &q,
				       sizeof(q)));
}

static void listen_ok(struct kunit *test, u32 id)
{
	struct virtio_rdmaapi_cm_id_req q = id_req(id, 0);

	KUNIT_ASSERT_EQ(test, 0, ccall(test, CM(LISTEN), &q, sizeof(q)));
}

static int handle_call(struct kunit *test, u16 opcode, u32 handle)
{
	struct virtio_rdmaapi_handle h = { .handle = cpu_to_le32(handle) };

	return vcall(test, opcode, &h, sizeof(h));
}

static u32 pd_new(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, 0, vcall(test, VOP(ALLOC_PD), NULL, 0));
	return resp32(test, 0);
}

static u32 cq_new(struct kunit *test)
{
	struct virtio_rdmaapi_create_cq_req q = { .cqe = cpu_to_le32(16) };

	KUNIT_ASSERT_EQ(test, 0, vcall(test, VOP(CREATE_CQ), &q, sizeof(q)));
	return resp32(test, 0);
}

/* A QP of @type on a new PD and CQ; *qp_num its number if @qp_num. */
static u32 qp_new(struct kunit *test, u32 type, u32 *qp_num)
{
	u32 pd = pd_new(test), cq = cq_new(test);
	struct virtio_rdmaapi_create_qp_req q = {
		.pd = cpu_to_le32(pd),
		.send_cq = cpu_to_le32(cq),
		.recv_cq = cpu_to_le32(cq),
		.qp_type = cpu_to_le32(type),
		.cap = {
			.max_send_wr = cpu_to_le32(8),
			.max_recv_wr = cpu_to_le32(8),
			.max_send_sge = cpu_to_le32(1),
			.max_recv_sge = cpu_to_le32(1),
		},
	};

	KUNIT_ASSERT_EQ(test, 0, vcall(test, VOP(CREATE_QP), &q, sizeof(q)));
	if (qp_num)
		*qp_num = resp32(test, 1);
	return resp32(test, 0);
}

static u32 rc_qp(struct kunit *test)
{
	return qp_new(test, VIRTIO_RDMAAPI_QPT_RC, NULL);
}

/* An identifier with its address resolved on the fake device. */
static u32 active_id(struct kunit *test, struct rdma_cm_id **id)
{
	u32 h = id_new(test, 0xac, id);

	resolve_ok(test, h, IP_PEER);
	return h;
}

static int get_event(struct kunit *test, struct virtio_rdmaapi_cm_event *ev)
{
	int ret = ccall(test, CM(GET_EVENT), NULL, 0);

	memcpy(ev, T(test)->resp, sizeof(*ev));
	return ret;
}

/* A listener on 10.0.0.1:@port; *id its fake rdma_cm_id. */
static u32 listener(struct kunit *test, u16 port, struct rdma_cm_id **id)
{
	u32 h = id_new(test, 0x115, id);

	bind_ok(test, h, IP_LOCAL, port);
	listen_ok(test, h);
	return h;
}

/*
 * A connection request reaches @listen and the guest fetches it: returns
 * the new identifier's handle, *id its fake rdma_cm_id.
 */
static u32 passive_id(struct kunit *test, struct rdma_cm_id *listen,
		      struct rdma_cm_id **id)
{
	struct rdma_conn_param peer = { .responder_resources = 2 };
	struct virtio_rdmaapi_cm_event ev;
	int ret;

	*id = fake_cm_request(listen, &T(test)->ib->dev, &peer, &ret);
	KUNIT_ASSERT_EQ(test, 0, ret);
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_ASSERT_EQ(test, RDMA_CM_EVENT_CONNECT_REQUEST,
			le32_to_cpu(ev.event));
	return le32_to_cpu(ev.id);
}

/* A listener on port 1000 and a fetched connection request of it. */
static u32 passive_pair(struct kunit *test, struct rdma_cm_id **c)
{
	struct rdma_cm_id *l;

	listener(test, 1000, &l);
	return passive_id(test, l, c);
}

/* ====================================================================== */
/* Request lengths, contexts and handles, every opcode                    */
/* ====================================================================== */

static const struct {
	u16 op;
	u32 req;
	u32 resp;
} cm_sizes[] = {
	{ CM(CREATE_ID), sizeof(struct virtio_rdmaapi_cm_create_id_req),
	  sizeof(struct virtio_rdmaapi_handle) },
	{ CM(DESTROY_ID), sizeof(struct virtio_rdmaapi_handle), 0 },
	{ CM(BIND_ADDR), sizeof(struct virtio_rdmaapi_cm_addr_req), 0 },
	{ CM(RESOLVE_ADDR), sizeof(struct virtio_rdmaapi_cm_addr_req), 0 },
	{ CM(RESOLVE_ROUTE), sizeof(struct virtio_rdmaapi_cm_id_req), 0 },
	{ CM(LISTEN), sizeof(struct virtio_rdmaapi_cm_id_req), 0 },
	{ CM(CONNECT), sizeof(struct virtio_rdmaapi_cm_connect_req), 0 },
	{ CM(ACCEPT), sizeof(struct virtio_rdmaapi_cm_connect_req), 0 },
	{ CM(REJECT), sizeof(struct virtio_rdmaapi_cm_connect_req), 0 },
	{ CM(DISCONNECT), sizeof(struct virtio_rdmaapi_cm_id_req), 0 },
	{ CM(GET_EVENT), 0, sizeof(struct virtio_rdmaapi_cm_event) },
	{ CM(QUERY_ADDR), sizeof(struct virtio_rdmaapi_cm_id_req),
	  sizeof(struct virtio_rdmaapi_cm_query_addr_resp) },
};

static int check_hdr(u16 opcode, u32 len, u32 resp_room)
{
	struct virtio_rdmaapi_req_hdr h = {
		.api = cpu_to_le16(VIRTIO_RDMAAPI_API_RDMACM),
		.opcode = cpu_to_le16(opcode),
		.ctx = cpu_to_le32(1),
		.req_len = cpu_to_le32(len),
		.resp_len = cpu_to_le32(resp_room),
	};
	const struct rdmaapi_op *op;

	return rdmaapi_req_check(&h, HDR + len, RHDR + resp_room, &op);
}

/* The wire sizes of protocol.rst, which the guest driver relies on. */
static void wire_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 24, sizeof(struct virtio_rdmaapi_sockaddr));
	KUNIT_EXPECT_EQ(test, 216,
			sizeof(struct virtio_rdmaapi_cm_conn_param));
	KUNIT_EXPECT_EQ(test, 16,
			sizeof(struct virtio_rdmaapi_cm_create_id_req));
	KUNIT_EXPECT_EQ(test, 56, sizeof(struct virtio_rdmaapi_cm_addr_req));
	KUNIT_EXPECT_EQ(test, 224,
			sizeof(struct virtio_rdmaapi_cm_connect_req));
	KUNIT_EXPECT_EQ(test, 248, sizeof(struct virtio_rdmaapi_cm_event));
	KUNIT_EXPECT_EQ(test, 56,
			sizeof(struct virtio_rdmaapi_cm_query_addr_resp));
}

static void len_exact_every_opcode(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cm_sizes); i++)
		KUNIT_EXPECT_EQ_MSG(test, 0, check_hdr(cm_sizes[i].op,
						       cm_sizes[i].req,
						       cm_sizes[i].resp),
				    "opcode %u", cm_sizes[i].op);
}

static void len_one_short_every_opcode_einval(struct kunit *test)
{
	u8 zero[512] = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cm_sizes); i++) {
		if (!cm_sizes[i].req)
			continue;
		EXPECT_REFUSED(test, cm_sizes[i].op, zero, cm_sizes[i].req - 1,
			       -EINVAL);
	}
}

static void len_one_long_every_opcode_einval(struct kunit *test)
{
	u8 zero[512] = {};
	unsigned int i;

	/* Every rdma_cm request has a fixed length, GET_EVENT's is 0. */
	for (i = 0; i < ARRAY_SIZE(cm_sizes); i++)
		EXPECT_REFUSED(test, cm_sizes[i].op, zero, cm_sizes[i].req + 1,
			       -EINVAL);
}

static void resp_room_one_short_enobufs(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cm_sizes); i++) {
		if (!cm_sizes[i].resp)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, -ENOBUFS,
				    check_hdr(cm_sizes[i].op, cm_sizes[i].req,
					      cm_sizes[i].resp - 1),
				    "opcode %u", cm_sizes[i].op);
	}
}

static void opcode_outside_table_eopnotsupp(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, check_hdr(0, 0, ROOM));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			check_hdr(CM(QUERY_ADDR) + 1, 8, ROOM));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, check_hdr(U16_MAX, 0, ROOM));
	KUNIT_EXPECT_EQ(test, 0, C(test)->calls);
}

static void unknown_ctx_ebadf(struct kunit *test)
{
	struct virtio_rdmaapi_cm_create_id_req q = { .ps = cpu_to_le32(PS_TCP) };
	u32 bad[] = { 0, T(test)->ctx + 1, U32_MAX };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, -EBADF,
				call_api(test, VIRTIO_RDMAAPI_API_RDMACM,
					 CM(CREATE_ID), bad[i], &q, sizeof(q),
					 ROOM));
		KUNIT_EXPECT_EQ(test, -EBADF,
				call_api(test, VIRTIO_RDMAAPI_API_RDMACM,
					 CM(GET_EVENT), bad[i], NULL, 0, ROOM));
	}
	KUNIT_EXPECT_EQ(test, 0, C(test)->calls);
	KUNIT_EXPECT_EQ(test, 0, objs(test));
}

/* A request of @op on identifier @id, valid in every other field. */
static u32 id_request(u16 op, u32 id, u32 qp, u8 *buf)
{
	struct virtio_rdmaapi_cm_connect_req c = conn_req(id, qp);
	struct virtio_rdmaapi_cm_addr_req a = {};
	struct virtio_rdmaapi_cm_id_req r;
	struct virtio_rdmaapi_handle h;

	switch (op) {
	case CM(DESTROY_ID):
		h.handle = cpu_to_le32(id);
		memcpy(buf, &h, sizeof(h));
		return sizeof(h);
	case CM(BIND_ADDR):
		a = bind_req(id, in4(IP_LOCAL, 0));
		break;
	case CM(RESOLVE_ADDR):
		a = resolve_req(id, 1000, in4(IP_PEER, 1));
		break;
	case CM(RESOLVE_ROUTE):
		r = id_req(id, 1000);
		memcpy(buf, &r, sizeof(r));
		return sizeof(r);
	case CM(CONNECT):
	case CM(ACCEPT):
		memcpy(buf, &c, sizeof(c));
		return sizeof(c);
	case CM(REJECT):
		c.qp = 0;
		memcpy(buf, &c, sizeof(c));
		return sizeof(c);
	default:	/* LISTEN, DISCONNECT, QUERY_ADDR */
		r = id_req(id, 0);
		memcpy(buf, &r, sizeof(r));
		return sizeof(r);
	}
	memcpy(buf, &a, sizeof(a));
	return sizeof(a);
}

static const u16 id_ops[] = {
	CM(DESTROY_ID), CM(BIND_ADDR), CM(RESOLVE_ADDR), CM(RESOLVE_ROUTE),
	CM(LISTEN), CM(CONNECT), CM(ACCEPT), CM(REJECT), CM(DISCONNECT),
	CM(QUERY_ADDR),
};

/*
 * Handle 0, unknown handles, verbs objects' handles and an identifier of
 * another context: -EINVAL for every opcode that names an identifier.
 */
static void bad_id_every_opcode_einval(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 512, GFP_KERNEL);
	u32 qp, pd, id, other, i, j, ctx2, bad[6];

	KUNIT_ASSERT_NOT_NULL(test, buf);
	qp = rc_qp(test);	/* handles 1 (PD), 2 (CQ), 3 (QP) */
	pd = 1;
	id = id_new(test, 1, NULL);
	/* An identifier of another context, with a handle unused here. */
	ctx2 = ctx_new(test);
	for (i = 0; i <= id; i++)
		other = id_new_ctx(test, ctx2, 2);
	KUNIT_ASSERT_GT(test, other, id);
	bad[0] = 0;
	bad[1] = other;
	bad[2] = other + 100;
	bad[3] = U32_MAX;
	bad[4] = pd;
	bad[5] = qp;
	for (i = 0; i < ARRAY_SIZE(id_ops); i++)
		for (j = 0; j < ARRAY_SIZE(bad); j++) {
			u32 len = id_request(id_ops[i], bad[j], qp, buf);

			EXPECT_REFUSED(test, id_ops[i], buf, len, -EINVAL);
		}
	/* The other context's identifier is still its own. */
	KUNIT_EXPECT_EQ(test, 0, call_api(test, VIRTIO_RDMAAPI_API_RDMACM,
					  CM(QUERY_ADDR), ctx2,
					  buf, id_request(CM(QUERY_ADDR), other,
							  0, buf), ROOM));
}

static struct kunit_case len_cases[] = {
	KUNIT_CASE(wire_sizes),
	KUNIT_CASE(len_exact_every_opcode),
	KUNIT_CASE(len_one_short_every_opcode_einval),
	KUNIT_CASE(len_one_long_every_opcode_einval),
	KUNIT_CASE(resp_room_one_short_enobufs),
	KUNIT_CASE(opcode_outside_table_eopnotsupp),
	KUNIT_CASE(unknown_ctx_ebadf),
	KUNIT_CASE(bad_id_every_opcode_einval),
	{}
};

static struct kunit_suite len_suite = {
	.name = "rdmaapi_cm_len",
	.suite_init = cm_suite_init,
	.suite_exit = cm_suite_exit,
	.init = ct_init,
	.exit = ct_exit,
	.test_cases = len_cases,
};

/* ====================================================================== */
/* CREATE_ID, DESTROY_ID                                                  */
/* ====================================================================== */

static void create_id_port_space(struct kunit *test)
{
	struct virtio_rdmaapi_cm_create_id_req q = {
		.cookie = cpu_to_le64(0x1234),
	};
	u32 bad[] = { 0, PS_TCP - 1, PS_TCP + 1, RDMA_PS_UDP, RDMA_PS_IB,
		      RDMA_PS_IPOIB, U32_MAX };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		q.ps = cpu_to_le32(bad[i]);
		EXPECT_REFUSED(test, CM(CREATE_ID), &q, sizeof(q), -EINVAL);
	}
	q.ps = cpu_to_le32(PS_TCP);
	EXPECT_OK(test, CM(CREATE_ID), &q, sizeof(q));
	KUNIT_EXPECT_NE(test, 0, resp32(test, 0));
	KUNIT_EXPECT_EQ(test, 1, C(test)->create_id);
	KUNIT_EXPECT_EQ(test, RDMA_PS_TCP, C(test)->ps);
	KUNIT_EXPECT_EQ(test, IB_QPT_RC, C(test)->qp_type);
	KUNIT_EXPECT_EQ(test, 1, C(test)->live);
	KUNIT_EXPECT_EQ(test, 1, T(test)->dev->core.nobj[CM_OBJ_ID]);
}

static void create_id_reserved(struct kunit *test)
{
	struct virtio_rdmaapi_cm_create_id_req q = {
		.ps = cpu_to_le32(PS_TCP),
	};

	q.reserved = cpu_to_le32(1);
	EXPECT_REFUSED(test, CM(CREATE_ID), &q, sizeof(q), -EINVAL);
	q.reserved = cpu_to_le32(BIT(31));
	EXPECT_REFUSED(test, CM(CREATE_ID), &q, sizeof(q), -EINVAL);
}

/* Any cookie is the guest's; it comes back in the identifier's events. */
static void create_id_cookie_echoed(struct kunit *test)
{
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_cm_id *id;
	u32 h = id_new(test, U64_MAX, &id);

	resolve_ok(test, h, IP_PEER);
	KUNIT_EXPECT_EQ(test, 0, fake_cm_event(id, RDMA_CM_EVENT_ADDR_RESOLVED,
					       0, NULL));
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, U64_MAX, le64_to_cpu(ev.cookie));
	KUNIT_EXPECT_EQ(test, h, le32_to_cpu(ev.id));
}

static void create_id_limit_edquot(struct kunit *test)
{
	struct virtio_rdmaapi_cm_create_id_req q = {
		.ps = cpu_to_le32(PS_TCP),
	};
	struct rdmaapi_core *core = &T(test)->dev->core;
	u32 a;

	/* max_cm_id's default, then a small limit. */
	KUNIT_EXPECT_EQ(test, 1024, core->max_obj[CM_OBJ_ID]);
	core->max_obj[CM_OBJ_ID] = 2;
	a = id_new(test, 0, NULL);
	id_new(test, 0, NULL);
	EXPECT_REFUSED(test, CM(CREATE_ID), &q, sizeof(q), -EDQUOT);
	KUNIT_EXPECT_EQ(test, 2, C(test)->create_id);
	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, a));
	EXPECT_OK(test, CM(CREATE_ID), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 2, core->nobj[CM_OBJ_ID]);
}

/* The connection manager's error, with nothing left behind. */
static void create_id_cm_error(struct kunit *test)
{
	struct virtio_rdmaapi_cm_create_id_req q = {
		.ps = cpu_to_le32(PS_TCP),
	};

	T(test)->cm->fail_next = -ENOMEM;
	KUNIT_EXPECT_EQ(test, -ENOMEM, ccall(test, CM(CREATE_ID), &q,
					     sizeof(q)));
	KUNIT_EXPECT_EQ(test, 1, C(test)->create_id);
	KUNIT_EXPECT_EQ(test, 0, C(test)->live);
	KUNIT_EXPECT_EQ(test, 0, objs(test));
	EXPECT_OK(test, CM(CREATE_ID), &q, sizeof(q));
}

static void destroy_id_once(struct kunit *test)
{
	struct rdma_cm_id *id;
	u32 h = id_new(test, 0, &id);
	struct virtio_rdmaapi_cm_id_req q = id_req(h, 0);

	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, h));
	KUNIT_EXPECT_EQ(test, 1, C(test)->destroy_id);
	KUNIT_EXPECT_PTR_EQ(test, id, C(test)->destroyed);
	KUNIT_EXPECT_EQ(test, 0, C(test)->live);
	KUNIT_EXPECT_EQ(test, 0, objs(test));
	/* The handle is gone: destroying again or using it is refused. */
	KUNIT_EXPECT_EQ(test, -EINVAL, destroy_id(test, h));
	EXPECT_REFUSED(test, CM(QUERY_ADDR), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 1, C(test)->destroy_id);
}

/* A verbs object's handle is not an identifier, nor the reverse. */
static void destroy_id_handle_kinds(struct kunit *test)
{
	u32 pd = pd_new(test), id = id_new(test, 0, NULL);

	KUNIT_EXPECT_EQ(test, -EINVAL, destroy_id(test, pd));
	KUNIT_EXPECT_EQ(test, -EINVAL, handle_call(test, VOP(DEALLOC_PD), id));
	KUNIT_EXPECT_EQ(test, 0, C(test)->destroy_id);
	KUNIT_EXPECT_EQ(test, 0, S(test)->dealloc_pd);
	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, id));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, VOP(DEALLOC_PD), pd));
}

static struct kunit_case id_cases[] = {
	KUNIT_CASE(create_id_port_space),
	KUNIT_CASE(create_id_reserved),
	KUNIT_CASE(create_id_cookie_echoed),
	KUNIT_CASE(create_id_limit_edquot),
	KUNIT_CASE(create_id_cm_error),
	KUNIT_CASE(destroy_id_once),
	KUNIT_CASE(destroy_id_handle_kinds),
	{}
};

static struct kunit_suite id_suite = {
	.name = "rdmaapi_cm_id",
	.suite_init = cm_suite_init,
	.suite_exit = cm_suite_exit,
	.init = ct_init,
	.exit = ct_exit,
	.test_cases = id_cases,
};

/* ====================================================================== */
/* Addresses: BIND_ADDR, RESOLVE_ADDR, RESOLVE_ROUTE, QUERY_ADDR          */
/* ====================================================================== */

/* The IPv4 address the fake was given, checked field by field. */
static void expect_in4(struct kunit *test, const struct sockaddr_storage *ss,
		       u32 ip, u16 port)
{
	const struct sockaddr_in *in = (const struct sockaddr_in *)ss;

	KUNIT_EXPECT_EQ(test, AF_INET, ss->ss_family);
	KUNIT_EXPECT_EQ(test, port, ntohs(in->sin_port));
	KUNIT_EXPECT_EQ(test, ip, ntohl(in->sin_addr.s_addr));
	KUNIT_EXPECT_NULL(test, memchr_inv(in + 1, 0,
					   sizeof(*ss) - sizeof(*in)));
}

static void bind_timeout_must_be_zero(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = bind_req(id, in4(IP_LOCAL, 0));

	q.timeout_ms = cpu_to_le32(1);
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	q.timeout_ms = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	q.timeout_ms = 0;
	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 1, C(test)->bind_addr);
}

/* BIND_ADDR's dst is "none": every nonzero field of it is refused. */
static void bind_dst_must_be_none(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = bind_req(id, in4(IP_LOCAL, 0));

	q.dst = in4(IP_PEER, 0);
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	q.dst = in6(1, 0, 0);
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	memset(&q.dst, 0, sizeof(q.dst));
	q.dst.family = cpu_to_le16(1);
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	memset(&q.dst, 0, sizeof(q.dst));
	q.dst.port = cpu_to_be16(1);
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	memset(&q.dst, 0, sizeof(q.dst));
	q.dst.scope_id = cpu_to_le32(1);
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	memset(&q.dst, 0, sizeof(q.dst));
	q.dst.addr[0] = 1;
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	memset(&q.dst, 0, sizeof(q.dst));
	q.dst.addr[15] = 0x80;
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	memset(&q.dst, 0, sizeof(q.dst));
	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
}

static void bind_src_family(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = bind_req(id, in4(IP_LOCAL, 0));
	u16 bad[] = { 1, 3, 9, 11, 0x0200, 0x0a00, U16_MAX };
	unsigned int i;

	/* Around both families, and both byte-swapped. */
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		q.src.family = cpu_to_le16(bad[i]);
		EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q),
			       -EAFNOSUPPORT);
	}
	/* "None" is no address to bind. */
	memset(&q.src, 0, sizeof(q.src));
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	q.src = in4(IP_LOCAL, 0);
	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
	expect_in4(test, &C(test)->bind, IP_LOCAL, 0);
}

/* IPv4 uses 4 address bytes and no scope: the rest must be zero. */
static void bind_src_inet_trailing_bytes(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = bind_req(id, in4(IP_LOCAL, 0));

	q.src.scope_id = cpu_to_le32(1);
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	q.src = in4(IP_LOCAL, 0);
	q.src.addr[4] = 1;
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	q.src = in4(IP_LOCAL, 0);
	q.src.addr[15] = 1;
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EINVAL);
	q.src = in4(0xffffffff, 0);
	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
	expect_in4(test, &C(test)->bind, 0xffffffff, 0);
}

/*
 * IPv6 is decoded whole (UML's kernel has no IPv6, but the fake does
 * not need it): address, port and scope reach the connection manager.
 */
static void bind_src_inet6_decoded(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = bind_req(id, in6(7, 4791,
							       U32_MAX));
	const struct sockaddr_in6 *in6a = (void *)&C(test)->bind;

	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, AF_INET6, in6a->sin6_family);
	KUNIT_EXPECT_EQ(test, 4791, ntohs(in6a->sin6_port));
	KUNIT_EXPECT_EQ(test, U32_MAX, in6a->sin6_scope_id);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&in6a->sin6_addr, q.src.addr, 16));
	KUNIT_EXPECT_EQ(test, 0, in6a->sin6_flowinfo);
}

/* A wildcard would take the port on every device of the host. */
static void bind_wildcard_eaddrnotavail(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = bind_req(id, in4(0, 0));

	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EADDRNOTAVAIL);
	q.src = in4(0, 1000);
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EADDRNOTAVAIL);
	q.src = in6(0, 0, 0);
	memset(q.src.addr, 0, 16);
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EADDRNOTAVAIL);
	/* Just not the wildcard. */
	q.src = in4(1, 0);
	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
	q.src = in6(1, 0, 0);
	memset(q.src.addr, 0, 15);	/* ::1 */
	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
}

/* Port 0 (any) always; others in cm_port_min .. cm_port_max. */
static void bind_port_range(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q;
	static const struct {
		u16 port;
		int err;
	} cases[] = {
		{ 0, 0 }, { 999, -EACCES }, { 1000, 0 }, { 2000, 0 },
		{ 2001, -EACCES }, { 1, -EACCES }, { 65535, -EACCES },
	};
	unsigned int i;

	/* The defaults allow every port. */
	KUNIT_EXPECT_EQ(test, 1, *T(test)->port_min);
	KUNIT_EXPECT_EQ(test, 65535, *T(test)->port_max);
	q = bind_req(id, in4(IP_LOCAL, 1));
	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
	q = bind_req(id, in4(IP_LOCAL, 65535));
	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
	expect_in4(test, &C(test)->bind, IP_LOCAL, 65535);

	*T(test)->port_min = 1000;
	*T(test)->port_max = 2000;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int n = C(test)->bind_addr;

		q = bind_req(id, in4(IP_LOCAL, cases[i].port));
		if (cases[i].err) {
			EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q),
				       cases[i].err);
			continue;
		}
		EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
		KUNIT_EXPECT_EQ(test, n + 1, C(test)->bind_addr);
		expect_in4(test, &C(test)->bind, IP_LOCAL, cases[i].port);
	}
	/* The same range for IPv6. */
	q = bind_req(id, in6(1, 2001, 0));
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EACCES);
	q = bind_req(id, in6(1, 999, 0));
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EACCES);
	q = bind_req(id, in6(1, 2000, 0));
	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
	/* An empty range leaves port 0 only. */
	*T(test)->port_min = 2000;
	*T(test)->port_max = 1999;
	q = bind_req(id, in4(IP_LOCAL, 2000));
	EXPECT_REFUSED(test, CM(BIND_ADDR), &q, sizeof(q), -EACCES);
	q = bind_req(id, in4(IP_LOCAL, 0));
	EXPECT_OK(test, CM(BIND_ADDR), &q, sizeof(q));
}

/*
 * An address of another RDMA device: refused after the bind (only the
 * connection manager knows the device), and the identifier is replaced
 * by a fresh, unbound one, so that the guest keeps no port on the other
 * device and cannot hold up its removal; it can then be bound again.
 */
static void bind_other_device(struct kunit *test)
{
	struct rdma_cm_id *old;
	u32 id = id_new(test, 0, &old);
	struct virtio_rdmaapi_cm_addr_req q = bind_req(id,
			in4(FAKE_CM_IP_OTHER, 1000));
	struct virtio_rdmaapi_cm_id_req r = id_req(id, 0);

	KUNIT_EXPECT_EQ(test, -EADDRNOTAVAIL, ccall(test, CM(BIND_ADDR), &q,
						    sizeof(q)));
	KUNIT_EXPECT_EQ(test, 1, C(test)->bind_addr);
	expect_in4(test, &C(test)->bind, FAKE_CM_IP_OTHER, 1000);
	KUNIT_EXPECT_EQ(test, 2, C(test)->create_id);
	KUNIT_EXPECT_EQ(test, 1, C(test)->destroy_id);
	KUNIT_EXPECT_PTR_EQ(test, old, C(test)->destroyed);
	KUNIT_EXPECT_EQ(test, 1, C(test)->live);
	/* Unbound again: not listening anywhere, bindable here. */
	EXPECT_REFUSED(test, CM(LISTEN), &r, sizeof(r), -EADDRNOTAVAIL);
	bind_ok(test, id, IP_LOCAL, 1000);
	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, id));
	KUNIT_EXPECT_EQ(test, 0, C(test)->live);
}

/*
 * Connection requests the guest does not fetch are refused past
 * CM_REQS_MAX (128) per context, each costing the host an identifier;
 * fetching one makes room for one more.
 */
static void connect_requests_limited(struct kunit *test)
{
	struct rdma_conn_param peer = { .responder_resources = 2 };
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_cm_id *l, *c;
	int i, ret;

	listener(test, 1000, &l);
	for (i = 0; i < 128; i++) {
		c = fake_cm_request(l, &T(test)->ib->dev, &peer, &ret);
		KUNIT_ASSERT_EQ(test, 0, ret);
	}
	c = fake_cm_request(l, &T(test)->ib->dev, &peer, &ret);
	KUNIT_EXPECT_EQ(test, -ENOBUFS, ret);
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, 127, le32_to_cpu(ev.pending));
	c = fake_cm_request(l, &T(test)->ib->dev, &peer, &ret);
	KUNIT_EXPECT_EQ(test, 0, ret);
	c = fake_cm_request(l, &T(test)->ib->dev, &peer, &ret);
	KUNIT_EXPECT_EQ(test, -ENOBUFS, ret);
}

static void bind_cm_error(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = bind_req(id, in4(IP_LOCAL, 80));

	T(test)->cm->fail_next = -EADDRINUSE;
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, ccall(test, CM(BIND_ADDR), &q,
						 sizeof(q)));
	KUNIT_EXPECT_EQ(test, 1, C(test)->bind_addr);
}

static void resolve_timeout(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = resolve_req(id, 0,
							  in4(IP_PEER, 1));
	u32 bad[] = { 0, 60001, U32_MAX }, good[] = { 1, 60000 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		q.timeout_ms = cpu_to_le32(bad[i]);
		EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EINVAL);
	}
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		q.timeout_ms = cpu_to_le32(good[i]);
		EXPECT_OK(test, CM(RESOLVE_ADDR), &q, sizeof(q));
		KUNIT_EXPECT_EQ(test, good[i], C(test)->resolve_timeout);
	}
	KUNIT_EXPECT_EQ(test, 2, C(test)->resolve_addr);
}

static void resolve_dst(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = resolve_req(id, 1000,
							  in4(IP_PEER, 1));

	memset(&q.dst, 0, sizeof(q.dst));
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EINVAL);
	q.dst = in4(IP_PEER, 1);
	q.dst.family = cpu_to_le16(3);
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EAFNOSUPPORT);
	q.dst = in4(IP_PEER, 1);
	q.dst.addr[4] = 1;
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EINVAL);
	q.dst = in4(IP_PEER, 1);
	q.dst.scope_id = cpu_to_le32(1);
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EINVAL);
	q.dst = in4(0, 1);
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EADDRNOTAVAIL);
	q.dst = in6(0, 1, 0);
	memset(q.dst.addr, 0, 16);
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EADDRNOTAVAIL);
	/* The peer's port is not ours to limit. */
	*T(test)->port_min = 1000;
	*T(test)->port_max = 2000;
	q.dst = in4(IP_PEER, 65535);
	EXPECT_OK(test, CM(RESOLVE_ADDR), &q, sizeof(q));
	KUNIT_EXPECT_TRUE(test, C(test)->resolve_src_null);
	expect_in4(test, &C(test)->resolve_dst, IP_PEER, 65535);
	KUNIT_EXPECT_EQ(test, 1000, C(test)->resolve_timeout);
}

static void resolve_src(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = resolve_req(id, 1000,
							  in4(IP_PEER, 1));

	*T(test)->port_min = 1000;
	*T(test)->port_max = 2000;
	/* "None" with a nonzero field, another family, junk. */
	q.src.port = cpu_to_be16(1000);
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EINVAL);
	q.src = in4(IP_LOCAL, 1000);
	q.src.family = cpu_to_le16(U16_MAX);
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EAFNOSUPPORT);
	q.src = in4(IP_LOCAL, 1000);
	q.src.addr[8] = 1;
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EINVAL);
	/* Not the destination's family. */
	q.src = in6(1, 1000, 0);
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EINVAL);
	/* Its port in the range. */
	q.src = in4(IP_LOCAL, 999);
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EACCES);
	q.src = in4(IP_LOCAL, 2001);
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -EACCES);
	q.src = in4(IP_LOCAL, 2000);
	EXPECT_OK(test, CM(RESOLVE_ADDR), &q, sizeof(q));
	KUNIT_EXPECT_FALSE(test, C(test)->resolve_src_null);
	expect_in4(test, &C(test)->resolve_src, IP_LOCAL, 2000);
	expect_in4(test, &C(test)->resolve_dst, IP_PEER, 1);
	/* A source wildcard lets the route choose (librdmacm's default). */
	q.src = in4(0, 0);
	EXPECT_OK(test, CM(RESOLVE_ADDR), &q, sizeof(q));
	expect_in4(test, &C(test)->resolve_src, 0, 0);
	KUNIT_EXPECT_EQ(test, 2, C(test)->resolve_addr);
}

/* ADDR_RESOLVED on another device becomes ADDR_ERROR, -ENODEV. */
static void resolve_event_device(struct kunit *test)
{
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_cm_id *a, *b;
	u32 ha = id_new(test, 0xa, &a), hb = id_new(test, 0xb, &b);
	struct virtio_rdmaapi_cm_id_req r = id_req(hb, 1000);
	struct virtio_rdmaapi_cm_addr_req q;

	resolve_ok(test, ha, IP_PEER);
	resolve_ok(test, hb, FAKE_CM_IP_OTHER);
	KUNIT_EXPECT_EQ(test, 0, fake_cm_event(a, RDMA_CM_EVENT_ADDR_RESOLVED,
					       0, NULL));
	KUNIT_EXPECT_EQ(test, 0, fake_cm_event(b, RDMA_CM_EVENT_ADDR_RESOLVED,
					       0, NULL));
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, RDMA_CM_EVENT_ADDR_RESOLVED,
			le32_to_cpu(ev.event));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(ev.status));
	KUNIT_EXPECT_EQ(test, ha, le32_to_cpu(ev.id));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(ev.listen_id));
	KUNIT_EXPECT_EQ(test, 0xa, le64_to_cpu(ev.cookie));
	KUNIT_EXPECT_EQ(test, 1, le32_to_cpu(ev.pending));
	KUNIT_EXPECT_EQ(test, 1, le32_to_cpu(ev.port_num));
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, RDMA_CM_EVENT_ADDR_ERROR, le32_to_cpu(ev.event));
	KUNIT_EXPECT_EQ(test, -ENODEV, (int)le32_to_cpu(ev.status));
	KUNIT_EXPECT_EQ(test, hb, le32_to_cpu(ev.id));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(ev.pending));
	/* Nothing more on the other device. */
	EXPECT_REFUSED(test, CM(RESOLVE_ROUTE), &r, sizeof(r), -ENODEV);
	q = resolve_req(hb, 1000, in4(IP_PEER, 1));
	EXPECT_REFUSED(test, CM(RESOLVE_ADDR), &q, sizeof(q), -ENODEV);
	KUNIT_EXPECT_EQ(test, -EAGAIN, get_event(test, &ev));
}

static void resolve_cm_error(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_addr_req q = resolve_req(id, 1000,
							  in4(IP_PEER, 1));

	T(test)->cm->fail_next = -ENETUNREACH;
	KUNIT_EXPECT_EQ(test, -ENETUNREACH, ccall(test, CM(RESOLVE_ADDR), &q,
						  sizeof(q)));
}

static void route_timeout(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_id_req r = id_req(id, 1000);
	u32 bad[] = { 0, 60001, U32_MAX }, good[] = { 1, 60000 };
	unsigned int i;

	/* No address resolved yet. */
	EXPECT_REFUSED(test, CM(RESOLVE_ROUTE), &r, sizeof(r), -EINVAL);
	resolve_ok(test, id, IP_PEER);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		r.arg = cpu_to_le32(bad[i]);
		EXPECT_REFUSED(test, CM(RESOLVE_ROUTE), &r, sizeof(r), -EINVAL);
	}
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		r.arg = cpu_to_le32(good[i]);
		EXPECT_OK(test, CM(RESOLVE_ROUTE), &r, sizeof(r));
		KUNIT_EXPECT_EQ(test, good[i], C(test)->route_timeout);
	}
	KUNIT_EXPECT_EQ(test, 2, C(test)->resolve_route);
}

static void query_addr(struct kunit *test)
{
	struct virtio_rdmaapi_cm_query_addr_resp *a = (void *)T(test)->resp;
	struct virtio_rdmaapi_sockaddr want;
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_id_req r = id_req(id, 1);

	EXPECT_REFUSED(test, CM(QUERY_ADDR), &r, sizeof(r), -EINVAL);
	r.arg = cpu_to_le32(BIT(31));
	EXPECT_REFUSED(test, CM(QUERY_ADDR), &r, sizeof(r), -EINVAL);
	r.arg = 0;
	/* Unbound: none, none, port 0; never stale bytes. */
	EXPECT_OK(test, CM(QUERY_ADDR), &r, sizeof(r));
	KUNIT_EXPECT_NULL(test, memchr_inv(a, 0, sizeof(*a)));
	bind_ok(test, id, IP_LOCAL, 1500);
	resolve_ok(test, id, IP_PEER);
	EXPECT_OK(test, CM(QUERY_ADDR), &r, sizeof(r));
	want = in4(IP_LOCAL, 1500);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&want, &a->src, sizeof(want)));
	want = in4(IP_PEER, 4791);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&want, &a->dst, sizeof(want)));
	KUNIT_EXPECT_EQ(test, 1, le32_to_cpu(a->port_num));
	KUNIT_EXPECT_EQ(test, 0, a->reserved);
	/* QUERY_ADDR is the device's: nothing reached rdma_cm for it. */
	KUNIT_EXPECT_EQ(test, 3, C(test)->calls);
}

static struct kunit_case addr_cases[] = {
	KUNIT_CASE(bind_timeout_must_be_zero),
	KUNIT_CASE(bind_dst_must_be_none),
	KUNIT_CASE(bind_src_family),
	KUNIT_CASE(bind_src_inet_trailing_bytes),
	KUNIT_CASE(bind_src_inet6_decoded),
	KUNIT_CASE(bind_wildcard_eaddrnotavail),
	KUNIT_CASE(bind_port_range),
	KUNIT_CASE(bind_other_device),
	KUNIT_CASE(bind_cm_error),
	KUNIT_CASE(resolve_timeout),
	KUNIT_CASE(resolve_dst),
	KUNIT_CASE(resolve_src),
	KUNIT_CASE(resolve_event_device),
	KUNIT_CASE(resolve_cm_error),
	KUNIT_CASE(route_timeout),
	KUNIT_CASE(query_addr),
	{}
};

static struct kunit_suite addr_suite = {
	.name = "rdmaapi_cm_addr",
	.suite_init = cm_suite_init,
	.suite_exit = cm_suite_exit,
	.init = ct_init,
	.exit = ct_exit,
	.test_cases = addr_cases,
};

/* ====================================================================== */
/* LISTEN                                                                 */
/* ====================================================================== */

static void listen_backlog(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_id_req r = id_req(id, 129);

	bind_ok(test, id, IP_LOCAL, 1000);
	EXPECT_REFUSED(test, CM(LISTEN), &r, sizeof(r), -EINVAL);
	r.arg = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, CM(LISTEN), &r, sizeof(r), -EINVAL);
	r.arg = cpu_to_le32(BIT(31));
	EXPECT_REFUSED(test, CM(LISTEN), &r, sizeof(r), -EINVAL);
	r.arg = cpu_to_le32(128);
	EXPECT_OK(test, CM(LISTEN), &r, sizeof(r));
	KUNIT_EXPECT_EQ(test, 128, C(test)->backlog);
	r.arg = 0;
	EXPECT_OK(test, CM(LISTEN), &r, sizeof(r));
	KUNIT_EXPECT_EQ(test, 0, C(test)->backlog);
	KUNIT_EXPECT_EQ(test, 2, C(test)->listen);
}

/* Unbound, or resolved only: not on an address of the device. */
static void listen_unbound(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_id_req r = id_req(id, 0);

	EXPECT_REFUSED(test, CM(LISTEN), &r, sizeof(r), -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, 0, C(test)->listen);
}

static void listen_on_connection_einval(struct kunit *test)
{
	struct rdma_cm_id *c;
	u32 child = passive_pair(test, &c);
	struct virtio_rdmaapi_cm_id_req r = id_req(child, 0);

	EXPECT_REFUSED(test, CM(LISTEN), &r, sizeof(r), -EINVAL);
	KUNIT_EXPECT_EQ(test, 1, C(test)->listen);
}

static void listen_cm_error(struct kunit *test)
{
	u32 id = id_new(test, 0, NULL);
	struct virtio_rdmaapi_cm_id_req r = id_req(id, 0);

	bind_ok(test, id, IP_LOCAL, 1000);
	T(test)->cm->fail_next = -EADDRINUSE;
	KUNIT_EXPECT_EQ(test, -EADDRINUSE, ccall(test, CM(LISTEN), &r,
						 sizeof(r)));
}

static struct kunit_case listen_cases[] = {
	KUNIT_CASE(listen_backlog),
	KUNIT_CASE(listen_unbound),
	KUNIT_CASE(listen_on_connection_einval),
	KUNIT_CASE(listen_cm_error),
	{}
};

static struct kunit_suite listen_suite = {
	.name = "rdmaapi_cm_listen",
	.suite_init = cm_suite_init,
	.suite_exit = cm_suite_exit,
	.init = ct_init,
	.exit = ct_exit,
	.test_cases = listen_cases,
};

/* ====================================================================== */
/* CONNECT, ACCEPT, REJECT, DISCONNECT                                    */
/* ====================================================================== */

/* One connection parameter one past its range, or a nonzero pad. */
static const struct {
	size_t off;
	u8 val;
} param_bad[] = {
#define PB(f, v) { offsetof(struct virtio_rdmaapi_cm_conn_param, f), v }
	PB(private_data_len, PD_MAX + 1),
	PB(private_data_len, U8_MAX),
	PB(retry_count, 8),
	PB(retry_count, U8_MAX),
	PB(rnr_retry_count, 8),
	PB(flow_control, 2),
	PB(srq, 2),
	PB(reserved, 1),
	PB(reserved2, 1),
	PB(reserved2, 0x80),
	PB(pad, 1),
	PB(pad[3], 1),
#undef PB
};

static void param_set(struct virtio_rdmaapi_cm_conn_param *p, size_t off,
		      u8 val)
{
	((u8 *)p)[off] = val;
}

static void expect_param_refused(struct kunit *test, u16 op,
				 struct virtio_rdmaapi_cm_connect_req *q)
{
	struct virtio_rdmaapi_cm_connect_req b;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(param_bad); i++) {
		b = *q;
		param_set(&b.param, param_bad[i].off, param_bad[i].val);
		EXPECT_REFUSED(test, op, &b, sizeof(b), -EINVAL);
	}
	/* reserved2 is le32: its high byte too. */
	b = *q;
	b.param.reserved2 = cpu_to_le32(BIT(31));
	EXPECT_REFUSED(test, op, &b, sizeof(b), -EINVAL);
}

static void connect_param_one_past(struct kunit *test)
{
	u32 qp = rc_qp(test), id = active_id(test, NULL);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(id, qp);

	expect_param_refused(test, CM(CONNECT), &q);
	KUNIT_EXPECT_EQ(test, 0, C(test)->connect);
	/* Nothing bound: the QP can go. */
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, VOP(DESTROY_QP), qp));
}

/*
 * Each field at its boundary: the connection manager gets the guest's
 * values (responder resources and initiator depth are the driver's to
 * limit, as with librdmacm), the bound QP's number whatever qp_num says,
 * and the private data byte for byte.
 */
static void connect_param_boundaries(struct kunit *test)
{
	struct fake_cm_param *p = &C(test)->connect_param;
	u32 qpn, qp = qp_new(test, VIRTIO_RDMAAPI_QPT_RC, &qpn);
	u32 id = active_id(test, NULL);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(id, qp);
	unsigned int i;

	q.param.private_data_len = PD_MAX;
	for (i = 0; i < PD_MAX; i++)
		q.param.private_data[i] = i + 1;
	q.param.responder_resources = U8_MAX;
	q.param.initiator_depth = U8_MAX;
	q.param.flow_control = 1;
	q.param.retry_count = 7;
	q.param.rnr_retry_count = 7;
	q.param.srq = 1;
	q.param.qp_num = cpu_to_le32(0xdeadbeef);
	EXPECT_OK(test, CM(CONNECT), &q, sizeof(q));
	KUNIT_ASSERT_EQ(test, 1, C(test)->connect);
	KUNIT_EXPECT_FALSE(test, p->null);
	KUNIT_EXPECT_EQ(test, PD_MAX, p->p.private_data_len);
	KUNIT_EXPECT_EQ(test, 0, memcmp(p->data, q.param.private_data,
					PD_MAX));
	KUNIT_EXPECT_EQ(test, U8_MAX, p->p.responder_resources);
	KUNIT_EXPECT_EQ(test, U8_MAX, p->p.initiator_depth);
	KUNIT_EXPECT_EQ(test, 1, p->p.flow_control);
	KUNIT_EXPECT_EQ(test, 7, p->p.retry_count);
	KUNIT_EXPECT_EQ(test, 7, p->p.rnr_retry_count);
	/* The QP's own: no SRQ, whatever the guest said. */
	KUNIT_EXPECT_EQ(test, 0, p->p.srq);
	KUNIT_EXPECT_EQ(test, qpn, p->p.qp_num);
	/* The QP went to INIT with the connection manager's attributes. */
	KUNIT_EXPECT_EQ(test, 1, C(test)->init_qp_attr);
	KUNIT_EXPECT_EQ(test, IB_QPS_INIT, C(test)->qp_state[0]);
	KUNIT_EXPECT_EQ(test, IB_QPS_INIT, S(test)->modify_attr.qp_state);
	KUNIT_EXPECT_EQ(test, 1, S(test)->modify_attr.port_num);
	KUNIT_EXPECT_EQ(test, IB_QP_STATE | IB_QP_PKEY_INDEX | IB_QP_PORT |
			IB_QP_ACCESS_FLAGS, S(test)->modify_mask);

	/* The lower bounds, on another identifier and QP. */
	qp = qp_new(test, VIRTIO_RDMAAPI_QPT_RC, &qpn);
	q = conn_req(active_id(test, NULL), qp);
	q.param.responder_resources = 0;
	q.param.initiator_depth = 0;
	q.param.retry_count = 0;
	q.param.rnr_retry_count = 0;
	EXPECT_OK(test, CM(CONNECT), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 2, C(test)->connect);
	KUNIT_EXPECT_EQ(test, 0, p->p.private_data_len);
	KUNIT_EXPECT_EQ(test, 0, p->p.responder_resources);
	KUNIT_EXPECT_EQ(test, 0, p->p.retry_count);
	KUNIT_EXPECT_EQ(test, qpn, p->p.qp_num);
}

/* 0, unknown, other kinds, a UD QP, another context's: -EINVAL. */
static void connect_qp_handles(struct kunit *test)
{
	u32 rc = rc_qp(test), ud = qp_new(test, VIRTIO_RDMAAPI_QPT_UD, NULL);
	u32 id = active_id(test, NULL), ctx2 = ctx_new(test), other = 0, i;
	struct virtio_rdmaapi_cm_connect_req q = conn_req(id, 0);
	u32 bad[] = { 0, 1, 2, ud, id, rc + 100, U32_MAX, 0 };

	/* A CM id of the other context whose handle is free here. */
	for (i = 0; i <= id; i++)
		other = id_new_ctx(test, ctx2, 0);
	bad[ARRAY_SIZE(bad) - 1] = other;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		q.qp = cpu_to_le32(bad[i]);
		EXPECT_REFUSED(test, CM(CONNECT), &q, sizeof(q), -EINVAL);
	}
	KUNIT_EXPECT_EQ(test, 0, C(test)->connect);
	q.qp = cpu_to_le32(rc);
	EXPECT_OK(test, CM(CONNECT), &q, sizeof(q));
}

/*
 * A QP is bound to one identifier: a second CONNECT on the identifier,
 * or another identifier's CONNECT or ACCEPT with the same QP, is refused
 * (protocol.rst: "not bound to another identifier").
 */
static void connect_qp_bound_once(struct kunit *test)
{
	struct rdma_cm_id *c;
	u32 qp = rc_qp(test), qp2 = rc_qp(test);
	u32 a = active_id(test, NULL), b = active_id(test, NULL);
	u32 child = passive_pair(test, &c);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(a, qp);

	EXPECT_OK(test, CM(CONNECT), &q, sizeof(q));
	q.qp = cpu_to_le32(qp2);
	EXPECT_REFUSED(test, CM(CONNECT), &q, sizeof(q), -EINVAL);
	q = conn_req(b, qp);
	EXPECT_REFUSED(test, CM(CONNECT), &q, sizeof(q), -EINVAL);
	q = conn_req(child, qp);
	EXPECT_REFUSED(test, CM(ACCEPT), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 1, C(test)->connect);
	KUNIT_EXPECT_EQ(test, 0, C(test)->accept);
	/* Bound: the QP cannot go before its identifier. */
	KUNIT_EXPECT_EQ(test, -EBUSY, handle_call(test, VOP(DESTROY_QP), qp));
	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, a));
	q = conn_req(b, qp);
	EXPECT_OK(test, CM(CONNECT), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, b));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, VOP(DESTROY_QP), qp));
}

static void connect_id_state(struct kunit *test)
{
	struct rdma_cm_id *c;
	u32 qp = rc_qp(test), id = id_new(test, 0, NULL);
	u32 child = passive_pair(test, &c);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(id, qp);

	/* No address resolved. */
	EXPECT_REFUSED(test, CM(CONNECT), &q, sizeof(q), -EINVAL);
	/* A connection request's identifier is ACCEPTed, not connected. */
	q = conn_req(child, qp);
	EXPECT_REFUSED(test, CM(CONNECT), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, C(test)->connect);
}

/* A failure after binding: the QP is flushed (ERR) and released. */
static void connect_failures_unbind(struct kunit *test)
{
	u32 qp = rc_qp(test), id = active_id(test, NULL);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(id, qp);

	T(test)->cm->fail_next = -ENETUNREACH;
	KUNIT_EXPECT_EQ(test, -ENETUNREACH, ccall(test, CM(CONNECT), &q,
						  sizeof(q)));
	KUNIT_EXPECT_EQ(test, 1, C(test)->connect);
	KUNIT_EXPECT_EQ(test, IB_QPS_ERR, S(test)->modify_attr.qp_state);
	KUNIT_EXPECT_EQ(test, IB_QP_STATE, S(test)->modify_mask);
	T(test)->cm->fail_init_qp = IB_QPS_INIT;
	KUNIT_EXPECT_EQ(test, -EINVAL, ccall(test, CM(CONNECT), &q,
					     sizeof(q)));
	KUNIT_EXPECT_EQ(test, 1, C(test)->connect);
	KUNIT_EXPECT_EQ(test, IB_QPS_ERR, S(test)->modify_attr.qp_state);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, VOP(DESTROY_QP), qp));
}

/*
 * The peer accepts: the QP goes to RTR with the guest's responder
 * resources and RTS with its initiator depth, the connection manager's
 * other attributes kept; the RTU is sent under the handler lock and the
 * guest gets ESTABLISHED with the peer's parameters.
 */
static void connect_response_established(struct kunit *test)
{
	struct rdma_conn_param peer = {
		.private_data_len = 4, .responder_resources = 9,
		.initiator_depth = 8, .qp_num = 0x123456, .srq = 1,
		.rnr_retry_count = 7,
	};
	static const u8 data[4] = { 1, 2, 3, 4 };
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_cm_id *id;
	u32 qp = rc_qp(test), h = active_id(test, &id);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(h, qp);

	peer.private_data = data;
	q.param.responder_resources = 5;
	q.param.initiator_depth = 6;
	EXPECT_OK(test, CM(CONNECT), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 0, fake_cm_event(id,
					       RDMA_CM_EVENT_CONNECT_RESPONSE,
					       0, &peer));
	KUNIT_ASSERT_EQ(test, 4, C(test)->init_qp_attr);
	KUNIT_EXPECT_EQ(test, IB_QPS_INIT, C(test)->qp_state[1]);
	KUNIT_EXPECT_EQ(test, IB_QPS_RTR, C(test)->qp_state[2]);
	KUNIT_EXPECT_EQ(test, IB_QPS_RTS, C(test)->qp_state[3]);
	/* The RTR step, seen when RTS was asked for; then RTS. */
	KUNIT_EXPECT_EQ(test, IB_QPS_RTR, C(test)->qp_prev[3].qp_state);
	KUNIT_EXPECT_EQ(test, 5, C(test)->qp_prev[3].max_dest_rd_atomic);
	KUNIT_EXPECT_EQ(test, IB_QPS_RTS, S(test)->modify_attr.qp_state);
	KUNIT_EXPECT_EQ(test, 6, S(test)->modify_attr.max_rd_atomic);
	KUNIT_EXPECT_EQ(test, 1, C(test)->accept);
	KUNIT_EXPECT_TRUE(test, C(test)->accept_param.null);
	KUNIT_EXPECT_EQ(test, 1, C(test)->accept_locked);
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, RDMA_CM_EVENT_ESTABLISHED,
			le32_to_cpu(ev.event));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(ev.status));
	KUNIT_EXPECT_EQ(test, h, le32_to_cpu(ev.id));
	KUNIT_EXPECT_EQ(test, 4, ev.param.private_data_len);
	KUNIT_EXPECT_EQ(test, 0, memcmp(ev.param.private_data, data, 4));
	KUNIT_EXPECT_EQ(test, 9, ev.param.responder_resources);
	KUNIT_EXPECT_EQ(test, 8, ev.param.initiator_depth);
	KUNIT_EXPECT_EQ(test, 7, ev.param.rnr_retry_count);
	KUNIT_EXPECT_EQ(test, 1, ev.param.srq);
	KUNIT_EXPECT_EQ(test, 0x123456, le32_to_cpu(ev.param.qp_num));
	KUNIT_EXPECT_EQ(test, 0, ev.param.reserved);
	KUNIT_EXPECT_EQ(test, 0, ev.param.reserved2);
}

/* The device cannot complete the connection: CONNECT_ERROR, QP in ERR. */
static void connect_response_error(struct kunit *test)
{
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_cm_id *id, *id2;
	u32 qp = rc_qp(test), h = active_id(test, &id);
	u32 h2 = active_id(test, &id2);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(h, qp);
	struct rdma_conn_param peer = {};

	EXPECT_OK(test, CM(CONNECT), &q, sizeof(q));
	T(test)->cm->fail_init_qp = IB_QPS_RTR;
	fake_cm_event(id, RDMA_CM_EVENT_CONNECT_RESPONSE, 0, &peer);
	KUNIT_EXPECT_EQ(test, 0, C(test)->accept);
	KUNIT_EXPECT_EQ(test, IB_QPS_ERR, S(test)->modify_attr.qp_state);
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, RDMA_CM_EVENT_CONNECT_ERROR,
			le32_to_cpu(ev.event));
	KUNIT_EXPECT_EQ(test, -EINVAL, (int)le32_to_cpu(ev.status));
	/* A response for an identifier with no QP (never connected). */
	T(test)->cm->fail_init_qp = -1;
	fake_cm_event(id2, RDMA_CM_EVENT_CONNECT_RESPONSE, 0, &peer);
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, h2, le32_to_cpu(ev.id));
	KUNIT_EXPECT_EQ(test, RDMA_CM_EVENT_CONNECT_ERROR,
			le32_to_cpu(ev.event));
	KUNIT_EXPECT_EQ(test, -EINVAL, (int)le32_to_cpu(ev.status));
	KUNIT_EXPECT_EQ(test, 0, C(test)->accept);
}

static void accept_param_and_qp(struct kunit *test)
{
	struct fake_cm_param *p = &C(test)->accept_param;
	struct rdma_cm_id *c;
	u32 qpn, qp = qp_new(test, VIRTIO_RDMAAPI_QPT_RC, &qpn);
	u32 child = passive_pair(test, &c);
	u32 active = active_id(test, NULL);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(child, qp);
	unsigned int i;

	expect_param_refused(test, CM(ACCEPT), &q);
	/* An active identifier, or no QP. */
	q = conn_req(active, qp);
	EXPECT_REFUSED(test, CM(ACCEPT), &q, sizeof(q), -EINVAL);
	q = conn_req(child, 0);
	EXPECT_REFUSED(test, CM(ACCEPT), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, C(test)->accept);

	q = conn_req(child, qp);
	q.param.private_data_len = PD_MAX;
	for (i = 0; i < PD_MAX; i++)
		q.param.private_data[i] = 0xff - i;
	q.param.responder_resources = 7;
	q.param.initiator_depth = U8_MAX;
	q.param.qp_num = cpu_to_le32(1);
	EXPECT_OK(test, CM(ACCEPT), &q, sizeof(q));
	KUNIT_ASSERT_EQ(test, 1, C(test)->accept);
	KUNIT_EXPECT_EQ(test, 1, C(test)->accept_locked);
	KUNIT_EXPECT_FALSE(test, p->null);
	KUNIT_EXPECT_EQ(test, PD_MAX, p->p.private_data_len);
	KUNIT_EXPECT_EQ(test, 0, memcmp(p->data, q.param.private_data,
					PD_MAX));
	KUNIT_EXPECT_EQ(test, 7, p->p.responder_resources);
	KUNIT_EXPECT_EQ(test, U8_MAX, p->p.initiator_depth);
	KUNIT_EXPECT_EQ(test, qpn, p->p.qp_num);
	/* INIT, RTR (max_dest_rd_atomic), RTS (max_rd_atomic) first. */
	KUNIT_ASSERT_EQ(test, 3, C(test)->init_qp_attr);
	KUNIT_EXPECT_EQ(test, IB_QPS_RTR, C(test)->qp_prev[2].qp_state);
	KUNIT_EXPECT_EQ(test, 7, C(test)->qp_prev[2].max_dest_rd_atomic);
	KUNIT_EXPECT_EQ(test, IB_QPS_RTS, S(test)->modify_attr.qp_state);
	KUNIT_EXPECT_EQ(test, U8_MAX, S(test)->modify_attr.max_rd_atomic);
	/* Once. */
	EXPECT_REFUSED(test, CM(ACCEPT), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, -EBUSY, handle_call(test, VOP(DESTROY_QP), qp));
}

static void accept_failure_unbinds(struct kunit *test)
{
	struct rdma_cm_id *c;
	u32 qp = rc_qp(test);
	u32 child = passive_pair(test, &c);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(child, qp);

	T(test)->cm->fail_next = -ECONNREFUSED;
	KUNIT_EXPECT_EQ(test, -ECONNREFUSED, ccall(test, CM(ACCEPT), &q,
						   sizeof(q)));
	KUNIT_EXPECT_EQ(test, 0, C(test)->locked);
	KUNIT_EXPECT_EQ(test, IB_QPS_ERR, S(test)->modify_attr.qp_state);
	T(test)->cm->fail_init_qp = IB_QPS_RTS;
	KUNIT_EXPECT_EQ(test, -EINVAL, ccall(test, CM(ACCEPT), &q, sizeof(q)));
	KUNIT_EXPECT_EQ(test, 1, C(test)->accept);
	KUNIT_EXPECT_EQ(test, IB_QPS_ERR, S(test)->modify_attr.qp_state);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, VOP(DESTROY_QP), qp));
}

static void reject_fields(struct kunit *test)
{
	struct rdma_cm_id *c;
	u32 qp = rc_qp(test);
	u32 child = passive_pair(test, &c);
	u32 active = active_id(test, NULL);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(child, 0);
	unsigned int i;

	/* Only the private data is used, but every field is checked. */
	expect_param_refused(test, CM(REJECT), &q);
	q.qp = cpu_to_le32(qp);
	EXPECT_REFUSED(test, CM(REJECT), &q, sizeof(q), -EINVAL);
	q.qp = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, CM(REJECT), &q, sizeof(q), -EINVAL);
	q = conn_req(active, 0);
	EXPECT_REFUSED(test, CM(REJECT), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, C(test)->reject);

	/* 196 bytes pass (the IB CM refuses more than 148 itself). */
	q = conn_req(child, 0);
	q.param.private_data_len = PD_MAX;
	for (i = 0; i < PD_MAX; i++)
		q.param.private_data[i] = i ^ 0x5a;
	EXPECT_OK(test, CM(REJECT), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 1, C(test)->reject);
	KUNIT_EXPECT_EQ(test, 1, C(test)->reject_locked);
	KUNIT_EXPECT_EQ(test, PD_MAX, C(test)->reject_len);
	KUNIT_EXPECT_EQ(test, IB_CM_REJ_CONSUMER_DEFINED,
			C(test)->reject_reason);
	KUNIT_EXPECT_EQ(test, 0, memcmp(C(test)->reject_data,
					q.param.private_data, PD_MAX));
	q.param.private_data_len = 0;
	T(test)->cm->fail_next = -EINVAL;
	KUNIT_EXPECT_EQ(test, -EINVAL, ccall(test, CM(REJECT), &q, sizeof(q)));
	KUNIT_EXPECT_EQ(test, 0, C(test)->reject_len);
	KUNIT_EXPECT_EQ(test, 0, C(test)->locked);
}

static void disconnect_fields(struct kunit *test)
{
	u32 qp = rc_qp(test), id = active_id(test, NULL);
	u32 id2 = active_id(test, NULL);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(id, qp);
	struct virtio_rdmaapi_cm_id_req r = id_req(id, 1);
	int modifies;

	EXPECT_OK(test, CM(CONNECT), &q, sizeof(q));
	EXPECT_REFUSED(test, CM(DISCONNECT), &r, sizeof(r), -EINVAL);
	r.arg = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, CM(DISCONNECT), &r, sizeof(r), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, C(test)->disconnect);
	/* The QP is flushed first. */
	modifies = S(test)->modify_qp;
	r.arg = 0;
	EXPECT_OK(test, CM(DISCONNECT), &r, sizeof(r));
	KUNIT_EXPECT_EQ(test, 1, C(test)->disconnect);
	KUNIT_EXPECT_EQ(test, modifies + 1, C(test)->disconnect_modify_qp);
	KUNIT_EXPECT_EQ(test, IB_QPS_ERR, C(test)->disconnect_qp_state);
	/* No QP: nothing to flush. */
	modifies = S(test)->modify_qp;
	r = id_req(id2, 0);
	EXPECT_OK(test, CM(DISCONNECT), &r, sizeof(r));
	KUNIT_EXPECT_EQ(test, modifies, C(test)->disconnect_modify_qp);
	KUNIT_EXPECT_EQ(test, modifies, S(test)->modify_qp);
}

static struct kunit_case conn_cases[] = {
	KUNIT_CASE(connect_param_one_past),
	KUNIT_CASE(connect_param_boundaries),
	KUNIT_CASE(connect_qp_handles),
	KUNIT_CASE(connect_qp_bound_once),
	KUNIT_CASE(connect_id_state),
	KUNIT_CASE(connect_failures_unbind),
	KUNIT_CASE(connect_response_established),
	KUNIT_CASE(connect_response_error),
	KUNIT_CASE(accept_param_and_qp),
	KUNIT_CASE(accept_failure_unbinds),
	KUNIT_CASE(reject_fields),
	KUNIT_CASE(disconnect_fields),
	{}
};

static struct kunit_suite conn_suite = {
	.name = "rdmaapi_cm_conn",
	.suite_init = cm_suite_init,
	.suite_exit = cm_suite_exit,
	.init = ct_init,
	.exit = ct_exit,
	.test_cases = conn_cases,
};

/* ====================================================================== */
/* Events: cm_handler() to GET_EVENT, end to end                          */
/* ====================================================================== */

static void get_event_empty_eagain(struct kunit *test)
{
	struct virtio_rdmaapi_cm_event ev;

	KUNIT_EXPECT_EQ(test, -EAGAIN, get_event(test, &ev));
	id_new(test, 0, NULL);
	KUNIT_EXPECT_EQ(test, -EAGAIN, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, 0, S(test)->events);
}

/* create -> bind -> listen -> destroy, the fake seeing each step. */
static void create_bind_listen_destroy(struct kunit *test)
{
	struct rdma_cm_id *id;
	u32 h = listener(test, 4791, &id);

	KUNIT_EXPECT_EQ(test, 1, C(test)->create_id);
	KUNIT_EXPECT_EQ(test, 1, C(test)->bind_addr);
	expect_in4(test, &C(test)->bind, IP_LOCAL, 4791);
	KUNIT_EXPECT_EQ(test, 1, C(test)->listen);
	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, h));
	KUNIT_EXPECT_PTR_EQ(test, id, C(test)->destroyed);
	KUNIT_EXPECT_EQ(test, 0, C(test)->live);
	KUNIT_EXPECT_EQ(test, 4, C(test)->calls);
}

/*
 * A whole passive connection: request, GET_EVENT (new identifier with
 * the listener's cookie), ACCEPT, ESTABLISHED, DISCONNECTED; each event
 * announced by an EV_CM event naming the context.
 */
static void passive_connection(struct kunit *test)
{
	struct rdma_conn_param peer = {
		.private_data_len = 3, .initiator_depth = 2,
		.responder_resources = 1, .retry_count = 6, .qp_num = 77,
	};
	static const u8 data[3] = { 0xa, 0xb, 0xc };
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_cm_id *l, *c;
	u32 qp = rc_qp(test), lh = listener(test, 1000, &l), ch;
	struct virtio_rdmaapi_cm_connect_req q;
	int ret;

	peer.private_data = data;
	c = fake_cm_request(l, &T(test)->ib->dev, &peer, &ret);
	KUNIT_ASSERT_EQ(test, 0, ret);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, 1, S(test)->events);
	KUNIT_EXPECT_EQ(test, VIRTIO_RDMAAPI_EV_CM,
			le32_to_cpu(S(test)->last_event.type));
	KUNIT_EXPECT_EQ(test, T(test)->ctx,
			le32_to_cpu(S(test)->last_event.ctx));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(S(test)->last_event.handle));
	/* Not a handle until fetched. */
	KUNIT_EXPECT_EQ(test, 1, T(test)->dev->core.nobj[CM_OBJ_ID]);
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, 2, T(test)->dev->core.nobj[CM_OBJ_ID]);
	KUNIT_EXPECT_EQ(test, RDMA_CM_EVENT_CONNECT_REQUEST,
			le32_to_cpu(ev.event));
	ch = le32_to_cpu(ev.id);
	KUNIT_EXPECT_NE(test, 0, ch);
	KUNIT_EXPECT_NE(test, lh, ch);
	KUNIT_EXPECT_EQ(test, lh, le32_to_cpu(ev.listen_id));
	KUNIT_EXPECT_EQ(test, 0x115, le64_to_cpu(ev.cookie));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(ev.pending));
	KUNIT_EXPECT_EQ(test, 1, le32_to_cpu(ev.port_num));
	KUNIT_EXPECT_EQ(test, 3, ev.param.private_data_len);
	KUNIT_EXPECT_EQ(test, 0, memcmp(ev.param.private_data, data, 3));
	KUNIT_EXPECT_EQ(test, 2, ev.param.initiator_depth);
	KUNIT_EXPECT_EQ(test, 1, ev.param.responder_resources);
	KUNIT_EXPECT_EQ(test, 6, ev.param.retry_count);
	KUNIT_EXPECT_EQ(test, 77, le32_to_cpu(ev.param.qp_num));

	q = conn_req(ch, qp);
	EXPECT_OK(test, CM(ACCEPT), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 0, fake_cm_event(c, RDMA_CM_EVENT_ESTABLISHED,
					       0, NULL));
	KUNIT_EXPECT_EQ(test, 0, fake_cm_event(c, RDMA_CM_EVENT_DISCONNECTED,
					       0, NULL));
	KUNIT_EXPECT_EQ(test, 3, S(test)->events);
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, RDMA_CM_EVENT_ESTABLISHED,
			le32_to_cpu(ev.event));
	KUNIT_EXPECT_EQ(test, ch, le32_to_cpu(ev.id));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(ev.listen_id));
	KUNIT_EXPECT_EQ(test, 0x115, le64_to_cpu(ev.cookie));
	KUNIT_EXPECT_EQ(test, 1, le32_to_cpu(ev.pending));
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, RDMA_CM_EVENT_DISCONNECTED,
			le32_to_cpu(ev.event));
	KUNIT_EXPECT_EQ(test, 0, ev.param.private_data_len);
	KUNIT_EXPECT_EQ(test, -EAGAIN, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, ch));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, VOP(DESTROY_QP), qp));
	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, lh));
	KUNIT_EXPECT_EQ(test, 0, C(test)->live);
}

/* A wildcard listener hears every device: requests of others refused. */
static void request_other_device_refused(struct kunit *test)
{
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_conn_param peer = {};
	struct rdma_cm_id *l;
	int ret;

	listener(test, 1000, &l);
	KUNIT_EXPECT_NULL(test, fake_cm_request(l, &fake_cm_other, &peer,
						&ret));
	KUNIT_EXPECT_EQ(test, -ENODEV, ret);
	KUNIT_EXPECT_EQ(test, 1, C(test)->auto_destroyed);
	KUNIT_EXPECT_EQ(test, 0, S(test)->events);
	KUNIT_EXPECT_EQ(test, -EAGAIN, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, 1, C(test)->live);
}

/* At max_cm_id: the request is rejected and destroyed, -EDQUOT. */
static void request_at_limit_edquot(struct kunit *test)
{
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_conn_param peer = {};
	struct rdma_cm_id *l, *c;
	int ret;

	listener(test, 1000, &l);
	T(test)->dev->core.max_obj[CM_OBJ_ID] = 1;
	c = fake_cm_request(l, &T(test)->ib->dev, &peer, &ret);
	KUNIT_ASSERT_EQ(test, 0, ret);
	/* An event of it queued behind the request goes with it. */
	fake_cm_event(c, RDMA_CM_EVENT_DISCONNECTED, 0, NULL);
	KUNIT_EXPECT_EQ(test, -EDQUOT, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, 1, C(test)->reject);
	KUNIT_EXPECT_EQ(test, 1, C(test)->reject_locked);
	KUNIT_EXPECT_EQ(test, IB_CM_REJ_CONSUMER_DEFINED,
			C(test)->reject_reason);
	KUNIT_EXPECT_PTR_EQ(test, c, C(test)->destroyed);
	KUNIT_EXPECT_EQ(test, 1, C(test)->live);
	KUNIT_EXPECT_EQ(test, 1, T(test)->dev->core.nobj[CM_OBJ_ID]);
	KUNIT_EXPECT_EQ(test, -EAGAIN, get_event(test, &ev));
}

/* Requests the guest never fetched go with their listener. */
static void destroy_listener_drops_requests(struct kunit *test)
{
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_conn_param peer = {};
	struct rdma_cm_id *l, *other;
	u32 lh = listener(test, 1000, &l), oh = active_id(test, &other);
	int ret;

	fake_cm_request(l, &T(test)->ib->dev, &peer, &ret);
	fake_cm_request(l, &T(test)->ib->dev, &peer, &ret);
	fake_cm_event(other, RDMA_CM_EVENT_ADDR_RESOLVED, 0, NULL);
	KUNIT_EXPECT_EQ(test, 4, C(test)->live);
	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, lh));
	KUNIT_EXPECT_EQ(test, 2, C(test)->reject);
	KUNIT_EXPECT_EQ(test, 3, C(test)->destroy_id);
	KUNIT_EXPECT_EQ(test, 1, C(test)->live);
	/* Another identifier's event stays. */
	KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
	KUNIT_EXPECT_EQ(test, oh, le32_to_cpu(ev.id));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(ev.pending));
	KUNIT_EXPECT_EQ(test, -EAGAIN, get_event(test, &ev));
}

static void destroy_id_drops_its_events(struct kunit *test)
{
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_cm_id *a;
	u32 ha = active_id(test, &a);

	fake_cm_event(a, RDMA_CM_EVENT_ADDR_RESOLVED, 0, NULL);
	fake_cm_event(a, RDMA_CM_EVENT_ROUTE_RESOLVED, 0, NULL);
	KUNIT_EXPECT_EQ(test, 0, destroy_id(test, ha));
	KUNIT_EXPECT_EQ(test, -EAGAIN, get_event(test, &ev));
}

/* Events come out in order, pending counting down; status passes. */
static void events_in_order(struct kunit *test)
{
	static const int evs[] = {
		RDMA_CM_EVENT_ADDR_RESOLVED, RDMA_CM_EVENT_ROUTE_ERROR,
		RDMA_CM_EVENT_UNREACHABLE, RDMA_CM_EVENT_TIMEWAIT_EXIT,
	};
	struct virtio_rdmaapi_cm_event ev;
	struct rdma_cm_id *a;
	u32 ha = active_id(test, &a);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(evs); i++)
		fake_cm_event(a, evs[i], -(int)i, NULL);
	for (i = 0; i < ARRAY_SIZE(evs); i++) {
		KUNIT_ASSERT_EQ(test, 0, get_event(test, &ev));
		KUNIT_EXPECT_EQ(test, evs[i], le32_to_cpu(ev.event));
		KUNIT_EXPECT_EQ(test, -(int)i, (int)le32_to_cpu(ev.status));
		KUNIT_EXPECT_EQ(test, ha, le32_to_cpu(ev.id));
		KUNIT_EXPECT_EQ(test, ARRAY_SIZE(evs) - 1 - i,
				le32_to_cpu(ev.pending));
	}
	KUNIT_EXPECT_EQ(test, -EAGAIN, get_event(test, &ev));
}

/* DESTROY_CTX with a listener, a queued request and a bound QP. */
static void destroy_ctx_with_everything(struct kunit *test)
{
	struct rdma_conn_param peer = {};
	struct rdma_cm_id *l, *c, *a;
	u32 qp = rc_qp(test), h = active_id(test, &a);
	struct virtio_rdmaapi_cm_connect_req q = conn_req(h, qp);
	int ret;

	listener(test, 1000, &l);
	passive_id(test, l, &c);
	EXPECT_OK(test, CM(CONNECT), &q, sizeof(q));
	fake_cm_request(l, &T(test)->ib->dev, &peer, &ret);
	fake_cm_event(a, RDMA_CM_EVENT_REJECTED, 28, NULL);
	KUNIT_EXPECT_EQ(test, 0, call_api(test, VIRTIO_RDMAAPI_API_CORE,
					  VIRTIO_RDMAAPI_CORE_DESTROY_CTX,
					  T(test)->ctx, NULL, 0, ROOM));
	KUNIT_EXPECT_EQ(test, 0, C(test)->live);
	KUNIT_EXPECT_EQ(test, 0, S(test)->live);
	KUNIT_EXPECT_EQ(test, 1, C(test)->reject);
	KUNIT_EXPECT_EQ(test, 0, objs(test));
}

static struct kunit_case event_cases[] = {
	KUNIT_CASE(get_event_empty_eagain),
	KUNIT_CASE(create_bind_listen_destroy),
	KUNIT_CASE(passive_connection),
	KUNIT_CASE(connect_requests_limited),
	KUNIT_CASE(request_other_device_refused),
	KUNIT_CASE(request_at_limit_edquot),
	KUNIT_CASE(destroy_listener_drops_requests),
	KUNIT_CASE(destroy_id_drops_its_events),
	KUNIT_CASE(events_in_order),
	KUNIT_CASE(destroy_ctx_with_everything),
	{}
};

static struct kunit_suite event_suite = {
	.name = "rdmaapi_cm_event",
	.suite_init = cm_suite_init,
	.suite_exit = cm_suite_exit,
	.init = ct_init,
	.exit = ct_exit,
	.test_cases = event_cases,
};

kunit_test_suites(&len_suite, &id_suite, &addr_suite, &listen_suite,
		  &conn_suite, &event_suite);
