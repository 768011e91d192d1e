// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for the device side of the split virtqueue
 * (drivers/vhost/rdmaapi/vq.c). The test plays the driver: it lays out
 * descriptor table, available and used rings in a fake guest and checks
 * what the device makes of them.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/prandom.h>
#include <linux/virtio_ring.h>
#include "test_guest.h"
#include "vq.h"

/* Guest layout: one page each for the rings, indirect tables, buffers. */
#define GBASE		0x10000000ULL
#define G_DESC		GBASE
#define G_AVAIL		(GBASE + 1 * PAGE_SIZE)
#define G_USED		(GBASE + 2 * PAGE_SIZE)
#define G_INDIR		(GBASE + 3 * PAGE_SIZE)
#define G_BUF		(GBASE + 4 * PAGE_SIZE)
#define G_PAGES		8
#define P_DESC		0
#define P_AVAIL		1
#define P_USED		2
#define P_BUF		4

#define F_NEXT		VRING_DESC_F_NEXT
#define F_WRITE		VRING_DESC_F_WRITE
#define F_INDIRECT	VRING_DESC_F_INDIRECT

/* A descriptor as the driver writes it (little-endian, 16 bytes). */
struct test_desc {
	__le64 addr;
	__le32 len;
	__le16 flags;
	__le16 next;
};

struct vq_env {
	struct rdmaapi_test_guest *g;
	struct rdmaapi_vq vq;
	struct rdmaapi_chain chain;
	u16 avail_idx;
};

static struct vq_env *env_new(struct kunit *test, u32 num, bool event_idx)
{
	struct vq_env *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->g = rdmaapi_test_guest_new(test, GBASE, G_PAGES, VHOST_MAP_RW);
	rdmaapi_vq_reset(&e->vq, &e->g->mem);
	e->vq.desc = G_DESC;
	e->vq.avail = G_AVAIL;
	e->vq.used = G_USED;
	e->vq.num = num;
	e->vq.event_idx = event_idx;
	e->vq.ready = true;
	return e;
}

static struct vq_env *env(struct kunit *test)
{
	return env_new(test, 8, false);
}

static void put_desc(struct vq_env *e, u64 table, u16 i, u64 addr, u32 len,
		     u16 flags, u16 next)
{
	struct test_desc d = {
		.addr = cpu_to_le64(addr),
		.len = cpu_to_le32(len),
		.flags = cpu_to_le16(flags),
		.next = cpu_to_le16(next),
	};

	rdmaapi_test_poke(e->g, table + i * sizeof(d), &d, sizeof(d));
}

/* Direct descriptor i of the ring's table. */
static void desc(struct vq_env *e, u16 i, u64 addr, u32 len, u16 flags,
		 u16 next)
{
	put_desc(e, G_DESC, i, addr, len, flags, next);
}

static void put16(struct vq_env *e, u64 gpa, u16 v)
{
	__le16 x = cpu_to_le16(v);

	rdmaapi_test_poke(e->g, gpa, &x, sizeof(x));
}

static u16 get16(struct vq_env *e, u64 gpa)
{
	__le16 x;

	rdmaapi_test_peek(e->g, gpa, &x, sizeof(x));
	return le16_to_cpu(x);
}

static u32 get32(struct vq_env *e, u64 gpa)
{
	__le32 x;

	rdmaapi_test_peek(e->g, gpa, &x, sizeof(x));
	return le32_to_cpu(x);
}

/* Make head available and publish the new index. */
static void avail(struct vq_env *e, u16 head)
{
	put16(e, G_AVAIL + 4 + 2 * (e->avail_idx % e->vq.num), head);
	e->avail_idx++;
	put16(e, G_AVAIL + 2, e->avail_idx);
}

static void set_avail_idx(struct vq_env *e, u16 idx)
{
	e->avail_idx = idx;
	put16(e, G_AVAIL + 2, idx);
}

static void set_used_event(struct vq_env *e, u16 v)
{
	put16(e, G_AVAIL + 4 + 2 * e->vq.num, v);
}

static u16 used_idx(struct vq_env *e)
{
	return get16(e, G_USED + 2);
}

static u32 used_id(struct vq_env *e, u16 slot)
{
	return get32(e, G_USED + 4 + 8 * slot);
}

static u32 used_len(struct vq_env *e, u16 slot)
{
	return get32(e, G_USED + 4 + 8 * slot + 4);
}

static int pop(struct vq_env *e)
{
	return rdmaapi_vq_pop(&e->vq, &e->chain);
}

/* A one-descriptor readable chain at head i, the smallest good request. */
static void good_chain(struct vq_env *e, u16 i)
{
	desc(e, i, G_BUF, 16, 0, 0);
	avail(e, i);
}

/* --- pop: well-formed chains --- */

static void vq_pop_empty_ring_returns_0(struct kunit *test)
{
	struct vq_env *e = env(test);

	KUNIT_EXPECT_EQ(test, 0, pop(e));
	KUNIT_EXPECT_EQ(test, 0, e->vq.last_avail);
	KUNIT_EXPECT_FALSE(test, e->vq.broken);
}

static void vq_pop_not_ready_returns_0(struct kunit *test)
{
	struct vq_env *e = env(test);

	good_chain(e, 0);
	e->vq.ready = false;
	KUNIT_EXPECT_EQ(test, 0, pop(e));
	KUNIT_EXPECT_EQ(test, 0, e->vq.last_avail);
}

static void vq_pop_queue_without_size_returns_0(struct kunit *test)
{
	struct vq_env *e = env(test);

	good_chain(e, 0);
	e->vq.num = 0;
	KUNIT_EXPECT_EQ(test, 0, pop(e));
	KUNIT_EXPECT_FALSE(test, e->vq.broken);
}

static void vq_pop_direct_chain(struct kunit *test)
{
	struct vq_env *e = env(test);
	struct rdmaapi_chain *c = &e->chain;

	desc(e, 5, G_BUF, 24, F_NEXT, 2);
	desc(e, 2, G_BUF + 100, 40, F_NEXT, 7);
	desc(e, 7, G_BUF + 1000, 8, F_NEXT | F_WRITE, 0);
	desc(e, 0, G_BUF + 2000, 64, F_WRITE, 0);
	avail(e, 5);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 5, c->head);
	KUNIT_EXPECT_EQ(test, 2, c->nout);
	KUNIT_EXPECT_EQ(test, 2, c->nin);
	KUNIT_EXPECT_EQ(test, 64, c->out_len);
	KUNIT_EXPECT_EQ(test, 72, c->in_len);
	KUNIT_EXPECT_EQ(test, G_BUF, c->seg[0].addr);
	KUNIT_EXPECT_EQ(test, 24, c->seg[0].len);
	KUNIT_EXPECT_EQ(test, G_BUF + 100, c->seg[1].addr);
	KUNIT_EXPECT_EQ(test, 40, c->seg[1].len);
	KUNIT_EXPECT_EQ(test, G_BUF + 1000, c->seg[2].addr);
	KUNIT_EXPECT_EQ(test, 8, c->seg[2].len);
	KUNIT_EXPECT_EQ(test, G_BUF + 2000, c->seg[3].addr);
	KUNIT_EXPECT_EQ(test, 64, c->seg[3].len);
	KUNIT_EXPECT_EQ(test, 1, e->vq.last_avail);
	KUNIT_EXPECT_EQ(test, 0, pop(e));
}

static void vq_pop_writable_only_chain(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 3, G_BUF, 32, F_WRITE, 0);
	avail(e, 3);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 0, e->chain.nout);
	KUNIT_EXPECT_EQ(test, 1, e->chain.nin);
	KUNIT_EXPECT_EQ(test, 0, e->chain.out_len);
	KUNIT_EXPECT_EQ(test, 32, e->chain.in_len);
}

static void vq_pop_two_chains_in_order(struct kunit *test)
{
	struct vq_env *e = env(test);

	good_chain(e, 6);
	good_chain(e, 1);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 6, e->chain.head);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 1, e->chain.head);
	KUNIT_EXPECT_EQ(test, 0, pop(e));
}

