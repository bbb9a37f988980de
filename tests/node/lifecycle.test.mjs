// The refund lifecycle (issue 14), through the built package against the real sandbox:
// reversals before settlement, reverseOrRefund, pending refunds followed to the end,
// unknown outcomes resolved, refunds listed page by page.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { Money, RefundError, ValidationError } from "refundkit";
import { startSandbox } from "./support/sandbox.mjs";
import { clients, seeded, refundInput, PROVIDERS, REFUND_ROUTE, ledgerOf } from "./support/clients.mjs";

let sb, seed;
before(async () => {
  sb = await startSandbox();
  seed = await sb.seed();
});
after(() => sb?.stop());
beforeEach(async () => {
  await sb.clearFaults();
  await sb.reset();
});

/** An unsettled payment (open batch, authorization not captured, before its cut time). */
const unsettled = {
  payroc: () => seeded(seed, "payroc", "partial reversals"),
  jpmorgan: () => seeded(seed, "jpmorgan", "partial reversal"),
  commercehub: () => seeded(seed, "commercehub", "partial cancels"),
};
/** A settled one. */
const settled = {
  payroc: () => seeded(seed, "payroc", "100.00"),
  jpmorgan: () => seeded(seed, "jpmorgan", "partial refunds"),
  commercehub: () => seeded(seed, "commercehub", "partial refunds"),
};
/** Whole: a payment to reverse in full. */
const whole = {
  payroc: () => seeded(seed, "payroc", "reverses it whole"),
  jpmorgan: () => seeded(seed, "jpmorgan", "void with PATCH"),
  commercehub: () => seeded(seed, "commercehub", "full cancel"),
};

const reverseInput = (provider, payment, amount) => {
  const base = provider === "payroc" ? { paymentId: payment.id } : provider === "jpmorgan" ? { transactionId: payment.id } : { referenceTransactionId: payment.id };
  return amount === undefined ? base : { ...base, amount };
};

test("reverse: an unsettled payment is reversed in part and in whole, one ledger entry each", async () => {
  const c = clients(sb, seed);
  for (const provider of PROVIDERS) {
    const part = await c[provider].reverse(reverseInput(provider, unsettled[provider](), Money.parse("10.00", "USD")));
    assert.equal(part.kind, "reversal", provider);
    assert.equal(part.status, "succeeded", `${provider}: ${JSON.stringify(part)}`);
    assert.deepEqual(part.amount, { minor: 1000, currency: "USD", formatted: "10.00" });
    const full = await c[provider].reverse(reverseInput(provider, whole[provider]()));
    assert.equal(full.status, "succeeded", `${provider}: ${JSON.stringify(full)}`);
    const ledger = await ledgerOf(sb, provider);
    assert.deepEqual(ledger.map((e) => e.kind), ["reversal", "reversal"], provider);
  }
});

test("reverse refuses a settled payment before sending anything", async () => {
  const c = clients(sb, seed);
  for (const provider of ["payroc", "jpmorgan"]) {
    const stats = await sb.stats();
    const err = await c[provider].reverse(reverseInput(provider, settled[provider]())).catch((e) => e);
    assert.ok(err instanceof ValidationError, `${provider}: ${err}`);
    assert.match(err.message, /refund it instead/);
    const posts = Object.entries((await sb.stats()).requests).filter(([route]) => !route.startsWith("GET") && !route.includes("token") && !route.includes("authorize"));
    const before = Object.entries(stats.requests).filter(([route]) => !route.startsWith("GET") && !route.includes("token") && !route.includes("authorize"));
    assert.deepEqual(posts, before, `${provider}: only reads`);
  }
  // Commerce Hub answers 829 for a settled sale: the cancel is refused by the provider.
  const ch = await c.commercehub.reverse(reverseInput("commercehub", settled.commercehub())).catch((e) => e);
  assert.ok(ch instanceof RefundError && /829/.test(ch.message), ch.message);
  assert.deepEqual(await sb.ledger(), []);
});

