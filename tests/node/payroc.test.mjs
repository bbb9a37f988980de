// Payroc through the built package, against the real sandbox.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  PayrocClient,
  PayrocRefund,
  PayrocUnreferencedRefund,
  PayrocRefundInstruction,
  Money,
  RefundError,
  ValidationError,
} from "refundkit";
import { startSandbox } from "./support/sandbox.mjs";

const PAN = "4539858876047062";
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const KEY_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const REFUND = "POST /payroc/v1/payments/{paymentId}/refund";
const PAYMENT = "GET /payroc/v1/payments/{paymentId}";
const UNREFERENCED = "POST /payroc/v1/refunds";
const TOKEN = "POST /payroc/identity/authorize";

let sb;
let seed;

before(async () => {
  sb = await startSandbox();
  seed = (await sb.seed()).payroc;
});
after(() => sb?.stop());
beforeEach(async () => {
  await sb.clearFaults();
  await sb.reset();
});

function client(extra = {}, sandbox = sb, s = seed) {
  return new PayrocClient({
    apiKey: s.apiKey,
    environment: "uat",
    baseUrl: sandbox.payroc.baseUrl,
    identityUrl: sandbox.payroc.identityUrl,
    ...extra,
  });
}

/** The seeded payment whose `purpose` mentions `word`. */
function payment(word, s = seed) {
  const p = s.payments.find((p) => p.purpose.includes(word));
  assert.ok(p, `no seeded Payroc payment for ${word}`);
  return p;
}

const terminal = (s = seed) => s.processingTerminals[0].processingTerminalId;
const device = (s = seed) => s.processingTerminals[0].devices[0].serialNumber;
const payrocLedger = async (sandbox = sb) => (await sandbox.ledger()).filter((e) => e.provider === "payroc");
const count = (stats, route) => stats.requests[route] ?? 0;

function unreferencedInput(overrides = {}) {
  return {
    channel: "web",
    processingTerminalId: terminal(),
    order: { orderId: "OrderRef9001", amount: Money.parse("12.50", "USD"), description: "Returned item" },
    refundMethod: { type: "card", card: { cardNumber: PAN, expiry: { month: 12, year: NEXT_YEAR }, cardholderName: "Sarah Hopper" } },
    ...overrides,
  };
}

function instructionInput(amount = 4999) {
  return {
    serialNumber: device(),
    processingTerminalId: terminal(),
    operator: "Jane",
    order: { orderId: "OrderRef6543", amount, currency: "USD", description: "Refund for order OrderRef6543" },
  };
}

// ------------------------------------------------------------------ lookups

test("getPayment returns Payroc's payment plus what is left to refund", async () => {
  const p = payment("partial then the rest");
  const got = await client().getPayment(p.id);
  assert.equal(got.paymentId, p.id);
  assert.equal(got.order.amount, p.amount);
  assert.deepEqual(got.remainingRefundable, { minor: p.amount, currency: "USD", formatted: "49.99" });
  assert.match(got.card.cardNumber, /^\d{6}\*+\d{4}$/);
  const err = await client().getPayment("ZZZZZZZZZZ").catch((e) => e);
  assert.ok(err instanceof RefundError);
  assert.equal(err.code, "not_found");
  assert.equal(err.httpStatus, 404);
  assert.equal(err.provider, "payroc");
});

test("listPayments filters, pages with `next`, and paginate walks every page", async () => {
  const payroc = client();
  const first = await payroc.listPayments({ processingTerminalId: terminal(), limit: 2 });
  assert.equal(first.data.length, 2);
  assert.equal(first.hasMore, true);
  assert.deepEqual(first.next, { processingTerminalId: terminal(), limit: 2, after: first.data[1].paymentId });
  assert.ok(first.data.every((p) => p.remainingRefundable.currency === p.order.currency));
  const ids = [];
  for await (const p of payroc.paginate("listPayments", { processingTerminalId: terminal(), limit: 2 })) ids.push(p.paymentId);
  assert.deepEqual(ids, seed.payments.map((p) => p.id));
  const last4 = payment("JPY").card.cardNumber.slice(-4);
  const byCard = await payroc.listPayments({ last4 });
  assert.deepEqual(byCard.data.map((p) => p.paymentId), [payment("JPY").id]);
  assert.equal(byCard.next, null);
});

