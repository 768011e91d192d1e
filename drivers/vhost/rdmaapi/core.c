// SPDX-License-Identifier: GPL-2.0-only
/*
 * The API-independent remoting core: request validation against the
 * registered personalities' tables, dispatch, and guest contexts.
 */
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "core.h"

/* Handles are never 0: 0 means "no context" on the wire. */
#define RDMAAPI_CTX_HANDLE_MAX	0x7fffffff

static const struct rdmaapi_personality *personalities[VIRTIO_RDMAAPI_API_MAX];
static DEFINE_MUTEX(personalities_lock);

/* API_CORE's own table: the core handles these opcodes itself. */
static int core_op_nop(struct rdmaapi_ctx *ctx, const void *req, u32 req_len,
		       void *resp)
{
	return 0;
}

static const struct rdmaapi_op core_ops[] = {
	[VIRTIO_RDMAAPI_CORE_CREATE_CTX] = {
		.handler = core_op_nop,
		.resp_len = sizeof(struct virtio_rdmaapi_create_ctx_resp),
	},
	[VIRTIO_RDMAAPI_CORE_DESTROY_CTX] = {
		.handler = core_op_nop,
	},
	[VIRTIO_RDMAAPI_CORE_QUERY_LIMITS] = {
		.handler = core_op_nop,
		.resp_len = sizeof(struct virtio_rdmaapi_limits_resp),
	},
};

static const struct rdmaapi_personality core_personality = {
	.api = VIRTIO_RDMAAPI_API_CORE,
	.name = "core",
	.ops = core_ops,
	.nops = ARRAY_SIZE(core_ops),
};

/**
 * rdmaapi_register_personality() - make an API available to guests
 * @p: the personality; must stay valid until unregistered
 *
 * Return: 0, -EINVAL for a bad API identifier or an operation larger than
 * the core's payload limits, -EBUSY if the identifier is taken.
 */
int rdmaapi_register_personality(const struct rdmaapi_personality *p)
{
	int ret = 0;
	u16 i;

	if (p->api == VIRTIO_RDMAAPI_API_CORE ||
	    p->api >= VIRTIO_RDMAAPI_API_MAX)
		return -EINVAL;
	/* Payloads are copied through fixed scratch buffers (core_serve). */
	for (i = 0; i < p->nops; i++)
		if (p->ops[i].req_len > RDMAAPI_MAX_REQ_LEN ||
		    p->ops[i].resp_len > RDMAAPI_MAX_RESP_LEN)
			return -EINVAL;
	mutex_lock(&personalities_lock);
	if (personalities[p->api])
		ret = -EBUSY;
	else
		WRITE_ONCE(personalities[p->api], p);
	mutex_unlock(&personalities_lock);
	return ret;
}

/**
 * rdmaapi_unregister_personality() - withdraw an API
 * @p: a registered personality, with no device left using it
 */
void rdmaapi_unregister_personality(const struct rdmaapi_personality *p)
{
	mutex_lock(&personalities_lock);
	if (p->api < VIRTIO_RDMAAPI_API_MAX && personalities[p->api] == p)
		WRITE_ONCE(personalities[p->api], NULL);
	mutex_unlock(&personalities_lock);
}

static const struct rdmaapi_personality *lookup_api(u16 api)
{
	if (api == VIRTIO_RDMAAPI_API_CORE)
		return &core_personality;
	if (api >= VIRTIO_RDMAAPI_API_MAX)
		return NULL;
	return READ_ONCE(personalities[api]);
}

/**
 * rdmaapi_core_apis() - the API bitmap for the config space
 *
 * Return: bit N set for every registered API N, API_CORE included.
 */
u32 rdmaapi_core_apis(void)
{
	u32 apis = 0;
	u16 i;

	for (i = 0; i < VIRTIO_RDMAAPI_API_MAX; i++)
		if (lookup_api(i))
			apis |= BIT(i);
	return apis;
}

/*
 * One walk over a device's resources for both readers, debugfs and
 * CORE_QUERY_LIMITS: @fn gets each name with its usage and limit.
 */
