# qscanq: see README and INSTALL.
# make            build everything (compile-time settings come from conf-*)
# make setup      install into conf-home (as root; idempotent)
# make check      compare the installed tree with hier.c
# make test       unit and end-to-end tests (as root: they create users)
# make sanitize   the same tests, built with ASan and UBSan, in a copy
# make lint       cppcheck and clang-tidy (tools/lint)
# make bench      benchmarks (not tests: nothing there asserts on time)
#
# How it builds: MODULES lists the library's folders, each an archive
# FOLDER/FOLDER.a, in link order. compile (written by make-compile.sh from
# conf-cc and MODULES) makes FILE.o and FILE.d, the headers it included,
# which make reads back: an object is rebuilt when one of them changes.
# load (make-load.sh, conf-ld) links a program from its objects and the
# archives of the modules it uses, which its prog line below names (the
# linker reads them once, in MODULES' order; tools/needs checks the lists).
# A new module: a line in MODULES, and its name in the prog lines.

SHELL = /bin/sh

# The library's folders, in link order: MODULES, the one list of them.
hash := \#
LIBDIRS := $(shell sed -e 's/$(hash).*//' MODULES)
$(if $(LIBDIRS),,$(error MODULES names no module))
LIBS = $(foreach d,$(LIBDIRS),$(d)/$(d).a)
# libs MODULE...: their archives, in the link order of MODULES
libs = $(strip $(if $(filter-out $(LIBDIRS),$(1)),$(error not in MODULES: $(filter-out $(LIBDIRS),$(1))))$(foreach d,$(LIBDIRS),$(if $(filter $(d),$(1)),$(d)/$(d).a)))

PROGRAMS = install instcheck qscanq qscanq-stdin qscanq-policy reformime cleanq run-cleanq install-wrap install-unwrap \
  qscanq-stats cleanq-run cleanq-log-run clamd-run clamd-log-run clamd.conf
MAN = qscanq.8 qscanq-stdin.8 qscanq-policy.8 cleanq.8 run-cleanq.8 install-wrap.8 reformime.1 qscanq-stats.8

default: it

it: $(PROGRAMS)

compile: make-compile.sh conf-cc MODULES
	sh make-compile.sh > compile.tmp && chmod 755 compile.tmp && mv compile.tmp compile

load: make-load.sh conf-ld
	sh make-load.sh > load.tmp && chmod 755 load.tmp && mv load.tmp load

makelib: make-makelib.sh
	sh make-makelib.sh > makelib.tmp && chmod 755 makelib.tmp && mv makelib.tmp makelib

# Each object depends on the headers (and .c files) it includes, as the
# compiler found them: compile writes FILE.d beside FILE.o (-MMD -MP).
%.o: %.c compile
	./compile $<

