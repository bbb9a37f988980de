#!/usr/bin/env bash
# Provision everything refundkit needs, idempotently: a wasm32-capable Rust toolchain,
# wasm-bindgen-cli (exactly the Cargo.lock version), wasm-pack, npm dev dependencies
# (binaryen's wasm-opt, typescript, playwright-core, vite, esbuild) and Debian's chromium.
# Every make target runs this first; a second run only checks and prints nothing new.
# Writes .setup/env, which the Makefile sources: WASM_TOOLCHAIN and PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mkdir -p .setup
log() { echo "setup: $*" >&2; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"

apt_updated=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated -eq 0 ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

# 1. A toolchain with the wasm32 standard library. Prefer the normal rustup target.
if rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  toolchain=$(rustup show active-toolchain | cut -d' ' -f1)
else
  toolchain=web
  sysroot_lib=""
  if command -v /usr/bin/rustc >/dev/null 2>&1; then
    sysroot_lib="$(/usr/bin/rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown/lib"
  fi
  # The stamp says the rlibs carry LLVM bitcode: the release profile links with LTO, which
  # needs it (cargo builds std without bitcode unless told: "Can't find section .llvmbc").
  if [ -z "$sysroot_lib" ] || ! ls "$sysroot_lib"/libstd-*.rlib >/dev/null 2>&1 || [ ! -f "$sysroot_lib/.bitcode" ]; then
    lld_pkg=$(apt-cache search --names-only '^lld-[0-9]+$' 2>/dev/null | cut -d' ' -f1 | sort -t- -k2 -n | tail -1)
    if [ -z "$lld_pkg" ]; then $SUDO apt-get update -qq; apt_updated=1
      lld_pkg=$(apt-cache search --names-only '^lld-[0-9]+$' | cut -d' ' -f1 | sort -t- -k2 -n | tail -1); fi
    apt_install rustc-web cargo-web rust-web-src "$lld_pkg"
    llvm_bin="/usr/lib/llvm-${lld_pkg#lld-}/bin"
    log "building the wasm32 standard library from rust-web-src (about a minute)"
    tmp=$(mktemp -d); mkdir "$tmp/src"
    printf '[package]\nname="sysroot-build"\nversion="0.0.0"\nedition="2021"\n' > "$tmp/Cargo.toml"
    echo '#![no_std]' > "$tmp/src/lib.rs"
    (cd "$tmp" && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Cembed-bitcode=yes" \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$llvm_bin/wasm-ld" \
      /usr/bin/cargo build -q --release --target wasm32-unknown-unknown \
      -Zbuild-std=std,panic_abort,panic_unwind,proc_macro,test)
    sysroot_lib="$(/usr/bin/rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown/lib"
    mkdir -p "$sysroot_lib"
    rm -f "$sysroot_lib"/*.rlib
    find "$tmp/target/wasm32-unknown-unknown/release/deps" -name '*.rlib' ! -name 'libsysroot_build-*' \
      -exec cp {} "$sysroot_lib/" \;
    touch "$sysroot_lib/.bitcode"
    host_bin="$(/usr/bin/rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin"
    mkdir -p "$host_bin" && ln -sf "$llvm_bin/lld" "$host_bin/rust-lld"
    rm -rf "$tmp"
  fi
  rustup toolchain list | grep -q '^web' || rustup toolchain link web /usr
fi

# 2. wasm-bindgen-cli at exactly the version in Cargo.lock, and wasm-pack.
[ -f Cargo.lock ] || cargo generate-lockfile -q
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$wb_version" ]; then
  log "cargo install wasm-bindgen-cli $wb_version (about 3 minutes)"
  cargo install -q --force wasm-bindgen-cli --version "$wb_version"   # not --locked: see TOOLCHAIN.md
fi
if ! command -v wasm-pack >/dev/null 2>&1; then
  log "cargo install wasm-pack (about 2 minutes)"
  cargo install -q wasm-pack
fi

# 3. npm dev dependencies (wasm-opt from binaryen, typescript, playwright-core, vite, esbuild).
if [ ! -f node_modules/.setup-stamp ] || [ package-lock.json -nt node_modules/.setup-stamp ] \
   || [ package.json -nt node_modules/.setup-stamp ]; then
  log "npm install"
  # One npm at a time on this tree: two setups at once (two make targets, two shells) would
  # each empty node_modules under the other.
  exec 9>.setup/npm.lock
  flock 9
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
  flock -u 9
  touch node_modules/.setup-stamp
fi

# 4. Debian's chromium and chromedriver for browser tests.
apt_install chromium chromium-driver

cat > .setup/env <<ENV
export WASM_TOOLCHAIN=$toolchain
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:\$PATH"
export CHROMEDRIVER=/usr/bin/chromedriver
ENV
