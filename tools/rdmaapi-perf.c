// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * rdmaapi-perf - perftest-style bandwidth and latency tests over
 * librdmaapi, whose peer is the stock perftest tool (ib_write_bw,
 * ib_read_bw, ib_send_bw, ib_write_lat, ib_send_lat) running natively on
 * the host; plus a registration-latency mode with no peer (--reg-mr) and
 * a QP-setup-latency mode with no peer (--qp-setup).
 *
 * The out-of-band exchange is perftest's (as Debian bookworm's perftest
 * 4.5-0.17, protocol version "6.06", speaks it), reimplemented here from
 * its description and from captures of stock client <-> stock server
 * conversations. Every message is one write(); the side that connected
 * (the client) always writes first, the server reads first:
 *
 *   1. version: 16 bytes, the NUL-padded string "6.06";
 *   2. system data: the cycle buffer (the page size) then the cache line
 *      size, 4 bytes each, big endian; both sides keep the larger values;
 *   3. MTU: 2 bytes, the decimal ibv_mtu enum value and a NUL ("3"); both
 *      keep the smaller;
 *   4. the QP message, "LID:OUT_READS:QPN:PSN:RKEY:VADDR:" in hex of 4, 4,
 *      6, 6, 8 and 16 digits, then with a GID index its 16 bytes as
 *      "xx:" each and "SRQN:" (8 digits; 108 bytes with the NUL), without
 *      one just the SRQN without a colon (59 bytes); exchanged once for its content and
 *      then again, unchanged, as a barrier ("handshake"): 3 times before
 *      RDMA WRITE/READ bandwidth runs, 4 before SEND bandwidth and the
 *      latency runs (the last one saying that receives are posted), and
 *      for ib_send_bw -a around every size (before and after);
 *   5. after a WRITE/READ bandwidth run: one handshake, then the client's
 *      results (size and iterations as 8-byte big-endian integers, BW
 *      peak, BW average and message rate as big-endian IEEE doubles); the
 *      server sends as many bytes back (the stock server sends garbage) and
 *      prints the client's numbers;
 *   6. closing: one handshake, then the server writes "done" (5 bytes, NUL
 *      included) and closes, the client reads it and answers "done";
 *      ib_write_lat closes the socket without any of this.
 *
 * The data path follows perftest too: bandwidth runs keep up to the TX
 * depth work requests outstanding, post one work request per call,
 * signal every CQ-moderation-th one, and record post and completion times
 * (clock_gettime) from which the peak and average are computed like
 * perftest's; latency runs ping-pong: in write_lat the server writes
 * first, each side spinning on the last byte of its receive area for the
 * counter (mod 256) the other side wrote; in send_lat the client sends
 * first. Latency is half the round trip between successive posts.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netdb.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <rdmaapi/rdmaapi.h>

#define PERF_VERSION		"6.06"	/* the perftest protocol spoken */
#define VERSION_LEN		16
#define KEY_MSG_LEN		59	/* QP message without GID, NUL included */
#define KEY_MSG_LEN_GID		108	/* QP message with GID, NUL included */
#define DONE_MSG		"done"
#define DEF_PORT		18515
#define MAX_SIZE_POW		23	/* -a: 2 .. 2^23 bytes */
#define LAT_MEASURE_TAIL	2	/* perftest drops the 2 slowest */
#define MB			0x100000

enum test {
	T_NONE,
	T_WRITE_BW,
	T_READ_BW,
	T_SEND_BW,
	T_WRITE_LAT,
	T_SEND_LAT,
	T_REG_MR,
	T_QP_SETUP,
};

static const struct {
	const char *name;
	const char *title;
} tests[] = {
	[T_WRITE_BW]  = { "write_bw",  "RDMA_Write BW Test" },
	[T_READ_BW]   = { "read_bw",   "RDMA_Read BW Test" },
	[T_SEND_BW]   = { "send_bw",   "Send BW Test" },
	[T_WRITE_LAT] = { "write_lat", "RDMA_Write Latency Test" },
	[T_SEND_LAT]  = { "send_lat",  "Send Latency Test" },
	[T_REG_MR]    = { "reg_mr",    "Memory registration latency" },
	[T_QP_SETUP]  = { "qp_setup",  "QP setup latency" },
};

struct opts {
	enum test test;
	const char *servername;
	const char *devname;
	unsigned int port;
	int ib_port;
	int gidx;
	uint64_t size;
	int size_set;
	int all;
	uint64_t iters;
	int iters_set;
	unsigned int tx_depth;
	unsigned int rx_depth;
	unsigned int cq_mod;
	unsigned int inline_size;
	enum rdmaapi_mtu mtu;		/* 0: the port's active MTU */
	uint64_t reg_max;		/* --reg-mr: largest size */
};

/* A QP's address, as perftest's struct pingpong_dest carries it. */
struct dest {
	unsigned int lid;
	unsigned int out_reads;
	unsigned int qpn;
	unsigned int psn;
	unsigned int rkey;
	unsigned long long vaddr;
	unsigned int srqn;
	union rdmaapi_gid gid;
};

struct ctx {
	struct rdmaapi_context *context;
	struct rdmaapi_pd *pd;
	struct rdmaapi_mr *mr;
	struct rdmaapi_cq *send_cq;
	struct rdmaapi_cq *recv_cq;
	struct rdmaapi_qp *qp;
	unsigned char *buf;		/* send half, then receive half */
	size_t buf_len;
	size_t half;			/* perftest's BUFF_SIZE */
	int sock;
	int server;
	enum rdmaapi_mtu mtu;
	int link_eth;
	unsigned int out_reads;
	unsigned int cycle_buffer;
	unsigned int cache_line;
	unsigned int rx_posted;		/* send tests: receives outstanding */
	struct dest my, rem;
	uint64_t *tposted;
	uint64_t *tcompleted;
};

struct bw_report {
	uint64_t size;
	uint64_t iters;
	double bw_peak;
	double bw_avg;
	double msg_rate;
};

static const char *argv0 = "rdmaapi-perf";

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int is_bw(enum test t)
{
	return t == T_WRITE_BW || t == T_READ_BW || t == T_SEND_BW;
}

static int is_send(enum test t)
{
	return t == T_SEND_BW || t == T_SEND_LAT;
}

