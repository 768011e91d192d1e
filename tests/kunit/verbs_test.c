// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit negative suites for the verbs personality's request decoders
 * (drivers/vhost/rdmaapi/{verbs,cq,qp,mr,post}.c): every field the
 * decoders check, at its boundary (accepted: the fake device sees exactly
 * what the guest sent) and one past it (refused with the errno of
 * Documentation/protocol.rst, and nothing reached the fake device), plus
 * unknown and wrong-kind handles and request lengths one byte short and
 * long. Fields the decoders leave to ib_core or the driver (as uverbs
 * does) are shown to pass through unchanged.
 *
 * Requests go through the real entry points of the worker:
 * rdmaapi_req_check() on the header, then rdmaapi_core_call() on an exact
 * kernel copy of the payload, with the verbs personality registered and a
 * struct rdmaapi_dev whose ibdev is the fake of fake_ib.c.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/vhost_iotlb.h>
#include "core.h"
#include "dev.h"
#include "verbs.h"
#include "fake_ib.h"
#include "test_guest.h"

#define HDR		sizeof(struct virtio_rdmaapi_req_hdr)
#define RHDR		sizeof(struct virtio_rdmaapi_resp_hdr)
#define ROOM		RDMAAPI_MAX_RESP_LEN

#define OP(x)		VIRTIO_RDMAAPI_VERBS_##x

/* Guest memory: pages 0-5 read-write, 6 read-only, 7 not mapped. */
#define GBASE		0x40000000ULL
#define GPAGES		8
#define GPA(i)		(GBASE + (u64)(i) * PAGE_SIZE)
#define GPA_RO		GPA(6)
#define GPA_HOLE	GPA(7)

/* A request list big enough for any case here. */
#define BUF		4096

#define ALL_ACCESS	(IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE | \
			 IB_ACCESS_REMOTE_READ | IB_ACCESS_REMOTE_ATOMIC)
#define QP_MASK_ALL	(IB_QP_DEST_QPN * 2 - 1)

struct vt {
	struct rdmaapi_dev *dev;
	struct fake_ib *ib;
	struct rdmaapi_test_guest *g;
	u32 ctx;
	u8 *resp;
	u32 resp_len;
};

static struct vt *T(struct kunit *test)
{
	return test->priv;
}

static struct fake_ib_seen *S(struct kunit *test)
{
	return &T(test)->ib->seen;
}

/* One request as the worker serves it (fake_ib_call()). */
static int call_api(struct kunit *test, u16 api, u16 opcode, u32 ctx,
		    const void *req, u32 len, u32 room)
{
	struct vt *t = T(test);

	return fake_ib_call(test, &t->dev->core, api, opcode, ctx, req, len,
			    room, t->resp, &t->resp_len);
}

static int vcall(struct kunit *test, u16 opcode, const void *req, u32 len)
{
	return call_api(test, VIRTIO_RDMAAPI_API_VERBS, opcode, T(test)->ctx,
			req, len, ROOM);
}

static u32 objs(struct kunit *test)
{
	u32 i, n = 0;

	for (i = 0; i < RDMAAPI_OBJ_TYPES; i++)
		n += T(test)->dev->core.nobj[i];
	return n;
}

/*
 * The request is refused with @err; nothing reached the device and no
 * object, pinned page or queue memory was left behind.
 */
#define EXPECT_REFUSED(test, op, req, len, err) do {			\
	int calls_ = S(test)->calls, live_ = S(test)->live;		\
	u32 objs_ = objs(test);						\
	u64 pinned_ = T(test)->dev->core.pinned;			\
	u64 queue_ = T(test)->dev->core.queue_kib;			\
									\
	KUNIT_EXPECT_EQ(test, (int)(err), vcall(test, op, req, len));	\
	KUNIT_EXPECT_EQ_MSG(test, calls_, S(test)->calls,		\
			    "the request reached the device");		\
	KUNIT_EXPECT_EQ(test, live_, S(test)->live);			\
	KUNIT_EXPECT_EQ(test, objs_, objs(test));			\
	KUNIT_EXPECT_EQ(test, pinned_, T(test)->dev->core.pinned);	\
	KUNIT_EXPECT_EQ(test, queue_, T(test)->dev->core.queue_kib);	\
} while (0)

#define EXPECT_OK(test, op, req, len) \
	KUNIT_EXPECT_EQ(test, 0, vcall(test, op, req, len))

static u32 resp32(struct kunit *test, unsigned int i)
{
	return le32_to_cpu(((__le32 *)T(test)->resp)[i]);
}

/* --- fixture --- */

static int vt_init(struct kunit *test, bool roce)
{
	struct virtio_rdmaapi_create_ctx_resp *cr;
	struct rdmaapi_dev *dev;
	struct vt *t;
	int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->resp = kunit_kzalloc(test, ROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->resp);
	t->g = rdmaapi_test_guest_new(test, GBASE, GPAGES, VHOST_MAP_RW);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	t->dev = dev;
	t->ib = fake_ib_new(roce);
	KUNIT_ASSERT_NOT_NULL(test, t->ib);
	dev->ibdev = &t->ib->dev;
	mutex_init(&dev->lock);
	rdmaapi_mem_init(&dev->mem);
	for (i = 0; i < GPAGES - 1; i++)
		KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_map(&dev->mem, GPA(i),
				PAGE_SIZE, rdmaapi_test_guest_pa(t->g, GPA(i)),
				GPA(i) == GPA_RO ? VHOST_MAP_RO : VHOST_MAP_RW));
	rdmaapi_core_init(&dev->core, dev, 4);
	KUNIT_ASSERT_EQ(test, 0, call_api(test, VIRTIO_RDMAAPI_API_CORE,
					  VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0,
					  NULL, 0, ROOM));
	cr = (void *)t->resp;
	t->ctx = le32_to_cpu(cr->ctx);
	KUNIT_ASSERT_NE(test, 0, t->ctx);
	return 0;
}

static int vt_init_ib(struct kunit *test)
{
	return vt_init(test, false);
}

static int vt_init_roce(struct kunit *test)
{
	return vt_init(test, true);
}

static void vt_exit(struct kunit *test)
{
	struct vt *t = T(test);

	if (!t || !t->dev)
		return;
	if (t->ib) {
		/* Context teardown destroys what the test left. */
		rdmaapi_core_reset(&t->dev->core);
		KUNIT_EXPECT_EQ_MSG(test, 0, t->ib->seen.live,
				    "device objects leaked");
		KUNIT_EXPECT_EQ_MSG(test, 0, t->ib->seen.gid_refs,
				    "GID attribute references leaked");
		KUNIT_EXPECT_EQ(test, 0, t->dev->core.pinned);
		fake_ib_free(t->ib);
	}
	rdmaapi_mem_cleanup(&t->dev->mem);
	kfree(t->dev);
}

static int verbs_suite_init(struct kunit_suite *suite)
{
	return rdmaapi_register_personality(&rdmaapi_verbs);
}

static void verbs_suite_exit(struct kunit_suite *suite)
{
	rdmaapi_unregister_personality(&rdmaapi_verbs);
}

/* --- object helpers: each asserts success --- */

static u32 pd_new(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, 0, vcall(test, OP(ALLOC_PD), NULL, 0));
	return resp32(test, 0);
}

static struct virtio_rdmaapi_create_cq_req cq_req(void)
{
	struct virtio_rdmaapi_create_cq_req q = {
		.cqe = cpu_to_le32(16),
		.flags = cpu_to_le32(VIRTIO_RDMAAPI_CQ_F_EVENTS),
		.cookie = cpu_to_le64(0xc0c0),
	};

	return q;
}

static u32 cq_new_flags(struct kunit *test, u32 flags)
{
	struct virtio_rdmaapi_create_cq_req q = cq_req();

	q.flags = cpu_to_le32(flags);
	KUNIT_ASSERT_EQ(test, 0, vcall(test, OP(CREATE_CQ), &q, sizeof(q)));
	return resp32(test, 0);
}

static u32 cq_new(struct kunit *test)
{
	return cq_new_flags(test, VIRTIO_RDMAAPI_CQ_F_EVENTS);
}

static struct virtio_rdmaapi_create_qp_req qp_req(u32 pd, u32 cq, u32 type)
{
	struct virtio_rdmaapi_create_qp_req q = {
		.pd = cpu_to_le32(pd),
		.send_cq = cpu_to_le32(cq),
		.recv_cq = cpu_to_le32(cq),
		.qp_type = cpu_to_le32(type),
		.cap = {
			.max_send_wr = cpu_to_le32(16),
			.max_recv_wr = cpu_to_le32(16),
			.max_send_sge = cpu_to_le32(FAKE_MAX_SEND_SGE),
			.max_recv_sge = cpu_to_le32(FAKE_MAX_RECV_SGE),
			.max_inline_data = cpu_to_le32(32),
		},
		.cookie = cpu_to_le64(0x9090),
	};

	return q;
}

static u32 qp_new_req(struct kunit *test,
		      const struct virtio_rdmaapi_create_qp_req *q)
{
	KUNIT_ASSERT_EQ(test, 0, vcall(test, OP(CREATE_QP), q, sizeof(*q)));
	return resp32(test, 0);
}

static u32 qp_new(struct kunit *test, u32 pd, u32 cq, u32 type)
{
	struct virtio_rdmaapi_create_qp_req q = qp_req(pd, cq, type);

	return qp_new_req(test, &q);
}

static struct virtio_rdmaapi_create_srq_req srq_req(u32 pd)
{
	struct virtio_rdmaapi_create_srq_req q = {
		.pd = cpu_to_le32(pd),
		.attr = {
			.max_wr = cpu_to_le32(8),
			.max_sge = cpu_to_le32(FAKE_MAX_SRQ_SGE),
		},
	};

	return q;
}

static u32 srq_new(struct kunit *test, u32 pd)
{
	struct virtio_rdmaapi_create_srq_req q = srq_req(pd);

	KUNIT_ASSERT_EQ(test, 0, vcall(test, OP(CREATE_SRQ), &q, sizeof(q)));
	return resp32(test, 0);
}

static struct virtio_rdmaapi_create_ah_req ah_req(u32 pd)
{
	struct virtio_rdmaapi_create_ah_req q = {
		.pd = cpu_to_le32(pd),
		.attr = { .port_num = 1, .dlid = cpu_to_le16(7) },
	};

	return q;
}

static u32 ah_new(struct kunit *test, u32 pd)
{
	struct virtio_rdmaapi_create_ah_req q = ah_req(pd);

	KUNIT_ASSERT_EQ(test, 0, vcall(test, OP(CREATE_AH), &q, sizeof(q)));
	return resp32(test, 0);
}

static u32 handle_call(struct kunit *test, u16 opcode, u32 handle)
{
	struct virtio_rdmaapi_handle h = { .handle = cpu_to_le32(handle) };

	return vcall(test, opcode, &h, sizeof(h));
}

/* A REG_MR request: the header, then up to 8 page addresses. */
struct mr_msg {
	struct virtio_rdmaapi_reg_mr_req q;
	__le64 pages[8];
};

static u32 mr_len(u32 count)
{
	return sizeof(struct virtio_rdmaapi_reg_mr_req) + count * sizeof(__le64);
}

/*
 * A whole region at @iova of @length on guest pages 0-5 (repeated), with
 * room for @room page addresses after @q.
 */
static void mr_fill(struct virtio_rdmaapi_reg_mr_req *q, u32 room, u32 pd,
		    u32 access, u64 iova, u64 length)
{
	u32 offset = iova & (VIRTIO_RDMAAPI_PAGE_SIZE - 1);
	u32 i, npages = DIV_ROUND_UP_ULL(offset + length,
					 VIRTIO_RDMAAPI_PAGE_SIZE);

	memset(q, 0, mr_len(room));
	q->pd = cpu_to_le32(pd);
	q->access = cpu_to_le32(access);
	q->iova = cpu_to_le64(iova);
	q->length = cpu_to_le64(length);
	q->offset = cpu_to_le32(offset);
	q->npages = cpu_to_le32(npages);
	q->count = cpu_to_le32(npages);
	for (i = 0; i < npages && i < room; i++)
		q->pages[i] = cpu_to_le64(GPA(i % 6));
}

static void mr_msg(struct mr_msg *m, u32 pd, u32 access, u64 iova, u64 length)
{
	mr_fill(&m->q, ARRAY_SIZE(m->pages), pd, access, iova, length);
}

/* Registers one page at 0x10000; returns the handle, *lkey its key. */
static u32 mr_new(struct kunit *test, u32 pd, u32 *lkey)
{
	struct mr_msg m;

	mr_msg(&m, pd, ALL_ACCESS, 0x10000, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, 0, vcall(test, OP(REG_MR), &m, mr_len(1)));
	KUNIT_ASSERT_EQ(test, 1, resp32(test, 3));
	if (lkey)
		*lkey = resp32(test, 1);
	return resp32(test, 0);
}

/* --- a work request list under construction --- */

struct wrlist {
	u8 b[BUF];
	u32 len;
	u32 n;
};

static void *wl_put(struct wrlist *w, size_t n)
{
	void *p = w->b + w->len;

	memset(p, 0, n);
	w->len += n;
	return p;
}

static void wl_init(struct wrlist *w, u32 handle)
{
	struct virtio_rdmaapi_post_req *q;

	w->len = 0;
	w->n = 0;
	q = wl_put(w, sizeof(*q));
	q->handle = cpu_to_le32(handle);
}

static void wl_count(struct wrlist *w, u32 n)
{
	((struct virtio_rdmaapi_post_req *)w->b)->num_wr = cpu_to_le32(n);
}

static struct virtio_rdmaapi_send_wr *wl_send(struct wrlist *w, u32 opcode,
					      u32 flags, u32 nsge)
{
	struct virtio_rdmaapi_send_wr *s = wl_put(w, sizeof(*s));

	s->wr_id = cpu_to_le64(0x1000 + w->n);
	s->opcode = cpu_to_le32(opcode);
	s->send_flags = cpu_to_le32(flags);
	s->num_sge = cpu_to_le32(nsge);
	wl_count(w, ++w->n);
	return s;
}

static struct virtio_rdmaapi_recv_wr *wl_recv(struct wrlist *w, u32 nsge)
{
	struct virtio_rdmaapi_recv_wr *r = wl_put(w, sizeof(*r));

	r->wr_id = cpu_to_le64(0x2000 + w->n);
	r->num_sge = cpu_to_le32(nsge);
	wl_count(w, ++w->n);
	return r;
}

static void wl_sge(struct wrlist *w, u64 addr, u32 length, u32 lkey)
{
	struct virtio_rdmaapi_sge *g = wl_put(w, sizeof(*g));

	g->addr = cpu_to_le64(addr);
	g->length = cpu_to_le32(length);
	g->lkey = cpu_to_le32(lkey);
}

/* Posts @w; returns the status, the response in *posted and *error. */
static int post(struct kunit *test, u16 opcode, struct wrlist *w,
		u32 *posted, int *error)
{
	int ret = vcall(test, opcode, w->b, w->len);

	*posted = resp32(test, 0);
	*error = (int)resp32(test, 1);
	return ret;
}

