// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * librdmaapi - the resource verbs: protection domains, completion channels
 * and queues, shared receive queues, queue pairs, address handles, memory
 * regions, and the events of these objects.
 *
 * Every object lives on the host and is named by a handle; the library's
 * structs carry that handle and what libibverbs' structs carry. A CQ, QP
 * or SRQ gives the host (through the driver) its own address as the cookie
 * the host echoes in its events. An event is only believed if that address
 * is a live object of the right kind with the same handle: the cookie of
 * an object destroyed while its event was on the way is dropped, never
 * dereferenced. As in libibverbs, destroying a CQ, QP or SRQ waits until
 * the events of it already handed to the caller have been acknowledged.
 */
#include <endian.h>
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

enum evobj_kind {
	EVOBJ_CQ,
	EVOBJ_QP,
	EVOBJ_SRQ,
};

/**
 * struct evobj - what events need of a CQ, QP or SRQ
 * @next: next in the live table's bucket
 * @cookie: the public struct's address, the cookie the host echoes
 * @handle: the host's handle, to be echoed with @cookie
 * @kind: EVOBJ_*
 * @lock: protects the counters
 * @cond: signalled when events are acknowledged
 * @comp_reported: completion events handed to the caller
 * @comp_acked: completion events acknowledged
 * @async_reported: asynchronous events handed to the caller
 * @async_acked: asynchronous events acknowledged
 */
struct evobj {
	struct evobj *next;
	uintptr_t cookie;
	uint32_t handle;
	enum evobj_kind kind;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned int comp_reported;
	unsigned int comp_acked;
	unsigned int async_reported;
	unsigned int async_acked;
};

struct cq_priv {
	struct rdmaapi_cq cq;
	struct evobj ev;
};

struct qp_priv {
	struct rdmaapi_qp qp;
	struct evobj ev;
};

struct srq_priv {
	struct rdmaapi_srq srq;
	struct evobj ev;
};

/* @users: CQs created with the channel, which must go first. */
struct channel_priv {
	struct rdmaapi_comp_channel ch;
	pthread_mutex_t lock;
	unsigned int users;
};

/* The live CQs, QPs and SRQs of the process, by cookie. */
#define LIVE_BUCKETS	256
static struct evobj *live[LIVE_BUCKETS];
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;

static unsigned int live_hash(uintptr_t cookie)
{
	return (cookie >> 4 ^ cookie >> 12) % LIVE_BUCKETS;
}

static void evobj_init(struct evobj *ev, enum evobj_kind kind, void *obj)
{
	ev->cookie = (uintptr_t)obj;
	ev->kind = kind;
	pthread_mutex_init(&ev->lock, NULL);
	pthread_cond_init(&ev->cond, NULL);
}

static void evobj_fini(struct evobj *ev)
{
	pthread_cond_destroy(&ev->cond);
	pthread_mutex_destroy(&ev->lock);
}

/* The host created the object as @handle: its events are now believed. */
static void live_add(struct evobj *ev, uint32_t handle)
{
	unsigned int b = live_hash(ev->cookie);

	ev->handle = handle;
	pthread_mutex_lock(&live_lock);
	ev->next = live[b];
	live[b] = ev;
	pthread_mutex_unlock(&live_lock);
}

/*
 * The host destroyed the object: no new event can name it, so once the
 * events already reported are acknowledged it may be freed.
 */
static void live_del_and_wait(struct evobj *ev)
{
	struct evobj **p;

	pthread_mutex_lock(&live_lock);
	for (p = &live[live_hash(ev->cookie)]; *p; p = &(*p)->next) {
		if (*p == ev) {
			*p = ev->next;
			break;
		}
	}
	pthread_mutex_unlock(&live_lock);

	pthread_mutex_lock(&ev->lock);
	while (ev->comp_acked != ev->comp_reported ||
	       ev->async_acked != ev->async_reported)
		pthread_cond_wait(&ev->cond, &ev->lock);
	pthread_mutex_unlock(&ev->lock);
}

/*
 * The object an event names, its event counted as reported; NULL if no
 * live object of @kind has that cookie and handle.
 */
static struct evobj *live_report(uint64_t cookie, uint32_t handle,
				 enum evobj_kind kind, int comp)
{
	struct evobj *ev;

