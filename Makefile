# slsws: build, test, demo and benchmark.
#
#   make demo     install what is missing, build, lint the bundled example
#   make check    install what is missing, build, run every test (also under ASan/UBSan)
#   make bench    speed and memory figures
#   make check-valgrind  the test suites with every slsws run under valgrind
#   make fuzz     FUZZ_SECONDS=60: every libFuzzer target (tests/fuzz/) that long
#   make install  PREFIX=/usr/local

CC      ?= cc
PREFIX  ?= /usr/local
BUILD   := build
PKGS    := yaml-0.1 jansson tree-sitter
APT_PKGS := build-essential pkg-config libyaml-dev libjansson-dev libtree-sitter-dev
TEST_APT := neovim pre-commit
NPM_TEST := tests/lsp

WARN    := -std=c11 -Wall -Wextra -Wpedantic -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  ?= -O2 -g
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRC     := $(wildcard src/*.c src/rules/*.c src/lsp/*.c)
DOCS    := $(sort $(wildcard rules/WS*.md))
OBJ     := $(SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/rule_docs.o
SAN_OBJ := $(SRC:%.c=$(BUILD)/san/%.o) $(BUILD)/san/gen/rule_docs.o
LIB_SRC := $(filter-out src/main.c,$(SRC))
UNIT    := $(wildcard tests/unit/test_*.c)

# tree-sitter grammars (grammar/README.md): the generated C of the pinned npm
# packages, compiled as third-party code (own include dir, -w, no sanitizer)
# and linked into every binary; queries are embedded into build/gen/queries.c.
NM      := grammar/node_modules
NPM_CI  := npm ci --ignore-scripts --no-audit --no-fund
GRAMMAR_DIRS := tree-sitter-javascript/src tree-sitter-typescript/typescript/src tree-sitter-python/src
GRAMMAR_OBJ  := $(foreach d,$(GRAMMAR_DIRS),$(BUILD)/grammars/$(d)/parser.o $(BUILD)/grammars/$(d)/scanner.o)
QUERIES := $(sort $(wildcard grammar/queries/*/*.scm))
OBJ     += $(BUILD)/obj/gen/queries.o
SAN_OBJ += $(BUILD)/san/gen/queries.o

.PHONY: all deps test-deps demo check test unit bench install clean check-valgrind
.DEFAULT_GOAL := all

all: $(BUILD)/slsws

# Installs only what pkg-config reports missing, so the common case is free.
deps:
	@missing=""; for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || missing=1; done; \
	command -v pkg-config >/dev/null || missing=1; command -v cc >/dev/null || missing=1; \
	if [ -n "$$missing" ]; then \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "make deps: installing $(APT_PKGS)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get install -y -q --no-install-recommends $(APT_PKGS); \
	fi
	@if [ ! -f $(NM)/.package-lock.json ] || \
	    [ grammar/package-lock.json -nt $(NM)/.package-lock.json ]; then \
	  (cd grammar && $(NPM_CI)); \
	fi

# What the tests need on top: Neovim (a real LSP client), pre-commit (to run
# the hooks of .pre-commit-hooks.yaml, tests/precommit), the pinned npm
# packages of the scripted client (tests/lsp/package-lock.json) and of the
# SARIF validator (tests/sarif/package-lock.json).
test-deps: deps
	@if ! command -v nvim >/dev/null || ! command -v pre-commit >/dev/null; then \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "make test-deps: installing $(TEST_APT)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get install -y -q --no-install-recommends $(TEST_APT); \
	fi
	@if [ ! -f $(NPM_TEST)/node_modules/.package-lock.json ] || \
	    [ $(NPM_TEST)/package-lock.json -nt $(NPM_TEST)/node_modules/.package-lock.json ]; then \
	  (cd $(NPM_TEST) && npm ci --ignore-scripts --no-audit --no-fund); \
	fi
	@# Microsoft's SARIF validator (tests/sarif): the package's only install
	@# script marks its .NET binary executable, so do that here
	@if [ ! -f tests/sarif/node_modules/.package-lock.json ] || \
	    [ tests/sarif/package-lock.json -nt tests/sarif/node_modules/.package-lock.json ]; then \
	  (cd tests/sarif && npm ci --ignore-scripts --no-audit --no-fund && \
	   for f in node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do \
	     if [ -f "$$f" ]; then chmod u+x "$$f"; fi; done); \
	fi
	@# editors/ (tests/editors): Emacs (emacs-nox only where no Emacs is
	@# installed: it conflicts with emacs-gtk) with Debian's eglot and
	@# yaml-mode, unzip for the .vsix, python3 (tomllib) for the Helix file,
	@# and the pinned packages of the VS Code extension
	@pkgs=""; command -v emacs >/dev/null || pkgs=" emacs-nox"; \
	dpkg -s elpa-eglot >/dev/null 2>&1 || pkgs="$$pkgs elpa-eglot"; \
	dpkg -s elpa-yaml-mode >/dev/null 2>&1 || pkgs="$$pkgs elpa-yaml-mode"; \
	command -v unzip >/dev/null || pkgs="$$pkgs unzip"; \
	command -v python3 >/dev/null || pkgs="$$pkgs python3"; \
	if [ -n "$$pkgs" ]; then \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "make test-deps: installing$$pkgs"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get install -y -q --no-install-recommends $$pkgs; \
	fi
	@if [ ! -f editors/vscode/node_modules/.package-lock.json ] || \
	    [ editors/vscode/package-lock.json -nt editors/vscode/node_modules/.package-lock.json ]; then \
	  (cd editors/vscode && npm ci --ignore-scripts --no-audit --no-fund); \
	fi

