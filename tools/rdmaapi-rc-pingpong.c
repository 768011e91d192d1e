// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * rdmaapi-rc-pingpong - RC send/receive ping-pong over librdmaapi, the
 * peer of rdma-core's ibv_rc_pingpong.
 *
 * Same options, same TCP exchange of "LID:QPN:PSN:GID" text messages
 * (the 52 bytes of "%04x:%06x:%06x:" and 32 hex digits of the GID, NUL
 * included; the client closes the exchange with "done"), same output, so
 * that either side can be the stock tool: a guest talks to a native host
 * or the other way round. Server when no host name is given.
 *
 * With -c the client marks the first byte of every page of its buffer
 * with 0 (the rest holds 0x7b, as the stock tool fills it) before the
 * first send, which is what ibv_rc_pingpong -c does; at the end the stock
 * server checks those bytes. This tool checks every byte of the buffer,
 * on both sides (the server sends back what it received), prints
 * "invalid data in page N" for each page that differs, and then exits
 * with status 1 (the stock tool only prints).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <rdmaapi/rdmaapi.h>

enum {
	PP_RECV_WRID = 1,
	PP_SEND_WRID = 2,
};

/* The exchange message: "LLLL:QQQQQQ:PPPPPP:" + 32 hex digits + NUL. */
#define PP_MSG_LEN	(4 + 1 + 6 + 1 + 6 + 1 + 32 + 1)
#define PP_DONE		"done"

#define PP_FILL		0x7b	/* what both tools fill their buffer with */

struct pp_dest {
	unsigned int lid;
	unsigned int qpn;
	unsigned int psn;
	union rdmaapi_gid gid;
};

struct pp_opts {
	const char *servername;
	const char *ib_devname;
	unsigned int port;
	int ib_port;
	unsigned int size;
	enum rdmaapi_mtu mtu;
	unsigned int rx_depth;
	unsigned int iters;
	int sl;
	int use_event;
	int gidx;
	int validate;
};

struct pp_ctx {
	struct rdmaapi_context *context;
	struct rdmaapi_comp_channel *channel;
	struct rdmaapi_pd *pd;
	struct rdmaapi_mr *mr;
	struct rdmaapi_cq *cq;
	struct rdmaapi_qp *qp;
	unsigned char *buf;
	unsigned int size;
	unsigned int rx_depth;
	unsigned int send_flags;
	int pending;
	long page_size;
};

static void usage(const char *argv0)
{
	printf("Usage:\n");
	printf("  %s            start a server and wait for connection\n", argv0);
	printf("  %s <host>     connect to server at <host>\n", argv0);
	printf("\n");
	printf("Options:\n");
	printf("  -p, --port=<port>      listen on/connect to port <port> (default 18515)\n");
	printf("  -d, --ib-dev=<dev>     use the device of host RDMA device <dev> (default first device found)\n");
	printf("  -i, --ib-port=<port>   use port <port> of the device (default 1)\n");
	printf("  -s, --size=<size>      size of message to exchange (default 4096)\n");
	printf("  -m, --mtu=<size>       path MTU (default 1024)\n");
	printf("  -r, --rx-depth=<dep>   number of receives to post at a time (default 500)\n");
	printf("  -n, --iters=<iters>    number of exchanges (default 1000)\n");
	printf("  -l, --sl=<sl>          service level value\n");
	printf("  -e, --events           sleep on CQ events (default poll)\n");
	printf("  -g, --gid-idx=<gid index> local port gid index\n");
	printf("  -c, --chk              validate received buffer\n");
	printf("  -o, --odp              use on demand paging (not supported)\n");
}

static enum rdmaapi_mtu mtu_from_bytes(long mtu)
{
	switch (mtu) {
	case 256:  return RDMAAPI_MTU_256;
	case 512:  return RDMAAPI_MTU_512;
	case 1024: return RDMAAPI_MTU_1024;
	case 2048: return RDMAAPI_MTU_2048;
	case 4096: return RDMAAPI_MTU_4096;
	default:   return 0;
	}
}

/* The GID on the wire: its 16 bytes in order, as 32 hex digits. */
static void gid_to_wire(const union rdmaapi_gid *gid, char *wire)
{
	int i;

	for (i = 0; i < 16; i++)
		sprintf(wire + 2 * i, "%02x", gid->raw[i]);
}

