// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fake ib_core and RDMA device of the verbs suites (see fake_ib.h).
 *
 * Only the ib_core symbols the verbs personality (verbs.c, cq.c, qp.c,
 * srq in qp.c, mr.c, post.c) links against are here, plus the device ops
 * that ib_verbs.h's inline wrappers call and the device's event sink
 * (rdmaapi_dev_event, vdpa.c's in the module). Each records its call in
 * fake_ib->seen and does the least a device would: objects are plain
 * allocations with the fields the code under test reads. Nothing here is
 * checked against the device's limits: that is the decoders' job (or
 * ib_core's), and the suites assert what got through.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <rdma/ib_addr.h>
#include "dev.h"
#include "fake_ib.h"

struct fake_ib *fake_ib;

/* A CQ: completions a test (or a REG_MR work request) queued. */
struct fake_cq {
	struct ib_cq cq;
	struct ib_wc wc[FAKE_CQ_DEPTH];
	int n;
};

/* An SRQ remembers its attributes, for ib_query_srq. */
struct fake_srq {
	struct ib_srq srq;
	struct ib_srq_attr attr;
};

static const struct ib_gid_attr fake_gids[FAKE_GID_TBL_LEN] = {
	[0] = { .gid.raw = { 0xfe, 0x80, [15] = 1 },
		.gid_type = IB_GID_TYPE_ROCE, .index = 0, .port_num = 1 },
	[1] = { .gid.raw = { [10] = 0xff, [11] = 0xff, 10, 0, 0, 1 },
		.gid_type = IB_GID_TYPE_ROCE_UDP_ENCAP, .index = 1,
		.port_num = 1 },
	[3] = { .gid.raw = { 0xfe, 0x80, [15] = 3 },
		.gid_type = IB_GID_TYPE_ROCE, .index = 3, .port_num = 1 },
};

static struct fake_ib_seen *seen(void)
{
	fake_ib->seen.calls++;
	return &fake_ib->seen;
}

static void *fake_obj(size_t size)
{
	void *p = kzalloc(size, GFP_KERNEL);

	if (p)
		fake_ib->seen.live++;
	return p;
}

static void fake_free(void *p)
{
	fake_ib->seen.live--;
	kfree(p);
}

/* --- device ops (reached through ib_verbs.h's inline wrappers) --- */

static void fake_queue_wc(struct ib_cq *cq, u64 wr_id, struct ib_qp *qp)
{
	struct ib_wc wc = { .wr_id = wr_id, .status = IB_WC_SUCCESS,
			    .opcode = IB_WC_REG_MR, .qp = qp };

	fake_ib_push_wc(cq, &wc);
}

static int fake_post_send(struct ib_qp *qp, const struct ib_send_wr *wr,
			  const struct ib_send_wr **bad)
{
	struct fake_ib_seen *s = seen();
	int i = 0;

	/* The registration QP's REG_MR: completes at once, successfully. */
	if (wr->opcode == IB_WR_REG_MR) {
		s->reg_mr_wr++;
		s->reg_mr_access = reg_wr(wr)->access;
		fake_queue_wc(qp->send_cq, wr->wr_id, qp);
		return 0;
	}
	s->post_send++;
	s->nsend = 0;
	for (; wr; wr = wr->next, i++) {
		struct fake_send *f = &s->send[min(i, FAKE_WR_MAX - 1)];
		int j;

		if (i == fake_ib->fail_post_at) {
			*bad = wr;
			return -ENOMEM;
		}
		memset(f, 0, sizeof(*f));
		f->qp = qp;
		f->wr_id = wr->wr_id;
		f->opcode = wr->opcode;
		f->send_flags = wr->send_flags;
		f->num_sge = wr->num_sge;
		for (j = 0; j < min(wr->num_sge, FAKE_MAX_SEND_SGE); j++)
			f->sge[j] = wr->sg_list[j];
		/* Inline data is copied at post time, from kernel memory. */
		if (wr->send_flags & IB_SEND_INLINE && wr->num_sge)
			memcpy(f->inline_data,
			       (void *)(uintptr_t)wr->sg_list[0].addr,
			       min_t(u32, wr->sg_list[0].length,
				     FAKE_INLINE_MAX));
		switch (wr->opcode) {
		case IB_WR_RDMA_WRITE:
		case IB_WR_RDMA_WRITE_WITH_IMM:
		case IB_WR_RDMA_READ:
			f->remote_addr = rdma_wr(wr)->remote_addr;
			f->rkey = rdma_wr(wr)->rkey;
			break;
		case IB_WR_ATOMIC_CMP_AND_SWP:
		case IB_WR_ATOMIC_FETCH_AND_ADD:
			f->remote_addr = atomic_wr(wr)->remote_addr;
			f->rkey = atomic_wr(wr)->rkey;
			f->compare_add = atomic_wr(wr)->compare_add;
			f->swap = atomic_wr(wr)->swap;
			break;
		default:
			break;
		}
		if (qp->qp_type == IB_QPT_UD) {
			f->ah = ud_wr(wr)->ah;
			f->remote_qpn = ud_wr(wr)->remote_qpn;
			f->remote_qkey = ud_wr(wr)->remote_qkey;
		}
		s->nsend = i + 1;
	}
	return 0;
}

static int fake_recv(struct fake_ib_seen *s, const struct ib_recv_wr *wr,
		     const struct ib_recv_wr **bad)
{
	int i = 0;

	s->nrecv = 0;
	for (; wr; wr = wr->next, i++) {
		struct fake_recv *f = &s->recv[min(i, FAKE_WR_MAX - 1)];
		int j;

		if (i == fake_ib->fail_post_at) {
			*bad = wr;
			return -ENOMEM;
		}
		memset(f, 0, sizeof(*f));
		f->wr_id = wr->wr_id;
		f->num_sge = wr->num_sge;
		for (j = 0; j < min(wr->num_sge, FAKE_MAX_RECV_SGE); j++)
			f->sge[j] = wr->sg_list[j];
		s->nrecv = i + 1;
	}
	return 0;
}

static int fake_post_recv(struct ib_qp *qp, const struct ib_recv_wr *wr,
			  const struct ib_recv_wr **bad)
{
	struct fake_ib_seen *s = seen();

	s->post_recv++;
	return fake_recv(s, wr, bad);
}

static int fake_post_srq_recv(struct ib_srq *srq, const struct ib_recv_wr *wr,
			      const struct ib_recv_wr **bad)
{
	struct fake_ib_seen *s = seen();

	s->post_srq_recv++;
	return fake_recv(s, wr, bad);
}

static int fake_poll_cq(struct ib_cq *ibcq, int num, struct ib_wc *wc)
{
	struct fake_cq *cq = container_of(ibcq, struct fake_cq, cq);
	struct fake_ib_seen *s = seen();
	int n = min(num, cq->n);

	s->poll_cq++;
	s->poll_num = num;
	memcpy(wc, cq->wc, n * sizeof(*wc));
	memmove(cq->wc, cq->wc + n, (cq->n - n) * sizeof(*wc));
	cq->n -= n;
	return n;
}

static int fake_req_notify_cq(struct ib_cq *cq, enum ib_cq_notify_flags flags)
{
	struct fake_ib_seen *s = seen();

	s->req_notify_cq++;
	s->notify_flags = flags;
	return 0;
}

/*
 * Never called: ib_create_srq() only checks that the device has the op
 * before calling ib_create_srq_user() (faked below).
 */
static int fake_create_srq(struct ib_srq *srq, struct ib_srq_init_attr *attr,
			   struct ib_udata *udata)
{
	return -EOPNOTSUPP;
}

static const struct ib_device_ops fake_ops = {
	.create_srq = fake_create_srq,
	.post_send = fake_post_send,
	.post_recv = fake_post_recv,
	.post_srq_recv = fake_post_srq_recv,
	.poll_cq = fake_poll_cq,
	.req_notify_cq = fake_req_notify_cq,
};

/**
 * fake_ib_new() - a fresh fake device; also becomes fake_ib
 * @roce: its port is RoCE (v1 and v2), else InfiniBand
 *
 * Return: the device, or NULL.
 */
struct fake_ib *fake_ib_new(bool roce)
{
	struct fake_ib *ib = kzalloc(sizeof(*ib), GFP_KERNEL);
	struct ib_device_attr *a;

	if (!ib)
		return NULL;
	ib->dev.ops = fake_ops;
	strscpy(ib->dev.name, "fake0", sizeof(ib->dev.name));
	ib->dev.node_type = RDMA_NODE_IB_CA;
	ib->dev.phys_port_cnt = FAKE_PORTS;
	ib->dev.num_comp_vectors = FAKE_COMP_VECTORS;
	ib->dev.port_data = ib->port_data;
	ib->port_data[1].immutable.core_cap_flags =
		roce ? RDMA_CORE_PORT_IBA_ROCE | RDMA_CORE_PORT_IBA_ROCE_UDP_ENCAP :
		       RDMA_CORE_PORT_IBA_IB;
	ib->port_data[1].immutable.gid_tbl_len = FAKE_GID_TBL_LEN;
	ib->port_data[1].immutable.pkey_tbl_len = FAKE_PKEY_TBL_LEN;
	a = &ib->dev.attrs;
	a->max_cqe = FAKE_MAX_CQE;
	a->max_qp_wr = FAKE_MAX_QP_WR;
	a->max_send_sge = FAKE_MAX_SEND_SGE;
	a->max_recv_sge = FAKE_MAX_RECV_SGE;
	a->max_srq_wr = FAKE_MAX_SRQ_WR;
	a->max_srq_sge = FAKE_MAX_SRQ_SGE;
	a->max_mr_size = FAKE_MAX_MR_SIZE;
	a->max_fast_reg_page_list_len = FAKE_MAX_MR_SIZE >> PAGE_SHIFT;
	ib->fail_post_at = -1;
	fake_ib = ib;
	return ib;
}

/**
 * fake_ib_free() - free the device (its objects must be gone)
 * @ib: from fake_ib_new()
 */
void fake_ib_free(struct fake_ib *ib)
{
	if (fake_ib == ib)
		fake_ib = NULL;
	kfree(ib);
}

/**
 * fake_ib_push_wc() - queue a completion on a fake CQ
 * @cq: the CQ
 * @wc: the completion; dropped if the CQ is full (as an overrun)
 */
void fake_ib_push_wc(struct ib_cq *ibcq, const struct ib_wc *wc)
{
	struct fake_cq *cq = container_of(ibcq, struct fake_cq, cq);

	if (cq->n < FAKE_CQ_DEPTH)
		cq->wc[cq->n++] = *wc;
}

/* --- the device's event sink (vdpa.c in the module) --- */

void rdmaapi_dev_event(struct rdmaapi_dev *dev,
		       const struct virtio_rdmaapi_event *ev)
{
	fake_ib->seen.events++;
	fake_ib->seen.last_event = *ev;
}

/* --- ib_core: device and port queries --- */

void ib_get_device_fw_str(struct ib_device *device, char *str)
{
	seen();
	strscpy(str, "1.2.3", IB_FW_VERSION_NAME_MAX);
}

enum rdma_transport_type rdma_node_get_transport(unsigned int node_type)
{
	return RDMA_TRANSPORT_IB;
}

int ib_query_port(struct ib_device *device, u32 port_num,
		  struct ib_port_attr *port_attr)
{
	seen();
	memset(port_attr, 0, sizeof(*port_attr));
	port_attr->state = IB_PORT_ACTIVE;
	port_attr->max_mtu = IB_MTU_4096;
	port_attr->active_mtu = IB_MTU_1024;
	port_attr->gid_tbl_len = FAKE_GID_TBL_LEN;
	port_attr->pkey_tbl_len = FAKE_PKEY_TBL_LEN;
	return 0;
}

enum rdma_link_layer rdma_port_get_link_layer(struct ib_device *device,
					      u32 port_num)
{
	return rdma_protocol_roce(device, port_num) ?
		IB_LINK_LAYER_ETHERNET : IB_LINK_LAYER_INFINIBAND;
}

/* ib_core's answers: -EINVAL past the table, -ENODATA for an empty entry. */
const struct ib_gid_attr *rdma_get_gid_attr(struct ib_device *device,
					    u32 port_num, int index)
{
	seen();
	if (port_num != 1 || index < 0 || index >= FAKE_GID_TBL_LEN)
		return ERR_PTR(-EINVAL);
	if (index == FAKE_GID_EMPTY)
		return ERR_PTR(-ENODATA);
	fake_ib->seen.gid_refs++;
	return &fake_gids[index];
}

void rdma_put_gid_attr(const struct ib_gid_attr *attr)
{
	fake_ib->seen.gid_refs--;
}

/* Resolves every address at once to a fixed MAC, hop limit 64. */
int rdma_resolve_ip(struct sockaddr *src_addr, const struct sockaddr *dst_addr,
		    struct rdma_dev_addr *addr, unsigned long timeout_ms,
		    void (*callback)(int status, struct sockaddr *src_addr,
				     struct rdma_dev_addr *addr, void *context),
		    bool resolve_by_gid_attr, void *context)
{
	static const u8 mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x42 };

	seen()->resolve_ip++;
	memcpy(addr->dst_dev_addr, mac, ETH_ALEN);
	addr->hoplimit = 64;
	callback(0, src_addr, addr, context);
	return 0;
}

/* --- ib_core: objects --- */

struct ib_pd *__ib_alloc_pd(struct ib_device *device, unsigned int flags,
			    const char *caller)
{
	struct ib_pd *pd;

	seen()->alloc_pd++;
	pd = fake_obj(sizeof(*pd));
	if (!pd)
		return ERR_PTR(-ENOMEM);
	pd->device = device;
	return pd;
}

int ib_dealloc_pd_user(struct ib_pd *pd, struct ib_udata *udata)
{
	seen()->dealloc_pd++;
	fake_free(pd);
	return 0;
}

struct ib_cq *__ib_create_cq(struct ib_device *device,
			     ib_comp_handler comp_handler,
			     void (*event_handler)(struct ib_event *, void *),
			     void *cq_context,
			     const struct ib_cq_init_attr *cq_attr,
			     const char *caller)
{
	struct fake_ib_seen *s = seen();
	struct fake_cq *cq;

	s->create_cq++;
	s->cq_attr = *cq_attr;
	cq = fake_obj(sizeof(*cq));
	if (!cq)
		return ERR_PTR(-ENOMEM);
	cq->cq.device = device;
	cq->cq.comp_handler = comp_handler;
	cq->cq.event_handler = event_handler;
	cq->cq.cq_context = cq_context;
	cq->cq.cqe = cq_attr->cqe;
	return &cq->cq;
}

int ib_destroy_cq_user(struct ib_cq *cq, struct ib_udata *udata)
{
	seen()->destroy_cq++;
	fake_free(container_of(cq, struct fake_cq, cq));
	return 0;
}

struct ib_qp *ib_create_qp_kernel(struct ib_pd *pd,
				  struct ib_qp_init_attr *attr,
				  const char *caller)
{
	static u32 qp_num = 100;
	struct fake_ib_seen *s = seen();
	struct ib_qp *qp;

	s->create_qp++;
	s->qp_attr = *attr;
	qp = fake_obj(sizeof(*qp));
	if (!qp)
		return ERR_PTR(-ENOMEM);
	qp->device = pd->device;
	qp->pd = pd;
	qp->send_cq = attr->send_cq;
	qp->recv_cq = attr->recv_cq;
	qp->srq = attr->srq;
	qp->event_handler = attr->event_handler;
	qp->qp_context = attr->qp_context;
	qp->qp_type = attr->qp_type;
	qp->qp_num = qp_num++;
	return qp;
}

int ib_destroy_qp_user(struct ib_qp *qp, struct ib_udata *udata)
{
	seen()->destroy_qp++;
	fake_free(qp);
	return 0;
}

int ib_modify_qp(struct ib_qp *qp, struct ib_qp_attr *attr, int mask)
{
	struct fake_ib_seen *s = seen();

	s->modify_qp++;
	s->modify_qp_qp = qp;
	s->modify_attr = *attr;
	s->modify_mask = mask;
	return 0;
}

int ib_query_qp(struct ib_qp *qp, struct ib_qp_attr *attr, int mask,
		struct ib_qp_init_attr *init_attr)
{
	struct fake_ib_seen *s = seen();

	s->query_qp++;
	s->query_qp_mask = mask;
	memset(init_attr, 0, sizeof(*init_attr));
	attr->qp_state = IB_QPS_RESET;
	return 0;
}

struct ib_srq *ib_create_srq_user(struct ib_pd *pd,
				  struct ib_srq_init_attr *attr,
				  struct ib_usrq_object *uobject,
				  struct ib_udata *udata)
{
	struct fake_ib_seen *s = seen();
	struct fake_srq *srq;

	s->create_srq++;
	s->srq_attr = attr->attr;
	srq = fake_obj(sizeof(*srq));
	if (!srq)
		return ERR_PTR(-ENOMEM);
	srq->srq.device = pd->device;
	srq->srq.pd = pd;
	srq->srq.event_handler = attr->event_handler;
	srq->srq.srq_context = attr->srq_context;
	srq->srq.srq_type = attr->srq_type;
	srq->attr = attr->attr;
	return &srq->srq;
}

int ib_modify_srq(struct ib_srq *srq, struct ib_srq_attr *attr,
		  enum ib_srq_attr_mask mask)
{
	struct fake_ib_seen *s = seen();

	s->modify_srq++;
	s->srq_attr = *attr;
	s->srq_mask = mask;
	return 0;
}

int ib_query_srq(struct ib_srq *srq, struct ib_srq_attr *attr)
{
	seen()->query_srq++;
	*attr = container_of(srq, struct fake_srq, srq)->attr;
	return 0;
}

int ib_destroy_srq_user(struct ib_srq *srq, struct ib_udata *udata)
{
	seen()->destroy_srq++;
	fake_free(container_of(srq, struct fake_srq, srq));
	return 0;
}

struct ib_ah *rdma_create_ah(struct ib_pd *pd, struct rdma_ah_attr *ah_attr,
			     u32 flags)
{
	struct fake_ib_seen *s = seen();
	struct ib_ah *ah;

	s->create_ah++;
	s->ah_attr = *ah_attr;
	ah = fake_obj(sizeof(*ah));
	if (!ah)
		return ERR_PTR(-ENOMEM);
	ah->device = pd->device;
	ah->pd = pd;
	ah->type = ah_attr->type;
	return ah;
}

int rdma_destroy_ah_user(struct ib_ah *ah, u32 flags, struct ib_udata *udata)
{
	seen()->destroy_ah++;
	fake_free(ah);
	return 0;
}

/* --- ib_core: memory registration --- */

struct ib_mr *ib_alloc_mr(struct ib_pd *pd, enum ib_mr_type mr_type,
			  u32 max_num_sg)
{
	static u32 key = 0x1000;
	struct ib_mr *mr;

	seen()->alloc_mr++;
	mr = fake_obj(sizeof(*mr));
	if (!mr)
		return ERR_PTR(-ENOMEM);
	mr->device = pd->device;
	mr->pd = pd;
	mr->type = mr_type;
	mr->lkey = key;
	mr->rkey = key;
	key += 0x100;
	return mr;
}

int ib_dereg_mr_user(struct ib_mr *mr, struct ib_udata *udata)
{
	seen()->dereg_mr++;
	fake_free(mr);
	return 0;
}

int ib_map_mr_sg(struct ib_mr *mr, struct scatterlist *sg, int sg_nents,
		 unsigned int *sg_offset, unsigned int page_size)
{
	struct fake_ib_seen *s = seen();
	struct scatterlist *g;
	int i;

	s->map_mr_sg++;
	s->map_mr_sg_nents = sg_nents;
	s->map_mr_sg_len = 0;
	for_each_sg(sg, g, sg_nents, i)
		s->map_mr_sg_len += sg_dma_len(g);
	return sg_nents;
}

/* ib_core's own, for devices without a DMA device (rxe, siw). */
int ib_dma_virt_map_sg(struct ib_device *dev, struct scatterlist *sg, int nents)
{
	struct scatterlist *s;
	int i;

	seen()->map_sg++;
	for_each_sg(sg, s, nents, i) {
		sg_dma_address(s) = (uintptr_t)sg_virt(s);
		sg_dma_len(s) = s->length;
	}
	return nents;
}

/**
 * fake_ib_call() - serve one request as the device's worker does
 * @test: the running test
 * @core: the device's core
 * @api: VIRTIO_RDMAAPI_API_*
 * @opcode: operation within @api
 * @ctx: context handle
 * @req: request payload
 * @len: bytes at @req
 * @room: response room the driver offers
 * @resp: response buffer of RDMAAPI_MAX_RESP_LEN bytes, poisoned first
 * @resp_len: set to the response bytes written
 *
 * Header checks, then the call on an exact copy of the payload; expects a
 * response of the operation's length on success and none on failure.
 *
 * Return: the status of the response header.
 */
int fake_ib_call(struct kunit *test, struct rdmaapi_core *core, u16 api,
		 u16 opcode, u32 ctx, const void *req, u32 len, u32 room,
		 u8 *resp, u32 *resp_len)
{
	struct virtio_rdmaapi_req_hdr h = {
		.api = cpu_to_le16(api),
		.opcode = cpu_to_le16(opcode),
		.ctx = cpu_to_le32(ctx),
		.req_len = cpu_to_le32(len),
		.resp_len = cpu_to_le32(room),
	};
	const struct rdmaapi_op *op;
	void *copy;
	int ret;

	*resp_len = 0;
	ret = rdmaapi_req_check(&h, sizeof(h) + len,
				sizeof(struct virtio_rdmaapi_resp_hdr) + room,
				&op);
	if (ret)
		return ret;
	copy = kmalloc(max(len, 1U), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	if (len)
		memcpy(copy, req, len);
	memset(resp, 0x5a, RDMAAPI_MAX_RESP_LEN);
	ret = rdmaapi_core_call(core, &h, copy, resp, resp_len);
	kfree(copy);
	KUNIT_EXPECT_EQ(test, *resp_len, ret ? 0 : op->resp_len);
	return ret;
}
