// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * rdmaapi-rping - rdma-core's rping over librdmaapi: the connection through
 * the remoted RDMA connection manager, then rping's ping loop, so that it
 * interoperates with the stock rping (rdmacm-utils) in either role.
 *
 * Each ping: the client sends the address, rkey and size of its source
 * buffer (struct rping_info, network byte order); the server RDMA READs
 * it and sends a go-ahead; the client sends its sink buffer; the server
 * RDMA WRITEs what it read into it and sends a go-ahead; the client
 * compares (-V). One thread: poll(2) on the completion channel and the CM
 * event channel (-B: CM events in a blocking rdmaapi_get_cm_event()).
 *
 * A removed device (ENODEV from any call, or RDMA_CM_EVENT_DEVICE_REMOVAL)
 * ends the program with "device removed" on stderr and exit status 2.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rdmaapi/rdmaapi.h>

/* rping's advertisement of a buffer. */
struct rping_info {
	uint64_t buf;	/* big endian */
	uint32_t rkey;	/* big endian */
	uint32_t size;	/* big endian */
};

#define PING_FMT	"rdma-ping-%d: "
#define SQ_DEPTH	16
#define MIN_SIZE	((int)(sizeof("2147483647") + sizeof(PING_FMT)))
#define MAX_SIZE	(64 * 1024 - 1)
/* No progress for this long is an error (VMs under load are slow). */
#define WAIT_MS		120000

struct rping {
	int server;
	int verbose;
	int validate;
	int count;
	int size;
	int block;
	int timeout_ms;
	struct sockaddr_storage addr;
	struct sockaddr_storage src;
	const char *devname;

	struct rdmaapi_context *ctx;
	struct rdmaapi_pd *pd;
	struct rdmaapi_comp_channel *cchan;
	struct rdmaapi_cq *cq;
	struct rdmaapi_event_channel *echan;
	struct rdmaapi_cm_id *listen;
	struct rdmaapi_cm_id *id;	/* the connection */
	int disconnected;

	struct rping_info recv_buf;
	struct rping_info send_buf;
	char *rdma_buf;
	char *start_buf;
	struct rdmaapi_mr *recv_mr, *send_mr, *rdma_mr, *start_mr;
	struct rping_info peer;		/* host byte order */
};

static int debug;

static void dbg(const char *fmt, ...)
{
	va_list ap;

	if (!debug)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "rdmaapi-rping: %s: %s\n", what, strerror(-err));
	return err;
}

/* The device went away (exit status 2). */
static int removed;

/*
 * For calls on objects that exist, where ENODEV can only mean that the
 * device is gone (binding or resolving an address without an RDMA device
 * fails with ENODEV too).
 */
static int fail_dev(const char *what, int err)
{
	if (err != -ENODEV)
		return fail(what, err);
	fprintf(stderr, "rdmaapi-rping: %s: device removed\n", what);
	removed = 1;
	return err;
}

/* rdmaapi_get_cm_event(), blocking in it with -B. */
static int get_cm_event(struct rping *r, struct rdmaapi_cm_event **ev)
{
	int ret;

	if (!r->block)
		return rdmaapi_get_cm_event(r->echan, ev);
	if (fcntl(r->echan->fd, F_SETFL, 0))
		return -errno;
	ret = rdmaapi_get_cm_event(r->echan, ev);
	if (fcntl(r->echan->fd, F_SETFL, O_NONBLOCK) && !ret) {
		ret = -errno;
		rdmaapi_ack_cm_event(*ev);
	}
	return ret;
}

/* The next CM event, which must be @want (for the connection if @conn). */
static int wait_cm(struct rping *r, enum rdmaapi_cm_event_type want,
		   struct rdmaapi_cm_id **child)
{
	struct pollfd pfd = { .fd = r->echan->fd, .events = POLLIN };
	struct rdmaapi_cm_event *ev;
	int ret;

