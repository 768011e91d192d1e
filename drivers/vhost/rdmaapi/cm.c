// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rdma_cm personality: connection identifiers of the host's kernel RDMA
 * connection manager, remoted like verbs objects.
 *
 * A guest identifier is a kernel rdma_cm_id in the initial network
 * namespace, restricted to the device's own RDMA device: an identifier
 * whose address binds or resolves to another device is refused. The QP of
 * a connection is a verbs QP of the same context; CONNECT and ACCEPT bind
 * it to the identifier and this file moves it through INIT, RTR and RTS
 * as librdmacm does for its users, so posting and polling stay the verbs
 * personality's.
 *
 * The connection manager calls cm_handler() in its own context. Events
 * are queued on the context (struct cm_ctx) and the guest is only told
 * that some wait (EV_CM); it fetches them with GET_EVENT, which runs on
 * the device's worker and is where a connection request's new identifier
 * gets its handle, as ucma gives one to userspace in its GET_EVENT.
 */
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <rdma/ib_cm.h>
#include <rdma/rdma_cm.h>
#include "cm.h"
#include "verbs.h"

static unsigned int max_cm_id = 1024;
module_param(max_cm_id, uint, 0644);
MODULE_PARM_DESC(max_cm_id,
		 "RDMA CM identifiers per vDPA device (default 1024)");
static unsigned int cm_port_min = 1;
module_param(cm_port_min, uint, 0644);
MODULE_PARM_DESC(cm_port_min,
		 "lowest RDMA CM port a guest may bind or connect from (default 1)");
static unsigned int cm_port_max = 65535;
module_param(cm_port_max, uint, 0644);
MODULE_PARM_DESC(cm_port_max,
		 "highest RDMA CM port a guest may bind or connect from (default 65535)");

/* Resolution timeouts the guest may ask for. */
#define CM_TIMEOUT_MAX_MS	60000
/* Largest listen backlog. */
#define CM_BACKLOG_MAX		128
/*
 * Connection requests a context may have queued and not yet fetched: each
 * holds a host identifier, and remote peers, not the guest, make them.
 */
#define CM_REQS_MAX		CM_BACKLOG_MAX

/**
 * struct cm_ctx - the personality's state of one context
 * @dev: the device, for event notifications
 * @ctx_handle: the context's handle, for event notifications
 * @lock: protects @events; taken by cm_handler(), never held while
 *	calling into the connection manager
 * @events: struct cm_event not yet fetched, oldest first
 * @nevents: entries in @events
 * @nreqs: connection requests in @events (or about to be)
 */
struct cm_ctx {
	struct rdmaapi_dev *dev;
	u32 ctx_handle;
	struct mutex lock;
	struct list_head events;
	u32 nevents;
	u32 nreqs;
};

/**
 * struct cm_id - a connection identifier
 * @obj: handle; 0 for a connection request's identifier until the guest
 *	fetched the request
 * @id: the kernel identifier; its context is this structure
 * @cctx: the owning context's state
 * @qp: the bound verbs QP (with a use count) or NULL
 * @cookie: the guest's, echoed in events
 * @resp_res: responder resources given to CONNECT, for the QP's RTR
 * @init_depth: initiator depth given to CONNECT, for the QP's RTS
 * @passive: created by a connection request (ACCEPT/REJECT apply)
 */
struct cm_id {
	struct rdmaapi_obj obj;
	struct rdma_cm_id *id;
	struct cm_ctx *cctx;
	struct verbs_qp *qp;
	u64 cookie;
	u8 resp_res;
	u8 init_depth;
	bool passive;
};

/**
 * struct cm_event - an event waiting for GET_EVENT
 * @node: in cm_ctx.events
 * @cid: the identifier concerned (a new one for CONNECT_REQUEST)
 * @listen: CONNECT_REQUEST: the listening identifier, else NULL
 * @ev: the event; id, listen_id, cookie and pending are filled in when
 *	it is fetched
 */
struct cm_event {
	struct list_head node;
	struct cm_id *cid;
	struct cm_id *listen;
	struct virtio_rdmaapi_cm_event ev;
};

static void cm_id_destroy(struct rdmaapi_obj *obj);

static const struct rdmaapi_obj_type cm_id_type = {
	.name = "cm_id",
	.id = CM_OBJ_ID,
	.rank = CM_OBJ_ID,
	.destroy = cm_id_destroy,
};

