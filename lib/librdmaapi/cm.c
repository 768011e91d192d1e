// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * librdmaapi - the connection manager: librdmacm's calls over the device's
 * rdma_cm personality (API_RDMACM of <linux/virtio_rdmaapi.h>).
 *
 * Each context has one event channel; it keeps the context's identifiers
 * so that an event's handle finds its struct rdmaapi_cm_id.
 */
#include <endian.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "internal.h"

/* The channel and the identifiers it knows. */
struct cm_channel {
	struct rdmaapi_event_channel pub;
	pthread_mutex_t lock;
	struct rdmaapi_cm_id **ids;
	size_t nids;
	size_t cap;
};

/* An event and its private data. */
struct cm_event {
	struct rdmaapi_cm_event pub;
	uint8_t private_data[VIRTIO_RDMAAPI_CM_PRIVATE_DATA_MAX];
};

static struct cm_channel *chan_of(struct rdmaapi_event_channel *c)
{
	return (struct cm_channel *)c;
}

static int chan_add(struct cm_channel *ch, struct rdmaapi_cm_id *id)
{
	struct rdmaapi_cm_id **n;
	int ret = 0;

	pthread_mutex_lock(&ch->lock);
	if (ch->nids == ch->cap) {
		n = realloc(ch->ids, (ch->cap * 2 + 8) * sizeof(*n));
		if (!n) {
			ret = -ENOMEM;
			goto out;
		}
		ch->ids = n;
		ch->cap = ch->cap * 2 + 8;
	}
	ch->ids[ch->nids++] = id;
out:
	pthread_mutex_unlock(&ch->lock);
	return ret;
}

static void chan_del(struct cm_channel *ch, struct rdmaapi_cm_id *id)
{
	size_t i;

	pthread_mutex_lock(&ch->lock);
	for (i = 0; i < ch->nids; i++) {
		if (ch->ids[i] == id) {
			ch->ids[i] = ch->ids[--ch->nids];
			break;
		}
	}
	pthread_mutex_unlock(&ch->lock);
}

static struct rdmaapi_cm_id *chan_find(struct cm_channel *ch, uint32_t handle)
{
	struct rdmaapi_cm_id *id = NULL;
	size_t i;

	pthread_mutex_lock(&ch->lock);
	for (i = 0; i < ch->nids; i++) {
		if (ch->ids[i]->handle == handle) {
			id = ch->ids[i];
			break;
		}
	}
	pthread_mutex_unlock(&ch->lock);
	return id;
}

RDMAAPI_EXPORT struct rdmaapi_event_channel *
rdmaapi_create_event_channel(struct rdmaapi_context *context)
{
	struct cm_channel *ch;
	int fd;

	ch = calloc(1, sizeof(*ch));
	if (!ch) {
		errno = ENOMEM;
		return NULL;
	}
	fd = ioctl(context->cmd_fd, RDMAAPI_IOCTL_CREATE_CM_CHANNEL);
	if (fd < 0) {
		free(ch);
		return NULL;
	}
	pthread_mutex_init(&ch->lock, NULL);
	ch->pub.context = context;
	ch->pub.fd = fd;
	return &ch->pub;
}

RDMAAPI_EXPORT int
rdmaapi_destroy_event_channel(struct rdmaapi_event_channel *channel)
{
	struct cm_channel *ch = chan_of(channel);

	if (ch->nids)
		return -EBUSY;
	close(ch->pub.fd);
	pthread_mutex_destroy(&ch->lock);
	free(ch->ids);
	free(ch);
	return 0;
}

RDMAAPI_EXPORT int rdmaapi_create_id(struct rdmaapi_event_channel *channel,
				     struct rdmaapi_cm_id **id, void *context,
				     enum rdmaapi_port_space ps)
{
	struct virtio_rdmaapi_cm_create_id_req req = {
		.cookie = htole64((uintptr_t)context),
		.ps = htole32(ps),
	};
	struct virtio_rdmaapi_handle resp;
	uint32_t len = sizeof(resp);
	struct rdmaapi_cm_id *n;
	int ret;

	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	ret = rdmaapi_call(channel->context, VIRTIO_RDMAAPI_API_RDMACM,
			   VIRTIO_RDMAAPI_RDMACM_CREATE_ID, &req, sizeof(req),
			   &resp, &len);
	if (!ret && len != sizeof(resp))
		ret = -EIO;
	if (ret)
		goto err_free;
	n->verbs = channel->context;
	n->channel = channel;
	n->context = context;
	n->ps = ps;
	n->handle = le32toh(resp.handle);
	ret = chan_add(chan_of(channel), n);
	if (ret) {
		rdmaapi_destroy_id(n);
		return ret;
	}
	*id = n;
	return 0;

err_free:
	free(n);
	return ret;
}

