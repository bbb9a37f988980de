// client.refundMany in one process, against the real sandbox: options checked before anything
// is sent, dry runs, caps, re-runs from a journal, lost answers looked up (never resent blind),
// unknown outcomes reported as unknown, and pacing on 429/425.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import * as refundkit from "refundkit";
import { openJournal } from "refundkit/journal";
import { sandboxWith, clientFor, rowsFor, rowKeys, REFUND_ROUTE, scratch } from "./support/batch.mjs";

const { ValidationError } = refundkit;
let sb;
let seed;
let tmp;

before(async () => {
  sb = await sandboxWith(200);
  seed = await sb.seed();
  tmp = scratch();
});
after(async () => {
  await sb?.stop();
  tmp?.done();
});
beforeEach(async () => {
  await sb.clearFaults();
  await sb.reset();
});

const client = (provider, extra) => clientFor(refundkit, provider, sb, seed, extra);
const keysOf = (batchId, rowId) => rowKeys(refundkit.idempotencyKeyFor, rowId, batchId);
const requests = async () => Object.values((await sb.stats()).requests).reduce((a, n) => a + n, 0);
const refundPosts = async (provider) => {
  const { requests: r } = await sb.stats();
  return Object.entries(r).filter(([k]) => k.startsWith("POST") && k.includes(provider === "payroc" ? "/refund" : "/refunds")).reduce((a, [, n]) => a + n, 0);
};
let journals = 0;
const fileJournal = (options) => openJournal(tmp.file(`journal-${++journals}.db`), options);

async function drain(run) {
  const outcomes = [];
  for await (const o of run) outcomes.push(o);
  return { outcomes, summary: await run };
}

/** Exactly one ledger entry per row key, and none for other keys of the batch. */
async function assertOnePerRow(provider, batchId, rows) {
  const ledger = (await sb.ledger()).filter((e) => e.provider === provider);
  for (const r of rows) {
    const keys = keysOf(batchId, r.rowId);
    assert.equal(ledger.filter((e) => keys.includes(e.idempotencyKey)).length, 1, `one refund for row ${r.rowId}`);
  }
  assert.equal(ledger.length, rows.length, "no refund outside the batch's rows");
  return ledger;
}

test("options are checked before anything is sent, each bad one named", async () => {
  const payroc = client("payroc");
  const rows = rowsFor("payroc", 3);
  const refused = (options, path, given = rows) => {
    assert.throws(() => payroc.refundMany(given, options), (e) => e instanceof ValidationError && e.issues.some((i) => i.path === path), path);
  };
  refused({ batchId: "b", concurency: 2 }, "concurency");
  refused({ concurrency: 2 }, "batchId");
  refused({ batchId: "b", maxTotal: null }, "maxTotal");
  refused({ batchId: "b", maxTotal: { USD: "1.001" } }, "maxTotal.USD");
  refused({ batchId: "b", maxRows: 0 }, "maxRows");
  refused({ batchId: "b", journal: { plan() {} } }, "journal");
  refused({ batchId: "b", onProgress: "yes" }, "onProgress");
  refused({ batchId: "b" }, "rows", "not rows");
  refused({ batchId: "b" }, "rows[1].rowId", [rows[0], { ...rows[1], rowId: rows[0].rowId }]);
  assert.equal(await requests(), 0, "nothing reached the sandbox");
});

test("dryRun validates and prepares every row, simulates the caps, and sends nothing", async () => {
  const rows = [...rowsFor("payroc", 10, { minorOf: () => 150 }), { rowId: "typo", paymentId: "BK00000199", amout: 5, description: "x" }];
  const { outcomes, summary } = await drain(client("payroc").refundMany(rows, { batchId: "dry", dryRun: true, maxTotal: { USD: "12.00" } }));
  const planned = outcomes.filter((o) => o.status === "planned");
  assert.equal(planned.length, 8, "8 × 1.50 fits 12.00, the 9th would exceed it");
  for (const o of planned) assert.ok(keysOf("dry", o.rowId).includes(o.idempotencyKey));
  assert.deepEqual(outcomes.filter((o) => o.status === "skipped").map((o) => o.reason), ["maxTotal", "maxTotal"]);
  const typo = outcomes.find((o) => o.rowId === "typo");
  assert.equal(typo.status, "failed");
  assert.equal(typo.error.issues[0].path, "amout");
  assert.deepEqual([summary.planned, summary.skipped, summary.failed, summary.stoppedBy], [8, 2, 1, "maxTotal"]);
  assert.equal(summary.amount.USD.formatted, "12.00", "what would be refunded");
  assert.equal(await requests(), 0, "no request at all");
});