static int gid_from_wire(const char *wire, union rdmaapi_gid *gid)
{
	unsigned int byte;
	char hex[3] = "";
	int i;

	if (strlen(wire) != 32)
		return -1;
	for (i = 0; i < 16; i++) {
		memcpy(hex, wire + 2 * i, 2);
		if (sscanf(hex, "%2x", &byte) != 1)
			return -1;
		gid->raw[i] = byte;
	}
	return 0;
}

static void dest_to_msg(const struct pp_dest *d, char *msg)
{
	char gid[33];

	gid_to_wire(&d->gid, gid);
	snprintf(msg, PP_MSG_LEN, "%04x:%06x:%06x:%s", d->lid, d->qpn, d->psn,
		 gid);
}

static int dest_from_msg(const char *msg, struct pp_dest *d)
{
	char gid[33];

	if (memchr(msg, '\0', PP_MSG_LEN) == NULL ||
	    sscanf(msg, "%x:%x:%x:%32s", &d->lid, &d->qpn, &d->psn, gid) != 4 ||
	    gid_from_wire(gid, &d->gid)) {
		fprintf(stderr, "Malformed remote address\n");
		return -1;
	}
	return 0;
}

/* Read exactly @len bytes (or up to EOF); returns bytes read or -1. */
static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = read(fd, (char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			break;
		done += n;
	}
	return done;
}

static void print_dest(const char *what, const struct pp_dest *d)
{
	char gid[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, d->gid.raw, gid, sizeof(gid));
	printf("  %s LID 0x%04x, QPN 0x%06x, PSN 0x%06x, GID %s\n", what,
	       d->lid, d->qpn, d->psn, gid);
}

static int pp_connect_qp(struct pp_ctx *ctx, const struct pp_opts *o,
			 unsigned int my_psn, const struct pp_dest *rem)
{
	struct rdmaapi_qp_attr attr = {
		.qp_state		= RDMAAPI_QPS_RTR,
		.path_mtu		= o->mtu,
		.dest_qp_num		= rem->qpn,
		.rq_psn			= rem->psn,
		.max_dest_rd_atomic	= 1,
		.min_rnr_timer		= 12,
		.ah_attr = {
			.dlid		= rem->lid,
			.sl		= o->sl,
			.port_num	= o->ib_port,
		},
	};
	int ret;

	/* A peer that sent a GID is reached through a GRH (always on RoCE). */
	if (rem->gid.global.interface_id) {
		attr.ah_attr.is_global = 1;
		attr.ah_attr.grh.hop_limit = 1;
		attr.ah_attr.grh.dgid = rem->gid;
		attr.ah_attr.grh.sgid_index = o->gidx;
	}
	ret = rdmaapi_modify_qp(ctx->qp, &attr,
				RDMAAPI_QP_STATE | RDMAAPI_QP_AV |
				RDMAAPI_QP_PATH_MTU | RDMAAPI_QP_DEST_QPN |
				RDMAAPI_QP_RQ_PSN |
				RDMAAPI_QP_MAX_DEST_RD_ATOMIC |
				RDMAAPI_QP_MIN_RNR_TIMER);
	if (ret) {
		fprintf(stderr, "Failed to modify QP to RTR: %s\n",
			rdmaapi_strerror(ret));
		return -1;
	}
	attr.qp_state = RDMAAPI_QPS_RTS;
	attr.timeout = 14;
	attr.retry_cnt = 7;
	attr.rnr_retry = 7;
	attr.sq_psn = my_psn;
	attr.max_rd_atomic = 1;
	ret = rdmaapi_modify_qp(ctx->qp, &attr,
				RDMAAPI_QP_STATE | RDMAAPI_QP_TIMEOUT |
				RDMAAPI_QP_RETRY_CNT | RDMAAPI_QP_RNR_RETRY |
				RDMAAPI_QP_SQ_PSN | RDMAAPI_QP_MAX_QP_RD_ATOMIC);
	if (ret) {
		fprintf(stderr, "Failed to modify QP to RTS: %s\n",
			rdmaapi_strerror(ret));
		return -1;
	}
	return 0;
}