/*
 * The list is refused at its first work request with -EINVAL: status 0,
 * posted 0, and no post reached the device.
 */
static void expect_wr_refused(struct kunit *test, u16 opcode,
			      struct wrlist *w)
{
	int calls = S(test)->calls, error;
	u32 posted;

	KUNIT_EXPECT_EQ(test, 0, post(test, opcode, w, &posted, &error));
	KUNIT_EXPECT_EQ(test, 0, posted);
	KUNIT_EXPECT_EQ(test, -EINVAL, error);
	KUNIT_EXPECT_EQ_MSG(test, calls, S(test)->calls,
			    "the list reached the device");
}

/* The whole list is accepted: status 0, every work request posted. */
static void expect_posted(struct kunit *test, u16 opcode, struct wrlist *w)
{
	int error;
	u32 posted;

	KUNIT_EXPECT_EQ(test, 0, post(test, opcode, w, &posted, &error));
	KUNIT_EXPECT_EQ(test, w->n, posted);
	KUNIT_EXPECT_EQ(test, 0, error);
}

/* ====================================================================== */
/* Request lengths and contexts, every opcode                             */
/* ====================================================================== */

static const struct {
	u16 op;
	u32 req;
	u32 resp;
	bool var;
} verbs_sizes[] = {
	{ OP(QUERY_DEVICE), 0, sizeof(struct virtio_rdmaapi_device_attr) },
	{ OP(QUERY_PORT), sizeof(struct virtio_rdmaapi_query_port_req),
	  sizeof(struct virtio_rdmaapi_port_attr) },
	{ OP(QUERY_GID), sizeof(struct virtio_rdmaapi_query_gid_req),
	  sizeof(struct virtio_rdmaapi_gid) },
	{ OP(ALLOC_PD), 0, sizeof(struct virtio_rdmaapi_handle) },
	{ OP(DEALLOC_PD), sizeof(struct virtio_rdmaapi_handle), 0 },
	{ OP(CREATE_CQ), sizeof(struct virtio_rdmaapi_create_cq_req),
	  sizeof(struct virtio_rdmaapi_create_cq_resp) },
	{ OP(DESTROY_CQ), sizeof(struct virtio_rdmaapi_handle), 0 },
	{ OP(CREATE_QP), sizeof(struct virtio_rdmaapi_create_qp_req),
	  sizeof(struct virtio_rdmaapi_create_qp_resp) },
	{ OP(MODIFY_QP), sizeof(struct virtio_rdmaapi_modify_qp_req), 0 },
	{ OP(QUERY_QP), sizeof(struct virtio_rdmaapi_query_qp_req),
	  sizeof(struct virtio_rdmaapi_query_qp_resp) },
	{ OP(DESTROY_QP), sizeof(struct virtio_rdmaapi_handle), 0 },
	{ OP(CREATE_AH), sizeof(struct virtio_rdmaapi_create_ah_req),
	  sizeof(struct virtio_rdmaapi_handle) },
	{ OP(DESTROY_AH), sizeof(struct virtio_rdmaapi_handle), 0 },
	{ OP(CREATE_SRQ), sizeof(struct virtio_rdmaapi_create_srq_req),
	  sizeof(struct virtio_rdmaapi_create_srq_resp) },
	{ OP(MODIFY_SRQ), sizeof(struct virtio_rdmaapi_modify_srq_req), 0 },
	{ OP(QUERY_SRQ), sizeof(struct virtio_rdmaapi_handle),
	  sizeof(struct virtio_rdmaapi_srq_attr) },
	{ OP(DESTROY_SRQ), sizeof(struct virtio_rdmaapi_handle), 0 },
	{ OP(REG_MR), sizeof(struct virtio_rdmaapi_reg_mr_req),
	  sizeof(struct virtio_rdmaapi_reg_mr_resp), true },
	{ OP(DEREG_MR), sizeof(struct virtio_rdmaapi_handle), 0 },
	{ OP(REQ_NOTIFY_CQ), sizeof(struct virtio_rdmaapi_req_notify_cq_req),
	  0 },
	{ OP(POST_SEND), sizeof(struct virtio_rdmaapi_post_req),
	  sizeof(struct virtio_rdmaapi_post_resp), true },
	{ OP(POST_RECV), sizeof(struct virtio_rdmaapi_post_req),
	  sizeof(struct virtio_rdmaapi_post_resp), true },
	{ OP(POST_SRQ_RECV), sizeof(struct virtio_rdmaapi_post_req),
	  sizeof(struct virtio_rdmaapi_post_resp), true },
	{ OP(POLL_CQ), sizeof(struct virtio_rdmaapi_poll_cq_req),
	  sizeof(struct virtio_rdmaapi_poll_cq_resp) },
};

static int check_hdr(u16 opcode, u32 len, u32 resp_room)
{
	struct virtio_rdmaapi_req_hdr h = {
		.api = cpu_to_le16(VIRTIO_RDMAAPI_API_VERBS),
		.opcode = cpu_to_le16(opcode),
		.ctx = cpu_to_le32(1),
		.req_len = cpu_to_le32(len),
		.resp_len = cpu_to_le32(resp_room),
	};
	const struct rdmaapi_op *op;

	return rdmaapi_req_check(&h, HDR + len, RHDR + resp_room, &op);
}

static void len_exact_every_opcode(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(verbs_sizes); i++) {
		u16 op = verbs_sizes[i].op;
		u32 len = verbs_sizes[i].req, resp = verbs_sizes[i].resp;

		KUNIT_EXPECT_EQ_MSG(test, 0, check_hdr(op, len, resp),
				    "opcode %u", op);
		if (verbs_sizes[i].var)
			KUNIT_EXPECT_EQ_MSG(test, 0,
					    check_hdr(op, len + 8, resp),
					    "opcode %u", op);
	}
}

static void len_one_short_every_opcode_einval(struct kunit *test)
{
	u8 zero[512] = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(verbs_sizes); i++) {
		u32 len = verbs_sizes[i].req;

		if (!len)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    check_hdr(verbs_sizes[i].op, len - 1, ROOM),
				    "opcode %u", verbs_sizes[i].op);
		EXPECT_REFUSED(test, verbs_sizes[i].op, zero, len - 1,
			       -EINVAL);
	}
}

static void len_one_long_fixed_opcodes_einval(struct kunit *test)
{
	u8 zero[512] = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(verbs_sizes); i++) {
		if (verbs_sizes[i].var)
			continue;
		EXPECT_REFUSED(test, verbs_sizes[i].op, zero,
			       verbs_sizes[i].req + 1, -EINVAL);
	}
}

static void resp_room_one_short_every_opcode_enobufs(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(verbs_sizes); i++) {
		if (!verbs_sizes[i].resp)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, -ENOBUFS,
				    check_hdr(verbs_sizes[i].op,
					      verbs_sizes[i].req,
					      verbs_sizes[i].resp - 1),
				    "opcode %u", verbs_sizes[i].op);
	}
}

static void opcode_outside_table_eopnotsupp(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, check_hdr(0, 0, ROOM));
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			check_hdr(OP(POLL_CQ) + 1, 8, ROOM));
	KUNIT_EXPECT_EQ(test, 0, S(test)->calls);
}

static void unknown_ctx_ebadf(struct kunit *test)
{
	struct vt *t = T(test);
	u32 bad[] = { 0, t->ctx + 1, U32_MAX };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ(test, -EBADF,
				call_api(test, VIRTIO_RDMAAPI_API_VERBS,
					 OP(ALLOC_PD), bad[i], NULL, 0, ROOM));
		KUNIT_EXPECT_EQ(test, -EBADF,
				call_api(test, VIRTIO_RDMAAPI_API_VERBS,
					 OP(QUERY_DEVICE), bad[i], NULL, 0,
					 ROOM));
	}
	KUNIT_EXPECT_EQ(test, 0, S(test)->calls);
	KUNIT_EXPECT_EQ(test, 0, objs(test));
}

/* A handle of another context is unknown in this one. */
static void other_ctx_handle_einval(struct kunit *test)
{
	struct vt *t = T(test);
	struct virtio_rdmaapi_handle h = {};
	u32 pd = pd_new(test), ctx2;

	KUNIT_ASSERT_EQ(test, 0, call_api(test, VIRTIO_RDMAAPI_API_CORE,
					  VIRTIO_RDMAAPI_CORE_CREATE_CTX, 0,
					  NULL, 0, ROOM));
	ctx2 = resp32(test, 0);
	h.handle = cpu_to_le32(pd);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			call_api(test, VIRTIO_RDMAAPI_API_VERBS,
				 OP(DEALLOC_PD), ctx2, &h, sizeof(h), ROOM));
	KUNIT_EXPECT_EQ(test, 0, S(test)->dealloc_pd);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DEALLOC_PD), pd));
	KUNIT_EXPECT_EQ(test, 1, S(test)->dealloc_pd);
	(void)t;
}

static void query_port_boundaries(struct kunit *test)
{
	struct virtio_rdmaapi_query_port_req q = {};

	q.port_num = cpu_to_le32(1);
	EXPECT_OK(test, OP(QUERY_PORT), &q, sizeof(q));
	q.port_num = cpu_to_le32(0);
	EXPECT_REFUSED(test, OP(QUERY_PORT), &q, sizeof(q), -EINVAL);
	q.port_num = cpu_to_le32(FAKE_PORTS + 1);
	EXPECT_REFUSED(test, OP(QUERY_PORT), &q, sizeof(q), -EINVAL);
	q.port_num = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, OP(QUERY_PORT), &q, sizeof(q), -EINVAL);
}

static void query_gid_boundaries(struct kunit *test)
{
	struct virtio_rdmaapi_query_gid_req q = { .port_num = cpu_to_le32(1) };

	q.index = cpu_to_le32(FAKE_GID_TBL_LEN - 1);
	EXPECT_OK(test, OP(QUERY_GID), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 3, T(test)->resp[15]);
	/* Past the table: ib_core's -EINVAL; an empty entry: -ENODATA. */
	q.index = cpu_to_le32(FAKE_GID_TBL_LEN);
	KUNIT_EXPECT_EQ(test, -EINVAL, vcall(test, OP(QUERY_GID), &q,
					     sizeof(q)));
	q.index = cpu_to_le32(FAKE_GID_EMPTY);
	KUNIT_EXPECT_EQ(test, -ENODATA, vcall(test, OP(QUERY_GID), &q,
					      sizeof(q)));
	/* Beyond an int: refused before ib_core. */
	q.index = cpu_to_le32((u32)INT_MAX + 1);
	EXPECT_REFUSED(test, OP(QUERY_GID), &q, sizeof(q), -EINVAL);
	q.index = 0;
	q.port_num = cpu_to_le32(FAKE_PORTS + 1);
	EXPECT_REFUSED(test, OP(QUERY_GID), &q, sizeof(q), -EINVAL);
	q.port_num = 0;
	EXPECT_REFUSED(test, OP(QUERY_GID), &q, sizeof(q), -EINVAL);
}

static void query_device_reports_limits(struct kunit *test)
{
	struct virtio_rdmaapi_device_attr *r = (void *)T(test)->resp;

	EXPECT_OK(test, OP(QUERY_DEVICE), NULL, 0);
	KUNIT_EXPECT_STREQ(test, "1.2.3", (char *)r->fw_ver);
	KUNIT_EXPECT_EQ(test, FAKE_MAX_CQE, le32_to_cpu(r->max_cqe));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_QP_WR, le32_to_cpu(r->max_qp_wr));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_SEND_SGE, le32_to_cpu(r->max_send_sge));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_SRQ_SGE, le32_to_cpu(r->max_srq_sge));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_MR_SIZE, le64_to_cpu(r->max_mr_size));
	KUNIT_EXPECT_EQ(test, FAKE_PORTS, r->phys_port_cnt);
	KUNIT_EXPECT_EQ(test, VIRTIO_RDMAAPI_TRANSPORT_IB,
			le32_to_cpu(r->transport));
}

static struct kunit_case len_cases[] = {
	KUNIT_CASE(len_exact_every_opcode),
	KUNIT_CASE(len_one_short_every_opcode_einval),
	KUNIT_CASE(len_one_long_fixed_opcodes_einval),
	KUNIT_CASE(resp_room_one_short_every_opcode_enobufs),
	KUNIT_CASE(opcode_outside_table_eopnotsupp),
	KUNIT_CASE(unknown_ctx_ebadf),
	KUNIT_CASE(other_ctx_handle_einval),
	KUNIT_CASE(query_port_boundaries),
	KUNIT_CASE(query_gid_boundaries),
	KUNIT_CASE(query_device_reports_limits),
	{}
};

static struct kunit_suite len_suite = {
	.name = "rdmaapi_verbs_len",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_ib,
	.exit = vt_exit,
	.test_cases = len_cases,
};

/* ====================================================================== */
/* PD                                                                     */
/* ====================================================================== */

static void pd_alloc_dealloc(struct kunit *test)
{
	u32 pd = pd_new(test);

	KUNIT_EXPECT_NE(test, 0, pd);
	KUNIT_EXPECT_EQ(test, 1, S(test)->alloc_pd);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DEALLOC_PD), pd));
	KUNIT_EXPECT_EQ(test, 1, S(test)->dealloc_pd);
	KUNIT_EXPECT_EQ(test, 0, S(test)->live);
}

static void pd_dealloc_unknown_einval(struct kunit *test)
{
	struct virtio_rdmaapi_handle h = {};
	u32 pd = pd_new(test), cq = cq_new(test);

	h.handle = 0;
	EXPECT_REFUSED(test, OP(DEALLOC_PD), &h, sizeof(h), -EINVAL);
	h.handle = cpu_to_le32(pd + 100);
	EXPECT_REFUSED(test, OP(DEALLOC_PD), &h, sizeof(h), -EINVAL);
	h.handle = cpu_to_le32(cq);	/* wrong kind */
	EXPECT_REFUSED(test, OP(DEALLOC_PD), &h, sizeof(h), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DEALLOC_PD), pd));
	/* Gone: a second dealloc is an unknown handle. */
	h.handle = cpu_to_le32(pd);
	EXPECT_REFUSED(test, OP(DEALLOC_PD), &h, sizeof(h), -EINVAL);
}

static void pd_in_use_ebusy(struct kunit *test)
{
	struct virtio_rdmaapi_handle h = {};
	u32 pd = pd_new(test), ah = ah_new(test, pd);

	h.handle = cpu_to_le32(pd);
	EXPECT_REFUSED(test, OP(DEALLOC_PD), &h, sizeof(h), -EBUSY);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_AH), ah));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DEALLOC_PD), pd));
}

static void pd_at_limit_edquot(struct kunit *test)
{
	T(test)->dev->core.max_obj[VERBS_OBJ_PD] = 2;
	pd_new(test);
	pd_new(test);
	EXPECT_REFUSED(test, OP(ALLOC_PD), NULL, 0, -EDQUOT);
	KUNIT_EXPECT_EQ(test, 2, S(test)->alloc_pd);
}