	/*
	 * The channel is non-blocking: POLLIN only says an event may wait
	 * (one fetched already may have announced itself late).
	 */
	while ((ret = get_cm_event(r, &ev)) == -EAGAIN) {
		ret = poll(&pfd, 1, WAIT_MS);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret <= 0) {
			fprintf(stderr, "rdmaapi-rping: no %s in %d s\n",
				rdmaapi_event_str(want), WAIT_MS / 1000);
			return -ETIMEDOUT;
		}
	}
	if (ret)
		return fail_dev("rdmaapi_get_cm_event", ret);
	dbg("cma_event type %s status %d\n", rdmaapi_event_str(ev->event),
	    ev->status);
	if (ev->event == RDMAAPI_CM_EVENT_DEVICE_REMOVAL) {
		rdmaapi_ack_cm_event(ev);
		return fail_dev("RDMA_CM_EVENT_DEVICE_REMOVAL", -ENODEV);
	}
	if (ev->event != want) {
		fprintf(stderr, "rdmaapi-rping: cma event %s, error %d (waiting for %s)\n",
			rdmaapi_event_str(ev->event), ev->status,
			rdmaapi_event_str(want));
		if (ev->event == RDMAAPI_CM_EVENT_DISCONNECTED)
			r->disconnected = 1;
		rdmaapi_ack_cm_event(ev);
		return -EPROTO;
	}
	if (child)
		*child = ev->id;
	rdmaapi_ack_cm_event(ev);
	return 0;
}

/*
 * The next successful completion. A DISCONNECTED event while none is
 * ready ends the wait with -ECONNRESET.
 */
static int next_wc(struct rping *r, struct rdmaapi_wc *wc)
{
	struct pollfd pfd[2] = {
		{ .fd = r->cchan->fd, .events = POLLIN },
		{ .fd = r->echan->fd, .events = POLLIN },
	};
	struct rdmaapi_cm_event *ev;
	struct rdmaapi_cq *cq;
	void *cq_ctx;
	int n, ret;

	for (;;) {
		n = rdmaapi_poll_cq(r->cq, 1, wc);
		if (n < 0)
			return fail_dev("rdmaapi_poll_cq", n);
		if (n) {
			if (wc->status == RDMAAPI_WC_SUCCESS)
				return 0;
			if (wc->status == RDMAAPI_WC_WR_FLUSH_ERR)
				continue;
			fprintf(stderr, "rdmaapi-rping: cq completion failed status %d (%s)\n",
				wc->status, rdmaapi_wc_status_str(wc->status));
			return -EIO;
		}
		if (r->disconnected)
			return -ECONNRESET;
		ret = rdmaapi_req_notify_cq(r->cq, 0);
		if (ret)
			return fail_dev("rdmaapi_req_notify_cq", ret);
		n = rdmaapi_poll_cq(r->cq, 1, wc);
		if (n < 0)
			return fail_dev("rdmaapi_poll_cq", n);
		if (n) {
			if (wc->status == RDMAAPI_WC_SUCCESS)
				return 0;
			if (wc->status == RDMAAPI_WC_WR_FLUSH_ERR)
				continue;
			fprintf(stderr, "rdmaapi-rping: cq completion failed status %d (%s)\n",
				wc->status, rdmaapi_wc_status_str(wc->status));
			return -EIO;
		}
		n = poll(pfd, 2, WAIT_MS);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "rdmaapi-rping: no completion in %d s\n",
				WAIT_MS / 1000);
			return -ETIMEDOUT;
		}
		/* POLLERR: the device is gone, the read says so. */
		if (pfd[0].revents & (POLLIN | POLLERR)) {
			ret = rdmaapi_get_cq_event(r->cchan, &cq, &cq_ctx);
			if (ret)
				return fail_dev("rdmaapi_get_cq_event", ret);
			rdmaapi_ack_cq_events(cq, 1);
		}
		if (pfd[1].revents & (POLLIN | POLLERR)) {
			ret = rdmaapi_get_cm_event(r->echan, &ev);
			if (ret == -EAGAIN)
				continue;
			if (ret)
				return fail_dev("rdmaapi_get_cm_event", ret);
			dbg("cma_event type %s status %d\n",
			    rdmaapi_event_str(ev->event), ev->status);
			if (ev->event == RDMAAPI_CM_EVENT_DEVICE_REMOVAL) {
				rdmaapi_ack_cm_event(ev);
				return fail_dev("RDMA_CM_EVENT_DEVICE_REMOVAL", -ENODEV);
			}
			if (ev->event == RDMAAPI_CM_EVENT_DISCONNECTED)
				r->disconnected = 1;
			else
				fprintf(stderr, "rdmaapi-rping: unexpected event %s, ignoring\n",
					rdmaapi_event_str(ev->event));
			rdmaapi_ack_cm_event(ev);
		}
	}
}

