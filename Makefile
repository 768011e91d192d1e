# vRDMA API remoting: the one entry point.
#
#   make setup    install the Debian packages (scripts/setup.sh)
#   make          modules + librdmaapi + tools + patched host QEMU
#   make kunit    KUnit suites (tests/kunit/run, UML)
#   make vmtest   VM tests (tests/vm/run-tests: L1 host, L2 guests)
#   make bench    native perftest vs rdmaapi-perf (guest, host-local) in one
#                 L1 run: bench/results/DATE.{csv,md,svg} (bench/run;
#                 BENCH_QUICK=1 for a short run); not part of check
#   make check    setup + all + kunit + vmtest, one "N passed, M failed" line
#   make demo     setup + all, then L1 + rxe + vDPA + L2: rdmaapi-info in the
#                 guest next to ibv_devinfo -v on the host
#   make man      man pages from Documentation/api.rst + tools.rst (man/)
#   make install  library, header, pkg-config file, tools, man pages
#                 (PREFIX=/usr/local, DESTDIR=); install-dkms: the modules'
#                 sources as /usr/src/rdmaapi-VERSION for dkms
#   make clean
#
# Build caches (QEMU, initramfs, KUnit) live in /var/cache/rdmaapi.

# The installed bookworm-backports 6.12 kernel, not the running one.
KREL := $(patsubst /usr/src/linux-headers-%,%,$(lastword $(sort \
	$(wildcard /usr/src/linux-headers-6.12*-amd64))))
KDIR := /usr/src/linux-headers-$(KREL)

HOST_MOD  := drivers/vhost/rdmaapi
GUEST_MOD := drivers/virtio/rdmaapi

.PHONY: all setup modules host-module guest-module lib tools progs qemu \
	kunit vmtest bench check demo clean check-kdir man install install-dkms

all: modules lib tools progs qemu

setup:
	scripts/setup.sh

# KREL is computed when make starts: on a fresh machine run `make setup`
# first (check and demo run setup and the build as separate sub-makes).
check-kdir:
	@test -n "$(KREL)" -a -d "$(KDIR)" || \
		{ echo "no /usr/src/linux-headers-6.12*-amd64: run 'make setup'"; exit 1; }

modules: host-module guest-module

host-module: check-kdir
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(HOST_MOD) modules

guest-module: check-kdir
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(GUEST_MOD) modules

lib:
	$(MAKE) -C lib/librdmaapi

tools: lib
	$(MAKE) -C tools

# Test programs the VM tests run (guest side on librdmaapi, native peers).
progs: lib
	$(MAKE) -C tests/progs

qemu:
	scripts/build-qemu.sh

kunit:
	tests/kunit/run

vmtest: all
	tests/vm/run-tests

bench: all
	bench/run

check:
	$(MAKE) setup
	$(MAKE) all
	tests/run-all

# ---------------------------------------------------------------- install
# Documentation/admin-guide.rst, "Installing".  VERSION is the library's.
PREFIX  ?= /usr/local
DESTDIR ?=
MANDIR  ?= $(PREFIX)/share/man
VERSION := $(shell sed -n 's/^VERSION *:= *//p' lib/librdmaapi/Makefile)
DKMS_SRC = $(DESTDIR)/usr/src/rdmaapi-$(VERSION)

# MANBUILD: where the pages are built (tests build into their own).
MANBUILD ?= man

man:
	rm -rf $(MANBUILD).tmp
	scripts/mkman -o $(MANBUILD).tmp Documentation/api.rst Documentation/tools.rst
	rm -rf $(MANBUILD) && mv $(MANBUILD).tmp $(MANBUILD)

install: lib tools man
	$(MAKE) -C lib/librdmaapi install prefix=$(PREFIX) DESTDIR=$(DESTDIR)
	$(MAKE) -C tools install prefix=$(PREFIX) DESTDIR=$(DESTDIR)
	for s in 1 3 7 8; do \
		ls $(MANBUILD)/man$$s/*.$$s >/dev/null 2>&1 || continue; \
		install -d $(DESTDIR)$(MANDIR)/man$$s && \
		install -m 644 $(MANBUILD)/man$$s/*.$$s $(DESTDIR)$(MANDIR)/man$$s/ || exit 1; \
	done

# The modules' sources in the checkout's layout (the Kbuild files include
# ../../../include) with dkms.conf at the top: `dkms add -m rdmaapi -v VERSION`.
install-dkms:
	install -d $(DKMS_SRC)/drivers/vhost/rdmaapi \
		$(DKMS_SRC)/drivers/virtio/rdmaapi \
		$(DKMS_SRC)/include/uapi/linux $(DKMS_SRC)/include/uapi/rdmaapi \
		$(DKMS_SRC)/include/rdmaapi
	install -m 644 dkms.conf $(DKMS_SRC)/
	for d in $(HOST_MOD) $(GUEST_MOD); do \
		install -m 644 $$d/Kbuild $$d/Makefile $$d/*.[ch] $(DKMS_SRC)/$$d/ || exit 1; \
		rm -f $(DKMS_SRC)/$$d/*.mod.c; \
	done
	install -m 644 include/uapi/linux/*.h $(DKMS_SRC)/include/uapi/linux/
	install -m 644 include/uapi/rdmaapi/*.h $(DKMS_SRC)/include/uapi/rdmaapi/
	install -m 644 include/rdmaapi/*.h $(DKMS_SRC)/include/rdmaapi/

demo:
	$(MAKE) setup
	$(MAKE) all
	tests/vm/demo

clean:
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR)/$(HOST_MOD) clean
	-test -d "$(KDIR)" && $(MAKE) -C $(KDIR) M=$(CURDIR)/$(GUEST_MOD) clean
	-$(MAKE) -C lib/librdmaapi clean
	-$(MAKE) -C tools clean
	-$(MAKE) -C tests/progs clean
	rm -rf artifacts man
