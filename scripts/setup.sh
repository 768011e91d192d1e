#!/bin/bash
# Install every Debian package the project needs; idempotent.
# bookworm-backports is derived from the machine's own Debian entry so that no
# mirror host is ever named here.
set -euo pipefail

BP=/etc/apt/sources.list.d/rdmaapi-backports.sources
SRC=/etc/apt/sources.list.d/debian.sources

PKGS_BP="linux-image-amd64 linux-headers-amd64 qemu-system-x86 meson ninja-build python3-pycotap"
PKGS="linux-source-6.12 rdma-core ibverbs-utils rdmacm-utils perftest libibverbs-dev
librdmacm-dev busybox-static cpio iproute2 kmod xz-utils zstd build-essential bc
bison flex libelf-dev libssl-dev dwarves libglib2.0-dev libpixman-1-dev
libslirp-dev libcap-ng-dev libattr1-dev python3-venv zlib1g-dev pkg-config
libfdt-dev dpkg-dev gnuplot-nox qemu-system-data seabios ipxe-qemu
patch python3 procps python3-docutils dkms"

have_all() {
	for p in $PKGS $PKGS_BP; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q 'install ok installed' || return 1
	done
	ls /boot/vmlinuz-6.12* >/dev/null 2>&1 || return 1
}

if have_all; then
	echo "setup: all packages present"
	exit 0
fi

if [ ! -f "$BP" ]; then
	# First stanza of the machine's Debian entry, retargeted at backports.
	awk 'BEGIN{RS="";ORS="\n\n"} NR==1' "$SRC" |
		sed -e 's/^Suites:.*/Suites: bookworm-backports/' \
		    -e 's/^Types:.*/Types: deb deb-src/' > "$BP"
fi
# deb-src for the main suite too (QEMU's source comes from backports only,
# but apt-get source needs the index for the suite it picks).
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $PKGS
apt-get install -y -q --no-install-recommends -t bookworm-backports $PKGS_BP
ls /boot/vmlinuz-6.12* >/dev/null
echo "setup: done"