// ------------------------------------------------------------------ referenced refunds

test("referenced refund with an amount: the payment read for its currency, one POST, a succeeded result, one ledger entry", async () => {
  const p = payment("partial then the rest");
  const events = [];
  const r = await client({ onEvent: (e) => events.push(e) }).refund({
    paymentId: p.id,
    amount: Money.parse("10.00", "USD"),
    description: "Damaged box",
    operator: "Jane",
  });
  assert.equal(r.provider, "payroc");
  assert.equal(r.status, "succeeded");
  assert.equal(r.providerStatus, "ready");
  assert.match(r.refundId, /^[A-Z0-9]{10}$/);
  assert.deepEqual(r.amount, { minor: 1000, currency: "USD", formatted: "10.00" });
  assert.deepEqual(r.remainingRefundable, { minor: 3999, currency: "USD", formatted: "39.99" });
  assert.match(r.idempotencyKey, KEY_RE);
  assert.equal(r.raw.paymentId, p.id);
  const posts = events.filter((e) => e.type === "request" && e.request.method === "POST" && e.request.url.endsWith("/refund"));
  assert.equal(posts.length, 1);
  assert.deepEqual(posts[0].request.body, { operator: "Jane", amount: 1000, description: "Damaged box" });
  assert.equal(posts[0].request.headers["Idempotency-Key"], r.idempotencyKey);
  assert.equal(posts[0].request.headers["Authorization"], "[redacted]");
  // A refund body has no currency: the payment is read first, so a Money in another
  // currency is refused before anything moves (money safety).
  const gets = events.filter((e) => e.type === "request" && e.request.method === "GET");
  assert.deepEqual(gets.map((e) => e.request.url), [`${sb.payroc.baseUrl}/payments/${p.id}`]);
  const ledger = await payrocLedger();
  assert.deepEqual(ledger.map((e) => [e.reference, e.amount, e.idempotencyKey]), [[p.id, 1000, r.idempotencyKey]]);
});

test("partial refund, then refund the rest, then nothing is left", async () => {
  const p = payment("partial then the rest");
  const payroc = client();
  await payroc.refund({ paymentId: p.id, amount: Money.parse("10.00", "USD"), description: "part" });
  const rest = await payroc.refund({ paymentId: p.id, description: "the rest" });
  assert.equal(rest.status, "succeeded");
  assert.deepEqual(rest.amount, { minor: 3999, currency: "USD", formatted: "39.99" });
  assert.deepEqual(rest.remainingRefundable, { minor: 0, currency: "USD", formatted: "0.00" });
  assert.equal((await payroc.getPayment(p.id)).remainingRefundable.minor, 0);
  const before = await sb.stats();
  const err = await payroc.refund({ paymentId: p.id, description: "again" }).catch((e) => e);
  assert.ok(err instanceof ValidationError);
  assert.deepEqual(err.issues.map((i) => [i.path, i.code]), [["paymentId", "nothing_left"]]);
  const afterStats = await sb.stats();
  assert.equal(count(afterStats, REFUND), count(before, REFUND), "no POST");
  const ledger = await payrocLedger();
  assert.deepEqual(ledger.map((e) => e.amount), [1000, 3999]);
});

test("checkRemaining catches an over-refund before anything is sent", async () => {
  const p = payment("partial then the rest");
  const payroc = client();
  await payroc.refund({ paymentId: p.id, amount: Money.parse("40.00", "USD"), description: "most" });
  const before = await sb.stats();
  const err = await payroc
    .refund({ paymentId: p.id, amount: Money.parse("10.00", "USD"), description: "too much", checkRemaining: true })
    .catch((e) => e);
  assert.ok(err instanceof ValidationError);
  assert.equal(err.code, "validation");
  assert.deepEqual(err.issues.map((i) => [i.path, i.code]), [["amount", "exceeds_remaining"]]);
  assert.match(err.message, /\$9\.99 is left/);
  const afterStats = await sb.stats();
  assert.equal(count(afterStats, PAYMENT), count(before, PAYMENT) + 1, "the payment was read");
  assert.equal(count(afterStats, REFUND), count(before, REFUND), "the refund was not sent");
  assert.equal((await payrocLedger()).length, 1);
  // Within what is left, the checked refund goes through.
  const ok = await payroc.refund({ paymentId: p.id, amount: Money.parse("9.99", "USD"), description: "rest", checkRemaining: true });
  assert.equal(ok.status, "succeeded");
  assert.equal(ok.remainingRefundable.minor, 0);
  const wrongCurrency = await payroc
    .refund({ paymentId: payment("JPY").id, amount: Money.parse("10.00", "USD"), description: "x", checkRemaining: true })
    .catch((e) => e);
  assert.deepEqual(wrongCurrency.issues.map((i) => [i.path, i.code]), [["amount.currency", "currency_mismatch"]]);
});

