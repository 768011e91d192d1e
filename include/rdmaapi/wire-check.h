/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The wire protocol's sizes, asserted in both modules from one list: a
 * change to include/uapi/linux/virtio_rdmaapi.h that moves a field breaks
 * the build of both sides.
 */
#ifndef _RDMAAPI_WIRE_CHECK_H
#define _RDMAAPI_WIRE_CHECK_H

#include <linux/build_bug.h>
#include <linux/virtio_rdmaapi.h>

static inline void virtio_rdmaapi_check_wire(void)
{
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_config) != 104);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_req_hdr) != 24);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_resp_hdr) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_create_ctx_resp) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_limit) != 32);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_limits_resp) != 968);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_device_attr) != 248);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_query_port_req) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_port_attr) != 64);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_query_gid_req) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_gid) != 24);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_handle) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_create_cq_req) != 24);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_create_cq_resp) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_req_notify_cq_req) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_qp_cap) != 24);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_create_qp_req) != 56);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_create_qp_resp) != 32);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_ah_attr) != 32);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_qp_attr) != 144);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_modify_qp_req) != 152);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_query_qp_req) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_query_qp_resp) != 176);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_create_ah_req) != 40);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_srq_attr) != 16);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_create_srq_req) != 32);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_create_srq_resp) != 24);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_modify_srq_req) != 24);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_reg_mr_req) != 48);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_reg_mr_resp) != 16);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_event) != 32);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_sge) != 16);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_send_wr) != 72);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_recv_wr) != 16);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_post_req) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_post_resp) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_poll_cq_req) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_wc) != 48);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_poll_cq_resp) != 1544);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_sockaddr) != 24);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_cm_conn_param) != 216);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_cm_create_id_req) != 16);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_cm_addr_req) != 56);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_cm_id_req) != 8);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_cm_connect_req) != 224);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_cm_event) != 248);
	BUILD_BUG_ON(sizeof(struct virtio_rdmaapi_cm_query_addr_resp) != 56);
}

#endif /* _RDMAAPI_WIRE_CHECK_H */
