/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rdma_cm personality: connection identifiers remoted to the host's
 * kernel RDMA connection manager, beside the verbs personality.
 */
#ifndef _RDMAAPI_CM_H
#define _RDMAAPI_CM_H

#include "core.h"

/*
 * Object kind of a connection identifier: counter index and teardown
 * rank. Above every verbs kind, so an identifier goes before the QP it
 * drives.
 */
#define CM_OBJ_ID	7

extern const struct rdmaapi_personality rdmaapi_rdmacm;

#endif /* _RDMAAPI_CM_H */
