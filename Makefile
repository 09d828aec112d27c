# coderun: a plain Makefile. `make run` and `make test` are the two entry points.
CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
SYSCONFDIR ?= /etc
LIBDIR   = $(PREFIX)/lib/coderun
UNITDIR ?= $(PREFIX)/lib/systemd/system
WWWDIR   = $(PREFIX)/share/coderun/www

CFLAGS  ?= -O2 -g
WARN     = -std=gnu17 -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wvla \
           -Wmissing-prototypes -Wstrict-prototypes -Wno-missing-field-initializers
HARDEN   = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection \
           -fcf-protection -fPIE
LDHARDEN = -pie -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack
DEFS     = -I. -D_GNU_SOURCE -DJSMN_STATIC -DJSMN_STRICT -DJSMN_PARENT_LINKS \
           -DCODERUN_CONF='"$(SYSCONFDIR)/coderun/coderun.conf"'
LIBS     =
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The layers, each a folder, lowest first (docs/style.md): includes run one way.
# The WebSocket (RFC 6455), the executor's and the CLI's: framing on libwslay and the
# handshake's SHA-1 on libnettle, both dlopened on that path only (base/ws-lib.c).
WS_SRC      = base/ws.c base/ws-close.c base/ws-accept.c base/ws-lib.c
BASE_SRC    = base/util.c base/text.c base/json.c base/process.c base/stagelimit.c base/queue.c \
              $(WS_SRC)
# Only what a request uses: its language's lang.d file, the index, the lookup.
CONFIG_SRC  = config/conf.c config/config.c config/lang.c config/langkey.c config/langenv.c \
              config/lookup.c config/index.c
# The build-time check of all of lang.d, never linked into the executor.
LANGCHECK_SRC = base/util.c base/stagelimit.c config/conf.c config/config.c config/lang.c \
                config/langkey.c config/index.c config/langcheck.c
SANDBOX_SRC = sandbox/ns.c sandbox/init.c sandbox/cgroup.c sandbox/cgroup-base.c sandbox/scope.c \
              sandbox/libsystemd.c sandbox/box.c sandbox/netns.c sandbox/netns-used.c sandbox/mount.c sandbox/root.c \
              sandbox/seccomp-load.c sandbox/rlimit.c sandbox/relay.c sandbox/pty.c \
              sandbox/procstatus.c
JOB_SRC     = job/job.c job/cache.c job/cache-key.c job/cache-box.c job/limits.c job/jail.c job/run.c job/judge.c job/files.c job/slot.c \
              job/control.c job/stdio.c job/reap.c job/program.c job/interact.c job/interact-verdict.c \
              job/argv.c \
              $(CHECK_SRC)
# The built-in checkers, also built alone under the sanitizers (build/test-check).
CHECK_SRC   = job/check.c job/check-float.c job/check-sort.c
WIRE_SRC    = wire/listen.c wire/conn.c wire/frame.c wire/head.c wire/parse.c wire/parse-fields.c \
              wire/parse-files.c wire/parse-checker.c wire/parse-program.c wire/encode.c wire/reply.c wire/send.c \
              wire/watch.c wire/batch.c \
              wire/stream.c wire/stream-out.c wire/stream-client.c wire/stream-ws.c
