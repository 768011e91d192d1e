#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# bench/l1.sh: the L1 host's side of `make bench` (bench/run starts it
# with tests/vm/run --host; bench/l2.sh is the guest's side).
#
# Sets up a second vDPA device of rxe0 bound to virtio_vdpa, driven by
# virtio_rdmaapi in L1 itself (the host-local client's /dev/rdmaapi0),
# waits for the guest, then for every test and size runs three clients
# one after the other, each against its own stock perftest server (native
# on rxe0, TCP ports 19000+k; 18600+I are the harness's):
#   native    the stock perftest client, L1, rxe0
#   guest     rdmaapi-perf in the L2 guest (asked through go.N/done.N files
#             in the guest's results directory)
#   hostlocal rdmaapi-perf in L1 over virtio_vdpa
#   guest_nopoll  as guest, with polling off on both sides (poll_us 0 in
#             vhost_rdmaapi and in the guest's virtio_rdmaapi): the fast
#             path's polling measured against its absence in the same run
#             (BENCH_NOPOLL=0 leaves it out)
#   BENCH_POLL_US=N runs the guest client with poll_us N on both sides
#   instead of the modules' defaults (to try other polling windows)
# then registration (perf-native --reg-mr vs rdmaapi-perf --reg-mr) and QP
# setup latency (--qp-setup) the same three ways.
#
# Every result is one line of $RDMAAPI_RESULTS/bench.raw:
#   TEST SIZE ITERS CLIENT RC VALUE SECONDS
# VALUE: BW average (MB/s, 2^20; from the message rate where that has
# more digits) for *_bw, t_typical (usec) for *_lat,
# usec per operation for reg_mr/dereg_mr, average usec per step for
# qp_create..qp_destroy and the median of the whole for qp_setup; NA when
# the client failed or printed no number.
#
# Settings (environment, from bench/run): BENCH_TESTS, BENCH_SIZES,
# BENCH_BW_MAX, BENCH_BW_MIN, BENCH_BW_BYTES, BENCH_LAT_MAX, BENCH_LAT_MIN,
# BENCH_LAT_BYTES, BENCH_REG_MAX, BENCH_REG_ITERS, BENCH_QP_ITERS,
# BENCH_BUDGET (seconds for the data cases; later ones are skipped);
# BENCH_SWEEP=1: one -a process per test and client instead of one per
# size, BENCH_BW_ITERS/BENCH_LAT_ITERS iterations at every size,
# BENCH_SWEEP_TIMEOUT seconds at most each.
R=$RDMAAPI_RESULTS
G=$R/l2-0
TOP=$RDMAAPI_TOP
RAW=$R/bench.raw
OUT=$R/bench
mkdir -p "$OUT"
: > "$RAW"
START=$(date +%s)
log() { echo "bench: $(date +%T) $*"; }

wait_listen() {
	local i
	for i in $(seq 1 600); do
		ss -ltnH "sport = :$1" | grep -q . && return 0
		sleep 0.2
	done
	return 1
}

# num FILE NF FIELD [SIZE]: FIELD of the first line of NF numeric fields
# (whose first field is SIZE, if given).
# The stock tools' stderr warning (Correlation coefficient ...) can end up
# glued to a report line: cut it off.
num() {
	awk -v nf="$2" -v f="$3" -v s="$4" '
		/Correlation coefficient/ { sub(/Correlation coefficient.*/, ""); $0 = $0 }
		NF == nf && (s == "" || $1 == s) {
			for (i = 1; i <= NF; i++)
				if ($i !~ /^[0-9]+(\.[0-9]+)?$/) next
			print $(f); exit
		}' "$1" 2>/dev/null
}

# ---------------------------------------------------------------- guest
GN=0
GUEST_DEAD=0
# guest_run OUTFILE TIMEOUT CMD: CMD in the guest (bash -c, its output
# into OUTFILE); returns its exit status, 124 if no answer in time.
guest_run() {
	local out=$1 tmo=$2 cmd=$3 i
	if [ $GUEST_DEAD = 1 ]; then
		echo "guest gone" > "$out"
		return 125
	fi
	GN=$((GN + 1))
	echo "$cmd" > "$G/go.$GN.tmp" && mv "$G/go.$GN.tmp" "$G/go.$GN"
	for i in $(seq 1 $((5 * (tmo + 60)))); do
		[ -e "$G/done.$GN" ] && break
		sleep 0.2
	done
	if [ ! -e "$G/done.$GN" ]; then
		log "guest did not answer case $GN in $((tmo + 60)) s: no more guest cases"
		GUEST_DEAD=1
		echo "no answer" > "$out"
		return 124
	fi
	cp "$G/out.$GN" "$out" 2>/dev/null
	GTIME=$(awk '{ printf "%.1f", $2 - $1 }' "$G/time.$GN" 2>/dev/null)
	return "$(cat "$G/done.$GN")"
}

