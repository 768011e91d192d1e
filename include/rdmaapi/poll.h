/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Adaptive polling window, shared by the host worker (polling for the
 * guest's next request) and the guest driver (polling for an answer).
 *
 * Polling pays only when what we wait for comes within the window; when
 * it comes later the CPU was burnt for nothing, and on a host with fewer
 * CPUs than busy threads it was taken from the very vCPU or process that
 * would have produced it. So, as KVM's halt polling does, the window
 * follows the waits actually seen: it grows when a wait ended after the
 * window but within the administrator's bound (a longer window would have
 * caught it), shrinks when a wait went past the bound (no window allowed
 * would have), and stays when the poll caught it.
 */
#ifndef RDMAAPI_POLL_H
#define RDMAAPI_POLL_H

#include <linux/compiler.h>
#include <linux/minmax.h>
#include <linux/time64.h>
#include <linux/types.h>

/* The first window after none; smaller windows are dropped to none. */
#define RDMAAPI_POLL_START_NS	(5 * NSEC_PER_USEC)

/**
 * rdmaapi_poll_window() - how long to poll now
 * @win_ns: the adaptive window
 * @max_us: the administrator's bound (poll_us); 0 turns polling off
 *
 * Return: nanoseconds, 0 for not at all.
 */
static inline u64 rdmaapi_poll_window(const u64 *win_ns, unsigned int max_us)
{
	return min(READ_ONCE(*win_ns), (u64)max_us * NSEC_PER_USEC);
}

/**
 * rdmaapi_poll_adapt() - learn from one wait
 * @win_ns: the adaptive window, updated
 * @max_us: the administrator's bound (poll_us); 0 turns polling off
 * @waited_ns: how long the awaited event took, from the start of the wait
 *
 * Racing updates from several waiters may lose one; the window is a hint.
 */
static inline void rdmaapi_poll_adapt(u64 *win_ns, unsigned int max_us,
				      u64 waited_ns)
{
	u64 max = (u64)max_us * NSEC_PER_USEC;
	u64 win = min(READ_ONCE(*win_ns), max);

	if (waited_ns > max) {
		win /= 2;
		if (win < RDMAAPI_POLL_START_NS)
			win = 0;
	} else if (waited_ns > win) {
		win = min(max(win * 2, (u64)RDMAAPI_POLL_START_NS), max);
	}
	WRITE_ONCE(*win_ns, win);
}

#endif /* RDMAAPI_POLL_H */
