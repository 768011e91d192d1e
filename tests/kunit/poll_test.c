// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit suite for the adaptive polling window (include/rdmaapi/poll.h)
 * that the host worker and the guest driver share.
 */
#include <kunit/test.h>
#include <rdmaapi/poll.h>

#define US(n)	((u64)(n) * NSEC_PER_USEC)

static void poll_off_stays_off(struct kunit *test)
{
	u64 win = US(40);

	KUNIT_EXPECT_EQ(test, 0ULL, rdmaapi_poll_window(&win, 0));
	rdmaapi_poll_adapt(&win, 0, 1);
	KUNIT_EXPECT_EQ(test, 0ULL, win);
	rdmaapi_poll_adapt(&win, 0, 0);
	KUNIT_EXPECT_EQ(test, 0ULL, win);
}

static void poll_grows_to_the_bound(struct kunit *test)
{
	u64 win = 0;

	/* A wait within the bound that the window missed: grow. */
	rdmaapi_poll_adapt(&win, 50, US(20));
	KUNIT_EXPECT_EQ(test, (u64)RDMAAPI_POLL_START_NS, win);
	rdmaapi_poll_adapt(&win, 50, US(20));
	KUNIT_EXPECT_EQ(test, 2ULL * RDMAAPI_POLL_START_NS, win);
	rdmaapi_poll_adapt(&win, 50, US(20));
	KUNIT_EXPECT_EQ(test, 4ULL * RDMAAPI_POLL_START_NS, win);
	/* Caught within the window: unchanged. */
	rdmaapi_poll_adapt(&win, 50, US(19));
	KUNIT_EXPECT_EQ(test, 4ULL * RDMAAPI_POLL_START_NS, win);
	/* Never past the bound, however often the wait is missed. */
	rdmaapi_poll_adapt(&win, 50, US(50));
	rdmaapi_poll_adapt(&win, 50, US(50));
	rdmaapi_poll_adapt(&win, 50, US(50));
	KUNIT_EXPECT_EQ(test, US(50), win);
	KUNIT_EXPECT_EQ(test, US(50), rdmaapi_poll_window(&win, 50));
}

static void poll_shrinks_to_none(struct kunit *test)
{
	u64 win = US(40);

	/* Past the bound: no window would have caught it. */
	rdmaapi_poll_adapt(&win, 50, US(51));
	KUNIT_EXPECT_EQ(test, US(20), win);
	rdmaapi_poll_adapt(&win, 50, US(5000));
	KUNIT_EXPECT_EQ(test, US(10), win);
	rdmaapi_poll_adapt(&win, 50, US(5000));
	KUNIT_EXPECT_EQ(test, US(5), win);
	rdmaapi_poll_adapt(&win, 50, US(5000));
	KUNIT_EXPECT_EQ(test, 0ULL, win);
	KUNIT_EXPECT_EQ(test, 0ULL, rdmaapi_poll_window(&win, 50));
	rdmaapi_poll_adapt(&win, 50, U64_MAX);
	KUNIT_EXPECT_EQ(test, 0ULL, win);
}

static void poll_follows_a_lowered_bound(struct kunit *test)
{
	u64 win = US(50);

	/* The administrator lowers poll_us: the window obeys at once. */
	KUNIT_EXPECT_EQ(test, US(10), rdmaapi_poll_window(&win, 10));
	rdmaapi_poll_adapt(&win, 10, US(8));
	KUNIT_EXPECT_EQ(test, US(10), win);
	/* A bound below the first window: polled up to the bound. */
	win = 0;
	rdmaapi_poll_adapt(&win, 1, 500);
	KUNIT_EXPECT_EQ(test, US(1), win);
	/* The largest bound does not overflow. */
	win = 0;
	rdmaapi_poll_adapt(&win, UINT_MAX, U64_MAX);
	KUNIT_EXPECT_EQ(test, 0ULL, win);
	rdmaapi_poll_adapt(&win, UINT_MAX, US(20));
	KUNIT_EXPECT_EQ(test, (u64)RDMAAPI_POLL_START_NS, win);
}

static struct kunit_case poll_cases[] = {
	KUNIT_CASE(poll_off_stays_off),
	KUNIT_CASE(poll_grows_to_the_bound),
	KUNIT_CASE(poll_shrinks_to_none),
	KUNIT_CASE(poll_follows_a_lowered_bound),
	{}
};

static struct kunit_suite poll_suite = {
	.name = "rdmaapi_poll",
	.test_cases = poll_cases,
};
kunit_test_suite(poll_suite);
