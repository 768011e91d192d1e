/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake of the host's kernel RDMA connection manager (rdma_cm), for the
 * KUnit suites of the rdma_cm personality (cm.c) only: UML cannot build
 * ib_core nor rdma_cm. Identifiers are plain allocations; every entry
 * point cm.c links against records its call and arguments and does the
 * least the connection manager would (a bind or a resolution sets the
 * identifier's device and addresses). Events reach cm.c only when a test
 * calls fake_cm_event() or fake_cm_request(), as the connection manager's
 * work items would. Nothing is checked here: the suites assert what got
 * through.
 */
#ifndef _RDMAAPI_FAKE_CM_H
#define _RDMAAPI_FAKE_CM_H

#include <linux/socket.h>
#include <rdma/rdma_cm.h>
#include "fake_ib.h"

/*
 * Addresses the fake binds and resolves: this one is on another RDMA
 * device of the host (fake_cm_other), every other one on the fake device
 * of fake_ib.h, port 1.
 */
#define FAKE_CM_IP_OTHER	0x0a000063	/* 10.0.0.99 */
/* Modify calls the fake keeps the history of (rdma_init_qp_attr). */
#define FAKE_CM_QP_STEPS	8

/* Connection parameters as the connection manager read them. */
struct fake_cm_param {
	bool null;
	struct rdma_conn_param p;
	u8 data[256];
};

/**
 * struct fake_cm_seen - what reached the fake; zeroed by fake_cm_new()
 * @calls: every entry point of the fake
 * @live: identifiers created and not destroyed (by cm.c or the fake)
 * @locked: rdma_lock_handler() depth now
 * The other fields count one entry point each, or hold the arguments of
 * its last call.
 */
struct fake_cm_seen {
	int calls;
	int live;
	int locked;
	int create_id;
	struct rdma_cm_id *last_id;
	enum rdma_ucm_port_space ps;
	enum ib_qp_type qp_type;
	int destroy_id;
	struct rdma_cm_id *destroyed;
	int bind_addr;
	struct sockaddr_storage bind;
	int resolve_addr;
	bool resolve_src_null;
	struct sockaddr_storage resolve_src, resolve_dst;
	unsigned long resolve_timeout;
	int resolve_route;
	unsigned long route_timeout;
	int listen;
	int backlog;
	int connect;
	struct fake_cm_param connect_param;
	int accept;
	int accept_locked;
	struct fake_cm_param accept_param;
	int reject;
	int reject_locked;
	u8 reject_len;
	u8 reject_reason;
	u8 reject_data[256];
	int disconnect;
	/* fake_ib's modify_qp count and last state when disconnect came. */
	int disconnect_modify_qp;
	enum ib_qp_state disconnect_qp_state;
	int init_qp_attr;
	enum ib_qp_state qp_state[FAKE_CM_QP_STEPS];
	/* fake_ib's last modify_qp attributes before each init_qp_attr. */
	struct ib_qp_attr qp_prev[FAKE_CM_QP_STEPS];
	int auto_destroyed;
};

/**
 * struct fake_cm - the fake connection manager and what reached it
 * @seen: the record
 * @fail_next: the next entry point that can fail returns this (then 0)
 * @fail_init_qp: rdma_init_qp_attr() fails for this QP state; -1 for none
 */
struct fake_cm {
	struct fake_cm_seen seen;
	int fail_next;
	int fail_init_qp;
};

extern struct fake_cm *fake_cm;
/* Another RDMA device of the host, not the guest's. */
extern struct ib_device fake_cm_other;

struct fake_cm *fake_cm_new(void);
void fake_cm_free(struct fake_cm *cm);
int fake_cm_event(struct rdma_cm_id *id, enum rdma_cm_event_type event,
		  int status, const struct rdma_conn_param *param);
struct rdma_cm_id *fake_cm_request(struct rdma_cm_id *listen,
				   struct ib_device *dev,
				   const struct rdma_conn_param *param,
				   int *ret);

#endif /* _RDMAAPI_FAKE_CM_H */