static void vq_pop_indirect_chain(struct kunit *test)
{
	struct vq_env *e = env(test);
	struct rdmaapi_chain *c = &e->chain;

	put_desc(e, G_INDIR, 0, G_BUF, 24, F_NEXT, 2);
	put_desc(e, G_INDIR, 2, G_BUF + 64, 16, F_NEXT, 1);
	put_desc(e, G_INDIR, 1, G_BUF + 512, 100, F_WRITE, 0);
	desc(e, 4, G_INDIR, 3 * sizeof(struct test_desc), F_INDIRECT, 0);
	avail(e, 4);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 4, c->head);
	KUNIT_EXPECT_EQ(test, 2, c->nout);
	KUNIT_EXPECT_EQ(test, 1, c->nin);
	KUNIT_EXPECT_EQ(test, 40, c->out_len);
	KUNIT_EXPECT_EQ(test, 100, c->in_len);
	KUNIT_EXPECT_EQ(test, G_BUF, c->seg[0].addr);
	KUNIT_EXPECT_EQ(test, G_BUF + 64, c->seg[1].addr);
	KUNIT_EXPECT_EQ(test, G_BUF + 512, c->seg[2].addr);
	KUNIT_EXPECT_EQ(test, 100, c->seg[2].len);
}

static void vq_pop_chain_of_num_descriptors(struct kunit *test)
{
	struct vq_env *e = env(test);
	u16 i;

	for (i = 0; i < 7; i++)
		desc(e, i, G_BUF + i * 8, 8, F_NEXT, i + 1);
	desc(e, 7, G_BUF + 56, 8, 0, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 8, e->chain.nout);
	KUNIT_EXPECT_EQ(test, 64, e->chain.out_len);
}

static void vq_pop_chain_of_max_segs(struct kunit *test)
{
	struct vq_env *e = env_new(test, 128, false);
	u16 i;

	for (i = 0; i < RDMAAPI_CHAIN_MAX_SEGS - 1; i++)
		desc(e, i, G_BUF, 1, F_NEXT, i + 1);
	desc(e, RDMAAPI_CHAIN_MAX_SEGS - 1, G_BUF, 1, 0, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, RDMAAPI_CHAIN_MAX_SEGS, e->chain.nout);
}

static void vq_pop_next_is_last_descriptor(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, 8, F_NEXT, 7);
	desc(e, 7, G_BUF, 8, 0, 0);
	avail(e, 0);
	KUNIT_EXPECT_EQ(test, 1, pop(e));
}

static void vq_pop_head_is_last_descriptor(struct kunit *test)
{
	struct vq_env *e = env(test);

	good_chain(e, 7);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 7, e->chain.head);
}

static void vq_pop_total_len_at_max(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, RDMAAPI_CHAIN_MAX_LEN - 1, F_NEXT, 1);
	desc(e, 1, G_BUF, 1, F_NEXT, 2);
	desc(e, 2, G_BUF, RDMAAPI_CHAIN_MAX_LEN, F_WRITE, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, RDMAAPI_CHAIN_MAX_LEN, e->chain.out_len);
	KUNIT_EXPECT_EQ(test, RDMAAPI_CHAIN_MAX_LEN, e->chain.in_len);
}

static void vq_pop_avail_idx_ahead_by_num(struct kunit *test)
{
	struct vq_env *e = env(test);
	u16 i;

	for (i = 0; i < 8; i++)
		good_chain(e, i);
	for (i = 0; i < 8; i++) {
		KUNIT_ASSERT_EQ(test, 1, pop(e));
		KUNIT_EXPECT_EQ(test, i, e->chain.head);
	}
	KUNIT_EXPECT_EQ(test, 0, pop(e));
}

static void vq_pop_avail_idx_wraps_at_u16(struct kunit *test)
{
	struct vq_env *e = env(test);

	e->vq.last_avail = 0xffff;
	e->vq.used_idx = 0xffff;
	e->avail_idx = 0xffff;
	good_chain(e, 3);
	good_chain(e, 4);
	KUNIT_EXPECT_EQ(test, 1, get16(e, G_AVAIL + 2));
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 3, e->chain.head);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 4, e->chain.head);
	KUNIT_EXPECT_EQ(test, 1, e->vq.last_avail);
	KUNIT_EXPECT_EQ(test, 0, pop(e));
}

/* --- pop: malformed chains fail alone (-EINVAL) --- */

static void expect_einval_at(struct kunit *test, struct vq_env *e, u16 head)
{
	KUNIT_EXPECT_EQ(test, -EINVAL, pop(e));
	KUNIT_EXPECT_EQ(test, head, e->chain.head);
	KUNIT_EXPECT_FALSE(test, e->vq.broken);
	KUNIT_EXPECT_EQ(test, e->avail_idx, e->vq.last_avail);
}

static void vq_pop_descriptor_loop_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, 8, F_NEXT, 1);
	desc(e, 1, G_BUF, 8, F_NEXT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_self_loop_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 3, G_BUF, 8, F_NEXT, 3);
	avail(e, 3);
	expect_einval_at(test, e, 3);
}

static void vq_pop_chain_longer_than_ring_einval(struct kunit *test)
{
	struct vq_env *e = env(test);
	u16 i;

	/* Every descriptor of the ring, then back to the first. */
	for (i = 0; i < 8; i++)
		desc(e, i, G_BUF, 8, F_NEXT, (i + 1) % 8);
	avail(e, 2);
	expect_einval_at(test, e, 2);
}

static void vq_pop_chain_over_max_segs_einval(struct kunit *test)
{
	struct vq_env *e = env_new(test, 128, false);
	u16 i;

	for (i = 0; i < RDMAAPI_CHAIN_MAX_SEGS; i++)
		desc(e, i, G_BUF, 1, F_NEXT, i + 1);
	desc(e, RDMAAPI_CHAIN_MAX_SEGS, G_BUF, 1, 0, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_zero_length_descriptor_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 1, G_BUF, 8, F_NEXT, 2);
	desc(e, 2, G_BUF, 0, 0, 0);
	avail(e, 1);
	expect_einval_at(test, e, 1);
}

