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

#include <stddef.h>
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

/* Most entries rdmaapi_query_limits() returns. */
#define RDMAAPI_LIMITS_MAX	30

/*
 * One resource of the device (shared by all contexts of this guest's
 * device): "contexts", "pinned_pages" (4 KiB pages), "queue_kib" (host
 * memory of the queues, KiB, estimated), "verbs_pd",
 * "verbs_cq", "verbs_qp", ... (RDMAAPI_1.3).
 */
struct rdmaapi_limit {
	char name[16];		/* NUL-terminated */
	uint64_t used;		/* held now */
	uint64_t max;		/* the most allowed (host administrator) */
};

int rdmaapi_query_limits(struct rdmaapi_context *context,
			 struct rdmaapi_limit *limits, int max_limits);

/* Resource verbs (RDMAAPI_1.1). */

/* A protection domain. */
struct rdmaapi_pd {
	struct rdmaapi_context *context;
	uint32_t handle;
};

/**
 * struct rdmaapi_comp_channel - a completion channel
 * @context: the context it was created on
 * @fd: file descriptor to poll(2) for completion events (close-on-exec)
 */
struct rdmaapi_comp_channel {
	struct rdmaapi_context *context;
	int fd;
};

/**
 * struct rdmaapi_cq - a completion queue
 * @context: the context it was created on
 * @channel: its completion channel, or NULL
 * @cq_context: the caller's pointer, returned by rdmaapi_get_cq_event()
 * @handle: the host's handle of the CQ
 * @cqe: entries the CQ actually has (at least those asked for)
 */
struct rdmaapi_cq {
	struct rdmaapi_context *context;
	struct rdmaapi_comp_channel *channel;
	void *cq_context;
	uint32_t handle;
	int cqe;
};

/* libibverbs' enum ibv_srq_attr_mask. */
enum rdmaapi_srq_attr_mask {
	RDMAAPI_SRQ_MAX_WR	= 1 << 0,
	RDMAAPI_SRQ_LIMIT	= 1 << 1,
};

/* libibverbs' struct ibv_srq_attr. */
struct rdmaapi_srq_attr {
	uint32_t max_wr;
	uint32_t max_sge;
	uint32_t srq_limit;
};

/* libibverbs' struct ibv_srq_init_attr. */
struct rdmaapi_srq_init_attr {
	void *srq_context;
	struct rdmaapi_srq_attr attr;
};

/* A shared receive queue. */
struct rdmaapi_srq {
	struct rdmaapi_context *context;
	void *srq_context;
	struct rdmaapi_pd *pd;
	uint32_t handle;
};

/* QP types (libibverbs' enum ibv_qp_type values; only RC and UD). */
enum rdmaapi_qp_type {
	RDMAAPI_QPT_RC = 2,
	RDMAAPI_QPT_UD = 4,
};

/* QP states (enum ibv_qp_state). */
enum rdmaapi_qp_state {
	RDMAAPI_QPS_RESET,
	RDMAAPI_QPS_INIT,
	RDMAAPI_QPS_RTR,
	RDMAAPI_QPS_RTS,
	RDMAAPI_QPS_SQD,
	RDMAAPI_QPS_SQE,
	RDMAAPI_QPS_ERR,
	RDMAAPI_QPS_UNKNOWN,
};

/* Path migration states (enum ibv_mig_state). */
enum rdmaapi_mig_state {
	RDMAAPI_MIG_MIGRATED,
	RDMAAPI_MIG_REARM,
	RDMAAPI_MIG_ARMED,
};