for (const provider of ["payroc", "jpmorgan", "commercehub"]) {
  test(`${provider}: lost and unreadable answers are looked up or replayed, one refund per row`, async () => {
    await sb.setFault({ method: "POST", path: REFUND_ROUTE[provider], kind: "drop_after_commit", probability: 0.3, seed: 7 });
    await sb.setFault({ method: "POST", path: REFUND_ROUTE[provider], kind: "unreadable_after_commit", probability: 0.15, seed: 9 });
    const rows = rowsFor(provider, 40);
    const journal = await fileJournal();
    const { outcomes, summary } = await drain(client(provider).refundMany(rows, { batchId: `lost-${provider}`, concurrency: 8, journal }));
    await journal.close();
    assert.equal(summary.succeeded, 40, JSON.stringify(outcomes.filter((o) => o.status !== "succeeded").map((o) => [o.rowId, o.status, o.error?.code])));
    const ledger = await assertOnePerRow(provider, `lost-${provider}`, rows);
    for (const o of outcomes) assert.equal(o.refundId, ledger.find((e) => e.idempotencyKey === o.idempotencyKey).refundId);
    assert.equal(summary.amount.USD.minor, rows.reduce((a, r) => a + r.amount.minor, 0));
  });
}

test("a re-run with the same journal sends only what has no final outcome and reports the rest", async () => {
  const rows = rowsFor("payroc", 30);
  const journal = await fileJournal();
  const first = client("payroc").refundMany(rows, { batchId: "rerun", concurrency: 2, journal });
  const seen = [];
  for await (const o of first) {
    seen.push(o);
    if (seen.length === 10) break; // stops taking rows; the ones in flight finish
  }
  const firstSummary = await first;
  assert.ok(firstSummary.succeeded >= 10 && firstSummary.succeeded < 30, `stopped early (${firstSummary.succeeded})`);
  assert.equal(firstSummary.stoppedBy, "stopped");
  const posts = await refundPosts("payroc");

  const { outcomes, summary } = await drain(client("payroc").refundMany(rows, { batchId: "rerun", concurrency: 4, journal }));
  assert.equal(outcomes.filter((o) => o.previous).length, firstSummary.succeeded, "earlier outcomes come from the journal");
  assert.equal(summary.succeeded, 30);
  assert.equal((await refundPosts("payroc")) - posts, 30 - firstSummary.succeeded, "only the rest was sent");

  const before = await requests();
  const again = await drain(client("payroc").refundMany(rows, { batchId: "rerun", journal }));
  assert.equal(again.summary.succeeded, 30);
  assert.ok(again.outcomes.every((o) => o.previous));
  assert.equal(await requests(), before, "a finished batch sends nothing");
  await journal.close();
  await assertOnePerRow("payroc", "rerun", rows);
});

test("a row changed since its batch was planned is refused, and nothing is sent", async () => {
  const rows = rowsFor("commercehub", 5);
  const journal = await fileJournal();
  await client("commercehub").refundMany(rows.slice(0, 2), { batchId: "changed", journal, maxRows: 1 });
  const changed = rows.map((r, i) => (i === 1 ? { ...r, amount: { minor: 999, currency: "USD" } } : r));
  await assert.rejects(drain(client("commercehub").refundMany(changed.slice(0, 2), { batchId: "changed", journal })), (e) => e instanceof ValidationError && /asks for another refund/.test(e.message));
  await assert.rejects(drain(client("commercehub").refundMany(rows.slice(0, 1), { batchId: "changed", journal })), /not in these rows/);
  await journal.close();
  assert.equal((await sb.ledger()).length, 1);
});