static void vq_pop_readable_total_over_max_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, RDMAAPI_CHAIN_MAX_LEN, F_NEXT, 1);
	desc(e, 1, G_BUF, 1, 0, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_writable_total_over_max_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, 1, F_WRITE | F_NEXT, 1);
	desc(e, 1, G_BUF, RDMAAPI_CHAIN_MAX_LEN, F_WRITE, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_single_descriptor_over_max_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, U32_MAX, 0, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_readable_after_writable_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, 8, F_NEXT, 1);
	desc(e, 1, G_BUF, 8, F_WRITE | F_NEXT, 2);
	desc(e, 2, G_BUF, 8, 0, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_next_out_of_range_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, 8, F_NEXT, 8);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_next_far_out_of_range_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, 8, F_NEXT, 0xffff);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_zero_len_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	put_desc(e, G_INDIR, 0, G_BUF, 8, 0, 0);
	desc(e, 0, G_INDIR, 0, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_misaligned_len_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	put_desc(e, G_INDIR, 0, G_BUF, 8, 0, 0);
	put_desc(e, G_INDIR, 1, G_BUF, 8, 0, 0);
	desc(e, 0, G_INDIR, 24, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_of_max_segs(struct kunit *test)
{
	struct vq_env *e = env(test);
	u16 i;

	for (i = 0; i < RDMAAPI_CHAIN_MAX_SEGS - 1; i++)
		put_desc(e, G_INDIR, i, G_BUF, 1, F_NEXT, i + 1);
	put_desc(e, G_INDIR, i, G_BUF, 1, 0, 0);
	desc(e, 0, G_INDIR, RDMAAPI_CHAIN_MAX_SEGS * sizeof(struct test_desc),
	     F_INDIRECT, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, RDMAAPI_CHAIN_MAX_SEGS, e->chain.nout);
}

static void vq_pop_indirect_table_too_long_einval(struct kunit *test)
{
	struct vq_env *e = env(test);
	u16 i;

	for (i = 0; i <= RDMAAPI_CHAIN_MAX_SEGS; i++)
		put_desc(e, G_INDIR, i, G_BUF, 1, 0, 0);
	desc(e, 0, G_INDIR,
	     (RDMAAPI_CHAIN_MAX_SEGS + 1) * sizeof(struct test_desc),
	     F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_huge_len_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_INDIR, 0xfffffff0, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_nested_indirect_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	put_desc(e, G_INDIR, 0, G_INDIR + 256, 16, F_INDIRECT, 0);
	put_desc(e, G_INDIR, 16, G_BUF, 8, 0, 0);
	desc(e, 0, G_INDIR, 16, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_with_next_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	put_desc(e, G_INDIR, 0, G_BUF, 8, 0, 0);
	desc(e, 0, G_INDIR, 16, F_INDIRECT | F_NEXT, 1);
	desc(e, 1, G_BUF, 8, 0, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_next_out_of_table_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	/* 2 entries: next = 2 is inside the ring but outside the table. */
	put_desc(e, G_INDIR, 0, G_BUF, 8, F_NEXT, 2);
	put_desc(e, G_INDIR, 1, G_BUF, 8, 0, 0);
	put_desc(e, G_INDIR, 2, G_BUF, 8, 0, 0);
	desc(e, 0, G_INDIR, 32, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_loop_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	put_desc(e, G_INDIR, 0, G_BUF, 8, F_NEXT, 1);
	put_desc(e, G_INDIR, 1, G_BUF, 8, F_NEXT, 0);
	desc(e, 0, G_INDIR, 32, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_zero_length_entry_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	put_desc(e, G_INDIR, 0, G_BUF, 0, 0, 0);
	desc(e, 0, G_INDIR, 16, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_unmapped_table_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, GBASE + G_PAGES * PAGE_SIZE, 32, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_partially_mapped_table_einval(struct kunit *test)
{
	struct vq_env *e = env(test);
	u64 table = GBASE + G_PAGES * PAGE_SIZE - 16;

	put_desc(e, table, 0, G_BUF, 8, F_NEXT, 1);
	desc(e, 0, table, 32, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_wrapping_table_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, U64_MAX - 15, 32, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_indirect_write_only_table_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	put_desc(e, G_INDIR, 0, G_BUF, 8, 0, 0);
	rdmaapi_test_guest_remap(test, e->g, 3, VHOST_MAP_WO);
	desc(e, 0, G_INDIR, 16, F_INDIRECT, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

/* virtio 1.x 2.7.5.3.2: normal descriptors followed by one indirect. */
static void vq_pop_direct_then_indirect_chain(struct kunit *test)
{
	struct vq_env *e = env(test);
	struct rdmaapi_chain *c = &e->chain;

	desc(e, 1, G_BUF, 24, F_NEXT, 6);
	desc(e, 6, G_INDIR, 2 * sizeof(struct test_desc), F_INDIRECT, 0);
	put_desc(e, G_INDIR, 0, G_BUF + 64, 8, F_NEXT, 1);
	put_desc(e, G_INDIR, 1, G_BUF + 512, 32, F_WRITE, 0);
	avail(e, 1);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 1, c->head);
	KUNIT_EXPECT_EQ(test, 2, c->nout);
	KUNIT_EXPECT_EQ(test, 1, c->nin);
	KUNIT_EXPECT_EQ(test, 32, c->out_len);
	KUNIT_EXPECT_EQ(test, 32, c->in_len);
	KUNIT_EXPECT_EQ(test, G_BUF, c->seg[0].addr);
	KUNIT_EXPECT_EQ(test, G_BUF + 64, c->seg[1].addr);
	KUNIT_EXPECT_EQ(test, G_BUF + 512, c->seg[2].addr);
}

/* virtio 1.x 2.7.5.3.2: the WRITE flag of an indirect descriptor is ignored. */
static void vq_pop_indirect_descriptor_write_flag_ignored(struct kunit *test)
{
	struct vq_env *e = env(test);

	put_desc(e, G_INDIR, 0, G_BUF, 8, 0, 0);
	desc(e, 0, G_INDIR, 16, F_INDIRECT | F_WRITE, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 1, e->chain.nout);
	KUNIT_EXPECT_EQ(test, 0, e->chain.nin);
	KUNIT_EXPECT_EQ(test, 8, e->chain.out_len);
}

static void vq_pop_writable_direct_then_readable_indirect_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, 8, F_WRITE | F_NEXT, 1);
	desc(e, 1, G_INDIR, 16, F_INDIRECT, 0);
	put_desc(e, G_INDIR, 0, G_BUF, 8, 0, 0);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_direct_and_indirect_over_max_segs_einval(struct kunit *test)
{
	struct vq_env *e = env_new(test, 128, false);
	u16 i;

	/* 60 direct + 5 indirect segments = RDMAAPI_CHAIN_MAX_SEGS + 1 */
	for (i = 0; i < 60; i++)
		desc(e, i, G_BUF, 1, F_NEXT, i + 1);
	desc(e, 60, G_INDIR, 5 * sizeof(struct test_desc), F_INDIRECT, 0);
	for (i = 0; i < 5; i++)
		put_desc(e, G_INDIR, i, G_BUF, 1, i < 4 ? F_NEXT : 0, i + 1);
	avail(e, 0);
	expect_einval_at(test, e, 0);
}

static void vq_pop_direct_and_indirect_at_max_segs(struct kunit *test)
{
	struct vq_env *e = env_new(test, 128, false);
	u16 i;

	for (i = 0; i < 60; i++)
		desc(e, i, G_BUF, 1, F_NEXT, i + 1);
	desc(e, 60, G_INDIR, 4 * sizeof(struct test_desc), F_INDIRECT, 0);
	for (i = 0; i < 4; i++)
		put_desc(e, G_INDIR, i, G_BUF, 1, i < 3 ? F_NEXT : 0, i + 1);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, RDMAAPI_CHAIN_MAX_SEGS, e->chain.nout);
}

static void vq_pop_largest_ring(struct kunit *test)
{
	struct vq_env *e = env_new(test, RDMAAPI_VQ_NUM_MAX, true);
	u16 last = RDMAAPI_VQ_NUM_MAX - 1;

	desc(e, last, G_BUF, 8, F_NEXT, 0);
	desc(e, 0, G_BUF, 8, F_WRITE, 0);
	e->vq.last_avail = last;
	e->avail_idx = last;
	avail(e, last);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, last, e->chain.head);
	KUNIT_EXPECT_EQ(test, 1, e->chain.nout);
	KUNIT_EXPECT_EQ(test, 1, e->chain.nin);
	e->vq.used_idx = last;
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_vq_push(&e->vq, last, 8));
	KUNIT_EXPECT_EQ(test, last, used_id(e, last));
	KUNIT_EXPECT_EQ(test, RDMAAPI_VQ_NUM_MAX, used_idx(e));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_vq_enable_notify(&e->vq));
	KUNIT_EXPECT_EQ(test, RDMAAPI_VQ_NUM_MAX,
			get16(e, G_USED + 4 + 8 * RDMAAPI_VQ_NUM_MAX));
}

/* --- the queue after a malformed chain --- */

static void vq_einval_chain_returned_and_queue_still_works(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 2, G_BUF, 0, 0, 0);
	avail(e, 2);
	good_chain(e, 5);
	KUNIT_ASSERT_EQ(test, -EINVAL, pop(e));
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, e->chain.head, 0));
	KUNIT_EXPECT_EQ(test, 1, used_idx(e));
	KUNIT_EXPECT_EQ(test, 2, used_id(e, 0));
	KUNIT_EXPECT_EQ(test, 0, used_len(e, 0));
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 5, e->chain.head);
	KUNIT_EXPECT_EQ(test, 16, e->chain.out_len);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 5, 0));
	KUNIT_EXPECT_EQ(test, 2, used_idx(e));
}

/* --- pop: a broken ring stops the queue (-EIO) --- */

static void expect_broken(struct kunit *test, struct vq_env *e)
{
	KUNIT_EXPECT_EQ(test, -EIO, pop(e));
	KUNIT_EXPECT_TRUE(test, e->vq.broken);
}

static void vq_pop_head_out_of_range_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	avail(e, 8);
	expect_broken(test, e);
}

static void vq_pop_head_far_out_of_range_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	avail(e, 0xffff);
	expect_broken(test, e);
}

static void vq_pop_avail_idx_jump_over_num_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	good_chain(e, 0);
	set_avail_idx(e, 9);
	expect_broken(test, e);
}

static void vq_pop_avail_idx_backwards_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	good_chain(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	set_avail_idx(e, 0);
	expect_broken(test, e);
}

static void vq_pop_unmapped_avail_ring_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	good_chain(e, 0);
	rdmaapi_test_guest_unmap(test, e->g, P_AVAIL);
	expect_broken(test, e);
}

static void vq_pop_write_only_avail_ring_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	good_chain(e, 0);
	rdmaapi_test_guest_remap(test, e->g, P_AVAIL, VHOST_MAP_WO);
	expect_broken(test, e);
}

static void vq_pop_unmapped_desc_table_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	good_chain(e, 0);
	rdmaapi_test_guest_unmap(test, e->g, P_DESC);
	expect_broken(test, e);
}