	if (!cookie || cookie > UINTPTR_MAX)
		return NULL;
	pthread_mutex_lock(&live_lock);
	for (ev = live[live_hash(cookie)]; ev; ev = ev->next)
		if (ev->cookie == cookie && ev->handle == handle &&
		    ev->kind == kind)
			break;
	if (ev) {
		pthread_mutex_lock(&ev->lock);
		if (comp)
			ev->comp_reported++;
		else
			ev->async_reported++;
		pthread_mutex_unlock(&ev->lock);
	}
	pthread_mutex_unlock(&live_lock);
	return ev;
}

static void evobj_ack(struct evobj *ev, unsigned int comp, unsigned int async)
{
	pthread_mutex_lock(&ev->lock);
	ev->comp_acked += comp;
	ev->async_acked += async;
	pthread_cond_broadcast(&ev->cond);
	pthread_mutex_unlock(&ev->lock);
}

/* For the calls that return a pointer. */
static void *fail(int err)
{
	errno = -err;
	return NULL;
}

static int call_verbs(struct rdmaapi_context *ctx, uint16_t opcode,
		      const void *req, uint32_t req_len, void *resp,
		      uint32_t resp_len)
{
	uint32_t len = resp_len;
	int ret;

	ret = rdmaapi_call(ctx, VIRTIO_RDMAAPI_API_VERBS, opcode, req, req_len,
			   resp, &len);
	if (ret)
		return ret;
	/* A short answer is a protocol error, as in the driver. */
	return len == resp_len ? 0 : -EIO;
}

static int call_handle(struct rdmaapi_context *ctx, uint16_t opcode,
		       uint32_t handle)
{
	struct virtio_rdmaapi_handle req = { .handle = htole32(handle) };

	return call_verbs(ctx, opcode, &req, sizeof(req), NULL, 0);
}

/* A destroy, successful too once the object is gone (destroy_result). */
static int call_destroy(struct rdmaapi_context *ctx, uint16_t opcode,
			uint32_t handle)
{
	return destroy_result(call_handle(ctx, opcode, handle));
}

/* Protection domains. */

RDMAAPI_EXPORT
struct rdmaapi_pd *rdmaapi_alloc_pd(struct rdmaapi_context *context)
{
	struct virtio_rdmaapi_handle resp;
	struct rdmaapi_pd *pd;
	int ret;

	if (!context)
		return fail(-EINVAL);
	pd = calloc(1, sizeof(*pd));
	if (!pd)
		return NULL;
	ret = call_verbs(context, VIRTIO_RDMAAPI_VERBS_ALLOC_PD, NULL, 0,
			 &resp, sizeof(resp));
	if (ret) {
		free(pd);
		return fail(ret);
	}
	pd->context = context;
	pd->handle = le32toh(resp.handle);
	return pd;
}

RDMAAPI_EXPORT
int rdmaapi_dealloc_pd(struct rdmaapi_pd *pd)
{
	int ret;

	if (!pd)
		return -EINVAL;
	ret = call_destroy(pd->context, VIRTIO_RDMAAPI_VERBS_DEALLOC_PD,
			   pd->handle);
	if (ret)
		return ret;
	free(pd);
	return 0;
}

/* Completion channels and completion queues. */

RDMAAPI_EXPORT
struct rdmaapi_comp_channel *
rdmaapi_create_comp_channel(struct rdmaapi_context *context)
{
	struct channel_priv *priv;
	int fd;

	if (!context)
		return fail(-EINVAL);
	priv = calloc(1, sizeof(*priv));
	if (!priv)
		return NULL;
	fd = ioctl(context->cmd_fd, RDMAAPI_IOCTL_CREATE_COMP_CHANNEL);
	if (fd < 0) {
		fd = -errno;
		free(priv);
		return fail(fd);
	}
	pthread_mutex_init(&priv->lock, NULL);
	priv->ch.context = context;
	priv->ch.fd = fd;
	return &priv->ch;
}

RDMAAPI_EXPORT
int rdmaapi_destroy_comp_channel(struct rdmaapi_comp_channel *channel)
{
	struct channel_priv *priv;
	int ret = 0;

	if (!channel)
		return -EINVAL;
	priv = container_of(channel, struct channel_priv, ch);
	pthread_mutex_lock(&priv->lock);
	if (priv->users) {
		pthread_mutex_unlock(&priv->lock);
		return -EBUSY;
	}
	pthread_mutex_unlock(&priv->lock);
	if (close(channel->fd))
		ret = -errno;
	pthread_mutex_destroy(&priv->lock);
	free(priv);
	return ret;
}

