// SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
/*
 * rdmaapi-info - print the attributes of the host RDMA devices a guest
 * reaches through librdmaapi, in the format of rdma-core's ibv_devinfo,
 * so that the two outputs can be compared line by line.
 */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rdmaapi/rdmaapi.h>

static int verbose;

static const char *transport_str(enum rdmaapi_transport_type t)
{
	switch (t) {
	case RDMAAPI_TRANSPORT_IB:	return "InfiniBand";
	case RDMAAPI_TRANSPORT_IWARP:	return "iWARP";
	default:			return "invalid transport";
	}
}

static const char *port_state_str(enum rdmaapi_port_state s)
{
	switch (s) {
	case RDMAAPI_PORT_DOWN:		return "PORT_DOWN";
	case RDMAAPI_PORT_INIT:		return "PORT_INIT";
	case RDMAAPI_PORT_ARMED:	return "PORT_ARMED";
	case RDMAAPI_PORT_ACTIVE:	return "PORT_ACTIVE";
	default:			return "invalid state";
	}
}

static const char *phys_state_str(uint8_t s)
{
	switch (s) {
	case 1:		return "SLEEP";
	case 2:		return "POLLING";
	case 3:		return "DISABLED";
	case 4:		return "PORT_CONFIGURATION TRAINNING";
	case 5:		return "LINK_UP";
	case 6:		return "LINK_ERROR_RECOVERY";
	case 7:		return "PHY TEST";
	default:	return "invalid physical state";
	}
}

static const char *atomic_cap_str(enum rdmaapi_atomic_cap c)
{
	switch (c) {
	case RDMAAPI_ATOMIC_NONE:	return "ATOMIC_NONE";
	case RDMAAPI_ATOMIC_HCA:	return "ATOMIC_HCA";
	case RDMAAPI_ATOMIC_GLOB:	return "ATOMIC_GLOB";
	default:			return "invalid atomic capability";
	}
}

static const char *mtu_str(enum rdmaapi_mtu m)
{
	switch (m) {
	case RDMAAPI_MTU_256:	return "256";
	case RDMAAPI_MTU_512:	return "512";
	case RDMAAPI_MTU_1024:	return "1024";
	case RDMAAPI_MTU_2048:	return "2048";
	case RDMAAPI_MTU_4096:	return "4096";
	default:		return "invalid MTU";
	}
}

static const char *width_str(uint8_t w)
{
	switch (w) {
	case 1:		return "1";
	case 2:		return "4";
	case 4:		return "8";
	case 8:		return "12";
	case 16:	return "2";
	default:	return "invalid width";
	}
}

static const char *speed_str(uint8_t s)
{
	switch (s) {
	case 1:		return "2.5 Gbps";
	case 2:		return "5.0 Gbps";
	case 4:
	case 8:		return "10.0 Gbps";
	case 16:	return "14.0 Gbps";
	case 32:	return "25.0 Gbps";
	case 64:	return "50.0 Gbps";
	case 128:	return "100.0 Gbps";
	default:	return "invalid speed";
	}
}

static const char *vl_str(uint8_t v)
{
	switch (v) {
	case 1:		return "1";
	case 2:		return "2";
	case 3:		return "4";
	case 4:		return "8";
	case 5:		return "15";
	default:	return "invalid value";
	}
}

static const char *link_layer_str(uint8_t l)
{
	switch (l) {
	case RDMAAPI_LINK_LAYER_UNSPECIFIED:
		return "Unspecified";
	case RDMAAPI_LINK_LAYER_INFINIBAND:
		return "InfiniBand";
	case RDMAAPI_LINK_LAYER_ETHERNET:
		return "Ethernet";
	default:
		return "Unknown";
	}
}

static const char *guid_str(uint64_t be_guid, char *buf, size_t len)
{
	uint64_t g = be64toh(be_guid);

	snprintf(buf, len, "%04x:%04x:%04x:%04x",
		 (unsigned int)(g >> 48) & 0xffff,
		 (unsigned int)(g >> 32) & 0xffff,
		 (unsigned int)(g >> 16) & 0xffff,
		 (unsigned int)g & 0xffff);
	return buf;
}

