/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * virtio_rdmaapi.h - wire protocol between a guest and an RDMA API remoting
 * device (virtio device ID 42).
 *
 * Every field is little-endian and naturally aligned; no structure is packed
 * and every size is fixed (asserted with BUILD_BUG_ON on both sides).
 * Documentation/protocol.rst is the prose specification of this file.
 */
#ifndef _UAPI_LINUX_VIRTIO_RDMAAPI_H
#define _UAPI_LINUX_VIRTIO_RDMAAPI_H

#include <linux/types.h>

/* The virtio device ID the specification reserves for an RDMA device. */
#define VIRTIO_ID_RDMAAPI		42

/* Protocol version carried in virtio_rdmaapi_config.version. */
#define VIRTIO_RDMAAPI_VERSION		1

/* Virtqueues. */
#define VIRTIO_RDMAAPI_VQ_CTRL		0	/* requests and responses */
#define VIRTIO_RDMAAPI_VQ_EVENT		1	/* asynchronous events (host to guest) */
#define VIRTIO_RDMAAPI_NUM_VQS		2

/* API identifiers (virtio_rdmaapi_req_hdr.api, bit in config.apis). */
#define VIRTIO_RDMAAPI_API_CORE		0	/* contexts: API independent */
#define VIRTIO_RDMAAPI_API_VERBS	1	/* RDMA verbs */
#define VIRTIO_RDMAAPI_API_MAX		16

/* Longest name of a host RDMA device, including the terminating NUL. */
#define VIRTIO_RDMAAPI_NAME_LEN		64

/**
 * struct virtio_rdmaapi_config - device configuration space (read-only)
 * @version: protocol version, VIRTIO_RDMAAPI_VERSION
 * @num_queues: number of virtqueues, VIRTIO_RDMAAPI_NUM_VQS
 * @apis: bitmap of supported API identifiers (bit N = API N)
 * @max_ctx: contexts the device allows at once
 * @max_req_len: largest request payload (after the header) in bytes
 * @max_resp_len: largest response payload (after the header) in bytes
 * @phys_port_cnt: ports of the host RDMA device
 * @reserved: zero
 * @node_guid: node GUID of the host RDMA device (network byte order)
 * @ibdev_name: NUL-terminated name of the host RDMA device
 */
struct virtio_rdmaapi_config {
	__le32 version;
	__le32 num_queues;
	__le32 apis;
	__le32 max_ctx;
	__le32 max_req_len;
	__le32 max_resp_len;
	__le32 phys_port_cnt;
	__le32 reserved;
	__be64 node_guid;
	__u8 ibdev_name[VIRTIO_RDMAAPI_NAME_LEN];
};

/**
 * struct virtio_rdmaapi_req_hdr - head of every request on the control queue
 * @api: API identifier, VIRTIO_RDMAAPI_API_*
 * @opcode: operation within @api
 * @ctx: context handle (from VIRTIO_RDMAAPI_CORE_CREATE_CTX), 0 for none
 * @req_len: bytes of request payload following this header
 * @resp_len: bytes of response payload the driver has room for after the
 *	response header
 * @reserved: zero
 *
 * A request is one descriptor chain: the device-readable part holds this
 * header and @req_len payload bytes; the device-writable part holds room for
 * struct virtio_rdmaapi_resp_hdr and @resp_len payload bytes.
 */
struct virtio_rdmaapi_req_hdr {
	__le16 api;
	__le16 opcode;
	__le32 ctx;
	__le32 req_len;
	__le32 resp_len;
	__le64 reserved;
};

/**
 * struct virtio_rdmaapi_resp_hdr - head of every response
 * @status: 0 on success, else a negative Linux errno (two's complement)
 * @resp_len: bytes of response payload written after this header
 */
struct virtio_rdmaapi_resp_hdr {
	__le32 status;
	__le32 resp_len;
};

/* API_CORE opcodes. */
#define VIRTIO_RDMAAPI_CORE_CREATE_CTX	1	/* no payload -> create_ctx_resp */
#define VIRTIO_RDMAAPI_CORE_DESTROY_CTX	2	/* hdr.ctx, no payload, no response */

/**
 * struct virtio_rdmaapi_create_ctx_resp - response to CORE_CREATE_CTX
 * @ctx: handle of the new context, never 0
 * @reserved: zero
 */
struct virtio_rdmaapi_create_ctx_resp {
	__le32 ctx;
	__le32 reserved;
};

/* API_VERBS opcodes. */
#define VIRTIO_RDMAAPI_VERBS_QUERY_DEVICE	1
#define VIRTIO_RDMAAPI_VERBS_QUERY_PORT		2
#define VIRTIO_RDMAAPI_VERBS_QUERY_GID		3

/* Transport of the host device (virtio_rdmaapi_device_attr.transport). */
#define VIRTIO_RDMAAPI_TRANSPORT_IB	0
#define VIRTIO_RDMAAPI_TRANSPORT_IWARP	1