static void usage(FILE *f)
{
	fprintf(f,
"NAME\n"
"    rdmaapi-perf - perftest-compatible RDMA bandwidth and latency tests\n"
"    over librdmaapi (/dev/rdmaapiN), and memory registration latency\n"
"\n"
"SYNOPSIS\n"
"    rdmaapi-perf TEST [OPTIONS]            server: wait for a client\n"
"    rdmaapi-perf TEST [OPTIONS] HOST       client: connect to HOST\n"
"    rdmaapi-perf --reg-mr [-d DEV] [-n ITERS] [-s MAX_SIZE]\n"
"    rdmaapi-perf --qp-setup [-d DEV] [-x GID_INDEX] [-n ITERS]\n"
"\n"
"    TEST is one of write_bw, read_bw, send_bw, write_lat, send_lat.\n"
"\n"
"DESCRIPTION\n"
"    The peer is the stock perftest program of the same test, run natively\n"
"    on an RDMA device (ib_write_bw, ib_read_bw, ib_send_bw, ib_write_lat,\n"
"    ib_send_lat; Debian's perftest 4.5-0.17, protocol 6.06), or another\n"
"    rdmaapi-perf. Both ends exchange their QP addresses over TCP as\n"
"    perftest does (versions, page and cache line sizes, MTU, then the QP\n"
"    messages and synchronisation barriers), use RC QPs, and must agree on\n"
"    the test, -s or -a, -n and -x (the stock tool sends the GID only when\n"
"    it has a GID index, which on RoCE it always has).\n"
"\n"
"    Bandwidth tests (RDMA WRITE/READ after a TX depth of warm-up work\n"
"    requests, as perftest) post one work request per call with up to the TX\n"
"    depth outstanding, signal every CQ-moderation-th one and report, like\n"
"    perftest, the peak (best time per message over any run of completed\n"
"    messages) and the average (all messages over first post to last\n"
"    completion) in MB/sec (2^20 bytes) and the message rate in Mpps. The\n"
"    WRITE/READ server is passive and prints the client's results; the SEND\n"
"    server measures its receives.\n"
"\n"
"    Latency tests ping-pong one message at a time and report half the\n"
"    round trip between successive posts in usec: minimum, maximum,\n"
"    typical (median), average, standard deviation, 99%% and 99.9%%\n"
"    percentiles, after dropping the 2 slowest samples as perftest does.\n"
"    write_lat: each side spins on the last byte of its receive area for\n"
"    the counter the other side wrote (server first); send_lat: SEND and\n"
"    receive completions (client first).\n"
"\n"
"    --reg-mr needs no peer: for every power of two from 4 KiB up to\n"
"    MAX_SIZE (default 1 GiB, at most half of the available memory) it\n"
"    registers and deregisters an already touched buffer ITERS times\n"
"    (default 10, fewer for the large sizes so that each size stays below\n"
"    8 GiB registered) and prints usec per operation and seconds per GiB.\n"
"\n"
"    --qp-setup needs no peer either: ITERS times (default 100) it creates\n"
"    an RC QP (on one PD and CQ made beforehand), modifies it to INIT, to\n"
"    RTR (connected to itself, through GID -x on RoCE) and to RTS, and\n"
"    destroys it; it prints the average usec of each step, of the whole\n"
"    (total) and the median of the whole (total_typical).\n"
"\n"
"THE STOCK PEER\n"
"    Give it the same test, -s or -a, -n and -x; -q 1, RC, no -R, -b, -D;\n"
"    no --report_gbits on a WRITE/READ server (it prints the client's\n"
"    MB/sec). -F keeps it quiet about CPU frequency. -m need not match (the\n"
"    smaller MTU wins), nor -t, -r, -Q, -I.\n"
"\n"
"OPTIONS\n"
"    -d, --ib-dev=DEV        rdmaapi device, by node (rdmaapi0) or by the\n"
"                            host device's name (rxe0); default the first\n"
"    -i, --ib-port=PORT      port of the host RDMA device (default 1)\n"
"    -x, --gid-index=N       GID index; on RoCE the default is the best one\n"
"                            (IPv4-mapped, RoCE v2), as perftest chooses\n"
"    -s, --size=BYTES        message size (default 65536 for bandwidth,\n"
"                            2 for latency)\n"
"    -a, --all               every size 2 .. 2^23 (both ends must say -a)\n"
"    -n, --iters=N           iterations per size (default 5000 bandwidth,\n"
"                            1000 latency); latency needs at least 5\n"
"    -p, --port=PORT         TCP port of the exchange (default 18515)\n"
"    -t, --tx-depth=N        send queue depth for bandwidth (default 128,\n"
"                            at most N iterations)\n"
"    -r, --rx-depth=N        receives posted by send tests (default 512)\n"
"    -Q, --cq-mod=N          signal one work request in N (default 100, at\n"
"                            most the TX depth)\n"
"    -m, --mtu=BYTES         path MTU (default the port's active MTU; the\n"
"                            smaller of both ends is used)\n"
"    -I, --inline-size=N     send messages up to N bytes inline (default 0,\n"
"                            what the stock tools use on rxe)\n"
"    -F, --CPU-freq          accepted and ignored (time is clock_gettime's)\n"
"        --reg-mr            registration latency mode (no peer)\n"
"        --qp-setup          QP create/modify/destroy latency mode (no peer)\n"
"    -h, --help              this text\n"
"\n"
"OUTPUT\n"
"    A perftest-like header with the local and remote addresses, then one\n"
"    line per size under perftest's column titles:\n"
"     #bytes #iterations BW peak[MB/sec] BW average[MB/sec] MsgRate[Mpps]\n"
"     #bytes #iterations t_min[usec] t_max[usec] t_typical[usec]\n"
"       t_avg[usec] t_stdev[usec] 99%% percentile[usec] 99.9%% percentile[usec]\n"
"     #bytes #iterations reg[usec] dereg[usec] reg[s/GiB] dereg[s/GiB]\n"
"     #iterations create[usec] init[usec] rtr[usec] rts[usec] destroy[usec]\n"
"       total[usec] total_typical[usec]\n"
"    t_stdev is exact (perftest truncates each deviation to an integer).\n"
"\n"
"EXIT STATUS\n"
"    0 on success, 1 on any failure (device, exchange, work completion\n"
"    error, no progress for 60 s plus 30 s per MiB of message).\n"
"\n"
"EXAMPLES\n"
"    host:  ib_write_bw -d rxe0 -x 1 -s 4096 -n 2000 -F\n"
"    guest: rdmaapi-perf write_bw -d rdmaapi0 -x 1 -s 4096 -n 2000 10.0.2.2\n"
"    host:  ib_send_lat -d rxe0 -x 1 -a -n 100\n"
"    guest: rdmaapi-perf send_lat -x 1 -a -n 100 10.0.2.2\n"
"    guest: rdmaapi-perf --reg-mr -s 256M\n"
"    guest: rdmaapi-perf --qp-setup -x 1 -n 100\n");
}

/* ---------------------------------------------------------------------
 * TCP exchange
 */