static int client_exch_dest(const struct pp_opts *o, const struct pp_dest *my,
			    struct pp_dest *rem)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
	};
	struct addrinfo *res, *t;
	char service[16], msg[PP_MSG_LEN];
	int fd = -1, n, ret = -1;

	snprintf(service, sizeof(service), "%u", o->port);
	n = getaddrinfo(o->servername, service, &hints, &res);
	if (n) {
		fprintf(stderr, "%s for %s:%u\n", gai_strerror(n),
			o->servername, o->port);
		return -1;
	}
	for (t = res; t; t = t->ai_next) {
		fd = socket(t->ai_family, t->ai_socktype, t->ai_protocol);
		if (fd < 0)
			continue;
		if (!connect(fd, t->ai_addr, t->ai_addrlen))
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		fprintf(stderr, "Couldn't connect to %s:%u\n", o->servername,
			o->port);
		return -1;
	}

	memset(msg, 0, sizeof(msg));
	dest_to_msg(my, msg);
	if (write(fd, msg, sizeof(msg)) != sizeof(msg)) {
		fprintf(stderr, "Couldn't send local address\n");
		goto out;
	}
	if (read_full(fd, msg, sizeof(msg)) != sizeof(msg) ||
	    write(fd, PP_DONE, sizeof(PP_DONE)) != sizeof(PP_DONE)) {
		perror("client read/write");
		fprintf(stderr, "Couldn't read/write remote address\n");
		goto out;
	}
	ret = dest_from_msg(msg, rem);
out:
	close(fd);
	return ret;
}

