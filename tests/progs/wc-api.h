/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The few verbs wc-errors.c uses, mapped onto librdmaapi (default) or,
 * with -DWC_NATIVE, onto libibverbs, so that one source runs the same
 * scenarios through both and their completions can be compared.
 *
 * V(x) names a type or function (rdmaapi_x / ibv_x), C(X) a constant
 * (RDMAAPI_X / IBV_X). Calls that return a status go through wc_ret():
 * 0 or a negative errno with either library.
 */
#ifndef RDMAAPI_TEST_WC_API_H
#define RDMAAPI_TEST_WC_API_H

#include <errno.h>
#include <string.h>

#ifdef WC_NATIVE
#include <infiniband/verbs.h>
#define V(x)		ibv_##x
#define C(x)		IBV_##x
#define WC_IMPL		"native"

/* libibverbs returns a positive errno, or -1 with errno set. */
static inline int wc_ret(int ret)
{
	if (ret == -1)
		return errno ? -errno : -EIO;
	return ret > 0 ? -ret : ret;
}

static inline int wc_query_gid(struct ibv_context *ctx, int port, int idx,
			       union ibv_gid *gid)
{
	return wc_ret(ibv_query_gid(ctx, port, idx, gid));
}

/* The device named @name (rxe0). */
static inline struct ibv_context *wc_open(const char *name)
{
	struct ibv_device **list = ibv_get_device_list(NULL);
	struct ibv_context *ctx = NULL;
	int i;

	for (i = 0; list && list[i]; i++)
		if (!strcmp(ibv_get_device_name(list[i]), name))
			ctx = ibv_open_device(list[i]);
	ibv_free_device_list(list);
	return ctx;
}

#else
#include <rdmaapi/rdmaapi.h>
#define V(x)		rdmaapi_##x
#define C(x)		RDMAAPI_##x
#define WC_IMPL		"rdmaapi"

static inline int wc_ret(int ret)
{
	return ret;
}

static inline int wc_query_gid(struct rdmaapi_context *ctx, int port,
			       int idx, union rdmaapi_gid *gid)
{
	enum rdmaapi_gid_type type;

	return rdmaapi_query_gid(ctx, port, idx, gid, &type);
}

/* The first rdmaapi device: the host's device behind it is @name. */
static inline struct rdmaapi_context *wc_open(const char *name)
{
	struct rdmaapi_device **list = rdmaapi_get_device_list(NULL);
	struct rdmaapi_context *ctx = NULL;

	(void)name;
	if (list && list[0])
		ctx = rdmaapi_open_device(list[0]);
	rdmaapi_free_device_list(list);
	return ctx;
}
#endif

#endif
