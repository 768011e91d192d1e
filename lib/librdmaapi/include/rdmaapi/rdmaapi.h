/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause) */
/*
 * librdmaapi - RDMA verbs for KVM guests, remoted to the host's RDMA device
 * through the virtio RDMA API device (/dev/rdmaapiN).
 *
 * Names and meanings follow libibverbs (<infiniband/verbs.h>): where a
 * libibverbs program says ibv_foo, this library says rdmaapi_foo. Calls
 * that return int return 0 or a negative errno; calls that return a
 * pointer return NULL and set errno. See Documentation/api.rst.
 */
#ifndef RDMAAPI_H
#define RDMAAPI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A device as found in /sys/class/rdmaapi; opaque. */
struct rdmaapi_device;

/**
 * struct rdmaapi_context - an open device: one context on the host
 * @device: the device it was opened from (a copy owned by the context)
 * @cmd_fd: file descriptor of /dev/rdmaapiN
 */
struct rdmaapi_context {
	struct rdmaapi_device *device;
	int cmd_fd;
};

enum rdmaapi_transport_type {
	RDMAAPI_TRANSPORT_UNKNOWN = -1,
	RDMAAPI_TRANSPORT_IB = 0,
	RDMAAPI_TRANSPORT_IWARP = 1,
};

enum rdmaapi_atomic_cap {
	RDMAAPI_ATOMIC_NONE,
	RDMAAPI_ATOMIC_HCA,
	RDMAAPI_ATOMIC_GLOB,
};

/* Bits of rdmaapi_device_attr.device_cap_flags (as IBV_DEVICE_*). */
enum rdmaapi_device_cap_flags {
	RDMAAPI_DEVICE_RESIZE_MAX_WR		= 1 << 0,
	RDMAAPI_DEVICE_BAD_PKEY_CNTR		= 1 << 1,
	RDMAAPI_DEVICE_BAD_QKEY_CNTR		= 1 << 2,
	RDMAAPI_DEVICE_RAW_MULTI		= 1 << 3,
	RDMAAPI_DEVICE_AUTO_PATH_MIG		= 1 << 4,
	RDMAAPI_DEVICE_CHANGE_PHY_PORT		= 1 << 5,
	RDMAAPI_DEVICE_UD_AV_PORT_ENFORCE	= 1 << 6,
	RDMAAPI_DEVICE_CURR_QP_STATE_MOD	= 1 << 7,
	RDMAAPI_DEVICE_SHUTDOWN_PORT		= 1 << 8,
	RDMAAPI_DEVICE_INIT_TYPE		= 1 << 9,
	RDMAAPI_DEVICE_PORT_ACTIVE_EVENT	= 1 << 10,
	RDMAAPI_DEVICE_SYS_IMAGE_GUID		= 1 << 11,
	RDMAAPI_DEVICE_RC_RNR_NAK_GEN		= 1 << 12,
	RDMAAPI_DEVICE_SRQ_RESIZE		= 1 << 13,
	RDMAAPI_DEVICE_N_NOTIFY_CQ		= 1 << 14,
	RDMAAPI_DEVICE_MEM_WINDOW		= 1 << 17,
	RDMAAPI_DEVICE_UD_IP_CSUM		= 1 << 18,
	RDMAAPI_DEVICE_XRC			= 1 << 20,
	RDMAAPI_DEVICE_MEM_MGT_EXTENSIONS	= 1 << 21,
	RDMAAPI_DEVICE_MEM_WINDOW_TYPE_2A	= 1 << 23,
	RDMAAPI_DEVICE_MEM_WINDOW_TYPE_2B	= 1 << 24,
	RDMAAPI_DEVICE_RC_IP_CSUM		= 1 << 25,
	RDMAAPI_DEVICE_RAW_IP_CSUM		= 1 << 26,
	RDMAAPI_DEVICE_MANAGED_FLOW_STEERING	= 1 << 29,
};

/**
 * struct rdmaapi_device_attr - attributes of the host RDMA device
 *
 * The fields of libibverbs' struct ibv_device_attr, with the values
 * ibv_query_device() returns on the host: @device_cap_flags holds the
 * low 32 bits of the kernel's flags and @max_sge is the smaller of the
 * device's send and receive limits, as uverbs reports them. GUIDs are in
 * network byte order. @max_fmr and @max_map_per_fmr are always 0 (FMRs
 * are gone from the kernel). After them come what ibv_device_attr lacks.
 */
