// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * librdmaapi - the data path: posting send and receive work requests and
 * polling completion queues.
 *
 * A list of work requests becomes one VERBS_POST_* request: a struct
 * virtio_rdmaapi_post_req, then per work request its header, its
 * scatter/gather entries and (IBV_SEND_INLINE) its inline bytes padded to
 * 8. Addresses and keys go as the program gave them: the host registered
 * every MR with the program's virtual address as iova. A list longer than
 * one request holds is sent as several requests, in order; the first one
 * that fails stops the rest, with *bad_wr at the first work request not
 * posted, as ibv_post_send() does.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Largest request payload the driver and the device accept. */
#define POST_MAX_REQ	(64U << 10)

#define ALIGN8(x)	(((x) + 7) & ~(size_t)7)

/* Inline bytes of @wr: the sum of its SGE lengths, or -EINVAL. */
static long send_inline_len(const struct rdmaapi_send_wr *wr)
{
	size_t len = 0;
	int i;

	for (i = 0; i < wr->num_sge; i++) {
		len += wr->sg_list[i].length;
		if (len > POST_MAX_REQ)
			return -EINVAL;
	}
	return len;
}

/* Bytes @wr takes in a request, or a negative errno if it is malformed. */
static long send_wr_size(const struct rdmaapi_send_wr *wr)
{
	long inl;

	if (wr->num_sge < 0 || (wr->num_sge && !wr->sg_list))
		return -EINVAL;
	if (!(wr->send_flags & RDMAAPI_SEND_INLINE))
		return sizeof(struct virtio_rdmaapi_send_wr) +
		       (size_t)wr->num_sge * sizeof(struct virtio_rdmaapi_sge);
	inl = send_inline_len(wr);
	if (inl < 0)
		return inl;
	return sizeof(struct virtio_rdmaapi_send_wr) + ALIGN8((size_t)inl);
}

static long recv_wr_size(const struct rdmaapi_recv_wr *wr)
{
	if (wr->num_sge < 0 || (wr->num_sge && !wr->sg_list))
		return -EINVAL;
	return sizeof(struct virtio_rdmaapi_recv_wr) +
	       (size_t)wr->num_sge * sizeof(struct virtio_rdmaapi_sge);
}

static void sges_to_wire(struct virtio_rdmaapi_sge *w,
			 const struct rdmaapi_sge *sge, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		w[i].addr = htole64(sge[i].addr);
		w[i].length = htole32(sge[i].length);
		w[i].lkey = htole32(sge[i].lkey);
	}
}

/* Encode @wr at @p (room checked by the caller); returns bytes written. */
static size_t send_wr_to_wire(void *p, const struct rdmaapi_send_wr *wr,
			      int ud)
{
	struct virtio_rdmaapi_send_wr *w = p;
	char *data = (char *)(w + 1);
	size_t inl = 0;
	int i;

	memset(w, 0, sizeof(*w));
	w->wr_id = htole64(wr->wr_id);
	w->opcode = htole32(wr->opcode);
	w->send_flags = htole32(wr->send_flags);
	w->imm_data = wr->imm_data;
	switch (wr->opcode) {
	case RDMAAPI_WR_RDMA_WRITE:
	case RDMAAPI_WR_RDMA_WRITE_WITH_IMM:
	case RDMAAPI_WR_RDMA_READ:
		w->remote_addr = htole64(wr->wr.rdma.remote_addr);
		w->rkey = htole32(wr->wr.rdma.rkey);
		break;
	case RDMAAPI_WR_ATOMIC_CMP_AND_SWP:
	case RDMAAPI_WR_ATOMIC_FETCH_AND_ADD:
		w->remote_addr = htole64(wr->wr.atomic.remote_addr);
		w->compare_add = htole64(wr->wr.atomic.compare_add);
		w->swap = htole64(wr->wr.atomic.swap);
		w->rkey = htole32(wr->wr.atomic.rkey);
		break;
	default:
		break;
	}
	/* Only a UD QP's work requests carry an address handle. */
	if (ud) {
		w->ah = htole32(wr->wr.ud.ah ? wr->wr.ud.ah->handle : 0);
		w->remote_qpn = htole32(wr->wr.ud.remote_qpn);
		w->remote_qkey = htole32(wr->wr.ud.remote_qkey);
	}
	if (!(wr->send_flags & RDMAAPI_SEND_INLINE)) {
		w->num_sge = htole32(wr->num_sge);
		sges_to_wire((void *)data, wr->sg_list, wr->num_sge);
		return sizeof(*w) + (size_t)wr->num_sge * sizeof(struct virtio_rdmaapi_sge);
	}
	for (i = 0; i < wr->num_sge; i++) {
		memcpy(data + inl, (const void *)(uintptr_t)wr->sg_list[i].addr,
		       wr->sg_list[i].length);
		inl += wr->sg_list[i].length;
	}
	memset(data + inl, 0, ALIGN8(inl) - inl);
	w->inline_len = htole32(inl);
	return sizeof(*w) + ALIGN8(inl);
}