/* Bits of a modify/query QP attribute mask (the IBV_QP_* values). */
enum rdmaapi_qp_attr_mask {
	RDMAAPI_QP_STATE		= 1 << 0,
	RDMAAPI_QP_CUR_STATE		= 1 << 1,
	RDMAAPI_QP_EN_SQD_ASYNC_NOTIFY	= 1 << 2,
	RDMAAPI_QP_ACCESS_FLAGS		= 1 << 3,
	RDMAAPI_QP_PKEY_INDEX		= 1 << 4,
	RDMAAPI_QP_PORT			= 1 << 5,
	RDMAAPI_QP_QKEY			= 1 << 6,
	RDMAAPI_QP_AV			= 1 << 7,
	RDMAAPI_QP_PATH_MTU		= 1 << 8,
	RDMAAPI_QP_TIMEOUT		= 1 << 9,
	RDMAAPI_QP_RETRY_CNT		= 1 << 10,
	RDMAAPI_QP_RNR_RETRY		= 1 << 11,
	RDMAAPI_QP_RQ_PSN		= 1 << 12,
	RDMAAPI_QP_MAX_QP_RD_ATOMIC	= 1 << 13,
	RDMAAPI_QP_ALT_PATH		= 1 << 14,
	RDMAAPI_QP_MIN_RNR_TIMER	= 1 << 15,
	RDMAAPI_QP_SQ_PSN		= 1 << 16,
	RDMAAPI_QP_MAX_DEST_RD_ATOMIC	= 1 << 17,
	RDMAAPI_QP_PATH_MIG_STATE	= 1 << 18,
	RDMAAPI_QP_CAP			= 1 << 19,
	RDMAAPI_QP_DEST_QPN		= 1 << 20,
};

/* Memory and QP access flags (the IBV_ACCESS_* values). */
enum rdmaapi_access_flags {
	RDMAAPI_ACCESS_LOCAL_WRITE	= 1 << 0,
	RDMAAPI_ACCESS_REMOTE_WRITE	= 1 << 1,
	RDMAAPI_ACCESS_REMOTE_READ	= 1 << 2,
	RDMAAPI_ACCESS_REMOTE_ATOMIC	= 1 << 3,
};

/* libibverbs' struct ibv_qp_cap. */
struct rdmaapi_qp_cap {
	uint32_t max_send_wr;
	uint32_t max_recv_wr;
	uint32_t max_send_sge;
	uint32_t max_recv_sge;
	uint32_t max_inline_data;
};

/* libibverbs' struct ibv_qp_init_attr (without xrc_domain). */
struct rdmaapi_qp_init_attr {
	void *qp_context;
	struct rdmaapi_cq *send_cq;
	struct rdmaapi_cq *recv_cq;
	struct rdmaapi_srq *srq;
	struct rdmaapi_qp_cap cap;
	enum rdmaapi_qp_type qp_type;
	int sq_sig_all;
};

/* libibverbs' struct ibv_global_route. */
struct rdmaapi_global_route {
	union rdmaapi_gid dgid;
	uint32_t flow_label;
	uint8_t sgid_index;
	uint8_t hop_limit;
	uint8_t traffic_class;
};

/* libibverbs' struct ibv_ah_attr: an address vector. */
struct rdmaapi_ah_attr {
	struct rdmaapi_global_route grh;
	uint16_t dlid;
	uint8_t sl;
	uint8_t src_path_bits;
	uint8_t static_rate;
	uint8_t is_global;
	uint8_t port_num;
};

/* libibverbs' struct ibv_qp_attr (without rate_limit). */
struct rdmaapi_qp_attr {
	enum rdmaapi_qp_state qp_state;
	enum rdmaapi_qp_state cur_qp_state;
	enum rdmaapi_mtu path_mtu;
	enum rdmaapi_mig_state path_mig_state;
	uint32_t qkey;
	uint32_t rq_psn;
	uint32_t sq_psn;
	uint32_t dest_qp_num;
	unsigned int qp_access_flags;
	struct rdmaapi_qp_cap cap;
	struct rdmaapi_ah_attr ah_attr;
	struct rdmaapi_ah_attr alt_ah_attr;
	uint16_t pkey_index;
	uint16_t alt_pkey_index;
	uint8_t en_sqd_async_notify;
	uint8_t sq_draining;
	uint8_t max_rd_atomic;
	uint8_t max_dest_rd_atomic;
	uint8_t min_rnr_timer;
	uint8_t port_num;
	uint8_t timeout;
	uint8_t retry_cnt;
	uint8_t rnr_retry;
	uint8_t alt_port_num;
	uint8_t alt_timeout;
};

