/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * The protocol of rdmaapi-rdma-test (tools/) and its servers: the
 * librdmaapi one (rdmaapi-rdma-test without a host argument) and the
 * native libibverbs one (tests/progs/rdma-test-peer).
 *
 * After the QP exchange of xchg.h (struct xchg_msg each way, the server's
 * region in addr/length/rkey) and a one-byte "ready" each way, the client
 * sends struct cmd messages and the server answers each with a 32-bit
 * count of wrong bytes, until CMD_DONE (no answer). Both sides run on the
 * same kind of machine: the messages are in host byte order.
 *
 * The server's buffer is rt_buf_len(largest transfer) bytes, all RT_CLEAN
 * outside the ranges a command fills; every check also counts the
 * RT_GUARD bytes on each side of the range that are not RT_CLEAN, and
 * leaves the range RT_CLEAN again.
 */
#ifndef RDMAAPI_TEST_RDMA_TEST_PROTO_H
#define RDMAAPI_TEST_RDMA_TEST_PROTO_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xchg.h"

#define RT_MIB		(1024 * 1024)
#define RT_PORT		18520		/* default TCP port of the exchange */
#define RT_MAX_SIZE	(16 * RT_MIB)	/* default largest transfer */
#define RT_GUARD	64	/* bytes checked around every range */
#define RT_CLEAN	0xa5	/* what a buffer holds outside the ranges */
#define RT_SGE_GAP	4109	/* local distance between SGE pieces */
#define RT_MAX_SGE	3

enum {
	CMD_CHECK = 1,	/* the range holds pattern @seed */
	CMD_FILL = 2,	/* fill the range with pattern @seed (answer 0) */
	CMD_DONE = 3,	/* the end: no answer */
	CMD_SET64 = 4,	/* store @val at @off, 8 bytes (answer 0) */
	CMD_CHECK64 = 5,	/* the 8 bytes at @off hold @val */
};

/**
 * struct cmd - one control message of the client
 * @op: CMD_*
 * @seed: pattern seed (CMD_CHECK, CMD_FILL)
 * @off: offset of the range in the server's buffer
 * @len: bytes of the range (CMD_CHECK, CMD_FILL; 8 for the others)
 * @val: 64-bit value (CMD_SET64, CMD_CHECK64), host byte order as the
 *	 server's atomics see it in memory
 */
struct cmd {
	uint32_t op;
	uint32_t seed;
	uint64_t off;
	uint64_t len;
	uint64_t val;
};

/* Bytes of a buffer for transfers up to @max_size, with offsets and SGEs. */
static inline size_t rt_buf_len(size_t max_size)
{
	return max_size + RT_MAX_SGE * RT_SGE_GAP + 2 * 4096 + 2 * RT_GUARD;
}

/* Guard bytes around [@off, @off + @len) of @buf that are not RT_CLEAN. */
static inline uint32_t rt_check_guards(const uint8_t *buf, size_t buf_len,
				       size_t off, size_t len)
{
	size_t i, lo = off > RT_GUARD ? off - RT_GUARD : 0;
	size_t hi = off + len + RT_GUARD < buf_len ? off + len + RT_GUARD :
		    buf_len;
	uint32_t bad = 0;

	for (i = lo; i < off; i++)
		bad += buf[i] != RT_CLEAN;
	for (i = off + len; i < hi; i++)
		bad += buf[i] != RT_CLEAN;
	return bad;
}

/*
 * Wrong bytes of [@off, @off + @len): byte i should be byte @base + i of
 * pattern @seed; plus the wrong guards around the range.
 */
static inline uint32_t rt_check(const uint8_t *buf, size_t buf_len,
				size_t off, size_t len, size_t base,
				uint32_t seed)
{
	uint32_t bad = rt_check_guards(buf, buf_len, off, len);
	size_t i;

	for (i = 0; i < len; i++)
		bad += buf[off + i] != xchg_pattern(base + i, seed);
	return bad;
}

/* Bytes @base.. of pattern @seed into [@off, @off + @len). */
static inline void rt_fill(uint8_t *buf, size_t off, size_t len, size_t base,
			   uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[off + i] = xchg_pattern(base + i, seed);
}

/* Bytes of the 8 at @p that differ from those of @val. */
static inline uint32_t rt_diff64(const uint8_t *p, uint64_t val)
{
	const uint8_t *v = (const uint8_t *)&val;
	uint32_t bad = 0;
	int i;

	for (i = 0; i < 8; i++)
		bad += p[i] != v[i];
	return bad;
}

/*
 * The server's side of the control connection @fd, on its registered
 * buffer @buf of @buf_len bytes. Returns 0 after CMD_DONE, -1 on a broken
 * connection or a bad command (reported on stderr).
 */
static inline int rt_serve(int fd, uint8_t *buf, size_t buf_len)
{
	struct cmd c;
	uint32_t bad;

	for (;;) {
		if (xchg_recv(fd, &c, sizeof(c)))
			break;
		if (c.op == CMD_DONE)
			return 0;
		if ((c.op == CMD_SET64 || c.op == CMD_CHECK64) && c.len != 8)
			c.op = 0;
		if (c.off > buf_len || c.len > buf_len - c.off ||
		    c.op < CMD_CHECK || c.op > CMD_CHECK64) {
			fprintf(stderr, "bad command %u at %llu + %llu\n", c.op,
				(unsigned long long)c.off,
				(unsigned long long)c.len);
			return -1;
		}
		bad = 0;
		switch (c.op) {
		case CMD_CHECK:
			bad = rt_check(buf, buf_len, c.off, c.len, 0, c.seed);
			break;
		case CMD_CHECK64:
			bad = rt_diff64(buf + c.off, c.val) +
			      rt_check_guards(buf, buf_len, c.off, 8);
			break;
		case CMD_FILL:
			rt_fill(buf, c.off, c.len, 0, c.seed);
			break;
		case CMD_SET64:
			memcpy(buf + c.off, &c.val, 8);
			break;
		}
		if (c.op == CMD_CHECK || c.op == CMD_CHECK64)
			memset(buf + c.off, RT_CLEAN, c.len);
		if (xchg_send(fd, &bad, sizeof(bad)))
			break;
	}
	fprintf(stderr, "control connection broken\n");
	return -1;
}

#endif
