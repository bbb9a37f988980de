# Issue 16: the package in every runtime (tests/conformance/) and as npm publishes it
# (tests/package/). Included from the Makefile; uses its setup, pkg and sandbox-bin targets
# and $(ENV). Deno, Bun, workerd (miniflare), publint and attw are npm devDependencies, so
# setup's `npm ci` provides them on a fresh machine.
#
#   make test-runtimes                      the conformance suite in Node (ESM, CommonJS),
#                                           Bun, Deno, workerd and Chromium (plain page,
#                                           Vite app), then publint, attw and the tarball
#                                           installed into a fresh project
#   make test-runtimes RUNTIMES="deno bun"  only those runtimes' suites (and the package checks)
#   make bench-runtimes                     cold start in each runtime (bench/runtimes.mjs)
.PHONY: test-runtimes bench-runtimes

RUNTIMES ?= node bun deno workerd chromium

# One runtime at a time: each starts its own sandbox, and Chromium and workerd are heavy.
test-runtimes: setup pkg sandbox-bin
	$(ENV) node --test --test-concurrency=1 $(RUNTIMES:%=tests/conformance/%.test.mjs) tests/package/

bench-runtimes: setup pkg
	$(ENV) node bench/runtimes.mjs
