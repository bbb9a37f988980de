// Cold start in every runtime the package supports: import + instantiate + first
// Money.parse, each sample a fresh process (or a fresh browser context), median of N.
//
//   node bench/runtimes.mjs [--quick]      prints the rows as a table (make bench-runtimes)
//   runtimeColdStarts(root, samples)       the same rows for bench/run.mjs's table
//
// Node (import and require), Bun and Deno time themselves, from before the import to after
// the first parse (bench/coldstart-probe.mjs; `performance.now()`), beside the wall time of
// the whole process and of an empty one. workerd cannot time itself: a Worker's clocks stand
// still while it runs without I/O, and module evaluation has none. So it is timed from
// outside: a fresh workerd (through miniflare) until its first answer, for a Worker that
// imports the package and parses, and for an empty Worker; the difference is the package's.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { median, fixed } from "./stats.mjs";
import { nodeColdStart, browserColdStart } from "./coldstart.mjs";
import { runtimeBinary } from "../tests/conformance/support/runtimes.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const PROBE = path.join(here, "coldstart-probe.mjs");
const PROBE_CJS = path.join(here, "coldstart-probe.cjs");
const EMPTY = path.join(here, "coldstart-empty.mjs");

/** One fresh process: its own measurement (stdout) and its wall time. */
function timed(command, args, root) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (status) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      status === 0 ? resolve({ inner: Number(out.trim()), wallMs }) : reject(new Error(`${command} ${args.join(" ")} exited with ${status}: ${err}`));
    });
  });
}

/** Median inner time, process time and empty-process time, interleaved sample by sample. */
async function processColdStart(root, command, probeArgs, emptyArgs, samples) {
  const inner = [], wall = [], empty = [];
  for (let i = 0; i < samples; i++) {
    const r = await timed(command, probeArgs, root);
    inner.push(r.inner);
    wall.push(r.wallMs);
    empty.push((await timed(command, emptyArgs, root)).wallMs);
  }
  return { importToFirstParseMs: median(inner), processMs: median(wall), emptyMs: median(empty), samples };
}

const WORKER = `import { Money } from "refundkit";
export default { fetch: () => new Response(String(Money.parse("10.00", "USD").minor)) };`;
const EMPTY_WORKER = `export default { fetch: () => new Response("1000") };`;

async function workerdColdStart(root, samples) {
  const { writeFileSync, mkdtempSync, rmSync } = await import("node:fs");
  const { supportedCompatibilityDate } = await import("miniflare");
  const { bundleWorker, runWorker } = await import("../tests/conformance/support/workerd.mjs");
  // The Worker sources must resolve "refundkit" from the repository's node_modules.
  const src = mkdtempSync(path.join(root, "target", "bench-worker-"));
  writeFileSync(path.join(src, "package.json"), '{ "type": "module" }');
  writeFileSync(path.join(src, "worker.mjs"), WORKER);
  writeFileSync(path.join(src, "empty.mjs"), EMPTY_WORKER);
  const bundles = { pkg: await bundleWorker(path.join(src, "worker.mjs")), empty: await bundleWorker(path.join(src, "empty.mjs")) };
  const firstAnswer = async (bundle) => {
    const start = process.hrtime.bigint();
    const worker = runWorker(bundle, { compatibilityDate: supportedCompatibilityDate });
    try {
      const body = await (await worker.dispatchFetch("http://worker.test/")).text();
      if (body !== "1000") throw new Error(`the Worker answered ${body}`);
      return Number(process.hrtime.bigint() - start) / 1e6;
    } finally {
      await worker.dispose();
    }
  };
  const withPkg = [], empty = [];
  try {
    for (let i = 0; i < samples; i++) {
      withPkg.push(await firstAnswer(bundles.pkg));
      empty.push(await firstAnswer(bundles.empty));
    }
  } finally {
    for (const b of Object.values(bundles)) b.remove();
    rmSync(src, { recursive: true, force: true });
  }
  return { firstAnswerMs: median(withPkg), emptyFirstAnswerMs: median(empty), samples };
}

/**
 * Cold start in Node's require(), Bun, Deno and workerd, as table rows `[part, measure,
 * result, target, status]` (bench/run.mjs already measures Node's import and Chromium).
 */
export async function runtimeColdStarts(root, samples = 20, log = () => {}) {
  const rows = [];
  const row = (what, value, context = "") => rows.push(["2 cold start", what, value, context, ""]);
  const node = process.execPath;

  log(`Node require() cold start (${samples} fresh processes)`);
  const cjs = await processColdStart(root, node, [PROBE_CJS], [EMPTY], samples);
  row(`Node require(): require + instantiate + first Money.parse (median of ${samples})`, `${fixed(cjs.importToFirstParseMs)} ms`);

  log(`Bun cold start (${samples} fresh processes)`);
  const bun = runtimeBinary("bun");
  const b = await processColdStart(root, bun, [PROBE], [EMPTY], samples);
  row(`Bun: import + instantiate + first Money.parse (median of ${samples})`, `${fixed(b.importToFirstParseMs)} ms`);
  row("Bun: whole process, same script / empty `bun`", `${fixed(b.processMs)} ms / ${fixed(b.emptyMs)} ms`, "context");

  log(`Deno cold start (${samples} fresh processes)`);
  const deno = runtimeBinary("deno");
  const denoRun = (file) => ["run", "--no-lock", "--no-prompt", file];
  const d = await processColdStart(root, deno, denoRun(PROBE), denoRun(EMPTY), samples);
  row(`Deno: import + instantiate + first Money.parse (median of ${samples})`, `${fixed(d.importToFirstParseMs)} ms`);
  row("Deno: whole process, same script / empty `deno run`", `${fixed(d.processMs)} ms / ${fixed(d.emptyMs)} ms`, "context");

  log(`workerd cold start (${samples} fresh workerd processes)`);
  const w = await workerdColdStart(root, samples);
  row(`workerd: fresh process to first answer, Worker with Money.parse / empty Worker (median of ${samples})`,
    `${fixed(w.firstAnswerMs)} ms / ${fixed(w.emptyFirstAnswerMs)} ms (package: ${fixed(w.firstAnswerMs - w.emptyFirstAnswerMs)} ms)`,
    "timed from outside");
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(here, "..");
  const samples = process.argv.includes("--quick") ? 5 : 20;
  const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
  log(`Node import cold start (${samples} fresh processes)`);
  const nodeCold = await nodeColdStart(root, samples);
  const rows = [
    ["2 cold start", `Node import: import + instantiate + first Money.parse (median of ${samples})`, `${fixed(nodeCold.importToFirstParseMs)} ms`, "", ""],
    ...(await runtimeColdStarts(root, samples, log)),
  ];
  log(`Chromium cold start (${samples} fresh contexts)`);
  const browserCold = await browserColdStart(root, samples);
  rows.push(["2 cold start", `Chromium page: import + instantiate + first Money.parse (median of ${samples})`, `${fixed(browserCold.importToFirstParseMs)} ms`, "", ""]);
  const header = ["part", "measure", "result (median)", "target", ""];
  console.log([header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n"));
}
