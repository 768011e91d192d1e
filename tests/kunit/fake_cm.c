// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fake rdma_cm of the rdma_cm suites (see fake_cm.h): only the
 * symbols cm.c links against. Each records its call in fake_cm->seen.
 */
#include <linux/in.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "fake_cm.h"

struct fake_cm *fake_cm;
struct ib_device fake_cm_other = { .name = "other0" };

static struct fake_cm_seen *seen(void)
{
	fake_cm->seen.calls++;
	return &fake_cm->seen;
}

static int fail(void)
{
	int ret = fake_cm->fail_next;

	fake_cm->fail_next = 0;
	return ret;
}

/* The device an address is on: see FAKE_CM_IP_OTHER. */
static struct ib_device *addr_dev(const struct sockaddr *sa)
{
	const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

	if (sa->sa_family == AF_INET &&
	    in->sin_addr.s_addr == htonl(FAKE_CM_IP_OTHER))
		return &fake_cm_other;
	return &fake_ib->dev;
}

static void param_copy(struct fake_cm_param *f,
		       const struct rdma_conn_param *p)
{
	memset(f, 0, sizeof(*f));
	f->null = !p;
	if (!p)
		return;
	f->p = *p;
	/* cm.c's copy of the request is gone after the call. */
	if (p->private_data)
		memcpy(f->data, p->private_data, p->private_data_len);
	f->p.private_data = NULL;
}

static struct rdma_cm_id *id_new(rdma_cm_event_handler handler,
				 void *context)
{
	struct rdma_cm_id *id = kzalloc(sizeof(*id), GFP_KERNEL);

	if (!id)
		return NULL;
	id->event_handler = handler;
	id->context = context;
	id->ps = RDMA_PS_TCP;
	id->qp_type = IB_QPT_RC;
	fake_cm->seen.live++;
	return id;
}

static void id_free(struct rdma_cm_id *id)
{
	fake_cm->seen.live--;
	kfree(id);
}

struct rdma_cm_id *
__rdma_create_kernel_id(struct net *net, rdma_cm_event_handler event_handler,
			void *context, enum rdma_ucm_port_space ps,
			enum ib_qp_type qp_type, const char *caller)
{
	struct fake_cm_seen *s = seen();
	struct rdma_cm_id *id;
	int ret = fail();

	s->create_id++;
	s->ps = ps;
	s->qp_type = qp_type;
	if (ret)
		return ERR_PTR(ret);
	id = id_new(event_handler, context);
	if (!id)
		return ERR_PTR(-ENOMEM);
	id->ps = ps;
	id->qp_type = qp_type;
	s->last_id = id;
	return id;
}

void rdma_destroy_id(struct rdma_cm_id *id)
{
	struct fake_cm_seen *s = seen();

	s->destroy_id++;
	s->destroyed = id;
	id_free(id);
}

int rdma_bind_addr(struct rdma_cm_id *id, struct sockaddr *addr)
{
	struct fake_cm_seen *s = seen();
	int ret = fail();

	s->bind_addr++;
	memcpy(&s->bind, addr, sizeof(s->bind));
	if (ret)
		return ret;
	memcpy(&id->route.addr.src_addr, addr, sizeof(s->bind));
	id->device = addr_dev(addr);
	id->port_num = 1;
	return 0;
}

int rdma_resolve_addr(struct rdma_cm_id *id, struct sockaddr *src_addr,
		      const struct sockaddr *dst_addr, unsigned long timeout_ms)
{
	struct fake_cm_seen *s = seen();
	int ret = fail();

	s->resolve_addr++;
	s->resolve_src_null = !src_addr;
	memset(&s->resolve_src, 0, sizeof(s->resolve_src));
	if (src_addr)
		memcpy(&s->resolve_src, src_addr, sizeof(s->resolve_src));
	memcpy(&s->resolve_dst, dst_addr, sizeof(s->resolve_dst));
	s->resolve_timeout = timeout_ms;
	if (ret)
		return ret;
	/* Resolution is at once: the ADDR_RESOLVED event is the test's. */
	if (src_addr)
		memcpy(&id->route.addr.src_addr, src_addr,
		       sizeof(s->resolve_src));
	memcpy(&id->route.addr.dst_addr, dst_addr, sizeof(s->resolve_dst));
	id->device = addr_dev(dst_addr);
	id->port_num = 1;
	return 0;
}

int rdma_resolve_route(struct rdma_cm_id *id, unsigned long timeout_ms)
{
	struct fake_cm_seen *s = seen();

	s->resolve_route++;
	s->route_timeout = timeout_ms;
	return fail();
}

int rdma_listen(struct rdma_cm_id *id, int backlog)
{
	struct fake_cm_seen *s = seen();

	s->listen++;
	s->backlog = backlog;
	return fail();
}