-include $(wildcard *.d */*.d */*/*.d)

define libdir
$(1)/$(1).a: makelib $(patsubst %.c,%.o,$(wildcard $(1)/*.c))
	./makelib $$@ $$(filter %.o,$$^)
endef
$(foreach d,$(LIBDIRS),$(eval $(call libdir,$(d))))

# prog NAME, OBJECTS, MODULES: links NAME from NAME.o, the other objects and
# the archives of the modules it uses, itself or through another module (the
# linker says which are missing; tools/needs says which are needed), in the
# order of MODULES.
define prog
$(1): load $(1).o $(2) $(call libs,$(3))
	./load $(1) $(2) $(call libs,$(3))
endef

$(eval $(call prog,auto-str,,strerr subfd substdio str fmt byte error))
$(eval $(call prog,auto-int,,strerr subfd substdio str byte error scan))
$(eval $(call prog,auto-scanner,,strerr subfd substdio str fmt byte error))
$(eval $(call prog,install,hier.o auto_home.o auto_users.o auto_qmail.o, \
  qsq strerr subfd substdio stralloc str alloc byte error open))
$(eval $(call prog,instcheck,hier.o auto_home.o auto_users.o, \
  qsq strerr subfd substdio stralloc str alloc byte error))
$(eval $(call prog,qscanq,auto_home.o auto_scanner.o auto_qmail.o, \
  proof clamd verdict pair qsq strerr subfd substdio stralloc str alloc fmt byte error fd prot scan sig tai wait))
$(eval $(call prog,qscanq-stdin,stdin_exit.o stdin_copy.o stdin_unpack.o stdin_parts.o stdin_clamd.o \
  stdin_command.o stdin_queue.o outcome.o auto_home.o auto_scanner.o auto_timeout.o auto_dbage.o auto_qmail.o, \
  policy cdb mime zip clamd verdict pair qsq strerr subfd substdio stralloc env str alloc fmt byte error fd open scan seek sig))
$(eval $(call prog,qscanq-policy,, \
  policy cdb getln strerr subfd substdio stralloc str alloc fmt byte error))
$(eval $(call prog,reformime,, \
  mime zip qsq strerr subfd substdio stralloc str alloc fmt byte error open))
$(eval $(call prog,cleanq,auto_home.o auto_timeout.o, \
  verdict sweep qsq strerr subfd substdio stralloc str alloc fmt byte error sig tai))
$(eval $(call prog,qscanq-stats,, \
  verdict qsq getln strerr subfd substdio stralloc str alloc fmt byte error scan))
$(eval $(call prog,run-cleanq,auto_home.o,qsq strerr subfd substdio str byte error open sig))
$(eval $(call prog,install-wrap,wrap.o auto_home.o, \
  strerr subfd substdio stralloc str alloc byte error))
$(eval $(call prog,install-unwrap,wrap.o auto_home.o, \
  strerr subfd substdio stralloc str alloc byte error))

# cleanq's service scripts, from conf-home, conf-users and conf-daemontools.
cleanq-run: make-cleanq-run.sh conf-home conf-users conf-daemontools
	sh make-cleanq-run.sh run > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

cleanq-log-run: make-cleanq-run.sh conf-home conf-users conf-daemontools
	sh make-cleanq-run.sh log > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

CLAMD_CONF = make-clamd-run.sh conf-clamd conf-home conf-users conf-timeout conf-daemontools
clamd-run: $(CLAMD_CONF)
	sh make-clamd-run.sh run > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

clamd-log-run: $(CLAMD_CONF)
	sh make-clamd-run.sh log > $@.tmp && chmod 755 $@.tmp && mv $@.tmp $@

clamd.conf: $(CLAMD_CONF)
	sh make-clamd-run.sh conf > $@.tmp && mv $@.tmp $@

# Test stand-ins for qmail's side (qmail is not packaged in Debian) and for
# clamd, and a probe that stands in for a program qscanq runs.
STANDINS = tests/fake/qmail-queue tests/fake/qmail-smtpd tests/fake/clamd tests/fake/probe tests/fake/hint
standins: $(STANDINS)
$(eval $(call prog,tests/fake/qmail-queue,, \
  strerr subfd substdio stralloc env str alloc fmt byte error open scan sig tai))
$(eval $(call prog,tests/fake/qmail-smtpd,, \
  strerr subfd substdio env str fmt byte error fd open sig wait))
$(eval $(call prog,tests/fake/clamd,,clamd))
$(eval $(call prog,tests/fake/probe,,subfd substdio str fmt byte scan))
$(eval $(call prog,tests/fake/hint,,pair scan))

# bench/rtime: bench/reformime.sh's and t-reformime-limits' timer
$(eval $(call prog,bench/rtime,,strerr subfd substdio str fmt byte error))

# The first line of each conf file is its value.
auto_home.c: auto-str conf-home
	./auto-str auto_home "$$(head -n 1 conf-home)" > $@.tmp && mv $@.tmp $@

auto_users.c: auto-str conf-users conf-groups
	( ./auto-str auto_userq "$$(sed -n 1p conf-users)" && \
	  ./auto-str auto_userl "$$(sed -n 2p conf-users)" && \
	  ./auto-str auto_groupc "$$(sed -n 1p conf-groups)" ) > $@.tmp && mv $@.tmp $@

# conf-qmail: which qmail calls qscanq (notqmail reads the reply on fd 6);
# conf-users line 3: qmail-send's user, resolved now as qmail's auto-uid
# does (an empty line, or no such user yet: no bounce policy, and make
# setup refuses a line that names nobody).
auto_qmail.c: auto-int conf-qmail conf-users
	( case "$$(head -n 1 conf-qmail)" in \
	    notqmail) ./auto-int auto_notqmail 1 ;; \
	    qmail) ./auto-int auto_notqmail 0 ;; \
	    *) echo "conf-qmail: line 1 must be qmail or notqmail" >&2; exit 1 ;; \
	  esac && \
	  u="$$(sed -n 3p conf-users)" && \
	  if [ -z "$$u" ]; then ./auto-int auto_sendknown 0 && ./auto-int auto_senduid 0; \
	  elif n="$$(id -u "$$u" 2>/dev/null)"; then ./auto-int auto_sendknown 1 && ./auto-int auto_senduid "$$n"; \
	  else echo "warning: conf-users line 3: no user $$u yet: qmail-send's bounces are not recognised" >&2; \
	    ./auto-int auto_sendknown 2 && ./auto-int auto_senduid 0; fi ) > $@.tmp && mv $@.tmp $@

auto_scanner.c: auto-scanner conf-scanner
	./auto-scanner "$$(head -n 1 conf-scanner)" > $@.tmp && mv $@.tmp $@

auto_timeout.c: auto-int conf-timeout
	./auto-int auto_timeout "$$(head -n 1 conf-timeout)" > $@.tmp && mv $@.tmp $@

auto_dbage.c: auto-int conf-dbage
	./auto-int auto_dbage "$$(head -n 1 conf-dbage)" > $@.tmp && mv $@.tmp $@

setup: it
	./install

check: it
	./instcheck

# Check's unit tests: one binary, every library module, and outcome.o
# (with the auto_qmail.o it reads), whose sanitizer check_safe pins.
# (compile takes no flags of Check's: check.h is in /usr/include.)
UNIT_OBJ = $(patsubst %.c,%.o,$(wildcard tests/unit/*.c)) outcome.o auto_qmail.o
tests/unit/unit: conf-ld $(UNIT_OBJ) $(LIBS) tests/fake/clamd
	$$(head -n 1 conf-ld) -o $@ $(UNIT_OBJ) $(LIBS) $$(pkg-config --libs check)

unittest: tests/unit/unit
	tests/unit/unit

test: it tests/unit/unit
	sh tests/run

sanitize:
	sh tests/sanitize

lint:
	sh tools/lint

bench: it
	sh bench/run

clean:
	rm -f `cat TARGETS`

.PHONY: standins default it setup check test unittest sanitize lint bench clean
