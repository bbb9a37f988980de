# Issue 9: benchmarks, the fault soak and fuzzing (bench/, soak/, fuzz/, docs/BENCHMARKS.md).
# Included from the Makefile; uses its setup, pkg and sandbox-bin targets and $(ENV).
#
#   make bench                      release package + release sandbox, one table
#   make soak                       10,000 refund intents under 30% faults, run twice
#   make soak-quick                 the same with 1,000 intents (part of make test, < 60 s)
#   make fuzz FUZZ_SECONDS=600      every cargo-fuzz target for that long (default 60)
.PHONY: bench soak soak-quick fuzz bench-sandbox

FUZZ_SECONDS ?= 60

# Its own target dir: the test harness prefers target/release, which must not go stale.
bench-sandbox: setup
	$(ENV) cargo build --release -p refundkit-sandbox --target-dir target/bench

bench: setup pkg bench-sandbox
	$(ENV) node bench/run.mjs --json target/bench/latest.json

soak: setup pkg sandbox-bin
	$(ENV) node soak/run.mjs

soak-quick: setup pkg sandbox-bin
	$(ENV) node soak/run.mjs --intents 1000

fuzz: setup
	@command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh
