# Helpers shared by the in-VM stages (sourced; bash).
# STAGE (l1/l2) and R (results dir) are set by the caller.

log() { echo "stage-$STAGE: $*"; }

# Record a setup/teardown failure: the harness reports these and fails.
fail() {
	echo "stage-$STAGE: FAILED: $*"
	echo "$*" >> "$R/$STAGE-failures"
	SETUP_RC=1
}

now() { date +%s.%N; }

# First non-empty line of a command, shortened: commands go to the console,
# which is scanned for BUG:/WARNING:..., so never echo them whole.
cmd_summary() {
	local l
	l=$(printf '%s\n' "$1" | sed -n '/[^[:space:]]/{s/^[[:space:]]*//;p;q}' | cut -c1-80)
	echo "$l ($(printf '%s\n' "$1" | wc -l) lines)"
}
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
elapsed_since_file() { elapsed "$(cat "$1" 2>/dev/null || now)"; }

# wait_for SECS CMD...: poll CMD every 0.2 s until it succeeds or SECS pass.
wait_for() {
	local n=$(( $1 * 5 )); shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		sleep 0.2
		n=$((n - 1))
	done
	"$@"
}

# Per-device RDMA resource counts ("rxe0: pd 0 cq 0 qp 1 ..."), one line a
# device.  Used for the leak check: tests/vm/lib/res-count prints the same.
res_snapshot() { rdma res show 2>&1 | sed 's/^[0-9]*: //'; }