test("an over-refund without the check is rejected by the provider as provider_error", async () => {
  const p = payment("partial then the rest");
  const err = await client()
    .refund({ paymentId: p.id, amount: Money.parse("50.00", "USD"), description: "too much" })
    .catch((e) => e);
  assert.ok(err instanceof RefundError);
  assert.ok(!(err instanceof ValidationError));
  assert.equal(err.code, "provider_error");
  assert.equal(err.httpStatus, 400);
  assert.equal(err.retryable, false);
  assert.match(err.idempotencyKey, KEY_RE);
  assert.equal(err.details.errors[0].parameter, "amount");
  assert.equal((await payrocLedger()).length, 0);
});

test("UAT test amounts: 4901 is declined and 4902 is a referral, as results", async () => {
  const p = payment("4901");
  const payroc = client();
  const declined = await payroc.refund({ paymentId: p.id, amount: Money.fromMinor(4901, "USD"), description: "d" });
  assert.equal(declined.status, "declined");
  assert.equal(declined.providerStatus, "declined");
  assert.equal(declined.amount.minor, 4901);
  assert.equal(declined.remainingRefundable.minor, p.amount, "a decline refunds nothing");
  const referral = await payroc.refund({ paymentId: p.id, amount: Money.fromMinor(4902, "USD"), description: "r" });
  assert.equal(referral.status, "declined");
  assert.equal(referral.providerStatus, "referral");
  assert.notEqual(referral.refundId, declined.refundId);
  const unref = await payroc.unreferencedRefund(unreferencedInput({ order: { orderId: "O-4901", amount: 4901, currency: "USD", description: "d" } }));
  assert.equal(unref.status, "declined");
  assert.equal((await payrocLedger()).length, 0);
});

test("a refund of a payment in an open batch reverses it: succeeded, providerStatus reversal", async () => {
  const p = payment("open batch");
  const r = await client().refund({ paymentId: p.id, description: "customer changed their mind" });
  assert.equal(r.status, "succeeded");
  assert.equal(r.providerStatus, "reversal");
  assert.equal(r.amount.minor, p.amount);
  assert.equal(r.remainingRefundable.minor, 0);
  const again = await client().getRefund(r.refundId);
  assert.equal(again.status, "succeeded");
  assert.equal(again.providerStatus, "reversal");
  assert.deepEqual((await payrocLedger()).map((e) => [e.reference, e.amount]), [[p.id, p.amount]]);
});

// ------------------------------------------------------------------ idempotency

test("the same idempotencyKey twice replays the same refund, with one ledger entry", async () => {
  const p = payment("4901");
  const idempotencyKey = crypto.randomUUID();
  const input = { paymentId: p.id, amount: Money.parse("5.00", "USD"), description: "once" };
  const first = await client().refund(input, { idempotencyKey });
  const second = await client().refund(input, { idempotencyKey });
  assert.equal(first.idempotencyKey, idempotencyKey);
  assert.equal(second.refundId, first.refundId);
  assert.deepEqual(second.raw, first.raw);
  const ledger = await payrocLedger();
  assert.deepEqual(ledger.map((e) => [e.amount, e.idempotencyKey]), [[500, idempotencyKey]]);
});

test("reusing a key with another amount is an idempotency_conflict", async () => {
  const p = payment("4901");
  const idempotencyKey = crypto.randomUUID();
  await client().refund({ paymentId: p.id, amount: Money.parse("5.00", "USD"), description: "once" }, { idempotencyKey });
  const err = await client()
    .refund({ paymentId: p.id, amount: Money.parse("5.01", "USD"), description: "once" }, { idempotencyKey })
    .catch((e) => e);
  assert.ok(err instanceof RefundError);
  assert.equal(err.code, "idempotency_conflict");
  assert.equal(err.httpStatus, 409);
  assert.equal(err.retryable, false);
  assert.equal(err.idempotencyKey, idempotencyKey);
  assert.equal((await payrocLedger()).length, 1);
});