# ---------------------------------------------------------------- host-local
GKO=$TOP/drivers/virtio/rdmaapi/virtio_rdmaapi.ko
HOSTLOCAL=0
hostlocal_up() {
	insmod "$GKO" || return 1
	vdpa dev add name vdpah mgmtdev rxe0 || return 1
	echo virtio_vdpa > /sys/bus/vdpa/devices/vdpah/driver_override &&
		echo vdpah > /sys/bus/vdpa/drivers_probe || return 1
	for _ in $(seq 1 50); do
		[ -c /dev/rdmaapi0 ] && return 0
		sleep 0.2
	done
	return 1
}
hostlocal_down() {
	vdpa dev del vdpah 2>/dev/null
	for _ in $(seq 1 50); do
		[ -e /sys/bus/vdpa/devices/vdpah ] || break
		sleep 0.2
	done
	for _ in $(seq 1 50); do
		rmmod virtio_rdmaapi 2>/dev/null && return 0
		sleep 0.2
	done
	log "rmmod virtio_rdmaapi failed"
	return 1
}
if hostlocal_up; then
	HOSTLOCAL=1
	log "host-local device up: $(ls /dev/rdmaapi*)"
else
	log "host-local device setup failed: no host-local cases"
fi

# ---------------------------------------------------------------- cases
iters_for() {	# KIND SIZE
	local max min bytes n
	case $1 in
	bw) max=$BENCH_BW_MAX min=$BENCH_BW_MIN bytes=$BENCH_BW_BYTES ;;
	*) max=$BENCH_LAT_MAX min=$BENCH_LAT_MIN bytes=$BENCH_LAT_BYTES ;;
	esac
	n=$((bytes / $2))
	[ $n -gt $max ] && n=$max
	[ $n -lt $min ] && n=$min
	echo $n
}

PORT=19000
WHO="native guest hostlocal"
[ "${BENCH_NOPOLL:-1}" = 1 ] && WHO="$WHO guest_nopoll"
HPOLL=/sys/module/vhost_rdmaapi/parameters/poll_us
HPOLL_ON=$(cat $HPOLL)
# value FILE KIND SIZE: the client's number for SIZE (see bench.raw above).
value() {
	local o=$1 kind=$2 s=$3 nf f v m
	case $kind in bw) nf=5 f=4 ;; *) nf=9 f=5 ;; esac
	v=$(num "$o.client" $nf $f $s)
	# The stock latency client can print inf (its CPU clock estimate
	# fails under emulation): then the server's measurement.
	[ -z "$v" ] && [ $kind = lat ] && v=$(num "$o.server" $nf $f $s)
	# The BW average is printed with 2 decimals, the message rate (Mpps)
	# with 6: under emulation the small sizes' MB/s has too few digits,
	# the large sizes' Mpps too: take the one that has more.
	if [ $kind = bw ] && [ -n "$v" ]; then
		m=$(num "$o.client" $nf 5 $s)
		[ -n "$m" ] && v=$(awk -v m="$m" -v s=$s -v v="$v" 'BEGIN {
			if (m > 0 && (v == 0 || 5e-7 / m < 0.005 / v))
				printf "%.6g", m * 1e6 * s / 1048576
			else
				print v }')
	fi
	echo "$v"
}

