// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * drvtest - exercises virtio_rdmaapi through /dev/rdmaapi0 inside a VM.
 *
 *   drvtest abi                 ioctl allow-list and error codes
 *   drvtest stress THREADS N    THREADS threads, N queries each, one
 *                               context per thread plus one shared
 *   drvtest race THREADS        as stress, until the device is removed:
 *                               only -ENODEV may fail a query
 *   drvtest hold GO             open, wait for file GO, then expect
 *                               -ENODEV from a query and a clean close
 *
 * Prints "ok <what>" / "FAIL <what>" lines; exits 1 on any failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/virtio_rdmaapi.h>
#include <rdmaapi/rdmaapi-abi.h>
#include <rdmaapi/rdmaapi.h>

static int failures;

static void check(int cond, const char *what, int got)
{
	printf("%s %s (got %d)\n", cond ? "ok" : "FAIL", what, got);
	if (!cond)
		failures++;
}

static int call(int fd, unsigned int api, unsigned int op, void *req,
		unsigned int req_len, void *resp, unsigned int *resp_len)
{
	struct rdmaapi_cmd cmd = {
		.api = api, .opcode = op, .req_len = req_len,
		.resp_len = *resp_len,
		.req = (uintptr_t)req, .resp = (uintptr_t)resp,
	};

	if (ioctl(fd, RDMAAPI_IOCTL_CALL, &cmd))
		return -errno;
	*resp_len = cmd.resp_len;
	return 0;
}

static int test_abi(void)
{
	struct virtio_rdmaapi_query_port_req pq = { .port_num = 1 };
	struct virtio_rdmaapi_query_gid_req gq = { .port_num = 1 };
	struct virtio_rdmaapi_device_attr da;
	struct virtio_rdmaapi_port_attr pa;
	struct virtio_rdmaapi_gid g;
	struct rdmaapi_cmd cmd;
	unsigned int len;
	int fd, ret;

	fd = open("/dev/rdmaapi0", O_RDWR);
	check(fd >= 0, "open /dev/rdmaapi0", fd < 0 ? -errno : 0);
	if (fd < 0)
		return 1;

	len = sizeof(da);
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE,
		   NULL, 0, &da, &len);
	check(!ret && len == sizeof(da), "QUERY_DEVICE succeeds, full length", ret);

	len = sizeof(da) + 100;
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE,
		   NULL, 0, &da, &len);
	check(!ret && len == sizeof(da), "QUERY_DEVICE with extra room", ret);

	len = sizeof(pa);
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_PORT,
		   &pq, sizeof(pq), &pa, &len);
	check(!ret && len == sizeof(pa), "QUERY_PORT 1", ret);

	pq.port_num = 2;
	len = sizeof(pa);
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_PORT,
		   &pq, sizeof(pq), &pa, &len);
	check(ret == -EINVAL, "QUERY_PORT 2 of a 1-port device: EINVAL", ret);

	len = sizeof(pa);
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_PORT,
		   &pq, sizeof(pq) - 1, &pa, &len);
	check(ret == -EINVAL, "QUERY_PORT short request: EINVAL", ret);

	len = sizeof(g);
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_GID,
		   &gq, sizeof(gq), &g, &len);
	check(!ret && len == sizeof(g), "QUERY_GID 1/0", ret);

	gq.index = 1000;
	len = sizeof(g);
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_GID,
		   &gq, sizeof(gq), &g, &len);
	check(ret == -ENODATA, "QUERY_GID of an empty entry: ENODATA", ret);

	/* REG_MR carries guest addresses: never forwarded as is. */
	len = 16;
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_REG_MR,
		   &da, 64, &g, &len);
	check(ret == -EOPNOTSUPP, "REG_MR through the generic call: EOPNOTSUPP", ret);

	len = 8;
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, 200, NULL, 0, &g, &len);
	check(ret == -EOPNOTSUPP, "unknown verbs opcode: EOPNOTSUPP", ret);

	len = 8;
	ret = call(fd, VIRTIO_RDMAAPI_API_CORE, VIRTIO_RDMAAPI_CORE_DESTROY_CTX,
		   NULL, 0, &g, &len);
	check(ret == -EOPNOTSUPP, "CORE_DESTROY_CTX from userspace: EOPNOTSUPP", ret);

	len = 8;
	ret = call(fd, 15, 1, NULL, 0, &g, &len);
	check(ret == -EOPNOTSUPP, "unknown API: EOPNOTSUPP", ret);

	len = sizeof(da);
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE,
		   NULL, 0, (void *)8, &len);
	check(ret == -EFAULT, "bad response pointer: EFAULT", ret);

	len = sizeof(pa);
	ret = call(fd, VIRTIO_RDMAAPI_API_VERBS, VIRTIO_RDMAAPI_VERBS_QUERY_PORT,
		   (void *)8, sizeof(pq), &pa, &len);
	check(ret == -EFAULT, "bad request pointer: EFAULT", ret);

	ret = ioctl(fd, RDMAAPI_IOCTL_CALL, (void *)8) ? -errno : 0;
	check(ret == -EFAULT, "bad command pointer: EFAULT", ret);

	memset(&cmd, 0, sizeof(cmd));
	cmd.api = VIRTIO_RDMAAPI_API_VERBS;
	cmd.opcode = VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE;
	cmd.reserved = 1;
	ret = ioctl(fd, RDMAAPI_IOCTL_CALL, &cmd) ? -errno : 0;
	check(ret == -EINVAL, "reserved != 0: EINVAL", ret);

	ret = ioctl(fd, _IO(RDMAAPI_IOCTL_MAGIC, 0x7f)) ? -errno : 0;
	check(ret == -ENOTTY, "unknown ioctl: ENOTTY", ret);

	check(lseek(fd, 0, SEEK_SET) < 0 && errno == ESPIPE, "lseek: ESPIPE", errno);
	check(close(fd) == 0, "close", 0);
	return failures != 0;
}