static void channel_use(struct rdmaapi_comp_channel *channel, int delta)
{
	struct channel_priv *priv;

	if (!channel)
		return;
	priv = container_of(channel, struct channel_priv, ch);
	pthread_mutex_lock(&priv->lock);
	priv->users += delta;
	pthread_mutex_unlock(&priv->lock);
}

RDMAAPI_EXPORT
struct rdmaapi_cq *rdmaapi_create_cq(struct rdmaapi_context *context, int cqe,
				     void *cq_context,
				     struct rdmaapi_comp_channel *channel,
				     int comp_vector)
{
	struct rdmaapi_create_cq a = {
		.cqe = cqe,
		.comp_vector = comp_vector,
		.channel_fd = channel ? channel->fd : -1,
	};
	struct cq_priv *priv;
	int err;

	if (!context || cqe < 0 || comp_vector < 0)
		return fail(-EINVAL);
	priv = calloc(1, sizeof(*priv));
	if (!priv)
		return NULL;
	evobj_init(&priv->ev, EVOBJ_CQ, &priv->cq);
	a.user_data = (uintptr_t)&priv->cq;
	/* Counted first: the channel must not go while the CQ is made. */
	channel_use(channel, 1);
	if (ioctl(context->cmd_fd, RDMAAPI_IOCTL_CREATE_CQ, &a)) {
		err = -errno;
		channel_use(channel, -1);
		evobj_fini(&priv->ev);
		free(priv);
		return fail(err);
	}
	priv->cq.context = context;
	priv->cq.channel = channel;
	priv->cq.cq_context = cq_context;
	priv->cq.handle = a.cq;
	priv->cq.cqe = a.cqe;
	live_add(&priv->ev, a.cq);
	return &priv->cq;
}

RDMAAPI_EXPORT
int rdmaapi_destroy_cq(struct rdmaapi_cq *cq)
{
	struct cq_priv *priv;
	int ret;

	if (!cq)
		return -EINVAL;
	ret = call_destroy(cq->context, VIRTIO_RDMAAPI_VERBS_DESTROY_CQ,
			   cq->handle);
	if (ret)
		return ret;
	priv = container_of(cq, struct cq_priv, cq);
	live_del_and_wait(&priv->ev);
	channel_use(cq->channel, -1);
	evobj_fini(&priv->ev);
	free(priv);
	return 0;
}

RDMAAPI_EXPORT
int rdmaapi_req_notify_cq(struct rdmaapi_cq *cq, int solicited_only)
{
	struct virtio_rdmaapi_req_notify_cq_req req;

	if (!cq)
		return -EINVAL;
	req.cq = htole32(cq->handle);
	req.solicited_only = htole32(!!solicited_only);
	return call_verbs(cq->context, VIRTIO_RDMAAPI_VERBS_REQ_NOTIFY_CQ,
			  &req, sizeof(req), NULL, 0);
}

RDMAAPI_EXPORT
int rdmaapi_get_cq_event(struct rdmaapi_comp_channel *channel,
			 struct rdmaapi_cq **cq, void **cq_context)
{
	struct rdmaapi_comp_event ev;
	struct evobj *obj;
	struct cq_priv *priv;
	ssize_t n;

	if (!channel || !cq || !cq_context)
		return -EINVAL;
	for (;;) {
		n = read(channel->fd, &ev, sizeof(ev));
		if (n < 0)
			return -errno;
		if (n != sizeof(ev))
			return -EIO;
		obj = live_report(ev.user_data, ev.cq, EVOBJ_CQ, 1);
		if (obj)
			break;
		/* The event of a CQ destroyed meanwhile: nobody's. */
	}
	priv = container_of(obj, struct cq_priv, ev);
	*cq = &priv->cq;
	*cq_context = priv->cq.cq_context;
	return 0;
}

RDMAAPI_EXPORT
void rdmaapi_ack_cq_events(struct rdmaapi_cq *cq, unsigned int nevents)
{
	if (cq)
		evobj_ack(&container_of(cq, struct cq_priv, cq)->ev, nevents, 0);
}

/* Shared receive queues. */

static void srq_attr_to_wire(const struct rdmaapi_srq_attr *a,
			     struct virtio_rdmaapi_srq_attr *w)
{
	w->max_wr = htole32(a->max_wr);
	w->max_sge = htole32(a->max_sge);
	w->srq_limit = htole32(a->srq_limit);
	w->reserved = 0;
}

