// SPDX-License-Identifier: GPL-2.0-only
/*
 * mr-export: the guest side of the zero-copy check. Registers a region
 * through librdmaapi, fills it with the agreed pattern, connects an RC QP
 * to mr-read-peer (native libibverbs) over a TCP exchange, and waits for
 * the peer's verdict after it RDMA-READ the whole region and checked every
 * byte: the bytes the peer reads are the guest's pages, nothing copied.
 *
 *   mr-export [-H host] [-p port] [-g gid_index] [-s bytes] [-S seed] [-N]
 *
 * The region is plain anonymous memory (transparent huge pages where the
 * system uses them); -N advises against huge pages (MADV_NOHUGEPAGE), to
 * tell a compound-page problem from any other.
 *
 * The host defaults to $RDMAAPI_HOST_ADDR (10.0.2.2) in an L2 guest and
 * 127.0.0.1 elsewhere. Exit status 0 only if the verdict is 0 (all bytes
 * matched) and every teardown call succeeded.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <rdmaapi/rdmaapi.h>
#include "connect.h"
#include "xchg.h"

#define PORT_NUM	1

static void die(const char *what, int err)
{
	fprintf(stderr, "mr-export: %s: %s\n", what, rdmaapi_strerror(err));
	exit(2);
}

static struct rdmaapi_context *open_first(void)
{
	struct rdmaapi_device **list = rdmaapi_get_device_list(NULL);
	struct rdmaapi_context *ctx;

	if (!list || !list[0])
		die("no rdmaapi device", list ? ENODEV : errno);
	ctx = rdmaapi_open_device(list[0]);
	if (!ctx)
		die("open_device", errno);
	rdmaapi_free_device_list(list);
	return ctx;
}

/* Responder only: the peer reads, we answer. */
static void connect_qp(struct rdmaapi_qp *qp, const struct xchg_msg *peer,
		       int gidx, uint32_t my_psn)
{
	struct conn_peer p = { .qpn = ntohl(peer->qpn), .psn = ntohl(peer->psn) };
	int ret;

	memcpy(p.gid.raw, peer->gid, 16);
	ret = conn_rts(qp, PORT_NUM, gidx, RDMAAPI_MTU_1024, &p, my_psn,
		       RDMAAPI_ACCESS_REMOTE_READ | RDMAAPI_ACCESS_REMOTE_WRITE);
	if (ret)
		die("modify_qp to RTS", ret);
}

static int teardown(const char *what, int ret)
{
	if (ret)
		fprintf(stderr, "mr-export: %s: %s\n", what,
			rdmaapi_strerror(ret));
	return ret != 0;
}

int main(int argc, char **argv)
{
	const char *host = NULL, *role = getenv("RDMAAPI_ROLE");
	int port = 18515, gidx = 1, opt, fd, ret, bad = 0, nohuge = 0;
	uint64_t size = 64ULL << 20, off;
	uint32_t seed = 0x5eed1234, psn = 0x2a2a2a;
	struct rdmaapi_qp_init_attr ia = {};
	struct xchg_msg me = {}, peer;
	struct rdmaapi_context *ctx;
	union rdmaapi_gid gid;
	struct rdmaapi_pd *pd;
	struct rdmaapi_cq *cq;
	struct rdmaapi_mr *mr;
	struct rdmaapi_qp *qp;
	uint8_t *buf, verdict;

	while ((opt = getopt(argc, argv, "H:p:g:s:S:N")) != -1) {
		switch (opt) {
		case 'H': host = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'g': gidx = atoi(optarg); break;
		case 's': size = strtoull(optarg, NULL, 0); break;
		case 'S': seed = strtoul(optarg, NULL, 0); break;
		case 'N': nohuge = 1; break;
		default:
			fprintf(stderr, "usage: %s [-H host] [-p port] [-g gid_index] [-s bytes] [-S seed] [-N]\n",
				argv[0]);
			return 2;
		}
	}
	if (!host) {
		if (role && !strcmp(role, "guest"))
			host = getenv("RDMAAPI_HOST_ADDR") ?: "10.0.2.2";
		else
			host = "127.0.0.1";
	}
	if (!size) {
		fprintf(stderr, "mr-export: -s must be > 0\n");
		return 2;
	}

	buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		die("mmap", errno);
	if (nohuge && madvise(buf, size, MADV_NOHUGEPAGE))
		die("madvise", errno);
	for (off = 0; off < size; off++)
		buf[off] = xchg_pattern(off, seed);

	ctx = open_first();
	pd = rdmaapi_alloc_pd(ctx);
	if (!pd)
		die("alloc_pd", errno);
	cq = rdmaapi_create_cq(ctx, 4, NULL, NULL, 0);
	if (!cq)
		die("create_cq", errno);
	mr = rdmaapi_reg_mr(pd, buf, size, RDMAAPI_ACCESS_LOCAL_WRITE |
			    RDMAAPI_ACCESS_REMOTE_READ |
			    RDMAAPI_ACCESS_REMOTE_WRITE);
	if (!mr)
		die("reg_mr", errno);
	ia.send_cq = cq;
	ia.recv_cq = cq;
	ia.cap.max_send_wr = 4;
	ia.cap.max_recv_wr = 4;
	ia.cap.max_send_sge = 1;
	ia.cap.max_recv_sge = 1;
	ia.qp_type = RDMAAPI_QPT_RC;
	qp = rdmaapi_create_qp(pd, &ia);
	if (!qp)
		die("create_qp", errno);
	ret = rdmaapi_query_gid(ctx, PORT_NUM, gidx, &gid, NULL);
	if (ret)
		die("query_gid", ret);
	printf("mr-export: %llu bytes at %p, lkey %#x rkey %#x, qpn %#x\n",
	       (unsigned long long)size, (void *)buf, mr->lkey, mr->rkey,
	       qp->qp_num);
	fflush(stdout);

	fd = xchg_connect(host, port);
	if (fd < 0)
		die("connect to mr-read-peer", ECONNREFUSED);
	me.qpn = htonl(qp->qp_num);
	me.psn = htonl(psn);
	memcpy(me.gid, gid.raw, 16);
	me.addr = htobe64((uintptr_t)buf);
	me.length = htobe64(size);
	me.rkey = htonl(mr->rkey);
	me.seed = htonl(seed);
	if (xchg_send(fd, &me, sizeof(me)) || xchg_recv(fd, &peer, sizeof(peer)))
		die("exchange", EPIPE);
	connect_qp(qp, &peer, gidx, psn);

	if (xchg_recv(fd, &verdict, 1))
		die("no verdict from mr-read-peer", EPIPE);
	close(fd);
	printf("mr-export: verdict %u (%s)\n", verdict,
	       verdict ? "mismatch" : "all bytes match");

	bad |= teardown("destroy_qp", rdmaapi_destroy_qp(qp));
	bad |= teardown("dereg_mr", rdmaapi_dereg_mr(mr));
	bad |= teardown("destroy_cq", rdmaapi_destroy_cq(cq));
	bad |= teardown("dealloc_pd", rdmaapi_dealloc_pd(pd));
	bad |= teardown("close_device", rdmaapi_close_device(ctx));
	munmap(buf, size);
	return verdict || bad ? 1 : 0;
}
