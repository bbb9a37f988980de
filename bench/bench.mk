# Benchmarks (issues 9 and 13), the fault soak and fuzzing (bench/, soak/, fuzz/, docs/BENCHMARKS.md).
# Included from the Makefile; uses its setup, pkg and sandbox-bin targets and $(ENV).
#
#   make bench                      release package + release sandbox + names build, one table
#                                   (target/bench/latest.json beside it); BENCH_ARGS=--quick for
#                                   a check in a few minutes
#   make bench-size                 the wasm of every entry rebuilt with a name section
#                                   (target/bench/names/, bench/names-build.sh) and its
#                                   breakdown by crate and module (twiggy)
#   make soak                       10,000 refund intents under 30% faults, run twice
#   make soak-quick                 the same with 1,000 intents (part of make test, < 60 s)
#   make fuzz FUZZ_SECONDS=600      every cargo-fuzz target for that long (default 60)
.PHONY: bench bench-size bench-sandbox soak soak-quick fuzz

FUZZ_SECONDS ?= 60
BENCH_ARGS ?=

# Its own target dir: the test harness prefers target/release, which must not go stale.
bench-sandbox: setup
	$(ENV) cargo build --release -p refundkit-sandbox --target-dir target/bench

# Names kept, otherwise the build of scripts/build-pkg.sh; its own cargo target dir.
bench-size: setup
	bench/names-build.sh
	$(ENV) node bench/wasm-breakdown.mjs all

bench: setup pkg www bench-sandbox bench-size
	$(ENV) node bench/run.mjs --json target/bench/latest.json $(BENCH_ARGS)

soak: setup pkg sandbox-bin
	$(ENV) node soak/run.mjs

soak-quick: setup pkg sandbox-bin
	$(ENV) node soak/run.mjs --intents 1000

fuzz: setup
	@command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh
