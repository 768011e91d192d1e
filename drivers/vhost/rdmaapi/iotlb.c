// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest address translation: guest-physical (vhost_vdpa, PA mode) or
 * host-physical (virtio_vdpa, identity) addresses to host pages.
 *
 * vhost_vdpa hands us, through set_map/dma_map, ranges of guest memory it
 * has pinned; each range is physically contiguous on the host. Nothing
 * outside those ranges, or against their permission, is ever touched.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/vhost_iotlb.h>
#include "iotlb.h"

/* Bounds the map a guest can make us keep (vhost_vdpa's default). */
#define RDMAAPI_IOTLB_MAX_ENTRIES	2048

/**
 * rdmaapi_mem_init() - initialise an empty address space
 * @mem: address space
 *
 * Nothing is reachable until the hypervisor maps guest memory, or until
 * rdmaapi_mem_identity() for a driver in the host kernel itself.
 */
void rdmaapi_mem_init(struct rdmaapi_mem *mem)
{
	spin_lock_init(&mem->lock);
	vhost_iotlb_init(&mem->iotlb, RDMAAPI_IOTLB_MAX_ENTRIES, 0);
	mem->passthrough = false;
}

/**
 * rdmaapi_mem_identity() - make guest addresses host physical addresses
 * @mem: address space
 *
 * Only for virtio_vdpa, whose "guest" is the host kernel: never for a
 * device a VMM (vhost_vdpa) drives, which would then reach all of host
 * memory.
 *
 * Return: 0 or -ENOMEM.
 */
int rdmaapi_mem_identity(struct rdmaapi_mem *mem)
{
	int ret;

	spin_lock(&mem->lock);
	vhost_iotlb_reset(&mem->iotlb);
	mem->passthrough = true;
	ret = vhost_iotlb_add_range(&mem->iotlb, 0, ULONG_MAX, 0,
				    VHOST_MAP_RW);
	spin_unlock(&mem->lock);
	return ret;
}

/**
 * rdmaapi_mem_cleanup() - free every range of an address space
 * @mem: address space
 */
void rdmaapi_mem_cleanup(struct rdmaapi_mem *mem)
{
	spin_lock(&mem->lock);
	vhost_iotlb_reset(&mem->iotlb);
	spin_unlock(&mem->lock);
}

/**
 * rdmaapi_mem_reset() - forget every mapping (vdpa reset_map, device reset)
 * @mem: address space
 *
 * Return: 0.
 */
int rdmaapi_mem_reset(struct rdmaapi_mem *mem)
{
	spin_lock(&mem->lock);
	vhost_iotlb_reset(&mem->iotlb);
	mem->passthrough = false;
	spin_unlock(&mem->lock);
	return 0;
}

/**
 * rdmaapi_mem_set_map() - replace the whole map (vdpa set_map)
 * @mem: address space
 * @src: the new ranges, owned by the caller
 *
 * Return: 0, or -ENOMEM with @mem left empty.
 */
int rdmaapi_mem_set_map(struct rdmaapi_mem *mem, struct vhost_iotlb *src)
{
	struct vhost_iotlb_map *map;
	int ret = 0;

	spin_lock(&mem->lock);
	vhost_iotlb_reset(&mem->iotlb);
	mem->passthrough = false;
	for (map = vhost_iotlb_itree_first(src, 0, ULONG_MAX); map;
	     map = vhost_iotlb_itree_next(map, 0, ULONG_MAX)) {
		ret = vhost_iotlb_add_range(&mem->iotlb, map->start, map->last,
					    map->addr, map->perm);
		if (ret) {
			vhost_iotlb_reset(&mem->iotlb);
			break;
		}
	}
	spin_unlock(&mem->lock);
	return ret;
}

/**
 * rdmaapi_mem_map() - add one range (vdpa dma_map)
 * @mem: address space
 * @iova: guest address of the range
 * @size: bytes, not 0
 * @pa: host physical address @iova maps to
 * @perm: VHOST_MAP_RO, VHOST_MAP_WO or VHOST_MAP_RW
 *
 * The first range replaces the identity map.
 *
 * Return: 0, -EINVAL for an empty or wrapping range, -ENOMEM.
 */
int rdmaapi_mem_map(struct rdmaapi_mem *mem, u64 iova, u64 size, u64 pa,
		    u32 perm)
{
	int ret;

	if (!size || iova + size - 1 < iova)
		return -EINVAL;
	spin_lock(&mem->lock);
	if (mem->passthrough) {
		vhost_iotlb_reset(&mem->iotlb);
		mem->passthrough = false;
	}
	ret = vhost_iotlb_add_range(&mem->iotlb, iova, iova + size - 1, pa,
				    perm);
	spin_unlock(&mem->lock);
	return ret;
}

/**
 * rdmaapi_mem_unmap() - remove a range (vdpa dma_unmap)
 * @mem: address space
 * @iova: guest address of the range
 * @size: bytes
 *
 * Return: 0 or -EINVAL for an empty or wrapping range.
 */
int rdmaapi_mem_unmap(struct rdmaapi_mem *mem, u64 iova, u64 size)
{
	if (!size || iova + size - 1 < iova)
		return -EINVAL;
	spin_lock(&mem->lock);
	if (mem->passthrough) {
		vhost_iotlb_reset(&mem->iotlb);
		mem->passthrough = false;
	}
	vhost_iotlb_del_range(&mem->iotlb, iova, iova + size - 1);
	spin_unlock(&mem->lock);
	return 0;
}

static void copy_page_part(u64 pa, void *buf, size_t len, bool to_page)
{
	void *va = kmap_local_page(pfn_to_page(PHYS_PFN(pa)));

	if (to_page)
		memcpy(va + offset_in_page(pa), buf, len);
	else
		memcpy(buf, va + offset_in_page(pa), len);
	kunmap_local(va);
}

/*
 * Copy between @buf and guest memory at @gpa. @to_guest selects the
 * direction and the permission the mapping must grant.
 */
static int mem_copy(struct rdmaapi_mem *mem, u64 gpa, void *buf, size_t len,
		    bool to_guest)
{
	u32 need = to_guest ? VHOST_MAP_WO : VHOST_MAP_RO;
	struct vhost_iotlb_map *map;
	int ret = 0;

	if (len && gpa + len - 1 < gpa)
		return -EFAULT;

	spin_lock(&mem->lock);
	while (len) {
		u64 pa, chunk;

		map = vhost_iotlb_itree_first(&mem->iotlb, gpa, gpa);
		if (!map || (map->perm & need) != need) {
			ret = -EFAULT;
			break;
		}
		pa = map->addr + (gpa - map->start);
		chunk = min_t(u64, len, map->last - gpa + 1);
		/* One host page at a time: ranges need not be mapped linearly. */
		chunk = min_t(u64, chunk, PAGE_SIZE - offset_in_page(pa));
		if (!pfn_valid(PHYS_PFN(pa))) {
			ret = -EFAULT;
			break;
		}
		copy_page_part(pa, buf, chunk, to_guest);
		buf += chunk;
		gpa += chunk;
		len -= chunk;
	}
	spin_unlock(&mem->lock);
	return ret;
}

/**
 * rdmaapi_mem_read() - copy from guest memory
 * @mem: address space
 * @gpa: guest address
 * @dst: kernel buffer
 * @len: bytes
 *
 * Return: 0, or -EFAULT if any byte is unmapped or not readable by the
 * device (@dst may then hold a partial copy).
 */
int rdmaapi_mem_read(struct rdmaapi_mem *mem, u64 gpa, void *dst, size_t len)
{
	return mem_copy(mem, gpa, dst, len, false);
}

/**
 * rdmaapi_mem_write() - copy to guest memory
 * @mem: address space
 * @gpa: guest address
 * @src: kernel buffer
 * @len: bytes
 *
 * Return: 0, or -EFAULT if any byte is unmapped or not writable by the
 * device (a prefix may have been written).
 */
int rdmaapi_mem_write(struct rdmaapi_mem *mem, u64 gpa, const void *src,
		      size_t len)
{
	return mem_copy(mem, gpa, (void *)src, len, true);
}

/* Pages translated per hold of the lock: bounds how long others wait. */
#define MEM_PAGES_PER_LOCK	512

/*
 * One page under mem->lock; *map is the mapping that covered the previous
 * page, looked up again only when this one falls outside it.
 */
static int mem_get_page_locked(struct rdmaapi_mem *mem, u64 gpa, u32 need,
			       struct vhost_iotlb_map **map,
			       struct page **page)
{
	u64 last = gpa + PAGE_SIZE - 1;
	u64 pa;

	if (!PAGE_ALIGNED(gpa))
		return -EINVAL;
	if (last < gpa)
		return -EFAULT;
	if (!*map || gpa < (*map)->start || last > (*map)->last)
		*map = vhost_iotlb_itree_first(&mem->iotlb, gpa, gpa);
	if (!*map || (*map)->last < last || ((*map)->perm & need) != need)
		return -EFAULT;
	pa = (*map)->addr + (gpa - (*map)->start);
	if (!PAGE_ALIGNED(pa) || !pfn_valid(PHYS_PFN(pa)))
		return -EFAULT;
	/*
	 * The reference goes on the folio: a tail page of a huge page has
	 * no count of its own. A free page (count 0) is never taken.
	 */
	if (!folio_try_get(page_folio(pfn_to_page(PHYS_PFN(pa)))))
		return -EFAULT;
	*page = pfn_to_page(PHYS_PFN(pa));
	return 0;
}

/**
 * rdmaapi_mem_get_pages() - the host pages behind guest pages
 * @mem: address space
 * @gpas: page-aligned guest addresses, little-endian (as on the wire)
 * @count: entries at @gpas
 * @write: the RDMA device will write to the pages
 * @pages: set to the pages, each with a reference the caller must put
 * @taken: set to the number of pages referenced, all of them on success
 *
 * The references keep the pages ours even if the hypervisor unmaps them
 * while the RDMA device may still reach them. Neighbouring pages usually
 * share one mapping, which is then looked up once.
 *
 * Return: 0; -EINVAL for an unaligned address; -EFAULT if a page is not
 * wholly mapped with the permission the device needs. On failure the
 * first *@taken pages stay referenced.
 */
int rdmaapi_mem_get_pages(struct rdmaapi_mem *mem, const __le64 *gpas,
			  u32 count, bool write, struct page **pages,
			  u32 *taken)
{
	u32 need = VHOST_MAP_RO | (write ? VHOST_MAP_WO : 0);
	struct vhost_iotlb_map *map;
	u32 i = 0, end;
	int ret = 0;

	while (i < count && !ret) {
		end = i + min_t(u32, count - i, MEM_PAGES_PER_LOCK);
		map = NULL;
		spin_lock(&mem->lock);
		for (; i < end; i++) {
			ret = mem_get_page_locked(mem, le64_to_cpu(gpas[i]),
						  need, &map, &pages[i]);
			if (ret)
				break;
		}
		spin_unlock(&mem->lock);
		cond_resched();
	}
	*taken = i;
	return ret;
}