/* Waits for a completion of @opcode; a receive is reposted. */
static int wait_op(struct rping *r, enum rdmaapi_wc_opcode opcode)
{
	struct rdmaapi_sge sge = {
		.addr = (uintptr_t)&r->recv_buf,
		.length = sizeof(r->recv_buf),
		.lkey = r->recv_mr->lkey,
	};
	struct rdmaapi_recv_wr wr = { .sg_list = &sge, .num_sge = 1 };
	struct rdmaapi_recv_wr *bad;
	struct rdmaapi_wc wc;
	int ret;

	for (;;) {
		ret = next_wc(r, &wc);
		if (ret)
			return ret;
		if (wc.opcode == RDMAAPI_WC_SEND)
			continue;
		if (wc.opcode != opcode) {
			fprintf(stderr, "rdmaapi-rping: completion opcode %d, expected %d\n",
				wc.opcode, opcode);
			return -EPROTO;
		}
		if (opcode != RDMAAPI_WC_RECV)
			return 0;
		if (wc.byte_len != sizeof(r->recv_buf)) {
			fprintf(stderr, "rdmaapi-rping: Received bogus data, size %u\n",
				wc.byte_len);
			return -EPROTO;
		}
		r->peer.buf = be64toh(r->recv_buf.buf);
		r->peer.rkey = be32toh(r->recv_buf.rkey);
		r->peer.size = be32toh(r->recv_buf.size);
		dbg("Received rkey %x addr %llx len %u from peer\n",
		    r->peer.rkey, (unsigned long long)r->peer.buf,
		    r->peer.size);
		ret = rdmaapi_post_recv(r->id->qp, &wr, &bad);
		return ret ? fail_dev("rdmaapi_post_recv", ret) : 0;
	}
}

static int post_recv(struct rping *r)
{
	struct rdmaapi_sge sge = {
		.addr = (uintptr_t)&r->recv_buf,
		.length = sizeof(r->recv_buf),
		.lkey = r->recv_mr->lkey,
	};
	struct rdmaapi_recv_wr wr = { .sg_list = &sge, .num_sge = 1 };
	struct rdmaapi_recv_wr *bad;

	return rdmaapi_post_recv(r->id->qp, &wr, &bad);
}

/* Send an advertisement of @buf (or of nothing: the server's go-ahead). */
static int send_info(struct rping *r, char *buf, struct rdmaapi_mr *mr)
{
	struct rdmaapi_sge sge = {
		.addr = (uintptr_t)&r->send_buf,
		.length = sizeof(r->send_buf),
		.lkey = r->send_mr->lkey,
	};
	struct rdmaapi_send_wr wr = {
		.sg_list = &sge,
		.num_sge = 1,
		.opcode = RDMAAPI_WR_SEND,
		.send_flags = RDMAAPI_SEND_SIGNALED,
	};
	struct rdmaapi_send_wr *bad;

	if (buf) {
		r->send_buf.buf = htobe64((uintptr_t)buf);
		r->send_buf.rkey = htobe32(mr->rkey);
		r->send_buf.size = htobe32(r->size);
		dbg("RDMA addr %llx rkey %x len %d\n",
		    (unsigned long long)(uintptr_t)buf, mr->rkey, r->size);
	}
	return rdmaapi_post_send(r->id->qp, &wr, &bad);
}

static int rdma_op(struct rping *r, enum rdmaapi_wr_opcode op, uint32_t len)
{
	struct rdmaapi_sge sge = {
		.addr = (uintptr_t)r->rdma_buf,
		.length = len,
		.lkey = r->rdma_mr->lkey,
	};
	struct rdmaapi_send_wr wr = {
		.sg_list = &sge,
		.num_sge = 1,
		.opcode = op,
		.send_flags = RDMAAPI_SEND_SIGNALED,
	};
	struct rdmaapi_send_wr *bad;

	wr.wr.rdma.remote_addr = r->peer.buf;
	wr.wr.rdma.rkey = r->peer.rkey;
	return rdmaapi_post_send(r->id->qp, &wr, &bad);
}