// ------------------------------------------------------------------ tokens

test("one token serves many refunds, concurrent ones included", async () => {
  const p = payment("4901");
  const payroc = client();
  await payroc.refund({ paymentId: p.id, amount: Money.parse("1.00", "USD"), description: "1" });
  await Promise.all(
    [2, 3, 4, 5].map((n) => payroc.refund({ paymentId: p.id, amount: Money.fromMinor(100 + n, "USD"), description: `${n}` })),
  );
  const fresh = client();
  await Promise.all([fresh.getPayment(p.id), fresh.getPayment(p.id), fresh.getPayment(p.id)]);
  const stats = await sb.stats();
  assert.equal(count(stats, REFUND), 5);
  assert.equal(count(stats, TOKEN), 2, "one identity call per client");
  assert.equal(stats.tokensIssued.payroc, 2);
});

test("a token is refreshed before it expires", async () => {
  const short = await startSandbox(["--token-lifetime", "2"]);
  try {
    const s = (await short.seed()).payroc;
    const events = [];
    const payroc = client({ onEvent: (e) => events.push(e) }, short, s);
    const id = payment("partial then the rest", s).id;
    await payroc.getPayment(id);
    await payroc.getPayment(id);
    assert.equal((await short.stats()).tokensIssued.payroc, 1);
    await new Promise((r) => setTimeout(r, 1800)); // past 80% of 2 s
    await payroc.getPayment(id);
    const stats = await short.stats();
    assert.equal(stats.tokensIssued.payroc, 2);
    assert.equal(count(stats, TOKEN), 2);
    assert.ok(!events.some((e) => e.type === "response" && e.status === 401), "refreshed before, not after, a 401");
    assert.equal(events.filter((e) => e.type === "token").length, 2);
  } finally {
    await short.stop();
  }
});

// ------------------------------------------------------------------ unreferenced refunds

test("unreferenced refund with a keyed card: succeeded, and the card number never shows", async () => {
  const events = [];
  const payroc = client({ onEvent: (e) => events.push(e) });
  const r = await payroc.unreferencedRefund(unreferencedInput());
  assert.equal(r.status, "succeeded");
  assert.equal(r.providerStatus, "ready");
  assert.equal(r.approvalCode, "000000");
  assert.deepEqual(r.amount, { minor: 1250, currency: "USD", formatted: "12.50" });
  assert.match(r.refundId, /^[A-Z0-9]{10}$/);
  assert.equal(r.raw.card.cardNumber, "453985******7062");
  const post = events.find((e) => e.type === "request" && e.request.url.endsWith("/refunds"));
  assert.deepEqual(post.request.body.refundMethod, {
    type: "card",
    cardDetails: {
      entryMethod: "keyed",
      keyedData: { dataFormat: "plainText", cardNumber: "453985******7062", expiryDate: `12${String(NEXT_YEAR).slice(2)}` },
      cardholderName: "Sarah Hopper",
    },
  });
  assert.ok(!JSON.stringify(events).includes(PAN));
  assert.ok(!JSON.stringify(r).includes(PAN));
  const looked = await payroc.getRefund(r.refundId);
  assert.equal(looked.refundId, r.refundId);
  assert.equal(looked.status, "succeeded");
  assert.equal(looked.idempotencyKey, null);
  const ledger = await payrocLedger();
  assert.deepEqual(ledger.map((e) => [e.reference, e.amount, e.idempotencyKey]), [[null, 1250, r.idempotencyKey]]);
  const missing = await payroc.getRefund("ZZZZZZZZZZ").catch((e) => e);
  assert.equal(missing.code, "not_found");
});

test("unreferenced refund with a secure token", async () => {
  const r = await client().unreferencedRefund(
    unreferencedInput({ channel: "moto", refundMethod: { type: "secureToken", token: "296753123456" } }),
  );
  assert.equal(r.status, "succeeded");
  // A secure token stands for a card: shown redacted, like a card number.
  assert.equal(r.raw.card.secureToken.token, "[redacted]");
});