int rdma_init_qp_attr(struct rdma_cm_id *id, struct ib_qp_attr *qp_attr,
		      int *qp_attr_mask)
{
	struct fake_cm_seen *s = seen();
	int i = min(s->init_qp_attr, FAKE_CM_QP_STEPS - 1);

	s->qp_state[i] = qp_attr->qp_state;
	/* What cm.c last gave ib_modify_qp (the step before this one). */
	s->qp_prev[i] = fake_ib->seen.modify_attr;
	s->init_qp_attr++;
	if (qp_attr->qp_state == fake_cm->fail_init_qp)
		return -EINVAL;
	/* The masks and the CM's own values of the kernel's rdma_cm. */
	switch (qp_attr->qp_state) {
	case IB_QPS_INIT:
		*qp_attr_mask = IB_QP_STATE | IB_QP_PKEY_INDEX | IB_QP_PORT |
				IB_QP_ACCESS_FLAGS;
		qp_attr->port_num = 1;
		break;
	case IB_QPS_RTR:
		*qp_attr_mask = IB_QP_STATE | IB_QP_AV | IB_QP_PATH_MTU |
				IB_QP_DEST_QPN | IB_QP_RQ_PSN |
				IB_QP_MAX_DEST_RD_ATOMIC | IB_QP_MIN_RNR_TIMER;
		qp_attr->max_dest_rd_atomic = 0x11;
		break;
	case IB_QPS_RTS:
		*qp_attr_mask = IB_QP_STATE | IB_QP_TIMEOUT | IB_QP_RETRY_CNT |
				IB_QP_RNR_RETRY | IB_QP_SQ_PSN |
				IB_QP_MAX_QP_RD_ATOMIC;
		qp_attr->max_rd_atomic = 0x22;
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

int rdma_connect(struct rdma_cm_id *id, struct rdma_conn_param *conn_param)
{
	struct fake_cm_seen *s = seen();

	s->connect++;
	param_copy(&s->connect_param, conn_param);
	return fail();
}

int rdma_accept(struct rdma_cm_id *id, struct rdma_conn_param *conn_param)
{
	struct fake_cm_seen *s = seen();

	s->accept++;
	s->accept_locked = s->locked;
	param_copy(&s->accept_param, conn_param);
	return fail();
}

int rdma_reject(struct rdma_cm_id *id, const void *private_data,
		u8 private_data_len, u8 reason)
{
	struct fake_cm_seen *s = seen();

	s->reject++;
	s->reject_locked = s->locked;
	s->reject_len = private_data_len;
	s->reject_reason = reason;
	memset(s->reject_data, 0, sizeof(s->reject_data));
	if (private_data)
		memcpy(s->reject_data, private_data, private_data_len);
	return fail();
}

int rdma_disconnect(struct rdma_cm_id *id)
{
	struct fake_cm_seen *s = seen();

	s->disconnect++;
	s->disconnect_modify_qp = fake_ib->seen.modify_qp;
	s->disconnect_qp_state = fake_ib->seen.modify_attr.qp_state;
	return fail();
}

void rdma_lock_handler(struct rdma_cm_id *id)
{
	seen()->locked++;
}

void rdma_unlock_handler(struct rdma_cm_id *id)
{
	seen()->locked--;
}

/**
 * fake_cm_new() - a fresh fake connection manager; also becomes fake_cm
 *
 * Return: it, or NULL.
 */
struct fake_cm *fake_cm_new(void)
{
	struct fake_cm *cm = kzalloc(sizeof(*cm), GFP_KERNEL);

	if (!cm)
		return NULL;
	cm->fail_init_qp = -1;
	fake_cm = cm;
	return cm;
}

/**
 * fake_cm_free() - free it (its identifiers must be gone)
 * @cm: from fake_cm_new()
 */
void fake_cm_free(struct fake_cm *cm)
{
	if (fake_cm == cm)
		fake_cm = NULL;
	kfree(cm);
}

/**
 * fake_cm_event() - deliver an event to an identifier's handler
 * @id: the identifier
 * @event: the event
 * @status: its status
 * @param: the peer's connection parameters, or NULL
 *
 * As the connection manager does: with the identifier's handler lock held.
 *
 * Return: what the handler returned.
 */
int fake_cm_event(struct rdma_cm_id *id, enum rdma_cm_event_type event,
		  int status, const struct rdma_conn_param *param)
{
	struct rdma_cm_event e = { .event = event, .status = status };
	int ret;

	if (param)
		e.param.conn = *param;
	fake_cm->seen.locked++;
	ret = id->event_handler(id, &e);
	fake_cm->seen.locked--;
	return ret;
}

/**
 * fake_cm_request() - a connection request arrives at a listener
 * @listen: the listening identifier
 * @dev: the RDMA device it arrived on
 * @param: the peer's connection parameters
 * @ret: set to what the handler returned
 *
 * The new identifier inherits the listener's handler and context, as in
 * the connection manager; if the handler refuses it, it is destroyed.
 *
 * Return: the new identifier, or NULL if it was refused (or no memory).
 */
struct rdma_cm_id *fake_cm_request(struct rdma_cm_id *listen,
				   struct ib_device *dev,
				   const struct rdma_conn_param *param,
				   int *ret)
{
	struct rdma_cm_id *id = id_new(listen->event_handler,
				       listen->context);

	*ret = -ENOMEM;
	if (!id)
		return NULL;
	id->device = dev;
	id->port_num = 1;
	id->route.addr = listen->route.addr;
	*ret = fake_cm_event(id, RDMA_CM_EVENT_CONNECT_REQUEST, 0, param);
	if (*ret) {
		fake_cm->seen.auto_destroyed++;
		id_free(id);
		return NULL;
	}
	return id;
}