static void core_limits(struct rdmaapi_core *core,
			void (*fn)(void *arg, const char *api, const char *name,
				   u64 used, u64 max),
			void *arg)
{
	const struct rdmaapi_personality *p;
	u16 i;
	u8 t;

	fn(arg, NULL, "contexts", core->nctx, core->max_ctx);
	fn(arg, NULL, "pinned_pages", core->pinned, core->max_pinned);
	fn(arg, NULL, "queue_kib", core->queue_kib, core->max_queue_kib);
	for (i = 0; i < VIRTIO_RDMAAPI_API_MAX; i++) {
		p = lookup_api(i);
		for (t = 0; p && t < p->ntypes; t++)
			fn(arg, p->name, p->types[t]->name,
			   core->nobj[p->types[t]->id],
			   core->max_obj[p->types[t]->id]);
	}
}

static void limit_show(void *arg, const char *api, const char *name,
		       u64 used, u64 max)
{
	seq_printf(arg, "%s%s%s: %llu / %llu\n", api ?: "", api ? "_" : "",
		   name, used, max);
}

static void limit_put(void *arg, const char *api, const char *name,
		      u64 used, u64 max)
{
	struct virtio_rdmaapi_limits_resp *r = arg;
	u32 n = le32_to_cpu(r->count);
	struct virtio_rdmaapi_limit *l;

	if (n >= VIRTIO_RDMAAPI_LIMITS_MAX)
		return;
	l = &r->limit[n];
	/* Truncated names still end in NUL: the array is zeroed. */
	snprintf(l->name, sizeof(l->name), "%s%s%s", api ?: "",
		 api ? "_" : "", name);
	l->used = cpu_to_le64(used);
	l->max = cpu_to_le64(max);
	r->count = cpu_to_le32(n + 1);
}

/**
 * rdmaapi_core_show() - print a device's usage against its limits
 * @core: device state
 * @m: where to print (debugfs)
 */
void rdmaapi_core_show(struct rdmaapi_core *core, struct seq_file *m)
{
	core_limits(core, limit_show, m);
}

/**
 * rdmaapi_req_check() - validate a request header against the op tables
 * @hdr: the header as read from the guest
 * @out_len: device-readable bytes of the chain, header included
 * @in_len: device-writable bytes of the chain
 * @op: set to the operation on success
 *
 * Return: 0; -ENOBUFS if the response does not fit; -EINVAL for a nonzero
 * reserved field or a request length the operation does not take;
 * -EPROTONOSUPPORT for an unknown API; -EOPNOTSUPP for an unknown opcode;
 * -EMSGSIZE if the chain holds less than the header announces.
 */
int rdmaapi_req_check(const struct virtio_rdmaapi_req_hdr *hdr, u32 out_len,
		      u32 in_len, const struct rdmaapi_op **op)
{
	const struct rdmaapi_personality *p;
	u32 req_len = le32_to_cpu(hdr->req_len);
	u16 opcode = le16_to_cpu(hdr->opcode);
	const struct rdmaapi_op *o;

	if (in_len < sizeof(struct virtio_rdmaapi_resp_hdr))
		return -ENOBUFS;
	if (hdr->reserved)
		return -EINVAL;
	p = lookup_api(le16_to_cpu(hdr->api));
	if (!p)
		return -EPROTONOSUPPORT;
	if (opcode >= p->nops || !p->ops[opcode].handler)
		return -EOPNOTSUPP;
	o = &p->ops[opcode];
	if (o->flags & RDMAAPI_OP_VAR_REQ) {
		if (req_len < o->req_len || req_len > RDMAAPI_MAX_REQ_LEN)
			return -EINVAL;
	} else if (req_len != o->req_len) {
		return -EINVAL;
	}
	if (out_len < sizeof(*hdr) || req_len > out_len - sizeof(*hdr))
		return -EMSGSIZE;
	if (le32_to_cpu(hdr->resp_len) < o->resp_len ||
	    in_len - sizeof(struct virtio_rdmaapi_resp_hdr) < o->resp_len)
		return -ENOBUFS;
	*op = o;
	return 0;
}

/**
 * rdmaapi_core_init() - set up the remoting state of a device
 * @core: state to initialise
 * @owner: the device, for personalities
 * @max_ctx: most contexts at once
 */
