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
#define VIRTIO_RDMAAPI_API_RDMACM	2	/* RDMA connection manager */
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
#define VIRTIO_RDMAAPI_CORE_QUERY_LIMITS	3	/* no payload -> limits_resp */

/**
 * struct virtio_rdmaapi_create_ctx_resp - response to CORE_CREATE_CTX
 * @ctx: handle of the new context, never 0
 * @reserved: zero
 */
struct virtio_rdmaapi_create_ctx_resp {
	__le32 ctx;
	__le32 reserved;
};

/* Most entries a CORE_QUERY_LIMITS response carries. */
#define VIRTIO_RDMAAPI_LIMITS_MAX	30

/**
 * struct virtio_rdmaapi_limit - one resource of the device and its limit
 * @name: NUL-padded name: "contexts", "pinned_pages" (4 KiB pages), then
 *	"<api>_<object>" for every object type of every API (e.g. "verbs_qp")
 * @used: held now, by all contexts of this device together
 * @max: the most this device may hold (set by the host administrator)
 */
struct virtio_rdmaapi_limit {
	char name[16];
	__le64 used;
	__le64 max;
};

/**
 * struct virtio_rdmaapi_limits_resp - response to CORE_QUERY_LIMITS
 * @count: valid entries in @limit (at most VIRTIO_RDMAAPI_LIMITS_MAX)
 * @reserved: zero
 * @limit: the entries; the rest of the array is zero
 */