static void vq_pop_desc_table_beyond_mapping_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	/* The table's last entry lies past the end of guest memory. */
	e->vq.desc = GBASE + G_PAGES * PAGE_SIZE - 7 * sizeof(struct test_desc);
	put_desc(e, e->vq.desc, 0, G_BUF, 8, F_NEXT, 7);
	avail(e, 0);
	expect_broken(test, e);
}

static void vq_broken_queue_stays_broken(struct kunit *test)
{
	struct vq_env *e = env(test);

	avail(e, 8);
	KUNIT_ASSERT_EQ(test, -EIO, pop(e));
	/* The driver repairs the ring: nothing is processed until reset. */
	put16(e, G_AVAIL + 4, 0);
	desc(e, 0, G_BUF, 8, 0, 0);
	KUNIT_EXPECT_EQ(test, -EIO, pop(e));
	KUNIT_EXPECT_EQ(test, -EIO, rdmaapi_vq_push(&e->vq, 0, 0));
	KUNIT_EXPECT_EQ(test, -EIO, rdmaapi_vq_enable_notify(&e->vq));
	KUNIT_EXPECT_FALSE(test, rdmaapi_vq_need_notify(&e->vq));
	KUNIT_EXPECT_EQ(test, 0, used_idx(e));
}

static void vq_reset_clears_broken(struct kunit *test)
{
	struct vq_env *e = env(test);

	avail(e, 8);
	KUNIT_ASSERT_EQ(test, -EIO, pop(e));
	rdmaapi_vq_reset(&e->vq, &e->g->mem);
	KUNIT_EXPECT_FALSE(test, e->vq.broken);
	KUNIT_EXPECT_EQ(test, 0, e->vq.last_avail);
	KUNIT_EXPECT_EQ(test, 0, e->vq.num);
	KUNIT_EXPECT_PTR_EQ(test, &e->g->mem, e->vq.mem);
}

/* --- push --- */

static void vq_push_writes_used_element_and_index(struct kunit *test)
{
	struct vq_env *e = env(test);

	KUNIT_EXPECT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 6, 1234));
	KUNIT_EXPECT_EQ(test, 1, used_idx(e));
	KUNIT_EXPECT_EQ(test, 6, used_id(e, 0));
	KUNIT_EXPECT_EQ(test, 1234, used_len(e, 0));
	KUNIT_EXPECT_EQ(test, 1, e->vq.used_idx);
}

static void vq_push_wraps_around_the_ring(struct kunit *test)
{
	struct vq_env *e = env(test);

	e->vq.used_idx = 8;
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 3, 7));
	KUNIT_EXPECT_EQ(test, 9, used_idx(e));
	KUNIT_EXPECT_EQ(test, 3, used_id(e, 0));
	KUNIT_EXPECT_EQ(test, 7, used_len(e, 0));
}

static void vq_push_read_only_used_ring_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	rdmaapi_test_guest_remap(test, e->g, P_USED, VHOST_MAP_RO);
	KUNIT_EXPECT_EQ(test, -EIO, rdmaapi_vq_push(&e->vq, 0, 0));
	KUNIT_EXPECT_TRUE(test, e->vq.broken);
	KUNIT_EXPECT_EQ(test, -EIO, pop(e));
}

static void vq_push_unset_queue_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	e->vq.num = 0;
	KUNIT_EXPECT_EQ(test, -EIO, rdmaapi_vq_push(&e->vq, 0, 0));
}

/* --- notification --- */

static void vq_notify_without_event_idx_by_default(struct kunit *test)
{
	struct vq_env *e = env(test);

	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 0, 0));
	KUNIT_EXPECT_TRUE(test, rdmaapi_vq_need_notify(&e->vq));
}

static void vq_notify_without_event_idx_suppressed_by_no_interrupt(struct kunit *test)
{
	struct vq_env *e = env(test);

	put16(e, G_AVAIL, VRING_AVAIL_F_NO_INTERRUPT);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 0, 0));
	KUNIT_EXPECT_FALSE(test, rdmaapi_vq_need_notify(&e->vq));
}

static void vq_notify_with_event_idx_ignores_no_interrupt(struct kunit *test)
{
	struct vq_env *e = env_new(test, 8, true);

	put16(e, G_AVAIL, VRING_AVAIL_F_NO_INTERRUPT);
	set_used_event(e, 0);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 0, 0));
	KUNIT_EXPECT_TRUE(test, rdmaapi_vq_need_notify(&e->vq));
}

static void vq_notify_event_idx_first_push_notifies(struct kunit *test)
{
	struct vq_env *e = env_new(test, 8, true);

	set_used_event(e, 100);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 0, 0));
	KUNIT_EXPECT_TRUE(test, rdmaapi_vq_need_notify(&e->vq));
}

/* One push and notification, so that signalled_used is valid (= 1). */
static struct vq_env *env_event_idx_signalled(struct kunit *test)
{
	struct vq_env *e = env_new(test, 8, true);

	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 0, 0));
	KUNIT_ASSERT_TRUE(test, rdmaapi_vq_need_notify(&e->vq));
	return e;
}

static void vq_notify_event_idx_used_event_reached(struct kunit *test)
{
	struct vq_env *e = env_event_idx_signalled(test);

	/* The driver wants an interrupt once entry 1 is used: idx 1 -> 2. */
	set_used_event(e, 1);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 1, 0));
	KUNIT_EXPECT_TRUE(test, rdmaapi_vq_need_notify(&e->vq));
}

static void vq_notify_event_idx_used_event_ahead_suppresses(struct kunit *test)
{
	struct vq_env *e = env_event_idx_signalled(test);

	set_used_event(e, 2);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 1, 0));
	KUNIT_EXPECT_FALSE(test, rdmaapi_vq_need_notify(&e->vq));
}

static void vq_notify_event_idx_used_event_behind_suppresses(struct kunit *test)
{
	struct vq_env *e = env_event_idx_signalled(test);

	/* Already signalled for entry 0: no second interrupt for it. */
	set_used_event(e, 0);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 1, 0));
	KUNIT_EXPECT_FALSE(test, rdmaapi_vq_need_notify(&e->vq));
}

static void vq_notify_event_idx_used_event_inside_batch(struct kunit *test)
{
	struct vq_env *e = env_event_idx_signalled(test);

	set_used_event(e, 2);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 1, 0));
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 2, 0));
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 3, 0));
	KUNIT_EXPECT_TRUE(test, rdmaapi_vq_need_notify(&e->vq));
	KUNIT_EXPECT_EQ(test, 4, e->vq.signalled_used);
}

static void vq_notify_event_idx_used_event_past_batch_suppresses(struct kunit *test)
{
	struct vq_env *e = env_event_idx_signalled(test);

	set_used_event(e, 4);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 1, 0));
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 2, 0));
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 3, 0));
	KUNIT_EXPECT_FALSE(test, rdmaapi_vq_need_notify(&e->vq));
}

static void vq_notify_event_idx_across_u16_wrap(struct kunit *test)
{
	struct vq_env *e = env_new(test, 8, true);

	e->vq.used_idx = 0xffff;
	e->vq.signalled_used = 0xffff;
	e->vq.signalled_used_valid = true;
	set_used_event(e, 0xffff);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 0, 0));
	KUNIT_EXPECT_EQ(test, 0, e->vq.used_idx);
	KUNIT_EXPECT_TRUE(test, rdmaapi_vq_need_notify(&e->vq));
}

static void vq_enable_notify_writes_avail_event(struct kunit *test)
{
	struct vq_env *e = env_new(test, 8, true);

	good_chain(e, 0);
	good_chain(e, 1);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_vq_enable_notify(&e->vq));
	KUNIT_EXPECT_EQ(test, 2, get16(e, G_USED + 4 + 8 * 8));
}

static void vq_enable_notify_reports_pending_buffers(struct kunit *test)
{
	struct vq_env *e = env_new(test, 8, true);

	good_chain(e, 0);
	KUNIT_EXPECT_EQ(test, 1, rdmaapi_vq_enable_notify(&e->vq));
	KUNIT_EXPECT_EQ(test, 0, get16(e, G_USED + 4 + 8 * 8));
}

static void vq_enable_notify_without_event_idx(struct kunit *test)
{
	struct vq_env *e = env(test);

	KUNIT_EXPECT_EQ(test, 0, rdmaapi_vq_enable_notify(&e->vq));
	good_chain(e, 0);
	KUNIT_EXPECT_EQ(test, 1, rdmaapi_vq_enable_notify(&e->vq));
	/* The used ring's avail_event slot is left alone. */
	KUNIT_EXPECT_EQ(test, 0, get16(e, G_USED + 4 + 8 * 8));
}

