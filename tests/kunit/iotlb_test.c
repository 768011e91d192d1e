// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for guest address translation (drivers/vhost/rdmaapi/iotlb.c)
 * against the real vhost_iotlb.
 */
#include <kunit/test.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/prandom.h>
#include <linux/vhost_iotlb.h>
#include "iotlb.h"
#include "test_guest.h"

#define GBASE	0x40000000ULL
#define GPAGE(i)	(GBASE + (u64)(i) * PAGE_SIZE)

static const u8 pattern[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };

static struct rdmaapi_test_guest *guest(struct kunit *test, u32 perm)
{
	return rdmaapi_test_guest_new(test, GBASE, 4, perm);
}

static void iotlb_identity_is_passthrough(struct kunit *test)
{
	struct rdmaapi_mem *mem = kunit_kzalloc(test, sizeof(*mem), GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, 8, GFP_KERNEL);
	u8 out[8] = {};

	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, pattern, 8);
	rdmaapi_mem_init(mem);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_identity(mem));
	KUNIT_EXPECT_TRUE(test, mem->passthrough);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(mem, virt_to_phys(buf), out, 8));
	KUNIT_EXPECT_MEMEQ(test, out, pattern, 8);
	rdmaapi_mem_cleanup(mem);
}

static void iotlb_passthrough_write_reaches_host_address(struct kunit *test)
{
	struct rdmaapi_mem *mem = kunit_kzalloc(test, sizeof(*mem), GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, 8, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	rdmaapi_mem_init(mem);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_identity(mem));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_write(mem, virt_to_phys(buf), pattern, 8));
	KUNIT_EXPECT_MEMEQ(test, buf, pattern, 8);
	rdmaapi_mem_cleanup(mem);
}

static void iotlb_first_map_replaces_passthrough(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u64 pa = rdmaapi_test_guest_pa(g, GPAGE(0));
	u8 out;

	KUNIT_EXPECT_FALSE(test, g->mem.passthrough);
	/* The host address is no longer a guest address. */
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, pa, &out, 1));
}

static void iotlb_read_mapped(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u8 out[8] = {};

	rdmaapi_test_poke(g, GPAGE(1) + 100, pattern, 8);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, GPAGE(1) + 100, out, 8));
	KUNIT_EXPECT_MEMEQ(test, out, pattern, 8);
}

static void iotlb_write_mapped(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u8 out[8] = {};

	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_write(&g->mem, GPAGE(2) + 8, pattern, 8));
	rdmaapi_test_peek(g, GPAGE(2) + 8, out, 8);
	KUNIT_EXPECT_MEMEQ(test, out, pattern, 8);
}

static void iotlb_read_across_noncontiguous_host_pages(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u64 at = GPAGE(1) - 3;
	u8 out[8] = {};

	rdmaapi_test_poke(g, at, pattern, 8);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, at, out, 8));
	KUNIT_EXPECT_MEMEQ(test, out, pattern, 8);
}

static void iotlb_write_across_noncontiguous_host_pages(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u64 at = GPAGE(3) - 5;
	u8 out[8] = {};

	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_write(&g->mem, at, pattern, 8));
	rdmaapi_test_peek(g, at, out, 8);
	KUNIT_EXPECT_MEMEQ(test, out, pattern, 8);
}

static void iotlb_read_whole_multi_page_range(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	size_t len = 4 * PAGE_SIZE;
	u8 *in = kunit_kmalloc(test, len, GFP_KERNEL);
	u8 *out = kunit_kzalloc(test, len, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out);
	for (i = 0; i < len; i++)
		in[i] = i * 7 + 3;
	rdmaapi_test_poke(g, GBASE, in, len);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, GBASE, out, len));
	KUNIT_EXPECT_MEMEQ(test, out, in, len);
}

static void iotlb_read_zero_bytes_anywhere(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u8 out;

	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, 0x1000, &out, 0));
}

