#!/usr/bin/env bash
# Runs every cargo-fuzz target for FUZZ_SECONDS each (default 60) and prints one line per
# target. Exits non-zero if any target crashed; the crashing input is in
# fuzz/artifacts/<target>/ (reproduce: cargo +nightly fuzz run <target> <file>).
#
# New inputs libFuzzer finds go to fuzz/target/corpus/<target>/ (not committed); the
# committed seeds in fuzz/corpus/<target>/ are read, never written.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"money_parse provider_answers json_to_builder"}

command -v cargo-fuzz >/dev/null || { echo "fuzz: installing cargo-fuzz" >&2; cargo install --locked cargo-fuzz >&2 || exit 1; }
rustup toolchain list | grep -q '^nightly' || { echo "fuzz: the nightly toolchain is required (rustup toolchain install nightly)" >&2; exit 1; }

cargo +nightly fuzz build -O >&2 || exit 1
failed=0
printf '%-22s %8s %12s %10s  %s\n' target seconds runs exec/s result
for t in $targets; do
  mkdir -p "target/corpus/$t" "corpus/$t"
  log="target/$t.log"
  cargo +nightly fuzz run -O "$t" "target/corpus/$t" "corpus/$t" -- -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  if [ $rc -eq 0 ]; then result="ok, no crash"; else
    result="CRASH: $(grep -o 'artifacts/[^ ]*' "$log" | head -1) (log: fuzz/$log)"; failed=1; fi
  printf '%-22s %8s %12s %10s  %s\n' "$t" "$seconds" "${runs:-?}" "${rate:-?}" "$result"
done
exit $failed
