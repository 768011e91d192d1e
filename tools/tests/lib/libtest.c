// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * libtest - librdmaapi without a kernel: a made-up /sys/class/rdmaapi and
 * /dev in a temporary directory, and this program's own ioctl(), which
 * takes precedence over libc's for the library, playing driver and host.
 * One check per behaviour; prints "ok"/"FAIL" lines, exits 1 on failure.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
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

#define CHECK(cond, what) do {						\
	int ok_ = !!(cond);						\
	printf("%s %s\n", ok_ ? "ok" : "FAIL", what);			\
	failures += !ok_;						\
} while (0)

/* What the fake device answers next. */
static struct {
	int err;			/* positive errno for the ioctl */
	unsigned int short_by;		/* bytes to leave out of the answer */
	struct virtio_rdmaapi_device_attr dev;
	struct virtio_rdmaapi_port_attr port;
	struct virtio_rdmaapi_gid gid;
	struct rdmaapi_cmd last;
} fake;

int ioctl(int fd, unsigned long request, ...)
{
	struct rdmaapi_cmd *cmd;
	const void *src;
	unsigned int len;
	va_list ap;

	(void)fd;
	va_start(ap, request);
	cmd = va_arg(ap, struct rdmaapi_cmd *);
	va_end(ap);
	if (request != RDMAAPI_IOCTL_CALL) {
		errno = ENOTTY;
		return -1;
	}
	fake.last = *cmd;
	if (fake.err) {
		errno = fake.err;
		return -1;
	}
	switch (cmd->opcode) {
	case VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE:
		src = &fake.dev;
		len = sizeof(fake.dev);
		break;
	case VIRTIO_RDMAAPI_VERBS_QUERY_PORT:
		src = &fake.port;
		len = sizeof(fake.port);
		break;
	default:
		src = &fake.gid;
		len = sizeof(fake.gid);
		break;
	}
	len -= fake.short_by;
	if (len > cmd->resp_len) {
		errno = EIO;
		return -1;
	}
	memcpy((void *)(uintptr_t)cmd->resp, src, len);
	cmd->resp_len = len;
	return 0;
}

static void put(const char *dir, const char *name, const char *file,
		const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, name, file);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static void make_tree(const char *root)
{
	char sys[256], dev[256], path[512];
	const char *names[] = { "rdmaapi10", "rdmaapi2", "rdmaapi0" };
	unsigned int i;

	snprintf(sys, sizeof(sys), "%s/sys", root);
	snprintf(dev, sizeof(dev), "%s/dev", root);
	mkdir(sys, 0755);
	mkdir(dev, 0755);
	for (i = 0; i < 3; i++) {
		put(sys, names[i], "ibdev", i == 2 ? "rxe0\n" : "mlx5_1\n");
		put(sys, names[i], "node_guid", "0011:2233:4455:6677\n");
		snprintf(path, sizeof(path), "%s/%s", dev, names[i]);
		close(open(path, O_CREAT | O_WRONLY, 0644));
	}
	/* Not devices, or broken ones: never listed. */
	put(sys, "rdmaapiX", "ibdev", "x\n");
	put(sys, "rdmaapi3", "ibdev", "no_guid\n");
	put(sys, "rdmaapi4", "ibdev", "bad_guid\n");
	put(sys, "rdmaapi4", "node_guid", "0011:2233\n");
	put(sys, "other0", "ibdev", "x\n");
	setenv("RDMAAPI_SYSFS_DIR", sys, 1);
	setenv("RDMAAPI_DEV_DIR", dev, 1);
}

static void test_list(void)
{
	struct rdmaapi_device **list;
	int num = -1;

	list = rdmaapi_get_device_list(&num);
	CHECK(list && num == 3, "list: three good devices of six entries");
	if (!list)
		return;
	CHECK(!strcmp(rdmaapi_get_device_name(list[0]), "rxe0") &&
	      !strcmp(rdmaapi_get_device_name(list[1]), "mlx5_1") &&
	      !list[3], "list: by index (0, 2, 10), NULL-terminated");
	CHECK(rdmaapi_get_device_guid(list[0]) == htobe64(0x0011223344556677ULL),
	      "guid: network byte order");
	CHECK(!rdmaapi_get_device_name(NULL) && errno == EINVAL,
	      "name of NULL: EINVAL");
	rdmaapi_free_device_list(list);
}