/**
 * struct rdmaapi_qp - a queue pair
 * @context: the context it was created on
 * @qp_context: the caller's pointer
 * @pd: its protection domain
 * @send_cq: CQ of the send queue
 * @recv_cq: CQ of the receive queue
 * @srq: its shared receive queue, or NULL
 * @handle: the host's handle of the QP
 * @qp_num: the QP number peers address
 * @state: the state after the last successful modify or query
 * @qp_type: RDMAAPI_QPT_RC or RDMAAPI_QPT_UD
 */
struct rdmaapi_qp {
	struct rdmaapi_context *context;
	void *qp_context;
	struct rdmaapi_pd *pd;
	struct rdmaapi_cq *send_cq;
	struct rdmaapi_cq *recv_cq;
	struct rdmaapi_srq *srq;
	uint32_t handle;
	uint32_t qp_num;
	enum rdmaapi_qp_state state;
	enum rdmaapi_qp_type qp_type;
};

/* An address handle. */
struct rdmaapi_ah {
	struct rdmaapi_context *context;
	struct rdmaapi_pd *pd;
	uint32_t handle;
};

/**
 * struct rdmaapi_mr - a registered memory region
 * @context: the context it was registered on
 * @pd: its protection domain
 * @addr: start, as given
 * @length: bytes, as given
 * @handle: the host's handle of the region
 * @lkey: local key (work requests' scatter/gather entries)
 * @rkey: remote key (peers' RDMA READ/WRITE), with @addr as address
 */
struct rdmaapi_mr {
	struct rdmaapi_context *context;
	struct rdmaapi_pd *pd;
	void *addr;
	size_t length;
	uint32_t handle;
	uint32_t lkey;
	uint32_t rkey;
};

/* Asynchronous event types (the IBV_EVENT_* values). */
enum rdmaapi_event_type {
	RDMAAPI_EVENT_CQ_ERR,
	RDMAAPI_EVENT_QP_FATAL,
	RDMAAPI_EVENT_QP_REQ_ERR,
	RDMAAPI_EVENT_QP_ACCESS_ERR,
	RDMAAPI_EVENT_COMM_EST,
	RDMAAPI_EVENT_SQ_DRAINED,
	RDMAAPI_EVENT_PATH_MIG,
	RDMAAPI_EVENT_PATH_MIG_ERR,
	RDMAAPI_EVENT_DEVICE_FATAL,
	RDMAAPI_EVENT_PORT_ACTIVE,
	RDMAAPI_EVENT_PORT_ERR,
	RDMAAPI_EVENT_LID_CHANGE,
	RDMAAPI_EVENT_PKEY_CHANGE,
	RDMAAPI_EVENT_SM_CHANGE,
	RDMAAPI_EVENT_SRQ_ERR,
	RDMAAPI_EVENT_SRQ_LIMIT_REACHED,
	RDMAAPI_EVENT_QP_LAST_WQE_REACHED,
	RDMAAPI_EVENT_CLIENT_REREGISTER,
	RDMAAPI_EVENT_GID_CHANGE,
	RDMAAPI_EVENT_WQ_FATAL,
};

/* libibverbs' struct ibv_async_event (without the WQ). */
struct rdmaapi_async_event {
	union {
		struct rdmaapi_cq *cq;
		struct rdmaapi_qp *qp;
		struct rdmaapi_srq *srq;
		int port_num;
	} element;
	enum rdmaapi_event_type event_type;
};

struct rdmaapi_pd *rdmaapi_alloc_pd(struct rdmaapi_context *context);
int rdmaapi_dealloc_pd(struct rdmaapi_pd *pd);

