// `make bench`: one markdown table with every figure of issue 13, measured side by side.
//   node bench/run.mjs [--quick] [--json FILE] [--no-callgrind] [--no-browser] [--no-bulk] [--no-runtimes]
// Needs the release package (pkg/, `make pkg`), a release sandbox in target/bench
// (`make bench-sandbox`) and, for the wasm breakdown and the CPU profile, the names build
// (`make bench-size`, bench/names-build.sh). Starts the sandbox itself with bench/seed.json
// (256 payments of USD 1,000,000.00 per provider: thousands of refunds fit) and the
// Stripe-like endpoint. --quick: fewer calls and rounds, no callgrind (a few minutes).
//
// Other engineers' parts join the table through hooks: bench/coldstart.mjs (nodeColdStart,
// browserColdStart), bench/runtimes.mjs (runtimeColdStarts: require, Bun, Deno, workerd), bench/bulk.mjs (bulkThroughput) and bench/console.mjs (consoleTransfer,
// consoleRows), each used only if the file and function exist; a missing one is a row saying
// so. --no-bulk skips the bulk runs (they start PostgreSQL), --no-browser Chromium.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { startReleaseSandbox, startStripeEndpoint } from "./sandbox.mjs";
import { sizes } from "./size.mjs";
import { breakdown, namesWasm } from "./wasm-breakdown.mjs";
import { callBenchmarks } from "./calls.mjs";
import { recordAnswers } from "./canned.mjs";
import { sdkOnlyCost } from "./sdkcost.mjs";
import { cpuProfile } from "./profile.mjs";
import { callgrindCounts, valgrindAvailable } from "./callgrind.mjs";
import { kb, fixed, ratio } from "./stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : null;
const wantCallgrind = !args.includes("--no-callgrind") && !quick;
const wantBrowser = !args.includes("--no-browser");

const TARGETS = { perCallRatio: 1.10, throughputRatio: 0.9, sdkUs: 20, providerGzipKb: 40, allGzipKb: 64, nodeColdMs: 30 };
const verdict = (ok) => (ok ? "meets" : "MISSES");
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
const started = Date.now();

function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown";
  const version = (cmd, a) => { try { return execFileSync(cmd, a, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(); } catch { return "n/a"; } };
  return { nproc: os.availableParallelism?.() ?? os.cpus().length, cpu, memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version, rustc: version("rustc", ["--version"]), chromium: version("/usr/bin/chromium", ["--version"]),
    os: `${os.type()} ${os.release()}`, loadavg: os.loadavg().map((x) => x.toFixed(2)).join(" ") };
}
const loadAtStart = os.loadavg().map((x) => x.toFixed(2)).join(" ");

const rows = [];
const row = (part, what, value, target = "", status = "") => rows.push([part, what, value, target, status]);
const iqr = (s, f = (x) => x.toFixed(2)) => `IQR ${f(s.q[0])}–${f(s.q[1])}`;
const results = {};

// Optional parts owned by others: a missing module or function is a row saying so.
async function hook(file, fnNames) {
  const p = path.join(root, "bench", file);
  if (!existsSync(p)) return { missing: `bench/${file} does not exist yet` };
  const mod = await import(pathToFileURL(p).href);
  const fns = fnNames.filter((n) => typeof mod[n] === "function");
  if (fns.length === 0) return { missing: `bench/${file} exports none of ${fnNames.join(", ")} (exports: ${Object.keys(mod).join(", ") || "nothing"})` };
  return { mod, fns };
}

// 4. Sizes, and 5. the breakdown by crate (names build; `make bench-size`).
log("sizes (esbuild bundles of each entry)");
results.size = await sizes(root);
results.wasmBreakdown = {};
for (const build of ["all", "payroc", "jpmorgan", "commercehub"]) {
  const p = namesWasm(root, build);
  if (p) results.wasmBreakdown[build] = breakdown(p);
}

// 6. Cold start (bench/coldstart.mjs, owned by the runtimes work).
const cold = await hook("coldstart.mjs", ["nodeColdStart", "browserColdStart"]);
if (cold.mod) {
  if (cold.fns.includes("nodeColdStart")) {
    log("Node cold start");
    results.nodeCold = await cold.mod.nodeColdStart(root, quick ? 5 : 20);
  }
  if (cold.fns.includes("browserColdStart") && wantBrowser) {
    log("Chromium cold start");
    try {
      results.browserCold = await cold.mod.browserColdStart(root, quick ? 5 : 20);
    } catch (e) {
      results.browserCold = { error: String(e?.message ?? e).split("\n")[0] };
    }
  }
}