/* The server connects its QP before it answers, as ibv_rc_pingpong. */
static int server_exch_dest(struct pp_ctx *ctx, const struct pp_opts *o,
			    const struct pp_dest *my, struct pp_dest *rem)
{
	struct addrinfo hints = {
		.ai_flags = AI_PASSIVE,
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
	};
	struct addrinfo *res, *t;
	char service[16], msg[PP_MSG_LEN];
	int fd = -1, connfd, n, one = 1, ret = -1;
	ssize_t got;

	snprintf(service, sizeof(service), "%u", o->port);
	n = getaddrinfo(NULL, service, &hints, &res);
	if (n) {
		fprintf(stderr, "%s for port %u\n", gai_strerror(n), o->port);
		return -1;
	}
	for (t = res; t; t = t->ai_next) {
		fd = socket(t->ai_family, t->ai_socktype, t->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (!bind(fd, t->ai_addr, t->ai_addrlen))
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		fprintf(stderr, "Couldn't listen to port %u\n", o->port);
		return -1;
	}
	listen(fd, 1);
	connfd = accept(fd, NULL, NULL);
	close(fd);
	if (connfd < 0) {
		fprintf(stderr, "accept() failed\n");
		return -1;
	}

	got = read_full(connfd, msg, sizeof(msg));
	if (got != sizeof(msg)) {
		perror("server read");
		fprintf(stderr, "%zd/%zu: Couldn't read remote address\n", got,
			sizeof(msg));
		goto out;
	}
	if (dest_from_msg(msg, rem))
		goto out;
	if (pp_connect_qp(ctx, o, my->psn, rem)) {
		fprintf(stderr, "Couldn't connect to remote QP\n");
		goto out;
	}
	memset(msg, 0, sizeof(msg));
	dest_to_msg(my, msg);
	if (write(connfd, msg, sizeof(msg)) != sizeof(msg) ||
	    read_full(connfd, msg, sizeof(PP_DONE)) != sizeof(PP_DONE)) {
		fprintf(stderr, "Couldn't send/recv local address\n");
		goto out;
	}
	ret = 0;
out:
	close(connfd);
	return ret;
}

static struct rdmaapi_device *find_device(struct rdmaapi_device **list,
					  const char *name)
{
	int i;

	if (!name)
		return list[0];
	for (i = 0; list[i]; i++)
		if (!strcmp(rdmaapi_get_device_name(list[i]), name))
			return list[i];
	return NULL;
}

static void pp_close_ctx(struct pp_ctx *ctx)
{
	int ret;

	if (ctx->qp && (ret = rdmaapi_destroy_qp(ctx->qp)))
		fprintf(stderr, "Couldn't destroy QP: %s\n",
			rdmaapi_strerror(ret));
	if (ctx->cq && (ret = rdmaapi_destroy_cq(ctx->cq)))
		fprintf(stderr, "Couldn't destroy CQ: %s\n",
			rdmaapi_strerror(ret));
	if (ctx->mr && (ret = rdmaapi_dereg_mr(ctx->mr)))
		fprintf(stderr, "Couldn't deregister MR: %s\n",
			rdmaapi_strerror(ret));
	if (ctx->pd && (ret = rdmaapi_dealloc_pd(ctx->pd)))
		fprintf(stderr, "Couldn't deallocate PD: %s\n",
			rdmaapi_strerror(ret));
	if (ctx->channel && (ret = rdmaapi_destroy_comp_channel(ctx->channel)))
		fprintf(stderr, "Couldn't destroy completion channel: %s\n",
			rdmaapi_strerror(ret));
	if (ctx->context && (ret = rdmaapi_close_device(ctx->context)))
		fprintf(stderr, "Couldn't release context: %s\n",
			rdmaapi_strerror(ret));
	free(ctx->buf);
}

static int pp_init_ctx(struct pp_ctx *ctx, struct rdmaapi_device *dev,
		       const struct pp_opts *o)
{
	struct rdmaapi_qp_init_attr init = {
		.cap = {
			.max_send_wr = 1,
			.max_recv_wr = o->rx_depth,
			.max_send_sge = 1,
			.max_recv_sge = 1,
		},
		.qp_type = RDMAAPI_QPT_RC,
	};
	struct rdmaapi_qp_attr attr = {
		.qp_state = RDMAAPI_QPS_INIT,
		.pkey_index = 0,
		.port_num = o->ib_port,
		.qp_access_flags = 0,
	};
	size_t len;
	int ret;

	ctx->size = o->size;
	ctx->rx_depth = o->rx_depth;
	ctx->send_flags = RDMAAPI_SEND_SIGNALED;
	ctx->page_size = sysconf(_SC_PAGESIZE);
	len = ((size_t)o->size + ctx->page_size - 1) / ctx->page_size *
	      ctx->page_size;
	ctx->buf = aligned_alloc(ctx->page_size, len ? len : (size_t)ctx->page_size);
	if (!ctx->buf) {
		fprintf(stderr, "Couldn't allocate work buf.\n");
		return -1;
	}
	memset(ctx->buf, PP_FILL, o->size);

	ctx->context = rdmaapi_open_device(dev);
	if (!ctx->context) {
		fprintf(stderr, "Couldn't get context for %s: %s\n",
			rdmaapi_get_device_name(dev), rdmaapi_strerror(errno));
		return -1;
	}
	if (o->use_event) {
		ctx->channel = rdmaapi_create_comp_channel(ctx->context);
		if (!ctx->channel) {
			fprintf(stderr, "Couldn't create completion channel: %s\n",
				rdmaapi_strerror(errno));
			return -1;
		}
	}
	ctx->pd = rdmaapi_alloc_pd(ctx->context);
	if (!ctx->pd) {
		fprintf(stderr, "Couldn't allocate PD: %s\n",
			rdmaapi_strerror(errno));
		return -1;
	}
	ctx->mr = rdmaapi_reg_mr(ctx->pd, ctx->buf, o->size,
				 RDMAAPI_ACCESS_LOCAL_WRITE);
	if (!ctx->mr) {
		fprintf(stderr, "Couldn't register MR: %s\n",
			rdmaapi_strerror(errno));
		return -1;
	}
	ctx->cq = rdmaapi_create_cq(ctx->context, o->rx_depth + 1, NULL,
				    ctx->channel, 0);
	if (!ctx->cq) {
		fprintf(stderr, "Couldn't create CQ: %s\n",
			rdmaapi_strerror(errno));
		return -1;
	}
	init.send_cq = ctx->cq;
	init.recv_cq = ctx->cq;
	ctx->qp = rdmaapi_create_qp(ctx->pd, &init);
	if (!ctx->qp) {
		fprintf(stderr, "Couldn't create QP: %s\n",
			rdmaapi_strerror(errno));
		return -1;
	}
	/* Small messages go inline when the QP can carry them so. */
	if (!rdmaapi_query_qp(ctx->qp, &attr, RDMAAPI_QP_CAP, &init) &&
	    init.cap.max_inline_data >= o->size)
		ctx->send_flags |= RDMAAPI_SEND_INLINE;

	attr.qp_state = RDMAAPI_QPS_INIT;
	attr.pkey_index = 0;
	attr.port_num = o->ib_port;
	attr.qp_access_flags = 0;
	ret = rdmaapi_modify_qp(ctx->qp, &attr,
				RDMAAPI_QP_STATE | RDMAAPI_QP_PKEY_INDEX |
				RDMAAPI_QP_PORT | RDMAAPI_QP_ACCESS_FLAGS);
	if (ret) {
		fprintf(stderr, "Failed to modify QP to INIT: %s\n",
			rdmaapi_strerror(ret));
		return -1;
	}
	return 0;
}

/* Post @n receives as one list; returns how many were posted. */
static unsigned int pp_post_recv(struct pp_ctx *ctx, unsigned int n)
{
	struct rdmaapi_sge sge = {
		.addr = (uintptr_t)ctx->buf,
		.length = ctx->size,
		.lkey = ctx->mr->lkey,
	};
	struct rdmaapi_recv_wr *wrs, *bad = NULL;
	unsigned int i, posted;

	if (!n)
		return 0;
	wrs = calloc(n, sizeof(*wrs));
	if (!wrs)
		return 0;
	for (i = 0; i < n; i++) {
		wrs[i].wr_id = PP_RECV_WRID;
		wrs[i].sg_list = &sge;
		wrs[i].num_sge = 1;
		wrs[i].next = i + 1 < n ? &wrs[i + 1] : NULL;
	}
	posted = rdmaapi_post_recv(ctx->qp, wrs, &bad) ? bad - wrs : n;
	free(wrs);
	return posted;
}

static int pp_post_send(struct pp_ctx *ctx)
{
	struct rdmaapi_sge sge = {
		.addr = (uintptr_t)ctx->buf,
		.length = ctx->size,
		.lkey = ctx->mr->lkey,
	};
	struct rdmaapi_send_wr wr = {
		.wr_id = PP_SEND_WRID,
		.sg_list = &sge,
		.num_sge = 1,
		.opcode = RDMAAPI_WR_SEND,
		.send_flags = ctx->send_flags,
	};
	struct rdmaapi_send_wr *bad;

	return rdmaapi_post_send(ctx->qp, &wr, &bad);
}

struct pp_counts {
	unsigned int rcnt;
	unsigned int scnt;
	unsigned int routs;
	unsigned int iters;
};

static int pp_handle_wc(struct pp_ctx *ctx, struct pp_counts *c,
			const struct rdmaapi_wc *wc)
{
	int ret;

	if (wc->status != RDMAAPI_WC_SUCCESS) {
		fprintf(stderr, "Failed status %s (%d) for wr_id %d\n",
			rdmaapi_wc_status_str(wc->status), wc->status,
			(int)wc->wr_id);
		return -1;
	}
	switch ((int)wc->wr_id) {
	case PP_SEND_WRID:
		c->scnt++;
		break;
	case PP_RECV_WRID:
		if (--c->routs <= 1) {
			c->routs += pp_post_recv(ctx, ctx->rx_depth - c->routs);
			if (c->routs < ctx->rx_depth) {
				fprintf(stderr, "Couldn't post receive (%u)\n",
					c->routs);
				return -1;
			}
		}
		c->rcnt++;
		break;
	default:
		fprintf(stderr, "Completion for unknown wr_id %d\n",
			(int)wc->wr_id);
		return -1;
	}
	/* The next send goes when both the last send and receive are done. */
	ctx->pending &= ~(int)wc->wr_id;
	if (c->scnt < c->iters && !ctx->pending) {
		ret = pp_post_send(ctx);
		if (ret) {
			fprintf(stderr, "Couldn't post send: %s\n",
				rdmaapi_strerror(ret));
			return -1;
		}
		ctx->pending = PP_RECV_WRID | PP_SEND_WRID;
	}
	return 0;
}

static int pp_run(struct pp_ctx *ctx, const struct pp_opts *o,
		  unsigned int *num_cq_events)
{
	struct pp_counts c = { .iters = o->iters, .routs = ctx->rx_depth };
	struct rdmaapi_wc wc[2];
	struct rdmaapi_cq *ev_cq;
	void *ev_ctx;
	int ne, i, ret;

	while (c.rcnt < o->iters || c.scnt < o->iters) {
		if (o->use_event) {
			ret = rdmaapi_get_cq_event(ctx->channel, &ev_cq, &ev_ctx);
			if (ret) {
				fprintf(stderr, "Failed to get cq_event: %s\n",
					rdmaapi_strerror(ret));
				return -1;
			}
			++*num_cq_events;
			if (ev_cq != ctx->cq) {
				fprintf(stderr, "CQ event for unknown CQ %p\n",
					(void *)ev_cq);
				return -1;
			}
			ret = rdmaapi_req_notify_cq(ctx->cq, 0);
			if (ret) {
				fprintf(stderr, "Couldn't request CQ notification: %s\n",
					rdmaapi_strerror(ret));
				return -1;
			}
		}
		do {
			ne = rdmaapi_poll_cq(ctx->cq, 2, wc);
			if (ne < 0) {
				fprintf(stderr, "poll CQ failed %d (%s)\n", ne,
					rdmaapi_strerror(ne));
				return -1;
			}
		} while (!o->use_event && ne < 1);
		for (i = 0; i < ne; i++)
			if (pp_handle_wc(ctx, &c, &wc[i])) {
				fprintf(stderr, "parse WC failed %d\n", ne);
				return -1;
			}
	}
	return 0;
}

/* -c: the client marks the first byte of each page, as ibv_rc_pingpong. */
static void pp_mark_pages(struct pp_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->size; i += ctx->page_size)
		ctx->buf[i] = 0;
}

