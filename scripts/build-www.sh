#!/usr/bin/env bash
# Builds the refund console (www/) into www/dist with the root's Vite. It imports the
# package by its name, so pkg/ must be built and linked first (scripts/build-pkg.sh).
# It installs nothing: node_modules is setup.sh's (make setup), and an install started
# here while another one runs (npm ci empties node_modules first) breaks both.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -e node_modules/refundkit/package.json ]; then
  echo "build-www: node_modules/refundkit is missing: build the package first (make pkg)" >&2
  exit 1
fi
if [ ! -x node_modules/.bin/vite ]; then
  echo "build-www: node_modules/.bin/vite is missing: run make setup (npm ci) first" >&2
  exit 1
fi
node_modules/.bin/vite build www --logLevel warn
echo "build-www: www/dist ready" >&2