/**
 * struct virtio_rdmaapi_device_attr - response to VERBS_QUERY_DEVICE
 *
 * Fields carry the host device's struct ib_device_attr values with the
 * names of libibverbs' struct ibv_device_attr; @fw_ver is the string the
 * host kernel driver reports (may be empty), @raw_fw_ver the number uverbs
 * hands to userspace providers (which format it, e.g. "major.minor.sub").
 */
struct virtio_rdmaapi_device_attr {
	__u8 fw_ver[64];
	__le64 raw_fw_ver;
	__be64 node_guid;
	__be64 sys_image_guid;
	__le64 max_mr_size;
	__le64 page_size_cap;
	__le64 device_cap_flags;
	__le32 vendor_id;
	__le32 vendor_part_id;
	__le32 hw_ver;
	__le32 max_qp;
	__le32 max_qp_wr;
	__le32 max_send_sge;
	__le32 max_recv_sge;
	__le32 max_sge_rd;
	__le32 max_cq;
	__le32 max_cqe;
	__le32 max_mr;
	__le32 max_pd;
	__le32 max_qp_rd_atom;
	__le32 max_ee_rd_atom;
	__le32 max_res_rd_atom;
	__le32 max_qp_init_rd_atom;
	__le32 max_ee_init_rd_atom;
	__le32 atomic_cap;
	__le32 max_ee;
	__le32 max_rdd;
	__le32 max_mw;
	__le32 max_raw_ipv6_qp;
	__le32 max_raw_ethy_qp;
	__le32 max_mcast_grp;
	__le32 max_mcast_qp_attach;
	__le32 max_total_mcast_qp_attach;
	__le32 max_ah;
	__le32 max_srq;
	__le32 max_srq_wr;
	__le32 max_srq_sge;
	__le32 max_fast_reg_page_list_len;
	__le16 max_pkeys;
	__u8 local_ca_ack_delay;
	__u8 phys_port_cnt;
	__le32 transport;
	__le32 reserved;
};

/**
 * struct virtio_rdmaapi_query_port_req - request of VERBS_QUERY_PORT
 * @port_num: port, 1 .. phys_port_cnt
 * @reserved: zero
 */
struct virtio_rdmaapi_query_port_req {
	__le32 port_num;
	__le32 reserved;
};

/* Link layer (virtio_rdmaapi_port_attr.link_layer), as libibverbs. */
#define VIRTIO_RDMAAPI_LINK_LAYER_UNSPECIFIED	0
#define VIRTIO_RDMAAPI_LINK_LAYER_INFINIBAND	1
#define VIRTIO_RDMAAPI_LINK_LAYER_ETHERNET	2

/**
 * struct virtio_rdmaapi_port_attr - response to VERBS_QUERY_PORT
 *
 * The host's struct ib_port_attr with the names of libibverbs'
 * struct ibv_port_attr; @port_cap_flags is as uverbs reports it.
 */
struct virtio_rdmaapi_port_attr {
	__be64 subnet_prefix;
	__le32 state;
	__le32 max_mtu;
	__le32 active_mtu;
	__le32 gid_tbl_len;
	__le32 port_cap_flags;
	__le32 max_msg_sz;
	__le32 bad_pkey_cntr;
	__le32 qkey_viol_cntr;
	__le16 pkey_tbl_len;
	__le16 lid;
	__le16 sm_lid;
	__le16 port_cap_flags2;
	__le16 active_speed;
	__u8 lmc;
	__u8 max_vl_num;
	__u8 sm_sl;
	__u8 subnet_timeout;
	__u8 init_type_reply;
	__u8 active_width;
	__u8 phys_state;
	__u8 link_layer;
	__u8 reserved[6];
};

/**
 * struct virtio_rdmaapi_query_gid_req - request of VERBS_QUERY_GID
 * @port_num: port, 1 .. phys_port_cnt
 * @index: GID table index, 0 .. gid_tbl_len - 1
 *
 * An empty table entry is answered with -ENODATA.
 */
struct virtio_rdmaapi_query_gid_req {
	__le32 port_num;
	__le32 index;
};

/* GID types (virtio_rdmaapi_gid.gid_type), as libibverbs' ibv_gid_type. */
#define VIRTIO_RDMAAPI_GID_TYPE_IB		0
#define VIRTIO_RDMAAPI_GID_TYPE_ROCE_V1		1
#define VIRTIO_RDMAAPI_GID_TYPE_ROCE_V2		2

/**
 * struct virtio_rdmaapi_gid - response to VERBS_QUERY_GID
 * @raw: the GID, network byte order
 * @gid_type: VIRTIO_RDMAAPI_GID_TYPE_*
 * @reserved: zero
 */
struct virtio_rdmaapi_gid {
	__u8 raw[16];
	__le32 gid_type;
	__le32 reserved;
};

#endif /* _UAPI_LINUX_VIRTIO_RDMAAPI_H */