static void vq_enable_notify_read_only_used_ring_eio(struct kunit *test)
{
	struct vq_env *e = env_new(test, 8, true);

	rdmaapi_test_guest_remap(test, e->g, P_USED, VHOST_MAP_RO);
	KUNIT_EXPECT_EQ(test, -EIO, rdmaapi_vq_enable_notify(&e->vq));
	KUNIT_EXPECT_TRUE(test, e->vq.broken);
}

static void vq_notify_when_avail_flags_unreadable(struct kunit *test)
{
	struct vq_env *e = env(test);

	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 0, 0));
	put16(e, G_AVAIL, VRING_AVAIL_F_NO_INTERRUPT);
	rdmaapi_test_guest_unmap(test, e->g, P_AVAIL);
	KUNIT_EXPECT_TRUE(test, rdmaapi_vq_need_notify(&e->vq));
}

static void vq_notify_when_used_event_unreadable(struct kunit *test)
{
	struct vq_env *e = env_event_idx_signalled(test);

	set_used_event(e, 100);
	KUNIT_ASSERT_EQ(test, 0, rdmaapi_vq_push(&e->vq, 1, 0));
	rdmaapi_test_guest_unmap(test, e->g, P_AVAIL);
	KUNIT_EXPECT_TRUE(test, rdmaapi_vq_need_notify(&e->vq));
}

static void vq_enable_notify_not_ready_returns_0(struct kunit *test)
{
	struct vq_env *e = env_new(test, 8, true);

	good_chain(e, 0);
	e->vq.ready = false;
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_vq_enable_notify(&e->vq));
}

static void vq_enable_notify_unmapped_avail_ring_eio(struct kunit *test)
{
	struct vq_env *e = env(test);

	rdmaapi_test_guest_unmap(test, e->g, P_AVAIL);
	KUNIT_EXPECT_EQ(test, -EIO, rdmaapi_vq_enable_notify(&e->vq));
	KUNIT_EXPECT_TRUE(test, e->vq.broken);
}

/* --- chain_read / chain_write --- */

/* Readable: 10 bytes at G_BUF, 6 at G_BUF + 100; writable: 8 + 8. */
static struct vq_env *env_chain(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF, 10, F_NEXT, 1);
	desc(e, 1, G_BUF + 100, 6, F_NEXT, 2);
	desc(e, 2, G_BUF + 200, 8, F_NEXT | F_WRITE, 3);
	desc(e, 3, G_BUF + 300, 8, F_WRITE, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	return e;
}

static const u8 bytes16[16] = "0123456789abcdef";

static void vq_chain_read_across_segments(struct kunit *test)
{
	struct vq_env *e = env_chain(test);
	u8 out[8] = {};

	rdmaapi_test_poke(e->g, G_BUF, bytes16, 10);
	rdmaapi_test_poke(e->g, G_BUF + 100, bytes16 + 10, 6);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_read(&e->vq, &e->chain, 6, out, 8));
	KUNIT_EXPECT_MEMEQ(test, out, "6789abcd", 8);
}

static void vq_chain_read_whole_readable_part(struct kunit *test)
{
	struct vq_env *e = env_chain(test);
	u8 out[16] = {};

	rdmaapi_test_poke(e->g, G_BUF, bytes16, 10);
	rdmaapi_test_poke(e->g, G_BUF + 100, bytes16 + 10, 6);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_read(&e->vq, &e->chain, 0, out, 16));
	KUNIT_EXPECT_MEMEQ(test, out, bytes16, 16);
}

static void vq_chain_read_past_out_len_einval(struct kunit *test)
{
	struct vq_env *e = env_chain(test);
	u8 out[17];

	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_chain_read(&e->vq, &e->chain, 0, out, 17));
	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_chain_read(&e->vq, &e->chain, 15, out, 2));
	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_chain_read(&e->vq, &e->chain, 17, out, 0));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_read(&e->vq, &e->chain, 15, out, 1));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_read(&e->vq, &e->chain, 16, out, 0));
}

static void vq_chain_read_huge_offset_einval(struct kunit *test)
{
	struct vq_env *e = env_chain(test);
	u8 out[4];

	KUNIT_EXPECT_EQ(test, -EINVAL,
			rdmaapi_chain_read(&e->vq, &e->chain, U32_MAX, out, 4));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			rdmaapi_chain_read(&e->vq, &e->chain, 4, out, U32_MAX - 2));
}

static void vq_chain_write_across_segments(struct kunit *test)
{
	struct vq_env *e = env_chain(test);
	static const u8 want_a[8] = { 0, 0, 0, 0, '0', '1', '2', '3' };
	static const u8 want_b[8] = { '4', '5', '6', '7', 0, 0, 0, 0 };
	u8 a[8] = {}, b[8] = {};

	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_write(&e->vq, &e->chain, 4, bytes16, 8));
	rdmaapi_test_peek(e->g, G_BUF + 200, a, 8);
	rdmaapi_test_peek(e->g, G_BUF + 300, b, 8);
	KUNIT_EXPECT_MEMEQ(test, a, want_a, 8);
	KUNIT_EXPECT_MEMEQ(test, b, want_b, 8);
}

static void vq_chain_write_does_not_touch_readable_part(struct kunit *test)
{
	struct vq_env *e = env_chain(test);
	u8 out[16] = {}, zero[16] = {};

	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_write(&e->vq, &e->chain, 0, bytes16, 16));
	rdmaapi_test_peek(e->g, G_BUF, out, 10);
	rdmaapi_test_peek(e->g, G_BUF + 100, out + 10, 6);
	KUNIT_EXPECT_MEMEQ(test, out, zero, 16);
}

static void vq_chain_write_past_in_len_einval(struct kunit *test)
{
	struct vq_env *e = env_chain(test);
	u8 a[8] = {}, zero[8] = {};

	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_chain_write(&e->vq, &e->chain, 9, bytes16, 8));
	rdmaapi_test_peek(e->g, G_BUF + 200, a, 8);
	KUNIT_EXPECT_MEMEQ(test, a, zero, 8);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_write(&e->vq, &e->chain, 8, bytes16, 8));
}

static void vq_chain_write_to_readable_only_chain_einval(struct kunit *test)
{
	struct vq_env *e = env(test);

	good_chain(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, -EINVAL, rdmaapi_chain_write(&e->vq, &e->chain, 0, bytes16, 1));
}

static void vq_chain_read_across_guest_pages(struct kunit *test)
{
	struct vq_env *e = env(test);
	u64 at = G_BUF + PAGE_SIZE - 5;
	u8 out[16] = {};

	desc(e, 0, at, 16, 0, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	rdmaapi_test_poke(e->g, at, bytes16, 16);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_read(&e->vq, &e->chain, 0, out, 16));
	KUNIT_EXPECT_MEMEQ(test, out, bytes16, 16);
}

static void vq_chain_read_unmapped_segment_efault(struct kunit *test)
{
	struct vq_env *e = env(test);
	u8 out[8];

	desc(e, 0, G_BUF, 8, F_NEXT, 1);
	desc(e, 1, 0x900000000ULL, 8, 0, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_read(&e->vq, &e->chain, 0, out, 8));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_chain_read(&e->vq, &e->chain, 8, out, 1));
}

static void vq_chain_read_partially_mapped_segment_efault(struct kunit *test)
{
	struct vq_env *e = env(test);
	u64 end = GBASE + G_PAGES * PAGE_SIZE;
	u8 out[8];

	desc(e, 0, end - 4, 8, 0, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_read(&e->vq, &e->chain, 0, out, 4));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_chain_read(&e->vq, &e->chain, 0, out, 8));
}

static void vq_chain_write_partially_mapped_segment_efault(struct kunit *test)
{
	struct vq_env *e = env(test);

	desc(e, 0, G_BUF + PAGE_SIZE - 4, 8, F_WRITE, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	rdmaapi_test_guest_unmap(test, e->g, P_BUF + 1);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_chain_write(&e->vq, &e->chain, 0, bytes16, 8));
}

static void vq_chain_read_from_write_only_mapping_efault(struct kunit *test)
{
	struct vq_env *e = env(test);
	u8 out[8];

	desc(e, 0, G_BUF, 8, 0, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	rdmaapi_test_guest_remap(test, e->g, P_BUF, VHOST_MAP_WO);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_chain_read(&e->vq, &e->chain, 0, out, 8));
}

