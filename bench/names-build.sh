#!/usr/bin/env bash
# A wasm with a name section for every entry (all, payroc, jpmorgan, commercehub), built the
# way scripts/build-pkg.sh builds the shipped one (same toolchain, RUSTFLAGS, build-std,
# features, wasm-bindgen --target web, wasm-opt flags from Cargo.toml) except that names are
# kept: the profile's strip is off (debuginfo stays 0), wasm-bindgen keeps the name section
# (its default) and wasm-opt runs with -g. Output: target/bench/names/<build>/refundkit_bg.wasm
# (+ its glue), for twiggy (bench/wasm-breakdown.mjs) and for CPU profiles with wasm names.
# Its own target dir, so it never races the package build over target/wasm32-unknown-unknown.
#   bench/names-build.sh [build...]     default: all payroc jpmorgan commercehub
set -euo pipefail
cd "$(dirname "$0")/.."
. .setup/env

builds=("$@")
[ ${#builds[@]} -eq 0 ] && builds=(all payroc jpmorgan commercehub)
target_dir=target/bench/names-cargo
out=target/bench/names

size_build=()
flags="-Cdebuginfo=0 -Cstrip=none"
if [ -d "$(RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  export RUSTC_BOOTSTRAP=1
  flags="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none $flags"
  size_build=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
fi
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$flags"
export CARGO_PROFILE_RELEASE_STRIP=none CARGO_PROFILE_RELEASE_DEBUG=0

# The wasm-opt flags wasm-pack uses for the package, read from Cargo.toml.
read -r -a opt_flags < <(sed -n 's/^wasm-opt = \[\(.*\)\]/\1/p' Cargo.toml | tr -d '",')

for b in "${builds[@]}"; do
  features=()
  [ "$b" != all ] && features=(--no-default-features --features "$b")
  RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN cargo build --release --lib --target wasm32-unknown-unknown --target-dir "$target_dir" \
    "${features[@]}" "${size_build[@]}"
  mkdir -p "$out/$b"
  wasm-bindgen --target web --out-dir "$out/$b" --out-name refundkit "$target_dir/wasm32-unknown-unknown/release/refundkit.wasm"
  wasm-opt "${opt_flags[@]}" -g "$out/$b/refundkit_bg.wasm" -o "$out/$b/refundkit_bg.wasm"
  echo "names-build: $out/$b/refundkit_bg.wasm ($(wc -c < "$out/$b/refundkit_bg.wasm") bytes with names)" >&2
done
