// The crash test: worker processes (worker.mjs) run the crash intents with faults on and are
// killed with SIGKILL at random points, several times over, each time mid-run with requests
// in flight. Then the same intents are run to the end twice in this process with the same
// keys (what a restarted service does), and check.mjs's conditions must hold over the whole
// ledger: at most one money movement per intent, nothing over-refunded, every entry an
// intent's, final answers and syncRefund agreeing with the ledger, the last run moving nothing.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { buildIntents } from "./intents.mjs";
import { installFaults, delayMsFor } from "./faults.mjs";
import { makeClients, perform, runAll } from "./exec.mjs";
import { check, fmt } from "./check.mjs";

const WORKER = fileURLToPath(new URL("./worker.mjs", import.meta.url));

const rng = (seed) => () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

export async function crashTest({ sbx, rk, opts, count = 300, kills = 5 }) {
  const started = performance.now();
  await sbx.reset(); // a ledger of its own
  const seed = await sbx.seed();
  const namespace = "soak-crash";
  const prefix = "crash-intent";
  const intents = buildIntents(seed, count, rk.idempotencyKeyFor, { namespace, prefix });
  const settleMs = delayMsFor(opts.timeoutMs) + 300;
  const random = rng(opts.faultSeed + 7);
  await installFaults(sbx, opts);

  const killedAfter = [];
  for (let k = 0; k < kills; k++) {
    const cfg = { url: sbx.url, count, namespace, prefix, offset: Math.floor(random() * count), concurrency: opts.concurrency,
      timeoutMs: opts.timeoutMs, maxRetries: opts.maxRetries, settleMs };
    const child = spawn(process.execPath, [WORKER, JSON.stringify(cfg)], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    // Killed once a random share (10–70%) of the intents has ended: the others are in flight
    // or not started. Progress, not time, so a loaded machine kills at the same points.
    const target = Math.max(1, Math.floor(count * (0.1 + 0.6 * random())));
    let done = 0;
    await new Promise((resolve, reject) => {
      child.stdout.on("data", (d) => {
        for (const m of String(d).matchAll(/done (\d+)/g)) done = Number(m[1]);
        if (done >= target) resolve();
      });
      exited.then(({ code }) => (code === 0 ? resolve() : reject(new Error(`crash worker exited (${code}): ${err}`))));
    });
    child.kill("SIGKILL");
    const { signal } = await exited;
    killedAfter.push(signal === "SIGKILL" ? `${done}` : `(finished: ${done})`);
  }
  const ledger0 = await sbx.ledger();

  // Restarted: the same intents, to the end, twice.
  const clients = makeClients(rk, seed, sbx, { timeoutMs: opts.timeoutMs, maxRetries: opts.maxRetries });
  const run = () => runAll(intents, (intent) => perform(intent, clients, rk, { settleMs }), opts.concurrency);
  const run1 = await run();
  const ledger1 = await sbx.ledger();
  const run2 = await run();
  const ledger2 = await sbx.ledger();
  await sbx.clearFaults();

  const v = check({ intents, seed, run1, run2, ledger0, ledger1, ledger2, RefundError: rk.RefundError });
  const seconds = (performance.now() - started) / 1000;
  const lines = [
    `| crash test: ${count} intents, ${kills} workers killed (SIGKILL) after ${killedAfter.join(", ")} intents had ended; then run to the end twice | ${ledger0.length} movements before the restart, ${ledger1.length} after, ${ledger2.length} after the second run; more than one per intent: ${v.doubles.length}; over-refunded: ${v.overRefunds.length}; strangers: ${v.strangers.length}; answers/syncRefund disagreeing with the ledger: ${v.mismatches.length + v.problems.length} | ${v.pass ? "ok" : "FAIL"} |`,
    `| crash test: outcomes after the restart / unknown outcomes resolved | ${fmt(sumRows(v.rows, "run1"))} / ${fmt(v.unknowns.run1)}; ${seconds.toFixed(1)} s | |`,
  ];
  for (const [k, n] of Object.entries(v.findings)) lines.push(`| crash test failure: ${k} | ${n} | FAIL |`);
  return { pass: v.pass, lines, verdict: v };
}

function sumRows(rows, run) {
  const out = {};
  for (const r of Object.values(rows)) for (const [k, n] of Object.entries(r[run])) out[k] = (out[k] ?? 0) + n;
  return out;
}