struct rdmaapi_comp_channel *
rdmaapi_create_comp_channel(struct rdmaapi_context *context);
int rdmaapi_destroy_comp_channel(struct rdmaapi_comp_channel *channel);

struct rdmaapi_cq *rdmaapi_create_cq(struct rdmaapi_context *context, int cqe,
				     void *cq_context,
				     struct rdmaapi_comp_channel *channel,
				     int comp_vector);
int rdmaapi_destroy_cq(struct rdmaapi_cq *cq);
int rdmaapi_req_notify_cq(struct rdmaapi_cq *cq, int solicited_only);
int rdmaapi_get_cq_event(struct rdmaapi_comp_channel *channel,
			 struct rdmaapi_cq **cq, void **cq_context);
void rdmaapi_ack_cq_events(struct rdmaapi_cq *cq, unsigned int nevents);

struct rdmaapi_srq *rdmaapi_create_srq(struct rdmaapi_pd *pd,
				       struct rdmaapi_srq_init_attr *attr);
int rdmaapi_modify_srq(struct rdmaapi_srq *srq, struct rdmaapi_srq_attr *attr,
		       int attr_mask);
int rdmaapi_query_srq(struct rdmaapi_srq *srq, struct rdmaapi_srq_attr *attr);
int rdmaapi_destroy_srq(struct rdmaapi_srq *srq);

struct rdmaapi_qp *rdmaapi_create_qp(struct rdmaapi_pd *pd,
				     struct rdmaapi_qp_init_attr *attr);
int rdmaapi_modify_qp(struct rdmaapi_qp *qp, struct rdmaapi_qp_attr *attr,
		      int attr_mask);
int rdmaapi_query_qp(struct rdmaapi_qp *qp, struct rdmaapi_qp_attr *attr,
		     int attr_mask, struct rdmaapi_qp_init_attr *init_attr);
int rdmaapi_destroy_qp(struct rdmaapi_qp *qp);

struct rdmaapi_ah *rdmaapi_create_ah(struct rdmaapi_pd *pd,
				     struct rdmaapi_ah_attr *attr);
int rdmaapi_destroy_ah(struct rdmaapi_ah *ah);

struct rdmaapi_mr *rdmaapi_reg_mr(struct rdmaapi_pd *pd, void *addr,
				  size_t length, int access);
int rdmaapi_dereg_mr(struct rdmaapi_mr *mr);

int rdmaapi_get_async_event(struct rdmaapi_context *context,
			    struct rdmaapi_async_event *event);
void rdmaapi_ack_async_event(struct rdmaapi_async_event *event);
const char *rdmaapi_event_type_str(enum rdmaapi_event_type event);

/* Data path: posting work requests, polling completions (RDMAAPI_1.2). */

/* libibverbs' struct ibv_sge: @addr inside a region of @lkey. */
struct rdmaapi_sge {
	uint64_t addr;
	uint32_t length;
	uint32_t lkey;
};

/* Send work request opcodes (the IBV_WR_* values). */
enum rdmaapi_wr_opcode {
	RDMAAPI_WR_RDMA_WRITE,
	RDMAAPI_WR_RDMA_WRITE_WITH_IMM,
	RDMAAPI_WR_SEND,
	RDMAAPI_WR_SEND_WITH_IMM,
	RDMAAPI_WR_RDMA_READ,
	RDMAAPI_WR_ATOMIC_CMP_AND_SWP,
	RDMAAPI_WR_ATOMIC_FETCH_AND_ADD,
};

/* Send flags (the IBV_SEND_* values). */
enum rdmaapi_send_flags {
	RDMAAPI_SEND_FENCE	= 1 << 0,
	RDMAAPI_SEND_SIGNALED	= 1 << 1,
	RDMAAPI_SEND_SOLICITED	= 1 << 2,
	RDMAAPI_SEND_INLINE	= 1 << 3,
};

