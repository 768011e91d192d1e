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

/* Event queue: device-writable buffers of struct virtio_rdmaapi_event. */
#define VIRTIO_RDMAAPI_EV_COMP		1	/* a CQ has a completion */
#define VIRTIO_RDMAAPI_EV_ASYNC		2	/* an asynchronous event */

/**
 * struct virtio_rdmaapi_event - one event
 * @type: VIRTIO_RDMAAPI_EV_*
 * @ctx: context the event belongs to
 * @handle: the CQ, QP or SRQ concerned; 0 for port and device events
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

#endif /* _UAPI_LINUX_VIRTIO_RDMAAPI_H */