static struct kunit_case pd_cases[] = {
	KUNIT_CASE(pd_alloc_dealloc),
	KUNIT_CASE(pd_dealloc_unknown_einval),
	KUNIT_CASE(pd_in_use_ebusy),
	KUNIT_CASE(pd_at_limit_edquot),
	{}
};

static struct kunit_suite pd_suite = {
	.name = "rdmaapi_verbs_pd",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_ib,
	.exit = vt_exit,
	.test_cases = pd_cases,
};

/* ====================================================================== */
/* CQ: create, destroy, req_notify, poll                                  */
/* ====================================================================== */

static void cq_cqe_boundaries(struct kunit *test)
{
	struct virtio_rdmaapi_create_cq_req q = cq_req();

	q.cqe = cpu_to_le32(1);
	EXPECT_OK(test, OP(CREATE_CQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 1, S(test)->cq_attr.cqe);
	KUNIT_EXPECT_EQ(test, 1, resp32(test, 1));
	q.cqe = cpu_to_le32(FAKE_MAX_CQE);
	EXPECT_OK(test, OP(CREATE_CQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_CQE, S(test)->cq_attr.cqe);
	KUNIT_EXPECT_EQ(test, 2, S(test)->create_cq);

	q.cqe = 0;
	EXPECT_REFUSED(test, OP(CREATE_CQ), &q, sizeof(q), -EINVAL);
	q.cqe = cpu_to_le32(FAKE_MAX_CQE + 1);
	EXPECT_REFUSED(test, OP(CREATE_CQ), &q, sizeof(q), -EINVAL);
	q.cqe = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, OP(CREATE_CQ), &q, sizeof(q), -EINVAL);
}

static void cq_comp_vector_boundaries(struct kunit *test)
{
	struct virtio_rdmaapi_create_cq_req q = cq_req();

	q.comp_vector = cpu_to_le32(FAKE_COMP_VECTORS - 1);
	EXPECT_OK(test, OP(CREATE_CQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, FAKE_COMP_VECTORS - 1,
			S(test)->cq_attr.comp_vector);
	q.comp_vector = cpu_to_le32(FAKE_COMP_VECTORS);
	EXPECT_REFUSED(test, OP(CREATE_CQ), &q, sizeof(q), -EINVAL);
	q.comp_vector = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, OP(CREATE_CQ), &q, sizeof(q), -EINVAL);
}

static void cq_flags_and_reserved(struct kunit *test)
{
	struct virtio_rdmaapi_create_cq_req q = cq_req();

	q.flags = 0;
	EXPECT_OK(test, OP(CREATE_CQ), &q, sizeof(q));
	q.flags = cpu_to_le32(VIRTIO_RDMAAPI_CQ_F_EVENTS);
	EXPECT_OK(test, OP(CREATE_CQ), &q, sizeof(q));
	q.flags = cpu_to_le32(VIRTIO_RDMAAPI_CQ_F_EVENTS << 1);
	EXPECT_REFUSED(test, OP(CREATE_CQ), &q, sizeof(q), -EINVAL);
	q.flags = cpu_to_le32(BIT(31) | VIRTIO_RDMAAPI_CQ_F_EVENTS);
	EXPECT_REFUSED(test, OP(CREATE_CQ), &q, sizeof(q), -EINVAL);
	q.flags = 0;
	q.reserved = cpu_to_le32(1);
	EXPECT_REFUSED(test, OP(CREATE_CQ), &q, sizeof(q), -EINVAL);
}

static void cq_at_limit_edquot(struct kunit *test)
{
	struct virtio_rdmaapi_create_cq_req q = cq_req();

	T(test)->dev->core.max_obj[VERBS_OBJ_CQ] = 1;
	EXPECT_OK(test, OP(CREATE_CQ), &q, sizeof(q));
	EXPECT_REFUSED(test, OP(CREATE_CQ), &q, sizeof(q), -EDQUOT);
}

static void cq_destroy_unknown_and_busy(struct kunit *test)
{
	struct virtio_rdmaapi_handle h = {};
	u32 pd = pd_new(test), cq = cq_new(test), cq2 = cq_new(test);
	u32 qp = qp_new(test, pd, cq, VIRTIO_RDMAAPI_QPT_RC);

	h.handle = cpu_to_le32(pd);	/* wrong kind */
	EXPECT_REFUSED(test, OP(DESTROY_CQ), &h, sizeof(h), -EINVAL);
	h.handle = cpu_to_le32(cq2 + 100);
	EXPECT_REFUSED(test, OP(DESTROY_CQ), &h, sizeof(h), -EINVAL);
	h.handle = cpu_to_le32(cq);
	EXPECT_REFUSED(test, OP(DESTROY_CQ), &h, sizeof(h), -EBUSY);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_CQ), cq2));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_QP), qp));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_CQ), cq));
	KUNIT_EXPECT_EQ(test, 2, S(test)->destroy_cq);
}

static void req_notify_boundaries(struct kunit *test)
{
	struct virtio_rdmaapi_req_notify_cq_req q = {};
	u32 cq = cq_new(test), quiet = cq_new_flags(test, 0);

	q.cq = cpu_to_le32(cq);
	EXPECT_OK(test, OP(REQ_NOTIFY_CQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, IB_CQ_NEXT_COMP, S(test)->notify_flags);
	q.solicited_only = cpu_to_le32(1);
	EXPECT_OK(test, OP(REQ_NOTIFY_CQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, IB_CQ_SOLICITED, S(test)->notify_flags);
	q.solicited_only = cpu_to_le32(U32_MAX);
	EXPECT_OK(test, OP(REQ_NOTIFY_CQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, IB_CQ_SOLICITED, S(test)->notify_flags);
	KUNIT_EXPECT_EQ(test, 3, S(test)->req_notify_cq);

	/* Created without events: nothing to arm. */
	q.cq = cpu_to_le32(quiet);
	EXPECT_REFUSED(test, OP(REQ_NOTIFY_CQ), &q, sizeof(q), -EINVAL);
	q.cq = 0;
	EXPECT_REFUSED(test, OP(REQ_NOTIFY_CQ), &q, sizeof(q), -EINVAL);
	q.cq = cpu_to_le32(quiet + 1);
	EXPECT_REFUSED(test, OP(REQ_NOTIFY_CQ), &q, sizeof(q), -EINVAL);
	q.cq = cpu_to_le32(pd_new(test));
	EXPECT_REFUSED(test, OP(REQ_NOTIFY_CQ), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 3, S(test)->req_notify_cq);
}

static void poll_max_boundaries(struct kunit *test)
{
	struct virtio_rdmaapi_poll_cq_req q = {};
	u32 cq = cq_new(test);

	q.cq = cpu_to_le32(cq);
	q.max = cpu_to_le32(1);
	EXPECT_OK(test, OP(POLL_CQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 1, S(test)->poll_num);
	KUNIT_EXPECT_EQ(test, 0, resp32(test, 0));
	q.max = cpu_to_le32(VIRTIO_RDMAAPI_POLL_MAX);
	EXPECT_OK(test, OP(POLL_CQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, VIRTIO_RDMAAPI_POLL_MAX, S(test)->poll_num);
	KUNIT_EXPECT_EQ(test, 2, S(test)->poll_cq);

	q.max = 0;
	EXPECT_REFUSED(test, OP(POLL_CQ), &q, sizeof(q), -EINVAL);
	q.max = cpu_to_le32(VIRTIO_RDMAAPI_POLL_MAX + 1);
	EXPECT_REFUSED(test, OP(POLL_CQ), &q, sizeof(q), -EINVAL);
	q.max = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, OP(POLL_CQ), &q, sizeof(q), -EINVAL);
}

static void poll_unknown_cq_einval(struct kunit *test)
{
	struct virtio_rdmaapi_poll_cq_req q = { .max = cpu_to_le32(1) };
	u32 cq = cq_new(test);

	q.cq = 0;
	EXPECT_REFUSED(test, OP(POLL_CQ), &q, sizeof(q), -EINVAL);
	q.cq = cpu_to_le32(cq + 1);
	EXPECT_REFUSED(test, OP(POLL_CQ), &q, sizeof(q), -EINVAL);
	q.cq = cpu_to_le32(pd_new(test));
	EXPECT_REFUSED(test, OP(POLL_CQ), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, S(test)->poll_cq);
}

/* Completions come back in wire form; never more than asked. */
static void poll_returns_completions(struct kunit *test)
{
	struct virtio_rdmaapi_poll_cq_req q = {};
	struct virtio_rdmaapi_poll_cq_resp *r;
	struct verbs_cq *vcq;
	struct ib_wc wc = {};
	u32 cq = cq_new(test), i;

	vcq = container_of(rdmaapi_obj_get(xa_load(&T(test)->dev->core.ctxs,
						   T(test)->ctx),
					   cpu_to_le32(cq), &verbs_cq_type),
			   struct verbs_cq, obj);
	for (i = 0; i < VIRTIO_RDMAAPI_POLL_MAX + 2; i++) {
		wc.wr_id = i;
		wc.status = i ? IB_WC_SUCCESS : IB_WC_LOC_PROT_ERR;
		wc.opcode = IB_WC_RECV;
		wc.byte_len = 100 + i;
		wc.wc_flags = i == 1 ? IB_WC_GRH | IB_WC_WITH_IMM |
				       IB_WC_WITH_INVALIDATE : 0;
		wc.src_qp = 0xabcdef;
		wc.sl = 15;
		fake_ib_push_wc(vcq->cq, &wc);
	}
	q.cq = cpu_to_le32(cq);
	q.max = cpu_to_le32(VIRTIO_RDMAAPI_POLL_MAX);
	EXPECT_OK(test, OP(POLL_CQ), &q, sizeof(q));
	r = (void *)T(test)->resp;
	KUNIT_EXPECT_EQ(test, VIRTIO_RDMAAPI_POLL_MAX, le32_to_cpu(r->count));
	KUNIT_EXPECT_EQ(test, 0, le64_to_cpu(r->wc[0].wr_id));
	KUNIT_EXPECT_EQ(test, IB_WC_LOC_PROT_ERR, le32_to_cpu(r->wc[0].status));
	KUNIT_EXPECT_EQ(test, 1 | 2 | 8, le32_to_cpu(r->wc[1].wc_flags));
	KUNIT_EXPECT_EQ(test, 0, le32_to_cpu(r->wc[2].wc_flags));
	KUNIT_EXPECT_EQ(test, 131, le32_to_cpu(r->wc[31].byte_len));
	KUNIT_EXPECT_EQ(test, 0xabcdef, le32_to_cpu(r->wc[31].src_qp));
	KUNIT_EXPECT_EQ(test, 15, r->wc[31].sl);
	q.max = cpu_to_le32(1);
	EXPECT_OK(test, OP(POLL_CQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 1, le32_to_cpu(r->count));
	KUNIT_EXPECT_EQ(test, 32, le64_to_cpu(r->wc[0].wr_id));
	/* The rest of the response is zero, not stale. */
	KUNIT_EXPECT_EQ(test, 0, le64_to_cpu(r->wc[1].wr_id));
}

/* The host CQ's and QP's callbacks become events carrying the cookies. */
static void events_carry_handles_and_cookies(struct kunit *test)
{
	struct rdmaapi_ctx *ctx = xa_load(&T(test)->dev->core.ctxs,
					  T(test)->ctx);
	const struct virtio_rdmaapi_event *ev = &S(test)->last_event;
	u32 pd = pd_new(test), cq = cq_new(test);
	u32 qp = qp_new(test, pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	struct ib_event e = { .event = IB_EVENT_QP_FATAL };
	struct verbs_qp *vqp = verbs_qp_get(ctx, cpu_to_le32(qp));
	struct verbs_cq *vcq;

	vcq = container_of(rdmaapi_obj_get(ctx, cpu_to_le32(cq),
					   &verbs_cq_type),
			   struct verbs_cq, obj);
	vcq->cq->comp_handler(vcq->cq, vcq->cq->cq_context);
	KUNIT_EXPECT_EQ(test, 1, S(test)->events);
	KUNIT_EXPECT_EQ(test, VIRTIO_RDMAAPI_EV_COMP, le32_to_cpu(ev->type));
	KUNIT_EXPECT_EQ(test, T(test)->ctx, le32_to_cpu(ev->ctx));
	KUNIT_EXPECT_EQ(test, cq, le32_to_cpu(ev->handle));
	KUNIT_EXPECT_EQ(test, 0xc0c0, le64_to_cpu(ev->cookie));
	KUNIT_ASSERT_NOT_NULL(test, vqp);
	e.element.qp = vqp->qp;
	vqp->qp->event_handler(&e, vqp->qp->qp_context);
	KUNIT_EXPECT_EQ(test, 2, S(test)->events);
	KUNIT_EXPECT_EQ(test, VIRTIO_RDMAAPI_EV_ASYNC, le32_to_cpu(ev->type));
	KUNIT_EXPECT_EQ(test, qp, le32_to_cpu(ev->handle));
	KUNIT_EXPECT_EQ(test, IB_EVENT_QP_FATAL, le32_to_cpu(ev->event));
	KUNIT_EXPECT_EQ(test, 0x9090, le64_to_cpu(ev->cookie));
}

static struct kunit_case cq_cases[] = {
	KUNIT_CASE(cq_cqe_boundaries),
	KUNIT_CASE(cq_comp_vector_boundaries),
	KUNIT_CASE(cq_flags_and_reserved),
	KUNIT_CASE(cq_at_limit_edquot),
	KUNIT_CASE(cq_destroy_unknown_and_busy),
	KUNIT_CASE(req_notify_boundaries),
	KUNIT_CASE(poll_max_boundaries),
	KUNIT_CASE(poll_unknown_cq_einval),
	KUNIT_CASE(poll_returns_completions),
	KUNIT_CASE(events_carry_handles_and_cookies),
	{}
};

static struct kunit_suite cq_suite = {
	.name = "rdmaapi_verbs_cq",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_ib,
	.exit = vt_exit,
	.test_cases = cq_cases,
};

/* ====================================================================== */
/* QP: create, destroy, query                                             */
/* ====================================================================== */

static void qp_types(struct kunit *test)
{
	struct virtio_rdmaapi_create_qp_req q;
	u32 pd = pd_new(test), cq = cq_new(test);
	static const u32 bad[] = { 0, 1, 3, 5, U32_MAX };
	unsigned int i;

	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	EXPECT_OK(test, OP(CREATE_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, IB_QPT_RC, S(test)->qp_attr.qp_type);
	KUNIT_EXPECT_EQ(test, IB_SIGNAL_REQ_WR, S(test)->qp_attr.sq_sig_type);
	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_UD);
	q.sq_sig_all = cpu_to_le32(1);
	EXPECT_OK(test, OP(CREATE_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, IB_QPT_UD, S(test)->qp_attr.qp_type);
	KUNIT_EXPECT_EQ(test, IB_SIGNAL_ALL_WR, S(test)->qp_attr.sq_sig_type);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		q.qp_type = cpu_to_le32(bad[i]);
		EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	}
	KUNIT_EXPECT_EQ(test, 2, S(test)->create_qp);
}

static void qp_caps_at_max(struct kunit *test)
{
	struct virtio_rdmaapi_create_qp_req q;
	struct virtio_rdmaapi_create_qp_resp *r;
	u32 pd = pd_new(test), cq = cq_new(test);

	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.cap.max_send_wr = cpu_to_le32(FAKE_MAX_QP_WR);
	q.cap.max_recv_wr = cpu_to_le32(FAKE_MAX_QP_WR);
	q.cap.max_send_sge = cpu_to_le32(FAKE_MAX_SEND_SGE);
	q.cap.max_recv_sge = cpu_to_le32(FAKE_MAX_RECV_SGE);
	EXPECT_OK(test, OP(CREATE_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_QP_WR, S(test)->qp_attr.cap.max_send_wr);
	KUNIT_EXPECT_EQ(test, FAKE_MAX_QP_WR, S(test)->qp_attr.cap.max_recv_wr);
	KUNIT_EXPECT_EQ(test, FAKE_MAX_SEND_SGE,
			S(test)->qp_attr.cap.max_send_sge);
	KUNIT_EXPECT_EQ(test, FAKE_MAX_RECV_SGE,
			S(test)->qp_attr.cap.max_recv_sge);
	r = (void *)T(test)->resp;
	KUNIT_EXPECT_NE(test, 0, le32_to_cpu(r->qp));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_QP_WR, le32_to_cpu(r->cap.max_send_wr));
	KUNIT_EXPECT_EQ(test, 32, le32_to_cpu(r->cap.max_inline_data));
	/* Zero of everything is the device's to judge. */
	memset(&q.cap, 0, sizeof(q.cap));
	EXPECT_OK(test, OP(CREATE_QP), &q, sizeof(q));
}

static void qp_caps_one_past_einval(struct kunit *test)
{
	struct virtio_rdmaapi_create_qp_req q;
	u32 pd = pd_new(test), cq = cq_new(test);

	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.cap.max_send_wr = cpu_to_le32(FAKE_MAX_QP_WR + 1);
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.cap.max_recv_wr = cpu_to_le32(FAKE_MAX_QP_WR + 1);
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.cap.max_send_sge = cpu_to_le32(FAKE_MAX_SEND_SGE + 1);
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.cap.max_recv_sge = cpu_to_le32(FAKE_MAX_RECV_SGE + 1);
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.cap.max_send_wr = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, S(test)->create_qp);
}

/* The inline size is the device's to check (as with uverbs): unchanged. */
static void qp_inline_passes_through(struct kunit *test)
{
	struct virtio_rdmaapi_create_qp_req q;
	u32 pd = pd_new(test), cq = cq_new(test);

	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.cap.max_inline_data = cpu_to_le32(1024);
	EXPECT_OK(test, OP(CREATE_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 1024, S(test)->qp_attr.cap.max_inline_data);
}

static void qp_unknown_handles_einval(struct kunit *test)
{
	struct virtio_rdmaapi_create_qp_req q;
	u32 pd = pd_new(test), cq = cq_new(test), srq = srq_new(test, pd);

	q = qp_req(pd + 100, cq, VIRTIO_RDMAAPI_QPT_RC);
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	q = qp_req(0, cq, VIRTIO_RDMAAPI_QPT_RC);
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	q = qp_req(cq, cq, VIRTIO_RDMAAPI_QPT_RC);	/* a CQ as PD */
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.send_cq = cpu_to_le32(pd);			/* a PD as CQ */
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.recv_cq = 0;
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.srq = cpu_to_le32(srq + 100);
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	q.srq = cpu_to_le32(cq);			/* a CQ as SRQ */
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, S(test)->create_qp);
}

static void qp_with_srq_holds_its_objects(struct kunit *test)
{
	struct virtio_rdmaapi_create_qp_req q;
	struct virtio_rdmaapi_handle h = {};
	u32 pd = pd_new(test), cq = cq_new(test), srq = srq_new(test, pd), qp;

	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	q.srq = cpu_to_le32(srq);
	q.cap.max_recv_wr = 0;
	qp = qp_new_req(test, &q);
	KUNIT_EXPECT_NOT_NULL(test, S(test)->qp_attr.srq);
	h.handle = cpu_to_le32(srq);
	EXPECT_REFUSED(test, OP(DESTROY_SRQ), &h, sizeof(h), -EBUSY);
	h.handle = cpu_to_le32(pd);
	EXPECT_REFUSED(test, OP(DEALLOC_PD), &h, sizeof(h), -EBUSY);
	h.handle = cpu_to_le32(cq);
	EXPECT_REFUSED(test, OP(DESTROY_CQ), &h, sizeof(h), -EBUSY);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_QP), qp));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_SRQ), srq));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_CQ), cq));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DEALLOC_PD), pd));
	KUNIT_EXPECT_EQ(test, 0, S(test)->live);
}