test("reverseOrRefund: a reversal while unsettled, a refund once settled, full and partial, one ledger entry each", async () => {
  const c = clients(sb, seed);
  for (const provider of PROVIDERS) {
    const inputFor = (payment, amount) =>
      provider === "payroc" ? { ...reverseInput(provider, payment, amount), description: "reverse or refund" } : reverseInput(provider, payment, amount);
    const partOpen = await c[provider].reverseOrRefund(inputFor(unsettled[provider](), Money.parse("5.00", "USD")));
    assert.equal(partOpen.kind, "reversal", `${provider}: ${JSON.stringify(partOpen)}`);
    const fullOpen = await c[provider].reverseOrRefund(inputFor(whole[provider]()));
    assert.equal(fullOpen.kind, "reversal", provider);
    const partSettled = await c[provider].reverseOrRefund(inputFor(settled[provider](), Money.parse("5.00", "USD")));
    assert.equal(partSettled.kind, "refund", provider);
    assert.equal(partSettled.status, "succeeded");
    const ledger = await ledgerOf(sb, provider);
    assert.deepEqual(ledger.map((e) => [e.kind, e.amount]), [["reversal", 500], ["reversal", whole[provider]().amount], ["refund", 500]], provider);
  }
  // A full refund of a settled payment.
  const full = await c.jpmorgan.reverseOrRefund({ transactionId: seeded(seed, "jpmorgan", "full refund").id });
  assert.deepEqual([full.kind, full.status], ["refund", "succeeded"]);
});

test("reverseOrRefund run again under the same key makes nothing twice", async () => {
  const c = clients(sb, seed);
  for (const provider of PROVIDERS) {
    const key = crypto.randomUUID();
    const input = provider === "payroc"
      ? { paymentId: unsettled.payroc().id, amount: Money.parse("7.00", "USD"), description: "twice" }
      : reverseInput(provider, unsettled[provider](), Money.parse("7.00", "USD"));
    const first = await c[provider].reverseOrRefund(input, { idempotencyKey: key });
    const second = await c[provider].reverseOrRefund(input, { idempotencyKey: key }).catch((e) => e);
    // The same answer, or a typed refusal: never a second reversal or a refund besides it.
    if (!(second instanceof RefundError)) assert.equal(second.kind, first.kind, provider);
    assert.equal((await ledgerOf(sb, provider)).length, 1, `${provider}: ${JSON.stringify(second)}`);
  }
});

test("a pending refund is followed to its final state by waitForFinal", async () => {
  const c = clients(sb, seed);
  for (const provider of PROVIDERS) {
    const pending = await c[provider].refund(refundInput(provider, settled[provider](), Money.fromMinor(4903, "USD")));
    assert.equal(pending.status, "pending", `${provider}: ${JSON.stringify(pending)}`);
    const statuses = [];
    setTimeout(() => sb.finalize(provider, pending.refundId, "approved"), 250);
    const final = await c[provider].waitForFinal(pending, { schedule: [100, 100, 100, 100, 100, 100, 100, 100], onStatus: (s) => statuses.push(s.status) });
    assert.equal(final.status, "succeeded", `${provider}: ${JSON.stringify(final)}`);
    assert.equal(final.refundId, pending.refundId);
    assert.ok(statuses.includes("pending") && statuses.at(-1) === "succeeded", `${provider}: ${statuses}`);
  }
});

