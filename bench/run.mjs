// `make bench`: one table with every figure of issue 9, measured side by side.
//   node bench/run.mjs [--quick] [--json FILE]
// Needs the release package (pkg/, `make pkg`) and a release sandbox in target/bench
// (bench.mk builds both; see bench/sandbox.mjs). Starts the sandbox itself with
// bench/seed.json (256 payments of USD 1,000,000.00, so thousands of refunds fit).
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { startReleaseSandbox } from "./sandbox.mjs";
import { sizes } from "./size.mjs";
import { nodeColdStart, browserColdStart } from "./coldstart.mjs";
import { callBenchmarks } from "./calls.mjs";
import { builderThroughput } from "./builders.mjs";
import { sdkOnlyCost } from "./sdkcost.mjs";
import { kb, fixed, ratio } from "./stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : null;

const TARGETS = { gzipKb: 80, perCallRatio: 1.15, throughputRatio: 0.9, coldStartMs: 30 };
const verdict = (ok) => (ok ? "meets" : "MISSES");

function machine() {
  const cpu = os.cpus()[0]?.model ?? "unknown";
  const version = (cmd, a) => { try { return execFileSync(cmd, a, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim(); } catch { return "n/a"; } };
  return { nproc: os.availableParallelism?.() ?? os.cpus().length, cpu, memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version, rustc: version("rustc", ["--version"]), chromium: version("/usr/bin/chromium", ["--version"]),
    os: `${os.type()} ${os.release()}`, loadavg: os.loadavg().map((x) => x.toFixed(2)).join(" ") };
}

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

log("sizes");
const size = await sizes(root);
log("Node cold start (20 fresh processes)");
const nodeCold = await nodeColdStart(root, quick ? 5 : 20);
log("Chromium cold start (20 fresh contexts)");
const browserCold = await browserColdStart(root, quick ? 5 : 20);
log("build-and-validate in wasm");
const builders = await builderThroughput(quick ? { slices: 3 } : {});
log("SDK CPU per call with a canned answer (no network)");
const sdkCost = await sdkOnlyCost(quick ? { calls: 1000, rounds: 3 } : {});
log("per-call overhead and throughput against the sandbox");
const sbx = await startReleaseSandbox(root, ["--seed", path.join(root, "bench/seed.json")]);
let calls;
try {
  calls = await callBenchmarks(root, sbx, quick ? { calls: 400, rounds: 4, throughputCalls: 500, throughputRounds: 2 } : {});
} finally {
  await sbx.stop();
}

const rows = [];
const row = (section, what, value, target = "", status = "") => rows.push([section, what, value, target, status]);
const gzTotal = size.total.gzip / 1024;
row("1 size", "refundkit .wasm", `${kb(size.wasm.raw)} raw, ${kb(size.wasm.gzip)} gzip`);
row("1 size", "refundkit JS glue (wasm-bindgen, pkg/web/refundkit.js)", `${kb(size.glue.raw)} raw, ${kb(size.glue.gzip)} gzip`);
row("1 size", "refundkit browser entry, all JS bundled+minified (esbuild)", `${kb(size.entry.raw)} raw, ${kb(size.entry.gzip)} gzip`);
row("1 size", "refundkit total: .wasm + bundled JS", `${kb(size.total.raw)} raw, ${kb(size.total.gzip)} gzip`,
  `≤ ${TARGETS.gzipKb} KB gzip`, verdict(gzTotal <= TARGETS.gzipKb));
row("1 size", "stripe-node browser build, bundled+minified (esbuild)", `${kb(size.stripe.raw)} raw, ${kb(size.stripe.gzip)} gzip`, "for scale");
row("2 cold start", `Node: import + instantiate + first Money.parse (median of ${nodeCold.samples})`, `${fixed(nodeCold.importToFirstParseMs)} ms`,
  `≤ ${TARGETS.coldStartMs} ms`, verdict(nodeCold.importToFirstParseMs <= TARGETS.coldStartMs));
row("2 cold start", "Node: whole process, same script / empty `node`", `${fixed(nodeCold.processMs)} ms / ${fixed(nodeCold.emptyNodeMs)} ms`, "context");
row("2 cold start", `Chromium page: import + instantiate + first Money.parse (median of ${browserCold.samples})`, `${fixed(browserCold.importToFirstParseMs)} ms`);
const pc = calls.perCall;
row("3 per call", `raw fetch, hand-built Payroc refund (floor), ${pc.callsEach} sequential`, `${fixed(pc.us.rawFetch, 0)} µs`, "1.00×");
row("3 per call", "refundkit PayrocClient.refund", `${fixed(pc.us.refundkit, 0)} µs  (${ratio(pc.refundkitRatio)} raw fetch)`,
  `≤ ${TARGETS.perCallRatio}× and < stripe`, verdict(pc.refundkitRatio <= TARGETS.perCallRatio && pc.refundkitRatio < pc.stripeRatio));
row("3 per call", `refundkit CPU alone: canned answer, no network (${sdkCost.calls} × ${sdkCost.rounds})`,
  `${fixed(sdkCost.sdkUs, 0)} µs vs ${fixed(sdkCost.rawUs, 0)} µs for JSON in and out by hand`, "context");
row("3 per call", "raw fetch to the Stripe-like endpoint (stripe's floor)", `${fixed(pc.us.stripeFloor, 0)} µs`, "1.00×");
row("3 per call", "stripe-node refunds.create", `${fixed(pc.us.stripeSdk, 0)} µs  (${ratio(pc.stripeRatio)} its raw fetch)`);
const tp = calls.throughput;
row("4 throughput", `raw fetch, ${tp.callers} concurrent callers`, `${fixed(tp.perSec.rawFetch, 0)} refunds/s`, "1.00×");
row("4 throughput", `refundkit, ${tp.callers} concurrent callers`, `${fixed(tp.perSec.refundkit, 0)} refunds/s  (${ratio(tp.refundkitRatio)} raw fetch)`,
  `≥ ${TARGETS.throughputRatio}×`, verdict(tp.refundkitRatio >= TARGETS.throughputRatio));
for (const [name, r] of Object.entries(builders)) {
  row("5 in wasm", `${name}: builder.validate()`, `${fixed(r.validatePerSec / 1000, 1)} k/s`);
  row("5 in wasm", `${name}: client.prepare(builder)`, `${fixed(r.preparePerSec / 1000, 1)} k/s`);
  row("5 in wasm", `${name}: new builder + validate() + prepare()`, `${fixed(r.buildValidatePreparePerSec / 1000, 1)} k/s`);
}

const header = ["part", "measure", "result (median)", "target", ""];
const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
const m = machine();
console.log(table);
console.log(`\nMachine: ${m.nproc} CPUs (${m.cpu}), ${m.memGiB} GiB, ${m.os}; ${m.node}; ${m.rustc}; ${m.chromium}; load average at the end ${m.loadavg}.`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ date: new Date().toISOString(), machine: m, size, nodeCold, browserCold, sdkCost, calls, builders, table }, null, 1));
process.exit(0);
