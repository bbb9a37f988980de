# Issue 15: bulk refunds (refundMany, the journals, the CLI). Included from the Makefile; uses
# its setup, pkg, sandbox-bin and bench-sandbox targets and $(ENV).
#
#   make test-bulk     refundMany, the CLI, the SIGKILL crash test, four workers on PostgreSQL
#                      (scripts/postgres.sh installs and starts a throw-away server itself)
#   make bench-bulk    bulk throughput (rows/s) at concurrency 1, 8, 32, file and PostgreSQL journals
.PHONY: test-bulk bench-bulk

# One test file at a time: the crash and worker tests load both cores on their own.
test-bulk: setup pkg sandbox-bin
	$(ENV) node --test --test-concurrency=1 tests/bulk/

bench-bulk: setup pkg bench-sandbox
	$(ENV) node bench/bulk.mjs --json target/bench/bulk.json