struct virtio_rdmaapi_limits_resp {
	__le32 count;
	__le32 reserved;
	struct virtio_rdmaapi_limit limit[VIRTIO_RDMAAPI_LIMITS_MAX];
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

/* Verbs objects (issue: resources). Handles are per context, never 0. */
#define VIRTIO_RDMAAPI_VERBS_ALLOC_PD		4
#define VIRTIO_RDMAAPI_VERBS_DEALLOC_PD		5
#define VIRTIO_RDMAAPI_VERBS_CREATE_CQ		6
#define VIRTIO_RDMAAPI_VERBS_DESTROY_CQ		7
#define VIRTIO_RDMAAPI_VERBS_CREATE_QP		8
#define VIRTIO_RDMAAPI_VERBS_MODIFY_QP		9
#define VIRTIO_RDMAAPI_VERBS_QUERY_QP		10
#define VIRTIO_RDMAAPI_VERBS_DESTROY_QP		11
#define VIRTIO_RDMAAPI_VERBS_CREATE_AH		12
#define VIRTIO_RDMAAPI_VERBS_DESTROY_AH		13
#define VIRTIO_RDMAAPI_VERBS_CREATE_SRQ		14
#define VIRTIO_RDMAAPI_VERBS_MODIFY_SRQ		15
#define VIRTIO_RDMAAPI_VERBS_QUERY_SRQ		16
#define VIRTIO_RDMAAPI_VERBS_DESTROY_SRQ	17
#define VIRTIO_RDMAAPI_VERBS_REG_MR		18
#define VIRTIO_RDMAAPI_VERBS_DEREG_MR		19
#define VIRTIO_RDMAAPI_VERBS_REQ_NOTIFY_CQ	20
#define VIRTIO_RDMAAPI_VERBS_POST_SEND		21
#define VIRTIO_RDMAAPI_VERBS_POST_RECV		22
#define VIRTIO_RDMAAPI_VERBS_POST_SRQ_RECV	23
#define VIRTIO_RDMAAPI_VERBS_POLL_CQ		24

/**
 * struct virtio_rdmaapi_handle - a single object handle
 * @handle: the object (request of DEALLOC/DESTROY/DEREG, response of
 *	ALLOC_PD)
 * @reserved: zero
 */
struct virtio_rdmaapi_handle {
	__le32 handle;
	__le32 reserved;
};

/* virtio_rdmaapi_create_cq_req.flags */
#define VIRTIO_RDMAAPI_CQ_F_EVENTS	(1U << 0)	/* send completion events */

/**
 * struct virtio_rdmaapi_create_cq_req - request of VERBS_CREATE_CQ
 * @cqe: minimum number of entries, 1 .. max_cqe
 * @comp_vector: completion vector (host interrupt steering hint)
 * @flags: VIRTIO_RDMAAPI_CQ_F_*
 * @reserved: zero
 * @cookie: opaque to the device, echoed in the CQ's events
 */
struct virtio_rdmaapi_create_cq_req {
	__le32 cqe;
	__le32 comp_vector;
	__le32 flags;
	__le32 reserved;
	__le64 cookie;
};

/**
 * struct virtio_rdmaapi_create_cq_resp - response to VERBS_CREATE_CQ
 * @cq: handle of the CQ
 * @cqe: actual number of entries
 */
struct virtio_rdmaapi_create_cq_resp {
	__le32 cq;
	__le32 cqe;
};

/**
 * struct virtio_rdmaapi_req_notify_cq_req - request of VERBS_REQ_NOTIFY_CQ
 * @cq: the CQ, created with VIRTIO_RDMAAPI_CQ_F_EVENTS
 * @solicited_only: only solicited completions (and errors) trigger
 *
 * Arms the CQ: the next completion sends one EV_COMP event.
 */
struct virtio_rdmaapi_req_notify_cq_req {
	__le32 cq;
	__le32 solicited_only;
};

/**
 * struct virtio_rdmaapi_qp_cap - queue pair capacities (ibv_qp_cap)
 * @max_send_wr: send queue depth
 * @max_recv_wr: receive queue depth (0 with an SRQ)
 * @max_send_sge: scatter/gather entries per send work request
 * @max_recv_sge: scatter/gather entries per receive work request
 * @max_inline_data: inline bytes per send work request
 * @reserved: zero
 */
struct virtio_rdmaapi_qp_cap {
	__le32 max_send_wr;
	__le32 max_recv_wr;
	__le32 max_send_sge;
	__le32 max_recv_sge;
	__le32 max_inline_data;
	__le32 reserved;
};

/* QP types (libibverbs' enum ibv_qp_type values). */
#define VIRTIO_RDMAAPI_QPT_RC		2
#define VIRTIO_RDMAAPI_QPT_UD		4

/**
 * struct virtio_rdmaapi_create_qp_req - request of VERBS_CREATE_QP
 * @pd: protection domain
 * @send_cq: CQ of the send queue
 * @recv_cq: CQ of the receive queue
 * @srq: shared receive queue, 0 for none
 * @qp_type: VIRTIO_RDMAAPI_QPT_*
 * @sq_sig_all: every send work request generates a completion
 * @cap: requested capacities
 * @cookie: opaque to the device, echoed in the QP's events
 */
struct virtio_rdmaapi_create_qp_req {
	__le32 pd;
	__le32 send_cq;
	__le32 recv_cq;
	__le32 srq;
	__le32 qp_type;
	__le32 sq_sig_all;
	struct virtio_rdmaapi_qp_cap cap;
	__le64 cookie;
};

/**
 * struct virtio_rdmaapi_create_qp_resp - response to VERBS_CREATE_QP
 * @qp: handle of the QP
 * @qp_num: the QP number peers address
 * @cap: actual capacities
 */
struct virtio_rdmaapi_create_qp_resp {
	__le32 qp;
	__le32 qp_num;
	struct virtio_rdmaapi_qp_cap cap;
};

/**
 * struct virtio_rdmaapi_ah_attr - address vector (ibv_ah_attr with its GRH)
 * @dgid: destination GID, network order
 * @flow_label: GRH flow label
 * @sgid_index: source GID table index
 * @hop_limit: GRH hop limit
 * @traffic_class: GRH traffic class
 * @is_global: the GRH fields are valid (always 1 on RoCE)
 * @dlid: destination LID (InfiniBand)
 * @sl: service level
 * @src_path_bits: source path bits
 * @static_rate: static rate (enum ibv_rate)
 * @port_num: port, 1 .. phys_port_cnt
 * @reserved: zero
 */
struct virtio_rdmaapi_ah_attr {
	__u8 dgid[16];
	__le32 flow_label;
	__u8 sgid_index;
	__u8 hop_limit;
	__u8 traffic_class;
	__u8 is_global;
	__le16 dlid;
	__u8 sl;
	__u8 src_path_bits;
	__u8 static_rate;
	__u8 port_num;
	__u8 reserved[2];
};

/**
 * struct virtio_rdmaapi_qp_attr - QP attributes (ibv_qp_attr)
 *
 * Fields have the names, values and units of libibverbs' struct
 * ibv_qp_attr; which of them count is given by an attribute mask of
 * IBV_QP_* bits (identical to the kernel's IB_QP_* bits).
 */
struct virtio_rdmaapi_qp_attr {
	__le32 qp_state;
	__le32 cur_qp_state;
	__le32 path_mtu;
	__le32 path_mig_state;
	__le32 qkey;
	__le32 rq_psn;
	__le32 sq_psn;
	__le32 dest_qp_num;
	__le32 qp_access_flags;
	__le16 pkey_index;
	__le16 alt_pkey_index;
	__u8 en_sqd_async_notify;
	__u8 sq_draining;
	__u8 max_rd_atomic;
	__u8 max_dest_rd_atomic;
	__u8 min_rnr_timer;
	__u8 port_num;
	__u8 timeout;
	__u8 retry_cnt;
	__u8 rnr_retry;
	__u8 alt_port_num;
	__u8 alt_timeout;
	__u8 reserved;
	struct virtio_rdmaapi_qp_cap cap;
	struct virtio_rdmaapi_ah_attr ah_attr;
	struct virtio_rdmaapi_ah_attr alt_ah_attr;
	__le32 reserved2;
};

/**
 * struct virtio_rdmaapi_modify_qp_req - request of VERBS_MODIFY_QP
 * @qp: the QP
 * @attr_mask: IBV_QP_* bits of the fields of @attr to apply
 * @attr: the attributes
 */
struct virtio_rdmaapi_modify_qp_req {
	__le32 qp;
	__le32 attr_mask;
	struct virtio_rdmaapi_qp_attr attr;
};

/**
 * struct virtio_rdmaapi_query_qp_req - request of VERBS_QUERY_QP
 * @qp: the QP
 * @attr_mask: IBV_QP_* bits the caller is interested in
 */
struct virtio_rdmaapi_query_qp_req {
	__le32 qp;
	__le32 attr_mask;
};

/**
 * struct virtio_rdmaapi_query_qp_resp - response to VERBS_QUERY_QP
 * @attr: current attributes
 * @init_cap: capacities the QP was created with
 * @qp_type: VIRTIO_RDMAAPI_QPT_*
 * @sq_sig_all: as created
 */
struct virtio_rdmaapi_query_qp_resp {
	struct virtio_rdmaapi_qp_attr attr;
	struct virtio_rdmaapi_qp_cap init_cap;
	__le32 qp_type;
	__le32 sq_sig_all;
};

/**
 * struct virtio_rdmaapi_create_ah_req - request of VERBS_CREATE_AH
 * @pd: protection domain
 * @reserved: zero
 * @attr: the address vector
 */
struct virtio_rdmaapi_create_ah_req {
	__le32 pd;
	__le32 reserved;
	struct virtio_rdmaapi_ah_attr attr;
};

/**
 * struct virtio_rdmaapi_srq_attr - SRQ attributes (ibv_srq_attr)
 * @max_wr: queue depth
 * @max_sge: scatter/gather entries per work request
 * @srq_limit: limit event threshold
 * @reserved: zero
 */
struct virtio_rdmaapi_srq_attr {
	__le32 max_wr;
	__le32 max_sge;
	__le32 srq_limit;
	__le32 reserved;
};

/**
 * struct virtio_rdmaapi_create_srq_req - request of VERBS_CREATE_SRQ
 * @pd: protection domain
 * @reserved: zero
 * @attr: requested attributes
 * @cookie: opaque to the device, echoed in the SRQ's events
 */
struct virtio_rdmaapi_create_srq_req {
	__le32 pd;
	__le32 reserved;
	struct virtio_rdmaapi_srq_attr attr;
	__le64 cookie;
};

/**
 * struct virtio_rdmaapi_create_srq_resp - response to VERBS_CREATE_SRQ
 * @srq: handle of the SRQ
 * @reserved: zero
 * @attr: actual attributes
 */
struct virtio_rdmaapi_create_srq_resp {
	__le32 srq;
	__le32 reserved;
	struct virtio_rdmaapi_srq_attr attr;
};

/**
 * struct virtio_rdmaapi_modify_srq_req - request of VERBS_MODIFY_SRQ
 * @srq: the SRQ
 * @attr_mask: IBV_SRQ_MAX_WR (1) and/or IBV_SRQ_LIMIT (2)
 * @attr: the attributes
 */
struct virtio_rdmaapi_modify_srq_req {
	__le32 srq;
	__le32 attr_mask;
	struct virtio_rdmaapi_srq_attr attr;
};

/* Page size of the page lists of VERBS_REG_MR. */
#define VIRTIO_RDMAAPI_PAGE_SHIFT	12
#define VIRTIO_RDMAAPI_PAGE_SIZE	(1U << VIRTIO_RDMAAPI_PAGE_SHIFT)

/**
 * struct virtio_rdmaapi_reg_mr_req - request of VERBS_REG_MR
 * @pd: protection domain
 * @access: IBV_ACCESS_* flags
 * @iova: address the region answers to (the guest program's virtual
 *	address, as with native verbs)
 * @length: bytes, 1 .. max_mr_size
 * @offset: byte offset of @iova within the first page
 * @npages: pages of the whole region: (offset + length) rounded up
 * @first: index of the first page this request carries
 * @count: pages this request carries
 * @mr: 0 in the first request; the handle the first response returned in
 *	the following ones
 * @reserved: zero
 * @pages: @count guest-physical page addresses, page aligned
 *
 * A region of more pages than one request holds is sent as consecutive
 * requests, each continuing where the previous one stopped; the last one
 * registers the region. Any failure destroys the partial region.
 */
struct virtio_rdmaapi_reg_mr_req {
	__le32 pd;
	__le32 access;
	__le64 iova;
	__le64 length;
	__le32 offset;
	__le32 npages;
	__le32 first;
	__le32 count;
	__le32 mr;
	__le32 reserved;
	__le64 pages[];
};

/**
 * struct virtio_rdmaapi_reg_mr_resp - response to VERBS_REG_MR
 * @mr: handle of the region
 * @lkey: local key, valid once @done
 * @rkey: remote key, valid once @done
 * @done: 1 when the region is registered, 0 while pages are missing
 */
struct virtio_rdmaapi_reg_mr_resp {
	__le32 mr;
	__le32 lkey;
	__le32 rkey;
	__le32 done;
};

/**
 * struct virtio_rdmaapi_sge - one scatter/gather entry (ibv_sge)
 * @addr: address within a memory region of the posting context
 * @length: bytes
 * @lkey: local key of that region
 */
struct virtio_rdmaapi_sge {
	__le64 addr;
	__le32 length;
	__le32 lkey;
};

/**
 * struct virtio_rdmaapi_send_wr - one send work request (ibv_send_wr)
 * @wr_id: returned in the completion
 * @opcode: IBV_WR_RDMA_WRITE (0) .. IBV_WR_ATOMIC_FETCH_AND_ADD (6)
 * @send_flags: IBV_SEND_FENCE, _SIGNALED, _SOLICITED, _INLINE
 * @num_sge: entries of struct virtio_rdmaapi_sge following this header
 * @imm_data: immediate data, network order
 * @remote_addr: RDMA and atomic operations: the peer's address
 * @compare_add: atomic compare (CAS) or add (FAA) operand
 * @swap: atomic swap operand
 * @rkey: RDMA and atomic operations: the peer's key
 * @ah: UD: address handle
 * @remote_qpn: UD: destination QP number
 * @remote_qkey: UD: destination Q_Key
 * @inline_len: with IBV_SEND_INLINE: bytes of data following the SGEs
 *	(then @num_sge is 0), padded to a multiple of 8
 * @reserved: zero
 */
struct virtio_rdmaapi_send_wr {
	__le64 wr_id;
	__le32 opcode;
	__le32 send_flags;
	__le32 num_sge;
	__be32 imm_data;
	__le64 remote_addr;
	__le64 compare_add;
	__le64 swap;
	__le32 rkey;
	__le32 ah;
	__le32 remote_qpn;
	__le32 remote_qkey;
	__le32 inline_len;
	__le32 reserved;
};

/**
 * struct virtio_rdmaapi_recv_wr - one receive work request (ibv_recv_wr)
 * @wr_id: returned in the completion
 * @num_sge: entries of struct virtio_rdmaapi_sge following this header
 * @reserved: zero
 */
struct virtio_rdmaapi_recv_wr {
	__le64 wr_id;
	__le32 num_sge;
	__le32 reserved;
};

/**
 * struct virtio_rdmaapi_post_req - request of VERBS_POST_SEND/RECV/SRQ_RECV
 * @handle: the QP (SRQ for POST_SRQ_RECV)
 * @num_wr: work requests following, each a send or receive WR header and
 *	its SGEs (and inline data)
 *
 * The whole list is one request. Work requests are posted in order; the
 * first that cannot be posted stops the list.
 */
struct virtio_rdmaapi_post_req {
	__le32 handle;
	__le32 num_wr;
};

/**
 * struct virtio_rdmaapi_post_resp - response to the POST operations
 * @posted: work requests posted, num_wr unless one failed
 * @error: 0, or the negative errno of work request number @posted (as
 *	ibv_post_send() returns it with bad_wr pointing there)
 *
 * A malformed list (lengths that do not add up) fails the whole request
 * with -EINVAL before anything is posted.
 */
struct virtio_rdmaapi_post_resp {
	__le32 posted;
	__le32 error;
};

/* Most completions one VERBS_POLL_CQ returns. */
#define VIRTIO_RDMAAPI_POLL_MAX		32

/**
 * struct virtio_rdmaapi_poll_cq_req - request of VERBS_POLL_CQ
 * @cq: the CQ
 * @max: completions wanted, 1 .. VIRTIO_RDMAAPI_POLL_MAX
 */
struct virtio_rdmaapi_poll_cq_req {
	__le32 cq;
	__le32 max;
};

/**
 * struct virtio_rdmaapi_wc - one work completion (ibv_wc)
 * @wr_id: of the work request
 * @status: IBV_WC_* status
 * @opcode: IBV_WC_* opcode
 * @vendor_err: device-specific error
 * @byte_len: bytes transferred (receives, RDMA READ, atomics)
 * @imm_data: immediate data, network order
 * @qp_num: local QP number
 * @src_qp: UD: source QP number
 * @wc_flags: IBV_WC_GRH (1), IBV_WC_WITH_IMM (2), IBV_WC_IP_CSUM_OK (4),
 *	IBV_WC_WITH_INV (8)
 * @pkey_index: UD: P_Key index
 * @slid: UD over InfiniBand: source LID
 * @sl: service level
 * @dlid_path_bits: destination LID path bits
 * @reserved: zero
 */
struct virtio_rdmaapi_wc {
	__le64 wr_id;
	__le32 status;
	__le32 opcode;
	__le32 vendor_err;
	__le32 byte_len;
	__be32 imm_data;
	__le32 qp_num;
	__le32 src_qp;
	__le32 wc_flags;
	__le16 pkey_index;
	__le16 slid;
	__u8 sl;
	__u8 dlid_path_bits;
	__u8 reserved[2];
};

/**
 * struct virtio_rdmaapi_poll_cq_resp - response to VERBS_POLL_CQ
 * @count: completions in @wc
 * @reserved: zero
 * @wc: the completions, oldest first
 */
struct virtio_rdmaapi_poll_cq_resp {
	__le32 count;
	__le32 reserved;
	struct virtio_rdmaapi_wc wc[VIRTIO_RDMAAPI_POLL_MAX];
};

/* Event queue: device-writable buffers of struct virtio_rdmaapi_event. */
#define VIRTIO_RDMAAPI_EV_COMP		1	/* a CQ has a completion */
#define VIRTIO_RDMAAPI_EV_ASYNC		2	/* an asynchronous event */
#define VIRTIO_RDMAAPI_EV_CM		3	/* CM events wait: RDMACM_GET_EVENT */

/*
 * @ctx of an EV_ASYNC event for every context the driver holds. The only
 * such event is EVENT_DEVICE_FATAL: the driver kept its rings across a
 * reset it did not ask for (the VMM stopped and restarted the device: VM
 * pause, save/restore, migration), and the reset destroyed its contexts.
 */
#define VIRTIO_RDMAAPI_CTX_ALL		0
/* IBV_EVENT_DEVICE_FATAL, the kernel's IB_EVENT_DEVICE_FATAL */
#define VIRTIO_RDMAAPI_EVENT_DEVICE_FATAL	8

/**
 * struct virtio_rdmaapi_event - one event
 * @type: VIRTIO_RDMAAPI_EV_*
 * @ctx: context the event belongs to; VIRTIO_RDMAAPI_CTX_ALL: all of them
 * @handle: the CQ, QP or SRQ concerned; 0 for port and device events
 *	(and for EV_CM, which only names the context)
 * @event: for EV_ASYNC, the IBV_EVENT_* code (kernel IB_EVENT_* value)
 * @port_num: port of a port event
 * @reserved: zero
 * @cookie: the cookie given when the object was created
 */
struct virtio_rdmaapi_event {
	__le32 type;
	__le32 ctx;
	__le32 handle;
	__le32 event;
	__le32 port_num;
	__le32 reserved;
	__le64 cookie;
};

/*
 * API_RDMACM: the RDMA connection manager (the kernel's rdma_cm), beside
 * verbs. Connection identifiers ("cm_id") are objects of the context like
 * verbs objects; a connection's QP is a verbs QP of the same context that
 * CONNECT or ACCEPT binds to the identifier. Events are queued per
 * context on the device and fetched with RDMACM_GET_EVENT; the event
 * queue only carries an EV_CM notification that some are waiting.
 */
#define VIRTIO_RDMAAPI_RDMACM_CREATE_ID		1
#define VIRTIO_RDMAAPI_RDMACM_DESTROY_ID	2
#define VIRTIO_RDMAAPI_RDMACM_BIND_ADDR		3
#define VIRTIO_RDMAAPI_RDMACM_RESOLVE_ADDR	4
#define VIRTIO_RDMAAPI_RDMACM_RESOLVE_ROUTE	5
#define VIRTIO_RDMAAPI_RDMACM_LISTEN		6
#define VIRTIO_RDMAAPI_RDMACM_CONNECT		7
#define VIRTIO_RDMAAPI_RDMACM_ACCEPT		8
#define VIRTIO_RDMAAPI_RDMACM_REJECT		9
#define VIRTIO_RDMAAPI_RDMACM_DISCONNECT	10
#define VIRTIO_RDMAAPI_RDMACM_GET_EVENT		11
#define VIRTIO_RDMAAPI_RDMACM_QUERY_ADDR	12

/* Port spaces (the kernel's and librdmacm's RDMA_PS_* values). */
#define VIRTIO_RDMAAPI_RDMACM_PS_TCP		0x0106

/* Address families of virtio_rdmaapi_sockaddr.family. */
#define VIRTIO_RDMAAPI_AF_UNSPEC	0	/* no address */
#define VIRTIO_RDMAAPI_AF_INET		2
#define VIRTIO_RDMAAPI_AF_INET6		10

/* Most private data bytes a connection message carries (an IB REP's). */
#define VIRTIO_RDMAAPI_CM_PRIVATE_DATA_MAX	196

/**
 * struct virtio_rdmaapi_sockaddr - an IPv4 or IPv6 address and port
 * @family: VIRTIO_RDMAAPI_AF_*
 * @port: port, network byte order; 0 for any
 * @scope_id: IPv6 scope (interface index on the host), else 0
 * @addr: the address, network byte order: 4 bytes for AF_INET (the rest
 *	zero), 16 for AF_INET6
 */
struct virtio_rdmaapi_sockaddr {
	__le16 family;
	__be16 port;
	__le32 scope_id;
	__u8 addr[16];
};

/**
 * struct virtio_rdmaapi_cm_conn_param - connection parameters
 * @private_data_len: bytes of @private_data used
 * @responder_resources: RDMA READs/atomics the peer may have in flight to us
 * @initiator_depth: RDMA READs/atomics we may have in flight to the peer
 * @flow_control: as in the IB CM
 * @retry_count: transport retries (0..7)
 * @rnr_retry_count: RNR retries (0..7, 7 = infinite)
 * @srq: the QP uses an SRQ (in events: the peer's)
 * @reserved: zero
 * @qp_num: in events, the peer's QP number; ignored in requests (the
 *	bound QP's number is sent)
 * @reserved2: zero
 * @private_data: consumer data exchanged with the peer
 * @pad: zero
 */
struct virtio_rdmaapi_cm_conn_param {
	__u8 private_data_len;
	__u8 responder_resources;
	__u8 initiator_depth;
	__u8 flow_control;
	__u8 retry_count;
	__u8 rnr_retry_count;
	__u8 srq;
	__u8 reserved;
	__le32 qp_num;
	__le32 reserved2;
	__u8 private_data[VIRTIO_RDMAAPI_CM_PRIVATE_DATA_MAX];
	__u8 pad[4];
};

/**
 * struct virtio_rdmaapi_cm_create_id_req - RDMACM_CREATE_ID
 * @cookie: returned in the identifier's events
 * @ps: port space, VIRTIO_RDMAAPI_RDMACM_PS_TCP (reliable connected QPs)
 * @reserved: zero
 * (Response: struct virtio_rdmaapi_handle, the identifier.)
 */
struct virtio_rdmaapi_cm_create_id_req {
	__le64 cookie;
	__le32 ps;
	__le32 reserved;
};

/**
 * struct virtio_rdmaapi_cm_addr_req - RDMACM_BIND_ADDR, RDMACM_RESOLVE_ADDR
 * @id: the identifier
 * @timeout_ms: RESOLVE_ADDR: resolution timeout (1..60000); BIND_ADDR: 0
 * @src: RESOLVE_ADDR: source address or AF_UNSPEC; BIND_ADDR: the address
 * @dst: RESOLVE_ADDR: destination; BIND_ADDR: AF_UNSPEC
 */
struct virtio_rdmaapi_cm_addr_req {
	__le32 id;
	__le32 timeout_ms;
	struct virtio_rdmaapi_sockaddr src;
	struct virtio_rdmaapi_sockaddr dst;
};

/**
 * struct virtio_rdmaapi_cm_id_req - RDMACM_RESOLVE_ROUTE, RDMACM_LISTEN,
 *	RDMACM_DISCONNECT, RDMACM_QUERY_ADDR
 * @id: the identifier
 * @arg: RESOLVE_ROUTE: timeout in ms (1..60000); LISTEN: backlog (0 for
 *	the default); otherwise 0
 */
struct virtio_rdmaapi_cm_id_req {
	__le32 id;
	__le32 arg;
};

/**
 * struct virtio_rdmaapi_cm_connect_req - RDMACM_CONNECT, RDMACM_ACCEPT,
 *	RDMACM_REJECT
 * @id: the identifier
 * @qp: CONNECT/ACCEPT: a verbs RC QP of the context in the RESET state,
 *	bound to @id until @id is destroyed; REJECT: 0
 * @param: connection parameters (REJECT: only the private data)
 */
struct virtio_rdmaapi_cm_connect_req {
	__le32 id;
	__le32 qp;
	struct virtio_rdmaapi_cm_conn_param param;
};

/**
 * struct virtio_rdmaapi_cm_event - response to RDMACM_GET_EVENT
 * @event: RDMA_CM_EVENT_* (the kernel's and librdmacm's values)
 * @status: 0 or a negative errno (REJECTED: the IB reject reason)
 * @id: the identifier; for CONNECT_REQUEST a new identifier of the
 *	context (the connection), created by this call
 * @listen_id: CONNECT_REQUEST: the listening identifier, else 0
 * @cookie: the identifier's cookie (CONNECT_REQUEST: the listener's)
 * @pending: events still queued for the context after this one
 * @port_num: port of the RDMA device the identifier is bound to, or 0
 * @param: CONNECT_REQUEST, CONNECT_RESPONSE, ESTABLISHED, REJECTED: the
 *	peer's parameters and private data; else zero
 */
struct virtio_rdmaapi_cm_event {
	__le32 event;
	__le32 status;
	__le32 id;
	__le32 listen_id;
	__le64 cookie;
	__le32 pending;
	__le32 port_num;
	struct virtio_rdmaapi_cm_conn_param param;
};

/**
 * struct virtio_rdmaapi_cm_query_addr_resp - response to RDMACM_QUERY_ADDR
 * @src: the identifier's local address (AF_UNSPEC if unbound)
 * @dst: the peer's address (AF_UNSPEC if none)
 * @port_num: port of the RDMA device, 0 if unbound
 * @reserved: zero
 */
struct virtio_rdmaapi_cm_query_addr_resp {
	struct virtio_rdmaapi_sockaddr src;
	struct virtio_rdmaapi_sockaddr dst;
	__le32 port_num;
	__le32 reserved;
};

#endif /* _UAPI_LINUX_VIRTIO_RDMAAPI_H */