# data_case TEST SIZE ITERS CLIENT: one client against its own stock
# server.  SIZE "all" is perftest's -a (every size 2 .. 2^23 in one
# process, ITERS each; both ends say -a), from which each of BENCH_SIZES
# is taken: one process instead of one per size (a guest process costs
# seconds of exec and setup under nested emulation).
data_case() {
	local t=$1 s=$2 it=$3 who=$4 kind port=$PORT sp rc t0 tmo sarg sizes x v vals attempt tries prev
	local o=$OUT/$t.$s.$who
	PORT=$((PORT + 1))
	case $t in *_bw) kind=bw ;; *) kind=lat ;; esac
	if [ $s = all ]; then
		sarg=-a sizes=$BENCH_SIZES tmo=$BENCH_SWEEP_TIMEOUT
	else
		sarg="-s $s" sizes=$s tmo=$((120 + 60 * s / 1048576))
	fi
	if { [[ $who == guest* ]] && [ $GUEST_DEAD = 1 ]; } ||
	   { [ $who = hostlocal ] && [ $HOSTLOCAL = 0 ]; }; then
		for x in $sizes; do
			echo "$t $x $it $who - NA 0" >> "$RAW"
		done
		return
	fi
	# The stock tools print inf (latency) or 0 (bandwidth) when their
	# CPU clock estimate fails, which under emulation happens often, and
	# with -a size by size (each size is estimated again): the native
	# case is then run again (up to 4 times for latency, twice for
	# bandwidth), each size keeping the first number it got.
	tries=2
	[ $who = native ] && [ $kind = lat ] && tries=4
	prev=
	for attempt in $(seq 1 $tries); do
		timeout $((tmo + 30)) ib_$t -d rxe0 -x 1 $sarg -n $it -F -p $port \
			< /dev/null > "$o.server" 2>&1 &
		sp=$!
		wait_listen $port || log "server of $t $s ($who) does not listen"
		t0=$(date +%s.%N)
		case $who in
		native)
			timeout $tmo ib_$t -d rxe0 -x 1 $sarg -n $it -F -p $port 127.0.0.1 \
				< /dev/null > "$o.client" 2>&1
			rc=$? ;;
		hostlocal)
			timeout $tmo rdmaapi-perf $t -d rdmaapi0 -x 1 $sarg -n $it -p $port 127.0.0.1 \
				< /dev/null > "$o.client" 2>&1
			rc=$? ;;
		guest)
			if [ -n "${BENCH_POLL_US:-}" ]; then
				echo "$BENCH_POLL_US" > $HPOLL
				guest_run "$o.client" $tmo "P=/sys/module/virtio_rdmaapi/parameters/poll_us; p=\$(cat \$P); echo $BENCH_POLL_US > \$P
timeout $tmo rdmaapi-perf $t -d rdmaapi0 -x 1 $sarg -n $it -p $port \$RDMAAPI_HOST_ADDR; rc=\$?
echo \$p > \$P; exit \$rc"
				rc=$?
				echo "$HPOLL_ON" > $HPOLL
			else
				guest_run "$o.client" $tmo "timeout $tmo rdmaapi-perf $t -d rdmaapi0 -x 1 $sarg -n $it -p $port \$RDMAAPI_HOST_ADDR"
				rc=$?
			fi ;;
		guest_nopoll)
			echo 0 > $HPOLL
			guest_run "$o.client" $tmo "P=/sys/module/virtio_rdmaapi/parameters/poll_us; p=\$(cat \$P); echo 0 > \$P
timeout $tmo rdmaapi-perf $t -d rdmaapi0 -x 1 $sarg -n $it -p $port \$RDMAAPI_HOST_ADDR; rc=\$?
echo \$p > \$P; exit \$rc"
			rc=$?
			echo "$HPOLL_ON" > $HPOLL ;;
		esac
		t0=$(echo "$(date +%s.%N) $t0" | awk '{ printf "%.1f", $1 - $2 }')
		for _ in $(seq 1 300); do
			kill -0 $sp 2>/dev/null || break
			sleep 0.1
		done
		kill $sp 2>/dev/null
		wait $sp 2>/dev/null
		vals=
		set -- $prev
		for x in $sizes; do
			v=$(value "$o" $kind $x)
			if [ -z "$v" ] || awk -v v="$v" 'BEGIN { exit !(v + 0 == 0) }'; then
				v=${1:-NA}
			fi
			[ $# -gt 0 ] && shift
			vals="$vals $v"
		done
		prev=$vals
		cp "$o.client" "$o.client.$attempt" 2>/dev/null
		cp "$o.server" "$o.server.$attempt" 2>/dev/null
		[ $who = native ] && [ $attempt -lt $tries ] && [[ $vals == *NA* ]] || break
		log "$t $s native: no number for $(echo $vals | tr ' ' '\n' | grep -c NA) size(s) (rc $rc): again"
		port=$PORT
		PORT=$((PORT + 1))
	done
	# A failed sweep keeps the sizes it completed.
	set -- $vals
	for x in $sizes; do
		v=$1
		shift
		echo "$t $x $it $who $rc ${v:-NA} $t0" >> "$RAW"
		[ $s = all ] || log "$t $s B x$it $who: rc $rc ${v:-NA} (${t0} s${GTIME:+, ${GTIME} s in the guest})"
	done
	[ $s = all ] && log "$t -a x$it $who: rc $rc (${t0} s${GTIME:+, ${GTIME} s in the guest}): $(echo $vals | tr ' ' '\n' | grep -c NA) size(s) without a result"
	GTIME=
}

