// Part 5: where the wasm's bytes go, by crate and by top-level module of refundkit, from a
// build with names (bench/names-build.sh: the shipped build with its name section kept).
// twiggy's `top` lists every item with its shallow size; items are summed by the crate their
// name starts with (`<T as Trait>::f` counts for T's crate; a generic of another crate
// instantiated for refundkit's types counts for that crate: alloc, core). The name section
// itself is left out (the shipped wasm has none), so the total is comparable with pkg/'s.
//   node bench/wasm-breakdown.mjs [build]      prints the table for one build (default all)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const TWIGGY = [path.join(os.homedir(), ".cargo/bin/twiggy"), "twiggy"].find((p) => p === "twiggy" || existsSync(p));

/** The group an item's name belongs to: [crate, refundkit module or null]. */
export function groupOf(rawName) {
  const name = rawName.replace(/\[[0-9a-f]{8,}\]/g, ""); // v0 mangling's crate hashes
  if (/^"[a-z ]+ names" subsection$/.test(name)) return ["(name section)", null];
  if (name.startsWith("data segment") || /^data\[\d+\]$/.test(name)) return ["(data segments: strings, tables)", null];
  if (name.startsWith("custom section")) return ["(custom sections)", null];
  if (/ multivalue shim$/.test(name) || /^__wbindgen_/.test(name)) return ["(exports: wasm-bindgen shims, bodies inlined)", null];
  if (/^(type|table|elem|global|memory|import|export|start|func)\b|^code\[\d+\]$/.test(name)) return [`(wasm ${name.split(/[\[ ]/)[0]})`, null];
  const n = name.replace(/^(?:[<&*(\s]|(?:dyn|mut|const|impl)\s)+/g, "");
  const m = n.match(/^([A-Za-z_][A-Za-z0-9_]*)(?:::([A-Za-z_][A-Za-z0-9_]*))?(?:::([A-Za-z_][A-Za-z0-9_]*))?/);
  if (!m) return ["(other)", null];
  const crate = m[1];
  if (crate === "refundkit") {
    const mod = m[2] === "providers" && m[3] && !/^[A-Z]/.test(m[3]) ? `providers::${m[3]}` : m[2] ?? "(root)";
    return ["refundkit", mod];
  }
  // Methods of primitive types (<str>::find, <u32>::from_str_radix) live in core.
  if (/^(str|char|bool|[iu](8|16|32|64|128|size)|f32|f64|slice|\[)$/.test(crate)) return ["core", null];
  if (crate === "__rustc") return ["alloc", null]; // the global allocator's shims
  // An export's own function (wasm-bindgen keeps the Rust name when no shim wraps it).
  if (!name.includes("::")) return ["(exports: wasm-bindgen shims, bodies inlined)", null];
  return [crate, null];
}

export function breakdown(wasmPath) {
  const out = execFileSync(TWIGGY, ["top", "-n", "1000000", "--format", "json", wasmPath], { encoding: "utf8", maxBuffer: 256 << 20 });
  const items = JSON.parse(out);
  const crates = {}, modules = {};
  let total = 0, nameSection = 0;
  const top = [];
  for (const it of items) {
    const name = it.name, size = it.shallow_size;
    const [crate, mod] = groupOf(name);
    if (crate === "(name section)") {
      nameSection += size;
      continue;
    }
    total += size;
    crates[crate] = (crates[crate] ?? 0) + size;
    if (mod) modules[mod] = (modules[mod] ?? 0) + size;
    if (top.length < 25) top.push([name.replace(/\[[0-9a-f]{8,}\]/g, ""), size]);
  }
  const sorted = (o) => Object.entries(o).sort((a, b) => b[1] - a[1]);
  return { wasm: wasmPath, fileBytes: readFileSync(wasmPath).length, nameSectionBytes: nameSection, total, crates: sorted(crates), modules: sorted(modules), top };
}

export function namesWasm(root, build) {
  const p = path.join(root, "target/bench/names", build, "refundkit_bg.wasm");
  return existsSync(p) ? p : null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
  const build = process.argv[2] ?? "all";
  const p = namesWasm(root, build);
  if (!p) {
    console.error(`no names build for ${build}: run bench/names-build.sh ${build} (make bench-size)`);
    process.exit(1);
  }
  const b = breakdown(p);
  const pct = (x) => ((100 * x) / b.total).toFixed(1) + "%";
  console.log(`${p}: ${b.total} bytes without the name section (${b.nameSectionBytes} B of names)`);
  for (const [k, v] of b.crates) console.log(`  ${k.padEnd(40)} ${String(v).padStart(8)}  ${pct(v)}`);
  console.log("refundkit by module:");
  for (const [k, v] of b.modules) console.log(`  ${k.padEnd(40)} ${String(v).padStart(8)}  ${pct(v)}`);
  console.log("largest items:");
  for (const [k, v] of b.top) console.log(`  ${String(v).padStart(8)}  ${k.slice(0, 120)}`);
}