/**
 * struct rdmaapi_send_wr - a send work request (libibverbs' ibv_send_wr)
 * @wr_id: returned in the completion
 * @next: next work request of the list, or NULL
 * @sg_list: @num_sge scatter/gather entries
 * @num_sge: entries of @sg_list
 * @opcode: RDMAAPI_WR_*
 * @send_flags: RDMAAPI_SEND_* bits
 * @imm_data: immediate data, network byte order
 * @wr: per-opcode fields: @wr.rdma for RDMA WRITE/READ, @wr.atomic for the
 *	atomics, @wr.ud for every work request on a UD QP
 *
 * With RDMAAPI_SEND_INLINE the bytes of @sg_list are copied when the call
 * is made (up to the QP's max_inline_data); their keys are not used.
 */
struct rdmaapi_send_wr {
	uint64_t wr_id;
	struct rdmaapi_send_wr *next;
	struct rdmaapi_sge *sg_list;
	int num_sge;
	enum rdmaapi_wr_opcode opcode;
	unsigned int send_flags;
	uint32_t imm_data;
	union {
		struct {
			uint64_t remote_addr;
			uint32_t rkey;
		} rdma;
		struct {
			uint64_t remote_addr;
			uint64_t compare_add;
			uint64_t swap;
			uint32_t rkey;
		} atomic;
		struct {
			struct rdmaapi_ah *ah;
			uint32_t remote_qpn;
			uint32_t remote_qkey;
		} ud;
	} wr;
};

/* A receive work request (libibverbs' ibv_recv_wr). */
struct rdmaapi_recv_wr {
	uint64_t wr_id;
	struct rdmaapi_recv_wr *next;
	struct rdmaapi_sge *sg_list;
	int num_sge;
};

/* Completion status (the IBV_WC_* values of enum ibv_wc_status). */
enum rdmaapi_wc_status {
	RDMAAPI_WC_SUCCESS,
	RDMAAPI_WC_LOC_LEN_ERR,
	RDMAAPI_WC_LOC_QP_OP_ERR,
	RDMAAPI_WC_LOC_EEC_OP_ERR,
	RDMAAPI_WC_LOC_PROT_ERR,
	RDMAAPI_WC_WR_FLUSH_ERR,
	RDMAAPI_WC_MW_BIND_ERR,
	RDMAAPI_WC_BAD_RESP_ERR,
	RDMAAPI_WC_LOC_ACCESS_ERR,
	RDMAAPI_WC_REM_INV_REQ_ERR,
	RDMAAPI_WC_REM_ACCESS_ERR,
	RDMAAPI_WC_REM_OP_ERR,
	RDMAAPI_WC_RETRY_EXC_ERR,
	RDMAAPI_WC_RNR_RETRY_EXC_ERR,
	RDMAAPI_WC_LOC_RDD_VIOL_ERR,
	RDMAAPI_WC_REM_INV_RD_REQ_ERR,
	RDMAAPI_WC_REM_ABORT_ERR,
	RDMAAPI_WC_INV_EECN_ERR,
	RDMAAPI_WC_INV_EEC_STATE_ERR,
	RDMAAPI_WC_FATAL_ERR,
	RDMAAPI_WC_RESP_TIMEOUT_ERR,
	RDMAAPI_WC_GENERAL_ERR,
	RDMAAPI_WC_TM_ERR,
	RDMAAPI_WC_TM_RNDV_INCOMPLETE,
};

/* Completion opcodes (the IBV_WC_* values of enum ibv_wc_opcode). */
enum rdmaapi_wc_opcode {
	RDMAAPI_WC_SEND,
	RDMAAPI_WC_RDMA_WRITE,
	RDMAAPI_WC_RDMA_READ,
	RDMAAPI_WC_COMP_SWAP,
	RDMAAPI_WC_FETCH_ADD,
	RDMAAPI_WC_BIND_MW,
	RDMAAPI_WC_LOCAL_INV,
	RDMAAPI_WC_TSO,
	RDMAAPI_WC_RECV			= 1 << 7,
	RDMAAPI_WC_RECV_RDMA_WITH_IMM,
};