static void iotlb_read_unmapped_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u8 out;

	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, GBASE - 1, &out, 1));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, GPAGE(4), &out, 1));
}

static void iotlb_write_unmapped_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);

	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_write(&g->mem, GPAGE(4), pattern, 1));
}

static void iotlb_read_last_mapped_byte(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u8 out[2] = {};

	rdmaapi_test_poke(g, GPAGE(4) - 2, pattern, 2);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, GPAGE(4) - 2, out, 2));
	KUNIT_EXPECT_MEMEQ(test, out, pattern, 2);
}

static void iotlb_read_one_past_mapped_end_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u8 out[3];

	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, GPAGE(4) - 2, out, 3));
}

static void iotlb_read_across_hole_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u8 out[8];

	rdmaapi_test_guest_unmap(test, g, 2);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, GPAGE(2) - 4, out, 8));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, GPAGE(2) - 4, out, 4));
}

static void iotlb_read_write_only_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_WO);
	u8 out;

	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, GPAGE(0), &out, 1));
}

static void iotlb_write_write_only_ok(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_WO);

	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_write(&g->mem, GPAGE(0), pattern, 8));
}

static void iotlb_write_read_only_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RO);
	u8 out[8] = {};
	u8 zero[8] = {};

	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_write(&g->mem, GPAGE(0), pattern, 8));
	rdmaapi_test_peek(g, GPAGE(0), out, 8);
	KUNIT_EXPECT_MEMEQ(test, out, zero, 8);
}

static void iotlb_read_read_only_ok(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RO);
	u8 out[8] = {};

	rdmaapi_test_poke(g, GPAGE(0), pattern, 8);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, GPAGE(0), out, 8));
	KUNIT_EXPECT_MEMEQ(test, out, pattern, 8);
}

static void iotlb_read_into_read_only_page_of_rw_range_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);

	rdmaapi_test_guest_remap(test, g, 1, VHOST_MAP_RO);
	KUNIT_EXPECT_EQ(test, -EFAULT,
			rdmaapi_mem_write(&g->mem, GPAGE(1) - 4, pattern, 8));
}

/* Both ends of the address space mapped: a copy must still not wrap. */
static void map_both_ends(struct kunit *test, struct rdmaapi_test_guest *g)
{
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_map(&g->mem, U64_MAX - PAGE_SIZE + 1,
						 PAGE_SIZE,
						 rdmaapi_test_guest_pa(g, GPAGE(0)),
						 VHOST_MAP_RW));
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_map(&g->mem, 0, PAGE_SIZE,
						 rdmaapi_test_guest_pa(g, GPAGE(1)),
						 VHOST_MAP_RW));
}

static void iotlb_read_wrapping_address_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u8 out[2];

	map_both_ends(test, g);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, U64_MAX, out, 1));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, 0, out, 1));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, U64_MAX, out, 2));
}

static void iotlb_write_wrapping_address_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);

	map_both_ends(test, g);
	KUNIT_EXPECT_EQ(test, -EFAULT,
			rdmaapi_mem_write(&g->mem, U64_MAX - 3, pattern, 8));
}

static void iotlb_read_invalid_pfn_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u64 far = 1ULL << 50;
	u8 out;

	KUNIT_ASSERT_FALSE(test, pfn_valid(PHYS_PFN(far)));
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_map(&g->mem, 0x1000, PAGE_SIZE, far,
						 VHOST_MAP_RW));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, 0x1000, &out, 1));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_write(&g->mem, 0x1000, &out, 1));
}

static void iotlb_map_zero_size_einval(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);

	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_mem_map(&g->mem, 0x1000, 0, 0x1000,
						       VHOST_MAP_RW));
}

static void iotlb_map_wrapping_range_einval(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);

	KUNIT_EXPECT_EQ(test, -EINVAL,
			rdmaapi_mem_map(&g->mem, U64_MAX - PAGE_SIZE + 2, PAGE_SIZE,
					0x1000, VHOST_MAP_RW));
}