static int id_call(struct rdmaapi_cm_id *id, uint16_t opcode, const void *req,
		   uint32_t req_len)
{
	uint32_t len = 0;

	return rdmaapi_call(id->verbs, VIRTIO_RDMAAPI_API_RDMACM, opcode, req,
			    req_len, NULL, &len);
}

RDMAAPI_EXPORT int rdmaapi_destroy_id(struct rdmaapi_cm_id *id)
{
	struct virtio_rdmaapi_handle req = { .handle = htole32(id->handle) };
	int ret;

	/*
	 * A removed device took the host's identifier with it, as the
	 * kernel's rdma_cm does on RDMA_CM_EVENT_DEVICE_REMOVAL: forget it
	 * here too, so that the channel can be destroyed.
	 */
	ret = destroy_result(id_call(id, VIRTIO_RDMAAPI_RDMACM_DESTROY_ID,
				     &req, sizeof(req)));
	if (ret)
		return ret;
	chan_del(chan_of(id->channel), id);
	free(id);
	return 0;
}

static int addr_to_wire(const struct sockaddr *sa,
			struct virtio_rdmaapi_sockaddr *w)
{
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
	const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

	memset(w, 0, sizeof(*w));
	if (!sa)
		return 0;
	switch (sa->sa_family) {
	case AF_INET:
		w->family = htole16(VIRTIO_RDMAAPI_AF_INET);
		w->port = in->sin_port;
		memcpy(w->addr, &in->sin_addr, 4);
		return 0;
	case AF_INET6:
		w->family = htole16(VIRTIO_RDMAAPI_AF_INET6);
		w->port = in6->sin6_port;
		w->scope_id = htole32(in6->sin6_scope_id);
		memcpy(w->addr, &in6->sin6_addr, 16);
		return 0;
	}
	return -EAFNOSUPPORT;
}

static void addr_from_wire(const struct virtio_rdmaapi_sockaddr *w,
			   struct sockaddr *sa)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
	struct sockaddr_in *in = (struct sockaddr_in *)sa;

	switch (le16toh(w->family)) {
	case VIRTIO_RDMAAPI_AF_INET:
		memset(in, 0, sizeof(*in));
		in->sin_family = AF_INET;
		in->sin_port = w->port;
		memcpy(&in->sin_addr, w->addr, 4);
		break;
	case VIRTIO_RDMAAPI_AF_INET6:
		memset(in6, 0, sizeof(*in6));
		in6->sin6_family = AF_INET6;
		in6->sin6_port = w->port;
		in6->sin6_scope_id = le32toh(w->scope_id);
		memcpy(&in6->sin6_addr, w->addr, 16);
		break;
	default:
		memset(sa, 0, sizeof(struct sockaddr));
		sa->sa_family = AF_UNSPEC;
	}
}

RDMAAPI_EXPORT int rdmaapi_bind_addr(struct rdmaapi_cm_id *id,
				     struct sockaddr *addr)
{
	struct virtio_rdmaapi_cm_addr_req req = { .id = htole32(id->handle) };
	int ret;

	if (!addr)
		return -EINVAL;
	ret = addr_to_wire(addr, &req.src);
	if (ret)
		return ret;
	return id_call(id, VIRTIO_RDMAAPI_RDMACM_BIND_ADDR, &req, sizeof(req));
}

RDMAAPI_EXPORT int rdmaapi_resolve_addr(struct rdmaapi_cm_id *id,
					struct sockaddr *src_addr,
					struct sockaddr *dst_addr,
					int timeout_ms)
{
	struct virtio_rdmaapi_cm_addr_req req = {
		.id = htole32(id->handle),
		.timeout_ms = htole32(timeout_ms),
	};
	int ret;

	if (!dst_addr || timeout_ms <= 0)
		return -EINVAL;
	ret = addr_to_wire(src_addr, &req.src);
	if (!ret)
		ret = addr_to_wire(dst_addr, &req.dst);
	if (ret)
		return ret;
	return id_call(id, VIRTIO_RDMAAPI_RDMACM_RESOLVE_ADDR, &req,
		       sizeof(req));
}