static void test_queries(void)
{
	struct rdmaapi_device **list = rdmaapi_get_device_list(NULL);
	struct rdmaapi_context *ctx;
	struct rdmaapi_device_attr a;
	struct rdmaapi_port_attr p;
	enum rdmaapi_gid_type type;
	union rdmaapi_gid gid;
	int ret;

	ctx = rdmaapi_open_device(list[0]);
	rdmaapi_free_device_list(list);
	CHECK(ctx && ctx->cmd_fd >= 0, "open");
	if (!ctx)
		return;
	CHECK(!strcmp(rdmaapi_get_device_name(ctx->device), "rxe0"),
	      "context keeps its device after the list is freed");

	fake.dev.raw_fw_ver = htole64(0x000100020003ULL);
	fake.dev.device_cap_flags = htole64(0x1c001223c76ULL);
	fake.dev.max_send_sge = htole32(32);
	fake.dev.max_recv_sge = htole32(16);
	fake.dev.transport = htole32(7);
	fake.dev.node_guid = htobe64(0x1122334455667788ULL);
	fake.dev.phys_port_cnt = 2;
	ret = rdmaapi_query_device(ctx, &a);
	CHECK(!ret, "query_device");
	CHECK(fake.last.api == VIRTIO_RDMAAPI_API_VERBS &&
	      fake.last.opcode == VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE &&
	      fake.last.req_len == 0 &&
	      fake.last.resp_len == sizeof(fake.dev),
	      "query_device: request as the driver's allow-list wants it");
	CHECK(!strcmp(a.fw_ver, "1.2.3"), "fw_ver: raw number formatted as providers do");
	CHECK(a.device_cap_flags == 0x01223c76 &&
	      a.device_cap_flags_ex == 0x1c001223c76ULL,
	      "device_cap_flags: low 32 bits, all in _ex");
	CHECK(a.max_sge == 16 && a.max_send_sge == 32 && a.max_recv_sge == 16,
	      "max_sge: min(send, recv)");
	CHECK(a.transport == RDMAAPI_TRANSPORT_UNKNOWN, "unknown transport");
	CHECK(a.node_guid == htobe64(0x1122334455667788ULL) &&
	      a.phys_port_cnt == 2, "node_guid and ports");

	memcpy(fake.dev.fw_ver, "16.35.2000", 11);
	ret = rdmaapi_query_device(ctx, &a);
	CHECK(!ret && !strcmp(a.fw_ver, "16.35.2000"), "fw_ver: the host's string first");

	fake.short_by = 4;
	CHECK(rdmaapi_query_device(ctx, &a) == -EIO, "short answer: -EIO");
	fake.short_by = 0;

	fake.port.state = htole32(4);
	fake.port.active_speed = htole16(300);
	fake.port.link_layer = 2;
	fake.port.lid = htole16(0x1234);
	ret = rdmaapi_query_port(ctx, 1, &p);
	CHECK(!ret && p.state == RDMAAPI_PORT_ACTIVE && p.lid == 0x1234 &&
	      p.link_layer == RDMAAPI_LINK_LAYER_ETHERNET, "query_port");
	CHECK(p.active_speed == 255, "active_speed: clamped to 8 bits");
	CHECK(fake.last.req_len == sizeof(struct virtio_rdmaapi_query_port_req),
	      "query_port: request size");

	fake.gid.raw[0] = 0xfe;
	fake.gid.gid_type = htole32(2);
	ret = rdmaapi_query_gid(ctx, 1, 3, &gid, &type);
	CHECK(!ret && gid.raw[0] == 0xfe && type == RDMAAPI_GID_TYPE_ROCE_V2,
	      "query_gid: GID and type");
	CHECK(rdmaapi_query_gid(ctx, 1, -1, &gid, NULL) == -EINVAL,
	      "query_gid: negative index: -EINVAL");

	fake.err = ENODATA;
	CHECK(rdmaapi_query_gid(ctx, 1, 4, &gid, &type) == -ENODATA,
	      "query_gid: empty entry: -ENODATA");
	fake.err = ENODEV;
	CHECK(rdmaapi_query_port(ctx, 1, &p) == -ENODEV,
	      "errors come back as negative errno");
	fake.err = 0;

	CHECK(rdmaapi_query_device(NULL, &a) == -EINVAL &&
	      rdmaapi_query_device(ctx, NULL) == -EINVAL, "NULL arguments: -EINVAL");
	CHECK(rdmaapi_close_device(ctx) == 0, "close");
	CHECK(rdmaapi_close_device(NULL) == -EINVAL, "close NULL: -EINVAL");
}

int main(void)
{
	char root[] = "/tmp/librdmaapi-test.XXXXXX";
	char cmd[64];

	setenv("RDMAAPI_SYSFS_DIR", "/nonexistent", 1);
	CHECK(!rdmaapi_get_device_list(NULL) && errno == ENOSYS,
	      "no /sys/class/rdmaapi: NULL, ENOSYS");
	CHECK(!strcmp(rdmaapi_strerror(-ENODEV), rdmaapi_strerror(ENODEV)) &&
	      strstr(rdmaapi_strerror(-ENODEV), "removed"),
	      "strerror: negative and positive errno");

	if (!mkdtemp(root))
		return 2;
	make_tree(root);
	test_list();
	test_queries();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd))
		return 2;
	return failures != 0;
}
