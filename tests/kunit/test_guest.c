// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fake guest of the KUnit suites. The test plays the driver: it
 * reads and writes guest memory straight through the kernel mapping of
 * the backing pages (rdmaapi_test_poke/peek), while the code under test
 * only reaches it through the translation in iotlb.c.
 */
#include <kunit/resource.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include "test_guest.h"

static void guest_free(void *data)
{
	struct rdmaapi_test_guest *g = data;
	unsigned int i;

	rdmaapi_mem_cleanup(&g->mem);
	for (i = 0; i < g->npages; i++)
		if (g->page[i])
			__free_page(g->page[i]);
}

static u64 page_pa(struct page *page)
{
	return virt_to_phys(page_address(page));
}

/**
 * rdmaapi_test_guest_new() - a guest of zeroed pages mapped at @base
 * @test: owner; the guest is freed when the test ends
 * @base: page-aligned guest address of the first page
 * @npages: pages, at most RDMAAPI_TEST_GUEST_PAGES
 * @perm: VHOST_MAP_* permission of every page
 *
 * Return: the guest; the test is aborted if it cannot be built.
 */
struct rdmaapi_test_guest *rdmaapi_test_guest_new(struct kunit *test,
						  u64 base,
						  unsigned int npages,
						  u32 perm)
{
	struct rdmaapi_test_guest *g;
	unsigned int i;

	KUNIT_ASSERT_LE(test, npages, RDMAAPI_TEST_GUEST_PAGES);
	g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, g);
	g->base = base;
	rdmaapi_mem_init(&g->mem);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, guest_free, g));
	for (i = 0; i < npages; i++) {
		g->page[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, g->page[i]);
		g->npages = i + 1;
		KUNIT_ASSERT_EQ(test, 0,
				rdmaapi_mem_map(&g->mem, base + i * PAGE_SIZE,
						PAGE_SIZE, page_pa(g->page[i]),
						perm));
	}
	return g;
}

/**
 * rdmaapi_test_guest_pa() - host physical address behind a guest address
 * @g: guest
 * @gpa: an address inside the guest's pages
 *
 * Return: the host physical address.
 */
u64 rdmaapi_test_guest_pa(struct rdmaapi_test_guest *g, u64 gpa)
{
	u64 off = gpa - g->base;

	return page_pa(g->page[off >> PAGE_SHIFT]) + offset_in_page(off);
}

/**
 * rdmaapi_test_guest_remap() - change the permission of one guest page
 * @test: running test
 * @g: guest
 * @i: page index
 * @perm: new VHOST_MAP_* permission
 */
void rdmaapi_test_guest_remap(struct kunit *test, struct rdmaapi_test_guest *g,
			      unsigned int i, u32 perm)
{
	u64 gpa = g->base + i * PAGE_SIZE;

	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_unmap(&g->mem, gpa, PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_map(&g->mem, gpa, PAGE_SIZE,
						 page_pa(g->page[i]), perm));
}

/**
 * rdmaapi_test_guest_unmap() - remove one guest page from the map
 * @test: running test
 * @g: guest
 * @i: page index
 */
void rdmaapi_test_guest_unmap(struct kunit *test, struct rdmaapi_test_guest *g,
			      unsigned int i)
{
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_mem_unmap(&g->mem,
						   g->base + i * PAGE_SIZE,
						   PAGE_SIZE));
}

static void *guest_va(struct rdmaapi_test_guest *g, u64 gpa)
{
	u64 off = gpa - g->base;

	return page_address(g->page[off >> PAGE_SHIFT]) + offset_in_page(off);
}

/**
 * rdmaapi_test_poke() - the driver writes guest memory
 * @g: guest
 * @gpa: guest address inside the guest's pages
 * @src: bytes to write
 * @len: length; may cross guest pages
 */
void rdmaapi_test_poke(struct rdmaapi_test_guest *g, u64 gpa, const void *src,
		       size_t len)
{
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - offset_in_page(gpa));

		memcpy(guest_va(g, gpa), src, n);
		src += n;
		gpa += n;
		len -= n;
	}
}

/**
 * rdmaapi_test_peek() - the driver reads guest memory
 * @g: guest
 * @gpa: guest address inside the guest's pages
 * @dst: buffer
 * @len: length; may cross guest pages
 */
void rdmaapi_test_peek(struct rdmaapi_test_guest *g, u64 gpa, void *dst,
		       size_t len)
{
	while (len) {
		size_t n = min_t(size_t, len, PAGE_SIZE - offset_in_page(gpa));

		memcpy(dst, guest_va(g, gpa), n);
		dst += n;
		gpa += n;
		len -= n;
	}
}