/* Bits of rdmaapi_wc.wc_flags (the IBV_WC_* flag values). */
enum rdmaapi_wc_flags {
	RDMAAPI_WC_GRH		= 1 << 0,
	RDMAAPI_WC_WITH_IMM	= 1 << 1,
	RDMAAPI_WC_IP_CSUM_OK	= 1 << 2,
	RDMAAPI_WC_WITH_INV	= 1 << 3,
};

/*
 * A work completion (libibverbs' struct ibv_wc); @imm_data is in network
 * byte order.
 */
struct rdmaapi_wc {
	uint64_t wr_id;
	enum rdmaapi_wc_status status;
	enum rdmaapi_wc_opcode opcode;
	uint32_t vendor_err;
	uint32_t byte_len;
	uint32_t imm_data;
	uint32_t qp_num;
	uint32_t src_qp;
	unsigned int wc_flags;
	uint16_t pkey_index;
	uint16_t slid;
	uint8_t sl;
	uint8_t dlid_path_bits;
};

int rdmaapi_post_send(struct rdmaapi_qp *qp, struct rdmaapi_send_wr *wr,
		      struct rdmaapi_send_wr **bad_wr);
int rdmaapi_post_recv(struct rdmaapi_qp *qp, struct rdmaapi_recv_wr *wr,
		      struct rdmaapi_recv_wr **bad_wr);
int rdmaapi_post_srq_recv(struct rdmaapi_srq *srq, struct rdmaapi_recv_wr *wr,
			  struct rdmaapi_recv_wr **bad_wr);
int rdmaapi_poll_cq(struct rdmaapi_cq *cq, int num_entries,
		    struct rdmaapi_wc *wc);
const char *rdmaapi_wc_status_str(enum rdmaapi_wc_status status);

/*
 * Connection manager (librdmacm's rdma_cm, remoted to the host's kernel
 * RDMA CM): where a librdmacm program says rdma_foo, this library says
 * rdmaapi_foo. Identifiers live on a context; their addresses are the
 * host's addresses of the context's RDMA device. See Documentation/api.rst.
 */
struct sockaddr;

/* Port spaces (librdmacm's RDMA_PS_*): reliable connected QPs only. */
enum rdmaapi_port_space {
	RDMAAPI_PS_TCP = 0x0106,
};

/* librdmacm's enum rdma_cm_event_type, same values. */
enum rdmaapi_cm_event_type {
	RDMAAPI_CM_EVENT_ADDR_RESOLVED,
	RDMAAPI_CM_EVENT_ADDR_ERROR,
	RDMAAPI_CM_EVENT_ROUTE_RESOLVED,
	RDMAAPI_CM_EVENT_ROUTE_ERROR,
	RDMAAPI_CM_EVENT_CONNECT_REQUEST,
	RDMAAPI_CM_EVENT_CONNECT_RESPONSE,
	RDMAAPI_CM_EVENT_CONNECT_ERROR,
	RDMAAPI_CM_EVENT_UNREACHABLE,
	RDMAAPI_CM_EVENT_REJECTED,
	RDMAAPI_CM_EVENT_ESTABLISHED,
	RDMAAPI_CM_EVENT_DISCONNECTED,
	RDMAAPI_CM_EVENT_DEVICE_REMOVAL,
	RDMAAPI_CM_EVENT_MULTICAST_JOIN,
	RDMAAPI_CM_EVENT_MULTICAST_ERROR,
	RDMAAPI_CM_EVENT_ADDR_CHANGE,
	RDMAAPI_CM_EVENT_TIMEWAIT_EXIT,
};

/**
 * struct rdmaapi_event_channel - where a context's CM events arrive
 * @context: the context
 * @fd: poll(2)-able: POLLIN when an event may wait
 */
struct rdmaapi_event_channel {
	struct rdmaapi_context *context;
	int fd;
};