# ---------------------------------------------------------------- run
for i in $(seq 1 1200); do
	[ -e "$G/ready" ] && break
	sleep 0.5
done
[ -e "$G/ready" ] || { log "guest never ready"; GUEST_DEAD=1; }
log "guest ready after $(( $(date +%s) - START )) s"

# Control operations first: cheap, and not cut by the budget.
REG="--reg-mr -s $BENCH_REG_MAX -n $BENCH_REG_ITERS"
QP="--qp-setup -x 1 -n $BENCH_QP_ITERS"
timeout 900 "$TOP/tests/progs/perf-native" -d rxe0 $REG > "$OUT/reg_mr.native" 2>&1
echo $? > "$OUT/reg_mr.native.rc"
guest_run "$OUT/reg_mr.guest" 900 "timeout 900 rdmaapi-perf -d rdmaapi0 $REG"
echo $? > "$OUT/reg_mr.guest.rc"
if [ $HOSTLOCAL = 1 ]; then
	timeout 900 rdmaapi-perf -d rdmaapi0 $REG > "$OUT/reg_mr.hostlocal" 2>&1
	echo $? > "$OUT/reg_mr.hostlocal.rc"
fi
timeout 600 "$TOP/tests/progs/perf-native" -d rxe0 $QP > "$OUT/qp_setup.native" 2>&1
echo $? > "$OUT/qp_setup.native.rc"
guest_run "$OUT/qp_setup.guest" 600 "timeout 600 rdmaapi-perf -d rdmaapi0 $QP"
echo $? > "$OUT/qp_setup.guest.rc"
if [ $HOSTLOCAL = 1 ]; then
	timeout 600 rdmaapi-perf -d rdmaapi0 $QP > "$OUT/qp_setup.hostlocal" 2>&1
	echo $? > "$OUT/qp_setup.hostlocal.rc"
fi
for who in native guest hostlocal; do
	f=$OUT/reg_mr.$who
	[ -f "$f" ] || continue
	rc=$(cat "$f.rc")
	awk -v who=$who -v rc=$rc 'NF == 6 {
			for (i = 1; i <= NF; i++)
				if ($i !~ /^[0-9]+(\.[0-9]+)?$/) next
			print "reg_mr", $1, $2, who, rc, $3, 0
			print "dereg_mr", $1, $2, who, rc, $4, 0
		}' "$f" >> "$RAW"
	f=$OUT/qp_setup.$who
	rc=$(cat "$f.rc")
	awk -v who=$who -v rc=$rc 'NF == 8 {
			for (i = 1; i <= NF; i++)
				if ($i !~ /^[0-9]+(\.[0-9]+)?$/) next
			split("qp_create qp_init qp_rtr qp_rts qp_destroy", n)
			for (i = 1; i <= 5; i++)
				print n[i], 0, $1, who, rc, $(i + 1), 0
			print "qp_setup", 0, $1, who, rc, $8, 0
		}' "$f" >> "$RAW"
	log "$who: reg_mr rc $rc, qp_setup rc $(cat "$f.rc")"
done

GTIME=
# Data path: the three clients one after the other, per test and size
# (per test with BENCH_SWEEP=1).
if [ "${BENCH_SWEEP:-0}" = 1 ]; then
	for t in $BENCH_TESTS; do
		case $t in *_bw) it=$BENCH_BW_ITERS ;; *) it=$BENCH_LAT_ITERS ;; esac
		for who in $WHO; do
			if [ $(( $(date +%s) - START )) -gt "$BENCH_BUDGET" ]; then
				log "budget of $BENCH_BUDGET s spent: $t $who skipped"
				for s in $BENCH_SIZES; do
					echo "$t $s $it $who - NA 0" >> "$RAW"
				done
				continue
			fi
			data_case $t all $it $who
		done
	done
	BENCH_TESTS=
fi
for t in $BENCH_TESTS; do
	case $t in *_bw) kind=bw ;; *) kind=lat ;; esac
	for s in $BENCH_SIZES; do
		it=$(iters_for $kind $s)
		if [ $(( $(date +%s) - START )) -gt "$BENCH_BUDGET" ]; then
			log "budget of $BENCH_BUDGET s spent: $t $s skipped"
			for who in $WHO; do
				echo "$t $s $it $who - NA 0" >> "$RAW"
			done
			continue
		fi
		for who in $WHO; do
			data_case $t $s $it $who
		done
	done
done

touch "$G/stop"
[ $HOSTLOCAL = 1 ] && hostlocal_down
log "done after $(( $(date +%s) - START )) s"
exit 0