/* rping's ping text: the header, then letters cycling from @start. */
static void fill_ping(char *buf, int size, int ping, int start)
{
	int i, cc = snprintf(buf, size, PING_FMT, ping);
	unsigned char c = start;

	for (i = cc; i < size; i++) {
		buf[i] = c;
		if (++c > 122)
			c = 65;
	}
	buf[size - 1] = 0;
}

static int setup_qp(struct rping *r)
{
	struct rdmaapi_qp_init_attr attr = {
		.send_cq = r->cq,
		.recv_cq = r->cq,
		.cap = {
			.max_send_wr = SQ_DEPTH,
			.max_recv_wr = 2,
			.max_send_sge = 1,
			.max_recv_sge = 1,
		},
		.qp_type = RDMAAPI_QPT_RC,
	};
	int access = RDMAAPI_ACCESS_LOCAL_WRITE | RDMAAPI_ACCESS_REMOTE_READ |
		     RDMAAPI_ACCESS_REMOTE_WRITE;
	int ret;

	ret = rdmaapi_cm_create_qp(r->id, r->pd, &attr);
	if (ret)
		return fail("rdmaapi_cm_create_qp", ret);
	r->rdma_buf = calloc(1, r->size);
	r->start_buf = calloc(1, r->size);
	if (!r->rdma_buf || !r->start_buf)
		return fail("calloc", -ENOMEM);
	r->recv_mr = rdmaapi_reg_mr(r->pd, &r->recv_buf, sizeof(r->recv_buf),
				    RDMAAPI_ACCESS_LOCAL_WRITE);
	r->send_mr = rdmaapi_reg_mr(r->pd, &r->send_buf, sizeof(r->send_buf),
				    0);
	r->rdma_mr = rdmaapi_reg_mr(r->pd, r->rdma_buf, r->size, access);
	if (!r->server)
		r->start_mr = rdmaapi_reg_mr(r->pd, r->start_buf, r->size,
					     access);
	if (!r->recv_mr || !r->send_mr || !r->rdma_mr ||
	    (!r->server && !r->start_mr))
		return fail("rdmaapi_reg_mr", -errno);
	ret = post_recv(r);
	return ret ? fail("rdmaapi_post_recv", ret) : 0;
}

static void conn_param(struct rdmaapi_conn_param *p)
{
	memset(p, 0, sizeof(*p));
	p->responder_resources = 1;
	p->initiator_depth = 1;
	p->retry_count = 7;
	p->rnr_retry_count = 7;
}

static int run_client(struct rping *r)
{
	struct rdmaapi_conn_param param;
	int ping, start = 65, ret;

	ret = rdmaapi_create_id(r->echan, &r->id, r, RDMAAPI_PS_TCP);
	if (ret)
		return fail("rdmaapi_create_id", ret);
	ret = rdmaapi_resolve_addr(r->id, r->src.ss_family ?
				   (struct sockaddr *)&r->src : NULL,
				   (struct sockaddr *)&r->addr, r->timeout_ms);
	if (ret)
		return fail("rdmaapi_resolve_addr", ret);
	ret = wait_cm(r, RDMAAPI_CM_EVENT_ADDR_RESOLVED, NULL);
	if (ret)
		return ret;
	ret = rdmaapi_resolve_route(r->id, r->timeout_ms);
	if (ret)
		return fail("rdmaapi_resolve_route", ret);
	ret = wait_cm(r, RDMAAPI_CM_EVENT_ROUTE_RESOLVED, NULL);
	if (ret)
		return ret;
	ret = setup_qp(r);
	if (ret)
		return ret;
	conn_param(&param);
	ret = rdmaapi_connect(r->id, &param);
	if (ret)
		return fail("rdmaapi_connect", ret);
	ret = wait_cm(r, RDMAAPI_CM_EVENT_ESTABLISHED, NULL);
	if (ret)
		return ret;
	dbg("rdma_connect successful\n");

	for (ping = 0; !r->count || ping < r->count; ping++) {
		fill_ping(r->start_buf, r->size, ping, start);
		if (++start > 122)
			start = 65;
		ret = send_info(r, r->start_buf, r->start_mr);
		if (ret)
			return fail_dev("rdmaapi_post_send", ret);
		/* The server read the source buffer. */
		ret = wait_op(r, RDMAAPI_WC_RECV);
		if (ret)
			return ret;
		ret = send_info(r, r->rdma_buf, r->rdma_mr);
		if (ret)
			return fail_dev("rdmaapi_post_send", ret);
		/* The server wrote the sink buffer. */
		ret = wait_op(r, RDMAAPI_WC_RECV);
		if (ret)
			return ret;
		if (r->validate && memcmp(r->start_buf, r->rdma_buf, r->size)) {
			fprintf(stderr, "data mismatch!\n");
			return -EILSEQ;
		}
		if (r->verbose)
			printf("ping data: %s\n", r->rdma_buf);
		memset(r->rdma_buf, 0, r->size);
	}
	fflush(stdout);
	return 0;
}

