#!/bin/sh
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-3-Clause)
# Compare rdmaapi-info with rdma-core's own ibv_devinfo, both fed the same
# made-up devices (scenario.c) through LD_PRELOAD fakes: the format check
# that needs no VM. Prints one "ok"/"FAIL" line per comparison; exits 1 on
# any difference.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
out=${TMPDIR:-/tmp}/devinfo-compat.$$
mkdir -p "$out/sys" "$out/dev"
trap 'rm -rf "$out"' EXIT

make -s -C "$top/lib/librdmaapi"
make -s -C "$top/tools" rdmaapi-info
cc -Wall -Wextra -Werror -O2 -fPIC -shared -o "$out/fake_ibverbs.so" \
	"$here/fake_ibverbs.c" "$here/scenario.c"
cc -Wall -Wextra -Werror -O2 -fPIC -shared -I"$top/include/uapi" \
	-o "$out/fake_rdmaapi.so" "$here/fake_rdmaapi.c" "$here/scenario.c" -ldl

fail=0
for n in $(seq 0 ${SCENARIOS:-48}); do
	# sysfs of the guest driver for this scenario's device
	name=$(SCENARIO=$n LD_PRELOAD="$out/fake_ibverbs.so" ibv_devinfo -l |
	       sed -n 2p | tr -d '\t')
	rm -rf "$out/sys/rdmaapi0"
	mkdir -p "$out/sys/rdmaapi0"
	echo "$name" > "$out/sys/rdmaapi0/ibdev"
	guid=$(SCENARIO=$n LD_PRELOAD="$out/fake_ibverbs.so" ibv_devinfo |
	       sed -n 's/^\tnode_guid:\t*//p')
	echo "$guid" > "$out/sys/rdmaapi0/node_guid"
	: > "$out/dev/rdmaapi0"
	for args in "" "-v" "-i 1" "-v -i 2" "-l" "-d $name -v" "-d nosuch"; do
		# shellcheck disable=SC2086
		SCENARIO=$n LD_PRELOAD="$out/fake_ibverbs.so" \
			ibv_devinfo $args > "$out/want" 2>&1 || echo "rc=$?" >> "$out/want"
		# shellcheck disable=SC2086
		SCENARIO=$n RDMAAPI_SYSFS_DIR="$out/sys" RDMAAPI_DEV_DIR="$out/dev" \
			LD_PRELOAD="$out/fake_rdmaapi.so" \
			LD_LIBRARY_PATH="$top/lib/librdmaapi" \
			"$top/tools/rdmaapi-info" $args > "$out/got" 2>&1 || echo "rc=$?" >> "$out/got"
		# ibv_devinfo -v goes on after local_ca_ack_delay with the
		# extended attributes (ODP, TSO, RSS, num_comp_vectors...) that
		# the protocol does not carry: they are left out of the match,
		# but for device_cap_flags_ex and its decoded flags.
		awk '/^\tlocal_ca_ack_delay:/ { print; skip = 1; next }
		     /^\t\tport:/ { skip = 0 }
		     /^\tdevice_cap_flags_ex:/ { print; ex = 1; next }
		     ex && /^\t\t\t\t\t/ { print; next }
		     { ex = 0 }
		     !skip' "$out/want" > "$out/want.common"
		mv "$out/want.common" "$out/want"
		if diff -u "$out/want" "$out/got" > "$out/diff"; then
			echo "ok scenario $n args '$args'"
		else
			echo "FAIL scenario $n args '$args'"
			cat "$out/diff"
			fail=1
		fi
	done
done
exit $fail
