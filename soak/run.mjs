// `make soak`: refund, reverse and reverseOrRefund intents across the three providers while
// the sandbox injects faults into 30% of the attempts that move money (every fault kind,
// seeded), run twice with the caller's own stable keys (the open batches are closed between
// the runs, so the second run's reverseOrRefund would now choose a refund). Unknown outcomes
// are resolved with syncRefund in the run that met them. check.mjs says what must hold.
// Then, unless --crash 0, the crash test (crash.mjs): worker processes killed mid-run.
//   node soak/run.mjs [--intents 10000] [--concurrency 64] [--fault-seed 9] [--timeout-ms 400]
//                     [--max-retries 5] [--settle 1] [--crash 1] [--report target/soak/report.json]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../tests/node/support/sandbox.mjs";
import { buildIntents } from "./intents.mjs";
import { installFaults, FAULT_RATE, isMoneyRoute, delayMsFor } from "./faults.mjs";
import { makeClients, perform, runAll, plain } from "./exec.mjs";
import { check, summarize } from "./check.mjs";
import { crashTest } from "./crash.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const opts = {
  intents: arg("intents", 10_000),
  concurrency: arg("concurrency", 64),
  faultSeed: arg("fault-seed", 9),
  timeoutMs: arg("timeout-ms", 400),
  maxRetries: arg("max-retries", 5),
  settle: arg("settle", 1) === 1,
  crash: arg("crash", 1) === 1,
};
{
  const i = process.argv.indexOf("--report");
  if (i > 0) opts.report = path.resolve(process.argv[i + 1]);
}
const plainOutcome = (o) => ({ ms: Math.round(o.ms), sync: o.sync, result: plain(o.result), error: plain(o.error) });

const rk = await import("refundkit");
const sbx = await startSandbox(["--seed", path.join(root, "soak/seed.json")]);
const started = performance.now();
try {
  const seed = await sbx.seed();
  const intents = buildIntents(seed, opts.intents, rk.idempotencyKeyFor);
  const common = { timeoutMs: opts.timeoutMs, maxRetries: opts.maxRetries };
  const clients = makeClients(rk, seed, sbx, common);
  const settleMs = delayMsFor(opts.timeoutMs) + 300;
  const runOnce = () => runAll(intents, (intent) => perform(intent, clients, rk, { settleMs }), opts.concurrency);

  const attempts = async () => Object.entries((await sbx.stats()).requests ?? {}).filter(([route]) => isMoneyRoute(route)).reduce((n, [, c]) => n + c, 0);
  const faultLines = () => sbx.logs.join("").split("\n").filter((l) => l.startsWith("fault "));

  await installFaults(sbx, opts);
  const t1 = performance.now();
  const run1 = await runOnce();
  const run1Seconds = (performance.now() - t1) / 1000;
  const ledger1 = await sbx.ledger();
  const attempts1 = await attempts();
  const faults1 = faultLines().length;

  await sbx.clearFaults();
  if (opts.settle) await sbx.settle();
  await installFaults(sbx, opts); // the same seeded rules again for the second run
  const t2 = performance.now();
  const run2 = await runOnce();
  const run2Seconds = (performance.now() - t2) / 1000;
  const ledger2 = await sbx.ledger();
  const attempts2 = (await attempts()) - attempts1;
  const faults2 = faultLines().length - faults1;
  const faultsByKind = {};
  for (const l of faultLines()) faultsByKind[l.split(" ")[1]] = (faultsByKind[l.split(" ")[1]] ?? 0) + 1;
  await sbx.clearFaults();

  const verdict = check({ intents, seed, run1, run2, ledger1, ledger2, RefundError: rk.RefundError });
  const sorted = run1.map((o) => o.ms).sort((a, b) => a - b);
  const pct = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  let crash = null;
  if (opts.crash) crash = await crashTest({ sbx, rk, opts, count: Math.min(600, Math.max(60, Math.round(opts.intents / 8))), kills: 4 });
  const stats = { durations1: [pct(0.5), pct(0.95), sorted.at(-1)], attempts1, attempts2, faults1, faults2, faultsByKind, run1Seconds, run2Seconds,
    totalSeconds: (performance.now() - started) / 1000, faultRate: FAULT_RATE, opts, crash: crash?.lines };
  console.log(summarize(verdict, stats));
  if (opts.report) {
    const { writeFileSync, mkdirSync } = await import("node:fs");
    mkdirSync(path.dirname(opts.report), { recursive: true });
    const dump = intents.map((it, i) => ({ ...it, run1: plainOutcome(run1[i]), run2: plainOutcome(run2[i]) }));
    writeFileSync(opts.report, JSON.stringify({ verdict, stats, intents: dump, ledger1, ledger2 }, null, 1));
  }
  const pass = verdict.pass && (crash?.pass ?? true);
  console.log(pass ? "soak: PASS" : "soak: FAIL");
  process.exitCode = pass ? 0 : 1;
} finally {
  await sbx.stop();
}
