// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/* librdmaapi - error strings. */
#include <errno.h>
#include <string.h>

#include "internal.h"

/*
 * What a negative errno means when it comes back from this library; the
 * generic strerror() text is right for the rest.
 */
static const struct {
	int err;
	const char *msg;
} rdmaapi_errors[] = {
	{ ENODEV, "RDMA API device removed" },
	{ ENOSYS, "RDMA API driver (virtio_rdmaapi) not loaded" },
	{ EOPNOTSUPP, "Operation not supported by the RDMA API device" },
	{ ENODATA, "GID table entry is empty" },
	{ ETIMEDOUT, "RDMA API device did not answer in time" },
};

RDMAAPI_EXPORT
const char *rdmaapi_strerror(int err)
{
	unsigned int i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(rdmaapi_errors) / sizeof(rdmaapi_errors[0]); i++)
		if (rdmaapi_errors[i].err == err)
			return rdmaapi_errors[i].msg;
	return strerror(err);
}