/**
 * struct rdmaapi_cm_id - a connection identifier (librdmacm's rdma_cm_id)
 * @verbs: the context
 * @channel: the channel its events arrive on
 * @context: the caller's pointer, given to rdmaapi_create_id() (for a
 *	connection request's identifier: the listener's)
 * @qp: the QP of the connection (rdmaapi_cm_create_qp()), or NULL
 * @ps: port space
 * @port_num: port of the RDMA device, once bound (0 before)
 * @handle: the identifier on the device
 */
struct rdmaapi_cm_id {
	struct rdmaapi_context *verbs;
	struct rdmaapi_event_channel *channel;
	void *context;
	struct rdmaapi_qp *qp;
	enum rdmaapi_port_space ps;
	uint8_t port_num;
	uint32_t handle;
};

/* librdmacm's struct rdma_conn_param (private data up to 196 bytes). */
struct rdmaapi_conn_param {
	const void *private_data;
	uint8_t private_data_len;
	uint8_t responder_resources;
	uint8_t initiator_depth;
	uint8_t flow_control;
	uint8_t retry_count;
	uint8_t rnr_retry_count;
	uint8_t srq;
	uint32_t qp_num;
};

/**
 * struct rdmaapi_cm_event - one event (librdmacm's rdma_cm_event)
 * @id: the identifier; for CONNECT_REQUEST a new one, the connection's
 * @listen_id: CONNECT_REQUEST: the listener, else NULL
 * @event: what happened
 * @status: 0 or a negative errno (REJECTED: the reject reason)
 * @conn: the peer's parameters (CONNECT_REQUEST, ESTABLISHED, REJECTED);
 *	private_data points into the event and is valid until it is acked
 */
struct rdmaapi_cm_event {
	struct rdmaapi_cm_id *id;
	struct rdmaapi_cm_id *listen_id;
	enum rdmaapi_cm_event_type event;
	int status;
	struct rdmaapi_conn_param conn;
};

struct rdmaapi_event_channel *
rdmaapi_create_event_channel(struct rdmaapi_context *context);
int rdmaapi_destroy_event_channel(struct rdmaapi_event_channel *channel);
int rdmaapi_create_id(struct rdmaapi_event_channel *channel,
		      struct rdmaapi_cm_id **id, void *context,
		      enum rdmaapi_port_space ps);
int rdmaapi_destroy_id(struct rdmaapi_cm_id *id);
int rdmaapi_bind_addr(struct rdmaapi_cm_id *id, struct sockaddr *addr);
int rdmaapi_resolve_addr(struct rdmaapi_cm_id *id, struct sockaddr *src_addr,
			 struct sockaddr *dst_addr, int timeout_ms);
int rdmaapi_resolve_route(struct rdmaapi_cm_id *id, int timeout_ms);
int rdmaapi_listen(struct rdmaapi_cm_id *id, int backlog);
int rdmaapi_cm_create_qp(struct rdmaapi_cm_id *id, struct rdmaapi_pd *pd,
			 struct rdmaapi_qp_init_attr *qp_init_attr);
int rdmaapi_connect(struct rdmaapi_cm_id *id,
		    struct rdmaapi_conn_param *conn_param);
int rdmaapi_accept(struct rdmaapi_cm_id *id,
		   struct rdmaapi_conn_param *conn_param);
int rdmaapi_reject(struct rdmaapi_cm_id *id, const void *private_data,
		   uint8_t private_data_len);
int rdmaapi_disconnect(struct rdmaapi_cm_id *id);
int rdmaapi_get_cm_event(struct rdmaapi_event_channel *channel,
			 struct rdmaapi_cm_event **event);
int rdmaapi_ack_cm_event(struct rdmaapi_cm_event *event);
const char *rdmaapi_event_str(enum rdmaapi_cm_event_type event);
int rdmaapi_get_addrs(struct rdmaapi_cm_id *id, struct sockaddr *src,
		      struct sockaddr *dst);

#ifdef __cplusplus
}
#endif

#endif /* RDMAAPI_H */