/*
 * Checks the source data of ping @ping as the client wrote it (-V): the
 * stock client's pattern, so a server-side check of the host's data.
 */
static int check_ping(struct rping *r, int ping)
{
	int start = 65 + ping % 58;

	fill_ping(r->start_buf, r->size, ping, start);
	if (r->peer.size != (uint32_t)r->size ||
	    memcmp(r->start_buf, r->rdma_buf, r->size)) {
		fprintf(stderr, "data mismatch! (ping %d, size %u)\n", ping,
			r->peer.size);
		return -EILSEQ;
	}
	return 0;
}

static int run_server(struct rping *r)
{
	struct rdmaapi_conn_param param;
	int ping, ret;

	ret = rdmaapi_create_id(r->echan, &r->listen, r, RDMAAPI_PS_TCP);
	if (ret)
		return fail("rdmaapi_create_id", ret);
	ret = rdmaapi_bind_addr(r->listen, (struct sockaddr *)&r->addr);
	if (ret)
		return fail("rdmaapi_bind_addr", ret);
	ret = rdmaapi_listen(r->listen, 3);
	if (ret)
		return fail("rdmaapi_listen", ret);
	printf("rdmaapi-rping: listening\n");
	fflush(stdout);
	ret = wait_cm(r, RDMAAPI_CM_EVENT_CONNECT_REQUEST, &r->id);
	if (ret)
		return ret;
	ret = setup_qp(r);
	if (ret)
		return ret;
	conn_param(&param);
	ret = rdmaapi_accept(r->id, &param);
	if (ret)
		return fail("rdmaapi_accept", ret);
	ret = wait_cm(r, RDMAAPI_CM_EVENT_ESTABLISHED, NULL);
	if (ret)
		return ret;

	/* As the stock server: until the client disconnects (-C unused). */
	for (ping = 0;; ping++) {
		/* The client's source buffer, or its disconnection. */
		ret = wait_op(r, RDMAAPI_WC_RECV);
		if (ret == -ECONNRESET)
			break;
		if (ret)
			return ret;
		if (r->peer.size > (uint32_t)r->size) {
			fprintf(stderr, "rdmaapi-rping: client buffer %u > -S %d\n",
				r->peer.size, r->size);
			return -EMSGSIZE;
		}
		ret = rdma_op(r, RDMAAPI_WR_RDMA_READ, r->peer.size);
		if (ret)
			return fail_dev("rdmaapi_post_send", ret);
		ret = wait_op(r, RDMAAPI_WC_RDMA_READ);
		if (ret)
			return ret;
		if (r->verbose)
			printf("server ping data: %s\n", r->rdma_buf);
		if (r->validate) {
			ret = check_ping(r, ping);
			if (ret)
				return ret;
		}
		ret = send_info(r, NULL, NULL);
		if (ret)
			return fail_dev("rdmaapi_post_send", ret);
		ret = wait_op(r, RDMAAPI_WC_RECV);
		if (ret)
			return ret;
		ret = rdma_op(r, RDMAAPI_WR_RDMA_WRITE,
			      strnlen(r->rdma_buf, r->size - 1) + 1);
		if (ret)
			return fail_dev("rdmaapi_post_send", ret);
		ret = wait_op(r, RDMAAPI_WC_RDMA_WRITE);
		if (ret)
			return ret;
		ret = send_info(r, NULL, NULL);
		if (ret)
			return fail_dev("rdmaapi_post_send", ret);
	}
	printf("rdmaapi-rping: served %d pings\n", ping);
	fflush(stdout);
	return 0;
}