RDMAAPI_EXPORT int rdmaapi_resolve_route(struct rdmaapi_cm_id *id,
					 int timeout_ms)
{
	struct virtio_rdmaapi_cm_id_req req = {
		.id = htole32(id->handle),
		.arg = htole32(timeout_ms),
	};

	if (timeout_ms <= 0)
		return -EINVAL;
	return id_call(id, VIRTIO_RDMAAPI_RDMACM_RESOLVE_ROUTE, &req,
		       sizeof(req));
}

RDMAAPI_EXPORT int rdmaapi_listen(struct rdmaapi_cm_id *id, int backlog)
{
	struct virtio_rdmaapi_cm_id_req req = {
		.id = htole32(id->handle),
		.arg = htole32(backlog),
	};

	if (backlog < 0)
		return -EINVAL;
	return id_call(id, VIRTIO_RDMAAPI_RDMACM_LISTEN, &req, sizeof(req));
}

RDMAAPI_EXPORT int rdmaapi_cm_create_qp(struct rdmaapi_cm_id *id,
					struct rdmaapi_pd *pd,
					struct rdmaapi_qp_init_attr *attr)
{
	struct rdmaapi_qp_attr a = {
		.qp_state = RDMAAPI_QPS_INIT,
		.port_num = id->port_num ? id->port_num : 1,
	};
	struct rdmaapi_qp *qp;
	int ret;

	if (id->qp || attr->qp_type != RDMAAPI_QPT_RC ||
	    pd->context != id->verbs)
		return -EINVAL;
	qp = rdmaapi_create_qp(pd, attr);
	if (!qp)
		return -errno;
	/*
	 * In INIT, as librdmacm leaves it, so that receives can be posted
	 * before the connection; the host sets the connection's INIT
	 * attributes again on CONNECT or ACCEPT.
	 */
	ret = rdmaapi_modify_qp(qp, &a, RDMAAPI_QP_STATE | RDMAAPI_QP_PKEY_INDEX |
				RDMAAPI_QP_PORT | RDMAAPI_QP_ACCESS_FLAGS);
	if (ret) {
		rdmaapi_destroy_qp(qp);
		return ret;
	}
	id->qp = qp;
	return 0;
}

static int param_to_wire(const struct rdmaapi_conn_param *p,
			 struct virtio_rdmaapi_cm_conn_param *w)
{
	memset(w, 0, sizeof(*w));
	if (!p)
		return 0;
	if (p->private_data_len > VIRTIO_RDMAAPI_CM_PRIVATE_DATA_MAX ||
	    (p->private_data_len && !p->private_data))
		return -EINVAL;
	w->private_data_len = p->private_data_len;
	w->responder_resources = p->responder_resources;
	w->initiator_depth = p->initiator_depth;
	w->flow_control = p->flow_control;
	w->retry_count = p->retry_count;
	w->rnr_retry_count = p->rnr_retry_count;
	w->srq = p->srq;
	if (p->private_data_len)
		memcpy(w->private_data, p->private_data, p->private_data_len);
	return 0;
}

static int conn_call(struct rdmaapi_cm_id *id, uint16_t opcode,
		     const struct rdmaapi_conn_param *p)
{
	struct virtio_rdmaapi_cm_connect_req req = {
		.id = htole32(id->handle),
	};
	int ret;

	if (!id->qp)
		return -EINVAL;
	req.qp = htole32(id->qp->handle);
	ret = param_to_wire(p, &req.param);
	if (ret)
		return ret;
	return id_call(id, opcode, &req, sizeof(req));
}

RDMAAPI_EXPORT int rdmaapi_connect(struct rdmaapi_cm_id *id,
				   struct rdmaapi_conn_param *conn_param)
{
	return conn_call(id, VIRTIO_RDMAAPI_RDMACM_CONNECT, conn_param);
}

RDMAAPI_EXPORT int rdmaapi_accept(struct rdmaapi_cm_id *id,
				  struct rdmaapi_conn_param *conn_param)
{
	return conn_call(id, VIRTIO_RDMAAPI_RDMACM_ACCEPT, conn_param);
}