// ------------------------------------------------------------------ device refund instructions

test("device refund: submit, wait with onStatus, the card is presented, the refund comes back", async () => {
  const payroc = client();
  const ins = await payroc.submitRefundInstruction(instructionInput());
  assert.equal(ins.status, "inProgress");
  assert.match(ins.refundInstructionId, /^[0-9a-f]{1,36}$/);
  assert.match(ins.idempotencyKey, KEY_RE);
  const statuses = [];
  setTimeout(() => sb.present(device()), 300);
  const r = await payroc.waitForRefundInstruction(ins.refundInstructionId, { onStatus: (s) => statuses.push(s) });
  assert.equal(r.status, "succeeded");
  assert.deepEqual(r.amount, { minor: 4999, currency: "USD", formatted: "49.99" });
  assert.equal(statuses.at(-1).status, "completed");
  assert.equal(statuses.at(-1).refundId, r.refundId);
  const looked = await payroc.getRefundInstruction(ins.refundInstructionId);
  assert.equal(looked.status, "completed");
  assert.equal(looked.refundId, r.refundId);
  assert.deepEqual((await payrocLedger()).map((e) => e.amount), [4999]);
});

test("waiting reports every inProgress poll until the device completes", async () => {
  const fast = await startSandbox(["--long-poll-ms", "200"]);
  try {
    const s = (await fast.seed()).payroc;
    const payroc = client({}, fast, s);
    const ins = await payroc.submitRefundInstruction({ ...instructionInput(1234), serialNumber: device(s), processingTerminalId: terminal(s) });
    const statuses = [];
    // Polls held 200 ms count as not held: the SDK pauses 0.5 s, then 1 s, between them.
    setTimeout(() => fast.present(device(s)), 1500);
    const r = await payroc.waitForRefundInstruction(ins.refundInstructionId, { onStatus: (x) => statuses.push(x.status) });
    assert.equal(r.status, "succeeded");
    assert.ok(statuses.filter((x) => x === "inProgress").length >= 2, statuses.join());
    assert.equal(statuses.at(-1), "completed");
  } finally {
    await fast.stop();
  }
});

test("a failed instruction ends the wait with status failed", async () => {
  const payroc = client();
  const ins = await payroc.submitRefundInstruction(instructionInput());
  setTimeout(() => fetch(`${sb.url}/_sandbox/devices/${device()}/present`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ outcome: "failure", errorMessage: "Card removed too early" }),
  }), 200);
  const r = await payroc.waitForRefundInstruction(ins.refundInstructionId);
  assert.equal(r.status, "failed");
  assert.equal(r.providerStatus, "failure");
  assert.equal(r.refundId, null);
  assert.equal(r.raw.errorMessage, "Card removed too early");
});

test("cancel an instruction in progress; the wait then ends canceled", async () => {
  const payroc = client();
  const ins = await payroc.submitRefundInstruction(instructionInput());
  const canceled = await payroc.cancelRefundInstruction(ins.refundInstructionId);
  assert.deepEqual(canceled, { refundInstructionId: ins.refundInstructionId, status: "canceled" });
  assert.equal((await payroc.getRefundInstruction(ins.refundInstructionId)).status, "canceled");
  const r = await payroc.waitForRefundInstruction(ins.refundInstructionId);
  assert.equal(r.status, "canceled");
  assert.equal((await payrocLedger()).length, 0);
});

test("cancel after the instruction completed is a 409 provider_error", async () => {
  const payroc = client();
  const ins = await payroc.submitRefundInstruction(instructionInput());
  await sb.present(device());
  const err = await payroc.cancelRefundInstruction(ins.refundInstructionId).catch((e) => e);
  assert.ok(err instanceof RefundError);
  assert.equal(err.code, "provider_error");
  assert.equal(err.httpStatus, 409);
  assert.equal(err.retryable, false);
  assert.match(err.details.type, /cannot-be-modified$/);
  assert.equal((await payrocLedger()).length, 1, "the completed refund stands");
});

