#!/usr/bin/env bash
# Builds the refund console (www/) into www/dist with the root's Vite. It imports the
# package by its name, so pkg/ must be built and linked first (scripts/build-pkg.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -e node_modules/refundkit/package.json ]; then
  echo "build-www: node_modules/refundkit is missing: build the package first (make pkg)" >&2
  exit 1
fi
[ -x node_modules/.bin/vite ] || npm install --no-audit --no-fund --loglevel=error
node_modules/.bin/vite build www --logLevel warn
echo "build-www: www/dist ready" >&2