static struct cm_ctx *cm_ctx(struct rdmaapi_ctx *ctx)
{
	return ctx->priv[VIRTIO_RDMAAPI_API_RDMACM];
}

static struct ib_device *cm_ibdev(struct cm_id *cid)
{
	return cid->cctx->dev->ibdev;
}

static struct cm_id *cm_id_get(struct rdmaapi_ctx *ctx, __le32 handle)
{
	struct rdmaapi_obj *obj = rdmaapi_obj_get(ctx, handle, &cm_id_type);

	return obj ? container_of(obj, struct cm_id, obj) : NULL;
}

/* The identifier works on this device's RDMA device (resolved or bound). */
static bool cm_on_dev(struct cm_id *cid)
{
	return cid->id->device == cm_ibdev(cid);
}

/* Returns 0 for an address, 1 for AF_UNSPEC (no address), or -errno. */
static int cm_addr_from_wire(const struct virtio_rdmaapi_sockaddr *w,
			     struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *in = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	switch (le16_to_cpu(w->family)) {
	case VIRTIO_RDMAAPI_AF_UNSPEC:
		if (w->port || w->scope_id || memchr_inv(w->addr, 0, 16))
			return -EINVAL;
		return 1;
	case VIRTIO_RDMAAPI_AF_INET:
		if (w->scope_id || memchr_inv(w->addr + 4, 0, 12))
			return -EINVAL;
		in->sin_family = AF_INET;
		in->sin_port = w->port;
		memcpy(&in->sin_addr, w->addr, 4);
		return 0;
	case VIRTIO_RDMAAPI_AF_INET6:
		in6->sin6_family = AF_INET6;
		in6->sin6_port = w->port;
		in6->sin6_scope_id = le32_to_cpu(w->scope_id);
		memcpy(&in6->sin6_addr, w->addr, 16);
		return 0;
	}
	return -EAFNOSUPPORT;
}

static void cm_addr_to_wire(const struct sockaddr *sa,
			    struct virtio_rdmaapi_sockaddr *w)
{
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
	const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

	memset(w, 0, sizeof(*w));
	if (sa->sa_family == AF_INET) {
		w->family = cpu_to_le16(VIRTIO_RDMAAPI_AF_INET);
		w->port = in->sin_port;
		memcpy(w->addr, &in->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		w->family = cpu_to_le16(VIRTIO_RDMAAPI_AF_INET6);
		w->port = in6->sin6_port;
		w->scope_id = cpu_to_le32(in6->sin6_scope_id);
		memcpy(w->addr, &in6->sin6_addr, 16);
	}
}

static bool cm_addr_any(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return !((struct sockaddr_in *)ss)->sin_addr.s_addr;
	return ipv6_addr_any(&((struct sockaddr_in6 *)ss)->sin6_addr);
}

/* Port 0 (any) is always allowed; others within the administrator's range. */
static bool cm_port_ok(const struct sockaddr_storage *ss)
{
	u16 port = ntohs(ss->ss_family == AF_INET ?
			 ((struct sockaddr_in *)ss)->sin_port :
			 ((struct sockaddr_in6 *)ss)->sin6_port);

	return !port || (port >= cm_port_min && port <= cm_port_max);
}

static void cm_param_to_wire(const struct rdma_conn_param *p,
			     struct virtio_rdmaapi_cm_conn_param *w)
{
	u8 len = min_t(u8, p->private_data_len,
		       VIRTIO_RDMAAPI_CM_PRIVATE_DATA_MAX);

