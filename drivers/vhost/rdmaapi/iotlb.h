/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest address translation for the RDMA API remoting device.
 */
#ifndef _RDMAAPI_IOTLB_H
#define _RDMAAPI_IOTLB_H

#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/mm_types.h>
#include <linux/vhost_iotlb.h>

/**
 * struct rdmaapi_mem - one guest address space
 * @iotlb: guest address -> host physical address ranges with permissions
 * @lock: serialises lookups against map updates from vhost_vdpa
 * @passthrough: @iotlb holds the identity map (virtio_vdpa only)
 */
struct rdmaapi_mem {
	struct vhost_iotlb iotlb;
	spinlock_t lock;
	bool passthrough;
};

void rdmaapi_mem_init(struct rdmaapi_mem *mem);
void rdmaapi_mem_cleanup(struct rdmaapi_mem *mem);
int rdmaapi_mem_identity(struct rdmaapi_mem *mem);
int rdmaapi_mem_reset(struct rdmaapi_mem *mem);
int rdmaapi_mem_set_map(struct rdmaapi_mem *mem, struct vhost_iotlb *src);
int rdmaapi_mem_map(struct rdmaapi_mem *mem, u64 iova, u64 size, u64 pa,
		    u32 perm);
int rdmaapi_mem_unmap(struct rdmaapi_mem *mem, u64 iova, u64 size);
int rdmaapi_mem_read(struct rdmaapi_mem *mem, u64 gpa, void *dst, size_t len);
int rdmaapi_mem_write(struct rdmaapi_mem *mem, u64 gpa, const void *src,
		      size_t len);
int rdmaapi_mem_get_pages(struct rdmaapi_mem *mem, const __le64 *gpas,
			  u32 count, bool write, struct page **pages,
			  u32 *taken);

#endif /* _RDMAAPI_IOTLB_H */