static void iotlb_map_range_ending_at_u64_max(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);

	KUNIT_EXPECT_EQ(test, 0,
			rdmaapi_mem_map(&g->mem, U64_MAX - PAGE_SIZE + 1, PAGE_SIZE,
					rdmaapi_test_guest_pa(g, GPAGE(0)),
					VHOST_MAP_RW));
}

static void iotlb_unmap_zero_size_einval(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);

	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_mem_unmap(&g->mem, GPAGE(0), 0));
}

static void iotlb_unmap_wrapping_range_einval(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);

	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_mem_unmap(&g->mem, U64_MAX, 2));
}

static void iotlb_unmap_then_read_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u8 out;

	rdmaapi_test_guest_unmap(test, g, 1);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, GPAGE(1), &out, 1));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, GPAGE(0), &out, 1));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, GPAGE(2), &out, 1));
}

static void iotlb_unmap_in_passthrough_leaves_nothing(struct kunit *test)
{
	struct rdmaapi_mem *mem = kunit_kzalloc(test, sizeof(*mem), GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, 8, GFP_KERNEL);
	u8 out;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	rdmaapi_mem_init(mem);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_identity(mem));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_unmap(mem, 0x1000, PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, mem->passthrough);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(mem, virt_to_phys(buf), &out, 1));
	rdmaapi_mem_cleanup(mem);
}

static void iotlb_set_map_replaces_every_range(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	struct vhost_iotlb *src = vhost_iotlb_alloc(16, 0);
	u64 pa = rdmaapi_test_guest_pa(g, GPAGE(3));
	u8 out[8] = {};

	KUNIT_ASSERT_NOT_NULL(test, src);
	KUNIT_ASSERT_EQ(test, 0, vhost_iotlb_add_range(src, 0x7000, 0x7fff, pa,
						       VHOST_MAP_RO));
	rdmaapi_test_poke(g, GPAGE(3), pattern, 8);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_set_map(&g->mem, src));
	vhost_iotlb_free(src);
	KUNIT_EXPECT_FALSE(test, g->mem.passthrough);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, 0x7000, out, 8));
	KUNIT_EXPECT_MEMEQ(test, out, pattern, 8);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_write(&g->mem, 0x7000, out, 1));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, GPAGE(3), out, 1));
}

static void iotlb_set_map_empty_maps_nothing(struct kunit *test)
{
	struct rdmaapi_mem *mem = kunit_kzalloc(test, sizeof(*mem), GFP_KERNEL);
	struct vhost_iotlb *src = vhost_iotlb_alloc(16, 0);
	u8 *buf = kunit_kzalloc(test, 8, GFP_KERNEL);
	u8 out;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_NOT_NULL(test, src);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	rdmaapi_mem_init(mem);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_set_map(mem, src));
	vhost_iotlb_free(src);
	KUNIT_EXPECT_FALSE(test, mem->passthrough);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(mem, virt_to_phys(buf), &out, 1));
	rdmaapi_mem_cleanup(mem);
}

static void iotlb_reset_maps_nothing(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u64 pa = rdmaapi_test_guest_pa(g, GPAGE(0));
	u8 out[8] = {};

	/* Neither the guest's old addresses nor host physical ones. */
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_reset(&g->mem));
	KUNIT_EXPECT_FALSE(test, g->mem.passthrough);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, GPAGE(0), out, 8));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, pa, out, 8));
}

static void iotlb_init_maps_nothing(struct kunit *test)
{
	struct rdmaapi_mem *mem = kunit_kzalloc(test, sizeof(*mem), GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, 8, GFP_KERNEL);
	u8 out[8] = {};

	/* A new device reaches no host memory until something is mapped. */
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	rdmaapi_mem_init(mem);
	KUNIT_EXPECT_FALSE(test, mem->passthrough);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(mem, virt_to_phys(buf), out, 8));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_write(mem, virt_to_phys(buf), out, 8));
	rdmaapi_mem_cleanup(mem);
}