// Cold start in Node's require(), Bun, Deno and workerd (bench/runtimes.mjs, the runtimes work).
{
  const h = await hook("runtimes.mjs", ["runtimeColdStarts"]);
  if (h.mod && !args.includes("--no-runtimes")) {
    try {
      results.runtimes = await h.mod.runtimeColdStarts(root, quick ? 5 : 20, log);
    } catch (e) {
      results.runtimes = { error: String(e?.message ?? e).split("\n")[0] };
    }
  } else results.runtimes = { missing: h.missing ?? "skipped (--no-runtimes)" };
}

// 1, 2. Against the sandbox; 3. the canned answers are recorded from it too.
log("per call and throughput against the release sandbox");
const sbx = await startReleaseSandbox(root, ["--seed", path.join(root, "bench/seed.json")]);
const stripe = await startStripeEndpoint(root);
let recorded;
try {
  results.calls = await callBenchmarks(sbx, stripe, {
    ...(quick ? { calls: 600, rounds: 6, throughputCalls: 640, throughputRounds: 2 } : {}), log,
  });
  recorded = await recordAnswers(sbx, stripe);
} finally {
  await sbx.stop();
  await stripe.stop();
}
mkdirSync(path.join(root, "target/bench"), { recursive: true });
const cannedFile = path.join(root, "target/bench/canned.json");
writeFileSync(cannedFile, JSON.stringify(recorded));

log("SDK CPU per refund with canned answers (no network)");
results.sdkCost = await sdkOnlyCost(recorded, quick ? { calls: 1500, rounds: 5 } : {});
if (namesWasm(root, "all")) {
  log("CPU profile (names build of the wasm)");
  results.profile = await cpuProfile(root, recorded, ["payroc.sdk", "jpmorgan.sdk", "stripe.fetch"], quick ? { calls: 3000 } : { calls: 8000 });
}
const valgrind = await valgrindAvailable();
if (valgrind && wantCallgrind) {
  log("callgrind: instructions per refund (a few minutes)");
  results.callgrind = await callgrindCounts(root, cannedFile, ["jpmorgan.sdk", "jpmorgan.raw", "stripe.fetch", "stripe.raw"], { log });
}

// Hooks: bulk (bench/bulk.mjs: bulkThroughput(root, { quick }) → { rows }) and the console's
// bytes (bench/console.mjs: consoleTransfer({ url }) on a sandbox serving www/dist and pkg/,
// then consoleRows(m)); both owned by other work. Their rows join the table as they are.
results.hooks = {};
{
  const h = await hook("bulk.mjs", ["bulkThroughput", "benchRows"]);
  if (h.mod && !args.includes("--no-bulk")) {
    log("bulk throughput (bench/bulk.mjs)");
    try {
      const out = h.fns.includes("bulkThroughput") ? await h.mod.bulkThroughput(root, { quick }) : { rows: await h.mod.benchRows({ root, quick, log }) };
      results.hooks["bulk.mjs"] = out;
    } catch (e) {
      results.hooks["bulk.mjs"] = { error: String(e?.message ?? e).split("\n")[0] };
    }
  } else results.hooks["bulk.mjs"] = h.mod ? { missing: "skipped (--no-bulk)" } : h;
}
{
  const h = await hook("console.mjs", ["consoleTransfer", "consoleRows"]);
  const www = path.join(root, "www/dist");
  if (h.mod && h.fns.length === 2 && existsSync(www) && wantBrowser) {
    log("the console's bytes on the wire (bench/console.mjs)");
    const sb = await startReleaseSandbox(root, ["--www", www, "--pkg", path.join(root, "pkg")]);
    try {
      const m = await h.mod.consoleTransfer({ url: `${sb.url}/` });
      results.hooks["console.mjs"] = { rows: h.mod.consoleRows(m), figures: { cold: m.cold, warm: m.warm } };
    } catch (e) {
      results.hooks["console.mjs"] = { error: String(e?.message ?? e).split("\n")[0] };
    } finally {
      await sb.stop();
    }
  } else if (h.mod && h.fns.length === 2) results.hooks["console.mjs"] = { missing: existsSync(www) ? "skipped (--no-browser)" : "www/dist is not built (make www)" };
  else results.hooks["console.mjs"] = h.mod ? { missing: `bench/console.mjs lacks consoleTransfer or consoleRows` } : h;
}