/* -c: every byte must be what the client's buffer held; 0 if so. */
static int pp_check_pages(struct pp_ctx *ctx)
{
	unsigned int i, page, bad = 0;
	unsigned char want;

	for (i = 0; i < ctx->size; i++) {
		want = i % ctx->page_size ? PP_FILL : 0;
		if (ctx->buf[i] == want)
			continue;
		page = i / ctx->page_size;
		printf("invalid data in page %u\n", page);
		bad++;
		/* One line per page. */
		i = (page + 1) * ctx->page_size - 1;
	}
	return bad ? -1 : 0;
}

static int parse_opts(int argc, char *argv[], struct pp_opts *o)
{
	static const struct option long_options[] = {
		{ .name = "port",     .has_arg = 1, .val = 'p' },
		{ .name = "ib-dev",   .has_arg = 1, .val = 'd' },
		{ .name = "ib-port",  .has_arg = 1, .val = 'i' },
		{ .name = "size",     .has_arg = 1, .val = 's' },
		{ .name = "mtu",      .has_arg = 1, .val = 'm' },
		{ .name = "rx-depth", .has_arg = 1, .val = 'r' },
		{ .name = "iters",    .has_arg = 1, .val = 'n' },
		{ .name = "sl",       .has_arg = 1, .val = 'l' },
		{ .name = "events",   .has_arg = 0, .val = 'e' },
		{ .name = "gid-idx",  .has_arg = 1, .val = 'g' },
		{ .name = "chk",      .has_arg = 0, .val = 'c' },
		{ .name = "odp",      .has_arg = 0, .val = 'o' },
		{}
	};
	int c;

	while ((c = getopt_long(argc, argv, "p:d:i:s:m:r:n:l:eg:co",
				long_options, NULL)) != -1) {
		switch (c) {
		case 'p':
			o->port = strtoul(optarg, NULL, 0);
			if (o->port > 65535)
				goto usage;
			break;
		case 'd':
			o->ib_devname = optarg;
			break;
		case 'i':
			o->ib_port = strtol(optarg, NULL, 0);
			if (o->ib_port < 1 || o->ib_port > 255)
				goto usage;
			break;
		case 's':
			o->size = strtoul(optarg, NULL, 0);
			break;
		case 'm':
			o->mtu = mtu_from_bytes(strtol(optarg, NULL, 0));
			if (!o->mtu)
				goto usage;
			break;
		case 'r':
			o->rx_depth = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			o->iters = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			o->sl = strtol(optarg, NULL, 0);
			break;
		case 'e':
			o->use_event = 1;
			break;
		case 'g':
			o->gidx = strtol(optarg, NULL, 0);
			break;
		case 'c':
			o->validate = 1;
			break;
		case 'o':
			fprintf(stderr, "On demand paging is not supported by librdmaapi\n");
			return -1;
		default:
			goto usage;
		}
	}
	if (optind == argc - 1)
		o->servername = argv[optind];
	else if (optind < argc)
		goto usage;
	if (!o->rx_depth || !o->iters) {
		fprintf(stderr, "rx depth and iterations must be positive\n");
		return -1;
	}
	return 0;
usage:
	usage(argv[0]);
	return -1;
}