static void srq_attr_from_wire(const struct virtio_rdmaapi_srq_attr *w,
			       struct rdmaapi_srq_attr *a)
{
	a->max_wr = le32toh(w->max_wr);
	a->max_sge = le32toh(w->max_sge);
	a->srq_limit = le32toh(w->srq_limit);
}

RDMAAPI_EXPORT
struct rdmaapi_srq *rdmaapi_create_srq(struct rdmaapi_pd *pd,
				       struct rdmaapi_srq_init_attr *attr)
{
	struct virtio_rdmaapi_create_srq_req req = {};
	struct virtio_rdmaapi_create_srq_resp resp;
	struct srq_priv *priv;
	int ret;

	if (!pd || !attr)
		return fail(-EINVAL);
	priv = calloc(1, sizeof(*priv));
	if (!priv)
		return NULL;
	evobj_init(&priv->ev, EVOBJ_SRQ, &priv->srq);
	req.pd = htole32(pd->handle);
	srq_attr_to_wire(&attr->attr, &req.attr);
	req.cookie = htole64((uintptr_t)&priv->srq);
	ret = call_verbs(pd->context, VIRTIO_RDMAAPI_VERBS_CREATE_SRQ, &req,
			 sizeof(req), &resp, sizeof(resp));
	if (ret) {
		evobj_fini(&priv->ev);
		free(priv);
		return fail(ret);
	}
	priv->srq.context = pd->context;
	priv->srq.srq_context = attr->srq_context;
	priv->srq.pd = pd;
	priv->srq.handle = le32toh(resp.srq);
	/* As libibverbs: the caller learns what it actually got. */
	srq_attr_from_wire(&resp.attr, &attr->attr);
	live_add(&priv->ev, priv->srq.handle);
	return &priv->srq;
}

RDMAAPI_EXPORT
int rdmaapi_modify_srq(struct rdmaapi_srq *srq, struct rdmaapi_srq_attr *attr,
		       int attr_mask)
{
	struct virtio_rdmaapi_modify_srq_req req = {};

	if (!srq || !attr)
		return -EINVAL;
	req.srq = htole32(srq->handle);
	req.attr_mask = htole32(attr_mask);
	srq_attr_to_wire(attr, &req.attr);
	return call_verbs(srq->context, VIRTIO_RDMAAPI_VERBS_MODIFY_SRQ, &req,
			  sizeof(req), NULL, 0);
}

RDMAAPI_EXPORT
int rdmaapi_query_srq(struct rdmaapi_srq *srq, struct rdmaapi_srq_attr *attr)
{
	struct virtio_rdmaapi_handle req;
	struct virtio_rdmaapi_srq_attr resp;
	int ret;

	if (!srq || !attr)
		return -EINVAL;
	req.handle = htole32(srq->handle);
	req.reserved = 0;
	ret = call_verbs(srq->context, VIRTIO_RDMAAPI_VERBS_QUERY_SRQ, &req,
			 sizeof(req), &resp, sizeof(resp));
	if (ret)
		return ret;
	srq_attr_from_wire(&resp, attr);
	return 0;
}

RDMAAPI_EXPORT
int rdmaapi_destroy_srq(struct rdmaapi_srq *srq)
{
	struct srq_priv *priv;
	int ret;

	if (!srq)
		return -EINVAL;
	ret = call_destroy(srq->context, VIRTIO_RDMAAPI_VERBS_DESTROY_SRQ,
			   srq->handle);
	if (ret)
		return ret;
	priv = container_of(srq, struct srq_priv, srq);
	live_del_and_wait(&priv->ev);
	evobj_fini(&priv->ev);
	free(priv);
	return 0;
}

/* Queue pairs. */

static void cap_to_wire(const struct rdmaapi_qp_cap *c,
			struct virtio_rdmaapi_qp_cap *w)
{
	w->max_send_wr = htole32(c->max_send_wr);
	w->max_recv_wr = htole32(c->max_recv_wr);
	w->max_send_sge = htole32(c->max_send_sge);
	w->max_recv_sge = htole32(c->max_recv_sge);
	w->max_inline_data = htole32(c->max_inline_data);
	w->reserved = 0;
}

static void cap_from_wire(const struct virtio_rdmaapi_qp_cap *w,
			  struct rdmaapi_qp_cap *c)
{
	c->max_send_wr = le32toh(w->max_send_wr);
	c->max_recv_wr = le32toh(w->max_recv_wr);
	c->max_send_sge = le32toh(w->max_send_sge);
	c->max_recv_sge = le32toh(w->max_recv_sge);
	c->max_inline_data = le32toh(w->max_inline_data);
}