	w->responder_resources = p->responder_resources;
	w->initiator_depth = p->initiator_depth;
	w->flow_control = p->flow_control;
	w->retry_count = p->retry_count;
	w->rnr_retry_count = p->rnr_retry_count;
	w->srq = p->srq;
	w->qp_num = cpu_to_le32(p->qp_num);
	if (p->private_data && len) {
		w->private_data_len = len;
		memcpy(w->private_data, p->private_data, len);
	}
}

static int cm_param_from_wire(const struct virtio_rdmaapi_cm_conn_param *w,
			      struct rdma_conn_param *p)
{
	if (w->reserved || w->reserved2 || memchr_inv(w->pad, 0, 4) ||
	    w->private_data_len > VIRTIO_RDMAAPI_CM_PRIVATE_DATA_MAX ||
	    w->retry_count > 7 || w->rnr_retry_count > 7 || w->srq > 1 ||
	    w->flow_control > 1)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	p->private_data = w->private_data_len ? w->private_data : NULL;
	p->private_data_len = w->private_data_len;
	p->responder_resources = w->responder_resources;
	p->initiator_depth = w->initiator_depth;
	p->flow_control = w->flow_control;
	p->retry_count = w->retry_count;
	p->rnr_retry_count = w->rnr_retry_count;
	return 0;
}

/*
 * Move the bound QP to @state with the connection's attributes, as
 * librdmacm's ucma_modify_qp_rtr/rts do for its users.
 */
static int cm_modify_qp(struct cm_id *cid, enum ib_qp_state state,
			int resp_res, int init_depth)
{
	struct ib_qp_attr attr = { .qp_state = state };
	int mask, ret;

	ret = rdma_init_qp_attr(cid->id, &attr, &mask);
	if (ret)
		return ret;
	if (state == IB_QPS_RTR && (mask & IB_QP_MAX_DEST_RD_ATOMIC))
		attr.max_dest_rd_atomic = resp_res;
	if (state == IB_QPS_RTS && (mask & IB_QP_MAX_QP_RD_ATOMIC))
		attr.max_rd_atomic = init_depth;
	return ib_modify_qp(cid->qp->qp, &attr, mask);
}

static void cm_qp_state(struct cm_id *cid, enum ib_qp_state state)
{
	struct ib_qp_attr attr = { .qp_state = state };

	ib_modify_qp(cid->qp->qp, &attr, IB_QP_STATE);
}

/*
 * Bind a verbs QP of the context: an RC QP in RESET, or in INIT as
 * librdmaapi leaves a QP for a connection (receives posted, nothing sent).
 */
static int cm_bind_qp(struct rdmaapi_ctx *ctx, struct cm_id *cid,
		      __le32 handle)
{
	struct verbs_qp *qp = verbs_qp_get(ctx, handle);
	struct ib_qp_init_attr init;
	struct ib_qp_attr attr;

	/* One identifier per QP: only a binding makes a QP's users nonzero. */
	if (!qp || cid->qp || atomic_read(&qp->obj.users))
		return -EINVAL;
	if (qp->qp->qp_type != IB_QPT_RC)
		return -EINVAL;
	if (ib_query_qp(qp->qp, &attr, IB_QP_STATE, &init) ||
	    (attr.qp_state != IB_QPS_RESET && attr.qp_state != IB_QPS_INIT))
		return -EINVAL;
	verbs_obj_use(&qp->obj);
	cid->qp = qp;
	return 0;
}

/* Undo cm_bind_qp() after a failed CONNECT or ACCEPT: flush what waits. */
static void cm_unbind_qp(struct cm_id *cid)
{
	cm_qp_state(cid, IB_QPS_ERR);
	verbs_obj_unuse(&cid->qp->obj);
	cid->qp = NULL;
}

/*
 * The active side got the peer's REP: the QP's INIT attributes are set
 * again from the IB CM's state (its remote access flags depend on the
 * responder resources agreed, as in cma_modify_qp_rtr()), it goes to RTR
 * and RTS and the RTU is sent (rdma_accept() with no parameters, under
 * the handler lock the connection manager holds for us).
 */
static int cm_establish(struct cm_id *cid)
{
	int ret;

	if (!cid->qp)
		return -EINVAL;
	ret = cm_modify_qp(cid, IB_QPS_INIT, 0, 0);
	if (!ret)
		ret = cm_modify_qp(cid, IB_QPS_RTR, cid->resp_res,
				   cid->init_depth);
	if (!ret)
		ret = cm_modify_qp(cid, IB_QPS_RTS, cid->resp_res,
				   cid->init_depth);
	if (!ret)
		ret = rdma_accept(cid->id, NULL);
	if (ret)
		cm_qp_state(cid, IB_QPS_ERR);
	return ret;
}

static void cm_notify(struct cm_ctx *cctx)
{
	struct virtio_rdmaapi_event ev = {
		.type = cpu_to_le32(VIRTIO_RDMAAPI_EV_CM),
		.ctx = cpu_to_le32(cctx->ctx_handle),
	};

	rdmaapi_dev_event(cctx->dev, &ev);
}

static struct cm_id *cm_child_new(struct cm_id *listen, struct rdma_cm_id *id)
{
	struct cm_id *cid = kzalloc(sizeof(*cid), GFP_KERNEL);