static void qp_at_limit_edquot(struct kunit *test)
{
	struct virtio_rdmaapi_create_qp_req q;
	u32 pd = pd_new(test), cq = cq_new(test);

	T(test)->dev->core.max_obj[VERBS_OBJ_QP] = 1;
	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	EXPECT_OK(test, OP(CREATE_QP), &q, sizeof(q));
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EDQUOT);
}

static void qp_destroy_query_unknown_einval(struct kunit *test)
{
	struct virtio_rdmaapi_query_qp_req qq = {};
	struct virtio_rdmaapi_handle h = {};
	u32 pd = pd_new(test), cq = cq_new(test);
	u32 qp = qp_new(test, pd, cq, VIRTIO_RDMAAPI_QPT_RC);

	h.handle = cpu_to_le32(cq);
	EXPECT_REFUSED(test, OP(DESTROY_QP), &h, sizeof(h), -EINVAL);
	h.handle = cpu_to_le32(qp + 100);
	EXPECT_REFUSED(test, OP(DESTROY_QP), &h, sizeof(h), -EINVAL);
	qq.qp = cpu_to_le32(cq);
	EXPECT_REFUSED(test, OP(QUERY_QP), &qq, sizeof(qq), -EINVAL);
	qq.qp = 0;
	EXPECT_REFUSED(test, OP(QUERY_QP), &qq, sizeof(qq), -EINVAL);
	/* Mask bits past IBV_QP_DEST_QPN never reach ib_core. */
	qq.qp = cpu_to_le32(qp);
	qq.attr_mask = cpu_to_le32(U32_MAX);
	EXPECT_OK(test, OP(QUERY_QP), &qq, sizeof(qq));
	KUNIT_EXPECT_EQ(test, QP_MASK_ALL, S(test)->query_qp_mask);
	KUNIT_EXPECT_EQ(test, VIRTIO_RDMAAPI_QPT_RC,
			le32_to_cpu(((struct virtio_rdmaapi_query_qp_resp *)
				     T(test)->resp)->qp_type));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_QP), qp));
	KUNIT_EXPECT_EQ(test, 1, S(test)->destroy_qp);
}

static struct kunit_case qp_cases[] = {
	KUNIT_CASE(qp_types),
	KUNIT_CASE(qp_caps_at_max),
	KUNIT_CASE(qp_caps_one_past_einval),
	KUNIT_CASE(qp_inline_passes_through),
	KUNIT_CASE(qp_unknown_handles_einval),
	KUNIT_CASE(qp_with_srq_holds_its_objects),
	KUNIT_CASE(qp_at_limit_edquot),
	KUNIT_CASE(qp_destroy_query_unknown_einval),
	{}
};

static struct kunit_suite qp_suite = {
	.name = "rdmaapi_verbs_qp",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_ib,
	.exit = vt_exit,
	.test_cases = qp_cases,
};

/* ====================================================================== */
/* MODIFY_QP                                                              */
/* ====================================================================== */

/* A request that every check accepts with every mask bit set. */
static struct virtio_rdmaapi_modify_qp_req mq_req(u32 qp, u32 mask)
{
	struct virtio_rdmaapi_modify_qp_req q = {
		.qp = cpu_to_le32(qp),
		.attr_mask = cpu_to_le32(mask),
		.attr = {
			.qp_state = cpu_to_le32(IB_QPS_INIT),
			.path_mtu = cpu_to_le32(IB_MTU_1024),
			.port_num = 1,
			.ah_attr = { .port_num = 1 },
			.alt_ah_attr = { .port_num = 1 },
			.alt_port_num = 1,
		},
	};

	return q;
}

static u32 mq_qp(struct kunit *test)
{
	u32 pd = pd_new(test), cq = cq_new(test);

	return qp_new(test, pd, cq, VIRTIO_RDMAAPI_QPT_RC);
}

static void mq_mask_boundaries(struct kunit *test)
{
	u32 qp = mq_qp(test);
	struct virtio_rdmaapi_modify_qp_req q = mq_req(qp, QP_MASK_ALL);

	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, QP_MASK_ALL, S(test)->modify_mask);
	q = mq_req(qp, IB_QP_DEST_QPN);
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, IB_QP_DEST_QPN, S(test)->modify_mask);
	q = mq_req(qp, IB_QP_STATE);
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 3, S(test)->modify_qp);

	q = mq_req(qp, 0);
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q = mq_req(qp, IB_QP_DEST_QPN << 1);
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q = mq_req(qp, QP_MASK_ALL | IB_QP_DEST_QPN << 1);
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q = mq_req(qp, IB_QP_STATE | BIT(31));
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
}

static void mq_states(struct kunit *test)
{
	u32 qp = mq_qp(test);
	struct virtio_rdmaapi_modify_qp_req q = mq_req(qp, QP_MASK_ALL);

	q.attr.qp_state = cpu_to_le32(IB_QPS_ERR);
	q.attr.cur_qp_state = cpu_to_le32(IB_QPS_ERR);
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, IB_QPS_ERR, S(test)->modify_attr.qp_state);
	KUNIT_EXPECT_EQ(test, IB_QPS_ERR, S(test)->modify_attr.cur_qp_state);

	q.attr.qp_state = cpu_to_le32(IB_QPS_ERR + 1);
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q.attr.qp_state = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q.attr.qp_state = cpu_to_le32(IB_QPS_RTS);
	q.attr.cur_qp_state = cpu_to_le32(IB_QPS_ERR + 1);
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
}

static void mq_path_mtu(struct kunit *test)
{
	u32 qp = mq_qp(test);
	struct virtio_rdmaapi_modify_qp_req q = mq_req(qp, IB_QP_PATH_MTU);

	q.attr.path_mtu = cpu_to_le32(IB_MTU_256);
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, IB_MTU_256, S(test)->modify_attr.path_mtu);
	q.attr.path_mtu = cpu_to_le32(IB_MTU_4096);
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, IB_MTU_4096, S(test)->modify_attr.path_mtu);
	q.attr.path_mtu = cpu_to_le32(IB_MTU_256 - 1);
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q.attr.path_mtu = cpu_to_le32(IB_MTU_4096 + 1);
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	/* Not in the mask: not looked at. */
	q = mq_req(qp, IB_QP_STATE);
	q.attr.path_mtu = cpu_to_le32(IB_MTU_4096 + 1);
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
}

static void mq_mig_state(struct kunit *test)
{
	u32 qp = mq_qp(test);
	struct virtio_rdmaapi_modify_qp_req q = mq_req(qp, IB_QP_PATH_MIG_STATE);

	q.attr.path_mig_state = cpu_to_le32(IB_MIG_ARMED);
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, IB_MIG_ARMED,
			S(test)->modify_attr.path_mig_state);
	q.attr.path_mig_state = cpu_to_le32(IB_MIG_ARMED + 1);
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
}

static void mq_port(struct kunit *test)
{
	u32 qp = mq_qp(test);
	struct virtio_rdmaapi_modify_qp_req q = mq_req(qp, IB_QP_PORT);

	q.attr.port_num = FAKE_PORTS;
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, FAKE_PORTS, S(test)->modify_attr.port_num);
	q.attr.port_num = FAKE_PORTS + 1;
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q.attr.port_num = 0;
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q.attr.port_num = 255;
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	/* Not in the mask: not looked at. */
	q = mq_req(qp, IB_QP_STATE);
	q.attr.port_num = 0;
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
}

static void mq_av_ports(struct kunit *test)
{
	u32 qp = mq_qp(test);
	struct virtio_rdmaapi_modify_qp_req q = mq_req(qp, IB_QP_AV);

	q.attr.ah_attr.dlid = cpu_to_le16(0xbeef);
	q.attr.ah_attr.sl = 15;
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 0xbeef,
			rdma_ah_get_dlid(&S(test)->modify_attr.ah_attr));
	KUNIT_EXPECT_EQ(test, 1,
			rdma_ah_get_port_num(&S(test)->modify_attr.ah_attr));
	KUNIT_EXPECT_EQ(test, 15, rdma_ah_get_sl(&S(test)->modify_attr.ah_attr));
	q.attr.ah_attr.port_num = FAKE_PORTS + 1;
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q.attr.ah_attr.port_num = 0;
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);

	q = mq_req(qp, IB_QP_ALT_PATH);
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	q.attr.alt_ah_attr.port_num = FAKE_PORTS + 1;
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	/* Without the mask bits the address vectors are not looked at. */
	q = mq_req(qp, IB_QP_STATE);
	q.attr.ah_attr.port_num = 0;
	q.attr.alt_ah_attr.port_num = 0;
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
}

/*
 * Fields the decoder leaves to ib_core and the driver, as uverbs does:
 * the largest wire values reach the device unchanged, not truncated.
 */