static const struct {
	unsigned int flag;
	const char *name;
} cap_names[] = {
	{ RDMAAPI_DEVICE_RESIZE_MAX_WR,		"RESIZE_MAX_WR" },
	{ RDMAAPI_DEVICE_BAD_PKEY_CNTR,		"BAD_PKEY_CNTR" },
	{ RDMAAPI_DEVICE_BAD_QKEY_CNTR,		"BAD_QKEY_CNTR" },
	{ RDMAAPI_DEVICE_RAW_MULTI,		"RAW_MULTI" },
	{ RDMAAPI_DEVICE_AUTO_PATH_MIG,		"AUTO_PATH_MIG" },
	{ RDMAAPI_DEVICE_CHANGE_PHY_PORT,	"CHANGE_PHY_PORT" },
	{ RDMAAPI_DEVICE_UD_AV_PORT_ENFORCE,	"UD_AV_PORT_ENFORCE" },
	{ RDMAAPI_DEVICE_CURR_QP_STATE_MOD,	"CURR_QP_STATE_MOD" },
	{ RDMAAPI_DEVICE_SHUTDOWN_PORT,		"SHUTDOWN_PORT" },
	{ RDMAAPI_DEVICE_INIT_TYPE,		"INIT_TYPE" },
	{ RDMAAPI_DEVICE_PORT_ACTIVE_EVENT,	"PORT_ACTIVE_EVENT" },
	{ RDMAAPI_DEVICE_SYS_IMAGE_GUID,	"SYS_IMAGE_GUID" },
	{ RDMAAPI_DEVICE_RC_RNR_NAK_GEN,	"RC_RNR_NAK_GEN" },
	{ RDMAAPI_DEVICE_SRQ_RESIZE,		"SRQ_RESIZE" },
	{ RDMAAPI_DEVICE_N_NOTIFY_CQ,		"N_NOTIFY_CQ" },
	{ RDMAAPI_DEVICE_MEM_WINDOW,		"MEM_WINDOW" },
	{ RDMAAPI_DEVICE_UD_IP_CSUM,		"UD_IP_CSUM" },
	{ RDMAAPI_DEVICE_XRC,			"XRC" },
	{ RDMAAPI_DEVICE_MEM_MGT_EXTENSIONS,	"MEM_MGT_EXTENSIONS" },
	{ RDMAAPI_DEVICE_MEM_WINDOW_TYPE_2A,	"MEM_WINDOW_TYPE_2A" },
	{ RDMAAPI_DEVICE_MEM_WINDOW_TYPE_2B,	"MEM_WINDOW_TYPE_2B" },
	{ RDMAAPI_DEVICE_RC_IP_CSUM,		"RC_IP_CSUM" },
	{ RDMAAPI_DEVICE_RAW_IP_CSUM,		"RAW_IP_CSUM" },
	{ RDMAAPI_DEVICE_MANAGED_FLOW_STEERING,	"MANAGED_FLOW_STEERING" },
};

static void print_device_cap_flags(unsigned int flags)
{
	unsigned int known = 0;
	size_t i;

	for (i = 0; i < sizeof(cap_names) / sizeof(cap_names[0]); i++) {
		known |= cap_names[i].flag;
		if (flags & cap_names[i].flag)
			printf("\t\t\t\t\t%s\n", cap_names[i].name);
	}
	if (flags & ~known)
		printf("\t\t\t\t\tUnknown flags: 0x%" PRIX32 "\n",
		       (uint32_t)(flags & ~known));
}

/* Bits 32 and up of device_cap_flags_ex that ibv_devinfo names. */
#define RAW_SCATTER_FCS		(1ULL << 34)
#define PCI_WRITE_END_PADDING	(1ULL << 36)

static void print_device_cap_flags_ex(uint64_t flags)
{
	uint64_t ex = flags & 0xffffffff00000000ULL;
	uint64_t unknown = ex & ~(RAW_SCATTER_FCS | PCI_WRITE_END_PADDING);

	if (ex & RAW_SCATTER_FCS)
		printf("\t\t\t\t\tRAW_SCATTER_FCS\n");
	if (ex & PCI_WRITE_END_PADDING)
		printf("\t\t\t\t\tPCI_WRITE_END_PADDING\n");
	if (unknown)
		printf("\t\t\t\t\tUnknown flags: 0x%" PRIX64 "\n", unknown);
}

