// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtio_rdmaapi - memory regions: pinning the caller's pages and handing
 * their guest-physical (device) addresses to the host, which registers
 * them with the RDMA device. The pages stay pinned until the host has
 * confirmed the region is gone, so the RDMA device never writes a page
 * this kernel has reused.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "rdmaapi.h"

/* IBV_ACCESS_* bits that let the device write the pages. */
#define RDMAAPI_ACCESS_WRITE	(1 | 2 | 8)

/**
 * struct rdmaapi_umr - a registered region of a file
 * @pages: the pinned pages
 * @dma: their device addresses
 * @npages: entries in @pages and @dma
 * @pinned: entries of @pages that are pinned
 * @mapped: entries of @dma that are mapped
 * @write: pinned for writing
 * @dma_dev: the device @dma is mapped for, NULL if addresses are physical
 * @mm: whose pinned_vm the pages are charged to (RLIMIT_MEMLOCK)
 */
struct rdmaapi_umr {
	struct page **pages;
	dma_addr_t *dma;
	unsigned long npages;
	unsigned long pinned;
	unsigned long mapped;
	bool write;
	struct device *dma_dev;
	struct mm_struct *mm;
};

static void rdmaapi_umr_free(struct rdmaapi_umr *umr)
{
	unsigned long i;

	for (i = 0; umr->dma_dev && i < umr->mapped; i++)
		dma_unmap_page(umr->dma_dev, umr->dma[i], PAGE_SIZE,
			       DMA_BIDIRECTIONAL);
	put_device(umr->dma_dev);
	unpin_user_pages_dirty_lock(umr->pages, umr->pinned, umr->write);
	if (umr->mm) {
		atomic64_sub(umr->npages, &umr->mm->pinned_vm);
		mmdrop(umr->mm);
	}
	kvfree(umr->dma);
	kvfree(umr->pages);
	kfree(umr);
}

/*
 * The device that maps addresses for the virtio device (NULL when the
 * rings use physical addresses), referenced; -ENODEV once it is gone.
 */
static int rdmaapi_dma_dev(struct rdmaapi_dev *rdev, struct device **dev)
{
	unsigned long flags;
	int err = 0;

	spin_lock_irqsave(&rdev->vq_lock, flags);
	if (rdev->ctrl_vq)
		*dev = get_device(virtqueue_dma_dev(rdev->ctrl_vq));
	else
		err = -ENODEV;
	spin_unlock_irqrestore(&rdev->vq_lock, flags);
	return err;
}

static int rdmaapi_umr_pin(struct rdmaapi_dev *rdev, struct rdmaapi_umr *umr,
			   unsigned long start)
{
	unsigned int flags = FOLL_LONGTERM | (umr->write ? FOLL_WRITE : 0);
	int n;

	/* Charged like any other long-term pin (uverbs does the same). */
	if (atomic64_add_return(umr->npages, &current->mm->pinned_vm) >
	    rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT && !capable(CAP_IPC_LOCK)) {
		atomic64_sub(umr->npages, &current->mm->pinned_vm);
		return -ENOMEM;
	}
	umr->mm = current->mm;
	mmgrab(umr->mm);
	n = rdmaapi_dma_dev(rdev, &umr->dma_dev);
	if (n)
		return n;
	while (umr->pinned < umr->npages) {
		n = pin_user_pages_fast(start + umr->pinned * PAGE_SIZE,
					min(umr->npages - umr->pinned, 65536UL),
					flags, umr->pages + umr->pinned);
		if (n <= 0)
			return n ? n : -EFAULT;
		umr->pinned += n;
	}
	for (umr->mapped = 0; umr->mapped < umr->npages; umr->mapped++) {
		struct page *page = umr->pages[umr->mapped];
		dma_addr_t a = page_to_phys(page);

		/* The address the device sees, as for the rings themselves. */
		if (umr->dma_dev) {
			a = dma_map_page(umr->dma_dev, page, 0, PAGE_SIZE,
					 DMA_BIDIRECTIONAL);
			if (dma_mapping_error(umr->dma_dev, a))
				return -ENOMEM;
		}
		umr->dma[umr->mapped] = a;
	}
	return 0;
}

/* Send the page list in as many REG_MR requests as it takes. */
static int rdmaapi_umr_send(struct rdmaapi_file *file, struct rdmaapi_umr *umr,
			    const struct rdmaapi_reg_mr *a,
			    struct virtio_rdmaapi_reg_mr_resp *resp)
{
	u32 per = (RDMAAPI_MAX_PAYLOAD -
		   sizeof(struct virtio_rdmaapi_reg_mr_req)) / sizeof(__le64);
	struct virtio_rdmaapi_reg_mr_req *req;
	unsigned long first = 0;
	u32 count, i, len;
	int err = 0;