static int read_full(int fd, void *buf, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = read(fd, (char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += n;
	}
	return 0;
}

/* One message, one write(): the stock tool reads each with one read(). */
static int write_msg(int fd, const void *buf, size_t len)
{
	ssize_t n;

	do {
		n = send(fd, buf, len, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	return n == (ssize_t)len ? 0 : -1;
}

/* The client writes first, the server reads first (ctx_xchg_data). */
static int xchg(struct ctx *c, const void *mine, void *theirs, size_t len)
{
	if (c->server) {
		if (read_full(c->sock, theirs, len) || write_msg(c->sock, mine, len))
			goto err;
	} else {
		if (write_msg(c->sock, mine, len) || read_full(c->sock, theirs, len))
			goto err;
	}
	return 0;
err:
	fprintf(stderr, "TCP exchange with the peer failed (%zu bytes)\n", len);
	return -1;
}

static int tcp_connect(const struct opts *o)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
	};
	struct addrinfo *res, *t;
	char service[16];
	int fd = -1, n;

	snprintf(service, sizeof(service), "%u", o->port);
	n = getaddrinfo(o->servername, service, &hints, &res);
	if (n) {
		fprintf(stderr, "%s for %s:%u\n", gai_strerror(n), o->servername,
			o->port);
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
	if (fd < 0)
		fprintf(stderr, "Couldn't connect to %s:%u\n", o->servername,
			o->port);
	return fd;
}

static int tcp_accept(const struct opts *o)
{
	struct addrinfo hints = {
		.ai_flags = AI_PASSIVE,
		.ai_family = AF_INET,
		.ai_socktype = SOCK_STREAM,
	};
	struct addrinfo *res, *t;
	char service[16];
	int fd = -1, conn, n, one = 1;

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
	conn = accept(fd, NULL, NULL);
	close(fd);
	if (conn < 0)
		perror("accept");
	return conn;
}

/* Steps 1-3: versions, system data, MTU. */
static int xchg_params(struct ctx *c)
{
	char mine[VERSION_LEN] = PERF_VERSION, theirs[VERSION_LEN + 1] = "";
	uint32_t m, r;
	char mtu[2] = "", rmtu[3] = "";
	long rem_mtu;

	if (xchg(c, mine, theirs, VERSION_LEN))
		return -1;
	if (strcmp(theirs, PERF_VERSION))
		fprintf(stderr, "note: the peer speaks perftest %s, this tool %s\n",
			theirs, PERF_VERSION);
	if (atof(theirs) < 5.33) {
		fprintf(stderr, "perftest %s is too old for this tool\n", theirs);
		return -1;
	}
	m = htobe32(c->cycle_buffer);
	if (xchg(c, &m, &r, 4))
		return -1;
	if (be32toh(r) > c->cycle_buffer && be32toh(r) <= (1u << 24))
		c->cycle_buffer = be32toh(r);
	m = htobe32(c->cache_line);
	if (xchg(c, &m, &r, 4))
		return -1;
	if (be32toh(r) > c->cache_line && be32toh(r) <= 4096)
		c->cache_line = be32toh(r);
	mtu[0] = '0' + c->mtu;
	if (xchg(c, mtu, rmtu, 2))
		return -1;
	rem_mtu = strtol(rmtu, NULL, 10);
	if (rem_mtu >= RDMAAPI_MTU_256 && rem_mtu <= RDMAAPI_MTU_4096 &&
	    rem_mtu < (long)c->mtu)
		c->mtu = rem_mtu;
	return 0;
}

static void format_dest(const struct dest *d, char *msg, int with_gid)
{
	int n;

	n = sprintf(msg, "%04x:%04x:%06x:%06x:%08x:%016llx:", d->lid,
		    d->out_reads, d->qpn, d->psn, d->rkey, d->vaddr);
	if (with_gid) {
		for (int i = 0; i < 16; i++)
			n += sprintf(msg + n, "%02x:", d->gid.raw[i]);
		sprintf(msg + n, "%08x:", d->srqn);
	} else {
		sprintf(msg + n, "%08x", d->srqn);
	}
}

static int parse_dest(const char *msg, size_t len, struct dest *d,
		      int with_gid)
{
	unsigned int v[23];
	int n;

	if (!memchr(msg, '\0', len))
		goto bad;
	if (with_gid) {
		n = sscanf(msg, "%x:%x:%x:%x:%x:%llx:"
			   "%x:%x:%x:%x:%x:%x:%x:%x:%x:%x:%x:%x:%x:%x:%x:%x:%x",
			   &d->lid, &d->out_reads, &d->qpn, &d->psn, &d->rkey,
			   &d->vaddr, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
			   &v[6], &v[7], &v[8], &v[9], &v[10], &v[11], &v[12],
			   &v[13], &v[14], &v[15], &d->srqn);
		if (n != 23)
			goto bad;
		for (int i = 0; i < 16; i++)
			d->gid.raw[i] = v[i];
	} else {
		n = sscanf(msg, "%x:%x:%x:%x:%x:%llx:%x", &d->lid,
			   &d->out_reads, &d->qpn, &d->psn, &d->rkey,
			   &d->vaddr, &d->srqn);
		if (n != 7)
			goto bad;
		memset(&d->gid, 0, sizeof(d->gid));
	}
	return 0;
bad:
	fprintf(stderr, "Couldn't parse the peer's QP message <%.*s>\n",
		(int)len, msg);
	return -1;
}

/* Step 4: the QP message, for its content or as a barrier. */
static int handshake(struct ctx *c, int gid_fmt)
{
	char mine[KEY_MSG_LEN_GID], theirs[KEY_MSG_LEN_GID];
	size_t len = gid_fmt ? KEY_MSG_LEN_GID : KEY_MSG_LEN;

	memset(mine, 0, sizeof(mine));
	format_dest(&c->my, mine, gid_fmt);
	if (xchg(c, mine, theirs, len))
		return -1;
	return parse_dest(theirs, len, &c->rem, gid_fmt);
}

/* Step 5: 8-byte integers and doubles, big endian. */
static int xchg_u64(struct ctx *c, uint64_t mine, uint64_t *theirs)
{
	uint64_t m = htobe64(mine), r;

	if (xchg(c, &m, &r, 8))
		return -1;
	*theirs = be64toh(r);
	return 0;
}

static int xchg_double(struct ctx *c, double mine, double *theirs)
{
	uint64_t m, r;

	memcpy(&m, &mine, 8);
	if (xchg_u64(c, m, &r))
		return -1;
	memcpy(theirs, &r, 8);
	return 0;
}

static int xchg_bw_report(struct ctx *c, const struct bw_report *mine,
			  struct bw_report *theirs)
{
	return xchg_u64(c, mine->size, &theirs->size) ||
	       xchg_u64(c, mine->iters, &theirs->iters) ||
	       xchg_double(c, mine->bw_peak, &theirs->bw_peak) ||
	       xchg_double(c, mine->bw_avg, &theirs->bw_avg) ||
	       xchg_double(c, mine->msg_rate, &theirs->msg_rate) ? -1 : 0;
}

/* Step 6; the peer may close early, so only the handshake must work. */
static int close_exchange(struct ctx *c, int gid_fmt)
{
	char done[sizeof(DONE_MSG)];

	if (handshake(c, gid_fmt))
		return -1;
	if (c->server) {
		write_msg(c->sock, DONE_MSG, sizeof(DONE_MSG));
		read_full(c->sock, done, sizeof(done));
	} else {
		read_full(c->sock, done, sizeof(done));
		write_msg(c->sock, DONE_MSG, sizeof(DONE_MSG));
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * Verbs
 */

/* One line of /sys/class/rdmaapi/NODE/ATTR, without the newline. */
static int read_sysfs(const char *node, const char *attr, char *buf, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/rdmaapi/%s/%s", node, attr);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/*
 * -d names the host's RDMA device (what rdmaapi_get_device_name() says,
 * e.g. rxe0) or the guest's node (rdmaapi0): librdmaapi has no accessor
 * for the latter, so its sysfs ibdev and node_guid identify the device.
 */
static struct rdmaapi_device *find_device(struct rdmaapi_device **list,
					  const char *name)
{
	char ibdev[128], guid[64];
	unsigned int w[4];

	if (!list[0])
		return NULL;
	if (!name)
		return list[0];
	for (int i = 0; list[i]; i++)
		if (!strcmp(rdmaapi_get_device_name(list[i]), name))
			return list[i];
	if (strchr(name, '/') || read_sysfs(name, "ibdev", ibdev, sizeof(ibdev)) ||
	    read_sysfs(name, "node_guid", guid, sizeof(guid)) ||
	    sscanf(guid, "%x:%x:%x:%x", &w[0], &w[1], &w[2], &w[3]) != 4)
		return NULL;
	for (int i = 0; list[i]; i++)
		if (!strcmp(rdmaapi_get_device_name(list[i]), ibdev) &&
		    rdmaapi_get_device_guid(list[i]) ==
		    htobe64((uint64_t)w[0] << 48 | (uint64_t)w[1] << 32 |
			    (uint64_t)w[2] << 16 | w[3]))
			return list[i];
	return NULL;
}

static int gid_is_v4mapped(const union rdmaapi_gid *g)
{
	static const unsigned char pfx[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					       0xff, 0xff };

	return !memcmp(g->raw, pfx, sizeof(pfx));
}

/* perftest's choice when no -x is given on RoCE: IPv4, then RoCE v2. */
static int best_gid_index(struct ctx *c, int port, int tbl_len)
{
	enum rdmaapi_gid_type type;
	union rdmaapi_gid gid;
	int best = 0, best_score = -1;

	for (int i = 0; i < tbl_len && i < 256; i++) {
		int score;

		if (rdmaapi_query_gid(c->context, port, i, &gid, &type))
			continue;
		if (!gid.global.interface_id && !gid.global.subnet_prefix)
			continue;
		score = gid_is_v4mapped(&gid) * 2 +
			(type == RDMAAPI_GID_TYPE_ROCE_V2);
		if (score > best_score) {
			best = i;
			best_score = score;
		}
	}
	return best;
}

static void *alloc_buf(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, len);	/* fault in every page before registering */
	return p;
}

static int ctx_open(struct ctx *c, const struct opts *o,
		    struct rdmaapi_device **list)
{
	struct rdmaapi_device *dev = find_device(list, o->devname);
	struct rdmaapi_port_attr pa;
	struct rdmaapi_device_attr da;
	int ret;

	if (!dev) {
		fprintf(stderr, o->devname ? "Device %s not found\n" :
			"No rdmaapi device found\n", o->devname);
		return -1;
	}
	c->context = rdmaapi_open_device(dev);
	if (!c->context) {
		fprintf(stderr, "Couldn't open %s: %s\n",
			rdmaapi_get_device_name(dev), rdmaapi_strerror(errno));
		return -1;
	}
	ret = rdmaapi_query_port(c->context, o->ib_port, &pa);
	if (ret) {
		fprintf(stderr, "Couldn't query port %d: %s\n", o->ib_port,
			rdmaapi_strerror(ret));
		return -1;
	}
	if (pa.state != RDMAAPI_PORT_ACTIVE)
		fprintf(stderr, "warning: port %d is not ACTIVE\n", o->ib_port);
	c->link_eth = pa.link_layer == RDMAAPI_LINK_LAYER_ETHERNET;
	c->mtu = o->mtu ? o->mtu : pa.active_mtu;
	if (c->mtu > pa.active_mtu)
		c->mtu = pa.active_mtu;
	c->my.lid = pa.lid;
	ret = rdmaapi_query_device(c->context, &da);
	if (ret) {
		fprintf(stderr, "Couldn't query the device: %s\n",
			rdmaapi_strerror(ret));
		return -1;
	}
	/* perftest: outstanding reads = the device's max_qp_rd_atom. */
	c->out_reads = o->test == T_READ_BW ? (unsigned int)da.max_qp_rd_atom : 1;
	if (!c->out_reads)
		c->out_reads = 1;
	c->cycle_buffer = sysconf(_SC_PAGESIZE);
	c->cache_line = sysconf(_SC_LEVEL1_DCACHE_LINESIZE) > 0 ?
			sysconf(_SC_LEVEL1_DCACHE_LINESIZE) : 64;
	return 0;
}

static int ctx_resources(struct ctx *c, const struct opts *o, int gidx)
{
	uint64_t max_size = o->all ? (1ull << MAX_SIZE_POW) : o->size;
	size_t page = sysconf(_SC_PAGESIZE);
	struct rdmaapi_qp_init_attr init = {
		.cap = {
			.max_send_wr = o->tx_depth,
			.max_recv_wr = is_send(o->test) ? o->rx_depth : 1,
			.max_send_sge = 1,
			.max_recv_sge = 1,
			.max_inline_data = o->inline_size,
		},
		.qp_type = RDMAAPI_QPT_RC,
	};
	struct rdmaapi_qp_attr attr = {
		.qp_state = RDMAAPI_QPS_INIT,
		.port_num = o->ib_port,
		.qp_access_flags = RDMAAPI_ACCESS_LOCAL_WRITE |
				   RDMAAPI_ACCESS_REMOTE_WRITE |
				   RDMAAPI_ACCESS_REMOTE_READ,
	};
	int ret;

	c->half = max_size > c->cycle_buffer ? max_size : c->cycle_buffer;
	c->half = (c->half + page - 1) / page * page;
	c->buf_len = 2 * c->half;
	c->buf = alloc_buf(c->buf_len);
	if (!c->buf) {
		fprintf(stderr, "Couldn't allocate %zu bytes\n", c->buf_len);
		return -1;
	}
	c->pd = rdmaapi_alloc_pd(c->context);
	if (!c->pd) {
		fprintf(stderr, "Couldn't allocate PD: %s\n",
			rdmaapi_strerror(errno));
		return -1;
	}
	c->mr = rdmaapi_reg_mr(c->pd, c->buf, c->buf_len,
			       RDMAAPI_ACCESS_LOCAL_WRITE |
			       RDMAAPI_ACCESS_REMOTE_WRITE |
			       RDMAAPI_ACCESS_REMOTE_READ);
	if (!c->mr) {
		fprintf(stderr, "Couldn't register %zu bytes: %s\n", c->buf_len,
			rdmaapi_strerror(errno));
		return -1;
	}
	c->send_cq = rdmaapi_create_cq(c->context, o->tx_depth + 1, NULL,
				       NULL, 0);
	c->recv_cq = rdmaapi_create_cq(c->context,
				       (is_send(o->test) ? o->rx_depth : 1) + 1,
				       NULL, NULL, 0);
	if (!c->send_cq || !c->recv_cq) {
		fprintf(stderr, "Couldn't create CQ: %s\n",
			rdmaapi_strerror(errno));
		return -1;
	}
	init.send_cq = c->send_cq;
	init.recv_cq = c->recv_cq;
	c->qp = rdmaapi_create_qp(c->pd, &init);
	if (!c->qp) {
		fprintf(stderr, "Couldn't create QP: %s\n",
			rdmaapi_strerror(errno));
		return -1;
	}
	ret = rdmaapi_modify_qp(c->qp, &attr,
				RDMAAPI_QP_STATE | RDMAAPI_QP_PKEY_INDEX |
				RDMAAPI_QP_PORT | RDMAAPI_QP_ACCESS_FLAGS);
	if (ret) {
		fprintf(stderr, "Failed to modify QP to INIT: %s\n",
			rdmaapi_strerror(ret));
		return -1;
	}
	c->my.qpn = c->qp->qp_num;
	c->my.psn = lrand48() & 0xffffff;
	c->my.rkey = c->mr->rkey;
	c->my.out_reads = c->out_reads;
	c->my.vaddr = (uintptr_t)c->buf + c->half;	/* the receive half */
	if (gidx >= 0) {
		ret = rdmaapi_query_gid(c->context, o->ib_port, gidx, &c->my.gid,
					NULL);
		if (ret) {
			fprintf(stderr, "Couldn't read GID %d: %s\n", gidx,
				rdmaapi_strerror(ret));
			return -1;
		}
	}
	return 0;
}

static int ctx_connect(struct ctx *c, const struct opts *o, int gidx)
{
	struct rdmaapi_qp_attr attr = {
		.qp_state = RDMAAPI_QPS_RTR,
		.path_mtu = c->mtu,
		.dest_qp_num = c->rem.qpn,
		.rq_psn = c->rem.psn,
		.max_dest_rd_atomic = c->my.out_reads,
		.min_rnr_timer = 12,
		.ah_attr = {
			.dlid = c->rem.lid,
			.port_num = o->ib_port,
		},
	};
	int ret;

	if (gidx >= 0) {
		attr.ah_attr.is_global = 1;
		attr.ah_attr.grh.dgid = c->rem.gid;
		attr.ah_attr.grh.sgid_index = gidx;
		attr.ah_attr.grh.hop_limit = 0xff;
	}
	ret = rdmaapi_modify_qp(c->qp, &attr,
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
	attr.sq_psn = c->my.psn;
	attr.max_rd_atomic = c->rem.out_reads ? c->rem.out_reads : 1;
	ret = rdmaapi_modify_qp(c->qp, &attr,
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

static void ctx_close(struct ctx *c)
{
	int ret;

	if (c->qp && (ret = rdmaapi_destroy_qp(c->qp)))
		fprintf(stderr, "Couldn't destroy QP: %s\n", rdmaapi_strerror(ret));
	if (c->send_cq && (ret = rdmaapi_destroy_cq(c->send_cq)))
		fprintf(stderr, "Couldn't destroy CQ: %s\n", rdmaapi_strerror(ret));
	if (c->recv_cq && (ret = rdmaapi_destroy_cq(c->recv_cq)))
		fprintf(stderr, "Couldn't destroy CQ: %s\n", rdmaapi_strerror(ret));
	if (c->mr && (ret = rdmaapi_dereg_mr(c->mr)))
		fprintf(stderr, "Couldn't deregister MR: %s\n",
			rdmaapi_strerror(ret));
	if (c->pd && (ret = rdmaapi_dealloc_pd(c->pd)))
		fprintf(stderr, "Couldn't deallocate PD: %s\n",
			rdmaapi_strerror(ret));
	if (c->context && (ret = rdmaapi_close_device(c->context)))
		fprintf(stderr, "Couldn't close the device: %s\n",
			rdmaapi_strerror(ret));
	if (c->buf)
		munmap(c->buf, c->buf_len);
	if (c->sock >= 0)
		close(c->sock);
	free(c->tposted);
	free(c->tcompleted);
}

/* Post receives of @size into the receive half until @n are outstanding. */
static int post_recvs(struct ctx *c, uint64_t size, unsigned int n)
{
	struct rdmaapi_sge sge = {
		.addr = (uintptr_t)c->buf + c->half,
		.length = size,
		.lkey = c->mr->lkey,
	};
	struct rdmaapi_recv_wr wr = {
		.wr_id = 1,
		.sg_list = &sge,
		.num_sge = 1,
	}, *bad;
	int ret;

	while (c->rx_posted < n) {
		ret = rdmaapi_post_recv(c->qp, &wr, &bad);
		if (ret) {
			fprintf(stderr, "Couldn't post receive: %s\n",
				rdmaapi_strerror(ret));
			return -1;
		}
		c->rx_posted++;
	}
	return 0;
}

static int wc_ok(const struct rdmaapi_wc *wc, const char *what)
{
	if (wc->status == RDMAAPI_WC_SUCCESS)
		return 1;
	fprintf(stderr, "%s completion failed: %s (%d), vendor error 0x%x, wr_id %llu\n",
		what, rdmaapi_wc_status_str(wc->status), wc->status,
		wc->vendor_err, (unsigned long long)wc->wr_id);
	return 0;
}

/*
 * A busy loop that lets other tasks run now and then (CPUs are scarce
 * under emulation); fails after spin_timeout_s without progress: 60 s plus
 * 30 s per MiB of message (an 8 MiB RDMA READ took minutes under a loaded
 * TCG).
 */
static unsigned long spin_timeout_s = 60;

static void set_spin_timeout(uint64_t size)
{
	spin_timeout_s = 60 + 30 * (size >> 20);
}

struct spin {
	unsigned long n;
	uint64_t deadline;
};

static int spin_more(struct spin *s)
{
	if (++s->n % 1024)
		return 0;
	sched_yield();
	if (!s->deadline)
		s->deadline = now_ns() + spin_timeout_s * 1000000000ull;
	else if (now_ns() > s->deadline)
		return -1;
	return 0;
}

/* ---------------------------------------------------------------------
 * Bandwidth
 */

/* perftest's print_report_bw: peak over every run of completed messages,
 * average over the whole run. Times in ns. */
static void bw_compute(const struct ctx *c, const struct opts *o,
		       uint64_t size, uint64_t iters, struct bw_report *r)
{
	uint64_t n = iters, cq_mod = o->cq_mod;
	double opt = (double)(c->tcompleted[0] - c->tposted[0]);
	double total = (double)(c->tcompleted[n - 1] - c->tposted[0]);

	if (n * n / cq_mod <= 400000000ull) {
		for (uint64_t i = 0; i < n; i++) {
			uint64_t j = (i + 1 + cq_mod - 1) / cq_mod * cq_mod - 1;

			for (; j < n; j += cq_mod) {
				double t = (double)(c->tcompleted[j] - c->tposted[i]) /
					   (j - i + 1);
				if (t < opt)
					opt = t;
			}
			if (n % cq_mod) {
				double t = (double)(c->tcompleted[n - 1] - c->tposted[i]) /
					   (n - i);
				if (t < opt)
					opt = t;
			}
		}
	} else {
		opt = 0;	/* too many samples: no peak, as perftest -N */
	}
	if (total <= 0)
		total = 1;
	r->size = size;
	r->iters = iters;
	r->bw_peak = opt > 0 ? size * 1e9 / opt / MB : 0;
	r->bw_avg = (double)size * n * 1e9 / total / MB;
	r->msg_rate = n * 1e9 / total / 1e6;
}

static void bw_print(const struct bw_report *r)
{
	printf(" %-10llu %-14llu %-18.2f %-20.2f %.6f\n",
	       (unsigned long long)r->size, (unsigned long long)r->iters,
	       r->bw_peak, r->bw_avg, r->msg_rate);
}

/* The sender: RDMA WRITE, RDMA READ or SEND, tx depth outstanding. */
static int run_bw_client(struct ctx *c, const struct opts *o, uint64_t size)
{
	struct rdmaapi_sge sge = { .length = size, .lkey = c->mr->lkey };
	struct rdmaapi_send_wr wr = { .sg_list = &sge, .num_sge = 1 }, *bad;
	struct rdmaapi_wc wc[16];
	uint64_t scnt = 0, ccnt = 0, iters = o->iters, off = 0;
	uint64_t step = (size + c->cache_line - 1) / c->cache_line * c->cache_line;
	int cycle = size <= c->cycle_buffer / 2;
	struct spin sp = {};
	int ne, ret;

	switch (o->test) {
	case T_WRITE_BW: wr.opcode = RDMAAPI_WR_RDMA_WRITE; break;
	case T_READ_BW:  wr.opcode = RDMAAPI_WR_RDMA_READ; break;
	default:         wr.opcode = RDMAAPI_WR_SEND; break;
	}
	while (ccnt < iters) {
		while (scnt < iters && scnt - ccnt < o->tx_depth) {
			sge.addr = (uintptr_t)c->buf + off;
			wr.wr.rdma.remote_addr = c->rem.vaddr + off;
			wr.wr.rdma.rkey = c->rem.rkey;
			wr.wr_id = scnt;
			wr.send_flags = 0;
			if (scnt % o->cq_mod == o->cq_mod - 1 || scnt == iters - 1)
				wr.send_flags |= RDMAAPI_SEND_SIGNALED;
			if (size <= o->inline_size && o->test != T_READ_BW)
				wr.send_flags |= RDMAAPI_SEND_INLINE;
			c->tposted[scnt] = now_ns();
			ret = rdmaapi_post_send(c->qp, &wr, &bad);
			if (ret) {
				fprintf(stderr, "Couldn't post send %llu: %s\n",
					(unsigned long long)scnt,
					rdmaapi_strerror(ret));
				return -1;
			}
			scnt++;
			if (cycle) {
				off += step;
				if (off + size > c->cycle_buffer)
					off = 0;
			}
		}
		ne = rdmaapi_poll_cq(c->send_cq, 16, wc);
		if (ne < 0) {
			fprintf(stderr, "poll CQ failed: %s\n", rdmaapi_strerror(ne));
			return -1;
		}
		if (!ne) {
			if (spin_more(&sp)) {
				fprintf(stderr, "no completion for %lu s (%llu of %llu done)\n",
					spin_timeout_s, (unsigned long long)ccnt,
					(unsigned long long)iters);
				return -1;
			}
			continue;
		}
		sp.deadline = 0;
		for (int i = 0; i < ne; i++) {
			if (!wc_ok(&wc[i], "send"))
				return -1;
			c->tcompleted[wc[i].wr_id] = now_ns();
			ccnt = wc[i].wr_id + 1;
		}
	}
	return 0;
}

/*
 * perftest's warm-up before RDMA WRITE/READ runs: a TX depth of work
 * requests (the last one signalled), out of the measurement.
 */
static int warm_up(struct ctx *c, const struct opts *o, uint64_t size)
{
	struct rdmaapi_sge sge = {
		.addr = (uintptr_t)c->buf, .length = size, .lkey = c->mr->lkey,
	};
	struct rdmaapi_send_wr wr = {
		.sg_list = &sge, .num_sge = 1,
		.opcode = o->test == T_READ_BW ? RDMAAPI_WR_RDMA_READ :
						 RDMAAPI_WR_RDMA_WRITE,
		.wr.rdma = { .remote_addr = c->rem.vaddr, .rkey = c->rem.rkey },
	}, *bad;
	unsigned int n = o->tx_depth;
	struct rdmaapi_wc wc;
	struct spin sp = {};
	int ne, ret;

	for (unsigned int i = 0; i < n; i++) {
		wr.send_flags = i == n - 1 ? RDMAAPI_SEND_SIGNALED : 0;
		ret = rdmaapi_post_send(c->qp, &wr, &bad);
		if (ret) {
			fprintf(stderr, "Couldn't post warm-up work request: %s\n",
				rdmaapi_strerror(ret));
			return -1;
		}
	}
	while (!(ne = rdmaapi_poll_cq(c->send_cq, 1, &wc)))
		if (spin_more(&sp)) {
			fprintf(stderr, "no warm-up completion for %lu s\n",
				spin_timeout_s);
			return -1;
		}
	return ne < 0 || !wc_ok(&wc, "warm-up") ? -1 : 0;
}

/* The SEND receiver: @iters receives, rx depth posted. */
static int run_bw_server(struct ctx *c, const struct opts *o, uint64_t size)
{
	struct rdmaapi_wc wc[16];
	uint64_t rcnt = 0, iters = o->iters;
	struct spin sp = {};
	int ne;

	while (rcnt < iters) {
		ne = rdmaapi_poll_cq(c->recv_cq, 16, wc);
		if (ne < 0) {
			fprintf(stderr, "poll CQ failed: %s\n", rdmaapi_strerror(ne));
			return -1;
		}
		if (!ne) {
			if (spin_more(&sp)) {
				fprintf(stderr, "no receive for %lu s (%llu of %llu)\n",
					spin_timeout_s, (unsigned long long)rcnt,
					(unsigned long long)iters);
				return -1;
			}
			continue;
		}
		sp.deadline = 0;
		for (int i = 0; i < ne; i++) {
			if (!wc_ok(&wc[i], "receive"))
				return -1;
			/* perftest's server times from the first receive. */
			c->tposted[rcnt] = now_ns();
			c->tcompleted[rcnt] = c->tposted[rcnt];
			rcnt++;
			c->rx_posted--;
		}
		if (rcnt + c->rx_posted < iters &&
		    post_recvs(c, size, rcnt + o->rx_depth < iters ?
			       o->rx_depth : iters - rcnt))
			return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * Latency
 */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* perftest's print_report_lat: half round trips between posts. */
static void lat_print(struct ctx *c, uint64_t size, uint64_t iters)
{
	uint64_t n = iters - 1, *d = c->tcompleted, median;
	double avg = 0, var = 0, q = 2000.0;	/* ns -> usec, RTT / 2 */
	uint64_t mc, i99, i999;

	for (uint64_t i = 0; i < n; i++)
		d[i] = c->tposted[i + 1] - c->tposted[i];
	qsort(d, n, sizeof(*d), cmp_u64);
	mc = n - LAT_MEASURE_TAIL;
	median = (mc - 1) % 2 ? (d[mc / 2] + d[mc / 2 - 1]) / 2 : d[mc / 2];
	for (uint64_t i = 0; i < mc; i++)
		avg += d[i] / q;
	avg /= mc;
	for (uint64_t i = 0; i < mc; i++)
		var += (avg - d[i] / q) * (avg - d[i] / q);
	i99 = (uint64_t)ceil(mc * 0.99);
	i999 = (uint64_t)ceil(mc * 0.999);
	printf(" %-7llu %-10llu %-14.2f %-12.2f %-16.2f %-14.2f %-15.2f %-22.2f %.2f\n",
	       (unsigned long long)size, (unsigned long long)iters,
	       d[0] / q, d[mc] / q, median / q, avg, sqrt(var / mc),
	       d[i99] / q, d[i999] / q);
}

static int run_lat_write(struct ctx *c, const struct opts *o, uint64_t size)
{
	volatile unsigned char *post = c->buf + size - 1;
	volatile unsigned char *poll = c->buf + c->half + size - 1;
	struct rdmaapi_sge sge = {
		.addr = (uintptr_t)c->buf, .length = size, .lkey = c->mr->lkey,
	};
	struct rdmaapi_send_wr wr = {
		.sg_list = &sge, .num_sge = 1,
		.opcode = RDMAAPI_WR_RDMA_WRITE,
		.send_flags = RDMAAPI_SEND_SIGNALED,
		.wr.rdma = { .remote_addr = c->rem.vaddr, .rkey = c->rem.rkey },
	}, *bad;
	uint64_t scnt = 0, rcnt = 0, ccnt = 0, iters = o->iters;
	struct rdmaapi_wc wc;
	int ne, ret;

	if (size <= o->inline_size)
		wr.send_flags |= RDMAAPI_SEND_INLINE;
	while (scnt < iters || rcnt < iters || ccnt < iters) {
		/* The server writes first. */
		if (rcnt < iters && !(scnt < 1 && c->server)) {
			struct spin sp = {};

			rcnt++;
			while (*poll != (unsigned char)rcnt)
				if (spin_more(&sp)) {
					fprintf(stderr, "no RDMA WRITE from the peer for %lu s (iteration %llu)\n",
						spin_timeout_s, (unsigned long long)rcnt);
					return -1;
				}
		}
		if (scnt < iters) {
			c->tposted[scnt] = now_ns();
			*post = (unsigned char)++scnt;
			ret = rdmaapi_post_send(c->qp, &wr, &bad);
			if (ret) {
				fprintf(stderr, "Couldn't post send: %s\n",
					rdmaapi_strerror(ret));
				return -1;
			}
		}
		if (ccnt < iters) {
			struct spin sp = {};

			while (!(ne = rdmaapi_poll_cq(c->send_cq, 1, &wc)))
				if (spin_more(&sp)) {
					fprintf(stderr, "no send completion for %lu s\n",
						spin_timeout_s);
					return -1;
				}
			if (ne < 0 || !wc_ok(&wc, "RDMA WRITE"))
				return -1;
			ccnt++;
		}
	}
	return 0;
}

static int run_lat_send(struct ctx *c, const struct opts *o, uint64_t size)
{
	struct rdmaapi_sge sge = {
		.addr = (uintptr_t)c->buf, .length = size, .lkey = c->mr->lkey,
	};
	struct rdmaapi_send_wr wr = {
		.sg_list = &sge, .num_sge = 1,
		.opcode = RDMAAPI_WR_SEND,
		.send_flags = RDMAAPI_SEND_SIGNALED,
	}, *bad;
	uint64_t scnt = 0, rcnt = 0, iters = o->iters;
	struct rdmaapi_wc wc;
	int ne, ret;

	if (size <= o->inline_size)
		wr.send_flags |= RDMAAPI_SEND_INLINE;
	while (scnt < iters || rcnt < iters) {
		/* The client sends first. */
		if (rcnt < iters && !(scnt < 1 && !c->server)) {
			struct spin sp = {};

			while (!(ne = rdmaapi_poll_cq(c->recv_cq, 1, &wc)))
				if (spin_more(&sp)) {
					fprintf(stderr, "no SEND from the peer for %lu s (iteration %llu)\n",
						spin_timeout_s, (unsigned long long)rcnt + 1);
					return -1;
				}
			if (ne < 0 || !wc_ok(&wc, "receive"))
				return -1;
			rcnt++;
			c->rx_posted--;
			if (rcnt + c->rx_posted < iters &&
			    post_recvs(c, size, c->rx_posted + 1))
				return -1;
		}
		if (scnt < iters) {
			struct spin sp = {};

			c->tposted[scnt] = now_ns();
			ret = rdmaapi_post_send(c->qp, &wr, &bad);
			if (ret) {
				fprintf(stderr, "Couldn't post send: %s\n",
					rdmaapi_strerror(ret));
				return -1;
			}
			scnt++;
			while (!(ne = rdmaapi_poll_cq(c->send_cq, 1, &wc)))
				if (spin_more(&sp)) {
					fprintf(stderr, "no send completion for %lu s\n",
						spin_timeout_s);
					return -1;
				}
			if (ne < 0 || !wc_ok(&wc, "SEND"))
				return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * The test
 */

static void print_dest(const char *side, const struct dest *d, int gid,
		       enum test t)
{
	printf(" %s address: LID 0x%04x QPN 0x%06x PSN 0x%06x", side, d->lid,
	       d->qpn, d->psn);
	if (t == T_READ_BW)
		printf(" OUT 0x%02x", d->out_reads);
	if (t == T_READ_BW || t == T_WRITE_BW || t == T_WRITE_LAT)
		printf(" RKey 0x%06x VAddr 0x%014llx", d->rkey, d->vaddr);
	printf("\n");
	if (gid) {
		printf(" GID:");
		for (int i = 0; i < 16; i++)
			printf("%s%02d", i ? ":" : " ", d->gid.raw[i]);
		printf("\n");
	}
}

#define RESULT_LINE "---------------------------------------------------------------------------------------\n"
#define BW_HEADER " #bytes     #iterations    BW peak[MB/sec]    BW average[MB/sec]   MsgRate[Mpps]\n"
#define LAT_HEADER " #bytes #iterations    t_min[usec]    t_max[usec]  t_typical[usec]    t_avg[usec]    t_stdev[usec]   99% percentile[usec]   99.9% percentile[usec] \n"

static int run_test(const struct opts *o)
{
	struct rdmaapi_device **list;
	struct ctx c = { .sock = -1 };
	int gidx = o->gidx, gid_fmt, status = 1, ret;
	int first = o->all ? 1 : 0, last = o->all ? MAX_SIZE_POW : 0;
	struct bw_report mine = {}, theirs = {};
	struct rdmaapi_port_attr pa;
	uint64_t size = o->size;

	c.server = !o->servername;
	list = rdmaapi_get_device_list(NULL);
	if (!list) {
		fprintf(stderr, "Couldn't list rdmaapi devices: %s\n",
			rdmaapi_strerror(errno));
		return 1;
	}
	if (ctx_open(&c, o, list))
		goto out;
	if (gidx < 0 && c.link_eth &&
	    !rdmaapi_query_port(c.context, o->ib_port, &pa))
		gidx = best_gid_index(&c, o->ib_port, pa.gid_tbl_len);
	gid_fmt = gidx >= 0;

	if (c.server)
		printf("\n************************************\n"
		       "* Waiting for client to connect... *\n"
		       "************************************\n");
	c.sock = c.server ? tcp_accept(o) : tcp_connect(o);
	if (c.sock < 0)
		goto out;
	if (xchg_params(&c))
		goto out;
	if (ctx_resources(&c, o, gidx))
		goto out;
	c.tposted = calloc(o->iters, sizeof(uint64_t));
	c.tcompleted = calloc(o->iters, sizeof(uint64_t));
	if (!c.tposted || !c.tcompleted) {
		fprintf(stderr, "out of memory\n");
		goto out;
	}

	printf(RESULT_LINE);
	printf("                    %s\n", tests[o->test].title);
	printf(" Device          : %s\t\tNumber of qps   : 1\n",
	       rdmaapi_get_device_name(c.context->device));
	printf(" Connection type : RC\t\tTransport       : rdmaapi\n");
	if (is_bw(o->test))
		printf(" TX depth        : %u\n CQ Moderation   : %u\n",
		       o->tx_depth, o->cq_mod);
	if (is_send(o->test))
		printf(" RX depth        : %u\n", o->rx_depth);
	printf(" Mtu             : %d[B]\n", 128 << c.mtu);
	printf(" Link type       : %s\n", c.link_eth ? "Ethernet" : "IB");
	if (gid_fmt)
		printf(" GID index       : %d\n", gidx);
	if (o->test == T_READ_BW)
		printf(" Outstand reads  : %u\n", c.out_reads);
	else
		printf(" Max inline data : %u[B]\n", o->inline_size);
	printf(" Data ex. method : Ethernet (perftest %s)\n", PERF_VERSION);
	printf(RESULT_LINE);

	/* Receives first: the peer may send once the barriers are passed. */
	if (is_send(o->test) &&
	    (o->test == T_SEND_LAT || c.server) &&
	    post_recvs(&c, o->all ? 2 : size,
		       o->rx_depth < o->iters ? o->rx_depth : o->iters))
		goto out;
	/* The QP messages, connect, then the barriers. */
	if (handshake(&c, gid_fmt))
		goto out;
	print_dest("local", &c.my, gid_fmt, o->test);
	print_dest("remote", &c.rem, gid_fmt, o->test);
	if (ctx_connect(&c, o, gidx))
		goto out;
	if (handshake(&c, gid_fmt) || handshake(&c, gid_fmt))
		goto out;
	if (o->test == T_WRITE_LAT && handshake(&c, gid_fmt))
		goto out;
	printf(RESULT_LINE);
	printf("%s", is_bw(o->test) ? BW_HEADER : LAT_HEADER);

	for (int p = first; p <= last; p++) {
		if (o->all)
			size = 1ull << p;
		set_spin_timeout(size);
		switch (o->test) {
		case T_WRITE_BW:
		case T_READ_BW:
			if (c.server) {
				p = last;	/* passive: waits for the end */
				break;
			}
			if (warm_up(&c, o, size))
				goto out;
			ret = run_bw_client(&c, o, size);
			if (ret)
				goto out;
			bw_compute(&c, o, size, o->iters, &mine);
			bw_print(&mine);
			break;
		case T_SEND_BW:
			if (c.server && p > first && post_recvs(&c, size,
				o->rx_depth < o->iters ? o->rx_depth : o->iters))
				goto out;
			if (handshake(&c, gid_fmt))
				goto out;
			ret = c.server ? run_bw_server(&c, o, size) :
					 run_bw_client(&c, o, size);
			if (ret)
				goto out;
			bw_compute(&c, o, size, o->iters, &mine);
			if (c.server)
				mine.bw_peak = 0;	/* as the stock server */
			bw_print(&mine);
			if (o->all && handshake(&c, gid_fmt))
				goto out;
			break;
		case T_WRITE_LAT:
			if (run_lat_write(&c, o, size))
				goto out;
			lat_print(&c, size, o->iters);
			break;
		case T_SEND_LAT:
			if (p > first) {
				/* The last size consumed every receive. */
				if (post_recvs(&c, size, o->rx_depth))
					goto out;
			}
			if (handshake(&c, gid_fmt))
				goto out;
			if (run_lat_send(&c, o, size))
				goto out;
			lat_print(&c, size, o->iters);
			break;
		default:
			goto out;
		}
	}

	if (o->test == T_WRITE_BW || o->test == T_READ_BW) {
		if (handshake(&c, gid_fmt) || xchg_bw_report(&c, &mine, &theirs))
			goto out;
		if (c.server)
			bw_print(&theirs);
	}
	printf(RESULT_LINE);
	if (o->test != T_WRITE_LAT && close_exchange(&c, gid_fmt))
		goto out;
	status = 0;
out:
	fflush(stdout);
	ctx_close(&c);
	rdmaapi_free_device_list(list);
	return status;
}

/* ---------------------------------------------------------------------
 * --reg-mr
 */

static uint64_t mem_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	unsigned long long kb = 0;
	char line[256];

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

static int run_reg_mr(const struct opts *o)
{
	struct rdmaapi_device **list;
	struct rdmaapi_context *context = NULL;
	struct rdmaapi_pd *pd = NULL;
	struct rdmaapi_device *dev;
	uint64_t max = o->reg_max, avail = mem_available(), size;
	unsigned char *buf = NULL;
	int status = 1, ret;

	if (avail && max > avail / 2) {
		uint64_t m = 4096;

		while (m * 2 <= avail / 2)
			m *= 2;
		fprintf(stderr, "note: largest size %llu bytes (half of MemAvailable)\n",
			(unsigned long long)m);
		max = m;
	}
	list = rdmaapi_get_device_list(NULL);
	if (!list) {
		fprintf(stderr, "Couldn't list rdmaapi devices: %s\n",
			rdmaapi_strerror(errno));
		return 1;
	}
	dev = find_device(list, o->devname);
	if (!dev) {
		fprintf(stderr, "No such rdmaapi device\n");
		goto out;
	}
	context = rdmaapi_open_device(dev);
	if (!context) {
		fprintf(stderr, "Couldn't open %s: %s\n",
			rdmaapi_get_device_name(dev), rdmaapi_strerror(errno));
		goto out;
	}
	pd = rdmaapi_alloc_pd(context);
	if (!pd) {
		fprintf(stderr, "Couldn't allocate PD: %s\n",
			rdmaapi_strerror(errno));
		goto out;
	}
	buf = alloc_buf(max);
	if (!buf) {
		fprintf(stderr, "Couldn't allocate %llu bytes\n",
			(unsigned long long)max);
		goto out;
	}
	printf(RESULT_LINE);
	printf("                    %s (%s)\n", tests[T_REG_MR].title,
	       rdmaapi_get_device_name(dev));
	printf(" Access          : LOCAL_WRITE | REMOTE_WRITE | REMOTE_READ\n");
	printf(" Buffer          : anonymous, touched, page aligned\n");
	printf(RESULT_LINE);
	printf(" #bytes        #iterations  reg[usec]      dereg[usec]    reg[s/GiB]   dereg[s/GiB]\n");
	for (size = 4096; size <= max; size *= 2) {
		uint64_t iters = o->iters, treg = 0, tdereg = 0;
		double reg_us, dereg_us;

		while (iters > 1 && iters * size > (8ull << 30))
			iters--;
		for (uint64_t i = 0; i < iters; i++) {
			struct rdmaapi_mr *mr;
			uint64_t t0 = now_ns(), t1;

			mr = rdmaapi_reg_mr(pd, buf, size,
					    RDMAAPI_ACCESS_LOCAL_WRITE |
					    RDMAAPI_ACCESS_REMOTE_WRITE |
					    RDMAAPI_ACCESS_REMOTE_READ);
			t1 = now_ns();
			if (!mr) {
				fprintf(stderr, "reg_mr of %llu bytes failed: %s\n",
					(unsigned long long)size,
					rdmaapi_strerror(errno));
				goto out;
			}
			treg += t1 - t0;
			ret = rdmaapi_dereg_mr(mr);
			tdereg += now_ns() - t1;
			if (ret) {
				fprintf(stderr, "dereg_mr of %llu bytes failed: %s\n",
					(unsigned long long)size,
					rdmaapi_strerror(ret));
				goto out;
			}
		}
		reg_us = treg / 1e3 / iters;
		dereg_us = tdereg / 1e3 / iters;
		printf(" %-13llu %-12llu %-14.2f %-14.2f %-12.4f %.4f\n",
		       (unsigned long long)size, (unsigned long long)iters,
		       reg_us, dereg_us,
		       reg_us / 1e6 * (double)(1ull << 30) / size,
		       dereg_us / 1e6 * (double)(1ull << 30) / size);
	}
	printf(RESULT_LINE);
	status = 0;
out:
	fflush(stdout);
	if (buf)
		munmap(buf, max);
	if (pd && (ret = rdmaapi_dealloc_pd(pd)))
		fprintf(stderr, "Couldn't deallocate PD: %s\n",
			rdmaapi_strerror(ret));
	if (context && (ret = rdmaapi_close_device(context)))
		fprintf(stderr, "Couldn't close the device: %s\n",
			rdmaapi_strerror(ret));
	rdmaapi_free_device_list(list);
	return status;
}

/* ---------------------------------------------------------------------
 * --qp-setup
 */

enum { QS_CREATE, QS_INIT, QS_RTR, QS_RTS, QS_DESTROY, QS_STEPS };

/* One QP's life: create, INIT, RTR (to itself), RTS, destroy; @t: ns. */
static int qp_setup_once(struct ctx *c, const struct opts *o, int gidx,
			 uint64_t t[QS_STEPS])
{
	struct rdmaapi_qp_init_attr init = {
		.send_cq = c->send_cq,
		.recv_cq = c->send_cq,
		.cap = {
			.max_send_wr = 128,
			.max_recv_wr = 128,
			.max_send_sge = 1,
			.max_recv_sge = 1,
		},
		.qp_type = RDMAAPI_QPT_RC,
	};
	struct rdmaapi_qp_attr attr = {
		.qp_state = RDMAAPI_QPS_INIT,
		.port_num = o->ib_port,
		.qp_access_flags = RDMAAPI_ACCESS_LOCAL_WRITE |
				   RDMAAPI_ACCESS_REMOTE_WRITE |
				   RDMAAPI_ACCESS_REMOTE_READ,
	};
	struct rdmaapi_qp *qp;
	uint64_t t0, t1;
	int ret;

	t0 = now_ns();
	qp = rdmaapi_create_qp(c->pd, &init);
	t1 = now_ns();
	if (!qp) {
		fprintf(stderr, "Couldn't create QP: %s\n",
			rdmaapi_strerror(errno));
		return -1;
	}
	t[QS_CREATE] = t1 - t0;
	ret = rdmaapi_modify_qp(qp, &attr,
				RDMAAPI_QP_STATE | RDMAAPI_QP_PKEY_INDEX |
				RDMAAPI_QP_PORT | RDMAAPI_QP_ACCESS_FLAGS);
	t0 = now_ns();
	t[QS_INIT] = t0 - t1;
	if (ret) {
		fprintf(stderr, "Failed to modify QP to INIT: %s\n",
			rdmaapi_strerror(ret));
		goto destroy;
	}
	memset(&attr, 0, sizeof(attr));
	attr.qp_state = RDMAAPI_QPS_RTR;
	attr.path_mtu = c->mtu;
	attr.dest_qp_num = qp->qp_num;
	attr.rq_psn = c->my.psn;
	attr.max_dest_rd_atomic = 1;
	attr.min_rnr_timer = 12;
	attr.ah_attr.dlid = c->my.lid;
	attr.ah_attr.port_num = o->ib_port;
	if (gidx >= 0) {
		attr.ah_attr.is_global = 1;
		attr.ah_attr.grh.dgid = c->my.gid;
		attr.ah_attr.grh.sgid_index = gidx;
		attr.ah_attr.grh.hop_limit = 0xff;
	}
	t0 = now_ns();
	ret = rdmaapi_modify_qp(qp, &attr,
				RDMAAPI_QP_STATE | RDMAAPI_QP_AV |
				RDMAAPI_QP_PATH_MTU | RDMAAPI_QP_DEST_QPN |
				RDMAAPI_QP_RQ_PSN |
				RDMAAPI_QP_MAX_DEST_RD_ATOMIC |
				RDMAAPI_QP_MIN_RNR_TIMER);
	t1 = now_ns();
	t[QS_RTR] = t1 - t0;
	if (ret) {
		fprintf(stderr, "Failed to modify QP to RTR: %s\n",
			rdmaapi_strerror(ret));
		goto destroy;
	}
	attr.qp_state = RDMAAPI_QPS_RTS;
	attr.timeout = 14;
	attr.retry_cnt = 7;
	attr.rnr_retry = 7;
	attr.sq_psn = c->my.psn;
	attr.max_rd_atomic = 1;
	ret = rdmaapi_modify_qp(qp, &attr,
				RDMAAPI_QP_STATE | RDMAAPI_QP_TIMEOUT |
				RDMAAPI_QP_RETRY_CNT | RDMAAPI_QP_RNR_RETRY |
				RDMAAPI_QP_SQ_PSN | RDMAAPI_QP_MAX_QP_RD_ATOMIC);
	t0 = now_ns();
	t[QS_RTS] = t0 - t1;
	if (ret)
		fprintf(stderr, "Failed to modify QP to RTS: %s\n",
			rdmaapi_strerror(ret));
destroy:
	t0 = now_ns();
	if (rdmaapi_destroy_qp(qp)) {
		fprintf(stderr, "Couldn't destroy QP\n");
		ret = -1;
	}
	t[QS_DESTROY] = now_ns() - t0;
	return ret ? -1 : 0;
}

static int run_qp_setup(const struct opts *o)
{
	static const char *const step[QS_STEPS] = {
		"create", "init", "rtr", "rts", "destroy",
	};
	struct rdmaapi_device **list;
	struct ctx c = { .sock = -1 };
	struct rdmaapi_port_attr pa;
	uint64_t sum[QS_STEPS] = {}, *total = NULL;
	int gidx = o->gidx, status = 1, ret;

	list = rdmaapi_get_device_list(NULL);
	if (!list) {
		fprintf(stderr, "Couldn't list rdmaapi devices: %s\n",
			rdmaapi_strerror(errno));
		return 1;
	}
	if (ctx_open(&c, o, list))
		goto out;
	if (gidx < 0 && c.link_eth &&
	    !rdmaapi_query_port(c.context, o->ib_port, &pa))
		gidx = best_gid_index(&c, o->ib_port, pa.gid_tbl_len);
	if (gidx >= 0) {
		ret = rdmaapi_query_gid(c.context, o->ib_port, gidx, &c.my.gid,
					NULL);
		if (ret) {
			fprintf(stderr, "Couldn't read GID %d: %s\n", gidx,
				rdmaapi_strerror(ret));
			goto out;
		}
	}
	c.my.psn = lrand48() & 0xffffff;
	c.pd = rdmaapi_alloc_pd(c.context);
	if (!c.pd) {
		fprintf(stderr, "Couldn't allocate PD: %s\n",
			rdmaapi_strerror(errno));
		goto out;
	}
	c.send_cq = rdmaapi_create_cq(c.context, 257, NULL, NULL, 0);
	if (!c.send_cq) {
		fprintf(stderr, "Couldn't create CQ: %s\n",
			rdmaapi_strerror(errno));
		goto out;
	}
	total = calloc(o->iters, sizeof(*total));
	if (!total) {
		fprintf(stderr, "out of memory\n");
		goto out;
	}
	for (uint64_t i = 0; i < o->iters; i++) {
		uint64_t t[QS_STEPS] = {};

		if (qp_setup_once(&c, o, gidx, t))
			goto out;
		for (int k = 0; k < QS_STEPS; k++) {
			sum[k] += t[k];
			total[i] += t[k];
		}
	}
	qsort(total, o->iters, sizeof(*total), cmp_u64);

	printf(RESULT_LINE);
	printf("                    %s (%s)\n", tests[T_QP_SETUP].title,
	       rdmaapi_get_device_name(c.context->device));
	printf(" Steps           : create RC, INIT, RTR (to itself), RTS, destroy\n");
	if (gidx >= 0)
		printf(" GID index       : %d\n", gidx);
	printf(RESULT_LINE);
	printf(" #iterations ");
	for (int k = 0; k < QS_STEPS; k++)
		printf(" %s[usec]", step[k]);
	printf(" total[usec] total_typical[usec]\n");
	printf(" %-12llu", (unsigned long long)o->iters);
	{
		uint64_t all = 0;

		for (int k = 0; k < QS_STEPS; k++) {
			printf(" %-12.2f", sum[k] / 1e3 / o->iters);
			all += sum[k];
		}
		printf(" %-12.2f %.2f\n", all / 1e3 / o->iters,
		       total[o->iters / 2] / 1e3);
	}
	printf(RESULT_LINE);
	status = 0;
out:
	fflush(stdout);
	free(total);
	ctx_close(&c);
	rdmaapi_free_device_list(list);
	return status;
}

/* ---------------------------------------------------------------------
 * Options
 */

/* A size with an optional K, M or G suffix (powers of 2). */
static int parse_size(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long n = strtoull(s, &end, 0);

	switch (*end) {
	case 'k': case 'K': n <<= 10; end++; break;
	case 'm': case 'M': n <<= 20; end++; break;
	case 'g': case 'G': n <<= 30; end++; break;
	}
	if (*end || end == s)
		return -1;
	*v = n;
	return 0;
}

static int parse_uint(const char *s, unsigned int min, unsigned int max,
		      unsigned int *v)
{
	char *end;
	unsigned long n = strtoul(s, &end, 0);

	if (*end || end == s || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

static int parse_opts(int argc, char *argv[], struct opts *o)
{
	enum { OPT_REG_MR = 256, OPT_QP_SETUP };
	static const struct option lopts[] = {
		{ "ib-dev",      1, NULL, 'd' },
		{ "ib-port",     1, NULL, 'i' },
		{ "gid-index",   1, NULL, 'x' },
		{ "size",        1, NULL, 's' },
		{ "all",         0, NULL, 'a' },
		{ "iters",       1, NULL, 'n' },
		{ "port",        1, NULL, 'p' },
		{ "tx-depth",    1, NULL, 't' },
		{ "rx-depth",    1, NULL, 'r' },
		{ "cq-mod",      1, NULL, 'Q' },
		{ "mtu",         1, NULL, 'm' },
		{ "inline_size", 1, NULL, 'I' },
		{ "inline-size", 1, NULL, 'I' },
		{ "CPU-freq",    0, NULL, 'F' },
		{ "reg-mr",      0, NULL, OPT_REG_MR },
		{ "qp-setup",    0, NULL, OPT_QP_SETUP },
		{ "help",        0, NULL, 'h' },
		{}
	};
	unsigned int u, tx = 0, rx = 0, cqm = 0, inl = 0, port = 1;
	int c, tx_set = 0, cq_set = 0;

	o->port = DEF_PORT;
	o->ib_port = 1;
	o->gidx = -1;
	/* The test name may come first or anywhere among the arguments. */
	if (argc > 1 && argv[1][0] != '-') {
		for (int t = T_WRITE_BW; t <= T_REG_MR; t++)
			if (!strcmp(argv[1], tests[t].name) ||
			    (!strncmp(argv[1], "ib_", 3) &&
			     !strcmp(argv[1] + 3, tests[t].name)))
				o->test = t;
		if (!o->test) {
			fprintf(stderr, "%s: unknown test '%s'\n", argv0, argv[1]);
			return -1;
		}
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	while ((c = getopt_long(argc, argv, "d:i:x:s:an:p:t:r:Q:m:I:Fh",
				lopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->devname = optarg;
			break;
		case 'i':
			if (parse_uint(optarg, 1, 255, &port))
				goto bad;
			o->ib_port = port;
			break;
		case 'x':
			if (parse_uint(optarg, 0, 255, &u))
				goto bad;
			o->gidx = u;
			break;
		case 's':
			if (parse_size(optarg, &o->size) || !o->size)
				goto bad;
			o->size_set = 1;
			break;
		case 'a':
			o->all = 1;
			break;
		case 'n':
			if (parse_uint(optarg, 1, 100000000, &u))
				goto bad;
			o->iters = u;
			o->iters_set = 1;
			break;
		case 'p':
			if (parse_uint(optarg, 1, 65535, &o->port))
				goto bad;
			break;
		case 't':
			if (parse_uint(optarg, 1, 16384, &tx))
				goto bad;
			tx_set = 1;
			break;
		case 'r':
			if (parse_uint(optarg, 1, 16384, &rx))
				goto bad;
			break;
		case 'Q':
			if (parse_uint(optarg, 1, 16384, &cqm))
				goto bad;
			cq_set = 1;
			break;
		case 'm':
			if (parse_uint(optarg, 256, 4096, &u))
				goto bad;
			switch (u) {
			case 256:  o->mtu = RDMAAPI_MTU_256; break;
			case 512:  o->mtu = RDMAAPI_MTU_512; break;
			case 1024: o->mtu = RDMAAPI_MTU_1024; break;
			case 2048: o->mtu = RDMAAPI_MTU_2048; break;
			case 4096: o->mtu = RDMAAPI_MTU_4096; break;
			default: goto bad;
			}
			break;
		case 'I':
			if (parse_uint(optarg, 0, 4096, &inl))
				goto bad;
			break;
		case 'F':
			break;
		case OPT_REG_MR:
			o->test = T_REG_MR;
			break;
		case OPT_QP_SETUP:
			o->test = T_QP_SETUP;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			goto usage;
		}
	}
	if (optind == argc - 1)
		o->servername = argv[optind];
	else if (optind < argc)
		goto usage;
	if (o->test == T_NONE) {
		fprintf(stderr, "%s: no test given\n", argv0);
		goto usage;
	}
	if (o->test == T_QP_SETUP) {
		if (!o->iters_set)
			o->iters = 100;
		if (o->servername || o->size_set || o->all)
			goto usage;
		return 0;
	}
	if (o->test == T_REG_MR) {
		o->reg_max = o->size_set ? o->size : (1ull << 30);
		if (!o->iters_set)
			o->iters = 10;
		if (o->reg_max < 4096 || o->servername)
			goto usage;
		return 0;
	}
	if (!o->size_set)
		o->size = is_bw(o->test) ? 65536 : 2;
	if (o->all && o->size_set) {
		fprintf(stderr, "%s: -a and -s exclude each other\n", argv0);
		return -1;
	}
	if (o->size > (1ull << 31)) {
		fprintf(stderr, "%s: size too large\n", argv0);
		return -1;
	}
	if (!o->iters_set)
		o->iters = is_bw(o->test) ? 5000 : 1000;
	if (!is_bw(o->test) && o->iters < 5) {
		fprintf(stderr, "%s: latency tests need at least 5 iterations\n",
			argv0);
		return -1;
	}
	o->tx_depth = tx_set ? tx : is_bw(o->test) ? 128 : 1;
	if (is_bw(o->test) && o->tx_depth > o->iters)
		o->tx_depth = o->iters;
	o->rx_depth = rx ? rx : 512;
	if (o->rx_depth > o->iters)
		o->rx_depth = o->iters;
	o->cq_mod = cq_set ? cqm : 100;
	if (o->cq_mod > o->tx_depth)
		o->cq_mod = o->tx_depth;
	o->inline_size = inl;
	return 0;
bad:
	fprintf(stderr, "%s: bad value '%s' for -%c\n", argv0, optarg, c);
usage:
	fprintf(stderr, "Try '%s -h'.\n", argv0);
	return -1;
}

int main(int argc, char *argv[])
{
	struct opts o = {};

	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	srand48(getpid() * time(NULL));
	if (parse_opts(argc, argv, &o))
		return 1;
	if (o.test == T_REG_MR)
		return run_reg_mr(&o);
	if (o.test == T_QP_SETUP)
		return run_qp_setup(&o);
	return run_test(&o);
}