static void ah_attr_to_wire(const struct rdmaapi_ah_attr *a,
			    struct virtio_rdmaapi_ah_attr *w)
{
	memset(w, 0, sizeof(*w));
	memcpy(w->dgid, a->grh.dgid.raw, sizeof(w->dgid));
	w->flow_label = htole32(a->grh.flow_label);
	w->sgid_index = a->grh.sgid_index;
	w->hop_limit = a->grh.hop_limit;
	w->traffic_class = a->grh.traffic_class;
	w->is_global = a->is_global;
	w->dlid = htole16(a->dlid);
	w->sl = a->sl;
	w->src_path_bits = a->src_path_bits;
	w->static_rate = a->static_rate;
	w->port_num = a->port_num;
}

static void ah_attr_from_wire(const struct virtio_rdmaapi_ah_attr *w,
			      struct rdmaapi_ah_attr *a)
{
	memset(a, 0, sizeof(*a));
	memcpy(a->grh.dgid.raw, w->dgid, sizeof(a->grh.dgid.raw));
	a->grh.flow_label = le32toh(w->flow_label);
	a->grh.sgid_index = w->sgid_index;
	a->grh.hop_limit = w->hop_limit;
	a->grh.traffic_class = w->traffic_class;
	a->is_global = w->is_global;
	a->dlid = le16toh(w->dlid);
	a->sl = w->sl;
	a->src_path_bits = w->src_path_bits;
	a->static_rate = w->static_rate;
	a->port_num = w->port_num;
}

static void qp_attr_to_wire(const struct rdmaapi_qp_attr *a,
			    struct virtio_rdmaapi_qp_attr *w)
{
	memset(w, 0, sizeof(*w));
	w->qp_state = htole32(a->qp_state);
	w->cur_qp_state = htole32(a->cur_qp_state);
	w->path_mtu = htole32(a->path_mtu);
	w->path_mig_state = htole32(a->path_mig_state);
	w->qkey = htole32(a->qkey);
	w->rq_psn = htole32(a->rq_psn);
	w->sq_psn = htole32(a->sq_psn);
	w->dest_qp_num = htole32(a->dest_qp_num);
	w->qp_access_flags = htole32(a->qp_access_flags);
	w->pkey_index = htole16(a->pkey_index);
	w->alt_pkey_index = htole16(a->alt_pkey_index);
	w->en_sqd_async_notify = a->en_sqd_async_notify;
	w->sq_draining = a->sq_draining;
	w->max_rd_atomic = a->max_rd_atomic;
	w->max_dest_rd_atomic = a->max_dest_rd_atomic;
	w->min_rnr_timer = a->min_rnr_timer;
	w->port_num = a->port_num;
	w->timeout = a->timeout;
	w->retry_cnt = a->retry_cnt;
	w->rnr_retry = a->rnr_retry;
	w->alt_port_num = a->alt_port_num;
	w->alt_timeout = a->alt_timeout;
	cap_to_wire(&a->cap, &w->cap);
	ah_attr_to_wire(&a->ah_attr, &w->ah_attr);
	ah_attr_to_wire(&a->alt_ah_attr, &w->alt_ah_attr);
}

static void qp_attr_from_wire(const struct virtio_rdmaapi_qp_attr *w,
			      struct rdmaapi_qp_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->qp_state = le32toh(w->qp_state);
	a->cur_qp_state = le32toh(w->cur_qp_state);
	a->path_mtu = le32toh(w->path_mtu);
	a->path_mig_state = le32toh(w->path_mig_state);
	a->qkey = le32toh(w->qkey);
	a->rq_psn = le32toh(w->rq_psn);
	a->sq_psn = le32toh(w->sq_psn);
	a->dest_qp_num = le32toh(w->dest_qp_num);
	a->qp_access_flags = le32toh(w->qp_access_flags);
	a->pkey_index = le16toh(w->pkey_index);
	a->alt_pkey_index = le16toh(w->alt_pkey_index);
	a->en_sqd_async_notify = w->en_sqd_async_notify;
	a->sq_draining = w->sq_draining;
	a->max_rd_atomic = w->max_rd_atomic;
	a->max_dest_rd_atomic = w->max_dest_rd_atomic;
	a->min_rnr_timer = w->min_rnr_timer;
	a->port_num = w->port_num;
	a->timeout = w->timeout;
	a->retry_cnt = w->retry_cnt;
	a->rnr_retry = w->rnr_retry;
	a->alt_port_num = w->alt_port_num;
	a->alt_timeout = w->alt_timeout;
	cap_from_wire(&w->cap, &a->cap);
	ah_attr_from_wire(&w->ah_attr, &a->ah_attr);
	ah_attr_from_wire(&w->alt_ah_attr, &a->alt_ah_attr);
}

