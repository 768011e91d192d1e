// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * librdmaapi - finding devices in /sys/class/rdmaapi, opening and closing
 * them, and the one ioctl every remoted call goes through.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "internal.h"

#define RDMAAPI_SYSFS_DIR	"/sys/class/rdmaapi"
#define RDMAAPI_DEV_DIR		"/dev"

/* Test hooks: RDMAAPI_SYSFS_DIR and RDMAAPI_DEV_DIR move the roots. */
static const char *env_or(const char *name, const char *dflt)
{
	const char *v = secure_getenv(name);

	return v && *v ? v : dflt;
}

/* Read one line of a sysfs attribute into @buf, without the newline. */
static int read_attr(const char *dir, const char *name, const char *attr,
		     char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s/%s", dir, name, attr) >=
	    (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* "0011:2233:4455:6677" (the format of infiniband's node_guid) */
static int parse_guid(const char *s, uint64_t *guid)
{
	unsigned int w[4];
	char end;

	if (sscanf(s, "%4x:%4x:%4x:%4x%c", &w[0], &w[1], &w[2], &w[3],
		   &end) != 4)
		return -EINVAL;
	*guid = htobe64((uint64_t)w[0] << 48 | (uint64_t)w[1] << 32 |
			(uint64_t)w[2] << 16 | w[3]);
	return 0;
}

/* The index N of "rdmaapiN", or -1 for any other name. */
static int device_index(const char *name)
{
	const char *p = name + strlen("rdmaapi");
	char *end;
	long n;

	if (strncmp(name, "rdmaapi", strlen("rdmaapi")) || !*p ||
	    *p < '0' || *p > '9')
		return -1;
	n = strtol(p, &end, 10);
	if (*end || n < 0 || n > INT_MAX)
		return -1;
	return n;
}

static struct rdmaapi_device *device_load(const char *dir, const char *name,
					  int index)
{
	struct rdmaapi_device *dev;
	char buf[128];

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return NULL;
	dev->index = index;
	if (strlen(name) >= sizeof(dev->name))
		goto err_free;
	memcpy(dev->name, name, strlen(name) + 1);
	if (read_attr(dir, name, "ibdev", dev->ibdev_name,
		      sizeof(dev->ibdev_name)))
		goto err_free;
	if (read_attr(dir, name, "node_guid", buf, sizeof(buf)) ||
	    parse_guid(buf, &dev->node_guid))
		goto err_free;
	if (snprintf(dev->dev_path, sizeof(dev->dev_path), "%s/%s",
		     env_or("RDMAAPI_DEV_DIR", RDMAAPI_DEV_DIR), name) >=
	    (int)sizeof(dev->dev_path))
		goto err_free;
	return dev;

err_free:
	free(dev);
	return NULL;
}

static int cmp_index(const void *a, const void *b)
{
	const struct rdmaapi_device *da = *(struct rdmaapi_device * const *)a;
	const struct rdmaapi_device *db = *(struct rdmaapi_device * const *)b;

	return (da->index > db->index) - (da->index < db->index);
}

RDMAAPI_EXPORT
struct rdmaapi_device **rdmaapi_get_device_list(int *num_devices)
{
	const char *dir = env_or("RDMAAPI_SYSFS_DIR", RDMAAPI_SYSFS_DIR);
	struct rdmaapi_device **list = NULL, **bigger, *dev;
	struct dirent *de;
	size_t n = 0;
	DIR *d;
	int index;

	d = opendir(dir);
	if (!d) {
		/* As libibverbs without ib_uverbs: no driver, no devices. */
		if (errno == ENOENT)
			errno = ENOSYS;
		return NULL;
	}

	list = calloc(1, sizeof(*list));
	if (!list)
		goto err_close;
	while ((de = readdir(d))) {
		index = device_index(de->d_name);
		if (index < 0)
			continue;
		/* A device going away while we look is simply not listed. */
		dev = device_load(dir, de->d_name, index);
		if (!dev)
			continue;
		bigger = realloc(list, (n + 2) * sizeof(*list));
		if (!bigger) {
			free(dev);
			goto err_free_list;
		}
		list = bigger;
		list[n++] = dev;
		list[n] = NULL;
	}
	closedir(d);

	qsort(list, n, sizeof(*list), cmp_index);
	if (num_devices)
		*num_devices = n;
	return list;

err_free_list:
	rdmaapi_free_device_list(list);
err_close:
	closedir(d);
	errno = ENOMEM;
	return NULL;
}

RDMAAPI_EXPORT
void rdmaapi_free_device_list(struct rdmaapi_device **list)
{
	struct rdmaapi_device **p;

	if (!list)
		return;
	for (p = list; *p; p++)
		free(*p);
	free(list);
}

RDMAAPI_EXPORT
const char *rdmaapi_get_device_name(struct rdmaapi_device *device)
{
	if (!device) {
		errno = EINVAL;
		return NULL;
	}
	return device->ibdev_name;
}

RDMAAPI_EXPORT
uint64_t rdmaapi_get_device_guid(struct rdmaapi_device *device)
{
	return device ? device->node_guid : 0;
}

RDMAAPI_EXPORT
struct rdmaapi_context *rdmaapi_open_device(struct rdmaapi_device *device)
{
	struct rdmaapi_context *ctx;
	int err;

	if (!device) {
		errno = EINVAL;
		return NULL;
	}
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;
	/* The context keeps its own copy: the device list may be freed. */
	ctx->device = malloc(sizeof(*device));
	if (!ctx->device) {
		free(ctx);
		errno = ENOMEM;
		return NULL;
	}
	memcpy(ctx->device, device, sizeof(*device));

	/* open() creates the context on the host (CORE_CREATE_CTX). */
	ctx->cmd_fd = open(device->dev_path, O_RDWR | O_CLOEXEC);
	if (ctx->cmd_fd < 0) {
		err = errno;
		free(ctx->device);
		free(ctx);
		errno = err;
		return NULL;
	}
	return ctx;
}

RDMAAPI_EXPORT
int rdmaapi_close_device(struct rdmaapi_context *context)
{
	int ret = 0;

	if (!context)
		return -EINVAL;
	if (close(context->cmd_fd))
		ret = -errno;
	free(context->device);
	free(context);
	return ret;
}

/**
 * rdmaapi_call() - one remoted call through RDMAAPI_IOCTL_CALL
 * @ctx: the context
 * @api: VIRTIO_RDMAAPI_API_*
 * @opcode: operation within @api
 * @req: request payload
 * @req_len: bytes at @req
 * @resp: room for the response payload
 * @resp_len: in: bytes of room at @resp; out: bytes the device wrote
 *
 * Return: 0 or a negative errno (the device's status or the driver's).
 */
int rdmaapi_call(struct rdmaapi_context *ctx, uint16_t api, uint16_t opcode,
		 const void *req, uint32_t req_len, void *resp,
		 uint32_t *resp_len)
{
	struct rdmaapi_cmd cmd = {
		.api = api,
		.opcode = opcode,
		.req_len = req_len,
		.resp_len = *resp_len,
		.req = (uintptr_t)req,
		.resp = (uintptr_t)resp,
	};

	if (ioctl(ctx->cmd_fd, RDMAAPI_IOCTL_CALL, &cmd))
		return -errno;
	*resp_len = cmd.resp_len;
	return 0;
}