static void print_verbose_device(const struct rdmaapi_device_attr *a)
{
	printf("\tmax_mr_size:\t\t\t0x%llx\n", (unsigned long long)a->max_mr_size);
	printf("\tpage_size_cap:\t\t\t0x%llx\n",
	       (unsigned long long)a->page_size_cap);
	printf("\tmax_qp:\t\t\t\t%d\n", a->max_qp);
	printf("\tmax_qp_wr:\t\t\t%d\n", a->max_qp_wr);
	printf("\tdevice_cap_flags:\t\t0x%08x\n", a->device_cap_flags);
	print_device_cap_flags(a->device_cap_flags);
	printf("\tmax_sge:\t\t\t%d\n", a->max_sge);
	printf("\tmax_sge_rd:\t\t\t%d\n", a->max_sge_rd);
	printf("\tmax_cq:\t\t\t\t%d\n", a->max_cq);
	printf("\tmax_cqe:\t\t\t%d\n", a->max_cqe);
	printf("\tmax_mr:\t\t\t\t%d\n", a->max_mr);
	printf("\tmax_pd:\t\t\t\t%d\n", a->max_pd);
	printf("\tmax_qp_rd_atom:\t\t\t%d\n", a->max_qp_rd_atom);
	printf("\tmax_ee_rd_atom:\t\t\t%d\n", a->max_ee_rd_atom);
	printf("\tmax_res_rd_atom:\t\t%d\n", a->max_res_rd_atom);
	printf("\tmax_qp_init_rd_atom:\t\t%d\n", a->max_qp_init_rd_atom);
	printf("\tmax_ee_init_rd_atom:\t\t%d\n", a->max_ee_init_rd_atom);
	printf("\tatomic_cap:\t\t\t%s (%d)\n", atomic_cap_str(a->atomic_cap),
	       a->atomic_cap);
	printf("\tmax_ee:\t\t\t\t%d\n", a->max_ee);
	printf("\tmax_rdd:\t\t\t%d\n", a->max_rdd);
	printf("\tmax_mw:\t\t\t\t%d\n", a->max_mw);
	printf("\tmax_raw_ipv6_qp:\t\t%d\n", a->max_raw_ipv6_qp);
	printf("\tmax_raw_ethy_qp:\t\t%d\n", a->max_raw_ethy_qp);
	printf("\tmax_mcast_grp:\t\t\t%d\n", a->max_mcast_grp);
	printf("\tmax_mcast_qp_attach:\t\t%d\n", a->max_mcast_qp_attach);
	printf("\tmax_total_mcast_qp_attach:\t%d\n",
	       a->max_total_mcast_qp_attach);
	printf("\tmax_ah:\t\t\t\t%d\n", a->max_ah);
	printf("\tmax_fmr:\t\t\t%d\n", a->max_fmr);
	if (a->max_fmr)
		printf("\tmax_map_per_fmr:\t\t%d\n", a->max_map_per_fmr);
	printf("\tmax_srq:\t\t\t%d\n", a->max_srq);
	if (a->max_srq) {
		printf("\tmax_srq_wr:\t\t\t%d\n", a->max_srq_wr);
		printf("\tmax_srq_sge:\t\t\t%d\n", a->max_srq_sge);
	}
	printf("\tmax_pkeys:\t\t\t%d\n", a->max_pkeys);
	printf("\tlocal_ca_ack_delay:\t\t%d\n", a->local_ca_ack_delay);
	/*
	 * Of the extended attributes ibv_devinfo prints next, the protocol
	 * carries only these flags.
	 */
	printf("\tdevice_cap_flags_ex:\t\t0x%" PRIX64 "\n",
	       a->device_cap_flags_ex);
	print_device_cap_flags_ex(a->device_cap_flags_ex);
}

/* As ibv_devinfo: an entry whose interface ID is zero is not shown. */
static int null_gid(const union rdmaapi_gid *gid)
{
	int i;

	for (i = 8; i < 16; i++)
		if (gid->raw[i])
			return 0;
	return 1;
}

static void print_gid(int index, const union rdmaapi_gid *gid,
		      enum rdmaapi_gid_type type, uint8_t link_layer)
{
	char addr[INET6_ADDRSTRLEN];
	char suffix[16] = "";
	const uint8_t *r = gid->raw;

	if (link_layer == RDMAAPI_LINK_LAYER_ETHERNET)
		snprintf(suffix, sizeof(suffix), ", %s",
			 type == RDMAAPI_GID_TYPE_ROCE_V2 ? "RoCE v2" :
							    "RoCE v1");

	/* RoCE v2 GIDs are IP addresses: ibv_devinfo shows them as such. */
	if (type == RDMAAPI_GID_TYPE_ROCE_V2) {
		inet_ntop(AF_INET6, r, addr, sizeof(addr));
		printf("\t\t\tGID[%3d]:\t\t%s%s\n", index, addr, suffix);
		return;
	}
	printf("\t\t\tGID[%3d]:\t\t%02x%02x:%02x%02x:%02x%02x:%02x%02x:"
	       "%02x%02x:%02x%02x:%02x%02x:%02x%02x%s\n", index,
	       r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7],
	       r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15], suffix);
}