void rdmaapi_core_init(struct rdmaapi_core *core, void *owner, u32 max_ctx)
{
	int i;

	xa_init_flags(&core->ctxs, XA_FLAGS_ALLOC1);
	core->nctx = 0;
	core->max_ctx = max_ctx;
	for (i = 0; i < RDMAAPI_OBJ_TYPES; i++) {
		core->nobj[i] = 0;
		core->max_obj[i] = U32_MAX;
	}
	core->pinned = 0;
	core->max_pinned = U64_MAX;
	core->queue_kib = 0;
	core->max_queue_kib = U64_MAX;
	core->dead = false;
	for (i = 0; i < VIRTIO_RDMAAPI_API_MAX; i++) {
		const struct rdmaapi_personality *p = lookup_api(i);

		if (p && p->core_init)
			p->core_init(core);
	}
	/*
	 * A random first handle: a driver resumed on a new device (a
	 * migrated VM) may send requests with its old handles before it has
	 * seen the device-fatal event; they should not name new contexts.
	 */
	core->next_ctx = get_random_u32_inclusive(1, RDMAAPI_CTX_HANDLE_MAX);
	core->owner = owner;
}

/* Ranks run 0..255; teardown walks them from the top. */
#define RDMAAPI_RANK_MAX	255

/**
 * rdmaapi_obj_add() - give a new object a handle, within the device limit
 * @ctx: owning context
 * @obj: the object, zeroed except for what its creator set
 * @type: its kind
 *
 * Called before the object's host resources are created, so that a
 * guest over its limit costs the host nothing.
 *
 * Return: 0, -EDQUOT at the device's limit for @type, -ENOMEM.
 */
int rdmaapi_obj_add(struct rdmaapi_ctx *ctx, struct rdmaapi_obj *obj,
		    const struct rdmaapi_obj_type *type)
{
	struct rdmaapi_core *core = ctx->core;
	int ret;

	if (core->nobj[type->id] >= core->max_obj[type->id])
		return -EDQUOT;
	obj->type = type;
	obj->ctx = ctx;
	atomic_set(&obj->users, 0);
	ret = xa_alloc_cyclic(&ctx->objs, &obj->handle, obj,
			      XA_LIMIT(1, U32_MAX), &ctx->next_obj, GFP_KERNEL);
	if (ret < 0)
		return ret == -EBUSY ? -EDQUOT : ret;
	core->nobj[type->id]++;
	return 0;
}

/**
 * rdmaapi_obj_remove() - take an object out of its context's table
 * @obj: an object added with rdmaapi_obj_add()
 */
void rdmaapi_obj_remove(struct rdmaapi_obj *obj)
{
	xa_erase(&obj->ctx->objs, obj->handle);
	obj->ctx->core->nobj[obj->type->id]--;
}

/**
 * rdmaapi_obj_get() - look up a guest handle
 * @ctx: the context the guest named
 * @handle: the handle, as on the wire
 * @type: the kind the operation expects
 *
 * Handles of other contexts, other devices and other kinds all miss.
 * Handlers run on the device's single worker, which is also the only
 * place objects are destroyed, so the object stays valid for the handler.
 *
 * Return: the object, or NULL.
 */
struct rdmaapi_obj *rdmaapi_obj_get(struct rdmaapi_ctx *ctx, __le32 handle,
				    const struct rdmaapi_obj_type *type)
{
	struct rdmaapi_obj *obj = xa_load(&ctx->objs, le32_to_cpu(handle));

	return obj && obj->type == type ? obj : NULL;
}

/**
 * rdmaapi_obj_destroy() - destroy an object at the guest's request
 * @ctx: the context the guest named
 * @handle: the handle, as on the wire
 * @type: the kind the operation expects
 *
 * Return: 0, -EINVAL for an unknown handle, -EBUSY while other objects
 * depend on it (as verbs do).
 */
int rdmaapi_obj_destroy(struct rdmaapi_ctx *ctx, __le32 handle,
			const struct rdmaapi_obj_type *type)
{
	struct rdmaapi_obj *obj = rdmaapi_obj_get(ctx, handle, type);

	if (!obj)
		return -EINVAL;
	if (atomic_read(&obj->users))
		return -EBUSY;
	rdmaapi_obj_remove(obj);
	type->destroy(obj);
	return 0;
}