test("waitForFinal: a declined end, a final result answered at once, an abort honoured", async () => {
  const c = clients(sb, seed);
  const pending = await c.payroc.refund(refundInput("payroc", settled.payroc(), Money.fromMinor(4903, "USD")));
  setTimeout(() => sb.finalize("payroc", pending.refundId, "declined"), 150);
  assert.equal((await c.payroc.waitForFinal(pending, { schedule: [100, 100, 100, 100, 100] })).status, "declined");
  const done = await c.jpmorgan.refund(refundInput("jpmorgan", settled.jpmorgan(), Money.parse("1.00", "USD")));
  const reads = (await sb.stats()).requests;
  assert.equal((await c.jpmorgan.waitForFinal(done)).status, "succeeded");
  assert.deepEqual((await sb.stats()).requests, reads, "a final result needs no look");
  const still = await c.commercehub.refund(refundInput("commercehub", settled.commercehub(), Money.fromMinor(4903, "USD")));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const started = performance.now();
  const err = await c.commercehub.waitForFinal(still, { signal: controller.signal }).catch((e) => e);
  assert.equal(err.code, "aborted");
  assert.ok(performance.now() - started < 1000, "the default 60-second wait was cut short");
  // Schedules are checked like every option.
  await assert.rejects(c.payroc.waitForFinal(pending, { schedule: [-1] }), (e) => e instanceof ValidationError && e.issues[0].path === "options.schedule");
});

test("J.P. Morgan: an unknown outcome looked up by request-id, within and after the 70-second window", async () => {
  const c = clients(sb, seed, { maxRetries: 0, timeoutMs: 300 });
  await sb.setFault({ method: "POST", path: REFUND_ROUTE.jpmorgan, kind: "reset", count: 1 });
  const err = await c.jpmorgan.refund(refundInput("jpmorgan", settled.jpmorgan(), Money.parse("2.00", "USD"))).catch((e) => e);
  assert.equal(err.code, "outcome_unknown");
  const soon = await c.jpmorgan.syncRefund(err);
  assert.equal(soon.status, "pending", "within the processing window nothing found is not yet 'nothing made'");
  assert.equal(soon.refundId, null);
  const later = { ...err, provider: err.provider, idempotencyKey: err.idempotencyKey, lookup: { ...err.lookup, sentAt: Date.now() - 71_000 } };
  const none = await c.jpmorgan.syncRefund(later).catch((e) => e);
  assert.equal(none.code, "not_found");
  assert.equal(none.retryable, true);
  // And made: the answer was lost after the refund was committed.
  await sb.setFault({ method: "POST", path: REFUND_ROUTE.jpmorgan, kind: "drop_after_commit", count: 1 });
  const lost = await c.jpmorgan.refund(refundInput("jpmorgan", settled.jpmorgan(), Money.parse("3.00", "USD"))).catch((e) => e);
  assert.equal(lost.code, "outcome_unknown");
  const made = await c.jpmorgan.syncRefund(lost);
  assert.equal(made.status, "succeeded");
  assert.equal(made.refundId, (await ledgerOf(sb, "jpmorgan"))[0].refundId);
});

test("Payroc lists refunds page by page, and iterates over every page", async () => {
  const c = clients(sb, seed);
  const p = settled.payroc();
  for (let i = 1; i <= 5; i++) await c.payroc.refund({ paymentId: p.id, amount: Money.fromMinor(100 + i, "USD"), description: `r${i}` });
  const first = await c.payroc.listRefunds({ limit: 2 });
  assert.equal(first.data.length, 2);
  assert.equal(first.hasMore, true);
  assert.ok(first.data.every((r) => r.provider === "payroc" && r.status === "succeeded" && r.refundId));
  assert.equal(first.next.limit, 2);
  const seen = [];
  for await (const r of c.payroc.iterateRefunds({ limit: 2 })) seen.push(r.amount.minor);
  assert.deepEqual(seen.sort(), [101, 102, 103, 104, 105]);
  await assert.rejects(c.payroc.listRefunds({ limit: 2, tipMode: "noTip" }), (e) => e instanceof ValidationError && e.issues[0].code === "unknown_field");
  const payments = [];
  for await (const pay of c.payroc.iteratePayments({ limit: 3 })) payments.push(pay.paymentId);
  assert.equal(payments.length, seed.payroc.payments.length);
});
