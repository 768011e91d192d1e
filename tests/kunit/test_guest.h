/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake guest for the KUnit suites: kernel pages mapped into a real
 * vhost_iotlb (through rdmaapi_mem) at chosen guest addresses, one host
 * page per guest page, so that every guest page boundary is also a
 * boundary between non-adjacent host pages.
 */
#ifndef _RDMAAPI_TEST_GUEST_H
#define _RDMAAPI_TEST_GUEST_H

#include <kunit/test.h>
#include <linux/mm_types.h>
#include <linux/types.h>
#include "iotlb.h"

#define RDMAAPI_TEST_GUEST_PAGES	8

/**
 * struct rdmaapi_test_guest - guest memory backed by kernel pages
 * @mem: the address space under test, holding one range per guest page
 * @base: guest address of the first page
 * @npages: pages in @page
 * @page: host page behind guest page i
 */
struct rdmaapi_test_guest {
	struct rdmaapi_mem mem;
	u64 base;
	unsigned int npages;
	struct page *page[RDMAAPI_TEST_GUEST_PAGES];
};

struct rdmaapi_test_guest *rdmaapi_test_guest_new(struct kunit *test,
						  u64 base,
						  unsigned int npages,
						  u32 perm);
u64 rdmaapi_test_guest_pa(struct rdmaapi_test_guest *g, u64 gpa);
void rdmaapi_test_guest_remap(struct kunit *test, struct rdmaapi_test_guest *g,
			      unsigned int i, u32 perm);
void rdmaapi_test_guest_unmap(struct kunit *test, struct rdmaapi_test_guest *g,
			      unsigned int i);
void rdmaapi_test_poke(struct rdmaapi_test_guest *g, u64 gpa, const void *src,
		       size_t len);
void rdmaapi_test_peek(struct rdmaapi_test_guest *g, u64 gpa, void *dst,
		       size_t len);

#endif /* _RDMAAPI_TEST_GUEST_H */
