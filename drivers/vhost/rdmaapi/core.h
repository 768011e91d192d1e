/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The API-independent remoting core: request framing and validation,
 * dispatch to API personalities, per-guest contexts.
 *
 * The core knows nothing about verbs or vDPA: a personality registers a
 * table of operations and the core checks every size against that table
 * before a handler runs, so handlers only ever see validated kernel copies.
 */
#ifndef _RDMAAPI_CORE_H
#define _RDMAAPI_CORE_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <linux/virtio_rdmaapi.h>
#include "vq.h"

struct rdmaapi_core;
struct rdmaapi_ctx;
struct rdmaapi_obj;

/* Object types a device counts and limits (rdmaapi_obj_type.id). */
#define RDMAAPI_OBJ_TYPES	8

/**
 * struct rdmaapi_obj_type - a kind of guest object
 * @name: for messages
 * @id: index into the per-device counters and limits, < RDMAAPI_OBJ_TYPES
 * @rank: teardown order: higher ranks are destroyed first, so that an
 *	object never outlives what depends on it
 * @destroy: frees the object and what it holds; cannot fail
 */
struct rdmaapi_obj_type {
	const char *name;
	u8 id;
	u8 rank;
	void (*destroy)(struct rdmaapi_obj *obj);
};

/**
 * struct rdmaapi_obj - head of every guest object
 * @type: its kind
 * @ctx: owning context
 * @handle: guest-visible handle, unique in @ctx, never 0
 * @users: objects that depend on this one; it cannot be destroyed
 *	explicitly while nonzero
 */
struct rdmaapi_obj {
	const struct rdmaapi_obj_type *type;
	struct rdmaapi_ctx *ctx;
	u32 handle;
	atomic_t users;
};

/* Largest request and response payloads a device accepts (config space). */
#define RDMAAPI_MAX_REQ_LEN	(64U << 10)
#define RDMAAPI_MAX_RESP_LEN	(64U << 10)

/* The request payload may be longer than rdmaapi_op.req_len. */
#define RDMAAPI_OP_VAR_REQ	BIT(0)

/**
 * struct rdmaapi_op - one operation of a personality
 * @handler: does the work on validated copies; returns 0 or -errno.
 *	@req holds @req_len bytes; @resp has room for rdmaapi_op.resp_len
 *	bytes, all of which are returned on success.
 * @req_len: exact request payload length (minimum with RDMAAPI_OP_VAR_REQ)
 * @resp_len: response payload length on success
 * @flags: RDMAAPI_OP_*
 */
struct rdmaapi_op {
	int (*handler)(struct rdmaapi_ctx *ctx, const void *req, u32 req_len,
		       void *resp);
	u32 req_len;
	u32 resp_len;
	u32 flags;
};

/**
 * struct rdmaapi_personality - an API remoted through the core
 * @api: VIRTIO_RDMAAPI_API_* identifier
 * @name: for messages
 * @ops: operations indexed by opcode; a NULL handler is an unknown opcode
 * @nops: entries in @ops
 * @types: the object kinds it creates, for statistics
 * @ntypes: entries in @types
 * @core_init: sets the personality's limits on a new device (may be NULL)
 * @ctx_fatal: tells a context's guest the device is gone (may be NULL)
 * @ctx_open: sets up the personality's per-context state (may be NULL)
 * @ctx_close: frees the personality's per-context state, after the core
 *	destroyed the context's objects; called only if @ctx_open set
 *	ctx->priv[api] (may be NULL)
 */
struct rdmaapi_personality {
	u16 api;
	const char *name;
	const struct rdmaapi_op *ops;
	u16 nops;
	const struct rdmaapi_obj_type *const *types;
	u8 ntypes;
	void (*core_init)(struct rdmaapi_core *core);
	void (*ctx_fatal)(struct rdmaapi_ctx *ctx);
	int (*ctx_open)(struct rdmaapi_ctx *ctx);
	void (*ctx_close)(struct rdmaapi_ctx *ctx);
};

/**
 * struct rdmaapi_ctx - one guest context (one open of /dev/rdmaapiN)
 * @core: owning core
 * @handle: guest-visible handle, never 0
 * @ref: held by the context table and by each lookup
 * @objs: handle -> struct rdmaapi_obj
 * @next_obj: cursor for cyclic handle allocation
 * @priv: per-personality state, indexed by API identifier
 */
struct rdmaapi_ctx {
	struct rdmaapi_core *core;
	u32 handle;
	struct kref ref;
	struct xarray objs;
	u32 next_obj;
	void *priv[VIRTIO_RDMAAPI_API_MAX];
};

/**
 * struct rdmaapi_core - remoting state of one device
 * @ctxs: handle -> struct rdmaapi_ctx
 * @nctx: contexts in @ctxs
 * @max_ctx: limit on @nctx
 * @next_ctx: cursor for cyclic handle allocation
 * @nobj: live objects by rdmaapi_obj_type.id
 * @max_obj: limits on @nobj
 * @pinned: guest pages the device holds for memory regions
 * @max_pinned: limit on @pinned
 * @queue_kib: host memory the work queues and CQs of the device's objects
 *	take, KiB, as estimated from their sizes (verbs_queue_kib())
 * @max_queue_kib: limit on @queue_kib
 * @dead: the RDMA device is gone; every request fails with -ENODEV
 * @owner: the device, for personalities
 */
struct rdmaapi_core {
	struct xarray ctxs;
	u32 nctx;
	u32 max_ctx;
	u32 next_ctx;
	u32 nobj[RDMAAPI_OBJ_TYPES];
	u32 max_obj[RDMAAPI_OBJ_TYPES];
	u64 pinned;
	u64 max_pinned;
	u64 queue_kib;
	u64 max_queue_kib;
	bool dead;
	void *owner;
};

int rdmaapi_register_personality(const struct rdmaapi_personality *p);
void rdmaapi_unregister_personality(const struct rdmaapi_personality *p);
u32 rdmaapi_core_apis(void);
void rdmaapi_core_show(struct rdmaapi_core *core, struct seq_file *m);

void rdmaapi_core_init(struct rdmaapi_core *core, void *owner, u32 max_ctx);
void rdmaapi_core_reset(struct rdmaapi_core *core);
void rdmaapi_core_kill(struct rdmaapi_core *core);
/* Every live context of @core (with the device's lock held). */
#define rdmaapi_core_for_each_ctx(core, idx, ctx) \
	xa_for_each(&(core)->ctxs, idx, ctx)

int rdmaapi_obj_add(struct rdmaapi_ctx *ctx, struct rdmaapi_obj *obj,
		    const struct rdmaapi_obj_type *type);
void rdmaapi_obj_remove(struct rdmaapi_obj *obj);
struct rdmaapi_obj *rdmaapi_obj_get(struct rdmaapi_ctx *ctx, __le32 handle,
				    const struct rdmaapi_obj_type *type);
int rdmaapi_obj_destroy(struct rdmaapi_ctx *ctx, __le32 handle,
			const struct rdmaapi_obj_type *type);

int rdmaapi_req_check(const struct virtio_rdmaapi_req_hdr *hdr, u32 out_len,
		      u32 in_len, const struct rdmaapi_op **op);
int rdmaapi_core_call(struct rdmaapi_core *core,
		      const struct virtio_rdmaapi_req_hdr *hdr,
		      const void *req, void *resp, u32 *resp_len);
u32 rdmaapi_core_serve(struct rdmaapi_core *core, struct rdmaapi_vq *vq,
		       const struct rdmaapi_chain *c, void *req, void *resp);

#endif /* _RDMAAPI_CORE_H */