static size_t recv_wr_to_wire(void *p, const struct rdmaapi_recv_wr *wr)
{
	struct virtio_rdmaapi_recv_wr *w = p;

	w->wr_id = htole64(wr->wr_id);
	w->num_sge = htole32(wr->num_sge);
	w->reserved = 0;
	sges_to_wire((void *)(w + 1), wr->sg_list, wr->num_sge);
	return sizeof(*w) + (size_t)wr->num_sge * sizeof(struct virtio_rdmaapi_sge);
}

/*
 * The two kinds of lists differ only in their types: a list is walked
 * through these, with void pointers to its work requests.
 */
struct post_ops {
	uint16_t opcode;
	void *(*next)(void *wr);
	long (*size)(const void *wr);
	size_t (*to_wire)(void *p, const void *wr, int ud);
};

static void *send_next(void *wr)
{
	return ((struct rdmaapi_send_wr *)wr)->next;
}

static long send_size(const void *wr)
{
	return send_wr_size(wr);
}

static size_t send_to_wire(void *p, const void *wr, int ud)
{
	return send_wr_to_wire(p, wr, ud);
}

static void *recv_next(void *wr)
{
	return ((struct rdmaapi_recv_wr *)wr)->next;
}

static long recv_size(const void *wr)
{
	return recv_wr_size(wr);
}

static size_t recv_to_wire(void *p, const void *wr, int ud)
{
	(void)ud;
	return recv_wr_to_wire(p, wr);
}

static const struct post_ops send_ops = {
	VIRTIO_RDMAAPI_VERBS_POST_SEND, send_next, send_size, send_to_wire,
};

static const struct post_ops recv_ops = {
	VIRTIO_RDMAAPI_VERBS_POST_RECV, recv_next, recv_size, recv_to_wire,
};

static const struct post_ops srq_recv_ops = {
	VIRTIO_RDMAAPI_VERBS_POST_SRQ_RECV, recv_next, recv_size, recv_to_wire,
};

/*
 * Post the list at @wr on the QP or SRQ @handle of @ctx (@ud: a UD QP's
 * send queue). On failure *@bad is the first work request not posted.
 */