/* rdmaapi_mem_get_pages() of one page, as most cases need. */
static int get_one(struct rdmaapi_mem *mem, u64 gpa, bool write,
		   struct page **page)
{
	__le64 w = cpu_to_le64(gpa);
	u32 taken;

	return rdmaapi_mem_get_pages(mem, &w, 1, write, page, &taken);
}

static void iotlb_get_page_takes_a_reference(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	struct page *page = NULL;
	int before = page_ref_count(g->page[2]);

	KUNIT_ASSERT_EQ(test, 0, get_one(&g->mem, GPAGE(2), true, &page));
	KUNIT_EXPECT_PTR_EQ(test, page, g->page[2]);
	KUNIT_EXPECT_EQ(test, before + 1, page_ref_count(g->page[2]));
	put_page(page);
}

static void iotlb_get_page_unaligned_einval(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	struct page *page = NULL;

	KUNIT_EXPECT_EQ(test, -EINVAL,
			get_one(&g->mem, GPAGE(1) + 1, false, &page));
}

static void iotlb_get_page_unmapped_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	struct page *page = NULL;

	KUNIT_EXPECT_EQ(test, -EFAULT,
			get_one(&g->mem, GPAGE(4), false, &page));
}

static void iotlb_get_page_partially_mapped_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	struct page *page = NULL;

	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_map(&g->mem, 0x100000, PAGE_SIZE / 2,
						 rdmaapi_test_guest_pa(g, GPAGE(0)),
						 VHOST_MAP_RW));
	KUNIT_EXPECT_EQ(test, -EFAULT,
			get_one(&g->mem, 0x100000, false, &page));
}

static void iotlb_get_page_for_write_needs_write_permission(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RO);
	struct page *page = NULL;

	KUNIT_EXPECT_EQ(test, -EFAULT,
			get_one(&g->mem, GPAGE(0), true, &page));
	KUNIT_ASSERT_EQ(test, 0, get_one(&g->mem, GPAGE(0), false, &page));
	put_page(page);
}

static void iotlb_get_page_write_only_mapping_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_WO);
	struct page *page = NULL;

	/* The RDMA device reads what it may write: WO is not enough. */
	KUNIT_EXPECT_EQ(test, -EFAULT,
			get_one(&g->mem, GPAGE(0), true, &page));
}

static void iotlb_get_page_last_page_of_address_space(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u64 last = U64_MAX - PAGE_SIZE + 1;
	struct page *page = NULL;

	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_map(&g->mem, last, PAGE_SIZE,
						 rdmaapi_test_guest_pa(g, GPAGE(1)),
						 VHOST_MAP_RW));
	KUNIT_ASSERT_EQ(test, 0, get_one(&g->mem, last, false, &page));
	KUNIT_EXPECT_PTR_EQ(test, page, g->page[1]);
	put_page(page);
}

static void iotlb_get_page_unaligned_host_address_efault(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	struct page *page = NULL;

	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_map(&g->mem, 0x100000, 2 * PAGE_SIZE,
						 rdmaapi_test_guest_pa(g, GPAGE(0)) + 8,
						 VHOST_MAP_RW));
	KUNIT_EXPECT_EQ(test, -EFAULT,
			get_one(&g->mem, 0x100000, false, &page));
}

static void iotlb_get_pages_across_mappings(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	__le64 gpas[] = { cpu_to_le64(GPAGE(0)), cpu_to_le64(GPAGE(1)),
			  cpu_to_le64(GPAGE(3)), cpu_to_le64(GPAGE(1)) };
	static const int want[] = { 0, 1, 3, 1 };
	struct page *pages[ARRAY_SIZE(gpas)] = {};
	u32 taken = 99, i;

	/* One range per guest page: every entry needs its own lookup. */
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_get_pages(&g->mem, gpas,
						       ARRAY_SIZE(gpas), true,
						       pages, &taken));
	KUNIT_EXPECT_EQ(test, taken, (u32)ARRAY_SIZE(gpas));
	for (i = 0; i < ARRAY_SIZE(gpas); i++) {
		KUNIT_EXPECT_PTR_EQ(test, pages[i], g->page[want[i]]);
		put_page(pages[i]);
	}
}