RDMAAPI_EXPORT
struct rdmaapi_qp *rdmaapi_create_qp(struct rdmaapi_pd *pd,
				     struct rdmaapi_qp_init_attr *attr)
{
	struct virtio_rdmaapi_create_qp_req req = {};
	struct virtio_rdmaapi_create_qp_resp resp;
	struct qp_priv *priv;
	int ret;

	if (!pd || !attr || !attr->send_cq || !attr->recv_cq)
		return fail(-EINVAL);
	priv = calloc(1, sizeof(*priv));
	if (!priv)
		return NULL;
	evobj_init(&priv->ev, EVOBJ_QP, &priv->qp);
	req.pd = htole32(pd->handle);
	req.send_cq = htole32(attr->send_cq->handle);
	req.recv_cq = htole32(attr->recv_cq->handle);
	req.srq = htole32(attr->srq ? attr->srq->handle : 0);
	req.qp_type = htole32(attr->qp_type);
	req.sq_sig_all = htole32(!!attr->sq_sig_all);
	cap_to_wire(&attr->cap, &req.cap);
	req.cookie = htole64((uintptr_t)&priv->qp);
	ret = call_verbs(pd->context, VIRTIO_RDMAAPI_VERBS_CREATE_QP, &req,
			 sizeof(req), &resp, sizeof(resp));
	if (ret) {
		evobj_fini(&priv->ev);
		free(priv);
		return fail(ret);
	}
	priv->qp.context = pd->context;
	priv->qp.qp_context = attr->qp_context;
	priv->qp.pd = pd;
	priv->qp.send_cq = attr->send_cq;
	priv->qp.recv_cq = attr->recv_cq;
	priv->qp.srq = attr->srq;
	priv->qp.handle = le32toh(resp.qp);
	priv->qp.qp_num = le32toh(resp.qp_num);
	priv->qp.state = RDMAAPI_QPS_RESET;
	priv->qp.qp_type = attr->qp_type;
	/* As libibverbs: the caller learns what it actually got. */
	cap_from_wire(&resp.cap, &attr->cap);
	live_add(&priv->ev, priv->qp.handle);
	return &priv->qp;
}

RDMAAPI_EXPORT
int rdmaapi_modify_qp(struct rdmaapi_qp *qp, struct rdmaapi_qp_attr *attr,
		      int attr_mask)
{
	struct virtio_rdmaapi_modify_qp_req req;
	int ret;

	if (!qp || !attr)
		return -EINVAL;
	req.qp = htole32(qp->handle);
	req.attr_mask = htole32(attr_mask);
	qp_attr_to_wire(attr, &req.attr);
	ret = call_verbs(qp->context, VIRTIO_RDMAAPI_VERBS_MODIFY_QP, &req,
			 sizeof(req), NULL, 0);
	if (!ret && attr_mask & RDMAAPI_QP_STATE)
		qp->state = attr->qp_state;
	return ret;
}

RDMAAPI_EXPORT
int rdmaapi_query_qp(struct rdmaapi_qp *qp, struct rdmaapi_qp_attr *attr,
		     int attr_mask, struct rdmaapi_qp_init_attr *init_attr)
{
	struct virtio_rdmaapi_query_qp_req req;
	struct virtio_rdmaapi_query_qp_resp resp;
	int ret;

	if (!qp || !attr)
		return -EINVAL;
	req.qp = htole32(qp->handle);
	req.attr_mask = htole32(attr_mask);
	ret = call_verbs(qp->context, VIRTIO_RDMAAPI_VERBS_QUERY_QP, &req,
			 sizeof(req), &resp, sizeof(resp));
	if (ret)
		return ret;
	qp_attr_from_wire(&resp.attr, attr);
	qp->state = attr->qp_state;
	if (init_attr) {
		memset(init_attr, 0, sizeof(*init_attr));
		init_attr->qp_context = qp->qp_context;
		init_attr->send_cq = qp->send_cq;
		init_attr->recv_cq = qp->recv_cq;
		init_attr->srq = qp->srq;
		cap_from_wire(&resp.init_cap, &init_attr->cap);
		init_attr->qp_type = le32toh(resp.qp_type);
		init_attr->sq_sig_all = !!le32toh(resp.sq_sig_all);
	}
	return 0;
}