$(BUILD)/embed_docs: src/tools/embed_docs.c src/tools/emit_c.h
	@mkdir -p $(dir $@)
	$(CC) -O1 -std=c11 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/rule_docs.c: $(BUILD)/embed_docs $(DOCS)
	@mkdir -p $(dir $@)
	$(BUILD)/embed_docs $@ $(DOCS)

$(BUILD)/obj/gen/rule_docs.o: $(BUILD)/gen/rule_docs.c src/cli.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -Wno-overlength-strings -Isrc -c $< -o $@

$(BUILD)/san/gen/rule_docs.o: $(BUILD)/gen/rule_docs.c src/cli.h
	@mkdir -p $(dir $@)
	$(CC) -O1 -g $(SAN) $(WARN) -Wno-overlength-strings -Isrc -c $< -o $@

$(BUILD)/embed_queries: src/tools/embed_queries.c src/tools/emit_c.h
	@mkdir -p $(dir $@)
	$(CC) -O1 -std=c11 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/queries.c: $(BUILD)/embed_queries $(QUERIES)
	@mkdir -p $(dir $@)
	$(BUILD)/embed_queries $@ $(QUERIES)

$(BUILD)/obj/gen/queries.o: $(BUILD)/gen/queries.c src/tsq.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WARN) -Wno-overlength-strings -Isrc -c $< -o $@

$(BUILD)/san/gen/queries.o: $(BUILD)/gen/queries.c src/tsq.h
	@mkdir -p $(dir $@)
	$(CC) -O1 -g $(SAN) $(WARN) -Wno-overlength-strings -Isrc -c $< -o $@

# A plain `make` on a fresh checkout installs the grammars too. npm gives the
# sources their tarball dates, so objects depend on the install stamp.
$(NM)/.package-lock.json: grammar/package-lock.json
	cd grammar && $(NPM_CI)
	@touch $@

$(BUILD)/grammars/%.o: $(NM)/.package-lock.json
	@mkdir -p $(dir $@)
	@echo "  CC gram $*.c"
	@$(CC) -O2 -std=c11 -fPIC -w -I$(dir $(NM)/$*) -c $(NM)/$*.c -o $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) $(WARN) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/san/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) -O1 -g $(SAN) $(WARN) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

# Linked statically: a typical file is linted in about the time the kernel
# needs to start any process, instead of twice that for the dynamic loader
# (make bench prints /bin/true as the floor). STATIC= links dynamically.
STATIC  ?= -static
$(BUILD)/slsws: $(OBJ) $(GRAMMAR_OBJ)
	$(CC) $(CFLAGS) $(STATIC) -o $@ $^ $(shell pkg-config --libs $(if $(STATIC),--static) $(PKGS) 2>/dev/null) -lm

$(BUILD)/san/slsws: $(SAN_OBJ) $(GRAMMAR_OBJ)
	$(CC) -O1 -g $(SAN) -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/san/unit: $(UNIT:%.c=$(BUILD)/san/%.o) $(BUILD)/san/tests/unit/test_main.o \
		$(filter-out $(BUILD)/san/src/main.o,$(SAN_OBJ)) $(GRAMMAR_OBJ)
	$(CC) -O1 -g $(SAN) -o $@ $(sort $^) $(PKG_LIBS) -lm

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d) $(UNIT:%.c=$(BUILD)/san/%.d) $(BUILD)/san/tests/unit/test_main.d

demo: deps
	@$(MAKE) --no-print-directory all
	@echo '$$ slsws check examples/chat'
	@$(BUILD)/slsws check --exit-zero examples/chat

unit: $(BUILD)/san/unit
	$(BUILD)/san/unit

