// The crash test of issue 15: the CLI is killed with SIGKILL at random points of a 2,000-row
// batch, several times, with faults on, then run again until the batch is through. The
// sandbox ledger must then hold exactly one refund per row, none over-refunding its payment,
// and the results CSV must say what the ledger says.
//
//   CRASH_SEED=1234 node --test tests/bulk/crash.test.mjs      (replays one sequence of kills)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { idempotencyKeyFor } from "refundkit";
import { sandboxWith, csvFor, credentials, startCli, runCli, scratch, readResults, ledgerProblems, rowKeys, REFUND_ROUTE } from "./support/batch.mjs";

const ROWS = Number(process.env.CRASH_ROWS ?? 2000);
const KILLS = Number(process.env.CRASH_KILLS ?? 4);
const seedValue = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);

/** xorshift: the same CRASH_SEED kills at the same moments. */
function random(seed) {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

let sb;
let tmp;
before(async () => {
  sb = await sandboxWith(ROWS);
  tmp = scratch();
});
after(async () => {
  await sb?.stop();
  tmp?.done();
});

/** The fault mix every run of the batch meets. */
async function faultsOn() {
  await sb.clearFaults();
  const refund = { method: "POST", path: REFUND_ROUTE.payroc };
  await sb.setFault({ ...refund, kind: "drop_after_commit", probability: 0.04, seed: 11 });
  await sb.setFault({ ...refund, kind: "unreadable_after_commit", probability: 0.03, seed: 12 });
  await sb.setFault({ ...refund, kind: "fail_before_commit", status: 503, probability: 0.03, seed: 13 });
  await sb.setFault({ ...refund, kind: "reset", probability: 0.02, seed: 14 });
  await sb.setFault({ ...refund, kind: "rate_limit", retryAfter: 0, probability: 0.02, seed: 15 });
  await sb.setFault({ method: "GET", path: "/payroc/v1/payments/*", kind: "fail_before_commit", status: 503, probability: 0.02, seed: 16 });
}

test(`SIGKILLed ${KILLS} times in a ${ROWS}-row batch with faults on, the batch still pays each row exactly once (seed ${seedValue})`, { timeout: 300_000 }, async () => {
  const seed = await sb.seed();
  const env = credentials(seed);
  const csv = tmp.file("recall.csv");
  writeFileSync(csv, csvFor("payroc", ROWS));
  const out = tmp.file("recall.results.csv");
  const args = ["bulk", csv, "--provider", "payroc", "--sandbox", sb.url, "--concurrency", "16", "--out", out, "--quiet"];
  await faultsOn();
  const next = random(seedValue);
  const kills = [];
  for (let k = 0; k < KILLS; k++) {
    // Killed once a random share (up to a third) of the rows still to do is refunded.
    const before = (await sb.ledger()).length;
    const target = before + Math.floor(next() * (ROWS - before) / 3);
    const { child, done } = startCli(args, { env });
    let ended = null;
    done.then((e) => (ended = e));
    while (!ended && (await sb.ledger()).length < target) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    ended = await done;
    kills.push({ at: target, killed: ended.signal === "SIGKILL", refundsInRun: (await sb.ledger()).length - before });
    if (ended.signal !== "SIGKILL") break; // it finished before the kill: nothing left to crash
  }
  const runs = [];
  for (let i = 0; i < 6; i++) {
    const r = await runCli(args, { env });
    runs.push(r.code);
    if (r.code === 0) break;
  }
  const ledger = await sb.ledger();
  const results = readResults(out);
  const rows = results.map((r) => ({ rowId: r.row_id, keys: rowKeys(idempotencyKeyFor, r.row_id, "recall") }));
  process.stderr.write(`crash test (seed ${seedValue}): kills ${JSON.stringify(kills)}, final runs exit ${runs.join(",")}, ledger ${ledger.length}\n`);
  assert.ok(kills.filter((k) => k.killed).length >= Math.min(2, KILLS), `the CLI was killed mid-batch: ${JSON.stringify(kills)}`);
  assert.equal(runs.at(-1), 0, `the batch ends with every row succeeded (exit codes ${runs})`);
  assert.equal(results.length, ROWS);
  assert.deepEqual(ledgerProblems({ ledger, rows, results, provider: "payroc" }), []);
  assert.equal(ledger.length, ROWS, "exactly one refund per row");
});