RDMAAPI_EXPORT
int rdmaapi_destroy_qp(struct rdmaapi_qp *qp)
{
	struct qp_priv *priv;
	int ret;

	if (!qp)
		return -EINVAL;
	ret = call_destroy(qp->context, VIRTIO_RDMAAPI_VERBS_DESTROY_QP,
			   qp->handle);
	if (ret)
		return ret;
	priv = container_of(qp, struct qp_priv, qp);
	live_del_and_wait(&priv->ev);
	evobj_fini(&priv->ev);
	free(priv);
	return 0;
}

/* Address handles. */

RDMAAPI_EXPORT
struct rdmaapi_ah *rdmaapi_create_ah(struct rdmaapi_pd *pd,
				     struct rdmaapi_ah_attr *attr)
{
	struct virtio_rdmaapi_create_ah_req req = {};
	struct virtio_rdmaapi_handle resp;
	struct rdmaapi_ah *ah;
	int ret;

	if (!pd || !attr)
		return fail(-EINVAL);
	ah = calloc(1, sizeof(*ah));
	if (!ah)
		return NULL;
	req.pd = htole32(pd->handle);
	ah_attr_to_wire(attr, &req.attr);
	ret = call_verbs(pd->context, VIRTIO_RDMAAPI_VERBS_CREATE_AH, &req,
			 sizeof(req), &resp, sizeof(resp));
	if (ret) {
		free(ah);
		return fail(ret);
	}
	ah->context = pd->context;
	ah->pd = pd;
	ah->handle = le32toh(resp.handle);
	return ah;
}

RDMAAPI_EXPORT
int rdmaapi_destroy_ah(struct rdmaapi_ah *ah)
{
	int ret;

	if (!ah)
		return -EINVAL;
	ret = call_destroy(ah->context, VIRTIO_RDMAAPI_VERBS_DESTROY_AH,
			   ah->handle);
	if (ret)
		return ret;
	free(ah);
	return 0;
}

/* Memory regions. */

RDMAAPI_EXPORT
struct rdmaapi_mr *rdmaapi_reg_mr(struct rdmaapi_pd *pd, void *addr,
				  size_t length, int access)
{
	struct rdmaapi_reg_mr a = {
		.addr = (uintptr_t)addr,
		.length = length,
		.access = (uint32_t)access,
	};
	struct rdmaapi_mr *mr;
	int err;

	if (!pd)
		return fail(-EINVAL);
	mr = calloc(1, sizeof(*mr));
	if (!mr)
		return NULL;
	a.pd = pd->handle;
	/* The driver pins the pages; the host registers them in place. */
	if (ioctl(pd->context->cmd_fd, RDMAAPI_IOCTL_REG_MR, &a)) {
		err = -errno;
		free(mr);
		return fail(err);
	}
	mr->context = pd->context;
	mr->pd = pd;
	mr->addr = addr;
	mr->length = length;
	mr->handle = a.mr;
	mr->lkey = a.lkey;
	mr->rkey = a.rkey;
	return mr;
}

RDMAAPI_EXPORT
int rdmaapi_dereg_mr(struct rdmaapi_mr *mr)
{
	uint32_t handle;

	if (!mr)
		return -EINVAL;
	handle = mr->handle;
	if (ioctl(mr->context->cmd_fd, RDMAAPI_IOCTL_DEREG_MR, &handle) &&
	    destroy_result(-errno))
		return -errno;
	free(mr);
	return 0;
}

/* Asynchronous events. */

static int event_kind(enum rdmaapi_event_type type)
{
	switch (type) {
	case RDMAAPI_EVENT_CQ_ERR:
		return EVOBJ_CQ;
	case RDMAAPI_EVENT_QP_FATAL:
	case RDMAAPI_EVENT_QP_REQ_ERR:
	case RDMAAPI_EVENT_QP_ACCESS_ERR:
	case RDMAAPI_EVENT_COMM_EST:
	case RDMAAPI_EVENT_SQ_DRAINED:
	case RDMAAPI_EVENT_PATH_MIG:
	case RDMAAPI_EVENT_PATH_MIG_ERR:
	case RDMAAPI_EVENT_QP_LAST_WQE_REACHED:
		return EVOBJ_QP;
	case RDMAAPI_EVENT_SRQ_ERR:
	case RDMAAPI_EVENT_SRQ_LIMIT_REACHED:
		return EVOBJ_SRQ;
	default:
		return -1;	/* port or device */
	}
}