# Every test, with the sanitizer build: unit tests, rule fixtures and pages,
# the CLI contract, hostile inputs, the real-world corpus, and the language
# server driven by a scripted Node client and by headless Neovim.
check: test-deps
	@$(MAKE) --no-print-directory all $(BUILD)/san/slsws $(BUILD)/san/unit fuzz-build
	@SLSWS=$(BUILD)/san/slsws UNIT=$(BUILD)/san/unit sh tests/run.sh

test: check

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/ybench $(BUILD)/gen_bench $(BUILD)/proctime $(BUILD)/lsp_bench
	@# the LSP soak's client packages (tests/soak/soak.js uses those of tests/lsp)
	@[ -f $(NPM_TEST)/node_modules/.package-lock.json ] || (cd $(NPM_TEST) && npm ci --ignore-scripts --no-audit --no-fund)
	@sh tests/bench/run.sh

# make check-valgrind: the suites again, every slsws run under valgrind
# (tests/valgrind/run.sh). A build of its own in build/vg/: -O1 -g and linked
# dynamically, as valgrind must replace malloc to see leaks.
VG_OBJ  := $(SRC:%.c=$(BUILD)/vg/%.o) $(BUILD)/vg/gen/rule_docs.o $(BUILD)/vg/gen/queries.o
VG_SUITES ?= unit rules cli hostile corpus projects fix lsp soak

check-valgrind: test-deps
	@if ! command -v valgrind >/dev/null; then \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "make check-valgrind: installing valgrind"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get install -y -q --no-install-recommends valgrind; \
	fi
	@$(MAKE) --no-print-directory $(BUILD)/vg/slsws $(BUILD)/vg/unit
	@sh tests/valgrind/run.sh $(VG_SUITES)

$(BUILD)/vg/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC vg   $<"
	@$(CC) -O1 -g $(WARN) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/vg/gen/%.o: $(BUILD)/gen/%.c src/cli.h src/tsq.h
	@mkdir -p $(dir $@)
	$(CC) -O1 -g $(WARN) -Wno-overlength-strings -Isrc -c $< -o $@

$(BUILD)/vg/slsws: $(VG_OBJ) $(GRAMMAR_OBJ)
	$(CC) -O1 -g -o $@ $^ $(PKG_LIBS) -lm

$(BUILD)/vg/unit: $(UNIT:%.c=$(BUILD)/vg/%.o) $(BUILD)/vg/tests/unit/test_main.o \
		$(filter-out $(BUILD)/vg/src/main.o,$(VG_OBJ)) $(GRAMMAR_OBJ)
	$(CC) -O1 -g -o $@ $(sort $^) $(PKG_LIBS) -lm

-include $(VG_OBJ:.o=.d) $(UNIT:%.c=$(BUILD)/vg/%.d) $(BUILD)/vg/tests/unit/test_main.d

$(BUILD)/ybench: tests/bench/ybench.c
	$(CC) -O2 $(WARN) $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

$(BUILD)/lsp_bench: tests/bench/lsp_bench.c src/lsp/rpc.c src/arena.c
	$(CC) -O2 $(WARN) $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/proctime: tests/bench/proctime.c
	$(CC) -O2 $(WARN) -o $@ $<

$(BUILD)/gen_bench: tests/bench/gen_bench.c
	$(CC) -O2 $(WARN) -o $@ $<

# make fuzz FUZZ_SECONDS=N: every libFuzzer target of tests/fuzz/ (clang) for
# N seconds on seeds from the tests (tests/fuzz/run.sh); `make check` builds
# them too and its `fuzz` suite runs each for a few seconds and replays
# tests/fuzz/regress/. The project's sources are rebuilt instrumented into
# build/fuzz/obj, and libyaml from Debian's source package (apt-get source
# in a private apt directory, TOOLCHAIN.md section 6) into build/fuzz/libyaml;
# where that is impossible the system libyaml is linked, with a notice
# (coverage inside libyaml is then blind). The links wrap sw_read_file, read
# and poll (tests/fuzz/harness.h: a read sandbox and a scripted client).
FUZZ    := $(BUILD)/fuzz
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_SAN := $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(FUZZ)/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_OBJ := $(LIB_SRC:%.c=$(FUZZ)/obj/%.o) $(FUZZ)/obj/gen/rule_docs.o $(FUZZ)/obj/gen/queries.o
FUZZ_APT := $(FUZZ)/libyaml/apt

.PHONY: fuzz fuzz-build fuzz-deps

fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

fuzz-build:
	@if command -v $(FUZZ_CC) >/dev/null; then $(MAKE) -s --no-print-directory $(FUZZ_BINS); \
	else echo "notice: $(FUZZ_CC) not found: the fuzz targets are not built"; fi