static int post_list(struct rdmaapi_context *ctx, uint32_t handle, int ud,
		     const struct post_ops *ops, void *wr, void **bad)
{
	struct virtio_rdmaapi_post_req *req;
	struct virtio_rdmaapi_post_resp resp;
	void *first, *w, *invalid;
	uint32_t len, resp_len, n, i, posted;
	size_t off;
	long size;
	int ret = 0, err;

	*bad = NULL;
	if (!wr)
		return 0;
	req = malloc(POST_MAX_REQ);
	if (!req) {
		*bad = wr;
		return -ENOMEM;
	}
	first = wr;
	while (first) {
		/* As many work requests as fit in one request. */
		invalid = NULL;
		off = sizeof(*req);
		n = 0;
		for (w = first; w; w = ops->next(w), n++) {
			size = ops->size(w);
			if (size < 0) {
				invalid = w;
				break;
			}
			if (off + size > POST_MAX_REQ)
				break;
			off += ops->to_wire((char *)req + off, w, ud);
		}
		if (!n) {
			/* One work request larger than a request. */
			ret = -EINVAL;
			*bad = first;
			break;
		}
		req->handle = htole32(handle);
		req->num_wr = htole32(n);
		len = off;
		resp_len = sizeof(resp);
		err = rdmaapi_call(ctx, VIRTIO_RDMAAPI_API_VERBS, ops->opcode,
				   req, len, &resp, &resp_len);
		if (!err && resp_len != sizeof(resp))
			err = -EIO;
		if (err) {
			ret = err;
			*bad = first;
			break;
		}
		posted = le32toh(resp.posted);
		ret = (int32_t)le32toh(resp.error);
		if (ret || posted != n) {
			if (!ret || posted > n)
				ret = -EIO;
			if (posted > n)
				posted = 0;
			for (i = 0, w = first; i < posted; i++)
				w = ops->next(w);
			*bad = w;
			break;
		}
		if (invalid) {
			ret = -EINVAL;
			*bad = invalid;
			break;
		}
		first = w;
	}
	free(req);
	return ret;
}

RDMAAPI_EXPORT
int rdmaapi_post_send(struct rdmaapi_qp *qp, struct rdmaapi_send_wr *wr,
		      struct rdmaapi_send_wr **bad_wr)
{
	void *bad;
	int ret;

	if (!qp) {
		if (bad_wr)
			*bad_wr = wr;
		return -EINVAL;
	}
	ret = post_list(qp->context, qp->handle,
			qp->qp_type == RDMAAPI_QPT_UD, &send_ops, wr, &bad);
	if (bad_wr)
		*bad_wr = bad;
	return ret;
}

RDMAAPI_EXPORT
int rdmaapi_post_recv(struct rdmaapi_qp *qp, struct rdmaapi_recv_wr *wr,
		      struct rdmaapi_recv_wr **bad_wr)
{
	void *bad;
	int ret;

	if (!qp) {
		if (bad_wr)
			*bad_wr = wr;
		return -EINVAL;
	}
	ret = post_list(qp->context, qp->handle, 0, &recv_ops, wr, &bad);
	if (bad_wr)
		*bad_wr = bad;
	return ret;
}

RDMAAPI_EXPORT
int rdmaapi_post_srq_recv(struct rdmaapi_srq *srq, struct rdmaapi_recv_wr *wr,
			  struct rdmaapi_recv_wr **bad_wr)
{
	void *bad;
	int ret;

	if (!srq) {
		if (bad_wr)
			*bad_wr = wr;
		return -EINVAL;
	}
	ret = post_list(srq->context, srq->handle, 0, &srq_recv_ops, wr,
			&bad);
	if (bad_wr)
		*bad_wr = bad;
	return ret;
}

static void wc_from_wire(struct rdmaapi_wc *wc,
			 const struct virtio_rdmaapi_wc *w)
{
	wc->wr_id = le64toh(w->wr_id);
	wc->status = le32toh(w->status);
	wc->opcode = le32toh(w->opcode);
	wc->vendor_err = le32toh(w->vendor_err);
	wc->byte_len = le32toh(w->byte_len);
	wc->imm_data = w->imm_data;
	wc->qp_num = le32toh(w->qp_num);
	wc->src_qp = le32toh(w->src_qp);
	wc->wc_flags = le32toh(w->wc_flags);
	wc->pkey_index = le16toh(w->pkey_index);
	wc->slid = le16toh(w->slid);
	wc->sl = w->sl;
	wc->dlid_path_bits = w->dlid_path_bits;
}

RDMAAPI_EXPORT
int rdmaapi_poll_cq(struct rdmaapi_cq *cq, int num_entries,
		    struct rdmaapi_wc *wc)
{
	struct virtio_rdmaapi_poll_cq_resp resp;
	struct virtio_rdmaapi_poll_cq_req req;
	uint32_t max, count, i, resp_len;
	int total = 0, ret;

