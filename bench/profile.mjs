// Part 3c: where a refund's CPU goes, from V8's sampling profiler over the canned loop
// (bench/canned.mjs), with the package's JS over the names build of the wasm
// (bench/names-build.sh; same code as pkg/ plus a name section), so samples in wasm carry
// Rust function names. Self time is summed by where the code lives: the core (by crate and
// refundkit module), wasm-bindgen's glue (strings across the boundary), api.mjs (the JS
// loop), the Response stand-in (undici), the harness, GC. Shares are of all samples taken
// while the loop ran; µs = share × the loop's time per refund.
import { Session } from "node:inspector/promises";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { groupOf } from "./wasm-breakdown.mjs";
import { cannedFetch } from "./canned.mjs";
import { makeContenders } from "./contenders.mjs";

function category(frame) {
  const { functionName: fn, url } = frame;
  if (fn === "(garbage collector)") return "GC";
  if (fn === "(program)" || fn === "(idle)" || fn === "(root)") return "V8 (program: runtime, microtasks, builtins not attributed)";
  if (url.startsWith("wasm://") || (!url && /::/.test(fn))) {
    const name = fn.replace(/^\$/, "");
    const [crate, mod] = groupOf(name);
    return mod ? `wasm: refundkit::${mod}` : `wasm: ${crate}`;
  }
  if (url.endsWith("/refundkit.js")) return "wasm-bindgen glue (strings in and out)";
  if (url.endsWith("/api.mjs")) return "api.mjs (JS loop, encode, JSON.parse of steps)";
  if (url.includes("undici") || url.startsWith("node:internal/webstreams") || url.includes("internal/deps")) return "undici: Response, Headers, text() (the network's stand-in)";
  if (url.includes("/bench/")) return "bench harness (canned fetch, loop)";
  if (url.includes("/stripe/")) return "stripe-node";
  if (url === "node:internal/abort_controller" || url === "node:internal/worker/js_transferable") return "AbortController/AbortSignal (node internals)";
  if (url.startsWith("node:")) return `node: ${url.replace(/^node:internal\//, "").split("/")[0]}`;
  if (!url) return `builtin: ${fn || "(anonymous)"}`;
  return path.basename(url);
}

export async function cpuProfile(root, recorded, names = ["payroc.sdk", "jpmorgan.sdk"], { calls = 20000, intervalUs = 50 } = {}) {
  const build = path.join(root, "target/bench/names/all");
  const glue = await import(pathToFileURL(path.join(build, "refundkit.js")).href);
  await glue.default({ module_or_path: readFileSync(path.join(build, "refundkit_bg.wasm")) });
  const { createApi } = await import(pathToFileURL(path.join(root, "pkg/api.mjs")).href);
  const rk = createApi(glue, {});
  const { default: Stripe } = await import("stripe");
  const c = await makeContenders(rk, Stripe, { ...recorded.env, fetch: cannedFetch(recorded.answers) });

  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: intervalUs });
  const result = {};
  for (const name of names) {
    for (let i = 0; i < 2000; i++) await c[name]();
    await session.post("Profiler.start");
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await c[name]();
    const usPerCall = ((performance.now() - t0) * 1000) / calls;
    const { profile } = await session.post("Profiler.stop");
    const self = {};
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    let total = 0;
    for (const id of profile.samples) {
      const cat = category(byId.get(id).callFrame);
      self[cat] = (self[cat] ?? 0) + 1;
      total++;
    }
    const top = {};
    for (const id of profile.samples) {
      const f = byId.get(id).callFrame;
      const k = `${f.functionName || "(anonymous)"} ${f.url ? path.basename(f.url) : ""}`.trim();
      top[k] = (top[k] ?? 0) + 1;
    }
    result[name] = {
      usPerCall, samples: total,
      categories: Object.entries(self).sort((a, b) => b[1] - a[1]).map(([k, v]) => ({ what: k, share: v / total, us: (v / total) * usPerCall })),
      functions: Object.entries(top).sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => ({ what: k, share: v / total, us: (v / total) * usPerCall })),
    };
  }
  await session.post("Profiler.disable");
  session.disconnect();
  return result;
}