static void vq_chain_write_to_read_only_mapping_efault(struct kunit *test)
{
	struct vq_env *e = env(test);
	u8 out[8] = {}, zero[8] = {};

	desc(e, 0, G_BUF, 8, F_WRITE, 0);
	avail(e, 0);
	KUNIT_ASSERT_EQ(test, 1, pop(e));
	rdmaapi_test_guest_remap(test, e->g, P_BUF, VHOST_MAP_RO);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_chain_write(&e->vq, &e->chain, 0, bytes16, 8));
	rdmaapi_test_peek(e->g, G_BUF, out, 8);
	KUNIT_EXPECT_MEMEQ(test, out, zero, 8);
}

/* Guest pages at both ends of the address space: copies must not wrap. */
static void map_both_ends(struct kunit *test, struct vq_env *e)
{
	KUNIT_ASSERT_EQ(test, 0,
			rdmaapi_mem_map(&e->g->mem, U64_MAX - PAGE_SIZE + 1,
					PAGE_SIZE,
					rdmaapi_test_guest_pa(e->g, G_BUF),
					VHOST_MAP_RW));
	KUNIT_ASSERT_EQ(test, 0,
			rdmaapi_mem_map(&e->g->mem, 0, PAGE_SIZE,
					rdmaapi_test_guest_pa(e->g, G_BUF + PAGE_SIZE),
					VHOST_MAP_RW));
}

static void vq_chain_read_wrapping_address_efault(struct kunit *test)
{
	struct vq_env *e = env(test);
	u8 out[8];

	int ret;

	map_both_ends(test, e);
	desc(e, 0, U64_MAX - 3, 8, 0, 0);
	avail(e, 0);
	/* Refusing the wrapping buffer at pop is as good. */
	ret = pop(e);
	if (ret == -EINVAL)
		return;
	KUNIT_ASSERT_EQ(test, 1, ret);
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_read(&e->vq, &e->chain, 0, out, 4));
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_chain_read(&e->vq, &e->chain, 0, out, 8));
}

static void vq_chain_write_wrapping_address_efault(struct kunit *test)
{
	struct vq_env *e = env(test);

	int ret;

	map_both_ends(test, e);
	desc(e, 0, U64_MAX, 2, F_WRITE, 0);
	avail(e, 0);
	ret = pop(e);
	if (ret == -EINVAL)
		return;
	KUNIT_ASSERT_EQ(test, 1, ret);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_chain_write(&e->vq, &e->chain, 0, bytes16, 2));
	KUNIT_EXPECT_EQ(test, 0, rdmaapi_chain_write(&e->vq, &e->chain, 0, bytes16, 1));
}

/*
 * A buffer that runs past U64_MAX is malformed: either pop refuses the
 * chain, or no copy ever reaches the bytes "after" the wrap, which would
 * be guest address 0.
 */
static void vq_chain_read_past_wrap_efault(struct kunit *test)
{
	struct vq_env *e = env(test);
	u8 out[4];
	int ret;

	map_both_ends(test, e);
	desc(e, 0, U64_MAX - 3, 8, 0, 0);
	avail(e, 0);
	ret = pop(e);
	if (ret == -EINVAL)
		return;
	KUNIT_ASSERT_EQ(test, 1, ret);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_chain_read(&e->vq, &e->chain, 4, out, 4));
}

static void vq_chain_write_past_wrap_efault(struct kunit *test)
{
	struct vq_env *e = env(test);
	u8 zero[8] = {}, out[8];
	int ret;

	map_both_ends(test, e);
	desc(e, 0, U64_MAX - 3, 8, F_WRITE, 0);
	avail(e, 0);
	ret = pop(e);
	if (ret == -EINVAL)
		return;
	KUNIT_ASSERT_EQ(test, 1, ret);
	KUNIT_EXPECT_EQ(test, -EFAULT, rdmaapi_chain_write(&e->vq, &e->chain, 4, bytes16, 4));
	/* Guest address 0 is the first byte of the page after G_BUF. */
	rdmaapi_test_peek(e->g, G_BUF + PAGE_SIZE, out, 8);
	KUNIT_EXPECT_MEMEQ(test, out, zero, 8);
}

/* --- pop against an independent model of the rules, on random rings --- */

#define RND_NUM		16
#define RND_INDIR	72
#define RND_ROUNDS	4000

struct ref_chain {
	int ret;
	bool wraps;	/* a buffer runs past U64_MAX */
	u16 head;
	u16 nout;
	u16 nin;
	u32 out_len;
	u32 in_len;
	struct rdmaapi_seg seg[RDMAAPI_CHAIN_MAX_SEGS];
};

/* All of the guest's pages are mapped read-write; nothing else is. */
static bool ref_mapped(u64 gpa, u64 len)
{
	u64 size = G_PAGES * PAGE_SIZE;

	return gpa >= GBASE && gpa - GBASE <= size && len <= size - (gpa - GBASE);
}

static bool ref_desc(struct vq_env *e, u64 table, u32 i, struct test_desc *d)
{
	u64 at = table + (u64)i * sizeof(*d);

	if (at < table || !ref_mapped(at, sizeof(*d)))
		return false;
	rdmaapi_test_peek(e->g, at, d, sizeof(*d));
	return true;
}

/*
 * The rules as the interface states them: a revisited descriptor is a
 * loop; one indirect table, last in the chain, 1..64 entries of 16 bytes,
 * no nesting; readable before writable; at most 64 segments and 1 MiB
 * each way; no zero length; next inside the table being walked.
 */
static void ref_walk(struct vq_env *e, u16 head, struct ref_chain *r)
{
	u64 table = G_DESC;
	u32 size = e->vq.num, i = head;
	DECLARE_BITMAP(seen, RND_INDIR);
	bool indirect = false;
	struct test_desc d;

	bitmap_zero(seen, RND_INDIR);
	r->ret = -EINVAL;
	for (;;) {
		u32 len, *total;
		u16 flags;
		bool in;

		if (test_and_set_bit(i, seen))
			return;
		if (!ref_desc(e, table, i, &d)) {
			if (!indirect)
				r->ret = -EIO;
			return;
		}
		len = le32_to_cpu(d.len);
		flags = le16_to_cpu(d.flags);
		if (flags & F_INDIRECT) {
			if (indirect || (flags & F_NEXT) || !len || len % 16 ||
			    len / 16 > RDMAAPI_CHAIN_MAX_SEGS)
				return;
			table = le64_to_cpu(d.addr);
			size = len / 16;
			indirect = true;
			i = 0;
			bitmap_zero(seen, RND_INDIR);
			continue;
		}
		in = flags & F_WRITE;
		total = in ? &r->in_len : &r->out_len;
		if (!len || (!in && r->nin) ||
		    r->nout + r->nin == RDMAAPI_CHAIN_MAX_SEGS ||
		    (u64)*total + len > RDMAAPI_CHAIN_MAX_LEN)
			return;
		if (le64_to_cpu(d.addr) + len - 1 < le64_to_cpu(d.addr))
			r->wraps = true;
		r->seg[r->nout + r->nin].addr = le64_to_cpu(d.addr);
		r->seg[r->nout + r->nin].len = len;
		*total += len;
		if (in)
			r->nin++;
		else
			r->nout++;
		if (!(flags & F_NEXT)) {
			r->ret = 1;
			return;
		}
		i = le16_to_cpu(d.next);
		if (i >= size)
			return;
	}
}

static void ref_pop(struct vq_env *e, struct ref_chain *r)
{
	u16 last = e->vq.last_avail, num = e->vq.num;
	u16 idx = get16(e, G_AVAIL + 2), head;

	memset(r, 0, sizeof(*r));
	if ((u16)(idx - last) > num) {
		r->ret = -EIO;
		return;
	}
	if (idx == last)
		return;
	head = get16(e, G_AVAIL + 4 + 2 * (last % num));
	if (head >= num) {
		r->ret = -EIO;
		return;
	}
	r->head = head;
	ref_walk(e, head, r);
}

static u32 rnd_len(struct rnd_state *rs)
{
	switch (prandom_u32_state(rs) % 10) {
	case 0:
		return 0;
	case 6:
		return RDMAAPI_CHAIN_MAX_LEN - prandom_u32_state(rs) % 4;
	case 7:
		return U32_MAX - prandom_u32_state(rs) % 4;
	case 8:
		return prandom_u32_state(rs);
	default:
		return 1 + prandom_u32_state(rs) % 256;
	}
}

