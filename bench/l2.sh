#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# bench/l2.sh: the L2 guest's side of `make bench` (tests/vm/run --guest).
# Runs what the host asks, one command at a time: the host writes go.N (a
# command line) into this guest's results directory, the guest writes its
# output to out.N, its start and end times (guest clock) to time.N and
# its exit status to done.N; stop ends the loop.  Bounded by
# BENCH_GUEST_MAX seconds in all.
#
# rdmaapi-perf and librdmaapi are copied to a tmpfs first, and commands
# run in a subshell rather than a new bash: every exec and page fault is
# expensive in a nested guest under TCG, and that cost is not the
# remoting's.
R=$RDMAAPI_RESULTS
end=$(( $(date +%s) + ${BENCH_GUEST_MAX:-3000} ))
B=/tmp/bench-bin
mkdir -p $B/tools $B/lib/librdmaapi
cp "$RDMAAPI_TOP/tools/rdmaapi-perf" $B/tools/ &&
cp -a "$RDMAAPI_TOP"/lib/librdmaapi/librdmaapi.so* $B/lib/librdmaapi/ &&
export PATH=$B/tools:$PATH LD_LIBRARY_PATH=$B/lib/librdmaapi
t0=$(date +%s.%N); rdmaapi-perf -h > /dev/null; t1=$(date +%s.%N)
t2=$(date +%s.%N); rdmaapi-perf --qp-setup -x 1 -n 1 > /dev/null; t3=$(date +%s.%N)
echo "$t0 $t1 $t2 $t3" | awk '{ printf "bench guest: rdmaapi-perf -h took %.2f s, --qp-setup -n 1 (open, one QP, close) %.2f s\n", $2 - $1, $4 - $3 }'
n=1
: > "$R/ready"
while [ ! -e "$R/stop" ] && [ "$(date +%s)" -lt $end ]; do
	if [ -e "$R/go.$n" ]; then
		cmd=$(cat "$R/go.$n")
		t0=$(date +%s.%N)
		( eval "$cmd" ) < /dev/null > "$R/out.$n" 2>&1
		rc=$?
		echo "$t0 $(date +%s.%N)" > "$R/time.$n"
		echo $rc > "$R/done.$n.tmp"
		mv "$R/done.$n.tmp" "$R/done.$n"
		n=$((n + 1))
	else
		sleep 0.2
	fi
done
echo "bench guest: ran $((n - 1)) commands"
exit 0