struct rdmaapi_device_attr {
	char fw_ver[64];
	uint64_t node_guid;
	uint64_t sys_image_guid;
	uint64_t max_mr_size;
	uint64_t page_size_cap;
	uint32_t vendor_id;
	uint32_t vendor_part_id;
	uint32_t hw_ver;
	int max_qp;
	int max_qp_wr;
	unsigned int device_cap_flags;
	int max_sge;
	int max_sge_rd;
	int max_cq;
	int max_cqe;
	int max_mr;
	int max_pd;
	int max_qp_rd_atom;
	int max_ee_rd_atom;
	int max_res_rd_atom;
	int max_qp_init_rd_atom;
	int max_ee_init_rd_atom;
	enum rdmaapi_atomic_cap atomic_cap;
	int max_ee;
	int max_rdd;
	int max_mw;
	int max_raw_ipv6_qp;
	int max_raw_ethy_qp;
	int max_mcast_grp;
	int max_mcast_qp_attach;
	int max_total_mcast_qp_attach;
	int max_ah;
	int max_fmr;
	int max_map_per_fmr;
	int max_srq;
	int max_srq_wr;
	int max_srq_sge;
	uint16_t max_pkeys;
	uint8_t local_ca_ack_delay;
	uint8_t phys_port_cnt;
	/* Not in ibv_device_attr: */
	enum rdmaapi_transport_type transport;	/* ibv_device.transport_type */
	int max_send_sge;
	int max_recv_sge;
	int max_fast_reg_page_list_len;
	uint64_t raw_fw_ver;			/* the number behind @fw_ver */
	uint64_t device_cap_flags_ex;		/* all 64 bits, as in
						 * ibv_device_attr_ex */
};

enum rdmaapi_port_state {
	RDMAAPI_PORT_NOP		= 0,
	RDMAAPI_PORT_DOWN		= 1,
	RDMAAPI_PORT_INIT		= 2,
	RDMAAPI_PORT_ARMED		= 3,
	RDMAAPI_PORT_ACTIVE		= 4,
	RDMAAPI_PORT_ACTIVE_DEFER	= 5,
};

enum rdmaapi_mtu {
	RDMAAPI_MTU_256		= 1,
	RDMAAPI_MTU_512		= 2,
	RDMAAPI_MTU_1024	= 3,
	RDMAAPI_MTU_2048	= 4,
	RDMAAPI_MTU_4096	= 5,
};

enum {
	RDMAAPI_LINK_LAYER_UNSPECIFIED,
	RDMAAPI_LINK_LAYER_INFINIBAND,
	RDMAAPI_LINK_LAYER_ETHERNET,
};

/**
 * struct rdmaapi_port_attr - attributes of one port of the host device
 *
 * The fields of libibverbs' struct ibv_port_attr (without flags), with
 * the values ibv_query_port() returns on the host; @subnet_prefix (network
 * byte order) is not in ibv_port_attr.
 */
struct rdmaapi_port_attr {
	enum rdmaapi_port_state state;
	enum rdmaapi_mtu max_mtu;
	enum rdmaapi_mtu active_mtu;
	int gid_tbl_len;
	uint32_t port_cap_flags;
	uint32_t max_msg_sz;
	uint32_t bad_pkey_cntr;
	uint32_t qkey_viol_cntr;
	uint16_t pkey_tbl_len;
	uint16_t lid;
	uint16_t sm_lid;
	uint8_t lmc;
	uint8_t max_vl_num;
	uint8_t sm_sl;
	uint8_t subnet_timeout;
	uint8_t init_type_reply;
	uint8_t active_width;
	uint8_t active_speed;
	uint8_t phys_state;
	uint8_t link_layer;
	uint16_t port_cap_flags2;
	uint64_t subnet_prefix;
};

/* A GID, network byte order (as union ibv_gid). */
union rdmaapi_gid {
	uint8_t raw[16];
	struct {
		uint64_t subnet_prefix;
		uint64_t interface_id;
	} global;
};

/* Type of a GID table entry (the kernel's and ibv_gid_type's values). */
enum rdmaapi_gid_type {
	RDMAAPI_GID_TYPE_IB		= 0,
	RDMAAPI_GID_TYPE_ROCE_V1	= 1,
	RDMAAPI_GID_TYPE_ROCE_V2	= 2,
};

struct rdmaapi_device **rdmaapi_get_device_list(int *num_devices);
void rdmaapi_free_device_list(struct rdmaapi_device **list);
const char *rdmaapi_get_device_name(struct rdmaapi_device *device);
uint64_t rdmaapi_get_device_guid(struct rdmaapi_device *device);

struct rdmaapi_context *rdmaapi_open_device(struct rdmaapi_device *device);
int rdmaapi_close_device(struct rdmaapi_context *context);

int rdmaapi_query_device(struct rdmaapi_context *context,
			 struct rdmaapi_device_attr *device_attr);
int rdmaapi_query_port(struct rdmaapi_context *context, uint8_t port_num,
		       struct rdmaapi_port_attr *port_attr);
int rdmaapi_query_gid(struct rdmaapi_context *context, uint8_t port_num,
		      int index, union rdmaapi_gid *gid,
		      enum rdmaapi_gid_type *type);

const char *rdmaapi_strerror(int err);

#ifdef __cplusplus
}
#endif

#endif /* RDMAAPI_H */
