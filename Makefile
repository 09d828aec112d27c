# coderun: a plain Makefile. `make run` and `make test` are the two entry points.
CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
SYSCONFDIR ?= /etc
LIBDIR   = $(PREFIX)/lib/coderun
UNITDIR ?= $(PREFIX)/lib/systemd/system

CFLAGS  ?= -O2 -g
WARN     = -std=gnu17 -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wvla \
           -Wmissing-prototypes -Wstrict-prototypes -Wno-missing-field-initializers
HARDEN   = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection \
           -fcf-protection -fPIE
LDHARDEN = -pie -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack
DEFS     = -D_GNU_SOURCE -DJSMN_STATIC -DJSMN_STRICT -DJSMN_PARENT_LINKS \
           -DCODERUN_CONF='"$(SYSCONFDIR)/coderun/coderun.conf"'
LIBS     = -lsystemd -lseccomp
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

EXEC_SRC = coderun-exec.c exec/util.c exec/conf.c exec/config.c exec/lang.c \
           exec/request.c exec/json.c exec/parse.c exec/reply.c exec/run.c \
           exec/files.c exec/slot.c exec/job.c sandbox/ns.c sandbox/box.c sandbox/netns.c sandbox/mount.c \
           sandbox/seccomp.c sandbox/rlimit.c
EXEC_OBJ = $(EXEC_SRC:%.c=build/%.o)
PARSE_SRC = exec/util.c exec/json.c exec/parse.c exec/request.c

all: coderun-exec build/runtimes

coderun-exec: $(EXEC_OBJ)
	$(CC) $(LDHARDEN) $(LDFLAGS) -o $@ $^ $(LIBS)

build/%.o: %.c $(wildcard exec/*.h sandbox/*.h)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(HARDEN) $(DEFS) $(CFLAGS) -c -o $@ $<

# Versions are learned once here, never per request.
build/runtimes: tools/learn-versions $(wildcard lang.d/*.conf)
	@mkdir -p build
	tools/learn-versions lang.d > $@.tmp && mv $@.tmp $@

# The parser under AddressSanitizer and UndefinedBehaviorSanitizer.
build/test-parse: tests/unit/test-parse.c $(PARSE_SRC) $(wildcard exec/*.h)
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ tests/unit/test-parse.c $(PARSE_SRC)

deps:
	tools/install-deps run

test-deps:
	tools/install-deps test

run: deps all
	tools/serve

test: test-deps all build/test-parse
	tools/run-tests

bench: all
	tools/install-deps bench
	tools/bench

install: all
	install -Dm755 coderun-exec $(DESTDIR)$(BINDIR)/coderun-exec
	install -d $(DESTDIR)$(SYSCONFDIR)/coderun/lang.d
	install -m644 lang.d/*.conf $(DESTDIR)$(SYSCONFDIR)/coderun/lang.d/
	sed -e 's|^runtimes *=.*|runtimes = $(LIBDIR)/runtimes|' \
	    -e 's|^lang_dir *=.*|lang_dir = $(SYSCONFDIR)/coderun/lang.d|' \
	    coderun.conf > build/coderun.conf.installed
	install -Dm644 build/coderun.conf.installed $(DESTDIR)$(SYSCONFDIR)/coderun/coderun.conf
	install -Dm644 build/runtimes $(DESTDIR)$(LIBDIR)/runtimes
	sed 's|@BINDIR@|$(BINDIR)|g' units/coderun@.service > build/coderun@.service
	install -Dm644 build/coderun@.service $(DESTDIR)$(UNITDIR)/coderun@.service
	install -Dm644 units/coderun.socket $(DESTDIR)$(UNITDIR)/coderun.socket

clean:
	rm -rf build coderun-exec

.PHONY: all deps test-deps run test bench install clean