static void mq_passthrough_fields(struct kunit *test)
{
	u32 qp = mq_qp(test);
	struct virtio_rdmaapi_modify_qp_req q = mq_req(qp, QP_MASK_ALL);
	const struct ib_qp_attr *a = &S(test)->modify_attr;

	q.attr.pkey_index = cpu_to_le16(0xffff);
	q.attr.alt_pkey_index = cpu_to_le16(FAKE_PKEY_TBL_LEN);
	q.attr.timeout = 31;
	q.attr.alt_timeout = 32;
	q.attr.retry_cnt = 7;
	q.attr.rnr_retry = 8;
	q.attr.min_rnr_timer = 31;
	q.attr.dest_qp_num = cpu_to_le32(0xffffff);
	q.attr.qkey = cpu_to_le32(0x80000000);
	q.attr.rq_psn = cpu_to_le32(0xffffff);
	q.attr.sq_psn = cpu_to_le32(0x1000000);
	q.attr.qp_access_flags = cpu_to_le32(ALL_ACCESS);
	q.attr.max_rd_atomic = 255;
	q.attr.max_dest_rd_atomic = 16;
	q.attr.en_sqd_async_notify = 1;
	q.attr.cap.max_send_wr = cpu_to_le32(FAKE_MAX_QP_WR + 1);
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 0xffff, a->pkey_index);
	KUNIT_EXPECT_EQ(test, FAKE_PKEY_TBL_LEN, a->alt_pkey_index);
	KUNIT_EXPECT_EQ(test, 31, a->timeout);
	KUNIT_EXPECT_EQ(test, 32, a->alt_timeout);
	KUNIT_EXPECT_EQ(test, 7, a->retry_cnt);
	KUNIT_EXPECT_EQ(test, 8, a->rnr_retry);
	KUNIT_EXPECT_EQ(test, 31, a->min_rnr_timer);
	KUNIT_EXPECT_EQ(test, 0xffffff, a->dest_qp_num);
	KUNIT_EXPECT_EQ(test, 0x80000000, a->qkey);
	KUNIT_EXPECT_EQ(test, 0xffffff, a->rq_psn);
	KUNIT_EXPECT_EQ(test, 0x1000000, a->sq_psn);
	KUNIT_EXPECT_EQ(test, ALL_ACCESS, a->qp_access_flags);
	KUNIT_EXPECT_EQ(test, 255, a->max_rd_atomic);
	KUNIT_EXPECT_EQ(test, 16, a->max_dest_rd_atomic);
	KUNIT_EXPECT_EQ(test, 1, a->en_sqd_async_notify);
	KUNIT_EXPECT_EQ(test, FAKE_MAX_QP_WR + 1, a->cap.max_send_wr);
	KUNIT_EXPECT_EQ(test, 1, a->alt_port_num);
	q.attr.dest_qp_num = cpu_to_le32(0x1000000);
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 0x1000000, a->dest_qp_num);
}

static void mq_unknown_qp_einval(struct kunit *test)
{
	u32 qp = mq_qp(test);
	struct virtio_rdmaapi_modify_qp_req q = mq_req(0, IB_QP_STATE);

	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q.qp = cpu_to_le32(qp + 100);
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q.qp = cpu_to_le32(qp - 1);	/* the CQ */
	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, S(test)->modify_qp);
}

static struct kunit_case mq_cases[] = {
	KUNIT_CASE(mq_mask_boundaries),
	KUNIT_CASE(mq_states),
	KUNIT_CASE(mq_path_mtu),
	KUNIT_CASE(mq_mig_state),
	KUNIT_CASE(mq_port),
	KUNIT_CASE(mq_av_ports),
	KUNIT_CASE(mq_passthrough_fields),
	KUNIT_CASE(mq_unknown_qp_einval),
	{}
};

static struct kunit_suite mq_suite = {
	.name = "rdmaapi_verbs_modify_qp",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_ib,
	.exit = vt_exit,
	.test_cases = mq_cases,
};

/* ====================================================================== */
/* SRQ                                                                    */
/* ====================================================================== */

static void srq_create_boundaries(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct virtio_rdmaapi_create_srq_req q = srq_req(pd);
	struct virtio_rdmaapi_create_srq_resp *r = (void *)T(test)->resp;

	q.attr.max_wr = cpu_to_le32(1);
	q.attr.max_sge = cpu_to_le32(1);
	EXPECT_OK(test, OP(CREATE_SRQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 1, S(test)->srq_attr.max_wr);
	q.attr.max_wr = cpu_to_le32(FAKE_MAX_SRQ_WR);
	q.attr.max_sge = cpu_to_le32(FAKE_MAX_SRQ_SGE);
	q.attr.srq_limit = cpu_to_le32(U32_MAX);
	EXPECT_OK(test, OP(CREATE_SRQ), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_SRQ_WR, S(test)->srq_attr.max_wr);
	KUNIT_EXPECT_EQ(test, FAKE_MAX_SRQ_SGE, S(test)->srq_attr.max_sge);
	KUNIT_EXPECT_EQ(test, U32_MAX, S(test)->srq_attr.srq_limit);
	KUNIT_EXPECT_NE(test, 0, le32_to_cpu(r->srq));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_SRQ_WR, le32_to_cpu(r->attr.max_wr));

	q = srq_req(pd);
	q.attr.max_wr = 0;
	EXPECT_REFUSED(test, OP(CREATE_SRQ), &q, sizeof(q), -EINVAL);
	q.attr.max_wr = cpu_to_le32(FAKE_MAX_SRQ_WR + 1);
	EXPECT_REFUSED(test, OP(CREATE_SRQ), &q, sizeof(q), -EINVAL);
	q = srq_req(pd);
	q.attr.max_sge = 0;
	EXPECT_REFUSED(test, OP(CREATE_SRQ), &q, sizeof(q), -EINVAL);
	q.attr.max_sge = cpu_to_le32(FAKE_MAX_SRQ_SGE + 1);
	EXPECT_REFUSED(test, OP(CREATE_SRQ), &q, sizeof(q), -EINVAL);
	q = srq_req(pd);
	q.reserved = cpu_to_le32(1);
	EXPECT_REFUSED(test, OP(CREATE_SRQ), &q, sizeof(q), -EINVAL);
	q = srq_req(pd + 100);
	EXPECT_REFUSED(test, OP(CREATE_SRQ), &q, sizeof(q), -EINVAL);
	q = srq_req(0);
	EXPECT_REFUSED(test, OP(CREATE_SRQ), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 2, S(test)->create_srq);
}

static void srq_modify_mask(struct kunit *test)
{
	u32 srq = srq_new(test, pd_new(test));
	struct virtio_rdmaapi_modify_srq_req q = {
		.srq = cpu_to_le32(srq),
		.attr = { .max_wr = cpu_to_le32(33),
			  .srq_limit = cpu_to_le32(5) },
	};
	u32 mask;

	for (mask = 1; mask <= 3; mask++) {
		q.attr_mask = cpu_to_le32(mask);
		EXPECT_OK(test, OP(MODIFY_SRQ), &q, sizeof(q));
		KUNIT_EXPECT_EQ(test, mask, S(test)->srq_mask);
		KUNIT_EXPECT_EQ(test, 33, S(test)->srq_attr.max_wr);
		KUNIT_EXPECT_EQ(test, 5, S(test)->srq_attr.srq_limit);
	}
	q.attr_mask = 0;
	EXPECT_REFUSED(test, OP(MODIFY_SRQ), &q, sizeof(q), -EINVAL);
	q.attr_mask = cpu_to_le32(4);
	EXPECT_REFUSED(test, OP(MODIFY_SRQ), &q, sizeof(q), -EINVAL);
	q.attr_mask = cpu_to_le32(3 | BIT(31));
	EXPECT_REFUSED(test, OP(MODIFY_SRQ), &q, sizeof(q), -EINVAL);
	q.attr_mask = cpu_to_le32(1);
	q.srq = cpu_to_le32(srq + 100);
	EXPECT_REFUSED(test, OP(MODIFY_SRQ), &q, sizeof(q), -EINVAL);
	q.srq = cpu_to_le32(srq - 1);	/* the PD */
	EXPECT_REFUSED(test, OP(MODIFY_SRQ), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 3, S(test)->modify_srq);
}

static void srq_query_destroy(struct kunit *test)
{
	u32 pd = pd_new(test), srq = srq_new(test, pd);
	struct virtio_rdmaapi_srq_attr *r = (void *)T(test)->resp;
	struct virtio_rdmaapi_handle h = {};

	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(QUERY_SRQ), srq));
	KUNIT_EXPECT_EQ(test, 8, le32_to_cpu(r->max_wr));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_SRQ_SGE, le32_to_cpu(r->max_sge));
	h.handle = cpu_to_le32(pd);
	EXPECT_REFUSED(test, OP(QUERY_SRQ), &h, sizeof(h), -EINVAL);
	EXPECT_REFUSED(test, OP(DESTROY_SRQ), &h, sizeof(h), -EINVAL);
	/* The SRQ holds its PD. */
	EXPECT_REFUSED(test, OP(DEALLOC_PD), &h, sizeof(h), -EBUSY);
	h.handle = cpu_to_le32(srq + 100);
	EXPECT_REFUSED(test, OP(QUERY_SRQ), &h, sizeof(h), -EINVAL);
	EXPECT_REFUSED(test, OP(DESTROY_SRQ), &h, sizeof(h), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_SRQ), srq));
	KUNIT_EXPECT_EQ(test, 1, S(test)->destroy_srq);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DEALLOC_PD), pd));
}

static struct kunit_case srq_cases[] = {
	KUNIT_CASE(srq_create_boundaries),
	KUNIT_CASE(srq_modify_mask),
	KUNIT_CASE(srq_query_destroy),
	{}
};

static struct kunit_suite srq_suite = {
	.name = "rdmaapi_verbs_srq",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_ib,
	.exit = vt_exit,
	.test_cases = srq_cases,
};

/* ====================================================================== */
/* AH, InfiniBand port                                                    */
/* ====================================================================== */

static void ah_port_boundaries(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct virtio_rdmaapi_create_ah_req q = ah_req(pd);

	q.attr.port_num = FAKE_PORTS;
	EXPECT_OK(test, OP(CREATE_AH), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, FAKE_PORTS,
			rdma_ah_get_port_num(&S(test)->ah_attr));
	KUNIT_EXPECT_EQ(test, RDMA_AH_ATTR_TYPE_IB, S(test)->ah_attr.type);
	q.attr.port_num = FAKE_PORTS + 1;
	EXPECT_REFUSED(test, OP(CREATE_AH), &q, sizeof(q), -EINVAL);
	q.attr.port_num = 0;
	EXPECT_REFUSED(test, OP(CREATE_AH), &q, sizeof(q), -EINVAL);
	q.attr.port_num = 255;
	EXPECT_REFUSED(test, OP(CREATE_AH), &q, sizeof(q), -EINVAL);
}

static void ah_pd_and_reserved(struct kunit *test)
{
	u32 pd = pd_new(test), cq = cq_new(test);
	struct virtio_rdmaapi_create_ah_req q = ah_req(pd);
	struct virtio_rdmaapi_handle h = {};

	q.reserved = cpu_to_le32(1);
	EXPECT_REFUSED(test, OP(CREATE_AH), &q, sizeof(q), -EINVAL);
	q = ah_req(pd + 100);
	EXPECT_REFUSED(test, OP(CREATE_AH), &q, sizeof(q), -EINVAL);
	q = ah_req(cq);
	EXPECT_REFUSED(test, OP(CREATE_AH), &q, sizeof(q), -EINVAL);
	h.handle = cpu_to_le32(pd);
	EXPECT_REFUSED(test, OP(DESTROY_AH), &h, sizeof(h), -EINVAL);
	h.handle = 0;
	EXPECT_REFUSED(test, OP(DESTROY_AH), &h, sizeof(h), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, S(test)->create_ah);
}

/*
 * Service level, flow label, hop limit, traffic class, rate and the
 * source GID index are ib_core's and the driver's to check (as with
 * uverbs); on InfiniBand they reach the device unchanged.
 */
static void ah_grh_fields_pass_through(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct virtio_rdmaapi_create_ah_req q = ah_req(pd);
	const struct ib_global_route *grh;

	q.attr.is_global = 1;
	q.attr.dgid[0] = 0xfe;
	q.attr.dgid[15] = 9;
	q.attr.flow_label = cpu_to_le32(0xfffff);
	q.attr.hop_limit = 255;
	q.attr.traffic_class = 255;
	q.attr.sgid_index = FAKE_GID_TBL_LEN - 1;
	q.attr.sl = 15;
	q.attr.static_rate = 18;
	q.attr.src_path_bits = 127;
	q.attr.dlid = cpu_to_le16(0xffff);
	EXPECT_OK(test, OP(CREATE_AH), &q, sizeof(q));
	grh = rdma_ah_read_grh(&S(test)->ah_attr);
	KUNIT_EXPECT_TRUE(test, rdma_ah_get_ah_flags(&S(test)->ah_attr) &
				IB_AH_GRH);
	KUNIT_EXPECT_EQ(test, 0xfffff, grh->flow_label);
	KUNIT_EXPECT_EQ(test, 255, grh->hop_limit);
	KUNIT_EXPECT_EQ(test, 255, grh->traffic_class);
	KUNIT_EXPECT_EQ(test, FAKE_GID_TBL_LEN - 1, grh->sgid_index);
	KUNIT_EXPECT_EQ(test, 9, grh->dgid.raw[15]);
	KUNIT_EXPECT_EQ(test, 15, rdma_ah_get_sl(&S(test)->ah_attr));
	KUNIT_EXPECT_EQ(test, 18, rdma_ah_get_static_rate(&S(test)->ah_attr));
	KUNIT_EXPECT_EQ(test, 127, rdma_ah_get_path_bits(&S(test)->ah_attr));
	KUNIT_EXPECT_EQ(test, 0xffff, rdma_ah_get_dlid(&S(test)->ah_attr));

	q.attr.flow_label = cpu_to_le32(0x100000);
	q.attr.sgid_index = 255;
	q.attr.sl = 16;
	EXPECT_OK(test, OP(CREATE_AH), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 0x100000, grh->flow_label);
	KUNIT_EXPECT_EQ(test, 255, grh->sgid_index);
	KUNIT_EXPECT_EQ(test, 16, rdma_ah_get_sl(&S(test)->ah_attr));
	KUNIT_EXPECT_EQ(test, 0, S(test)->resolve_ip);
	KUNIT_EXPECT_EQ(test, 2, S(test)->create_ah);
}

static struct kunit_case ah_cases[] = {
	KUNIT_CASE(ah_port_boundaries),
	KUNIT_CASE(ah_pd_and_reserved),
	KUNIT_CASE(ah_grh_fields_pass_through),
	{}
};

static struct kunit_suite ah_suite = {
	.name = "rdmaapi_verbs_ah",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_ib,
	.exit = vt_exit,
	.test_cases = ah_cases,
};

/* ====================================================================== */
/* AH and QP address vectors, RoCE port                                   */
/* ====================================================================== */

static void roce_ah_needs_grh(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct virtio_rdmaapi_create_ah_req q = ah_req(pd);

	q.attr.is_global = 0;
	EXPECT_REFUSED(test, OP(CREATE_AH), &q, sizeof(q), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, S(test)->create_ah);
}

/* Link-local destination on a RoCE v1 GID: the MAC comes from the GID. */
static void roce_ah_link_local(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct virtio_rdmaapi_create_ah_req q = ah_req(pd);

	q.attr.is_global = 1;
	q.attr.sgid_index = 0;
	q.attr.dgid[0] = 0xfe;
	q.attr.dgid[1] = 0x80;
	q.attr.dgid[8] = 0x02;	/* EUI-64 of 00:11:22:33:44:55 */
	q.attr.dgid[9] = 0x11;
	q.attr.dgid[10] = 0x22;
	q.attr.dgid[11] = 0xff;
	q.attr.dgid[12] = 0xfe;
	q.attr.dgid[13] = 0x33;
	q.attr.dgid[14] = 0x44;
	q.attr.dgid[15] = 0x55;
	EXPECT_OK(test, OP(CREATE_AH), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, RDMA_AH_ATTR_TYPE_ROCE, S(test)->ah_attr.type);
	KUNIT_EXPECT_EQ(test, 0x00, S(test)->ah_attr.roce.dmac[0]);
	KUNIT_EXPECT_EQ(test, 0x55, S(test)->ah_attr.roce.dmac[5]);
	KUNIT_EXPECT_EQ(test, 0, S(test)->resolve_ip);
}