static int print_gids(struct rdmaapi_context *ctx, uint8_t port,
		      const struct rdmaapi_port_attr *pa)
{
	enum rdmaapi_gid_type type;
	union rdmaapi_gid gid;
	int i, ret;

	for (i = 0; i < pa->gid_tbl_len; i++) {
		ret = rdmaapi_query_gid(ctx, port, i, &gid, &type);
		if (ret == -ENODATA)
			continue;
		if (ret) {
			fprintf(stderr, "Failed to query gid to port %u, index %d\n",
				port, i);
			return ret;
		}
		if (!null_gid(&gid))
			print_gid(i, &gid, type, pa->link_layer);
	}
	return 0;
}

static int print_port(struct rdmaapi_context *ctx, uint8_t port,
		      enum rdmaapi_transport_type transport)
{
	struct rdmaapi_port_attr pa;
	int ret;

	ret = rdmaapi_query_port(ctx, port, &pa);
	if (ret) {
		fprintf(stderr, "Failed to query port %u props\n", port);
		return ret;
	}
	printf("\t\tport:\t%u\n", port);
	printf("\t\t\tstate:\t\t\t%s (%d)\n", port_state_str(pa.state),
	       pa.state);
	printf("\t\t\tmax_mtu:\t\t%s (%d)\n", mtu_str(pa.max_mtu), pa.max_mtu);
	printf("\t\t\tactive_mtu:\t\t%s (%d)\n", mtu_str(pa.active_mtu),
	       pa.active_mtu);
	printf("\t\t\tsm_lid:\t\t\t%d\n", pa.sm_lid);
	printf("\t\t\tport_lid:\t\t%d\n", pa.lid);
	printf("\t\t\tport_lmc:\t\t0x%02x\n", pa.lmc);
	printf("\t\t\tlink_layer:\t\t%s\n", link_layer_str(pa.link_layer));

	if (verbose) {
		printf("\t\t\tmax_msg_sz:\t\t0x%x\n", pa.max_msg_sz);
		printf("\t\t\tport_cap_flags:\t\t0x%08x\n", pa.port_cap_flags);
		printf("\t\t\tport_cap_flags2:\t0x%04x\n", pa.port_cap_flags2);
		printf("\t\t\tmax_vl_num:\t\t%s (%d)\n", vl_str(pa.max_vl_num),
		       pa.max_vl_num);
		printf("\t\t\tbad_pkey_cntr:\t\t0x%x\n", pa.bad_pkey_cntr);
		printf("\t\t\tqkey_viol_cntr:\t\t0x%x\n", pa.qkey_viol_cntr);
		printf("\t\t\tsm_sl:\t\t\t%d\n", pa.sm_sl);
		printf("\t\t\tpkey_tbl_len:\t\t%d\n", pa.pkey_tbl_len);
		printf("\t\t\tgid_tbl_len:\t\t%d\n", pa.gid_tbl_len);
		printf("\t\t\tsubnet_timeout:\t\t%d\n", pa.subnet_timeout);
		printf("\t\t\tinit_type_reply:\t%d\n", pa.init_type_reply);
		printf("\t\t\tactive_width:\t\t%sX (%d)\n",
		       width_str(pa.active_width), pa.active_width);
		printf("\t\t\tactive_speed:\t\t%s (%d)\n",
		       speed_str(pa.active_speed), pa.active_speed);
		if (transport == RDMAAPI_TRANSPORT_IB)
			printf("\t\t\tphys_state:\t\t%s (%d)\n",
			       phys_state_str(pa.phys_state), pa.phys_state);
		ret = print_gids(ctx, port, &pa);
		if (ret)
			return ret;
	}
	printf("\n");
	return 0;
}

/*
 * The host's per-device limits (shared by every context of this device),
 * which ibv_devinfo has no equivalent for. A host without the query just
 * has no such section.
 */
static void print_limits(struct rdmaapi_context *ctx)
{
	struct rdmaapi_limit l[RDMAAPI_LIMITS_MAX];
	int i, n;

	n = rdmaapi_query_limits(ctx, l, RDMAAPI_LIMITS_MAX);
	if (n <= 0)
		return;
	printf("	limits (used / max, all contexts of this device):\n");
	for (i = 0; i < n; i++) {
		char key[sizeof(l[i].name) + 1];

		snprintf(key, sizeof(key), "%.15s:", l[i].name);
		printf("\t\t%-24s%" PRIu64 " / %" PRIu64 "\n", key,
		       l[i].used, l[i].max);
	}
	printf("\n");
}