static void iotlb_get_pages_stops_at_first_bad_page(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	__le64 gpas[] = { cpu_to_le64(GPAGE(0)), cpu_to_le64(GPAGE(1)),
			  cpu_to_le64(GPAGE(4)), cpu_to_le64(GPAGE(2)) };
	struct page *pages[ARRAY_SIZE(gpas)] = {};
	int before = page_ref_count(g->page[2]);
	u32 taken = 99;

	/* The caller puts what was taken: exactly the pages before the bad one. */
	KUNIT_EXPECT_EQ(test, -EFAULT,
			rdmaapi_mem_get_pages(&g->mem, gpas, ARRAY_SIZE(gpas),
					      false, pages, &taken));
	KUNIT_ASSERT_EQ(test, taken, 2U);
	KUNIT_EXPECT_PTR_EQ(test, pages[0], g->page[0]);
	KUNIT_EXPECT_PTR_EQ(test, pages[1], g->page[1]);
	KUNIT_EXPECT_EQ(test, before, page_ref_count(g->page[2]));
	put_page(pages[0]);
	put_page(pages[1]);
}

static void iotlb_get_pages_one_range_many_locks(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u32 n = 1500, taken = 0, i;	/* several holds of the lock */
	__le64 *gpas = kunit_kcalloc(test, n, sizeof(*gpas), GFP_KERNEL);
	struct page **pages = kunit_kcalloc(test, n, sizeof(*pages), GFP_KERNEL);
	int before = page_ref_count(g->page[3]);

	KUNIT_ASSERT_NOT_NULL(test, gpas);
	KUNIT_ASSERT_NOT_NULL(test, pages);
	/* Then an unaligned entry at the very end: everything before is taken. */
	for (i = 0; i < n - 1; i++)
		gpas[i] = cpu_to_le64(GPAGE(3));
	gpas[n - 1] = cpu_to_le64(GPAGE(3) + 8);
	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_mem_get_pages(&g->mem, gpas, n,
							     true, pages, &taken));
	KUNIT_ASSERT_EQ(test, taken, n - 1);
	KUNIT_EXPECT_EQ(test, before + (int)(n - 1), page_ref_count(g->page[3]));
	for (i = 0; i < taken; i++)
		put_page(pages[i]);
	KUNIT_EXPECT_EQ(test, before, page_ref_count(g->page[3]));
}

/* iotlb.c keeps at most 2048 ranges (RDMAAPI_IOTLB_MAX_ENTRIES). */
#define MAX_RANGES	2048

static void iotlb_map_up_to_range_limit(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u64 pa = rdmaapi_test_guest_pa(g, GPAGE(0));
	u8 out[8] = {};
	int i;

	rdmaapi_test_poke(g, GPAGE(0), pattern, 8);
	/* The guest already holds 4 ranges. */
	for (i = 4; i < MAX_RANGES; i++)
		KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_map(&g->mem, 0x100000000ULL +
							 i * PAGE_SIZE, PAGE_SIZE,
							 pa, VHOST_MAP_RO));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, 0x100000000ULL +
						  (MAX_RANGES - 1) * PAGE_SIZE,
						  out, 8));
	KUNIT_EXPECT_MEMEQ(test, out, pattern, 8);
}

static void iotlb_map_past_range_limit_enospc(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	u64 pa = rdmaapi_test_guest_pa(g, GPAGE(0));
	u8 out;
	int i;

	for (i = 4; i < MAX_RANGES; i++)
		KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_map(&g->mem, 0x100000000ULL +
							 i * PAGE_SIZE, PAGE_SIZE,
							 pa, VHOST_MAP_RO));
	KUNIT_EXPECT_EQ(test, -ENOSPC, rdmaapi_mem_map(&g->mem, 0x200000000ULL,
						       PAGE_SIZE, pa, VHOST_MAP_RO));
	/* Nothing was retired to make room. */
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(&g->mem, GPAGE(0), &out, 1));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, 0x200000000ULL,
							&out, 1));
}