static void rnd_desc(struct vq_env *e, struct rnd_state *rs, u64 table, u16 i,
		     u32 nnext, u32 p_indirect)
{
	u32 r = prandom_u32_state(rs);
	u64 addr = G_BUF + prandom_u32_state(rs) % (3 * PAGE_SIZE);
	u32 len = rnd_len(rs);
	u16 flags = 0, next;

	if (r % 10 < 6)
		flags |= F_NEXT;
	if ((r / 10) % 10 < 4)
		flags |= F_WRITE;
	if ((r / 100) % 100 < p_indirect) {
		flags |= F_INDIRECT;
		if ((r / 10000) % 8) {
			addr = G_INDIR + 16 * (prandom_u32_state(rs) % 8);
			len = 16 * (1 + prandom_u32_state(rs) % 66);
		}
		if ((r / 10000) % 8 == 1)
			addr = GBASE + G_PAGES * PAGE_SIZE - 32;
		if ((r / 10000) % 8 == 2)
			flags &= ~F_NEXT;
	}
	if ((r / 1000000) % 16 == 0)
		addr = ((u64)prandom_u32_state(rs) << 32) | prandom_u32_state(rs);
	next = (r / 16000000) % 8 ? prandom_u32_state(rs) % nnext :
				    prandom_u32_state(rs);
	put_desc(e, table, i, addr, len, flags, next);
}

static void rnd_ring(struct vq_env *e, struct rnd_state *rs)
{
	u16 i, n;

	for (i = 0; i < RND_NUM; i++)
		rnd_desc(e, rs, G_DESC, i, RND_NUM + 2, 15);
	for (i = 0; i < RND_INDIR; i++)
		rnd_desc(e, rs, G_INDIR, i, 10, 3);
	rdmaapi_vq_reset(&e->vq, &e->g->mem);
	e->vq.desc = G_DESC;
	e->vq.avail = G_AVAIL;
	e->vq.used = G_USED;
	e->vq.num = RND_NUM;
	e->vq.ready = true;
	e->vq.last_avail = prandom_u32_state(rs);
	for (i = 0; i < RND_NUM; i++)
		put16(e, G_AVAIL + 4 + 2 * i, prandom_u32_state(rs) % 8 ?
		      prandom_u32_state(rs) % RND_NUM : prandom_u32_state(rs));
	n = prandom_u32_state(rs) % 8 ? prandom_u32_state(rs) % 3 :
					prandom_u32_state(rs);
	put16(e, G_AVAIL + 2, e->vq.last_avail + n);
}

static bool same_chain(const struct rdmaapi_chain *c, const struct ref_chain *r)
{
	u16 i;

	if (c->head != r->head || c->nout != r->nout || c->nin != r->nin ||
	    c->out_len != r->out_len || c->in_len != r->in_len)
		return false;
	for (i = 0; i < r->nout + r->nin; i++)
		if (c->seg[i].addr != r->seg[i].addr ||
		    c->seg[i].len != r->seg[i].len)
			return false;
	return true;
}

static void vq_pop_matches_model_on_random_rings(struct kunit *test)
{
	struct vq_env *e = env_new(test, RND_NUM, false);
	struct ref_chain *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	unsigned int round, got[4] = {};
	struct rnd_state rs;

	KUNIT_ASSERT_NOT_NULL(test, r);
	prandom_seed_state(&rs, 0x7264616d61706921ULL);
	for (round = 0; round < RND_ROUNDS; round++) {
		u16 last;
		int ret;

		rnd_ring(e, &rs);
		last = e->vq.last_avail;
		ref_pop(e, r);
		ret = pop(e);
		/* Refusing a chain with a wrapping buffer is allowed too. */
		if (r->ret == 1 && r->wraps && ret == -EINVAL)
			r->ret = -EINVAL;
		KUNIT_ASSERT_EQ_MSG(test, r->ret, ret, "round %u", round);
		switch (ret) {
		case 1:
			KUNIT_ASSERT_TRUE_MSG(test, same_chain(&e->chain, r),
					      "round %u", round);
			fallthrough;
		case -EINVAL:
			KUNIT_ASSERT_EQ_MSG(test, r->head, e->chain.head,
					    "round %u", round);
			KUNIT_ASSERT_EQ_MSG(test, (u16)(last + 1), e->vq.last_avail,
					    "round %u", round);
			KUNIT_ASSERT_FALSE(test, e->vq.broken);
			got[ret == 1 ? 0 : 1]++;
			break;
		case -EIO:
			KUNIT_ASSERT_TRUE(test, e->vq.broken);
			got[2]++;
			break;
		default:
			KUNIT_ASSERT_EQ(test, last, e->vq.last_avail);
			got[3]++;
		}
	}
	kunit_info(test, "popped %u, malformed %u, broken %u, empty %u\n",
		   got[0], got[1], got[2], got[3]);
	/* Every outcome was exercised, so the comparison meant something. */
	KUNIT_EXPECT_GT(test, got[0], 100);
	KUNIT_EXPECT_GT(test, got[1], 100);
	KUNIT_EXPECT_GT(test, got[2], 100);
	KUNIT_EXPECT_GT(test, got[3], 100);
}

/* chain_read/chain_write against the concatenation of the segments. */
static void vq_chain_copies_match_model_on_random_chains(struct kunit *test)
{
	struct vq_env *e = env_new(test, 64, false);
	u8 *flat = kunit_kmalloc(test, 2 * 64 * 128, GFP_KERNEL);
	u8 *buf = kunit_kmalloc(test, 64 * 128, GFP_KERNEL);
	u64 addr[64] = {};
	u32 len[64], round, nout, nin, out_len, in_len, i, j;
	struct rnd_state rs;

	KUNIT_ASSERT_NOT_NULL(test, flat);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	prandom_seed_state(&rs, 0x636861696eULL);
	for (round = 0; round < 300; round++) {
		nout = 1 + prandom_u32_state(&rs) % 20;
		nin = 1 + prandom_u32_state(&rs) % 20;
		out_len = 0;
		in_len = 0;
		/* Disjoint 128-byte slots of the 4 buffer pages, shuffled. */
		for (i = 0; i < nout + nin; i++) {
			j = prandom_u32_state(&rs) % (i + 1);
			addr[i] = addr[j];
			addr[j] = G_BUF + 128 * i;
		}
		for (i = 0; i < nout + nin; i++) {
			len[i] = 1 + prandom_u32_state(&rs) % 128;
			addr[i] += 128 - len[i];
			desc(e, i, addr[i], len[i],
			     (i + 1 < nout + nin ? F_NEXT : 0) |
			     (i >= nout ? F_WRITE : 0), i + 1);
			prandom_bytes_state(&rs, flat + (i < nout ? out_len :
						     64 * 128 + in_len), len[i]);
			rdmaapi_test_poke(e->g, addr[i], flat + (i < nout ?
					  out_len : 64 * 128 + in_len), len[i]);
			if (i < nout)
				out_len += len[i];
			else
				in_len += len[i];
		}
		e->vq.last_avail = e->avail_idx;
		avail(e, 0);
		KUNIT_ASSERT_EQ(test, 1, pop(e));
		KUNIT_ASSERT_EQ(test, out_len, e->chain.out_len);
		KUNIT_ASSERT_EQ(test, in_len, e->chain.in_len);
		for (j = 0; j < 20; j++) {
			u32 off = prandom_u32_state(&rs) % (out_len + 2);
			u32 n = prandom_u32_state(&rs) % (out_len + 2);
			int ret = rdmaapi_chain_read(&e->vq, &e->chain, off, buf, n);

			if (off + n > out_len) {
				KUNIT_ASSERT_EQ(test, -EINVAL, ret);
				continue;
			}
			KUNIT_ASSERT_EQ(test, 0, ret);
			KUNIT_ASSERT_TRUE_MSG(test, !memcmp(buf, flat + off, n),
					      "round %u read %u+%u", round, off, n);
		}
		for (j = 0; j < 20; j++) {
			u32 off = prandom_u32_state(&rs) % (in_len + 2);
			u32 n = prandom_u32_state(&rs) % (in_len + 2);
			u8 *model = flat + 64 * 128;
			int ret;

			prandom_bytes_state(&rs, buf, n);
			ret = rdmaapi_chain_write(&e->vq, &e->chain, off, buf, n);
			if (off + n > in_len) {
				KUNIT_ASSERT_EQ(test, -EINVAL, ret);
				continue;
			}
			KUNIT_ASSERT_EQ(test, 0, ret);
			memcpy(model + off, buf, n);
		}
		/* Every segment holds its slice of the model, nothing else moved. */
		for (i = 0, out_len = 0, in_len = 0; i < nout + nin; i++) {
			u8 *want = flat + (i < nout ? out_len : 64 * 128 + in_len);

			rdmaapi_test_peek(e->g, addr[i], buf, len[i]);
			KUNIT_ASSERT_TRUE_MSG(test, !memcmp(buf, want, len[i]),
					      "round %u segment %u", round, i);
			if (i < nout)
				out_len += len[i];
			else
				in_len += len[i];
		}
	}
}