/* Destroy every object of @ctx, dependents first. */
static void ctx_destroy_objs(struct rdmaapi_ctx *ctx)
{
	struct rdmaapi_obj *obj;
	unsigned long idx;
	int rank;

	for (rank = RDMAAPI_RANK_MAX; rank >= 0 && !xa_empty(&ctx->objs);
	     rank--) {
		xa_for_each(&ctx->objs, idx, obj) {
			if (obj->type->rank != rank)
				continue;
			rdmaapi_obj_remove(obj);
			obj->type->destroy(obj);
		}
	}
}

static void ctx_release(struct kref *ref)
{
	kfree(container_of(ref, struct rdmaapi_ctx, ref));
}

/* Tear down every personality's objects; the same path for every cause. */
static void ctx_destroy(struct rdmaapi_core *core, struct rdmaapi_ctx *ctx)
{
	const struct rdmaapi_personality *p;
	u16 i;

	xa_erase(&core->ctxs, ctx->handle);
	core->nctx--;
	ctx_destroy_objs(ctx);
	for (i = VIRTIO_RDMAAPI_API_MAX; i-- > 0;) {
		p = lookup_api(i);
		if (p && p->ctx_close && ctx->priv[i])
			p->ctx_close(ctx);
	}
	kref_put(&ctx->ref, ctx_release);
}

static int ctx_create(struct rdmaapi_core *core, u32 *handle)
{
	const struct rdmaapi_personality *p;
	struct rdmaapi_ctx *ctx;
	int ret;
	u16 i;

	if (core->nctx >= core->max_ctx)
		return -EDQUOT;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->core = core;
	kref_init(&ctx->ref);
	xa_init_flags(&ctx->objs, XA_FLAGS_ALLOC1);
	ctx->next_obj = 1;
	ret = xa_alloc_cyclic(&core->ctxs, &ctx->handle, ctx,
			      XA_LIMIT(1, RDMAAPI_CTX_HANDLE_MAX),
			      &core->next_ctx, GFP_KERNEL);
	if (ret < 0) {
		kfree(ctx);
		return ret == -EBUSY ? -EDQUOT : ret;
	}
	core->nctx++;
	for (i = 0; i < VIRTIO_RDMAAPI_API_MAX; i++) {
		p = lookup_api(i);
		if (!p || !p->ctx_open)
			continue;
		ret = p->ctx_open(ctx);
		if (ret) {
			ctx_destroy(core, ctx);
			return ret;
		}
	}
	*handle = ctx->handle;
	return 0;
}

/**
 * rdmaapi_core_reset() - destroy every context and everything it owns
 * @core: device state (device reset, vdpa dev del, RDMA device removal)
 */
void rdmaapi_core_reset(struct rdmaapi_core *core)
{
	struct rdmaapi_ctx *ctx;
	unsigned long idx;

	xa_for_each(&core->ctxs, idx, ctx)
		ctx_destroy(core, ctx);
}

/**
 * rdmaapi_core_kill() - the RDMA device is going away
 * @core: device state
 *
 * Every context is told (a device-fatal event), then destroyed with all
 * it owns; from now on every request fails with -ENODEV.
 */
void rdmaapi_core_kill(struct rdmaapi_core *core)
{
	const struct rdmaapi_personality *p;
	struct rdmaapi_ctx *ctx;
	unsigned long idx;
	u16 i;

	xa_for_each(&core->ctxs, idx, ctx) {
		for (i = 0; i < VIRTIO_RDMAAPI_API_MAX; i++) {
			p = lookup_api(i);
			if (p && p->ctx_fatal)
				p->ctx_fatal(ctx);
		}
	}
	rdmaapi_core_reset(core);
	core->dead = true;
}

static int core_call(struct rdmaapi_core *core,
		     const struct virtio_rdmaapi_req_hdr *hdr, void *resp)
{
	u32 handle = le32_to_cpu(hdr->ctx);
	struct virtio_rdmaapi_create_ctx_resp *cr = resp;
	struct rdmaapi_ctx *ctx;
	int ret;

	switch (le16_to_cpu(hdr->opcode)) {
	case VIRTIO_RDMAAPI_CORE_CREATE_CTX:
		if (handle)
			return -EINVAL;
		memset(cr, 0, sizeof(*cr));
		ret = ctx_create(core, &handle);
		cr->ctx = cpu_to_le32(handle);
		return ret;
	case VIRTIO_RDMAAPI_CORE_DESTROY_CTX:
		ctx = handle ? xa_load(&core->ctxs, handle) : NULL;
		if (!ctx)
			return -EBADF;
		ctx_destroy(core, ctx);
		return 0;
	case VIRTIO_RDMAAPI_CORE_QUERY_LIMITS:
		if (handle && !xa_load(&core->ctxs, handle))
			return -EBADF;
		core_limits(core, limit_put, resp);
		return 0;
	}
	return -EOPNOTSUPP;
}

