// Four CLI workers share one 2,000-row batch through a real PostgreSQL server
// (scripts/postgres.sh), with faults on; two are killed with SIGKILL mid-run. The two left
// take over the dead workers' rows once their leases run out: no row is lost, none is paid
// twice, and a last run finds nothing to send and writes results that agree with the ledger.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { idempotencyKeyFor } from "refundkit";
import { sandboxWith, csvFor, credentials, startCli, runCli, scratch, readResults, ledgerProblems, rowKeys, REFUND_ROUTE } from "./support/batch.mjs";
import { startPostgres } from "./support/postgres.mjs";
import * as refundkit from "refundkit";
import { openJournal } from "refundkit/journal";
import { clientFor, rowsFor } from "./support/batch.mjs";

const ROWS = Number(process.env.WORKERS_ROWS ?? 2000);
let sb;
let pg;
let tmp;

before(async () => {
  [sb, pg] = await Promise.all([sandboxWith(ROWS), startPostgres()]);
  tmp = scratch();
});
after(async () => {
  await Promise.all([sb?.stop(), pg?.stop()]);
  tmp?.done();
});

test(`four workers share a ${ROWS}-row batch through PostgreSQL; two are killed; none is lost or paid twice`, { timeout: 300_000 }, async () => {
  const seed = await sb.seed();
  const env = credentials(seed);
  const csv = tmp.file("event.csv");
  writeFileSync(csv, csvFor("commercehub", ROWS));
  const refund = { method: "POST", path: REFUND_ROUTE.commercehub };
  await sb.setFault({ ...refund, kind: "drop_after_commit", probability: 0.04, seed: 21 });
  await sb.setFault({ ...refund, kind: "unreadable_after_commit", probability: 0.03, seed: 22 });
  await sb.setFault({ ...refund, kind: "fail_before_commit", status: 503, probability: 0.03, seed: 23 });
  await sb.setFault({ ...refund, kind: "rate_limit", status: 425, retryAfter: 0, probability: 0.02, seed: 24 });
  await sb.setFault({ method: "POST", path: "/commercehub/ch/payments/v1/transaction-inquiry", kind: "fail_before_commit", status: 503, probability: 0.03, seed: 25 });

  const args = (name) => ["bulk", csv, "--provider", "commercehub", "--sandbox", sb.url, "--journal", pg.url, "--batch-id", "event",
    "--worker-id", name, "--lease-ms", "3000", "--concurrency", "8", "--out", tmp.file(`${name}.csv`), "--quiet"];
  const workers = ["w1", "w2", "w3", "w4"].map((name) => ({ name, ...startCli(args(name), { env }) }));
  // Kill two once the batch is well under way (a quarter of the rows refunded or 6 s).
  const started = Date.now();
  while ((await sb.ledger()).length < ROWS / 4 && Date.now() - started < 6_000) await new Promise((r) => setTimeout(r, 200));
  workers[1].child.kill("SIGKILL");
  await new Promise((r) => setTimeout(r, 300));
  workers[2].child.kill("SIGKILL");
  const ends = await Promise.all(workers.map((w) => w.done));
  const workersMs = Date.now() - started;
  assert.deepEqual(ends.map((e) => e.signal), [null, "SIGKILL", "SIGKILL", null]);
  const atKill = (await sb.ledger()).length;
  assert.ok(atKill >= ROWS - 50, `the survivors took over the dead workers' rows (${atKill} refunds)`);

  // Rows the faults left unknown are looked up by the next run; the last run sends nothing.
  const codes = [];
  let r;
  for (let i = 0; i < 5; i++) {
    r = await runCli(args("final"), { env });
    codes.push(r.code);
    if (r.code === 0) break;
  }
  const notDone = readResults(tmp.file("final.csv")).filter((x) => x.status !== "succeeded");
  assert.equal(codes.at(-1), 0, `exit codes ${codes}: ${r.stdout}\n${JSON.stringify(notDone.slice(0, 5))}`);
  const posts = (await sb.stats()).requests["POST /commercehub/ch/payments/v1/refunds"];
  const last = await runCli(args("final"), { env });
  assert.equal(last.code, 0);
  assert.equal((await sb.stats()).requests["POST /commercehub/ch/payments/v1/refunds"], posts, "a finished batch sends nothing");

  const ledger = await sb.ledger();
  const results = readResults(tmp.file("final.csv"));
  const rows = results.map((r) => ({ rowId: r.row_id, keys: rowKeys(idempotencyKeyFor, r.row_id, "event") }));
  assert.equal(results.length, ROWS);
  assert.deepEqual(ledgerProblems({ ledger, rows, results, provider: "commercehub" }), []);
  assert.equal(ledger.length, ROWS);
  process.stderr.write(`workers test: ${atKill} refunds when the survivors ended (${workersMs} ms after the start), final runs exit ${codes}\n`);
});

test("caps hold for the batch as a whole when four workers share it", async () => {
  await sb.clearFaults();
  await sb.reset();
  const seed = await sb.seed();
  const rows = rowsFor("payroc", 120, { minorOf: (i) => 100 + (i % 7) * 50 });
  const summaries = await Promise.all(["a", "b", "c", "d"].map(async (name) => {
    const journal = await openJournal(pg.url, { workerId: name });
    try {
      return await clientFor(refundkit, "payroc", sb, seed).refundMany(rows, { batchId: "capped", concurrency: 4, journal, maxTotal: { USD: "60.00" }, maxRows: 100 });
    } finally {
      await journal.close();
    }
  }));
  const ledger = await sb.ledger();
  const total = ledger.reduce((a, e) => a + e.amount, 0);
  assert.ok(total <= 6_000, `at most 60.00 refunded (${total})`);
  assert.ok(total > 6_000 - 400, `the cap stopped the batch, not something else (${total})`);
  assert.ok(summaries.some((s) => s.stoppedBy === "maxTotal"));
  assert.equal(new Set(ledger.map((e) => e.idempotencyKey)).size, ledger.length, "no row paid twice");
});
