# slsws: build, test, demo and benchmark.
#
#   make demo     install what is missing, build, lint the bundled example
#   make check    install what is missing, build, run every test (also under ASan/UBSan)
#   make bench    speed and memory figures
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

.PHONY: all deps test-deps demo check test unit bench install clean
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
	@$(MAKE) --no-print-directory all $(BUILD)/san/slsws $(BUILD)/san/unit
	@SLSWS=$(BUILD)/san/slsws UNIT=$(BUILD)/san/unit sh tests/run.sh

test: check

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/ybench $(BUILD)/gen_bench $(BUILD)/proctime $(BUILD)/lsp_bench
	@sh tests/bench/run.sh

$(BUILD)/ybench: tests/bench/ybench.c
	$(CC) -O2 $(WARN) $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

$(BUILD)/lsp_bench: tests/bench/lsp_bench.c src/lsp/rpc.c src/arena.c
	$(CC) -O2 $(WARN) $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/proctime: tests/bench/proctime.c
	$(CC) -O2 $(WARN) -o $@ $<

$(BUILD)/gen_bench: tests/bench/gen_bench.c
	$(CC) -O2 $(WARN) -o $@ $<

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/doc/slsws/rules
	install -m 755 $(BUILD)/slsws $(DESTDIR)$(PREFIX)/bin/slsws
	install -m 644 $(DOCS) $(DESTDIR)$(PREFIX)/share/doc/slsws/rules/

clean:
	rm -rf $(BUILD)