fuzz-deps: $(FUZZ)/libyaml/link

# The libyaml the targets link, as link arguments: the instrumented archive, or -lyaml.
$(FUZZ)/libyaml/link:
	@rm -rf $(FUZZ)/libyaml
	@mkdir -p $(FUZZ_APT)/lists/partial $(FUZZ_APT)/parts $(FUZZ_APT)/cache/archives/partial $(FUZZ)/libyaml/obj
	@if [ -f /etc/apt/sources.list.d/debian.sources ]; then \
	  sed 's/^Types: deb$$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > $(FUZZ_APT)/parts/src.sources; \
	elif [ -f /etc/apt/sources.list ]; then \
	  sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > $(FUZZ_APT)/parts/src.list; fi
	@echo "  APT     source libyaml into $(FUZZ)/libyaml"
	@A=$(abspath $(FUZZ_APT)); L=$(abspath $(FUZZ))/libyaml/apt.log; \
	O="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$$A/parts \
	   -o Dir::State::Lists=$$A/lists -o Dir::Cache=$$A/cache"; \
	if command -v apt-get >/dev/null && apt-get $$O update -qq > $$L 2>&1 && \
	   (cd $(FUZZ)/libyaml && { apt-get $$O source libyaml || \
	     { apt-get $$O source --download-only libyaml && tar xzf libyaml_*.orig.tar.gz; }; }) >> $$L 2>&1 && \
	   h=$$(ls $(FUZZ)/libyaml/*/include/yaml.h 2>/dev/null | head -n 1) && [ -n "$$h" ]; then \
	  d=$${h%/include/yaml.h}; v=$${d##*-}; \
	  maj=$${v%%.*}; min=$${v#*.}; min=$${min%%.*}; pat=$${v##*.}; \
	  echo "  CC fuzz libyaml $$v (Debian source, instrumented)"; \
	  for f in $$d/src/*.c; do \
	    $(FUZZ_CC) $(FUZZ_SAN) -w -I$$d/include -DYAML_VERSION_MAJOR=$$maj -DYAML_VERSION_MINOR=$$min \
	      -DYAML_VERSION_PATCH=$$pat -DYAML_VERSION_STRING="\"$$v\"" \
	      -c $$f -o $(FUZZ)/libyaml/obj/$$(basename $$f .c).o || exit 1; done; \
	  ar rcs $(FUZZ)/libyaml/libyaml.a $(FUZZ)/libyaml/obj/*.o && echo $(FUZZ)/libyaml/libyaml.a > $@; \
	else \
	  echo "notice: apt-get source libyaml failed (see $(FUZZ)/libyaml/apt.log): the fuzz targets"; \
	  echo "notice: link the system libyaml, not instrumented; rm -rf $(FUZZ)/libyaml to try again"; \
	  echo -lyaml > $@; \
	fi

$(FUZZ)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC fuzz $<"
	@$(FUZZ_CC) $(FUZZ_SAN) $(WARN) $(PKG_CFLAGS) -Isrc -MMD -MP -c $< -o $@

$(FUZZ)/obj/gen/%.o: $(BUILD)/gen/%.c src/cli.h src/tsq.h
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_SAN) $(WARN) -Wno-overlength-strings -Isrc -c $< -o $@

$(FUZZ)/libslsws.a: $(FUZZ_OBJ)
	@rm -f $@ && ar rcs $@ $^

$(FUZZ)/fuzz_%: $(FUZZ)/obj/tests/fuzz/fuzz_%.o $(FUZZ)/obj/tests/fuzz/harness.o \
		$(FUZZ)/libslsws.a $(GRAMMAR_OBJ) $(FUZZ)/libyaml/link
	@echo "  LD fuzz $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ \
	  -Wl,--wrap=sw_read_file -Wl,--wrap=read -Wl,--wrap=poll $(filter %.o %.a,$^) \
	  $$(cat $(FUZZ)/libyaml/link) $(shell pkg-config --libs jansson tree-sitter 2>/dev/null) -lm

FUZZ_MAIN := $(patsubst tests/fuzz/%.c,$(FUZZ)/obj/tests/fuzz/%.o,$(wildcard tests/fuzz/*.c))
.SECONDARY: $(FUZZ_MAIN)
-include $(FUZZ_OBJ:.o=.d) $(FUZZ_MAIN:.o=.d)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/doc/slsws/rules
	install -m 755 $(BUILD)/slsws $(DESTDIR)$(PREFIX)/bin/slsws
	install -m 644 $(DOCS) $(DESTDIR)$(PREFIX)/share/doc/slsws/rules/

clean:
	rm -rf $(BUILD)