/**
 * rdmaapi_core_call() - validate and execute one request
 * @core: device state
 * @hdr: the request header as read from the guest, already checked with
 *	rdmaapi_req_check()
 * @req: kernel copy of the request payload (hdr->req_len bytes)
 * @resp: room for the operation's response payload
 * @resp_len: set to the response payload length (0 on failure)
 *
 * Called by the device's single worker, so contexts cannot vanish under
 * a handler.
 *
 * Return: the status for the response header: 0 or a negative errno.
 */
int rdmaapi_core_call(struct rdmaapi_core *core,
		      const struct virtio_rdmaapi_req_hdr *hdr,
		      const void *req, void *resp, u32 *resp_len)
{
	u16 api = le16_to_cpu(hdr->api), opcode = le16_to_cpu(hdr->opcode);
	const struct rdmaapi_personality *p = lookup_api(api);
	struct rdmaapi_ctx *ctx;
	int ret;

	*resp_len = 0;
	if (core->dead)
		return -ENODEV;
	if (!p || opcode >= p->nops || !p->ops[opcode].handler)
		return -EOPNOTSUPP;
	/* Handlers may leave fields alone: never return stale bytes. */
	memset(resp, 0, p->ops[opcode].resp_len);
	if (api == VIRTIO_RDMAAPI_API_CORE) {
		ret = core_call(core, hdr, resp);
	} else {
		ctx = xa_load(&core->ctxs, le32_to_cpu(hdr->ctx));
		if (!ctx || !le32_to_cpu(hdr->ctx))
			return -EBADF;
		kref_get(&ctx->ref);
		ret = p->ops[opcode].handler(ctx, req,
					     le32_to_cpu(hdr->req_len), resp);
		kref_put(&ctx->ref, ctx_release);
	}
	if (!ret)
		*resp_len = p->ops[opcode].resp_len;
	return ret;
}

/**
 * rdmaapi_core_serve() - answer one popped request chain
 * @core: device state
 * @vq: control queue the chain came from
 * @c: the chain
 * @req: scratch room of RDMAAPI_MAX_REQ_LEN bytes for the payload copy
 * @resp: scratch room of RDMAAPI_MAX_RESP_LEN bytes for the response
 *
 * Every failure is reported to the guest in the response header; only a
 * chain with no room even for that header, or whose writable memory is
 * not writable, gets nothing.
 *
 * Return: bytes written into the chain, for the used ring.
 */
u32 rdmaapi_core_serve(struct rdmaapi_core *core, struct rdmaapi_vq *vq,
		       const struct rdmaapi_chain *c, void *req, void *resp)
{
	struct virtio_rdmaapi_resp_hdr rh;
	struct virtio_rdmaapi_req_hdr hdr;
	const struct rdmaapi_op *op;
	u32 resp_len = 0;
	int status;

	if (c->in_len < sizeof(rh))
		return 0;
	if (c->out_len < sizeof(hdr))
		status = -EMSGSIZE;
	else if (rdmaapi_chain_read(vq, c, 0, &hdr, sizeof(hdr)))
		status = -EFAULT;
	else
		status = rdmaapi_req_check(&hdr, c->out_len, c->in_len, &op);
	if (!status && rdmaapi_chain_read(vq, c, sizeof(hdr), req,
					  le32_to_cpu(hdr.req_len)))
		status = -EFAULT;
	if (!status)
		status = rdmaapi_core_call(core, &hdr, req, resp, &resp_len);
	if (resp_len &&
	    rdmaapi_chain_write(vq, c, sizeof(rh), resp, resp_len))
		return 0;
	rh.status = cpu_to_le32(status);
	rh.resp_len = cpu_to_le32(resp_len);
	if (rdmaapi_chain_write(vq, c, 0, &rh, sizeof(rh)))
		return 0;
	return sizeof(rh) + resp_len;
}