static void iotlb_set_map_past_range_limit_leaves_nothing(struct kunit *test)
{
	struct rdmaapi_test_guest *g = guest(test, VHOST_MAP_RW);
	struct vhost_iotlb *src = vhost_iotlb_alloc(MAX_RANGES + 1, 0);
	u64 pa = rdmaapi_test_guest_pa(g, GPAGE(0));
	u8 out;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, src);
	for (i = 0; i <= MAX_RANGES; i++)
		KUNIT_ASSERT_EQ(test, 0, vhost_iotlb_add_range(src, i * PAGE_SIZE,
							       i * PAGE_SIZE + PAGE_SIZE - 1,
							       pa, VHOST_MAP_RW));
	KUNIT_EXPECT_EQ(test, -ENOSPC, rdmaapi_mem_set_map(&g->mem, src));
	vhost_iotlb_free(src);
	KUNIT_EXPECT_FALSE(test, g->mem.passthrough);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, 0, &out, 1));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_mem_read(&g->mem, GPAGE(0), &out, 1));
}

static void iotlb_passthrough_read_at_address_zero(struct kunit *test)
{
	struct rdmaapi_mem *mem = kunit_kzalloc(test, sizeof(*mem), GFP_KERNEL);
	u8 out[2];

	/*
	 * The identity map [0, U64_MAX] is held as two ranges by vhost_iotlb;
	 * a copy at 0 must neither hang nor overflow its chunk size.
	 */
	KUNIT_ASSERT_NOT_NULL(test, mem);
	rdmaapi_mem_init(mem);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_identity(mem));
	KUNIT_ASSERT_TRUE(test, pfn_valid(0));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_mem_read(mem, 0, out, 2));
	rdmaapi_mem_cleanup(mem);
}

/* --- copies against a byte-level model on random maps --- */

#define RND_WIN		0x5000000000ULL	/* guest window */
#define RND_WIN_LEN	4096
#define RND_HOST_ORDER	2		/* 16 KiB, physically contiguous */
#define RND_HOST_LEN	(PAGE_SIZE << RND_HOST_ORDER)

struct rnd_map {
	s32 host[RND_WIN_LEN];	/* host offset of each guest byte, -1 hole */
	u8 perm[RND_WIN_LEN];
};

static void rnd_free_pages(void *p)
{
	free_pages((unsigned long)p, RND_HOST_ORDER);
}

/* Cut the window into ranges of 1..300 bytes, each anywhere in the host. */
static void rnd_build(struct kunit *test, struct rdmaapi_mem *mem, u8 *host,
		      struct rnd_map *m, struct rnd_state *rs)
{
	struct vhost_iotlb *src = vhost_iotlb_alloc(2 * RND_WIN_LEN, 0);
	u32 at = 0;

	KUNIT_ASSERT_NOT_NULL(test, src);
	while (at < RND_WIN_LEN) {
		u32 len = min_t(u32, 1 + prandom_u32_state(rs) % 300,
				RND_WIN_LEN - at);
		u32 off = prandom_u32_state(rs) % (RND_HOST_LEN - len + 1);
		u32 perm = prandom_u32_state(rs) % 4, i;

		for (i = 0; i < len; i++) {
			m->host[at + i] = perm ? off + i : -1;
			m->perm[at + i] = perm;
		}
		if (perm)
			KUNIT_ASSERT_EQ(test, 0, vhost_iotlb_add_range(src,
					RND_WIN + at, RND_WIN + at + len - 1,
					virt_to_phys(host) + off, perm));
		at += len;
	}
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_set_map(mem, src));
	vhost_iotlb_free(src);
}