	req = kmalloc(RDMAAPI_MAX_PAYLOAD, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	memset(req, 0, sizeof(*req));
	req->pd = cpu_to_le32(a->pd);
	req->access = cpu_to_le32(a->access);
	req->iova = cpu_to_le64(a->addr);
	req->length = cpu_to_le64(a->length);
	req->offset = cpu_to_le32(offset_in_page(a->addr));
	req->npages = cpu_to_le32(umr->npages);
	do {
		count = min_t(unsigned long, umr->npages - first, per);
		req->first = cpu_to_le32(first);
		req->count = cpu_to_le32(count);
		for (i = 0; i < count; i++)
			req->pages[i] = cpu_to_le64(umr->dma[first + i]);
		len = sizeof(*resp);
		err = rdmaapi_ctrl_call(file->rdev, VIRTIO_RDMAAPI_API_VERBS,
					VIRTIO_RDMAAPI_VERBS_REG_MR, file->ctx,
					req, struct_size(req, pages, count),
					resp, &len);
		if (!err && len != sizeof(*resp))
			err = -EIO;
		if (err)
			break;
		req->mr = resp->mr;
		first += count;
	} while (first < umr->npages);
	if (!err && !le32_to_cpu(resp->done))
		err = -EIO;
	kfree(req);
	return err;
}

/**
 * rdmaapi_reg_mr() - RDMAAPI_IOCTL_REG_MR
 * @file: the calling context
 * @uarg: struct rdmaapi_reg_mr
 *
 * Return: 0 or -errno.
 */
long rdmaapi_reg_mr(struct rdmaapi_file *file, struct rdmaapi_reg_mr __user *uarg)
{
	struct virtio_rdmaapi_reg_mr_resp resp = {};
	struct rdmaapi_reg_mr a;
	struct rdmaapi_umr *umr;
	u64 npages;
	int err;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (!a.length || a.reserved || a.addr + a.length < a.addr)
		return -EINVAL;
	npages = DIV_ROUND_UP(offset_in_page(a.addr) + a.length, PAGE_SIZE);
	if (npages > U32_MAX)
		return -EINVAL;

	umr = kzalloc(sizeof(*umr), GFP_KERNEL);
	if (!umr)
		return -ENOMEM;
	umr->npages = npages;
	umr->write = a.access & RDMAAPI_ACCESS_WRITE;
	umr->pages = kvcalloc(npages, sizeof(*umr->pages), GFP_KERNEL);
	umr->dma = kvcalloc(npages, sizeof(*umr->dma), GFP_KERNEL);
	if (!umr->pages || !umr->dma) {
		err = -ENOMEM;
		goto err_unpin;
	}
	err = rdmaapi_umr_pin(file->rdev, umr, a.addr & PAGE_MASK);
	if (err)
		goto err_unpin;
	/* The host destroys a partial region itself on any failure... */
	err = rdmaapi_umr_send(file, umr, &a, &resp);
	if (err == -EINTR || err == -ETIMEDOUT) {
		/*
		 * ...that it answered. Unanswered, the host may yet register
		 * the pages: keep them pinned until the context is destroyed
		 * (or for good, if even that bookkeeping fails).
		 */
		u32 id;

		if (xa_alloc(&file->limbo, &id, umr, xa_limit_32b, GFP_KERNEL))
			dev_warn(&file->rdev->dev, "leaving %lu pages pinned\n",
				 umr->npages);
		return err;
	}
	if (err)
		goto err_unpin;
	a.mr = le32_to_cpu(resp.mr);
	a.lkey = le32_to_cpu(resp.lkey);
	a.rkey = le32_to_cpu(resp.rkey);
	err = xa_insert(&file->mrs, a.mr, umr, GFP_KERNEL);
	if (err)
		goto err_dereg;
	if (copy_to_user(uarg, &a, sizeof(a))) {
		xa_erase(&file->mrs, a.mr);
		err = -EFAULT;
		goto err_dereg;
	}
	return 0;

err_dereg:
	rdmaapi_dereg_host(file, a.mr);
err_unpin:
	rdmaapi_umr_free(umr);
	return err;
}

/**
 * rdmaapi_dereg_host() - tell the host a region is gone
 * @file: the owning context
 * @mr: region handle
 *
 * Return: the host's answer.
 */
int rdmaapi_dereg_host(struct rdmaapi_file *file, u32 mr)
{
	struct virtio_rdmaapi_handle h = { .handle = cpu_to_le32(mr) };

	return rdmaapi_ctrl_teardown(file->rdev, VIRTIO_RDMAAPI_API_VERBS,
				     VIRTIO_RDMAAPI_VERBS_DEREG_MR, file->ctx,
				     &h, sizeof(h));
}

/**
 * rdmaapi_dereg_mr() - RDMAAPI_IOCTL_DEREG_MR
 * @file: the calling context
 * @uarg: the region handle
 *
 * Return: 0 or -errno.
 */
long rdmaapi_dereg_mr(struct rdmaapi_file *file, u32 __user *uarg)
{
	struct rdmaapi_umr *umr;
	u32 mr;
	int err;

	if (get_user(mr, uarg))
		return -EFAULT;
	umr = xa_erase(&file->mrs, mr);
	if (!umr)
		return -EINVAL;
	err = rdmaapi_dereg_host(file, mr);
	/*
	 * Only when the host answered that the region is gone (or never was,
	 * or the device is) may the pages go; on any other failure the host
	 * may still hold it: keep them pinned until the context goes.
	 */
	if (err && err != -ENODEV && err != -EINVAL) {
		xa_store(&file->mrs, mr, umr, GFP_KERNEL);
		return err;
	}
	rdmaapi_umr_free(umr);
	return err == -ENODEV ? 0 : err;
}

/**
 * rdmaapi_mem_release() - unpin every region of a closed context
 * @file: the context, already destroyed on the host (or the device gone)
 */
void rdmaapi_mem_release(struct rdmaapi_file *file)
{
	struct rdmaapi_umr *umr;
	unsigned long mr;

	xa_for_each(&file->mrs, mr, umr) {
		xa_erase(&file->mrs, mr);
		rdmaapi_umr_free(umr);
	}
	xa_for_each(&file->limbo, mr, umr) {
		xa_erase(&file->limbo, mr);
		rdmaapi_umr_free(umr);
	}
}