static struct kunit_case vq_cases[] = {
	KUNIT_CASE(vq_pop_empty_ring_returns_0),
	KUNIT_CASE(vq_pop_not_ready_returns_0),
	KUNIT_CASE(vq_pop_queue_without_size_returns_0),
	KUNIT_CASE(vq_pop_direct_chain),
	KUNIT_CASE(vq_pop_writable_only_chain),
	KUNIT_CASE(vq_pop_two_chains_in_order),
	KUNIT_CASE(vq_pop_indirect_chain),
	KUNIT_CASE(vq_pop_chain_of_num_descriptors),
	KUNIT_CASE(vq_pop_chain_of_max_segs),
	KUNIT_CASE(vq_pop_next_is_last_descriptor),
	KUNIT_CASE(vq_pop_head_is_last_descriptor),
	KUNIT_CASE(vq_pop_total_len_at_max),
	KUNIT_CASE(vq_pop_avail_idx_ahead_by_num),
	KUNIT_CASE(vq_pop_avail_idx_wraps_at_u16),
	KUNIT_CASE(vq_pop_descriptor_loop_einval),
	KUNIT_CASE(vq_pop_self_loop_einval),
	KUNIT_CASE(vq_pop_chain_longer_than_ring_einval),
	KUNIT_CASE(vq_pop_chain_over_max_segs_einval),
	KUNIT_CASE(vq_pop_zero_length_descriptor_einval),
	KUNIT_CASE(vq_pop_readable_total_over_max_einval),
	KUNIT_CASE(vq_pop_writable_total_over_max_einval),
	KUNIT_CASE(vq_pop_single_descriptor_over_max_einval),
	KUNIT_CASE(vq_pop_readable_after_writable_einval),
	KUNIT_CASE(vq_pop_next_out_of_range_einval),
	KUNIT_CASE(vq_pop_next_far_out_of_range_einval),
	KUNIT_CASE(vq_pop_indirect_zero_len_einval),
	KUNIT_CASE(vq_pop_indirect_misaligned_len_einval),
	KUNIT_CASE(vq_pop_indirect_of_max_segs),
	KUNIT_CASE(vq_pop_indirect_table_too_long_einval),
	KUNIT_CASE(vq_pop_indirect_huge_len_einval),
	KUNIT_CASE(vq_pop_nested_indirect_einval),
	KUNIT_CASE(vq_pop_indirect_with_next_einval),
	KUNIT_CASE(vq_pop_indirect_next_out_of_table_einval),
	KUNIT_CASE(vq_pop_indirect_loop_einval),
	KUNIT_CASE(vq_pop_indirect_zero_length_entry_einval),
	KUNIT_CASE(vq_pop_indirect_unmapped_table_einval),
	KUNIT_CASE(vq_pop_indirect_partially_mapped_table_einval),
	KUNIT_CASE(vq_pop_indirect_wrapping_table_einval),
	KUNIT_CASE(vq_pop_indirect_write_only_table_einval),
	KUNIT_CASE(vq_pop_direct_then_indirect_chain),
	KUNIT_CASE(vq_pop_indirect_descriptor_write_flag_ignored),
	KUNIT_CASE(vq_pop_writable_direct_then_readable_indirect_einval),
	KUNIT_CASE(vq_pop_direct_and_indirect_over_max_segs_einval),
	KUNIT_CASE(vq_pop_direct_and_indirect_at_max_segs),
	KUNIT_CASE(vq_pop_largest_ring),
	KUNIT_CASE(vq_einval_chain_returned_and_queue_still_works),
	KUNIT_CASE(vq_pop_head_out_of_range_eio),
	KUNIT_CASE(vq_pop_head_far_out_of_range_eio),
	KUNIT_CASE(vq_pop_avail_idx_jump_over_num_eio),
	KUNIT_CASE(vq_pop_avail_idx_backwards_eio),
	KUNIT_CASE(vq_pop_unmapped_avail_ring_eio),
	KUNIT_CASE(vq_pop_write_only_avail_ring_eio),
	KUNIT_CASE(vq_pop_unmapped_desc_table_eio),
	KUNIT_CASE(vq_pop_desc_table_beyond_mapping_eio),
	KUNIT_CASE(vq_broken_queue_stays_broken),
	KUNIT_CASE(vq_reset_clears_broken),
	KUNIT_CASE(vq_push_writes_used_element_and_index),
	KUNIT_CASE(vq_push_wraps_around_the_ring),
	KUNIT_CASE(vq_push_read_only_used_ring_eio),
	KUNIT_CASE(vq_push_unset_queue_eio),
	KUNIT_CASE(vq_notify_without_event_idx_by_default),
	KUNIT_CASE(vq_notify_without_event_idx_suppressed_by_no_interrupt),
	KUNIT_CASE(vq_notify_with_event_idx_ignores_no_interrupt),
	KUNIT_CASE(vq_notify_event_idx_first_push_notifies),
	KUNIT_CASE(vq_notify_event_idx_used_event_reached),
	KUNIT_CASE(vq_notify_event_idx_used_event_ahead_suppresses),
	KUNIT_CASE(vq_notify_event_idx_used_event_behind_suppresses),
	KUNIT_CASE(vq_notify_event_idx_used_event_inside_batch),
	KUNIT_CASE(vq_notify_event_idx_used_event_past_batch_suppresses),
	KUNIT_CASE(vq_notify_event_idx_across_u16_wrap),
	KUNIT_CASE(vq_enable_notify_writes_avail_event),
	KUNIT_CASE(vq_enable_notify_reports_pending_buffers),
	KUNIT_CASE(vq_enable_notify_without_event_idx),
	KUNIT_CASE(vq_enable_notify_read_only_used_ring_eio),
	KUNIT_CASE(vq_notify_when_avail_flags_unreadable),
	KUNIT_CASE(vq_notify_when_used_event_unreadable),
	KUNIT_CASE(vq_enable_notify_not_ready_returns_0),
	KUNIT_CASE(vq_enable_notify_unmapped_avail_ring_eio),
	KUNIT_CASE(vq_chain_read_across_segments),
	KUNIT_CASE(vq_chain_read_whole_readable_part),
	KUNIT_CASE(vq_chain_read_past_out_len_einval),
	KUNIT_CASE(vq_chain_read_huge_offset_einval),
	KUNIT_CASE(vq_chain_write_across_segments),
	KUNIT_CASE(vq_chain_write_does_not_touch_readable_part),
	KUNIT_CASE(vq_chain_write_past_in_len_einval),
	KUNIT_CASE(vq_chain_write_to_readable_only_chain_einval),
	KUNIT_CASE(vq_chain_read_across_guest_pages),
	KUNIT_CASE(vq_chain_read_unmapped_segment_efault),
	KUNIT_CASE(vq_chain_read_partially_mapped_segment_efault),
	KUNIT_CASE(vq_chain_write_partially_mapped_segment_efault),
	KUNIT_CASE(vq_chain_read_from_write_only_mapping_efault),
	KUNIT_CASE(vq_chain_write_to_read_only_mapping_efault),
	KUNIT_CASE(vq_chain_read_wrapping_address_efault),
	KUNIT_CASE(vq_chain_write_wrapping_address_efault),
	KUNIT_CASE(vq_chain_read_past_wrap_efault),
	KUNIT_CASE(vq_chain_write_past_wrap_efault),
	KUNIT_CASE(vq_pop_matches_model_on_random_rings),
	KUNIT_CASE(vq_chain_copies_match_model_on_random_chains),
	{}
};

static struct kunit_suite vq_suite = {
	.name = "rdmaapi_vq",
	.test_cases = vq_cases,
};
kunit_test_suite(vq_suite);
