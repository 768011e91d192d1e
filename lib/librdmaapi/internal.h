/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/* librdmaapi - definitions shared by the library's sources, not public. */
#ifndef RDMAAPI_INTERNAL_H
#define RDMAAPI_INTERNAL_H

#include <limits.h>
#include <stdint.h>

#include <rdmaapi/rdmaapi.h>
#include <linux/virtio_rdmaapi.h>

/* What read() on a context returns is struct rdmaapi_abi_async_event. */
#include <rdmaapi/rdmaapi-abi.h>

#define RDMAAPI_EXPORT __attribute__((visibility("default")))

/**
 * struct rdmaapi_device - a device found in sysfs
 * @index: N of rdmaapiN
 * @name: rdmaapiN, the name in /sys/class/rdmaapi and /dev
 * @ibdev_name: name of the host RDMA device (sysfs "ibdev")
 * @node_guid: node GUID of the host RDMA device, network byte order
 * @dev_path: path of the character device
 */
struct rdmaapi_device {
	int index;
	char name[64];
	char ibdev_name[VIRTIO_RDMAAPI_NAME_LEN];
	uint64_t node_guid;
	char dev_path[PATH_MAX];
};

int rdmaapi_call(struct rdmaapi_context *ctx, uint16_t api, uint16_t opcode,
		 const void *req, uint32_t req_len, void *resp,
		 uint32_t *resp_len);

/*
 * The result of a destroy. An object whose device was removed (-ENODEV) or
 * whose context the device lost (-EIO, after RDMAAPI_EVENT_DEVICE_FATAL) is
 * gone on the host already, as at uverbs disassociation: the caller frees
 * its side and reports success, as libibverbs does.
 */
static inline int destroy_result(int ret)
{
	return ret == -EIO || ret == -ENODEV ? 0 : ret;
}

#endif /* RDMAAPI_INTERNAL_H */