// ---- the table ----
const pc = results.calls.perCall;
const us = (k) => pc.us[k].median;
const R = (k) => pc.ratios[k];
const stripeFetch = R("stripe.fetch/raw").median;
const n = `${pc.callsEach} calls each, ${pc.rounds} rounds`;
row("1 per call", `raw fetch, Payroc GET payment + POST refund (refundkit's two requests), ${n}`, `${fixed(us("payroc.raw2"), 0)} µs`, "1.00×");
row("1 per call", "raw fetch, Payroc POST refund alone (floor without the currency check)", `${fixed(us("payroc.raw1"), 0)} µs (GET+POST is ${ratio(R("payroc.raw2/raw1").median)} this)`, "context");
const pr = R("payroc.sdk/raw2");
row("1 per call", "refundkit PayrocClient.refund", `${fixed(us("payroc.sdk"), 0)} µs: ${ratio(pr.median)} raw GET+POST (${iqr(pr)}); ${ratio(R("payroc.sdk/raw1").median)} the one-POST floor`,
  `≤ ${TARGETS.perCallRatio}× and < stripe fetch ${ratio(stripeFetch)}`, verdict(pr.median <= TARGETS.perCallRatio && pr.median < stripeFetch));
for (const [p, label, client] of [["jpmorgan", "J.P. Morgan POST /refunds", "JpMorganClient.refund"], ["commercehub", "Commerce Hub POST /payments/v1/refunds (HMAC in JS)", "CommerceHubClient.refund"]]) {
  const r = R(`${p}.sdk/raw`);
  row("1 per call", `raw fetch, ${label}`, `${fixed(us(`${p}.raw`), 0)} µs`, "1.00×");
  row("1 per call", `refundkit ${client} (one request)`, `${fixed(us(`${p}.sdk`), 0)} µs: ${ratio(r.median)} raw (${iqr(r)})`,
    `≤ ${TARGETS.perCallRatio}× and < stripe fetch`, verdict(r.median <= TARGETS.perCallRatio && r.median < stripeFetch));
}
row("1 per call", "raw fetch, Stripe-like POST /v1/refunds (stripe's floor, bench/stripe-endpoint.mjs)", `${fixed(us("stripe.raw"), 0)} µs`, "1.00×");
row("1 per call", "stripe-node refunds.create, default client (node:http keep-alive)", `${fixed(us("stripe.node"), 0)} µs: ${ratio(R("stripe.node/raw").median)} its raw fetch (${iqr(R("stripe.node/raw"))})`, "context");
row("1 per call", "stripe-node refunds.create, Stripe.createFetchHttpClient() (the like-for-like peer)", `${fixed(us("stripe.fetch"), 0)} µs: ${ratio(stripeFetch)} its raw fetch (${iqr(R("stripe.fetch/raw"))})`, "the bar");

const tp = results.calls.throughput;
for (const [sdk, raw, label] of [["payroc.sdk", "payroc.raw2", "Payroc (GET + POST)"], ["jpmorgan.sdk", "jpmorgan.raw", "J.P. Morgan (one POST)"]]) {
  const r = tp.ratios[`${sdk}/${raw}`];
  row("2 throughput", `${label}, ${tp.callers} concurrent callers, ${tp.callsEach} refunds each, ${tp.rounds} rounds: raw fetch`, `${fixed(tp.perSec[raw].median, 0)} refunds/s`, "1.00×");
  row("2 throughput", `${label}: refundkit`, `${fixed(tp.perSec[sdk].median, 0)} refunds/s: ${ratio(r.median)} raw (${iqr(r)})`, `≥ ${TARGETS.throughputRatio}×`, verdict(r.median >= TARGETS.throughputRatio));
}