RDMAAPI_EXPORT
int rdmaapi_get_async_event(struct rdmaapi_context *context,
			    struct rdmaapi_async_event *event)
{
	struct rdmaapi_abi_async_event ev;
	struct evobj *obj;
	ssize_t n;
	int kind;

	if (!context || !event)
		return -EINVAL;
	for (;;) {
		n = read(context->cmd_fd, &ev, sizeof(ev));
		if (n < 0)
			return -errno;
		if (n != sizeof(ev))
			return -EIO;
		memset(event, 0, sizeof(*event));
		event->event_type = ev.event_type;
		kind = event_kind(ev.event_type);
		if (kind < 0) {
			event->element.port_num = ev.port_num;
			return 0;
		}
		obj = live_report(ev.cookie, ev.handle, kind, 0);
		if (obj)
			break;
		/* The event of an object destroyed meanwhile: nobody's. */
	}
	switch (kind) {
	case EVOBJ_CQ:
		event->element.cq = &container_of(obj, struct cq_priv, ev)->cq;
		break;
	case EVOBJ_QP:
		event->element.qp = &container_of(obj, struct qp_priv, ev)->qp;
		break;
	default:
		event->element.srq =
			&container_of(obj, struct srq_priv, ev)->srq;
		break;
	}
	return 0;
}

RDMAAPI_EXPORT
void rdmaapi_ack_async_event(struct rdmaapi_async_event *event)
{
	if (!event)
		return;
	switch (event_kind(event->event_type)) {
	case EVOBJ_CQ:
		if (event->element.cq)
			evobj_ack(&container_of(event->element.cq,
						struct cq_priv, cq)->ev, 0, 1);
		break;
	case EVOBJ_QP:
		if (event->element.qp)
			evobj_ack(&container_of(event->element.qp,
						struct qp_priv, qp)->ev, 0, 1);
		break;
	case EVOBJ_SRQ:
		if (event->element.srq)
			evobj_ack(&container_of(event->element.srq,
						struct srq_priv, srq)->ev, 0, 1);
		break;
	default:
		break;
	}
}

RDMAAPI_EXPORT
const char *rdmaapi_event_type_str(enum rdmaapi_event_type event)
{
	/* libibverbs' ibv_event_type_str() words. */
	static const char *const str[] = {
		[RDMAAPI_EVENT_CQ_ERR] = "CQ error",
		[RDMAAPI_EVENT_QP_FATAL] = "local work queue catastrophic error",
		[RDMAAPI_EVENT_QP_REQ_ERR] =
			"invalid request local work queue error",
		[RDMAAPI_EVENT_QP_ACCESS_ERR] =
			"local access violation work queue error",
		[RDMAAPI_EVENT_COMM_EST] = "communication established",
		[RDMAAPI_EVENT_SQ_DRAINED] = "send queue drained",
		[RDMAAPI_EVENT_PATH_MIG] = "path migrated",
		[RDMAAPI_EVENT_PATH_MIG_ERR] = "path migration request error",
		[RDMAAPI_EVENT_DEVICE_FATAL] = "local catastrophic error",
		[RDMAAPI_EVENT_PORT_ACTIVE] = "port active",
		[RDMAAPI_EVENT_PORT_ERR] = "port error",
		[RDMAAPI_EVENT_LID_CHANGE] = "LID change",
		[RDMAAPI_EVENT_PKEY_CHANGE] = "P_Key change",
		[RDMAAPI_EVENT_SM_CHANGE] = "SM change",
		[RDMAAPI_EVENT_SRQ_ERR] = "SRQ catastrophic error",
		[RDMAAPI_EVENT_SRQ_LIMIT_REACHED] = "SRQ limit reached",
		[RDMAAPI_EVENT_QP_LAST_WQE_REACHED] = "last WQE reached",
		[RDMAAPI_EVENT_CLIENT_REREGISTER] = "client reregistration",
		[RDMAAPI_EVENT_GID_CHANGE] = "GID table change",
		[RDMAAPI_EVENT_WQ_FATAL] = "WQ fatal",
	};

	if ((unsigned int)event >= sizeof(str) / sizeof(str[0]) ||
	    !str[event])
		return "unknown";
	return str[event];
}
