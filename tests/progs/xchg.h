/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the test programs exchange over TCP to connect two RC QPs, one
 * behind librdmaapi (guest) and one native (libibverbs), and the data
 * pattern both sides check.
 */
#ifndef RDMAAPI_TEST_XCHG_H
#define RDMAAPI_TEST_XCHG_H

#include <stdint.h>
#include <stddef.h>

/* Sent by each side, in network byte order where it matters. */
struct xchg_msg {
	uint32_t qpn;
	uint32_t psn;
	uint8_t gid[16];
	uint64_t addr;		/* start of the exported region */
	uint64_t length;	/* bytes of the region */
	uint32_t rkey;
	uint32_t seed;		/* pattern seed */
};

/* The byte at @off of a region filled with pattern @seed. */
static inline uint8_t xchg_pattern(uint64_t off, uint32_t seed)
{
	uint64_t x = (off >> 3) * 0x9e3779b97f4a7c15ULL + seed;

	return (uint8_t)((x >> 29) ^ (off & 7) ^ (x >> 51));
}

int xchg_listen(int port);
int xchg_connect(const char *host, int port);
int xchg_send(int fd, const void *buf, size_t len);
int xchg_recv(int fd, void *buf, size_t len);

#endif