/* Other destinations on RoCE v2 are resolved (hop limit included). */
static void roce_ah_resolved(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct virtio_rdmaapi_create_ah_req q = ah_req(pd);

	q.attr.is_global = 1;
	q.attr.sgid_index = 1;
	q.attr.dgid[10] = 0xff;
	q.attr.dgid[11] = 0xff;
	q.attr.dgid[12] = 10;
	q.attr.dgid[15] = 2;
	q.attr.hop_limit = 1;
	EXPECT_OK(test, OP(CREATE_AH), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 1, S(test)->resolve_ip);
	KUNIT_EXPECT_EQ(test, 0x42, S(test)->ah_attr.roce.dmac[5]);
	KUNIT_EXPECT_EQ(test, 64,
			rdma_ah_read_grh(&S(test)->ah_attr)->hop_limit);
}

static void roce_ah_multicast(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct virtio_rdmaapi_create_ah_req q = ah_req(pd);
	int calls = S(test)->calls;

	q.attr.is_global = 1;
	q.attr.sgid_index = FAKE_GID_EMPTY;	/* not looked at */
	q.attr.dgid[0] = 0xff;
	q.attr.dgid[1] = 0x0e;
	q.attr.dgid[15] = 0x07;
	EXPECT_OK(test, OP(CREATE_AH), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 0x33, S(test)->ah_attr.roce.dmac[0]);
	KUNIT_EXPECT_EQ(test, 0x07, S(test)->ah_attr.roce.dmac[5]);
	/* Only the creation itself. */
	KUNIT_EXPECT_EQ(test, calls + 1, S(test)->calls);
}

/* The source GID index is looked up: empty or past the table, refused. */
static void roce_ah_sgid_index(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct virtio_rdmaapi_create_ah_req q = ah_req(pd);
	int creates = S(test)->create_ah;

	q.attr.is_global = 1;
	q.attr.dgid[0] = 0xfe;
	q.attr.dgid[1] = 0x80;
	q.attr.sgid_index = FAKE_GID_TBL_LEN - 1;
	EXPECT_OK(test, OP(CREATE_AH), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, creates + 1, S(test)->create_ah);
	q.attr.sgid_index = FAKE_GID_TBL_LEN;
	KUNIT_EXPECT_EQ(test, -EINVAL, vcall(test, OP(CREATE_AH), &q,
					     sizeof(q)));
	q.attr.sgid_index = FAKE_GID_EMPTY;
	KUNIT_EXPECT_EQ(test, -EINVAL, vcall(test, OP(CREATE_AH), &q,
					     sizeof(q)));
	q.attr.sgid_index = 255;
	KUNIT_EXPECT_EQ(test, -EINVAL, vcall(test, OP(CREATE_AH), &q,
					     sizeof(q)));
	KUNIT_EXPECT_EQ(test, creates + 1, S(test)->create_ah);
	KUNIT_EXPECT_EQ(test, 2, S(test)->live);	/* the PD, one AH */
}

static void roce_modify_qp_av(struct kunit *test)
{
	u32 qp = mq_qp(test);
	struct virtio_rdmaapi_modify_qp_req q = mq_req(qp, IB_QP_AV);

	EXPECT_REFUSED(test, OP(MODIFY_QP), &q, sizeof(q), -EINVAL);
	q.attr.ah_attr.is_global = 1;
	q.attr.ah_attr.dgid[0] = 0xfe;
	q.attr.ah_attr.dgid[1] = 0x80;
	q.attr.ah_attr.sgid_index = FAKE_GID_EMPTY;
	KUNIT_EXPECT_EQ(test, -EINVAL, vcall(test, OP(MODIFY_QP), &q,
					     sizeof(q)));
	q.attr.ah_attr.sgid_index = 0;
	EXPECT_OK(test, OP(MODIFY_QP), &q, sizeof(q));
	KUNIT_EXPECT_EQ(test, 1, S(test)->modify_qp);
	KUNIT_EXPECT_EQ(test, RDMA_AH_ATTR_TYPE_ROCE,
			S(test)->modify_attr.ah_attr.type);
}

static struct kunit_case roce_cases[] = {
	KUNIT_CASE(roce_ah_needs_grh),
	KUNIT_CASE(roce_ah_link_local),
	KUNIT_CASE(roce_ah_resolved),
	KUNIT_CASE(roce_ah_multicast),
	KUNIT_CASE(roce_ah_sgid_index),
	KUNIT_CASE(roce_modify_qp_av),
	{}
};

static struct kunit_suite roce_suite = {
	.name = "rdmaapi_verbs_roce",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_roce,
	.exit = vt_exit,
	.test_cases = roce_cases,
};

/* ====================================================================== */
/* REG_MR / DEREG_MR                                                      */
/* ====================================================================== */

static void mr_one_page(struct kunit *test)
{
	u32 pd = pd_new(test), lkey, mr;
	struct virtio_rdmaapi_reg_mr_resp *r = (void *)T(test)->resp;

	mr = mr_new(test, pd, &lkey);
	KUNIT_EXPECT_NE(test, 0, mr);
	KUNIT_EXPECT_EQ(test, 1, le32_to_cpu(r->done));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->lkey), lkey);
	KUNIT_EXPECT_EQ(test, 1, S(test)->reg_mr_wr);
	KUNIT_EXPECT_EQ(test, ALL_ACCESS, S(test)->reg_mr_access);
	KUNIT_EXPECT_EQ(test, PAGE_SIZE, S(test)->map_mr_sg_len);
	KUNIT_EXPECT_EQ(test, 1, T(test)->dev->core.pinned);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DEREG_MR), mr));
	KUNIT_EXPECT_EQ(test, 0, T(test)->dev->core.pinned);
	KUNIT_EXPECT_EQ(test, 1, S(test)->dereg_mr);
}

static void mr_access_bits(struct kunit *test)
{
	u32 pd = pd_new(test);
	static const u32 ok[] = {
		0, IB_ACCESS_LOCAL_WRITE, IB_ACCESS_REMOTE_READ, ALL_ACCESS,
		IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE,
		IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_ATOMIC,
	};
	static const u32 bad[] = {
		IB_ACCESS_MW_BIND, ALL_ACCESS | IB_ACCESS_MW_BIND,
		ALL_ACCESS | BIT(31), IB_ACCESS_REMOTE_WRITE,
		IB_ACCESS_REMOTE_ATOMIC,
		IB_ACCESS_REMOTE_READ | IB_ACCESS_REMOTE_WRITE,
	};
	struct mr_msg m;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		mr_msg(&m, pd, ok[i], 0x10000, PAGE_SIZE);
		EXPECT_OK(test, OP(REG_MR), &m, mr_len(1));
		KUNIT_EXPECT_EQ(test, ok[i], S(test)->reg_mr_access);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		mr_msg(&m, pd, bad[i], 0x10000, PAGE_SIZE);
		EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(1), -EINVAL);
	}
}

static void mr_length_boundaries(struct kunit *test)
{
	u32 pd = pd_new(test), npages = FAKE_MAX_MR_SIZE >> 12;
	struct virtio_rdmaapi_reg_mr_req *q;

	q = kunit_kzalloc(test, mr_len(npages + 1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	mr_fill(q, 1, pd, ALL_ACCESS, 0x10000, 1);
	EXPECT_OK(test, OP(REG_MR), q, mr_len(1));
	KUNIT_EXPECT_EQ(test, 1, S(test)->map_mr_sg_len);
	mr_fill(q, npages, pd, ALL_ACCESS, 0x10000, FAKE_MAX_MR_SIZE);
	EXPECT_OK(test, OP(REG_MR), q, mr_len(npages));
	KUNIT_EXPECT_EQ(test, FAKE_MAX_MR_SIZE, S(test)->map_mr_sg_len);
	KUNIT_EXPECT_EQ(test, npages + 1, T(test)->dev->core.pinned);

	mr_fill(q, 1, pd, ALL_ACCESS, 0x10000, 0);
	q->npages = cpu_to_le32(1);
	q->count = cpu_to_le32(1);
	q->pages[0] = cpu_to_le64(GPA(0));
	EXPECT_REFUSED(test, OP(REG_MR), q, mr_len(1), -EINVAL);
	mr_fill(q, npages + 1, pd, ALL_ACCESS, 0x10000, FAKE_MAX_MR_SIZE + 1);
	EXPECT_REFUSED(test, OP(REG_MR), q, mr_len(npages + 1), -EINVAL);
}

static void mr_offset_and_iova(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct mr_msg m;

	/* Last byte of a page, one byte long. */
	mr_msg(&m, pd, ALL_ACCESS, 0x10fff, 1);
	KUNIT_EXPECT_EQ(test, 4095, le32_to_cpu(m.q.offset));
	EXPECT_OK(test, OP(REG_MR), &m, mr_len(1));
	KUNIT_EXPECT_EQ(test, 1, S(test)->map_mr_sg_len);
	/* Two bytes from there cross into a second page. */
	mr_msg(&m, pd, ALL_ACCESS, 0x10fff, 2);
	KUNIT_EXPECT_EQ(test, 2, le32_to_cpu(m.q.npages));
	EXPECT_OK(test, OP(REG_MR), &m, mr_len(2));
	KUNIT_EXPECT_EQ(test, 2, S(test)->map_mr_sg_len);

	mr_msg(&m, pd, ALL_ACCESS, 0x10fff, 1);
	m.q.offset = cpu_to_le32(VIRTIO_RDMAAPI_PAGE_SIZE);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(1), -EINVAL);
	m.q.offset = cpu_to_le32(4094);		/* not iova's */
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(1), -EINVAL);
	/* The top page of the address space, and one byte past it. */
	mr_msg(&m, pd, ALL_ACCESS, U64_MAX - 4095, PAGE_SIZE);
	EXPECT_OK(test, OP(REG_MR), &m, mr_len(1));
	mr_msg(&m, pd, ALL_ACCESS, U64_MAX - 4095, PAGE_SIZE + 1);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EINVAL);
	mr_msg(&m, pd, ALL_ACCESS, U64_MAX, 1);
	EXPECT_OK(test, OP(REG_MR), &m, mr_len(1));
	mr_msg(&m, pd, ALL_ACCESS, U64_MAX, 2);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EINVAL);
}

static void mr_npages_and_count(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct mr_msg m;

	mr_msg(&m, pd, ALL_ACCESS, 0x10000, 2 * PAGE_SIZE);
	m.q.npages = cpu_to_le32(3);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EINVAL);
	m.q.npages = cpu_to_le32(1);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EINVAL);
	m.q.npages = cpu_to_le32(2);
	/* count one more than the list holds, one less, one more than npages */
	m.q.count = cpu_to_le32(3);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EINVAL);
	m.q.count = cpu_to_le32(1);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EINVAL);
	m.q.count = cpu_to_le32(3);
	m.pages[2] = cpu_to_le64(GPA(2));
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(3), -EINVAL);
	/* The list one byte long or short. */
	m.q.count = cpu_to_le32(2);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2) + 1, -EINVAL);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2) - 1, -EINVAL);
	m.q.reserved = cpu_to_le32(1);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EINVAL);
	m.q.reserved = 0;
	m.q.first = cpu_to_le32(1);	/* in a first request */
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EINVAL);
	m.q.first = 0;
	m.q.pd = cpu_to_le32(pd + 100);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EINVAL);
	m.q.pd = cpu_to_le32(pd);
	EXPECT_OK(test, OP(REG_MR), &m, mr_len(2));
}

/* Bad page entries: the partial region is gone, no page stays pinned. */
static void mr_page_entries(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct mr_msg m;

	mr_msg(&m, pd, ALL_ACCESS, 0x10000, 2 * PAGE_SIZE);
	m.pages[1] = cpu_to_le64(GPA(1) + 8);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EINVAL);
	m.pages[1] = cpu_to_le64(GPA_HOLE);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EFAULT);
	m.pages[1] = cpu_to_le64(GPA_RO);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EFAULT);
	m.pages[1] = cpu_to_le64(U64_MAX & PAGE_MASK);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(2), -EFAULT);
	/* Read-only memory is fine for a region the device only reads. */
	mr_msg(&m, pd, IB_ACCESS_REMOTE_READ, 0x10000, 2 * PAGE_SIZE);
	m.pages[1] = cpu_to_le64(GPA_RO);
	EXPECT_OK(test, OP(REG_MR), &m, mr_len(2));
	KUNIT_EXPECT_EQ(test, 2, T(test)->dev->core.pinned);
}

static void mr_pinned_limit_edquot(struct kunit *test)
{
	u32 pd = pd_new(test);
	struct mr_msg m;

	T(test)->dev->core.max_pinned = 3;
	mr_msg(&m, pd, ALL_ACCESS, 0x10000, PAGE_SIZE);
	EXPECT_OK(test, OP(REG_MR), &m, mr_len(1));
	mr_msg(&m, pd, ALL_ACCESS, 0x10000, 3 * PAGE_SIZE);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(3), -EDQUOT);
	mr_msg(&m, pd, ALL_ACCESS, 0x10000, 2 * PAGE_SIZE);
	EXPECT_OK(test, OP(REG_MR), &m, mr_len(2));
	KUNIT_EXPECT_EQ(test, 3, T(test)->dev->core.pinned);
	mr_msg(&m, pd, ALL_ACCESS, 0x10000, 1);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(1), -EDQUOT);
}

/*
 * Queue memory, estimated (verbs_queue_kib(): depth + 1 slots rounded up
 * to a power of two), is charged at creation, refused with -EDQUOT past
 * max_queue_kib before the device sees the request, and given back at
 * destruction. Here: a CQ of 16 entries 32 x 64 bytes, 2 KiB; a QP
 * 32 x (256 + 4 SGEs) + 32 x (32 + 3 SGEs) bytes, 10 + 3 KiB; an SRQ of
 * 8 receives of 2 SGEs 16 x 64 bytes, 1 KiB, of 65 receives 8 KiB.
 */