static void print_rates(const struct pp_opts *o, const struct timeval *start,
			const struct timeval *end)
{
	double usec = (end->tv_sec - start->tv_sec) * 1000000.0 +
		      (end->tv_usec - start->tv_usec);
	long long bytes = (long long)o->size * o->iters * 2;

	printf("%lld bytes in %.2f seconds = %.2f Mbit/sec\n", bytes,
	       usec / 1000000., bytes * 8. / usec);
	printf("%u iters in %.2f seconds = %.2f usec/iter\n", o->iters,
	       usec / 1000000., usec / o->iters);
}

int main(int argc, char *argv[])
{
	struct pp_opts o = {
		.port = 18515,
		.ib_port = 1,
		.size = 4096,
		.mtu = RDMAAPI_MTU_1024,
		.rx_depth = 500,
		.iters = 1000,
		.gidx = -1,
	};
	struct rdmaapi_port_attr portinfo;
	struct rdmaapi_device **list, *dev;
	struct pp_dest my = {}, rem = {};
	struct timeval start, end;
	unsigned int num_cq_events = 0;
	struct pp_ctx ctx = {};
	int ret, status = 1;

	if (parse_opts(argc, argv, &o))
		return 1;
	/* Lines reach a log even if a test harness kills a hung run. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	srand48(getpid() * time(NULL));

	list = rdmaapi_get_device_list(NULL);
	if (!list) {
		fprintf(stderr, "Failed to get RDMA API devices list: %s\n",
			rdmaapi_strerror(errno));
		return 1;
	}
	dev = find_device(list, o.ib_devname);
	if (!dev) {
		if (o.ib_devname)
			fprintf(stderr, "IB device %s not found\n", o.ib_devname);
		else
			fprintf(stderr, "No IB devices found\n");
		goto out_list;
	}
	if (pp_init_ctx(&ctx, dev, &o))
		goto out_ctx;
	ctx.pending = 0;

	if (pp_post_recv(&ctx, ctx.rx_depth) < ctx.rx_depth) {
		fprintf(stderr, "Couldn't post receive\n");
		goto out_ctx;
	}
	if (o.use_event && (ret = rdmaapi_req_notify_cq(ctx.cq, 0))) {
		fprintf(stderr, "Couldn't request CQ notification: %s\n",
			rdmaapi_strerror(ret));
		goto out_ctx;
	}
	ret = rdmaapi_query_port(ctx.context, o.ib_port, &portinfo);
	if (ret) {
		fprintf(stderr, "Couldn't get port info: %s\n",
			rdmaapi_strerror(ret));
		goto out_ctx;
	}
	my.lid = portinfo.lid;
	if (portinfo.link_layer != RDMAAPI_LINK_LAYER_ETHERNET && !my.lid) {
		fprintf(stderr, "Couldn't get local LID\n");
		goto out_ctx;
	}
	if (o.gidx >= 0 &&
	    (ret = rdmaapi_query_gid(ctx.context, o.ib_port, o.gidx, &my.gid,
				     NULL))) {
		fprintf(stderr, "can't read sgid of index %d: %s\n", o.gidx,
			rdmaapi_strerror(ret));
		goto out_ctx;
	}
	my.qpn = ctx.qp->qp_num;
	my.psn = lrand48() & 0xffffff;
	print_dest("local address: ", &my);

	if (o.servername)
		ret = client_exch_dest(&o, &my, &rem);
	else
		ret = server_exch_dest(&ctx, &o, &my, &rem);
	if (ret)
		goto out_ctx;
	print_dest("remote address:", &rem);
	if (o.servername && pp_connect_qp(&ctx, &o, my.psn, &rem))
		goto out_ctx;

	ctx.pending = PP_RECV_WRID;
	if (o.servername) {
		if (o.validate)
			pp_mark_pages(&ctx);
		ret = pp_post_send(&ctx);
		if (ret) {
			fprintf(stderr, "Couldn't post send: %s\n",
				rdmaapi_strerror(ret));
			goto out_ctx;
		}
		ctx.pending |= PP_SEND_WRID;
	}

	gettimeofday(&start, NULL);
	if (pp_run(&ctx, &o, &num_cq_events))
		goto out_ack;
	gettimeofday(&end, NULL);
	print_rates(&o, &start, &end);
	status = 0;
	if (o.validate && pp_check_pages(&ctx))
		status = 1;

out_ack:
	if (num_cq_events)
		rdmaapi_ack_cq_events(ctx.cq, num_cq_events);
out_ctx:
	pp_close_ctx(&ctx);
out_list:
	rdmaapi_free_device_list(list);
	return status;
}