	if (!cq || num_entries < 0 || (num_entries && !wc))
		return -EINVAL;
	while (total < num_entries) {
		max = num_entries - total;
		if (max > VIRTIO_RDMAAPI_POLL_MAX)
			max = VIRTIO_RDMAAPI_POLL_MAX;
		req.cq = htole32(cq->handle);
		req.max = htole32(max);
		resp_len = sizeof(resp);
		ret = rdmaapi_call(cq->context, VIRTIO_RDMAAPI_API_VERBS,
				   VIRTIO_RDMAAPI_VERBS_POLL_CQ, &req,
				   sizeof(req), &resp, &resp_len);
		if (!ret && (resp_len < offsetof(struct virtio_rdmaapi_poll_cq_resp, wc) ||
			     le32toh(resp.count) > max ||
			     resp_len < offsetof(struct virtio_rdmaapi_poll_cq_resp, wc) +
					le32toh(resp.count) * sizeof(resp.wc[0])))
			ret = -EIO;
		if (ret)
			/* Completions already taken off the CQ are not lost. */
			return total ? total : ret;
		count = le32toh(resp.count);
		for (i = 0; i < count; i++)
			wc_from_wire(&wc[total + i], &resp.wc[i]);
		total += count;
		if (count < max)
			break;
	}
	return total;
}

static const char *const wc_status_str[] = {
	[RDMAAPI_WC_SUCCESS]		= "success",
	[RDMAAPI_WC_LOC_LEN_ERR]	= "local length error",
	[RDMAAPI_WC_LOC_QP_OP_ERR]	= "local QP operation error",
	[RDMAAPI_WC_LOC_EEC_OP_ERR]	= "local EE context operation error",
	[RDMAAPI_WC_LOC_PROT_ERR]	= "local protection error",
	[RDMAAPI_WC_WR_FLUSH_ERR]	= "Work Request Flushed Error",
	[RDMAAPI_WC_MW_BIND_ERR]	= "memory management operation error",
	[RDMAAPI_WC_BAD_RESP_ERR]	= "bad response error",
	[RDMAAPI_WC_LOC_ACCESS_ERR]	= "local access error",
	[RDMAAPI_WC_REM_INV_REQ_ERR]	= "remote invalid request error",
	[RDMAAPI_WC_REM_ACCESS_ERR]	= "remote access error",
	[RDMAAPI_WC_REM_OP_ERR]		= "remote operation error",
	[RDMAAPI_WC_RETRY_EXC_ERR]	= "transport retry counter exceeded",
	[RDMAAPI_WC_RNR_RETRY_EXC_ERR]	= "RNR retry counter exceeded",
	[RDMAAPI_WC_LOC_RDD_VIOL_ERR]	= "local RDD violation error",
	[RDMAAPI_WC_REM_INV_RD_REQ_ERR]	= "remote invalid RD request",
	[RDMAAPI_WC_REM_ABORT_ERR]	= "aborted error",
	[RDMAAPI_WC_INV_EECN_ERR]	= "invalid EE context number",
	[RDMAAPI_WC_INV_EEC_STATE_ERR]	= "invalid EE context state",
	[RDMAAPI_WC_FATAL_ERR]		= "fatal error",
	[RDMAAPI_WC_RESP_TIMEOUT_ERR]	= "response timeout error",
	[RDMAAPI_WC_GENERAL_ERR]	= "general error",
	[RDMAAPI_WC_TM_ERR]		= "TM error",
	[RDMAAPI_WC_TM_RNDV_INCOMPLETE]	= "TM software rendezvous",
};

RDMAAPI_EXPORT
const char *rdmaapi_wc_status_str(enum rdmaapi_wc_status status)
{
	if ((unsigned int)status >= sizeof(wc_status_str) / sizeof(wc_status_str[0]))
		return "unknown";
	return wc_status_str[status];
}