/* Would a copy of [gpa, gpa + len) with @need succeed? */
static bool rnd_allowed(const struct rnd_map *m, u64 gpa, u32 len, u8 need)
{
	u32 i;

	for (i = 0; i < len; i++) {
		u64 a = gpa + i;

		if (a < RND_WIN || a >= RND_WIN + RND_WIN_LEN ||
		    (m->perm[a - RND_WIN] & need) != need)
			return false;
	}
	return true;
}

static void iotlb_copies_match_model_on_random_maps(struct kunit *test)
{
	struct rdmaapi_mem *mem = kunit_kzalloc(test, sizeof(*mem), GFP_KERNEL);
	struct rnd_map *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	u8 *before = kunit_kmalloc(test, RND_HOST_LEN, GFP_KERNEL);
	u8 *buf = kunit_kmalloc(test, 1024, GFP_KERNEL);
	u8 *want = kunit_kmalloc(test, 1024, GFP_KERNEL);
	unsigned int round, nok = 0, nfault = 0;
	struct rnd_state rs;
	u8 *host;

	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, before);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, want);
	host = (u8 *)__get_free_pages(GFP_KERNEL, RND_HOST_ORDER);
	KUNIT_ASSERT_NOT_NULL(test, host);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, rnd_free_pages, host));
	rdmaapi_mem_init(mem);
	prandom_seed_state(&rs, 0x696f746c62ULL);
	prandom_bytes_state(&rs, host, RND_HOST_LEN);

	for (round = 0; round < 3000; round++) {
		u64 gpa = RND_WIN - 16 + prandom_u32_state(&rs) % (RND_WIN_LEN + 32);
		u32 len = prandom_u32_state(&rs) % 4 ? prandom_u32_state(&rs) % 64 :
						      prandom_u32_state(&rs) % 1024;
		bool write = prandom_u32_state(&rs) % 2;
		u32 i;
		int ret;

		if (!(round % 100))
			rnd_build(test, mem, host, m, &rs);
		memcpy(before, host, RND_HOST_LEN);
		if (write) {
			prandom_bytes_state(&rs, buf, len);
			ret = rdmaapi_mem_write(mem, gpa, buf, len);
		} else {
			ret = rdmaapi_mem_read(mem, gpa, buf, len);
		}
		if (rnd_allowed(m, gpa, len, write ? VHOST_MAP_WO : VHOST_MAP_RO)) {
			KUNIT_ASSERT_EQ_MSG(test, 0, ret, "round %u", round);
			nok++;
		} else {
			KUNIT_ASSERT_EQ_MSG(test, -EFAULT, ret, "round %u", round);
			nfault++;
		}
		/* Reads return the mapped bytes; writes land there and only there. */
		for (i = 0; i < len && !ret; i++) {
			u32 off = m->host[gpa + i - RND_WIN];

			if (write)
				before[off] = buf[i];
			else
				want[i] = before[off];
		}
		if (!ret && !write)
			KUNIT_ASSERT_TRUE_MSG(test, !memcmp(buf, want, len),
					      "round %u", round);
		if (write && ret) {
			/* A refused write may leave a prefix, inside the range. */
			for (i = 0; i < len; i++) {
				u64 a = gpa + i;

				if (a >= RND_WIN && a < RND_WIN + RND_WIN_LEN &&
				    m->host[a - RND_WIN] >= 0 &&
				    (m->perm[a - RND_WIN] & VHOST_MAP_WO))
					before[m->host[a - RND_WIN]] =
						host[m->host[a - RND_WIN]];
			}
		}
		KUNIT_ASSERT_TRUE_MSG(test, !memcmp(before, host, RND_HOST_LEN),
				      "round %u: host bytes changed outside the copy",
				      round);
	}
	rdmaapi_mem_cleanup(mem);
	KUNIT_EXPECT_GT(test, nok, 300);
	KUNIT_EXPECT_GT(test, nfault, 300);
}