	if (!cid)
		return NULL;
	cid->id = id;
	cid->cctx = listen->cctx;
	cid->cookie = listen->cookie;
	cid->passive = true;
	id->context = cid;
	return cid;
}

/* Count a connection request in (@n 1, false at the limit) or out (-1). */
static bool cm_req_reserve(struct cm_ctx *cctx, int n)
{
	bool ok = true;

	mutex_lock(&cctx->lock);
	if (n > 0 && cctx->nreqs >= CM_REQS_MAX)
		ok = false;
	else
		cctx->nreqs += n;
	mutex_unlock(&cctx->lock);
	return ok;
}

/*
 * The connection manager's callback, in its context: queue the event for
 * GET_EVENT. Returning nonzero makes the connection manager destroy @id,
 * which is only done for a connection request we refuse before the guest
 * ever saw it.
 */
static int cm_handler(struct rdma_cm_id *id, struct rdma_cm_event *e)
{
	struct cm_id *cid = id->context, *listen = NULL;
	struct cm_ctx *cctx = cid->cctx;
	struct cm_event *ce;

	if (e->event == RDMA_CM_EVENT_CONNECT_REQUEST) {
		/* A wildcard listener hears every device: only ours. */
		if (id->device != cm_ibdev(cid))
			return -ENODEV;
		/* A guest that does not fetch them refuses the rest. */
		if (!cm_req_reserve(cctx, 1))
			return -ENOBUFS;
		listen = cid;
		cid = cm_child_new(listen, id);
		if (!cid) {
			cm_req_reserve(cctx, -1);
			return -ENOMEM;
		}
	}
	ce = kzalloc(sizeof(*ce), GFP_KERNEL);
	if (!ce) {
		if (listen) {
			id->context = listen;
			kfree(cid);
			cm_req_reserve(cctx, -1);
			return -ENOMEM;
		}
		return 0;
	}
	ce->cid = cid;
	ce->listen = listen;
	ce->ev.event = cpu_to_le32(e->event);
	ce->ev.status = cpu_to_le32(e->status);
	switch (e->event) {
	case RDMA_CM_EVENT_ADDR_RESOLVED:
		if (!cm_on_dev(cid)) {
			ce->ev.event = cpu_to_le32(RDMA_CM_EVENT_ADDR_ERROR);
			ce->ev.status = cpu_to_le32(-ENODEV);
		}
		break;
	case RDMA_CM_EVENT_CONNECT_RESPONSE: {
		int ret = cm_establish(cid);

		cm_param_to_wire(&e->param.conn, &ce->ev.param);
		ce->ev.event = cpu_to_le32(ret ? RDMA_CM_EVENT_CONNECT_ERROR :
					   RDMA_CM_EVENT_ESTABLISHED);
		ce->ev.status = cpu_to_le32(ret);
		break;
	}
	case RDMA_CM_EVENT_CONNECT_REQUEST:
	case RDMA_CM_EVENT_ESTABLISHED:
	case RDMA_CM_EVENT_REJECTED:
		cm_param_to_wire(&e->param.conn, &ce->ev.param);
		break;
	default:
		break;
	}
	ce->ev.port_num = cpu_to_le32(id->device ? id->port_num : 0);
	mutex_lock(&cctx->lock);
	list_add_tail(&ce->node, &cctx->events);
	cctx->nevents++;
	mutex_unlock(&cctx->lock);
	cm_notify(cctx);
	return 0;
}

static void cm_drop_child(struct cm_id *cid);

/*
 * Forget the queued events of an identifier the connection manager no
 * longer calls back for; connection requests it was listening for (whose
 * identifiers the guest never saw) are refused and destroyed.
 */
static void cm_purge(struct cm_id *cid)
{
	struct cm_ctx *cctx = cid->cctx;
	struct cm_event *ce, *tmp;
	LIST_HEAD(orphans);

	mutex_lock(&cctx->lock);
	list_for_each_entry_safe(ce, tmp, &cctx->events, node) {
		if (ce->cid != cid && ce->listen != cid)
			continue;
		list_del(&ce->node);
		cctx->nevents--;
		if (ce->listen)
			cctx->nreqs--;
		if (ce->listen == cid)
			list_add_tail(&ce->node, &orphans);
		else
			kfree(ce);
	}
	mutex_unlock(&cctx->lock);
	list_for_each_entry_safe(ce, tmp, &orphans, node) {
		cm_drop_child(ce->cid);
		kfree(ce);
	}
}

/* Refuse and destroy a connection request's identifier the guest lacks. */
static void cm_drop_child(struct cm_id *cid)
{
	rdma_lock_handler(cid->id);
	rdma_reject(cid->id, NULL, 0, IB_CM_REJ_CONSUMER_DEFINED);
	rdma_unlock_handler(cid->id);
	rdma_destroy_id(cid->id);
	cm_purge(cid);
	kfree(cid);
}

/* Same for every cause: DESTROY_ID, context teardown, device reset. */
static void cm_id_destroy(struct rdmaapi_obj *obj)
{
	struct cm_id *cid = container_of(obj, struct cm_id, obj);

	/* Waits for a running callback; none is made afterwards. */
	rdma_destroy_id(cid->id);
	cm_purge(cid);
	if (cid->qp)
		verbs_obj_unuse(&cid->qp->obj);
	kfree(cid);
}

/* A new kernel identifier for @cid (RDMA_PS_TCP, RC). */
static struct rdma_cm_id *cm_kernel_id(struct cm_id *cid)
{
	return rdma_create_id(&init_net, cm_handler, cid, RDMA_PS_TCP,
			      IB_QPT_RC);
}

/**
 * cm_create_id() - RDMACM_CREATE_ID
 * @ctx: calling context
 * @req: struct virtio_rdmaapi_cm_create_id_req
 * @len: request length
 * @resp: struct virtio_rdmaapi_handle
 *
 * Return: 0, -EINVAL for another port space, -EDQUOT at the limit, or the
 * connection manager's error.
 */
static int cm_create_id(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			void *resp)
{
	const struct virtio_rdmaapi_cm_create_id_req *q = req;
	struct virtio_rdmaapi_handle *r = resp;
	struct rdma_cm_id *id;
	struct cm_id *cid;
	int ret;

	if (le32_to_cpu(q->ps) != VIRTIO_RDMAAPI_RDMACM_PS_TCP || q->reserved)
		return -EINVAL;
	cid = kzalloc(sizeof(*cid), GFP_KERNEL);
	if (!cid)
		return -ENOMEM;
	cid->cctx = cm_ctx(ctx);
	cid->cookie = le64_to_cpu(q->cookie);
	ret = rdmaapi_obj_add(ctx, &cid->obj, &cm_id_type);
	if (ret)
		goto err_free;
	id = cm_kernel_id(cid);
	if (IS_ERR(id)) {
		ret = PTR_ERR(id);
		goto err_remove;
	}
	cid->id = id;
	r->handle = cpu_to_le32(cid->obj.handle);
	return 0;

err_remove:
	rdmaapi_obj_remove(&cid->obj);
err_free:
	kfree(cid);
	return ret;
}

static int cm_destroy_id(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			 void *resp)
{
	const struct virtio_rdmaapi_handle *q = req;

	return rdmaapi_obj_destroy(ctx, q->handle, &cm_id_type);
}

/*
 * Replace @cid's kernel identifier, which nothing else uses yet (just
 * bound, no QP, no connection), with a fresh unbound one. On failure the
 * old one stays.
 */
static void cm_id_renew(struct cm_id *cid)
{
	struct rdma_cm_id *id;

	id = cm_kernel_id(cid);
	if (IS_ERR(id))
		return;
	rdma_destroy_id(cid->id);
	cm_purge(cid);
	cid->id = id;
}

static int cm_bind_addr(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			void *resp)
{
	const struct virtio_rdmaapi_cm_addr_req *q = req;
	struct cm_id *cid = cm_id_get(ctx, q->id);
	struct sockaddr_storage ss, none;
	int ret;

	if (!cid || q->timeout_ms || cm_addr_from_wire(&q->dst, &none) != 1)
		return -EINVAL;
	ret = cm_addr_from_wire(&q->src, &ss);
	if (ret)
		return ret < 0 ? ret : -EINVAL;
	/* A wildcard would take the port on every device of the host. */
	if (cm_addr_any(&ss))
		return -EADDRNOTAVAIL;
	if (!cm_port_ok(&ss))
		return -EACCES;
	ret = rdma_bind_addr(cid->id, (struct sockaddr *)&ss);
	if (ret)
		return ret;
	if (cm_on_dev(cid))
		return 0;
	/*
	 * Bound to another RDMA device: start over with a fresh identifier,
	 * or the guest would keep a port there and hold up that device's
	 * removal (rdma_cm waits for its identifiers to go).
	 */
	cm_id_renew(cid);
	return -EADDRNOTAVAIL;
}

static int cm_resolve_addr(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			   void *resp)
{
	const struct virtio_rdmaapi_cm_addr_req *q = req;
	struct cm_id *cid = cm_id_get(ctx, q->id);
	u32 timeout = le32_to_cpu(q->timeout_ms);
	struct sockaddr_storage src, dst;
	int has_src, ret;

	if (!cid || !timeout || timeout > CM_TIMEOUT_MAX_MS)
		return -EINVAL;
	ret = cm_addr_from_wire(&q->dst, &dst);
	if (ret)
		return ret < 0 ? ret : -EINVAL;
	has_src = cm_addr_from_wire(&q->src, &src);
	if (has_src < 0)
		return has_src;
	if (!has_src && (src.ss_family != dst.ss_family || !cm_port_ok(&src)))
		return src.ss_family != dst.ss_family ? -EINVAL : -EACCES;
	if (cm_addr_any(&dst))
		return -EADDRNOTAVAIL;
	if (cid->id->device && !cm_on_dev(cid))
		return -ENODEV;
	return rdma_resolve_addr(cid->id, has_src ? NULL :
				 (struct sockaddr *)&src,
				 (struct sockaddr *)&dst, timeout);
}

static int cm_resolve_route(struct rdmaapi_ctx *ctx, const void *req,
			    u32 len, void *resp)
{
	const struct virtio_rdmaapi_cm_id_req *q = req;
	struct cm_id *cid = cm_id_get(ctx, q->id);
	u32 timeout = le32_to_cpu(q->arg);

	if (!cid || !timeout || timeout > CM_TIMEOUT_MAX_MS)
		return -EINVAL;
	if (!cm_on_dev(cid))
		return cid->id->device ? -ENODEV : -EINVAL;
	return rdma_resolve_route(cid->id, timeout);
}

static int cm_listen(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp)
{
	const struct virtio_rdmaapi_cm_id_req *q = req;
	struct cm_id *cid = cm_id_get(ctx, q->id);
	u32 backlog = le32_to_cpu(q->arg);

	if (!cid || cid->passive || backlog > CM_BACKLOG_MAX)
		return -EINVAL;
	/* Only on an address of this device (see BIND_ADDR). */
	if (!cm_on_dev(cid))
		return -EADDRNOTAVAIL;
	return rdma_listen(cid->id, backlog);
}

static int cm_connect(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		      void *resp)
{
	const struct virtio_rdmaapi_cm_connect_req *q = req;
	struct cm_id *cid = cm_id_get(ctx, q->id);
	struct rdma_conn_param param;
	int ret;

	if (!cid || cid->passive)
		return -EINVAL;
	ret = cm_param_from_wire(&q->param, &param);
	if (ret)
		return ret;
	if (!cm_on_dev(cid))
		return cid->id->device ? -ENODEV : -EINVAL;
	ret = cm_bind_qp(ctx, cid, q->qp);
	if (ret)
		return ret;
	ret = cm_modify_qp(cid, IB_QPS_INIT, 0, 0);
	if (ret)
		goto err_unbind;
	cid->resp_res = param.responder_resources;
	cid->init_depth = param.initiator_depth;
	param.qp_num = cid->qp->qp->qp_num;
	param.srq = !!cid->qp->srq;
	ret = rdma_connect(cid->id, &param);
	if (ret)
		goto err_unbind;
	return 0;

err_unbind:
	cm_unbind_qp(cid);
	return ret;
}

static int cm_accept(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp)
{
	const struct virtio_rdmaapi_cm_connect_req *q = req;
	struct cm_id *cid = cm_id_get(ctx, q->id);
	struct rdma_conn_param param;
	int ret;

	if (!cid || !cid->passive)
		return -EINVAL;
	ret = cm_param_from_wire(&q->param, &param);
	if (ret)
		return ret;
	ret = cm_bind_qp(ctx, cid, q->qp);
	if (ret)
		return ret;
	ret = cm_modify_qp(cid, IB_QPS_INIT, 0, 0);
	if (!ret)
		ret = cm_modify_qp(cid, IB_QPS_RTR, param.responder_resources,
				   param.initiator_depth);
	if (!ret)
		ret = cm_modify_qp(cid, IB_QPS_RTS, param.responder_resources,
				   param.initiator_depth);
	if (ret)
		goto err_unbind;
	param.qp_num = cid->qp->qp->qp_num;
	param.srq = !!cid->qp->srq;
	rdma_lock_handler(cid->id);
	ret = rdma_accept(cid->id, &param);
	rdma_unlock_handler(cid->id);
	if (ret)
		goto err_unbind;
	return 0;

err_unbind:
	cm_unbind_qp(cid);
	return ret;
}

static int cm_reject(struct rdmaapi_ctx *ctx, const void *req, u32 len,
		     void *resp)
{
	const struct virtio_rdmaapi_cm_connect_req *q = req;
	struct cm_id *cid = cm_id_get(ctx, q->id);
	struct rdma_conn_param param;
	int ret;

	if (!cid || !cid->passive || q->qp)
		return -EINVAL;
	ret = cm_param_from_wire(&q->param, &param);
	if (ret)
		return ret;
	rdma_lock_handler(cid->id);
	ret = rdma_reject(cid->id, param.private_data, param.private_data_len,
			  IB_CM_REJ_CONSUMER_DEFINED);
	rdma_unlock_handler(cid->id);
	return ret;
}

static int cm_disconnect(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			 void *resp)
{
	const struct virtio_rdmaapi_cm_id_req *q = req;
	struct cm_id *cid = cm_id_get(ctx, q->id);

	if (!cid || q->arg)
		return -EINVAL;
	/* Flush the QP's work first, as librdmacm's rdma_disconnect does. */
	if (cid->qp)
		cm_qp_state(cid, IB_QPS_ERR);
	return rdma_disconnect(cid->id);
}

static int cm_query_addr(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			 void *resp)
{
	const struct virtio_rdmaapi_cm_id_req *q = req;
	struct virtio_rdmaapi_cm_query_addr_resp *r = resp;
	struct cm_id *cid = cm_id_get(ctx, q->id);
	struct rdma_addr *a;

	if (!cid || q->arg)
		return -EINVAL;
	a = &cid->id->route.addr;
	cm_addr_to_wire((struct sockaddr *)&a->src_addr, &r->src);
	cm_addr_to_wire((struct sockaddr *)&a->dst_addr, &r->dst);
	r->port_num = cpu_to_le32(cid->id->device ? cid->id->port_num : 0);
	return 0;
}

/*
 * RDMACM_GET_EVENT: the oldest event; a connection request's identifier
 * joins the context's table here, on the worker, within the limit.
 */
static int cm_get_event(struct rdmaapi_ctx *ctx, const void *req, u32 len,
			void *resp)
{
	struct virtio_rdmaapi_cm_event *r = resp;
	struct cm_ctx *cctx = cm_ctx(ctx);
	struct cm_event *ce;
	u32 pending;
	int ret;

	mutex_lock(&cctx->lock);
	ce = list_first_entry_or_null(&cctx->events, struct cm_event, node);
	if (ce) {
		list_del(&ce->node);
		pending = --cctx->nevents;
		if (ce->listen)
			cctx->nreqs--;
	}
	mutex_unlock(&cctx->lock);
	if (!ce)
		return -EAGAIN;
	if (ce->listen) {
		ret = rdmaapi_obj_add(ctx, &ce->cid->obj, &cm_id_type);
		if (ret) {
			cm_drop_child(ce->cid);
			kfree(ce);
			return ret;
		}
		ce->ev.listen_id = cpu_to_le32(ce->listen->obj.handle);
		ce->ev.cookie = cpu_to_le64(ce->listen->cookie);
	} else {
		ce->ev.cookie = cpu_to_le64(ce->cid->cookie);
	}
	ce->ev.id = cpu_to_le32(ce->cid->obj.handle);
	ce->ev.pending = cpu_to_le32(pending);
	*r = ce->ev;
	kfree(ce);
	return 0;
}

static const struct rdmaapi_op cm_ops[] = {
	[VIRTIO_RDMAAPI_RDMACM_CREATE_ID] = {
		.handler = cm_create_id,
		.req_len = sizeof(struct virtio_rdmaapi_cm_create_id_req),
		.resp_len = sizeof(struct virtio_rdmaapi_handle),
	},
	[VIRTIO_RDMAAPI_RDMACM_DESTROY_ID] = {
		.handler = cm_destroy_id,
		.req_len = sizeof(struct virtio_rdmaapi_handle),
	},
	[VIRTIO_RDMAAPI_RDMACM_BIND_ADDR] = {
		.handler = cm_bind_addr,
		.req_len = sizeof(struct virtio_rdmaapi_cm_addr_req),
	},
	[VIRTIO_RDMAAPI_RDMACM_RESOLVE_ADDR] = {
		.handler = cm_resolve_addr,
		.req_len = sizeof(struct virtio_rdmaapi_cm_addr_req),
	},
	[VIRTIO_RDMAAPI_RDMACM_RESOLVE_ROUTE] = {
		.handler = cm_resolve_route,
		.req_len = sizeof(struct virtio_rdmaapi_cm_id_req),
	},
	[VIRTIO_RDMAAPI_RDMACM_LISTEN] = {
		.handler = cm_listen,
		.req_len = sizeof(struct virtio_rdmaapi_cm_id_req),
	},
	[VIRTIO_RDMAAPI_RDMACM_CONNECT] = {
		.handler = cm_connect,
		.req_len = sizeof(struct virtio_rdmaapi_cm_connect_req),
	},
	[VIRTIO_RDMAAPI_RDMACM_ACCEPT] = {
		.handler = cm_accept,
		.req_len = sizeof(struct virtio_rdmaapi_cm_connect_req),
	},
	[VIRTIO_RDMAAPI_RDMACM_REJECT] = {
		.handler = cm_reject,
		.req_len = sizeof(struct virtio_rdmaapi_cm_connect_req),
	},
	[VIRTIO_RDMAAPI_RDMACM_DISCONNECT] = {
		.handler = cm_disconnect,
		.req_len = sizeof(struct virtio_rdmaapi_cm_id_req),
	},
	[VIRTIO_RDMAAPI_RDMACM_GET_EVENT] = {
		.handler = cm_get_event,
		.resp_len = sizeof(struct virtio_rdmaapi_cm_event),
	},
	[VIRTIO_RDMAAPI_RDMACM_QUERY_ADDR] = {
		.handler = cm_query_addr,
		.req_len = sizeof(struct virtio_rdmaapi_cm_id_req),
		.resp_len = sizeof(struct virtio_rdmaapi_cm_query_addr_resp),
	},
};

static void cm_core_init(struct rdmaapi_core *core)
{
	core->max_obj[CM_OBJ_ID] = max_cm_id;
}

static int cm_ctx_open(struct rdmaapi_ctx *ctx)
{
	struct cm_ctx *cctx = kzalloc(sizeof(*cctx), GFP_KERNEL);

	if (!cctx)
		return -ENOMEM;
	cctx->dev = ctx->core->owner;
	cctx->ctx_handle = ctx->handle;
	mutex_init(&cctx->lock);
	INIT_LIST_HEAD(&cctx->events);
	ctx->priv[VIRTIO_RDMAAPI_API_RDMACM] = cctx;
	return 0;
}

/*
 * The RDMA device is going away: rdmaapi_core_kill() destroys the
 * context's identifiers right after this. It runs from our ib_client's
 * remove callback, before rdma_cm's (clients are removed in the reverse
 * order of their registration, and this module needs rdma_cm loaded
 * first), whose cma_process_remove() would otherwise send
 * RDMA_CM_EVENT_DEVICE_REMOVAL and wait until the guest destroyed each
 * identifier. Wake the guest's CM event channel instead: its next
 * GET_EVENT fails with -ENODEV, even while the vDPA device stays.
 */
static void cm_ctx_fatal(struct rdmaapi_ctx *ctx)
{
	cm_notify(cm_ctx(ctx));
}

/*
 * Runs after every identifier of the context is destroyed: no callback
 * can queue anything any more and each listener took its pending
 * requests with it; whatever is left would be such a request.
 */
static void cm_ctx_close(struct rdmaapi_ctx *ctx)
{
	struct cm_ctx *cctx = cm_ctx(ctx);
	struct cm_event *ce;

	while ((ce = list_first_entry_or_null(&cctx->events, struct cm_event,
					      node))) {
		list_del(&ce->node);
		cctx->nevents--;
		if (ce->listen)
			cm_drop_child(ce->cid);
		kfree(ce);
	}
	mutex_destroy(&cctx->lock);
	kfree(cctx);
	ctx->priv[VIRTIO_RDMAAPI_API_RDMACM] = NULL;
}

static const struct rdmaapi_obj_type *const cm_types[] = { &cm_id_type };

const struct rdmaapi_personality rdmaapi_rdmacm = {
	.api = VIRTIO_RDMAAPI_API_RDMACM,
	.name = "rdmacm",
	.ops = cm_ops,
	.nops = ARRAY_SIZE(cm_ops),
	.types = cm_types,
	.ntypes = ARRAY_SIZE(cm_types),
	.core_init = cm_core_init,
	.ctx_fatal = cm_ctx_fatal,
	.ctx_open = cm_ctx_open,
	.ctx_close = cm_ctx_close,
};