const sc = results.sdkCost;
const su = (k) => sc.us[k].median;
const stripeAdded = sc.added.stripe.median;
const cpuN = `${sc.calls} calls × ${sc.rounds} rounds`;
for (const [p, label] of [["payroc", "Payroc refund (GET + POST)"], ["jpmorgan", "J.P. Morgan refund"], ["commercehub", "Commerce Hub refund (HMAC-SHA256 in wasm)"]]) {
  const a = sc.added[p];
  row("3 SDK CPU", `refundkit ${label}, canned fetch, over raw fetch of the same canned answers (${cpuN})`,
    `${fixed(a.median, 1)} µs (${iqr(a, (x) => x.toFixed(1))}); ${fixed(su(`${p}.sdk`), 1)} µs vs ${fixed(su(`${p}.raw${p === "payroc" ? "2" : ""}`), 1)} µs raw`,
    `≤ ${TARGETS.sdkUs} µs and < stripe ${fixed(stripeAdded, 1)} µs`, verdict(a.median <= TARGETS.sdkUs && a.median < stripeAdded));
}
row("3 SDK CPU", "stripe-node (fetch client, canned fetch) over raw fetch of the same canned answer",
  `${fixed(stripeAdded, 1)} µs (${iqr(sc.added.stripe, (x) => x.toFixed(1))}); ${fixed(su("stripe.fetch"), 1)} µs vs ${fixed(su("stripe.raw"), 1)} µs raw`, "the bar");
row("3 SDK CPU", "the stand-in alone: one canned Response built and read as text", `${fixed(su("canned.fetch"), 1)} µs`, "context");
if (results.profile) {
  for (const [name, label] of [["payroc.sdk", "refundkit Payroc"], ["jpmorgan.sdk", "refundkit J.P. Morgan"], ["stripe.fetch", "stripe-node fetch client"]]) {
    const p = results.profile[name];
    if (!p) continue;
    const wasm = p.categories.filter((c) => c.what.startsWith("wasm:")).reduce((a, c) => a + c.share, 0);
    const top = p.categories.filter((c) => !c.what.startsWith("wasm:")).slice(0, 5).map((c) => `${c.what} ${(100 * c.share).toFixed(0)}%`);
    const parts = (label.startsWith("refundkit") ? [`wasm core ${(100 * wasm).toFixed(0)}%`] : []).concat(top).join(", ");
    row("3 SDK CPU", `where ${label}'s canned-loop CPU goes (V8 sampling profile, ${p.samples} samples, wasm with names)`, parts, "breakdown");
  }
}
if (results.callgrind) {
  const cg = results.callgrind.perCall;
  const k = (name) => `${(cg[name].instructionsPerCall / 1000).toFixed(0)} k`;
  const add = (a, b) => ((cg[a].instructionsPerCall - cg[b].instructionsPerCall) / 1000).toFixed(0);
  row("3 SDK CPU", `instructions per refund (callgrind, node under valgrind, ${results.callgrind.large - results.callgrind.small} calls after ${results.callgrind.warm}, node --single-threaded): refundkit J.P. Morgan / raw`, `${k("jpmorgan.sdk")} / ${k("jpmorgan.raw")} (adds ${add("jpmorgan.sdk", "jpmorgan.raw")} k)`, "repeatable");
  row("3 SDK CPU", "instructions per refund: stripe-node fetch client / raw", `${k("stripe.fetch")} / ${k("stripe.raw")} (adds ${add("stripe.fetch", "stripe.raw")} k)`, "repeatable");
} else {
  row("3 SDK CPU", "instructions per refund (callgrind)", valgrind ? "skipped (--quick or --no-callgrind)" : "valgrind is not installed", "");
}

for (const [build, e] of Object.entries(results.size.entries)) {
  const limit = build === "all" ? TARGETS.allGzipKb : TARGETS.providerGzipKb;
  row("4 size", `${e.spec}: .wasm`, `${kb(e.wasm.raw)} raw, ${kb(e.wasm.gzip)} gzip`);
  row("4 size", `${e.spec}: .wasm + entry JS bundled and minified (esbuild; JS ${kb(e.js.gzip)} gzip)`, `${kb(e.total.raw)} raw, ${kb(e.total.gzip)} gzip`,
    `≤ ${limit} KB gzip`, verdict(e.total.gzip / 1024 <= limit));
}
row("4 size", "stripe-node browser build, bundled and minified (esbuild)", `${kb(results.size.stripe.raw)} raw, ${kb(results.size.stripe.gzip)} gzip`, "for scale");

