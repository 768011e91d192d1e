/* SPDX-License-Identifier: GPL-2.0-only */
/* Bringing a librdmaapi RC QP from RESET to RTS, for the test programs. */
#ifndef RDMAAPI_TEST_CONNECT_H
#define RDMAAPI_TEST_CONNECT_H

#include <stdint.h>
#include <rdmaapi/rdmaapi.h>

/**
 * struct conn_peer - where an RC QP is connected to
 * @gid: the peer's GID (our own to connect to ourselves)
 * @qpn: the peer's QP number
 * @psn: the peer's first packet sequence number
 */
struct conn_peer {
	union rdmaapi_gid gid;
	uint32_t qpn;
	uint32_t psn;
};

int conn_rts(struct rdmaapi_qp *qp, uint8_t port, int gidx,
	     enum rdmaapi_mtu mtu, const struct conn_peer *peer,
	     uint32_t my_psn, int access);
int conn_self(struct rdmaapi_context *ctx, struct rdmaapi_qp *qp,
	      uint8_t port, int gidx, enum rdmaapi_mtu mtu);

#endif