EXEC_SRC = coderun-exec.c $(BASE_SRC) $(CONFIG_SRC) $(SANDBOX_SRC) $(JOB_SRC) $(WIRE_SRC)
EXEC_OBJ = $(EXEC_SRC:%.c=build/%.o)
HDRS     = $(wildcard base/*.h config/*.h sandbox/*.h job/*.h wire/*.h)

all: coderun-exec build/runtimes build/seccomp.bpf www/dist/app.js www/dist/xterm.css cli/coderun

coderun-exec: $(EXEC_OBJ)
	$(CC) $(LDHARDEN) $(LDFLAGS) -o $@ $^ $(LIBS)

build/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(HARDEN) $(DEFS) $(CFLAGS) -c -o $@ $<

# The command-line client: no root, no libraries linked beyond libc; its JSON
# reader (base/json.c on jsmn), UTF-8 rules (base/text.c) and WebSocket framing
# (base/ws*.c: libwslay and libnettle, dlopened by a live run over http:// only)
# are the server's own.
CLI_SRC  = cli/coderun.c cli/args.c cli/help.c cli/judge.c cli/load.c cli/body.c cli/base64.c \
           cli/net.c \
           cli/reply.c cli/runtimes.c cli/outcome.c cli/show.c cli/fail.c cli/http.c cli/units.c cli/limitnote.c \
           cli/term.c cli/event.c cli/live.c cli/live-ws.c cli/upgrade.c \
           base/util.c base/text.c base/json.c $(WS_SRC)
CLI_OBJ  = $(CLI_SRC:%.c=build/%.o)
CLI_HDRS = $(wildcard cli/*.h)

cli/coderun: $(CLI_OBJ)
	$(CC) $(LDHARDEN) $(LDFLAGS) -o $@ $^

build/cli/%.o: cli/%.c $(HDRS) $(CLI_HDRS)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(HARDEN) $(DEFS) $(CFLAGS) -c -o $@ $<

# Versions are learned once here, never per request; then every lang.d file is
# checked and the runtime index written (config/index.c): a request reads that one
# file and its own language's lang.d file, not all of lang.d.
build/versions: tools/learn-versions $(wildcard lang.d/*.conf)
	@mkdir -p build
	tools/learn-versions lang.d > $@.tmp && mv $@.tmp $@

build/lang-index: tools/lang-index.c $(LANGCHECK_SRC) $(HDRS)
	@mkdir -p build
	$(CC) $(WARN) $(HARDEN) $(DEFS) $(CFLAGS) $(LDHARDEN) -o $@ $(filter %.c,$^)

build/runtimes: build/lang-index build/versions coderun.conf $(wildcard lang.d/*.conf)
	build/lang-index coderun.conf lang.d build/versions > $@.tmp && mv $@.tmp $@

# The playground (www/): CodeMirror and the page's modules bundled by esbuild into
# dist/app.js, each language's mode split into a chunk of its own beside it (fetched
# only when that language is picked, www/src/languages.js). Its scripts are removed
# first: a chunk of an older build must not be installed. node_modules comes from
# package-lock.json alone (npm ci), exactly as locked.
WWW_SRC = $(wildcard www/src/*.js)

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "the playground's build needs npm (Debian: apt-get install npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

www/dist/app.js: $(WWW_SRC) node_modules/.package-lock.json
	rm -f www/dist/*.js www/dist/*.js.map
	node_modules/.bin/esbuild www/src/main.js --bundle --splitting --minify --format=esm \
	    --target=es2022 --sourcemap --log-level=warning --outdir=www/dist --entry-names=app \
	    --chunk-names=[name]-[hash]

# The VS Code extension (vscode/): plain CommonJS, no build step; @vscode/vsce packs
# it into a .vsix with its one runtime dependency (ws). Its node_modules come from
# vscode/package-lock.json alone. stdin is closed: vsce must never stop to ask (it
# asks only for a missing LICENSE or repository, which package.json gives).
VSCODE_VERSION := $(shell sed -n 's/^  "version": "\(.*\)",$$/\1/p' vscode/package.json)
VSCODE_VSIX = build/coderun-$(VSCODE_VERSION).vsix
VSCODE_SRC = vscode/extension.js $(wildcard vscode/glue/*.js vscode/lib/*.js) vscode/package.json \
             vscode/README.md vscode/LICENSE vscode/.vscodeignore

vscode/node_modules/.package-lock.json: vscode/package.json vscode/package-lock.json
	@command -v npm >/dev/null || { echo "the extension's build needs npm (Debian: apt-get install npm)" >&2; exit 1; }
	cd vscode && npm ci --no-audit --no-fund
	@touch $@

$(VSCODE_VSIX): $(VSCODE_SRC) vscode/node_modules/.package-lock.json
	@mkdir -p build
	cd vscode && node_modules/.bin/vsce package --out ../$@ </dev/null

vscode: $(VSCODE_VSIX)

# The extension in a real VS Code (code-server from npm, into build/code-server),
# driven in chromium: minutes and some 320 MB the first time, so not part of make test.
vscode-e2e: all vscode
	tools/install-deps e2e
	bats --print-output-on-failure tools/vscode-e2e/code-server.bats

# xterm.js's stylesheet, served as a file beside app.js: the CSP (style-src 'self')
# takes a stylesheet from the site, never one inlined into the page or the bundle.
www/dist/xterm.css: node_modules/.package-lock.json
	install -Dm644 node_modules/@xterm/xterm/css/xterm.css $@

# The job's seccomp filter, built once from sandbox/seccomp.c's table (~1.5 ms with
# libseccomp) and loaded per stage as plain BPF (~0.12 ms). Only this build tool
# links libseccomp: the executor does not load it on every request.
build/seccomp-export: tools/seccomp-export.c sandbox/seccomp.c sandbox/seccomp-load.c base/util.c $(HDRS)
	@mkdir -p build
	$(CC) $(WARN) $(HARDEN) $(DEFS) $(CFLAGS) $(LDHARDEN) -o $@ $(filter %.c,$^) -lseccomp

build/seccomp.bpf: build/seccomp-export
	build/seccomp-export > $@.tmp && mv $@.tmp $@

# Unit harnesses: the JSON reader, parser, framing, reply and lang.d code under
# AddressSanitizer and UndefinedBehaviorSanitizer.
UNITS = build/test-json build/test-parse build/test-request build/test-reply build/test-lang \
        build/seccomp-run build/test-pty build/test-ws build/test-check build/test-cache \
        build/test-netns-used

build/test-json: tests/harness.h tests/base/test-json.c base/util.c base/text.c base/json.c $(HDRS)
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ $(filter %.c,$^)

build/test-parse: tests/harness.h tests/wire/test-parse.c base/util.c base/text.c base/json.c \
                  base/stagelimit.c wire/parse.c wire/parse-fields.c wire/parse-files.c \
                  wire/parse-checker.c wire/parse-program.c $(HDRS)
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ $(filter %.c,$^)

build/test-request: tests/harness.h tests/wire/test-request.c base/util.c wire/frame.c wire/head.c $(HDRS)
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ $(filter %.c,$^)

build/test-reply: tests/wire/test-reply.c base/util.c base/text.c wire/encode.c wire/reply.c wire/send.c $(HDRS)
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ $(filter %.c,$^)

# The WebSocket layer against Python's websockets (tests/wire/ws.bats). libwslay and
# libnettle are dlopened by base/ws-lib.c, as in the executor, so neither is linked.
build/test-ws: tests/wire/test-ws.c base/util.c base/text.c $(WS_SRC) $(HDRS)
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ $(filter %.c,$^)

build/test-lang: tests/harness.h tests/config/test-lang.c $(LANGCHECK_SRC) config/lookup.c \
                 config/langenv.c $(HDRS)
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ $(filter %.c,$^)

# The built-in checkers alone, on files of any bytes (tests/job/checkers.bats).
build/test-check: tests/harness.h tests/job/test-check.c base/util.c $(CHECK_SRC) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ $(filter %.c,$^) -lm

# The network namespace's "untouched" reading (tests/sandbox/netns-used.bats).
build/test-netns-used: tests/harness.h tests/sandbox/test-netns-used.c sandbox/netns-used.c \
                       base/util.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ $(filter %.c,$^)

# The compile cache's work dir walk and restore, on real folders (tests/job/cache.bats).
build/test-cache: tests/harness.h tests/job/test-cache.c job/cache-box.c job/files.c base/util.c \
                  base/text.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ $(filter %.c,$^)

build/seccomp-run: tests/sandbox/seccomp-run.c sandbox/seccomp.c sandbox/seccomp-load.c base/util.c $(HDRS)
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) -O2 -o $@ $(filter %.c,$^) -lseccomp

# The tty's pty (sandbox/pty.c) on the real kernel: tests/sandbox/pty.bats runs it as root.
build/test-pty: tests/sandbox/test-pty.c sandbox/pty.c base/util.c $(HDRS)
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -o $@ $(filter %.c,$^)

deps:
	tools/install-deps run

# With CODERUN_LANGUAGES=all (CI), every language of lang.d is tested, so every
# toolchain is installed first; the versions are then learned again.
test-deps:
	tools/install-deps test
ifeq ($(CODERUN_LANGUAGES),all)
	tools/install-languages all
	rm -f build/versions
endif

# The toolchains of lang.d (each file's `packages`): all, or LANGUAGES="ruby go". The
# installed set changed, so the versions are learned again.
LANGUAGES ?= all

languages:
	tools/install-languages $(LANGUAGES)
	rm -f build/versions
	$(MAKE) build/runtimes

# README.md's languages table, between its <!-- languages --> markers.
languages-doc: build/runtimes
	tools/languages-table --write README.md

run: deps all
	tools/serve

test: test-deps all $(UNITS) vscode
	tools/check-layers
	tools/run-tests

# The fast loop, for every change: no root, no apt, no sandbox. The include graph
# runs one way and no C file is over 400 lines (tools/check-layers), then the unit
# harnesses (ASan, UBSan) through their suites. `make test` is the whole suite.
CHECK_SUITES = tests/wire/parse.bats tests/config/lang.bats tests/wire/parse-files.bats \
               tests/wire/reply.bats tests/wire/request.bats tests/sandbox/seccomp.bats \
               tests/base/json.bats tests/sandbox/pty.bats tests/job/checkers.bats

# The suites run side by side, one file each (GNU parallel, when installed); the
# few tests that take seconds by design skip (tests/slow.bash).
check: coderun-exec build/runtimes build/seccomp.bpf $(UNITS)
	tools/check-layers
	CODERUN_CHECK=1 bats --print-output-on-failure \
	    $$(command -v parallel >/dev/null && echo --jobs 2 --no-parallelize-within-files) \
	    $(CHECK_SUITES)

# Its compile cache section compiles rust beside c and java: installed, then the
# versions learned again, before the build that indexes them.
bench:
	tools/install-deps bench
	tools/install-languages rust
	rm -f build/versions
	$(MAKE) all
	QUICK=$(QUICK) tools/bench/run

install: all
	install -Dm755 coderun-exec $(DESTDIR)$(BINDIR)/coderun-exec
	install -d $(DESTDIR)$(SYSCONFDIR)/coderun/lang.d
	install -m644 lang.d/*.conf $(DESTDIR)$(SYSCONFDIR)/coderun/lang.d/
	sed -e 's|^runtimes *=.*|runtimes = $(LIBDIR)/runtimes|' \
	    -e 's|^lang_dir *=.*|lang_dir = $(SYSCONFDIR)/coderun/lang.d|' \
	    -e 's|^seccomp *=.*|seccomp = $(LIBDIR)/seccomp.bpf|' \
	    -e 's|^compile_cache *=.*|compile_cache = /var/cache/coderun|' \
	    coderun.conf > build/coderun.conf.installed
	install -Dm644 build/coderun.conf.installed $(DESTDIR)$(SYSCONFDIR)/coderun/coderun.conf
	install -Dm644 build/runtimes $(DESTDIR)$(LIBDIR)/runtimes
	install -Dm644 build/seccomp.bpf $(DESTDIR)$(LIBDIR)/seccomp.bpf
	sed 's|@BINDIR@|$(BINDIR)|g' units/coderun@.service > build/coderun@.service
	install -Dm644 build/coderun@.service $(DESTDIR)$(UNITDIR)/coderun@.service
	install -Dm644 units/coderun.socket $(DESTDIR)$(UNITDIR)/coderun.socket
	install -Dm755 cli/coderun $(DESTDIR)$(BINDIR)/coderun
	install -Dm644 cli/coderun.1 $(DESTDIR)$(PREFIX)/share/man/man1/coderun.1
	install -d $(DESTDIR)$(WWWDIR)/dist
	install -m644 www/index.html www/style.css www/favicon.svg $(DESTDIR)$(WWWDIR)/
	install -m644 www/dist/*.js www/dist/*.js.map www/dist/xterm.css $(DESTDIR)$(WWWDIR)/dist/
	sed -e 's|@LISTEN@|127.0.0.1:8080|g' -e 's|@ROOT@|$(WWWDIR)|g' -e 's|@UPSTREAM@|127.0.0.1:7070|g' \
	    www/nginx.conf > build/nginx-site.conf
	install -Dm644 build/nginx-site.conf $(DESTDIR)$(SYSCONFDIR)/nginx/sites-available/coderun

clean:
	rm -rf build coderun-exec www/dist cli/coderun vscode/*.vsix

.PHONY: all deps test-deps languages languages-doc run test check bench install clean vscode vscode-e2e