struct worker {
	struct rdmaapi_device *dev;
	struct rdmaapi_context *shared;
	int iters;		/* 0: until the device is gone */
	int errors;		/* anything else than success (or -ENODEV) */
	int gone;		/* -ENODEV seen */
};

static void count(struct worker *w, int ret)
{
	if (!ret)
		return;
	if (ret == -ENODEV && !w->iters)
		w->gone++;
	else
		w->errors++;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct rdmaapi_device_attr da;
	struct rdmaapi_port_attr pa;
	enum rdmaapi_gid_type type;
	struct rdmaapi_context *own;
	union rdmaapi_gid gid;
	int i;

	own = rdmaapi_open_device(w->dev);
	if (!own) {
		w->errors++;
		return NULL;
	}
	for (i = 0; w->iters ? i < w->iters : w->gone < 2; i++) {
		struct rdmaapi_context *c = i & 1 ? own : w->shared;
		int ret;

		ret = rdmaapi_query_device(c, &da);
		count(w, ret);
		if (!ret && da.phys_port_cnt != 1)
			w->errors++;
		count(w, rdmaapi_query_port(c, 1, &pa));
		count(w, rdmaapi_query_gid(c, 1, 0, &gid, &type));
	}
	if (rdmaapi_close_device(own))
		w->errors++;
	return NULL;
}

static int test_stress(int nthreads, int iters)
{
	struct rdmaapi_device **list;
	struct rdmaapi_context *shared;
	struct worker *w;
	pthread_t *t;
	int i, errors = 0;

	list = rdmaapi_get_device_list(NULL);
	if (!list || !list[0]) {
		check(0, "device list", -errno);
		return 1;
	}
	shared = rdmaapi_open_device(list[0]);
	if (!shared) {
		check(0, "open", -errno);
		return 1;
	}
	w = calloc(nthreads, sizeof(*w));
	t = calloc(nthreads, sizeof(*t));
	for (i = 0; i < nthreads; i++) {
		w[i].dev = list[0];
		w[i].shared = shared;
		w[i].iters = iters;
		pthread_create(&t[i], NULL, work, &w[i]);
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(t[i], NULL);
		errors += w[i].errors;
	}
	if (iters)
		check(errors == 0, "stress: every concurrent query succeeded",
		      errors);
	else
		check(errors == 0,
		      "race: queries succeed until ENODEV, nothing else", errors);
	check(rdmaapi_close_device(shared) == 0, "stress: close", 0);
	rdmaapi_free_device_list(list);
	free(w);
	free(t);
	return failures != 0;
}

static int test_hold(const char *go)
{
	struct rdmaapi_device **list;
	struct rdmaapi_context *ctx;
	struct rdmaapi_device_attr da;
	struct stat st;
	int ret;

	list = rdmaapi_get_device_list(NULL);
	if (!list || !list[0]) {
		check(0, "device list", -errno);
		return 1;
	}
	ctx = rdmaapi_open_device(list[0]);
	rdmaapi_free_device_list(list);
	if (!ctx) {
		check(0, "open", -errno);
		return 1;
	}
	ret = rdmaapi_query_device(ctx, &da);
	check(ret == 0, "hold: query before removal", ret);
	printf("holding\n");
	fflush(stdout);
	while (stat(go, &st))
		usleep(100000);
	ret = rdmaapi_query_device(ctx, &da);
	check(ret == -ENODEV, "hold: query after removal: ENODEV", ret);
	ret = rdmaapi_query_port(ctx, 1, (struct rdmaapi_port_attr[1]){});
	check(ret == -ENODEV, "hold: query_port after removal: ENODEV", ret);
	ret = rdmaapi_close_device(ctx);
	check(ret == 0, "hold: close after removal", ret);
	return failures != 0;
}

int main(int argc, char *argv[])
{
	if (argc >= 2 && !strcmp(argv[1], "abi"))
		return test_abi();
	if (argc >= 4 && !strcmp(argv[1], "stress"))
		return test_stress(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 3 && !strcmp(argv[1], "race"))
		return test_stress(atoi(argv[2]), 0);
	if (argc >= 3 && !strcmp(argv[1], "hold"))
		return test_hold(argv[2]);
	fprintf(stderr, "usage: drvtest abi | stress THREADS N | race THREADS | hold GOFILE\n");
	return 2;
}