/* Ends the connection and waits (briefly) for the peer to see it. */
static void disconnect(struct rping *r)
{
	struct pollfd pfd = { .fd = r->echan->fd, .events = POLLIN };
	struct rdmaapi_cm_event *ev;
	int ret;

	if (!r->id || !r->id->qp || rdmaapi_disconnect(r->id))
		return;
	while (!r->disconnected && poll(&pfd, 1, 5000) > 0) {
		ret = rdmaapi_get_cm_event(r->echan, &ev);
		if (ret == -EAGAIN)
			continue;
		if (ret)
			break;
		dbg("cma_event type %s status %d\n",
		    rdmaapi_event_str(ev->event), ev->status);
		if (ev->event == RDMAAPI_CM_EVENT_DISCONNECTED)
			r->disconnected = 1;
		rdmaapi_ack_cm_event(ev);
	}
}

/* The identifiers go first: a QP is bound to its identifier until then. */
static void cleanup(struct rping *r)
{
	struct rdmaapi_qp *qp = r->id ? r->id->qp : NULL;

	if (r->id)
		rdmaapi_destroy_id(r->id);
	if (r->listen)
		rdmaapi_destroy_id(r->listen);
	if (qp)
		rdmaapi_destroy_qp(qp);
	if (r->recv_mr)
		rdmaapi_dereg_mr(r->recv_mr);
	if (r->send_mr)
		rdmaapi_dereg_mr(r->send_mr);
	if (r->rdma_mr)
		rdmaapi_dereg_mr(r->rdma_mr);
	if (r->start_mr)
		rdmaapi_dereg_mr(r->start_mr);
	if (r->echan)
		rdmaapi_destroy_event_channel(r->echan);
	if (r->cq)
		rdmaapi_destroy_cq(r->cq);
	if (r->cchan)
		rdmaapi_destroy_comp_channel(r->cchan);
	if (r->pd)
		rdmaapi_dealloc_pd(r->pd);
	if (r->ctx)
		rdmaapi_close_device(r->ctx);
	free(r->rdma_buf);
	free(r->start_buf);
}

static int open_dev(struct rping *r)
{
	struct rdmaapi_device **list;
	int i, n, ret;

	list = rdmaapi_get_device_list(&n);
	if (!list)
		return fail("rdmaapi_get_device_list", -errno);
	for (i = 0; i < n; i++)
		if (!r->devname ||
		    !strcmp(rdmaapi_get_device_name(list[i]), r->devname))
			break;
	if (i == n) {
		rdmaapi_free_device_list(list);
		fprintf(stderr, "rdmaapi-rping: no device %s\n",
			r->devname ? r->devname : "");
		return -ENODEV;
	}
	r->ctx = rdmaapi_open_device(list[i]);
	rdmaapi_free_device_list(list);
	if (!r->ctx)
		return fail("rdmaapi_open_device", -errno);
	r->pd = rdmaapi_alloc_pd(r->ctx);
	if (!r->pd)
		return fail("rdmaapi_alloc_pd", -errno);
	r->cchan = rdmaapi_create_comp_channel(r->ctx);
	if (!r->cchan)
		return fail("rdmaapi_create_comp_channel", -errno);
	r->cq = rdmaapi_create_cq(r->ctx, SQ_DEPTH * 2, r, r->cchan, 0);
	if (!r->cq)
		return fail("rdmaapi_create_cq", -errno);
	ret = rdmaapi_req_notify_cq(r->cq, 0);
	if (ret)
		return fail("rdmaapi_req_notify_cq", ret);
	r->echan = rdmaapi_create_event_channel(r->ctx);
	if (!r->echan)
		return fail("rdmaapi_create_event_channel", -errno);
	if (fcntl(r->echan->fd, F_SETFL, O_NONBLOCK))
		return fail("fcntl", -errno);
	return 0;
}

