#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Driver checks in an L1 VM (tests/vm/run, device on virtio_vdpa in the
# same kernel): ioctl ABI, concurrent callers, callers killed mid-call,
# and removal of the device under open files and running calls.
# The harness fails the run on any BUG/WARNING/Oops on the console and if
# the modules cannot be removed afterwards.
set -u
TOP=$(cd "$(dirname "$0")/../../.." && pwd)
make -s -C "$TOP/drivers/virtio/rdmaapi" >/dev/null || exit 1
make -s -C "$TOP/lib/librdmaapi" && make -s -C "$TOP/tools" &&
	make -s -C "$TOP/tools/tests/driver" || exit 1
mkdir -p "$TOP/artifacts/vm"
exec "$TOP/tests/vm/run" --name "${NAME:-drvtest}" --check-leaks --timeout 600 --host '
	D=$RDMAAPI_TOP/tools/tests/driver/drvtest
	rc=0
	$D abi || rc=1
	$D stress 8 200 || rc=1
	# Callers killed while their requests are in flight.
	for i in 1 2 3 4 5; do
		$D stress 4 100000 > /dev/null & p=$!
		sleep 0.$i; kill -9 $p; wait $p 2>/dev/null
	done
	$D stress 2 10 || rc=1
	# Removal: one process holding an idle context, one hammering.
	rm -f /tmp/go
	$D hold /tmp/go > /tmp/hold.out & hold=$!
	$D race 4 > /tmp/race.out & race=$!
	while ! grep -q holding /tmp/hold.out; do sleep 0.1; done
	sleep 1
	echo vdpa0 > /sys/bus/vdpa/drivers/virtio_vdpa/unbind || rc=1
	test ! -e /dev/rdmaapi0 && echo "ok /dev/rdmaapi0 gone" ||
		{ echo "FAIL /dev/rdmaapi0 still there"; rc=1; }
	touch /tmp/go
	wait $hold || rc=1
	wait $race || rc=1
	cat /tmp/hold.out /tmp/race.out
	# The harness then removes the module: it must go, files are closed.
	dmesg | grep -i -E "rdmaapi|virtio" | tail -20
	exit $rc
'