test("the caller's signal stops a wait", async () => {
  const payroc = client();
  const ins = await payroc.submitRefundInstruction(instructionInput());
  const started = Date.now();
  const err = await payroc
    .waitForRefundInstruction(ins.refundInstructionId, { signal: AbortSignal.timeout(300) })
    .catch((e) => e);
  assert.ok(err instanceof RefundError);
  assert.equal(err.code, "aborted");
  assert.ok(Date.now() - started < 5000);
  assert.equal((await payroc.cancelRefundInstruction(ins.refundInstructionId)).status, "canceled");
});

// ------------------------------------------------------------------ builders

test("builders validate without network, prepare the exact request, and send", async () => {
  const payroc = client();
  const before = await sb.stats();
  const b = new PayrocRefund({ paymentId: payment("4901").id });
  assert.deepEqual(b.validate().map((i) => [i.path, i.code]), [["description", "required"]]);
  assert.throws(() => b.build(), (e) => e instanceof ValidationError && e.issues[0].path === "description");
  b.set("description", "builder refund");
  b.set("amount", Money.parse("2.00", "USD"));
  assert.deepEqual(b.validate(), []);
  // The first request of a referenced refund reads the payment (its currency is checked).
  const prepared = payroc.prepare(b, { idempotencyKey: "6f1c1d0e-2b9a-4c53-9a7e-0d6b8c1f2a34" });
  assert.equal(prepared.method, "GET");
  assert.equal(prepared.url, `${sb.payroc.baseUrl}/payments/${payment("4901").id}`);
  assert.equal(prepared.headers["Authorization"], "[redacted]");
  assert.deepEqual((await sb.stats()).requests, before.requests, "validate and prepare send nothing");
  const r = await payroc.send(b, { idempotencyKey: "6f1c1d0e-2b9a-4c53-9a7e-0d6b8c1f2a34" });
  assert.equal(r.status, "succeeded");
  assert.equal(r.idempotencyKey, "6f1c1d0e-2b9a-4c53-9a7e-0d6b8c1f2a34");

  const rest = payroc.prepare(new PayrocRefund({ paymentId: payment("partial then the rest").id, description: "rest" }));
  assert.equal(rest.method, "GET", "refund the rest reads the payment first");

  const u = new PayrocUnreferencedRefund(unreferencedInput());
  const shown = payroc.prepare(u);
  assert.equal(shown.body.refundMethod.cardDetails.keyedData.cardNumber, "453985******7062");
  assert.ok(!JSON.stringify(shown).includes(PAN));
  assert.equal((await payroc.send(u)).status, "succeeded");

  const i = new PayrocRefundInstruction(instructionInput(700));
  assert.equal(payroc.prepare(i).url, `${sb.payroc.baseUrl}/devices/${device()}/refund-instructions`);
  const sent = await payroc.send(i);
  assert.equal(sent.status, "inProgress");
  await payroc.cancelRefundInstruction(sent.refundInstructionId);
});

// ------------------------------------------------------------------ validation: nothing is sent