static void queue_budget_edquot(struct kunit *test)
{
	struct rdmaapi_core *core = &T(test)->dev->core;
	struct virtio_rdmaapi_create_cq_req c = cq_req();
	struct virtio_rdmaapi_create_qp_req q;
	struct virtio_rdmaapi_modify_srq_req m = {
		.attr_mask = cpu_to_le32(IB_SRQ_MAX_WR),
		.attr = { .max_wr = cpu_to_le32(65) },
	};
	u32 pd = pd_new(test), cq, qp, srq;

	cq = cq_new(test);
	KUNIT_EXPECT_EQ(test, 2, core->queue_kib);
	qp = qp_new(test, pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	KUNIT_EXPECT_EQ(test, 15, core->queue_kib);
	srq = srq_new(test, pd);
	KUNIT_EXPECT_EQ(test, 16, core->queue_kib);
	m.srq = cpu_to_le32(srq);

	core->max_queue_kib = 20;	/* 4 KiB left */
	q = qp_req(pd, cq, VIRTIO_RDMAAPI_QPT_RC);
	EXPECT_REFUSED(test, OP(CREATE_QP), &q, sizeof(q), -EDQUOT);
	c.cqe = cpu_to_le32(64);
	EXPECT_REFUSED(test, OP(CREATE_CQ), &c, sizeof(c), -EDQUOT);
	/* A resize holds the old and the new ring for a while. */
	EXPECT_REFUSED(test, OP(MODIFY_SRQ), &m, sizeof(m), -EDQUOT);
	c.cqe = cpu_to_le32(32);	/* 64 x 64 bytes: what is left */
	EXPECT_OK(test, OP(CREATE_CQ), &c, sizeof(c));
	KUNIT_EXPECT_EQ(test, 20, core->queue_kib);

	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_QP), qp));
	KUNIT_EXPECT_EQ(test, 7, core->queue_kib);
	EXPECT_OK(test, OP(MODIFY_SRQ), &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, 14, core->queue_kib);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_SRQ), srq));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DESTROY_CQ), cq));
	KUNIT_EXPECT_EQ(test, 4, core->queue_kib);
	/* Context teardown gives back the rest. */
	rdmaapi_core_reset(core);
	KUNIT_EXPECT_EQ(test, 0, core->queue_kib);
}

/* A region in two requests; the second must continue the first. */
static u32 mr_start_two(struct kunit *test, u32 pd, struct mr_msg *m)
{
	mr_msg(m, pd, ALL_ACCESS, 0x10000, 2 * PAGE_SIZE);
	m->q.count = cpu_to_le32(1);
	KUNIT_ASSERT_EQ(test, 0, vcall(test, OP(REG_MR), m, mr_len(1)));
	KUNIT_ASSERT_EQ(test, 0, resp32(test, 3));
	KUNIT_EXPECT_EQ(test, 2, T(test)->dev->core.pinned);
	m->q.mr = cpu_to_le32(resp32(test, 0));
	m->q.first = cpu_to_le32(1);
	m->pages[0] = cpu_to_le64(GPA(1));
	return resp32(test, 0);
}

static void mr_continuation(struct kunit *test)
{
	u32 pd = pd_new(test), mr;
	struct mr_msg m;

	mr = mr_start_two(test, pd, &m);
	KUNIT_EXPECT_EQ(test, 0, S(test)->reg_mr_wr);
	EXPECT_OK(test, OP(REG_MR), &m, mr_len(1));
	KUNIT_EXPECT_EQ(test, mr, resp32(test, 0));
	KUNIT_EXPECT_EQ(test, 1, resp32(test, 3));
	KUNIT_EXPECT_EQ(test, 1, S(test)->reg_mr_wr);
	KUNIT_EXPECT_EQ(test, 2 * PAGE_SIZE, S(test)->map_mr_sg_len);
	/* A registered region takes no continuation, and stays. */
	m.q.first = cpu_to_le32(2);
	m.q.count = 0;
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(0), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DEREG_MR), mr));
}

/*
 * A continuation that does not continue its region fails, and (protocol:
 * "any failure destroys the partial region") the region goes with it.
 */
static void mr_bad_continuation_destroys_partial(struct kunit *test)
{
	u32 pd = pd_new(test), pd2 = pd_new(test), mr;
	struct mr_msg m, bad;
	struct virtio_rdmaapi_handle h = {};
	unsigned int i;

	for (i = 0; i < 7; i++) {
		mr = mr_start_two(test, pd, &m);
		bad = m;
		switch (i) {
		case 0:
			bad.q.first = 0;
			break;
		case 1:
			bad.q.first = cpu_to_le32(2);
			break;
		case 2:
			bad.q.length = cpu_to_le64(2 * PAGE_SIZE - 1);
			break;
		case 3:
			bad.q.iova = cpu_to_le64(0x20000);
			break;
		case 4:
			bad.q.access = cpu_to_le32(IB_ACCESS_LOCAL_WRITE);
			break;
		case 5:
			bad.q.npages = cpu_to_le32(3);
			break;
		case 6:
			bad.q.pd = cpu_to_le32(pd2);
			break;
		}
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    vcall(test, OP(REG_MR), &bad, mr_len(1)),
				    "variant %u", i);
		KUNIT_EXPECT_EQ_MSG(test, 0, T(test)->dev->core.pinned,
				    "variant %u", i);
		h.handle = cpu_to_le32(mr);
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    vcall(test, OP(DEREG_MR), &h, sizeof(h)),
				    "variant %u: partial region left", i);
		KUNIT_EXPECT_EQ(test, 0, S(test)->alloc_mr);
	}
	/* Too many pages for what is left of the region. */
	mr_start_two(test, pd, &m);
	m.q.count = cpu_to_le32(2);
	m.pages[1] = cpu_to_le64(GPA(2));
	KUNIT_EXPECT_EQ(test, -EINVAL, vcall(test, OP(REG_MR), &m, mr_len(2)));
	KUNIT_EXPECT_EQ(test, 0, T(test)->dev->core.pinned);
	/* An unknown handle or another kind's. */
	m.q.count = cpu_to_le32(1);
	m.q.mr = cpu_to_le32(pd);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(1), -EINVAL);
	m.q.mr = cpu_to_le32(1000);
	EXPECT_REFUSED(test, OP(REG_MR), &m, mr_len(1), -EINVAL);
}

static void mr_dereg_and_pd_busy(struct kunit *test)
{
	u32 pd = pd_new(test), mr = mr_new(test, pd, NULL);
	struct virtio_rdmaapi_handle h = {};

	h.handle = cpu_to_le32(pd);
	EXPECT_REFUSED(test, OP(DEALLOC_PD), &h, sizeof(h), -EBUSY);
	EXPECT_REFUSED(test, OP(DEREG_MR), &h, sizeof(h), -EINVAL);
	h.handle = cpu_to_le32(mr + 100);
	EXPECT_REFUSED(test, OP(DEREG_MR), &h, sizeof(h), -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DEREG_MR), mr));
	KUNIT_EXPECT_EQ(test, 0, handle_call(test, OP(DEALLOC_PD), pd));
}

static struct kunit_case mr_cases[] = {
	KUNIT_CASE(mr_one_page),
	KUNIT_CASE(mr_access_bits),
	KUNIT_CASE(mr_length_boundaries),
	KUNIT_CASE(mr_offset_and_iova),
	KUNIT_CASE(mr_npages_and_count),
	KUNIT_CASE(mr_page_entries),
	KUNIT_CASE(mr_pinned_limit_edquot),
	KUNIT_CASE(queue_budget_edquot),
	KUNIT_CASE(mr_continuation),
	KUNIT_CASE(mr_bad_continuation_destroys_partial),
	KUNIT_CASE(mr_dereg_and_pd_busy),
	{}
};

static struct kunit_suite mr_suite = {
	.name = "rdmaapi_verbs_mr",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_ib,
	.exit = vt_exit,
	.test_cases = mr_cases,
};

/* ====================================================================== */
/* POST_SEND                                                              */
/* ====================================================================== */

/* A PD, a CQ, an RC QP (4 SGEs, 32 inline bytes) and one page MR. */
struct ps {
	u32 pd, cq, qp, mr, lkey;
};

static void ps_setup(struct kunit *test, struct ps *p, u32 type)
{
	p->pd = pd_new(test);
	p->cq = cq_new(test);
	p->qp = qp_new(test, p->pd, p->cq, type);
	p->mr = mr_new(test, p->pd, &p->lkey);
}

static void send_sge_count(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct ps p;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	wl_send(w, IB_WR_SEND, IB_SEND_SIGNALED, FAKE_MAX_SEND_SGE);
	for (i = 0; i < FAKE_MAX_SEND_SGE; i++)
		wl_sge(w, 0x10000 + i * 8, 8, p.lkey);
	expect_posted(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, 1, S(test)->nsend);
	KUNIT_EXPECT_EQ(test, FAKE_MAX_SEND_SGE, S(test)->send[0].num_sge);
	KUNIT_EXPECT_EQ(test, 0x10018, S(test)->send[0].sge[3].addr);
	KUNIT_EXPECT_EQ(test, 8, S(test)->send[0].sge[3].length);
	KUNIT_EXPECT_EQ(test, p.lkey, S(test)->send[0].sge[3].lkey);
	KUNIT_EXPECT_EQ(test, IB_WR_SEND, S(test)->send[0].opcode);
	KUNIT_EXPECT_EQ(test, 0x1000, S(test)->send[0].wr_id);

	wl_init(w, p.qp);
	wl_send(w, IB_WR_SEND, 0, FAKE_MAX_SEND_SGE + 1);
	for (i = 0; i < FAKE_MAX_SEND_SGE + 1; i++)
		wl_sge(w, 0x10000, 8, p.lkey);
	expect_wr_refused(test, OP(POST_SEND), w);
	/* No SGE at all is a zero-length send. */
	wl_init(w, p.qp);
	wl_send(w, IB_WR_SEND, 0, 0);
	expect_posted(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, 0, S(test)->send[0].num_sge);
}

static void send_opcode(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct virtio_rdmaapi_send_wr *s;
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	s = wl_send(w, IB_WR_ATOMIC_FETCH_AND_ADD, 0, 1);
	s->remote_addr = cpu_to_le64(0x7000);
	s->rkey = cpu_to_le32(0x1234);
	s->compare_add = cpu_to_le64(5);
	s->swap = cpu_to_le64(U64_MAX);
	wl_sge(w, 0x10000, 8, p.lkey);
	expect_posted(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, IB_WR_ATOMIC_FETCH_AND_ADD,
			S(test)->send[0].opcode);
	KUNIT_EXPECT_EQ(test, 0x7000, S(test)->send[0].remote_addr);
	KUNIT_EXPECT_EQ(test, 0x1234, S(test)->send[0].rkey);
	KUNIT_EXPECT_EQ(test, 5, S(test)->send[0].compare_add);
	KUNIT_EXPECT_EQ(test, U64_MAX, S(test)->send[0].swap);

	s->opcode = cpu_to_le32(IB_WR_ATOMIC_FETCH_AND_ADD + 1);
	expect_wr_refused(test, OP(POST_SEND), w);
	s->opcode = cpu_to_le32(IB_WR_REG_MR);
	expect_wr_refused(test, OP(POST_SEND), w);
	s->opcode = cpu_to_le32(U32_MAX);
	expect_wr_refused(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, 1, S(test)->post_send);
}

/*
 * Atomic alignment is the device's to check (it completes a misaligned
 * atomic with an error, as natively): the address reaches it unchanged.
 */
static void send_atomic_misaligned_reaches_device(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct virtio_rdmaapi_send_wr *s;
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	s = wl_send(w, IB_WR_ATOMIC_CMP_AND_SWP, 0, 1);
	s->remote_addr = cpu_to_le64(0x7001);
	wl_sge(w, 0x10004, 8, p.lkey);
	expect_posted(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, 0x7001, S(test)->send[0].remote_addr);
	KUNIT_EXPECT_EQ(test, 0x10004, S(test)->send[0].sge[0].addr);
}

static void send_flags(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct virtio_rdmaapi_send_wr *s;
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	s = wl_send(w, IB_WR_SEND, IB_SEND_FENCE | IB_SEND_SIGNALED |
		    IB_SEND_SOLICITED, 1);
	wl_sge(w, 0x10000, 8, p.lkey);
	expect_posted(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, IB_SEND_FENCE | IB_SEND_SIGNALED |
			IB_SEND_SOLICITED, S(test)->send[0].send_flags);
	s->send_flags = cpu_to_le32(IB_SEND_SIGNALED | IB_SEND_IP_CSUM);
	expect_wr_refused(test, OP(POST_SEND), w);
	s->send_flags = cpu_to_le32(BIT(31));
	expect_wr_refused(test, OP(POST_SEND), w);
	s->send_flags = 0;
	s->reserved = cpu_to_le32(1);
	expect_wr_refused(test, OP(POST_SEND), w);
}

static void send_inline(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct virtio_rdmaapi_send_wr *s;
	u64 copied;
	struct ps p;
	u8 *data;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	copied = atomic64_read(&T(test)->dev->copied_bytes);
	wl_init(w, p.qp);
	s = wl_send(w, IB_WR_SEND, IB_SEND_INLINE, 0);
	s->inline_len = cpu_to_le32(32);
	data = wl_put(w, 32);
	memset(data, 0xab, 32);
	data[31] = 0xcd;
	expect_posted(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, 1, S(test)->send[0].num_sge);
	KUNIT_EXPECT_EQ(test, 32, S(test)->send[0].sge[0].length);
	KUNIT_EXPECT_EQ(test, 0xab, S(test)->send[0].inline_data[0]);
	KUNIT_EXPECT_EQ(test, 0xcd, S(test)->send[0].inline_data[31]);
	KUNIT_EXPECT_EQ(test, copied + 32,
			atomic64_read(&T(test)->dev->copied_bytes));

	/* One byte over the QP's inline size (padded data still fits). */
	wl_init(w, p.qp);
	s = wl_send(w, IB_WR_SEND, IB_SEND_INLINE, 0);
	s->inline_len = cpu_to_le32(33);
	wl_put(w, 40);
	expect_wr_refused(test, OP(POST_SEND), w);
	/* Inline data without the flag. */
	wl_init(w, p.qp);
	s = wl_send(w, IB_WR_SEND, 0, 0);
	s->inline_len = cpu_to_le32(8);
	wl_put(w, 8);
	expect_wr_refused(test, OP(POST_SEND), w);
	/* The flag with SGEs: never posted (read as kernel addresses). */
	wl_init(w, p.qp);
	wl_send(w, IB_WR_SEND, IB_SEND_INLINE, 1);
	wl_sge(w, 0x10000, 8, p.lkey);
	expect_wr_refused(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, copied + 32,
			atomic64_read(&T(test)->dev->copied_bytes));
}

