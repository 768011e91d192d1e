#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# bench/l2.sh: the L2 guest's side of `make bench` (tests/vm/run --guest).
# Runs what the host asks, one command at a time: the host writes go.N (a
# command line, for bash -c) into this guest's results directory, the
# guest writes its output to out.N and its exit status to done.N; stop
# ends the loop.  Bounded by BENCH_GUEST_MAX seconds in all.
R=$RDMAAPI_RESULTS
end=$(( $(date +%s) + ${BENCH_GUEST_MAX:-3000} ))
n=1
: > "$R/ready"
while [ ! -e "$R/stop" ] && [ "$(date +%s)" -lt $end ]; do
	if [ -e "$R/go.$n" ]; then
		bash -c "$(cat "$R/go.$n")" < /dev/null > "$R/out.$n" 2>&1
		echo $? > "$R/done.$n.tmp"
		mv "$R/done.$n.tmp" "$R/done.$n"
		n=$((n + 1))
	else
		sleep 0.5
	fi
done
echo "bench guest: ran $((n - 1)) commands"
exit 0
