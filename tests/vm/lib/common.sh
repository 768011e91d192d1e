# Helpers shared by the in-VM stages and tests/vm/run (sourced; bash).
# STAGE (l1/l2) and R (results dir) are set by the stages (log, fail).

log() { echo "stage-$STAGE: $*"; }

# Record a setup/teardown failure: the harness reports these and fails.
fail() {
	echo "stage-$STAGE: FAILED: $*"
	echo "$*" >> "$R/$STAGE-failures"
	SETUP_RC=1
}

now() { date +%s.%N; }

# What on a console or in dmesg is kernel trouble: any of it fails a run.
KERNEL_TROUBLE='BUG:|WARNING:|Oops|general protection|KASAN|refcount_t|hung_task|blocked for more than|pagealloc: |invoked oom-killer'

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

# print_vars NAME...: "NAME=value" lines, quoted for sourcing (config.sh).
print_vars() {
	local v
	for v in "$@"; do printf '%s=%q\n' "$v" "${!v}"; done
}

# Pair mode (tests/vm/run --pair): L1 number I (0 = A, 1 = B) has address
# pair_addr I and MAC pair_mac I on the link between the two L1s.
pair_addr() { echo "10.20.0.$(($1 + 1))"; }
pair_mac() { printf '52:54:00:20:00:%02x\n' $(($1 + 1)); }
# The commands' view of it; nothing is exported outside pair mode.
export_pair_env() {
	[ -n "${PAIR_INDEX:-}" ] || return 0
	export RDMAAPI_L1_INDEX=$PAIR_INDEX RDMAAPI_LOCAL_ADDR=$LOCAL_ADDR \
		RDMAAPI_PEER_ADDR=$PEER_ADDR
}

# nic_up ADDR/PREFIX: bring up the VM's (only) PCI NIC with ADDR and print
# its name; fails if there is none.  lo, veth and tunnels have no device.
nic_up() {
	local n
	for n in /sys/class/net/*; do
		[ -e "$n/device" ] || continue
		n=${n##*/}
		ip link set "$n" up && ip addr add "$1" dev "$n" && echo "$n"
		return
	done
	return 1
}

# ipv4_gid A.B.C.D: the RoCE GID of an IPv4 address as sysfs prints it.
ipv4_gid() {
	local IFS=.
	# shellcheck disable=SC2086
	printf '0000:0000:0000:0000:0000:ffff:%02x%02x:%02x%02x\n' $1
}

# emulator_crash OUT DIR: a run (its output OUT, its artifacts DIR) lost
# L1 or an L2 (no result came back) and no console under DIR shows a
# kernel problem: nested KVM under TCG resets a VM now and then with no
# kernel message at all. Only such a run may be repeated. One kernel
# message is the emulator's too: after an L2's triple fault, L1's KVM
# (shutdown_interception) finds the end of that L2 QEMU thread's stack
# overwritten and panics ("corrupted stack end detected inside
# scheduler"), seen in an L1 that had never loaded our module
# (tests/vm/README.md); with that function in the trace, it counts as
# an emulator crash. So is a second one: an L2 kernel whose page fault
# handler faults at its first per-CPU access, again and again, until the
# entry stack overflows ("BUG: ENTRY_TRAMPOLINE stack guard page was
# hit", exc_page_fault in the trace): the emulator lost that CPU's
# per-CPU mapping (seen once, in a TCP relay of nested-pingpong,
# 2026-11-27); with no function of our modules in the trace, it counts.
# An L1 that froze short of memory is not one (tests/vm/run,
# l1_stalled: "memory exhaustion").
emulator_crash() {
	local c
	grep -qE "L1 stage did not finish|guest [0-9]+: no result" "$1" \
		2>/dev/null || return 1
	grep -q "memory exhaustion" "$1" 2>/dev/null && return 1
	c=$(find "$2" \( -name l1.console -o -name console.log \) \
		-exec cat {} + 2>/dev/null)
	if grep -A60 "corrupted stack end detected inside scheduler" <<< "$c" |
	   grep -q "shutdown_interception"; then
		c=$(grep -v "Kernel panic - not syncing: corrupted stack end detected inside scheduler" <<< "$c")
	fi
	if grep -A240 "BUG: ENTRY_TRAMPOLINE stack guard page was hit" <<< "$c" |
	   grep -q "exc_page_fault" &&
	   ! grep -A240 "BUG: ENTRY_TRAMPOLINE stack guard page was hit" <<< "$c" |
	   grep -qE "\[(virtio|vhost)_rdmaapi\]"; then
		c=$(grep -vE "BUG: ENTRY_TRAMPOLINE stack guard page was hit|Oops: stack guard page|Kernel panic - not syncing: Fatal exception" <<< "$c")
	fi
	! grep -qE "$KERNEL_TROUBLE|Kernel panic" <<< "$c"
}

# console_trouble DIR: for each console under DIR that shows kernel
# trouble (or a panic), its first such line and the functions of the
# stack trace after it, one line each: a CI log keeps only its tail, not
# the artifacts, and a verdict like "L1 stage did not finish" says
# nothing of why.
console_trouble() {
	local f
	find "$1" \( -name l1.console -o -name console.log \) -print 2>/dev/null |
	sort | while IFS= read -r f; do
		grep -aE -m1 -A40 "$KERNEL_TROUBLE|Kernel panic|timer wakeup" "$f" |
		awk -v f="${f#"$1"/}" '
			NR == 1 { sub(/^\[[ 0-9.]*\] */, ""); first = $0; next }
			match($0, /[A-Za-z_][A-Za-z_0-9.]*\+0x/) {
				t = substr($0, RSTART, RLENGTH - 3)
				if (n++ < 12) trace = trace (trace ? " < " : "") t }
			END { if (first != "") print f ": " first (trace ? "; trace: " trace : "") }'
	done
}