test("every invalid input is a ValidationError naming the field, and nothing is sent", async () => {
  const payroc = client();
  const paymentId = payment("partial then the rest").id;
  const usd = (minor) => ({ minor, currency: "USD" });
  const ref = (over) => ({ paymentId, amount: usd(100), description: "d", ...over });
  const unref = (order = {}, card = {}, top = {}) =>
    unreferencedInput({
      order: { orderId: "O1", amount: usd(100), description: "d", ...order },
      refundMethod: { type: "card", card: { cardNumber: PAN, expiry: { month: 12, year: NEXT_YEAR }, ...card } },
      ...top,
    });
  const ins = (over = {}, order = {}) => ({ ...instructionInput(), ...over, order: { ...instructionInput().order, ...order } });
  const cases = [
    ["refund", ref({ paymentId: "M2MJOG6O2" }), "paymentId", "too_short"],
    ["refund", ref({ paymentId: "M2MJOG6O2YX" }), "paymentId", "too_long"],
    ["refund", ref({ description: undefined }), "description", "required"],
    ["refund", ref({ description: "" }), "description", "empty"],
    ["refund", ref({ operator: "x".repeat(51) }), "operator", "too_long"],
    ["refund", ref({ amount: usd(0) }), "amount.minor", "not_positive"],
    ["refund", ref({ amount: usd(-100) }), "amount.minor", "not_positive"],
    ["refund", ref({ amount: usd(10.5) }), "amount.minor", "not_an_integer"],
    ["refund", ref({ amount: { value: "10.001", currency: "USD" } }), "amount", "too_many_decimals"],
    ["refund", ref({ amount: { minor: 100, currency: "XXY" } }), "amount.currency", "invalid_currency"],
    ["getPayment", "M2MJOG6O", "paymentId", "too_short"],
    ["getRefund", "CD3HN88U9FF", "refundId", "too_long"],
    ["unreferencedRefund", unref({}, {}, { processingTerminalId: "123" }), "processingTerminalId", "too_short"],
    ["unreferencedRefund", unref({}, {}, { processingTerminalId: "1".repeat(51) }), "processingTerminalId", "too_long"],
    ["unreferencedRefund", unref({}, {}, { channel: "ecom" }), "channel", "invalid_enum"],
    ["unreferencedRefund", unref({}, {}, { operator: "x".repeat(51) }), "operator", "too_long"],
    ["unreferencedRefund", unref({ orderId: "x".repeat(25) }), "order.orderId", "too_long"],
    ["unreferencedRefund", unref({ orderId: "" }), "order.orderId", "empty"],
    ["unreferencedRefund", unref({ description: undefined }), "order.description", "required"],
    ["unreferencedRefund", unref({ amount: 100, currency: "usd" }), "order.currency", "invalid_currency"],
    ["unreferencedRefund", unref({ amount: 12.5, currency: "USD" }), "order.amount", "not_an_integer"],
    ["unreferencedRefund", unref({}, { cardNumber: "4539858876047063" }), "refundMethod.card.cardNumber", "invalid_card_number"],
    ["unreferencedRefund", unref({}, { cardNumber: "45398588760" }), "refundMethod.card.cardNumber", "invalid_card_number"],
    ["unreferencedRefund", unref({}, { cardNumber: "4539.8588.7604.7062" }), "refundMethod.card.cardNumber", "invalid_card_number"],
    ["unreferencedRefund", unref({}, { expiry: { month: 1, year: 2020 } }), "refundMethod.card.expiry", "card_expired"],
    ["unreferencedRefund", unref({}, { expiry: { month: 13, year: NEXT_YEAR } }), "refundMethod.card.expiry.month", "too_large"],
    ["submitRefundInstruction", ins({ serialNumber: "" }), "serialNumber", "empty"],
    ["submitRefundInstruction", ins({ serialNumber: "1".repeat(65) }), "serialNumber", "too_long"],
    ["submitRefundInstruction", ins({ processingTerminalId: "12" }), "processingTerminalId", "too_short"],
    ["submitRefundInstruction", ins({}, { amount: 0 }), "order.amount", "not_positive"],
    ["submitRefundInstruction", ins({}, { orderId: "x".repeat(25) }), "order.orderId", "too_long"],
  ];
  const ledgerBefore = await sb.ledger();
  const statsBefore = await sb.stats();
  for (const [method, input, path, code] of cases) {
    const err = await payroc[method](input).then(
      () => assert.fail(`${method} accepted bad ${path}`),
      (e) => e,
    );
    assert.ok(err instanceof ValidationError, `${method} ${path}: ${err}`);
    assert.equal(err.code, "validation");
    assert.ok(
      err.issues.some((i) => i.path === path && i.code === code),
      `${method} ${path}: ${JSON.stringify(err.issues)}`,
    );
    assert.ok(!err.message.includes(PAN));
  }
  assert.deepEqual(await sb.ledger(), ledgerBefore);
  assert.deepEqual((await sb.stats()).requests, statsBefore.requests);
});

test("an accessToken is enough, with a baseUrl and no environment", async () => {
  // The browser rule itself (an apiKey refused in a page) is tested in Chromium: the browser
  // entry chooses it (tests/browser/auth.test.mjs).
  const token = await (await fetch(sb.payroc.identityUrl + "/authorize", { method: "POST", headers: { "x-api-key": seed.apiKey } })).json();
  const viaToken = new PayrocClient({ accessToken: token.access_token, baseUrl: sb.payroc.baseUrl });
  assert.equal((await viaToken.getPayment(payment("JPY").id)).order.currency, "JPY");
});