const wb = results.wasmBreakdown.all;
if (wb) {
  const pct = (x) => `${((100 * x) / wb.total).toFixed(0)}%`;
  const crates = wb.crates.slice(0, 9).map(([k, v]) => `${k} ${kb(v)} (${pct(v)})`).join(", ");
  row("5 wasm by crate", `refundkit (all) names build, ${kb(wb.total)} without names (twiggy top, shallow sizes)`, crates);
  row("5 wasm by crate", "refundkit crate by module", wb.modules.slice(0, 10).map(([k, v]) => `${k} ${kb(v)}`).join(", "));
  for (const build of ["payroc", "jpmorgan", "commercehub"]) {
    const b = results.wasmBreakdown[build];
    if (b) row("5 wasm by crate", `refundkit/${build}`, b.crates.slice(0, 6).map(([k, v]) => `${k} ${kb(v)}`).join(", "));
  }
} else {
  row("5 wasm by crate", "names build", "not built: `make bench-size` (bench/names-build.sh)");
}

if (results.nodeCold) {
  const c = results.nodeCold;
  row("6 cold start", `Node: import + instantiate + first Money.parse (median of ${c.samples}; bench/coldstart.mjs)`, `${fixed(c.importToFirstParseMs)} ms`,
    `≤ ${TARGETS.nodeColdMs} ms`, verdict(c.importToFirstParseMs <= TARGETS.nodeColdMs));
  if (c.processMs !== undefined) row("6 cold start", "Node: whole process, same script / empty `node`", `${fixed(c.processMs)} ms / ${fixed(c.emptyNodeMs)} ms`, "context");
} else row("6 cold start", "Node", cold.missing ?? "nodeColdStart not exported by bench/coldstart.mjs");
if (results.browserCold?.error) row("6 cold start", "Chromium", `failed: ${results.browserCold.error}`);
else if (results.browserCold) row("6 cold start", `Chromium page: import + instantiate + first Money.parse (median of ${results.browserCold.samples})`, `${fixed(results.browserCold.importToFirstParseMs)} ms`, "reported");
else row("6 cold start", "Chromium", wantBrowser ? cold.missing ?? "browserColdStart not exported" : "skipped (--no-browser)");

if (Array.isArray(results.runtimes)) for (const r of results.runtimes) row("6 cold start", r[1], r[2], r[3] ?? "", r[4] ?? "");
else row("6 cold start", "Node require(), Bun, Deno, workerd (bench/runtimes.mjs)", results.runtimes.error ? `failed: ${results.runtimes.error}` : results.runtimes.missing);

for (const [file, h] of Object.entries(results.hooks)) {
  const part = file === "bulk.mjs" ? "7 bulk" : "8 console";
  const list = Array.isArray(h) ? h : h.rows;
  if (Array.isArray(list)) {
    for (const r of list) {
      if (Array.isArray(r)) row(part, r[1], r[2], r[3] ?? "", r[4] ?? "");
      else row(part, r.measure, r.result, r.target ?? "", r.verdict ?? "");
    }
  } else row(part, `bench/${file}`, h.error ? `failed: ${h.error}` : `hook not connected: ${h.missing}`);
}

const esc = (s) => String(s).replaceAll("|", "\\|");
const header = ["part", "measure", "result (median)", "target", ""];
const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.map(esc).join(" | ")} |`).join("\n");
const m = machine();
const machineLine = `Machine: ${m.nproc} CPUs (${m.cpu}), ${m.memGiB} GiB, ${m.os}; ${m.node}; ${m.rustc}; ${m.chromium}; load average ${loadAtStart} at the start, ${m.loadavg} at the end; ${quick ? "--quick, " : ""}${((Date.now() - started) / 60000).toFixed(1)} min.`;
console.log(table);
console.log(`\n${machineLine}`);
if (jsonOut) {
  mkdirSync(path.dirname(path.resolve(jsonOut)), { recursive: true });
  writeFileSync(jsonOut, JSON.stringify({ date: new Date().toISOString(), machine: m, machineLine, quick, ...results, table }, null, 1));
}
process.exit(0);
