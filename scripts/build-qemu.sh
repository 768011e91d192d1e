#!/bin/bash
# Build the host's qemu-system-x86_64 (the VMM that runs L2 guests) from
# Debian's bookworm-backports qemu source with the project's patch series in
# qemu/ applied.  Stock QEMU aborts on virtio device ID 42; see
# qemu/0001-virtio-add-the-RDMA-device-ID-42.patch.
#
# The binary is cached under $RDMAAPI_CACHE/qemu-<version>-<patch sha>/ and
# this script is a no-op when it is there.  The last line of stdout is the
# path of the binary.  Run it with -L /usr/share/qemu -L /usr/share/seabios
# (the source build installs no firmware blobs).
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${RDMAAPI_CACHE:-/var/cache/rdmaapi}
SRCDIR=$CACHE/src
mkdir -p "$SRCDIR"

log() { echo "build-qemu: $*" >&2; }

# The patch series, in order; its hash keys the cache.
mapfile -t PATCHES < <(ls "$TOP"/qemu/*.patch | sort)
[ ${#PATCHES[@]} -gt 0 ] || { log "no patches in $TOP/qemu"; exit 1; }
PSHA=$(cat "${PATCHES[@]}" | sha256sum | cut -c1-12)

# Which upstream version does bookworm-backports have?  (Candidate of the
# source package; apt-cache showsrc needs the deb-src entry setup.sh adds.)
VER=$(apt-cache showsrc qemu 2>/dev/null | awk '/^Version:/{print $2}' |
	grep '~bpo12' | sort -V | tail -1 || true)
if [ -z "$VER" ]; then
	# Fall back to the installed qemu-system-x86 (also from backports).
	VER=$(dpkg-query -W -f='${Version}' qemu-system-x86)
fi
UPVER=${VER#*:}       # drop epoch
UPVER=${UPVER%-*}     # drop Debian revision -> 10.0.2+ds
OUT=$CACHE/qemu-$UPVER-$PSHA
BIN=$OUT/qemu-system-x86_64

if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then
	log "cached"
	echo "$BIN"
	exit 0
fi

# One build at a time; whoever waited may find the binary built.
exec 9> "$CACHE/qemu-build.lock"
flock 9
if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then
	log "cached"
	echo "$BIN"
	exit 0
fi

ORIG=$SRCDIR/qemu_$UPVER.orig.tar.xz
if [ ! -s "$ORIG" ]; then
	log "fetching qemu $VER source (orig tarball only)"
	# apt-get source may fail on a missing .dsc/.debian.tar.xz; only the
	# orig tarball matters, so judge by its presence.
	(cd "$SRCDIR" && apt-get source -q --download-only -t bookworm-backports \
		"qemu=$VER" >&2 || true)
	[ -s "$ORIG" ] || { log "could not download $ORIG"; exit 1; }
fi

BUILD=$CACHE/build/qemu-$UPVER-$PSHA
rm -rf "$BUILD"
mkdir -p "$BUILD"
log "extracting into $BUILD"
tar -C "$BUILD" --strip-components=1 -xf "$ORIG"
cd "$BUILD"
for p in "${PATCHES[@]}"; do
	log "applying $(basename "$p")"
	patch -p1 --quiet --forward < "$p"
done

# The +ds tarball drops the edk2 firmware blobs, but meson insists on
# decompressing them for x86_64: empty placeholders let configure pass.
# Firmware comes from the installed Debian QEMU at run time (-L).
for f in aarch64-code arm-code arm-vars i386-code i386-secure-code i386-vars \
	x86_64-code x86_64-secure-code riscv-code riscv-vars loongarch64-code \
	loongarch64-vars; do
	[ -e "pc-bios/edk2-$f.fd.bz2" ] || : > "pc-bios/edk2-$f.fd.bz2"
done

log "configuring"
mkdir -p build
cd build
../configure --python=/usr/bin/python3 \
	--target-list=x86_64-softmmu --without-default-features \
	--enable-kvm --enable-tcg --enable-vhost-kernel --enable-vhost-vdpa \
	--enable-vhost-user --enable-slirp --enable-virtfs --enable-attr \
	--enable-cap-ng --disable-docs --disable-install-blobs >&2
log "building qemu-system-x86_64 ($(nproc) jobs)"
ninja -j"$(nproc)" qemu-system-x86_64 >&2

mkdir -p "$OUT.tmp"
cp qemu-system-x86_64 "$OUT.tmp/"
cp "${PATCHES[@]}" "$OUT.tmp/"
echo "$VER" > "$OUT.tmp/debian-version"
rm -rf "$OUT"
mv "$OUT.tmp" "$OUT"
cd /
rm -rf "$BUILD"
log "built $BIN"
echo "$BIN"