RDMAAPI_EXPORT int rdmaapi_reject(struct rdmaapi_cm_id *id,
				  const void *private_data,
				  uint8_t private_data_len)
{
	struct virtio_rdmaapi_cm_connect_req req = {
		.id = htole32(id->handle),
	};
	struct rdmaapi_conn_param p = {
		.private_data = private_data,
		.private_data_len = private_data_len,
	};
	int ret;

	ret = param_to_wire(&p, &req.param);
	if (ret)
		return ret;
	return id_call(id, VIRTIO_RDMAAPI_RDMACM_REJECT, &req, sizeof(req));
}

RDMAAPI_EXPORT int rdmaapi_disconnect(struct rdmaapi_cm_id *id)
{
	struct virtio_rdmaapi_cm_id_req req = { .id = htole32(id->handle) };
	int ret;

	ret = id_call(id, VIRTIO_RDMAAPI_RDMACM_DISCONNECT, &req, sizeof(req));
	if (!ret && id->qp)
		id->qp->state = RDMAAPI_QPS_ERR;
	return ret;
}

RDMAAPI_EXPORT int rdmaapi_get_addrs(struct rdmaapi_cm_id *id,
				     struct sockaddr *src,
				     struct sockaddr *dst)
{
	struct virtio_rdmaapi_cm_id_req req = { .id = htole32(id->handle) };
	struct virtio_rdmaapi_cm_query_addr_resp resp;
	uint32_t len = sizeof(resp);
	int ret;

	ret = rdmaapi_call(id->verbs, VIRTIO_RDMAAPI_API_RDMACM,
			   VIRTIO_RDMAAPI_RDMACM_QUERY_ADDR, &req, sizeof(req),
			   &resp, &len);
	if (!ret && len != sizeof(resp))
		ret = -EIO;
	if (ret)
		return ret;
	id->port_num = le32toh(resp.port_num);
	if (src)
		addr_from_wire(&resp.src, src);
	if (dst)
		addr_from_wire(&resp.dst, dst);
	return 0;
}

/* A connection request's identifier: the listener's channel and context. */
static struct rdmaapi_cm_id *child_id(struct rdmaapi_cm_id *listen,
				      uint32_t handle)
{
	struct rdmaapi_cm_id *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->verbs = listen->verbs;
	n->channel = listen->channel;
	n->context = listen->context;
	n->ps = listen->ps;
	n->handle = handle;
	if (chan_add(chan_of(listen->channel), n)) {
		free(n);
		return NULL;
	}
	return n;
}

/* Forget a connection request's identifier the caller cannot get. */
static void drop_handle(struct rdmaapi_context *ctx, uint32_t handle)
{
	struct virtio_rdmaapi_handle req = { .handle = htole32(handle) };
	uint32_t len = 0;

	rdmaapi_call(ctx, VIRTIO_RDMAAPI_API_RDMACM,
		     VIRTIO_RDMAAPI_RDMACM_DESTROY_ID, &req, sizeof(req),
		     NULL, &len);
}

static int fill_event(struct cm_channel *ch,
		      const struct virtio_rdmaapi_cm_event *w,
		      struct cm_event *e)
{
	uint32_t handle = le32toh(w->id);
	struct rdmaapi_cm_event *p = &e->pub;

	p->event = le32toh(w->event);
	p->status = (int32_t)le32toh(w->status);
	if (p->event == RDMAAPI_CM_EVENT_CONNECT_REQUEST) {
		p->listen_id = chan_find(ch, le32toh(w->listen_id));
		p->id = p->listen_id ? child_id(p->listen_id, handle) : NULL;
		if (!p->id) {
			drop_handle(ch->pub.context, handle);
			return -ENOMEM;
		}
	} else {
		p->id = chan_find(ch, handle);
		if (!p->id)
			return -ENOENT;
	}
	p->id->port_num = le32toh(w->port_num);
	if (p->event == RDMAAPI_CM_EVENT_ESTABLISHED && p->id->qp)
		p->id->qp->state = RDMAAPI_QPS_RTS;
	p->conn.private_data_len = w->param.private_data_len;
	if (p->conn.private_data_len > sizeof(e->private_data))
		p->conn.private_data_len = sizeof(e->private_data);
	memcpy(e->private_data, w->param.private_data,
	       p->conn.private_data_len);
	p->conn.private_data = p->conn.private_data_len ? e->private_data :
							   NULL;
	p->conn.responder_resources = w->param.responder_resources;
	p->conn.initiator_depth = w->param.initiator_depth;
	p->conn.flow_control = w->param.flow_control;
	p->conn.retry_count = w->param.retry_count;
	p->conn.rnr_retry_count = w->param.rnr_retry_count;
	p->conn.srq = w->param.srq;
	p->conn.qp_num = le32toh(w->param.qp_num);
	return 0;
}