static int get_addr(const char *s, struct sockaddr_storage *ss)
{
	struct addrinfo *res;
	int ret = getaddrinfo(s, NULL, NULL, &res);

	if (ret) {
		fprintf(stderr, "getaddrinfo failed (%s) - invalid hostname or IP address\n",
			gai_strerror(ret));
		return -EINVAL;
	}
	if (res->ai_family != AF_INET && res->ai_family != AF_INET6) {
		freeaddrinfo(res);
		return -EAFNOSUPPORT;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
}

static void usage(void)
{
	printf("rdmaapi-rping -s [-vVdB] [-S size] [-C count] -a addr [-p port] [-D dev]\n");
	printf("rdmaapi-rping -c [-vVdB] [-S size] [-C count] [-I addr] [-t ms] -a addr [-p port] [-D dev]\n");
	printf("\t-c\t\tclient side\n");
	printf("\t-s\t\tserver side (the address must be one of the host's on the device)\n");
	printf("\t-I addr\t\tsource address of the client\n");
	printf("\t-v\t\tdisplay ping data to stdout\n");
	printf("\t-V\t\tvalidate ping data (server: the stock client's pattern)\n");
	printf("\t-d\t\tdebug printfs\n");
	printf("\t-S size\t\tping data size (%d..%d, default 64)\n",
	       MIN_SIZE, MAX_SIZE);
	printf("\t-C count\tping count times (server: serve until the client disconnects)\n");
	printf("\t-a addr\t\taddress\n");
	printf("\t-p port\t\tport (default 7174)\n");
	printf("\t-D dev\t\trdmaapiN device (default: the first)\n");
	printf("\t-t ms\t\taddress and route resolution timeout (default 2000)\n");
	printf("\t-B\t\twait for CM events blocked in rdmaapi_get_cm_event, not in poll\n");
	printf("A removed device: \"device removed\" on stderr, exit status 2\n");
}

int main(int argc, char *argv[])
{
	struct rping r = { .server = -1, .size = 64, .timeout_ms = 2000 };
	int port = 7174, op, ret = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((op = getopt(argc, argv, "a:I:p:C:S:D:t:scvVdBh")) != -1) {
		switch (op) {
		case 'a':
			ret = get_addr(optarg, &r.addr);
			break;
		case 'I':
			ret = get_addr(optarg, &r.src);
			break;
		case 'p':
			port = atoi(optarg);
			break;
		case 's':
			r.server = 1;
			break;
		case 'c':
			r.server = 0;
			break;
		case 'S':
			r.size = atoi(optarg);
			if (r.size < MIN_SIZE || r.size > MAX_SIZE) {
				fprintf(stderr, "Invalid size %d (valid range is %d to %d)\n",
					r.size, MIN_SIZE, MAX_SIZE);
				ret = -EINVAL;
			}
			break;
		case 'C':
			r.count = atoi(optarg);
			if (r.count < 0)
				ret = -EINVAL;
			break;
		case 'v':
			r.verbose++;
			break;
		case 'V':
			r.validate++;
			break;
		case 'd':
			debug++;
			break;
		case 'D':
			r.devname = optarg;
			break;
		case 't':
			r.timeout_ms = atoi(optarg);
			if (r.timeout_ms <= 0)
				ret = -EINVAL;
			break;
		case 'B':
			r.block = 1;
			break;
		default:
			usage();
			return 1;
		}
		if (ret)
			return 1;
	}
	if (r.server < 0 || !r.addr.ss_family || port <= 0 || port > 65535) {
		usage();
		return 1;
	}
	if (r.addr.ss_family == AF_INET)
		((struct sockaddr_in *)&r.addr)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&r.addr)->sin6_port = htons(port);

	ret = open_dev(&r);
	if (!ret)
		ret = r.server ? run_server(&r) : run_client(&r);
	if (ret)
		fprintf(stderr, "rping %s failed: %d\n",
			r.server ? "server" : "client", ret);
	if (!removed)
		disconnect(&r);
	cleanup(&r);
	return removed ? 2 : ret ? 1 : 0;
}
