#!/usr/bin/env bash
# Prints raw and gzip (-9) sizes of what a browser downloads from the built package.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/web/refundkit_bg.wasm ] || { echo "size: pkg/ is not built (make pkg)" >&2; exit 1; }

row() { printf '%-34s %10s %10s\n' "$1" "$2" "$3"; }
gz() { cat "$@" | gzip -9 -c | wc -c; }
raw() { cat "$@" | wc -c; }

row "file (web target)" "raw B" "gzip B"
row "pkg/web/refundkit_bg.wasm" "$(raw pkg/web/refundkit_bg.wasm)" "$(gz pkg/web/refundkit_bg.wasm)"
row "pkg/web/refundkit.js (glue)" "$(raw pkg/web/refundkit.js)" "$(gz pkg/web/refundkit.js)"
loaders=(pkg/index.mjs pkg/web.mjs pkg/errors.mjs pkg/sugar.mjs)
row "loaders (index, web, errors, sugar)" "$(raw "${loaders[@]}")" "$(gz "${loaders[@]}")"
all=(pkg/web/refundkit_bg.wasm pkg/web/refundkit.js "${loaders[@]}")
gzip_total=0
for f in "${all[@]}"; do gzip_total=$((gzip_total + $(gz "$f"))); done   # each file travels compressed alone
row "total" "$(raw "${all[@]}")" "$gzip_total"