RDMAAPI_EXPORT int rdmaapi_get_cm_event(struct rdmaapi_event_channel *channel,
					struct rdmaapi_cm_event **event)
{
	struct virtio_rdmaapi_cm_event w;
	struct rdmaapi_get_cm_event a = {
		.event = (uintptr_t)&w,
		.len = sizeof(w),
	};
	struct cm_event *e;
	int ret;

	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	for (;;) {
		if (ioctl(channel->fd, RDMAAPI_IOCTL_GET_CM_EVENT, &a)) {
			ret = -errno;
			if (ret == -EINTR)
				continue;
			break;
		}
		/* Events of identifiers destroyed meanwhile are skipped. */
		ret = fill_event(chan_of(channel), &w, e);
		if (ret != -ENOENT)
			break;
	}
	if (ret) {
		free(e);
		return ret;
	}
	*event = &e->pub;
	return 0;
}

RDMAAPI_EXPORT int rdmaapi_ack_cm_event(struct rdmaapi_cm_event *event)
{
	free(event);
	return 0;
}

static const char *const cm_event_str[] = {
	[RDMAAPI_CM_EVENT_ADDR_RESOLVED]	= "RDMA_CM_EVENT_ADDR_RESOLVED",
	[RDMAAPI_CM_EVENT_ADDR_ERROR]		= "RDMA_CM_EVENT_ADDR_ERROR",
	[RDMAAPI_CM_EVENT_ROUTE_RESOLVED]	= "RDMA_CM_EVENT_ROUTE_RESOLVED",
	[RDMAAPI_CM_EVENT_ROUTE_ERROR]		= "RDMA_CM_EVENT_ROUTE_ERROR",
	[RDMAAPI_CM_EVENT_CONNECT_REQUEST]	= "RDMA_CM_EVENT_CONNECT_REQUEST",
	[RDMAAPI_CM_EVENT_CONNECT_RESPONSE]	= "RDMA_CM_EVENT_CONNECT_RESPONSE",
	[RDMAAPI_CM_EVENT_CONNECT_ERROR]	= "RDMA_CM_EVENT_CONNECT_ERROR",
	[RDMAAPI_CM_EVENT_UNREACHABLE]		= "RDMA_CM_EVENT_UNREACHABLE",
	[RDMAAPI_CM_EVENT_REJECTED]		= "RDMA_CM_EVENT_REJECTED",
	[RDMAAPI_CM_EVENT_ESTABLISHED]		= "RDMA_CM_EVENT_ESTABLISHED",
	[RDMAAPI_CM_EVENT_DISCONNECTED]		= "RDMA_CM_EVENT_DISCONNECTED",
	[RDMAAPI_CM_EVENT_DEVICE_REMOVAL]	= "RDMA_CM_EVENT_DEVICE_REMOVAL",
	[RDMAAPI_CM_EVENT_MULTICAST_JOIN]	= "RDMA_CM_EVENT_MULTICAST_JOIN",
	[RDMAAPI_CM_EVENT_MULTICAST_ERROR]	= "RDMA_CM_EVENT_MULTICAST_ERROR",
	[RDMAAPI_CM_EVENT_ADDR_CHANGE]		= "RDMA_CM_EVENT_ADDR_CHANGE",
	[RDMAAPI_CM_EVENT_TIMEWAIT_EXIT]	= "RDMA_CM_EVENT_TIMEWAIT_EXIT",
};

RDMAAPI_EXPORT const char *rdmaapi_event_str(enum rdmaapi_cm_event_type event)
{
	if ((unsigned int)event >= sizeof(cm_event_str) / sizeof(cm_event_str[0]))
		return "UNKNOWN EVENT";
	return cm_event_str[event];
}