static struct kunit_case iotlb_cases[] = {
	KUNIT_CASE(iotlb_init_maps_nothing),
	KUNIT_CASE(iotlb_identity_is_passthrough),
	KUNIT_CASE(iotlb_passthrough_write_reaches_host_address),
	KUNIT_CASE(iotlb_first_map_replaces_passthrough),
	KUNIT_CASE(iotlb_read_mapped),
	KUNIT_CASE(iotlb_write_mapped),
	KUNIT_CASE(iotlb_read_across_noncontiguous_host_pages),
	KUNIT_CASE(iotlb_write_across_noncontiguous_host_pages),
	KUNIT_CASE(iotlb_read_whole_multi_page_range),
	KUNIT_CASE(iotlb_read_zero_bytes_anywhere),
	KUNIT_CASE(iotlb_read_unmapped_efault),
	KUNIT_CASE(iotlb_write_unmapped_efault),
	KUNIT_CASE(iotlb_read_last_mapped_byte),
	KUNIT_CASE(iotlb_read_one_past_mapped_end_efault),
	KUNIT_CASE(iotlb_read_across_hole_efault),
	KUNIT_CASE(iotlb_read_write_only_efault),
	KUNIT_CASE(iotlb_write_write_only_ok),
	KUNIT_CASE(iotlb_write_read_only_efault),
	KUNIT_CASE(iotlb_read_read_only_ok),
	KUNIT_CASE(iotlb_read_into_read_only_page_of_rw_range_efault),
	KUNIT_CASE(iotlb_read_wrapping_address_efault),
	KUNIT_CASE(iotlb_write_wrapping_address_efault),
	KUNIT_CASE(iotlb_read_invalid_pfn_efault),
	KUNIT_CASE(iotlb_map_zero_size_einval),
	KUNIT_CASE(iotlb_map_wrapping_range_einval),
	KUNIT_CASE(iotlb_map_range_ending_at_u64_max),
	KUNIT_CASE(iotlb_unmap_zero_size_einval),
	KUNIT_CASE(iotlb_unmap_wrapping_range_einval),
	KUNIT_CASE(iotlb_unmap_then_read_efault),
	KUNIT_CASE(iotlb_unmap_in_passthrough_leaves_nothing),
	KUNIT_CASE(iotlb_set_map_replaces_every_range),
	KUNIT_CASE(iotlb_set_map_empty_maps_nothing),
	KUNIT_CASE(iotlb_map_up_to_range_limit),
	KUNIT_CASE(iotlb_map_past_range_limit_enospc),
	KUNIT_CASE(iotlb_set_map_past_range_limit_leaves_nothing),
	KUNIT_CASE(iotlb_passthrough_read_at_address_zero),
	KUNIT_CASE(iotlb_reset_maps_nothing),
	KUNIT_CASE(iotlb_copies_match_model_on_random_maps),
	KUNIT_CASE(iotlb_get_page_takes_a_reference),
	KUNIT_CASE(iotlb_get_pages_across_mappings),
	KUNIT_CASE(iotlb_get_pages_stops_at_first_bad_page),
	KUNIT_CASE(iotlb_get_pages_one_range_many_locks),
	KUNIT_CASE(iotlb_get_page_unaligned_einval),
	KUNIT_CASE(iotlb_get_page_unmapped_efault),
	KUNIT_CASE(iotlb_get_page_partially_mapped_efault),
	KUNIT_CASE(iotlb_get_page_for_write_needs_write_permission),
	KUNIT_CASE(iotlb_get_page_write_only_mapping_efault),
	KUNIT_CASE(iotlb_get_page_last_page_of_address_space),
	KUNIT_CASE(iotlb_get_page_unaligned_host_address_efault),
	{}
};

static struct kunit_suite iotlb_suite = {
	.name = "rdmaapi_iotlb",
	.test_cases = iotlb_cases,
};
kunit_test_suite(iotlb_suite);
