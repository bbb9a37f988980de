# refundkit: every target provisions what it needs first (scripts/setup.sh, quick when all
# is there), then runs with the toolchain it wrote down in .setup/env.
#
#   make demo    the main job: build the package and the sandbox, run examples/demo.mjs
#   make test    every test: Rust (units, properties), the built package against the sandbox in
#                Node, Chromium, Deno, Bun and workerd, types, bulk runs on PostgreSQL, the soak
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
ENV := source .setup/env &&
PORT ?= 4010

# Prerequisites run in the order written (test relies on it), so never in parallel.
.NOTPARALLEL:
.PHONY: setup demo test test-rust test-node test-browser test-types \
	pkg pkg-dev sandbox-bin www sandbox size clean

# npm ci (in setup, when package-lock.json changes) empties node_modules: relink the package.
setup:
	@scripts/setup.sh
	@if [ -f pkg/package.json ]; then ln -sfn ../pkg node_modules/refundkit; fi

# Runs every demo section against a throw-away sandbox, then serves the refund console
# until Ctrl-C (DEMO_SERVE=0 skips that part).
DEMO_SERVE ?= 1
demo: pkg sandbox-bin www
	$(ENV) node examples/demo.mjs
	@if [ "$(DEMO_SERVE)" = 1 ]; then \
	  echo; echo "Refund console: http://127.0.0.1:$(PORT)/  (served by the sandbox; Ctrl-C stops it; docs/CONSOLE.md)"; \
	  exec target/debug/refundkit-sandbox --port $(PORT); fi

# In this order: the cheapest, most basic failures first. Each step also runs on its own.
test: setup test-rust pkg sandbox-bin test-node test-browser test-types test-runtimes test-bulk soak-quick
	@echo "make test: all passed"

# The TypeScript shapes ts-rs writes from the Rust types are committed: a change to a
# result or error type without its regenerated .ts fails here.
test-rust: setup
	$(ENV) cargo test --workspace
	@if git rev-parse --git-dir >/dev/null 2>&1 && [ -n "$$(git status --porcelain -- pkg-template/types/generated)" ]; then \
	  git status --short -- pkg-template/types/generated; \
	  echo "pkg-template/types/generated is stale: commit what cargo test wrote"; exit 1; fi

# tests/package/ (the packed tarball) runs in test-runtimes.
test-node: setup pkg sandbox-bin
	$(ENV) node --test tests/node/

test-browser: setup pkg sandbox-bin www
	$(ENV) node --test tests/browser/

test-types: setup pkg
	$(ENV) tsc -p tests/types && tsc -p tests/types/tsconfig.bundler.json

# Rebuilt only when something it is made from changed; pkg-dev's debug build never counts.
PKG_SOURCES := $(shell find src pkg-template -type f) Cargo.toml Cargo.lock scripts/build-pkg.sh
pkg: setup pkg/.release-build

pkg/.release-build: $(PKG_SOURCES)
	scripts/build-pkg.sh
	touch $@

pkg-dev: setup
	scripts/build-pkg.sh --dev

sandbox-bin: setup
	$(ENV) cargo build -p refundkit-sandbox

www: setup pkg
	scripts/build-www.sh

sandbox: pkg sandbox-bin www
	@echo "sandbox: http://127.0.0.1:$(PORT)/ (Ctrl-C stops it; docs/SANDBOX.md)"
	$(ENV) exec target/debug/refundkit-sandbox --port $(PORT)

size: pkg
	@scripts/size.sh

clean:
	rm -rf pkg pkg.tmp node_modules/refundkit tests/browser/vite-app/dist www/dist
	$(ENV) cargo clean

# Benchmarks, the fault soak and fuzzing (issue 9): make bench | soak | soak-quick | fuzz
include bench/bench.mk

# Every runtime and the published tarball (issue 16): make test-runtimes | bench-runtimes
include tests/conformance/conformance.mk
include tests/bulk/bulk.mk
