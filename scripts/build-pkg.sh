#!/usr/bin/env bash
# Builds the npm package into pkg/: one wasm per entry point (all three providers, and each
# provider alone, through cargo features), each with wasm-bindgen's `web` glue (ESM, and a
# CommonJS copy made by esbuild), our loaders for each runtime (browser, web, Node, Deno,
# workerd), the shared JS (api.mjs) and the types. Links node_modules/refundkit to pkg/ so
# tests import the package by its own name, through its `exports`.
#
#   scripts/build-pkg.sh            release: size settings from Cargo.toml, wasm-opt -Oz
#   scripts/build-pkg.sh --dev      debug build, no wasm-opt: for fast iteration
#   scripts/build-pkg.sh --js-only  the JS, loaders and types of an existing pkg/ refreshed in
#                                   place from pkg-template/ (seconds; the wasm is left as it is)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .setup/env ] || scripts/setup.sh
. .setup/env

profile=--release
[ "${1:-}" = "--dev" ] && profile=--dev
js_only=0
[ "${1:-}" = "--js-only" ] && js_only=1

command -v wasm-opt >/dev/null || { echo "build-pkg: wasm-opt is not on PATH (run scripts/setup.sh)" >&2; exit 1; }

# The size build (docs/ARCHITECTURE.md): the standard library rebuilt for size, panics that
# abort at once (no panic messages, locations or formatting machinery in the .wasm). It needs
# the standard library's source, which setup.sh provisions; without it the build is the plain
# stable one (larger, same behaviour).
size_build=()
if [ "$profile" = --release ] && [ -d "$(RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  export RUSTC_BOOTSTRAP=1
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
  size_build=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
fi

# --mode no-install: use wasm-bindgen and wasm-opt from PATH, never download anything.
wasm_pack() {
  local build=$1 log features=()
  [ "$build" != all ] && features=(--no-default-features --features "$build")
  log=$(mktemp)
  RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN wasm-pack build "$profile" --mode no-install --no-pack --no-gitignore \
    --target web --out-dir "$PWD/pkg.tmp/$build" --out-name refundkit . -- "${features[@]}" "${size_build[@]}" 2>&1 | tee "$log" >&2
  if [ "$profile" = --release ] && ! grep -q "found wasm-opt at" "$log"; then
    echo "build-pkg: wasm-pack did not run wasm-opt for $build" >&2; rm -f "$log"; exit 1
  fi
  rm -f "$log"
}

# The entry points: the wasm they load, the prefix of their files, the subpath they are
# exported as.
builds=(all payroc jpmorgan commercehub)
prefix() { [ "$1" = all ] && echo index || echo "$1"; }
suffix() { [ "$1" = all ] && echo "" || echo "/$1"; }

if [ $js_only = 1 ]; then
  [ -f pkg/all/refundkit_bg.wasm ] || { echo "build-pkg: --js-only needs a built pkg/ (run scripts/build-pkg.sh)" >&2; exit 1; }
fi

# The package's JS, types and loaders around the built wasm, in directory $1.
assemble() {
  local dir=$1 b p s all names list loader file
  cp pkg-template/package.json pkg-template/README.md pkg-template/*.mjs pkg-template/*.d.ts pkg-template/*.d.cts "$dir/"
  if [ -d pkg-template/bin ]; then rm -rf "$dir/bin"; cp -R pkg-template/bin "$dir/bin"; fi
  rm -rf "$dir/types" && cp -R pkg-template/types "$dir/types"
  # ts-rs writes the shared shapes as .ts (cargo test, with ".js" imports: .cargo/config.toml);
  # the package ships them as .d.ts.
  for f in "$dir"/types/generated/*.ts; do mv "$f" "${f%.ts}.d.ts"; done
  # One CommonJS copy of the shared JS (errors bundled in): Node's require() path.
  esbuild "$dir/api.mjs" --bundle --format=cjs --platform=neutral --log-level=warning --outfile="$dir/api.cjs"
  # refundkit/journal for require() too (pg and better-sqlite3 stay the user's, loaded when used).
  esbuild "$dir/journal.mjs" --bundle --format=cjs --platform=node --external:pg --external:better-sqlite3 \
    --log-level=warning --outfile="$dir/journal.cjs"
  cp "$dir/journal.d.ts" "$dir/journal.d.cts"

  # Loaders from pkg-template/loaders/, one set per build. The names each exports are read
  # from the built CommonJS entry itself, so no two entries can list different names.
  for b in "${builds[@]}"; do
    p=$(prefix "$b"); s=$(suffix "$b")
    fill node.cjs "$b" "$p" "$s" > "$dir/$p-node.cjs"
    all=$(node -e 'console.log(Object.keys(require(process.argv[1])).sort().join(", "))' "$PWD/$dir/$p-node.cjs")
    # ready and initAsync belong to each loader, the rest to the api it builds.
    names=$(node -e 'console.log(Object.keys(require(process.argv[1])).filter((n) => n !== "ready" && n !== "initAsync").sort().join(", "))' "$PWD/$dir/$p-node.cjs")
    for loader in browser.mjs web.mjs node.mjs deno.mjs workerd.mjs; do
      case $loader in browser.mjs) file=$p.mjs ;; *) file=$p-$loader ;; esac
      list=$names; [ "$loader" = node.mjs ] && list=$all
      fill "$loader" "$b" "$p" "$s" | sed -e "s|__NAMES__|$list|" -e "s|__LETS__|$list|" > "$dir/$file"
    done
  done
}
fill() { sed -e "s|__BUILD__|$2|g" -e "s|__PREFIX__|$3|g" -e "s|__SUFFIX__|$4|g" "pkg-template/loaders/$1"; }

if [ $js_only = 1 ]; then
  assemble pkg
  echo "build-pkg: pkg/ JS refreshed" >&2
  exit 0
fi

rm -rf pkg.tmp && mkdir -p pkg.tmp
for b in "${builds[@]}"; do
  wasm_pack "$b"
  rm -f "pkg.tmp/$b/.gitignore" "pkg.tmp/$b/refundkit.d.ts" "pkg.tmp/$b/refundkit_bg.wasm.d.ts"
  esbuild "pkg.tmp/$b/refundkit.js" --format=cjs --platform=neutral --log-level=error --outfile="pkg.tmp/$b/refundkit.cjs"
done

assemble pkg.tmp

# Swap in the new package whole, so a reader never sees half of one.
rm -rf pkg && mv pkg.tmp pkg
mkdir -p node_modules
ln -sfn ../pkg node_modules/refundkit
echo "build-pkg: pkg/ ready ($(du -sh pkg | cut -f1)); node_modules/refundkit -> ../pkg" >&2
