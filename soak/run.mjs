// `make soak`: refund intents across the three providers while the sandbox injects faults
// into 30% of refund attempts (every fault kind, seeded), run twice with the caller's own
// stable keys. Passes only if no refund is paid twice, no payment is over-refunded, every
// intent ends as one refund or a typed RefundError carrying its key, and the second run
// pays nothing new.
//   node soak/run.mjs [--intents 10000] [--concurrency 64] [--fault-seed 9] [--timeout-ms 400]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../tests/node/support/sandbox.mjs";
import { buildIntents } from "./intents.mjs";
import { installFaults, FAULT_RATE } from "./faults.mjs";
import { check, summarize } from "./check.mjs";

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
};

const rk = await import("refundkit");
const sbx = await startSandbox(["--seed", path.join(root, "soak/seed.json")]);
const started = performance.now();
try {
  const seed = await sbx.seed();
  const intents = buildIntents(seed, opts.intents, rk.idempotencyKeyFor);
  const common = { timeoutMs: opts.timeoutMs, maxRetries: opts.maxRetries };
  const clients = {
    payroc: new rk.PayrocClient({ ...common, apiKey: seed.payroc.apiKey, ...sbx.payroc }),
    jpmorgan: new rk.JpMorganClient({ ...common, merchantId: seed.jpmorgan.merchantId, clientId: seed.jpmorgan.clientId,
      clientSecret: seed.jpmorgan.clientSecret, ...sbx.jpmorgan, merchantSoftware: { companyName: "refundkit", productName: "soak", version: "1" } }),
    commercehub: new rk.CommerceHubClient({ ...common, apiKey: seed.commercehub.apiKey, apiSecret: seed.commercehub.apiSecret,
      merchantId: seed.commercehub.merchantId, terminalId: seed.commercehub.terminalId, ...sbx.commercehub }),
  };

  // One pass over every intent, `concurrency` at a time; each ends as a result or an error.
  const runOnce = async () => {
    const outcomes = new Array(intents.length);
    let next = 0;
    const worker = async () => {
      while (next < intents.length) {
        const i = next++;
        const intent = intents[i];
        const t0 = performance.now();
        try {
          outcomes[i] = { result: await intent.call(clients[intent.provider], rk) };
        } catch (error) {
          outcomes[i] = { error };
        }
        outcomes[i].ms = performance.now() - t0;
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    return outcomes;
  };

  const attempts = async () => Object.entries((await sbx.stats()).requests ?? {})
    .filter(([route]) => route.startsWith("POST") && /refund$|refunds$/.test(route)).reduce((n, [, c]) => n + c, 0);
  const faultLines = () => sbx.logs.join("").split("\n").filter((l) => l.startsWith("fault "));

  await installFaults(sbx, opts);
  const t1 = performance.now();
  const run1 = await runOnce();
  const ledger1 = await sbx.ledger();
  const attempts1 = await attempts();
  const faults1 = faultLines().length;
  const run1Seconds = (performance.now() - t1) / 1000;

  await sbx.clearFaults();
  await installFaults(sbx, opts); // the same seeded rules again for the second run
  const t2 = performance.now();
  const run2 = await runOnce();
  const ledger2 = await sbx.ledger();
  const run2Seconds = (performance.now() - t2) / 1000;
  const attempts2 = (await attempts()) - attempts1;
  const faultsByKind = {};
  for (const l of faultLines()) faultsByKind[l.split(" ")[1]] = (faultsByKind[l.split(" ")[1]] ?? 0) + 1;

  const verdict = check({ intents, seed, run1, run2, ledger1, ledger2, RefundError: rk.RefundError });
  const sorted = run1.map((o) => o.ms).sort((a, b) => a - b);
  const pct = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const stats = { durations1: [pct(0.5), pct(0.95), sorted.at(-1)], attempts1, attempts2, faults1, faults2: faultLines().length - faults1, faultsByKind, run1Seconds, run2Seconds,
    totalSeconds: (performance.now() - started) / 1000, faultRate: FAULT_RATE, opts };
  console.log(summarize(verdict, stats));
  process.exitCode = verdict.pass ? 0 : 1;
} finally {
  await sbx.stop();
}