test("maxTotal and maxRows stop the batch before it exceeds them, also across re-runs", async () => {
  const rows = rowsFor("jpmorgan", 20, { minorOf: () => 300 });
  const journal = await fileJournal();
  const capped = await drain(client("jpmorgan").refundMany(rows, { batchId: "caps", concurrency: 4, journal, maxTotal: { USD: "10.00" } }));
  assert.equal(capped.summary.stoppedBy, "maxTotal");
  let total = (await sb.ledger()).reduce((a, e) => a + e.amount, 0);
  assert.equal(total, 900, "3 × 3.00; a 4th would pass 10.00");
  await drain(client("jpmorgan").refundMany(rows, { batchId: "caps", journal, maxTotal: [refundkit.Money.parse("10.00", "USD")] }));
  assert.equal((await sb.ledger()).length, 3, "the cap holds across runs of the batch");

  const rowCapped = await drain(client("jpmorgan").refundMany(rows, { batchId: "caps", journal, maxRows: 7 }));
  assert.equal(rowCapped.summary.stoppedBy, "maxRows");
  assert.equal((await sb.ledger()).length, 7);
  await drain(client("jpmorgan").refundMany(rows, { batchId: "caps", journal }));
  await journal.close();
  total = (await sb.ledger()).reduce((a, e) => a + e.amount, 0);
  assert.equal(total, 6000);
  await assertOnePerRow("jpmorgan", "caps", rows);
});

test("an outcome that cannot be learned is reported unknown, never failed, and the next run looks it up", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE.jpmorgan, kind: "drop_after_commit" });
  // Every lookup is answered with a redirect, which the client never follows: no way to learn.
  await sb.setFault({ method: "GET", path: "/jpmorgan/api/v2/refunds*", kind: "redirect" });
  const rows = rowsFor("jpmorgan", 3);
  const journal = await fileJournal();
  const { outcomes, summary } = await drain(client("jpmorgan").refundMany(rows, { batchId: "unknown", concurrency: 3, journal }));
  assert.deepEqual(outcomes.map((o) => o.status), ["unknown", "unknown", "unknown"]);
  assert.equal(summary.failed, 0);
  const posts = await refundPosts("jpmorgan");

  await sb.clearFaults();
  const rerun = await drain(client("jpmorgan").refundMany(rows, { batchId: "unknown", journal }));
  await journal.close();
  assert.equal(rerun.summary.succeeded, 3);
  assert.ok(rerun.outcomes.every((o) => o.lookedUp), "looked up, not resent");
  assert.equal(await refundPosts("jpmorgan"), posts, "nothing sent again");
  await assertOnePerRow("jpmorgan", "unknown", rows);
});

test("pacing: 425/429 answers slow the whole batch down, and every row still gets one refund", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE.commercehub, kind: "rate_limit", status: 425, retryAfter: 1, count: 40 });
  const rows = rowsFor("commercehub", 40);
  const progress = [];
  const { summary } = await drain(client("commercehub").refundMany(rows, { batchId: "paced", concurrency: 8, onProgress: (p) => progress.push(p.concurrency) }));
  assert.equal(summary.succeeded, 40);
  assert.ok(summary.pacing.pauses > 0, "the batch paused");
  assert.ok(summary.pacing.lowestConcurrency < 8, `the window narrowed (${summary.pacing.lowestConcurrency})`);
  assert.ok(Math.min(...progress) < 8);
  await assertOnePerRow("commercehub", "paced", rows);
});

test("the signal aborts rows in flight: they end unknown or not sent, never failed; the re-run pays each once", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE.payroc, kind: "delay", delayMs: 400 });
  const rows = rowsFor("payroc", 12);
  const journal = await fileJournal();
  const controller = new AbortController();
  const run = client("payroc").refundMany(rows, { batchId: "aborted", concurrency: 4, journal, signal: controller.signal });
  setTimeout(() => controller.abort(), 700);
  const { outcomes, summary } = await drain(run);
  assert.equal(summary.stoppedBy, "signal");
  assert.ok(outcomes.every((o) => ["succeeded", "unknown", "skipped"].includes(o.status)), JSON.stringify(outcomes.map((o) => o.status)));
  await new Promise((r) => setTimeout(r, 500)); // the delayed requests commit in the sandbox
  await sb.clearFaults();
  const rerun = await drain(client("payroc").refundMany(rows, { batchId: "aborted", concurrency: 4, journal }));
  await journal.close();
  assert.equal(rerun.summary.succeeded, 12);
  await assertOnePerRow("payroc", "aborted", rows);
});

test("rows may come from an async iterable, and the run is awaitable without iterating", async () => {
  async function* stream() {
    for (const row of rowsFor("commercehub", 5)) yield row;
  }
  const summary = await client("commercehub").refundMany(stream(), { batchId: "stream" });
  assert.equal(summary.succeeded, 5);
  assert.equal(summary.amount.USD.formatted, "5.10");
});