/* Keys not of this context's MRs in the QP's PD become the poison key. */
static void send_lkeys(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	u32 pd2, lkey2, poison;
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	pd2 = pd_new(test);
	mr_new(test, pd2, &lkey2);
	KUNIT_EXPECT_EQ(test, 2, S(test)->alloc_mr);
	wl_init(w, p.qp);
	wl_send(w, IB_WR_SEND, 0, 4);
	wl_sge(w, U64_MAX, U32_MAX, p.lkey);
	wl_sge(w, 0x10000, 8, p.lkey + 1);
	wl_sge(w, 0x10000, 8, lkey2);
	wl_sge(w, 0x10000, 8, 0);
	expect_posted(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, 3, S(test)->alloc_mr);	/* the poison MR */
	KUNIT_EXPECT_EQ(test, p.lkey, S(test)->send[0].sge[0].lkey);
	KUNIT_EXPECT_EQ(test, U64_MAX, S(test)->send[0].sge[0].addr);
	KUNIT_EXPECT_EQ(test, U32_MAX, S(test)->send[0].sge[0].length);
	poison = S(test)->send[0].sge[1].lkey;
	KUNIT_EXPECT_NE(test, p.lkey + 1, poison);
	KUNIT_EXPECT_NE(test, p.lkey, poison);
	KUNIT_EXPECT_NE(test, lkey2, poison);
	KUNIT_EXPECT_EQ(test, poison, S(test)->send[0].sge[2].lkey);
	KUNIT_EXPECT_EQ(test, poison, S(test)->send[0].sge[3].lkey);
	/* One poison MR per PD, not one per use. */
	expect_posted(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, 3, S(test)->alloc_mr);
}

static void send_rdma_fields(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct virtio_rdmaapi_send_wr *s;
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	s = wl_send(w, IB_WR_RDMA_WRITE_WITH_IMM, 0, 1);
	s->remote_addr = cpu_to_le64(U64_MAX);
	s->rkey = cpu_to_le32(U32_MAX);
	s->imm_data = cpu_to_be32(0xdeadbeef);
	wl_sge(w, 0x10000, 8, p.lkey);
	s = wl_send(w, IB_WR_RDMA_READ, 0, 1);
	s->remote_addr = cpu_to_le64(0);
	s->rkey = cpu_to_le32(7);
	wl_sge(w, 0x10000, 8, p.lkey);
	expect_posted(test, OP(POST_SEND), w);
	KUNIT_EXPECT_EQ(test, 2, S(test)->nsend);
	KUNIT_EXPECT_EQ(test, U64_MAX, S(test)->send[0].remote_addr);
	KUNIT_EXPECT_EQ(test, U32_MAX, S(test)->send[0].rkey);
	KUNIT_EXPECT_EQ(test, 7, S(test)->send[1].rkey);
	KUNIT_EXPECT_EQ(test, 0x1001, S(test)->send[1].wr_id);
}

static void send_ud_ah(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct virtio_rdmaapi_send_wr *s;
	struct ps p;
	u32 ah;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_UD);
	ah = ah_new(test, p.pd);
	wl_init(w, p.qp);
	s = wl_send(w, IB_WR_SEND, 0, 1);
	s->ah = cpu_to_le32(ah);
	s->remote_qpn = cpu_to_le32(0xffffff);
	s->remote_qkey = cpu_to_le32(0x80010000);
	wl_sge(w, 0x10000, 8, p.lkey);
	expect_posted(test, OP(POST_SEND), w);
	KUNIT_EXPECT_NOT_NULL(test, S(test)->send[0].ah);
	KUNIT_EXPECT_EQ(test, 0xffffff, S(test)->send[0].remote_qpn);
	KUNIT_EXPECT_EQ(test, 0x80010000, S(test)->send[0].remote_qkey);

	s->ah = 0;
	expect_wr_refused(test, OP(POST_SEND), w);
	s->ah = cpu_to_le32(ah + 100);
	expect_wr_refused(test, OP(POST_SEND), w);
	s->ah = cpu_to_le32(p.mr);	/* another kind */
	expect_wr_refused(test, OP(POST_SEND), w);
}

static void send_list_lengths(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	wl_send(w, IB_WR_SEND, 0, 1);
	wl_sge(w, 0x10000, 8, p.lkey);
	wl_send(w, IB_WR_SEND, 0, 0);
	expect_posted(test, OP(POST_SEND), w);

	wl_count(w, 0);
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len, -EINVAL);
	wl_count(w, 3);
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len, -EINVAL);
	wl_count(w, U32_MAX);
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len, -EINVAL);
	wl_count(w, 2);
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len - 1, -EINVAL);
	/* Lengths that do not add up to the request (one byte over). */
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len + 1, -EINVAL);
	/* An SGE count that runs past the request. */
	((struct virtio_rdmaapi_send_wr *)(w->b + 8))->num_sge =
		cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len, -EINVAL);
	KUNIT_EXPECT_EQ(test, 1, S(test)->post_send);
}

static void send_inline_length_past_request(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct virtio_rdmaapi_send_wr *s;
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	s = wl_send(w, IB_WR_SEND, IB_SEND_INLINE, 0);
	s->inline_len = cpu_to_le32(9);		/* padded to 16 */
	wl_put(w, 8);
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len, -EINVAL);
	s->inline_len = cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len, -EINVAL);
	s->inline_len = cpu_to_le32(8);
	expect_posted(test, OP(POST_SEND), w);
}

static void send_stops_at_first_bad(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	int error;
	u32 posted;
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	wl_send(w, IB_WR_SEND, 0, 0);
	wl_send(w, IB_WR_ATOMIC_FETCH_AND_ADD + 1, 0, 0);
	wl_send(w, IB_WR_SEND, 0, 0);
	KUNIT_EXPECT_EQ(test, 0, post(test, OP(POST_SEND), w, &posted, &error));
	KUNIT_EXPECT_EQ(test, 1, posted);
	KUNIT_EXPECT_EQ(test, -EINVAL, error);
	KUNIT_EXPECT_EQ(test, 1, S(test)->nsend);

	/* The device refuses the second: its error and bad_wr pass through. */
	wl_init(w, p.qp);
	wl_send(w, IB_WR_SEND, 0, 0);
	wl_send(w, IB_WR_SEND, 0, 0);
	wl_send(w, IB_WR_SEND, 0, 0);
	T(test)->ib->fail_post_at = 1;
	KUNIT_EXPECT_EQ(test, 0, post(test, OP(POST_SEND), w, &posted, &error));
	KUNIT_EXPECT_EQ(test, 1, posted);
	KUNIT_EXPECT_EQ(test, -ENOMEM, error);
}

static void send_unknown_qp_einval(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp + 100);
	wl_send(w, IB_WR_SEND, 0, 0);
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len, -EINVAL);
	wl_init(w, p.cq);
	wl_send(w, IB_WR_SEND, 0, 0);
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len, -EINVAL);
	wl_init(w, 0);
	wl_send(w, IB_WR_SEND, 0, 0);
	EXPECT_REFUSED(test, OP(POST_SEND), w->b, w->len, -EINVAL);
}

static struct kunit_case send_cases[] = {
	KUNIT_CASE(send_sge_count),
	KUNIT_CASE(send_opcode),
	KUNIT_CASE(send_atomic_misaligned_reaches_device),
	KUNIT_CASE(send_flags),
	KUNIT_CASE(send_inline),
	KUNIT_CASE(send_lkeys),
	KUNIT_CASE(send_rdma_fields),
	KUNIT_CASE(send_ud_ah),
	KUNIT_CASE(send_list_lengths),
	KUNIT_CASE(send_inline_length_past_request),
	KUNIT_CASE(send_stops_at_first_bad),
	KUNIT_CASE(send_unknown_qp_einval),
	{}
};

static struct kunit_suite send_suite = {
	.name = "rdmaapi_verbs_post_send",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_ib,
	.exit = vt_exit,
	.test_cases = send_cases,
};

/* ====================================================================== */
/* POST_RECV / POST_SRQ_RECV                                              */
/* ====================================================================== */

static void recv_sge_count(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct virtio_rdmaapi_recv_wr *r;
	struct ps p;
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	wl_recv(w, FAKE_MAX_RECV_SGE);
	for (i = 0; i < FAKE_MAX_RECV_SGE; i++)
		wl_sge(w, 0x10000 + i, 1, p.lkey);
	wl_recv(w, 0);
	expect_posted(test, OP(POST_RECV), w);
	KUNIT_EXPECT_EQ(test, 2, S(test)->nrecv);
	KUNIT_EXPECT_EQ(test, FAKE_MAX_RECV_SGE, S(test)->recv[0].num_sge);
	KUNIT_EXPECT_EQ(test, 0x10002, S(test)->recv[0].sge[2].addr);
	KUNIT_EXPECT_EQ(test, p.lkey, S(test)->recv[0].sge[2].lkey);
	KUNIT_EXPECT_EQ(test, 0x2001, S(test)->recv[1].wr_id);

	wl_init(w, p.qp);
	wl_recv(w, FAKE_MAX_RECV_SGE + 1);
	for (i = 0; i < FAKE_MAX_RECV_SGE + 1; i++)
		wl_sge(w, 0x10000, 1, p.lkey);
	expect_wr_refused(test, OP(POST_RECV), w);
	wl_init(w, p.qp);
	r = wl_recv(w, 0);
	r->reserved = cpu_to_le32(1);
	expect_wr_refused(test, OP(POST_RECV), w);
	KUNIT_EXPECT_EQ(test, 1, S(test)->post_recv);
}

static void recv_lkeys(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	wl_recv(w, 2);
	wl_sge(w, 0x10000, 8, p.lkey);
	wl_sge(w, 0x10000, 8, p.lkey ^ 0x80000000);
	expect_posted(test, OP(POST_RECV), w);
	KUNIT_EXPECT_EQ(test, p.lkey, S(test)->recv[0].sge[0].lkey);
	KUNIT_EXPECT_NE(test, p.lkey ^ 0x80000000,
			S(test)->recv[0].sge[1].lkey);
	KUNIT_EXPECT_NE(test, p.lkey, S(test)->recv[0].sge[1].lkey);
}

static void recv_list_lengths(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct ps p;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	wl_init(w, p.qp);
	wl_recv(w, 1);
	wl_sge(w, 0x10000, 8, p.lkey);
	wl_recv(w, 0);
	expect_posted(test, OP(POST_RECV), w);
	wl_count(w, 0);
	EXPECT_REFUSED(test, OP(POST_RECV), w->b, w->len, -EINVAL);
	wl_count(w, 3);
	EXPECT_REFUSED(test, OP(POST_RECV), w->b, w->len, -EINVAL);
	wl_count(w, 2);
	EXPECT_REFUSED(test, OP(POST_RECV), w->b, w->len - 1, -EINVAL);
	EXPECT_REFUSED(test, OP(POST_RECV), w->b, w->len + 1, -EINVAL);
	((struct virtio_rdmaapi_recv_wr *)(w->b + 8))->num_sge =
		cpu_to_le32(U32_MAX);
	EXPECT_REFUSED(test, OP(POST_RECV), w->b, w->len, -EINVAL);
	KUNIT_EXPECT_EQ(test, 1, S(test)->post_recv);
}

static void recv_qp_handles(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct virtio_rdmaapi_create_qp_req q;
	struct ps p;
	u32 srq, sqp;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	srq = srq_new(test, p.pd);
	q = qp_req(p.pd, p.cq, VIRTIO_RDMAAPI_QPT_RC);
	q.srq = cpu_to_le32(srq);
	sqp = qp_new_req(test, &q);
	/* A QP with an SRQ takes no receives of its own. */
	wl_init(w, sqp);
	wl_recv(w, 0);
	EXPECT_REFUSED(test, OP(POST_RECV), w->b, w->len, -EINVAL);
	wl_init(w, srq);
	wl_recv(w, 0);
	EXPECT_REFUSED(test, OP(POST_RECV), w->b, w->len, -EINVAL);
	wl_init(w, p.qp + 100);
	wl_recv(w, 0);
	EXPECT_REFUSED(test, OP(POST_RECV), w->b, w->len, -EINVAL);
	KUNIT_EXPECT_EQ(test, 0, S(test)->post_recv);
}

static void srq_recv_sge_count(struct kunit *test)
{
	struct wrlist *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	struct ps p;
	u32 srq, i;
	int error, posts;
	u32 posted;

	KUNIT_ASSERT_NOT_NULL(test, w);
	ps_setup(test, &p, VIRTIO_RDMAAPI_QPT_RC);
	srq = srq_new(test, p.pd);
	wl_init(w, srq);
	wl_recv(w, FAKE_MAX_SRQ_SGE);
	for (i = 0; i < FAKE_MAX_SRQ_SGE; i++)
		wl_sge(w, 0x10000, 8, p.lkey);
	expect_posted(test, OP(POST_SRQ_RECV), w);
	KUNIT_EXPECT_EQ(test, 1, S(test)->post_srq_recv);
	KUNIT_EXPECT_EQ(test, FAKE_MAX_SRQ_SGE, S(test)->recv[0].num_sge);
	KUNIT_EXPECT_EQ(test, p.lkey, S(test)->recv[0].sge[1].lkey);

	wl_init(w, srq);
	wl_recv(w, FAKE_MAX_SRQ_SGE + 1);
	for (i = 0; i < FAKE_MAX_SRQ_SGE + 1; i++)
		wl_sge(w, 0x10000, 8, p.lkey);
	posts = S(test)->post_srq_recv;
	KUNIT_EXPECT_EQ(test, 0, post(test, OP(POST_SRQ_RECV), w, &posted,
				      &error));
	KUNIT_EXPECT_EQ(test, 0, posted);
	KUNIT_EXPECT_EQ(test, -EINVAL, error);
	KUNIT_EXPECT_EQ(test, posts, S(test)->post_srq_recv);

	wl_init(w, srq);
	wl_recv(w, 0);
	wl_count(w, 0);
	KUNIT_EXPECT_EQ(test, -EINVAL, vcall(test, OP(POST_SRQ_RECV), w->b,
					     w->len));
	wl_count(w, 1);
	KUNIT_EXPECT_EQ(test, -EINVAL, vcall(test, OP(POST_SRQ_RECV), w->b,
					     w->len + 1));
	KUNIT_EXPECT_EQ(test, -EINVAL, vcall(test, OP(POST_SRQ_RECV), w->b,
					     w->len - 1));
	/* Unknown SRQ, or a QP's handle. */
	wl_init(w, srq + 100);
	wl_recv(w, 0);
	EXPECT_REFUSED(test, OP(POST_SRQ_RECV), w->b, w->len, -EINVAL);
	wl_init(w, p.qp);
	wl_recv(w, 0);
	EXPECT_REFUSED(test, OP(POST_SRQ_RECV), w->b, w->len, -EINVAL);
	KUNIT_EXPECT_EQ(test, posts, S(test)->post_srq_recv);
}

static struct kunit_case recv_cases[] = {
	KUNIT_CASE(recv_sge_count),
	KUNIT_CASE(recv_lkeys),
	KUNIT_CASE(recv_list_lengths),
	KUNIT_CASE(recv_qp_handles),
	KUNIT_CASE(srq_recv_sge_count),
	{}
};

static struct kunit_suite recv_suite = {
	.name = "rdmaapi_verbs_post_recv",
	.suite_init = verbs_suite_init,
	.suite_exit = verbs_suite_exit,
	.init = vt_init_ib,
	.exit = vt_exit,
	.test_cases = recv_cases,
};

kunit_test_suites(&len_suite, &pd_suite, &cq_suite, &qp_suite, &mq_suite,
		  &srq_suite, &ah_suite, &roce_suite, &mr_suite, &send_suite,
		  &recv_suite);