/* Exit codes as ibv_devinfo's: 1 open, 2 query, 3 close, 4 bad port. */
static int print_device(struct rdmaapi_device *dev, int only_port)
{
	struct rdmaapi_device_attr a;
	struct rdmaapi_context *ctx;
	char buf[32];
	int port, rc = 0;

	ctx = rdmaapi_open_device(dev);
	if (!ctx) {
		fprintf(stderr, "Failed to open device\n");
		return 1;
	}
	if (rdmaapi_query_device(ctx, &a)) {
		fprintf(stderr, "Failed to query device props\n");
		rc = 2;
		goto out_close;
	}
	if (only_port && only_port > a.phys_port_cnt) {
		fprintf(stderr, "Invalid port requested for device\n");
		rc = 4;
		goto out_close;
	}

	printf("hca_id:\t%s\n", rdmaapi_get_device_name(dev));
	printf("\ttransport:\t\t\t%s (%d)\n", transport_str(a.transport),
	       a.transport);
	if (a.fw_ver[0])
		printf("\tfw_ver:\t\t\t\t%s\n", a.fw_ver);
	printf("\tnode_guid:\t\t\t%s\n", guid_str(a.node_guid, buf, sizeof(buf)));
	printf("\tsys_image_guid:\t\t\t%s\n",
	       guid_str(a.sys_image_guid, buf, sizeof(buf)));
	printf("\tvendor_id:\t\t\t0x%04x\n", a.vendor_id);
	printf("\tvendor_part_id:\t\t\t%d\n", a.vendor_part_id);
	printf("\thw_ver:\t\t\t\t0x%X\n", a.hw_ver);
	printf("\tphys_port_cnt:\t\t\t%d\n", a.phys_port_cnt);
	if (verbose)
		print_verbose_device(&a);

	for (port = 1; port <= a.phys_port_cnt; port++) {
		if (only_port && port != only_port)
			continue;
		if (print_port(ctx, port, a.transport))
			break;
	}
	print_limits(ctx);

out_close:
	if (rdmaapi_close_device(ctx)) {
		fprintf(stderr, "Failed to close device");
		rc = 3;
	}
	return rc;
}

static void usage(const char *argv0)
{
	printf("Usage: %s             print the ca attributes\n", argv0);
	printf("\n");
	printf("Options:\n");
	printf("  -d, --ib-dev=<dev>     use IB device <dev> (default first device found)\n");
	printf("  -i, --ib-port=<port>   use port <port> of IB device (default all ports)\n");
	printf("  -l, --list             print only the IB devices names\n");
	printf("  -v, --verbose          print all the attributes of the IB device(s)\n");
}

static int list_devices(void)
{
	struct rdmaapi_device **list;
	int i, num;

	list = rdmaapi_get_device_list(&num);
	if (!list) {
		perror("Failed to get IB devices list");
		return -1;
	}
	printf("%d HCA%s found:\n", num, num != 1 ? "s" : "");
	for (i = 0; list[i]; i++)
		printf("\t%s\n", rdmaapi_get_device_name(list[i]));
	printf("\n");
	rdmaapi_free_device_list(list);
	return 0;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ .name = "ib-dev",  .has_arg = 1, .val = 'd' },
		{ .name = "ib-port", .has_arg = 1, .val = 'i' },
		{ .name = "list",    .has_arg = 0, .val = 'l' },
		{ .name = "verbose", .has_arg = 0, .val = 'v' },
		{ }
	};
	struct rdmaapi_device **list, **dev;
	const char *devname = NULL;
	int port = 0, ret = 0, c;

	while ((c = getopt_long(argc, argv, "d:i:lv", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			devname = optarg;
			break;
		case 'i':
			port = strtol(optarg, NULL, 0);
			if (port <= 0 || port > 255) {
				usage(argv[0]);
				return 1;
			}
			break;
		case 'v':
			verbose = 1;
			break;
		case 'l':
			return list_devices();
		default:
			usage(argv[0]);
			return -1;
		}
	}

	list = rdmaapi_get_device_list(NULL);
	if (!list) {
		perror("Failed to get IB devices list");
		return -1;
	}

	if (devname) {
		for (dev = list; *dev; dev++)
			if (!strcmp(rdmaapi_get_device_name(*dev), devname))
				break;
		if (!*dev) {
			fprintf(stderr, "IB device '%s' wasn't found\n", devname);
			ret = -1;
		} else {
			ret = print_device(*dev, port);
		}
	} else if (!*list) {
		fprintf(stderr, "No IB devices found\n");
		ret = -1;
	} else {
		for (dev = list; *dev; dev++)
			ret |= print_device(*dev, port);
	}

	rdmaapi_free_device_list(list);
	return ret;
}
