// Money safety (issue 12), through the built package against the real sandbox: a refund
// does exactly what the caller said, or nothing, and says which.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { inspect } from "node:util";
import { Money, RefundError, ValidationError, PayrocClient, PayrocRefund, JpMorganRefund, CommerceHubRefund, maskCardNumber } from "refundkit";
import { startSandbox } from "./support/sandbox.mjs";
import { clients, seeded, refundInput, PROVIDERS, REFUND_ROUTE, ledgerOf } from "./support/clients.mjs";

const PAN = "4111111111111111";
const SPACED_PAN = "4111 1111 1111 1111";
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

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

/** A settled USD payment of each provider with room for small refunds. */
const usdPayment = (provider) =>
  ({ payroc: () => seeded(seed, "payroc", "100.00"), jpmorgan: () => seeded(seed, "jpmorgan", "partial refunds"), commercehub: () => seeded(seed, "commercehub", "partial refunds") })[provider]();

/** Runs `call`, expects a ValidationError with `[path, code]` issues, and checks nothing was sent. */
async function refused(call, expected) {
  const ledger = await sb.ledger();
  const stats = await sb.stats();
  const err = await Promise.resolve().then(call).then(() => assert.fail("accepted"), (e) => e);
  assert.ok(err instanceof ValidationError, String(err));
  assert.deepEqual(err.issues.map((i) => [i.path, i.code]), expected, JSON.stringify(err.issues));
  assert.deepEqual(await sb.ledger(), ledger);
  assert.deepEqual((await sb.stats()).requests, stats.requests, "nothing was sent");
  return err;
}

// ------------------------------------------------------------------ no silent defaults

test("a mistyped key is refused with the nearest known one, for every provider, and nothing is sent", async () => {
  const c = clients(sb, seed);
  for (const provider of PROVIDERS) {
    const input = refundInput(provider, usdPayment(provider));
    const err = await refused(() => c[provider].refund({ ...input, amout: Money.parse("1.00", "USD") }), [["amout", "unknown_field"]]);
    assert.match(err.issues[0].message, /did you mean amount\?$/);
  }
});

test("an empty amount never means 'refund everything': undefined, null and \"\" are refused", async () => {
  const c = clients(sb, seed);
  for (const provider of PROVIDERS) {
    for (const empty of [undefined, null, ""]) {
      const input = { ...refundInput(provider, usdPayment(provider)), amount: empty };
      const err = await refused(() => c[provider].refund(input), [["amount", "empty"]]);
      assert.match(err.issues[0].message, /leave amount out/);
    }
  }
});

test("options are checked too: client options, per-call options and builders", async () => {
  assert.throws(
    () => new PayrocClient({ apiKey: "k", environment: "uat", maxRetry: 3 }),
    (e) => e instanceof ValidationError && e.issues[0].path === "maxRetry" && /did you mean maxRetries\?/.test(e.issues[0].message),
  );
  assert.throws(() => new PayrocClient({ apiKey: "k" }), (e) => e instanceof ValidationError && e.issues[0].path === "environment");
  const c = clients(sb, seed);
  const input = refundInput("payroc", usdPayment("payroc"), Money.parse("1.00", "USD"));
  const typo = await refused(() => c.payroc.refund(input, { idempotency_key: "6d1b4c9e-5f0e-4b7a-9a51-2f8d3c7e1a60" }), [["options.idempotency_key", "unknown_field"]]);
  assert.match(typo.issues[0].message, /did you mean idempotencyKey\?/);
  await refused(() => c.payroc.refund(input, { idempotencyKey: "" }), [["options.idempotencyKey", "empty"]]);
  await refused(() => c.payroc.refund(input, { idempotencyKey: undefined }), [["options.idempotencyKey", "empty"]]);
  for (const [Builder, fields] of [
    [PayrocRefund, { paymentId: "B6ZOFZNVOP", description: "d", amout: 1 }],
    [JpMorganRefund, { transactionId: "t-1", amout: 1 }],
    [CommerceHubRefund, { referenceTransactionId: "1", amout: 1 }],
  ]) {
    assert.deepEqual(new Builder(fields).validate().map((i) => [i.path, i.code]), [["amout", "unknown_field"]]);
  }
});

test("a card number in free text is refused by name and never echoed", async () => {
  const c = clients(sb, seed);
  const usd = Money.parse("1.00", "USD");
  for (const [provider, input, path] of [
    ["payroc", refundInput("payroc", usdPayment("payroc"), usd, { description: `refund card ${SPACED_PAN}` }), "description"],
    ["payroc", refundInput("payroc", usdPayment("payroc"), usd, { operator: PAN }), "operator"],
    ["commercehub", refundInput("commercehub", usdPayment("commercehub"), usd, { merchantTransactionId: `order-${PAN}` }), "merchantTransactionId"],
  ]) {
    const err = await refused(() => c[provider].refund(input), [[path, "card_data_in_text"]]);
    const text = JSON.stringify(err) + err.message;
    assert.ok(!text.includes(PAN) && !text.includes(SPACED_PAN), text);
  }
});

// ------------------------------------------------------------------ the currency is part of the amount

test("a Money in another currency than the payment's is never refunded", async () => {
  const c = clients(sb, seed);
  const yen = Money.parse("100", "JPY");
  // Payroc's refund body has no currency: the payment is read first and the call refused.
  await assert.rejects(c.payroc.refund(refundInput("payroc", usdPayment("payroc"), yen)), (e) => {
    assert.ok(e instanceof ValidationError);
    assert.deepEqual(e.issues.map((i) => [i.path, i.code]), [["amount.currency", "currency_mismatch"]]);
    return true;
  });
  // J.P. Morgan and Commerce Hub carry the currency in the body, and refuse a mismatch.
  for (const provider of ["jpmorgan", "commercehub"]) {
    await assert.rejects(c[provider].refund(refundInput(provider, usdPayment(provider), yen)), (e) => e instanceof RefundError && e.httpStatus === 400);
  }
  assert.deepEqual(await sb.ledger(), []);
});

// ------------------------------------------------------------------ unknown outcomes

test("a 2xx that cannot be read is outcome_unknown with the key, and syncRefund finds the refund", async () => {
  const c = clients(sb, seed, { maxRetries: 0 });
  for (const provider of PROVIDERS) {
    await sb.setFault({ method: "POST", path: REFUND_ROUTE[provider], kind: "unreadable_after_commit", count: 1 });
    const err = await c[provider].refund(refundInput(provider, usdPayment(provider), Money.parse("2.00", "USD"))).catch((e) => e);
    assert.ok(err instanceof RefundError, `${provider}: ${err}`);
    assert.equal(err.code, "outcome_unknown", `${provider}: ${err.message}`);
    assert.equal(err.retryable, true);
    assert.match(err.idempotencyKey, /^[0-9a-f-]{36}$/);
    const ledger = await ledgerOf(sb, provider);
    assert.equal(ledger.length, 1, `${provider}: the refund was made`);
    // What a log line or a journal keeps: the message survives, and the copy still resolves.
    const stored = JSON.parse(JSON.stringify(err));
    assert.equal(stored.message, err.message);
    const found = await c[provider].syncRefund(stored);
    assert.equal(found.status, "succeeded", `${provider}: ${JSON.stringify(found)}`);
    assert.equal(found.refundId, ledger[0].refundId);
  }
});

test("a lost answer after the last retry is outcome_unknown; sending again with the key makes no second refund", async () => {
  const c = clients(sb, seed, { maxRetries: 1 });
  for (const provider of PROVIDERS) {
    await sb.setFault({ method: "POST", path: REFUND_ROUTE[provider], kind: "drop_after_commit", count: 2 });
    const input = refundInput(provider, usdPayment(provider), Money.parse("3.00", "USD"));
    const err = await c[provider].refund(input).catch((e) => e);
    assert.equal(err.code, "outcome_unknown", `${provider}: ${err.message}`);
    assert.ok(err.lookup, "what syncRefund needs travels with the error");
    const again = await c[provider].refund(input, { idempotencyKey: err.idempotencyKey });
    assert.equal(again.status, "succeeded");
    assert.equal((await ledgerOf(sb, provider)).length, 1, `${provider}: one refund`);
  }
});

test("syncRefund says plainly when nothing was made: safe to send again with the same key", async () => {
  const c = clients(sb, seed, { maxRetries: 0, timeoutMs: 300 });
  for (const provider of ["payroc", "commercehub"]) {
    // The connection is reset before anything is stored: nothing was made, but the SDK cannot know.
    await sb.setFault({ method: "POST", path: REFUND_ROUTE[provider], kind: "reset", count: 1 });
    const err = await c[provider].refund(refundInput(provider, usdPayment(provider), Money.parse("4.00", "USD"))).catch((e) => e);
    assert.equal(err.code, "outcome_unknown", `${provider}: ${err.message}`);
    const none = await c[provider].syncRefund(err).catch((e) => e);
    assert.ok(none instanceof RefundError);
    assert.equal(none.code, "not_found");
    assert.equal(none.retryable, true);
    assert.match(none.message, /safe to send the same request again/);
    assert.deepEqual(await ledgerOf(sb, provider), []);
  }
});

test("'refund the rest' run again under its key does not become a generic error", async () => {
  const c = clients(sb, seed);
  const p = seeded(seed, "payroc", "partial then the rest");
  const key = "0b2f7a4e-3c1d-4e8f-9a6b-5c4d3e2f1a0b";
  const first = await c.payroc.refund({ paymentId: p.id, description: "the rest" }, { idempotencyKey: key });
  assert.equal(first.status, "succeeded");
  const again = await c.payroc.refund({ paymentId: p.id, description: "the rest" }, { idempotencyKey: key }).catch((e) => e);
  assert.ok(again instanceof ValidationError);
  assert.deepEqual(again.issues.map((i) => [i.path, i.code]), [["paymentId", "nothing_left"]]);
  assert.equal((await ledgerOf(sb, "payroc")).length, 1);
});

// ------------------------------------------------------------------ nothing sensitive handed back

test("no card number or secret in results, raw answers, errors, events or builders", async () => {
  const events = [];
  const c = clients(sb, seed, { onEvent: (e) => events.push(e) });
  const card = { accountNumber: PAN, expiry: { month: 12, year: NEXT_YEAR } };
  const standalone = await c.jpmorgan.standaloneRefund({ card, amount: Money.parse("5.00", "USD") });
  assert.equal(standalone.status, "succeeded");
  const declined = await c.jpmorgan.standaloneRefund({ card: { ...card, accountNumber: "4012000033330027" }, amount: Money.parse("5.00", "USD") }).catch((e) => e);
  const builder = new JpMorganRefund({ card, amount: Money.parse("5.00", "USD") });
  const shown = [
    JSON.stringify(standalone),
    JSON.stringify(declined),
    String(declined.message),
    JSON.stringify(events),
    JSON.stringify(builder),
    inspect(builder),
    String(builder),
    JSON.stringify(c.jpmorgan.prepare(builder)),
  ].join("\n");
  for (const secret of [PAN, seed.jpmorgan.clientSecret, seed.payroc.apiKey, seed.commercehub.apiSecret]) {
    assert.ok(!shown.includes(secret), `${secret} leaked`);
  }
  assert.ok(shown.includes("411111******1111"), "masked, not dropped");
  assert.equal(maskCardNumber(`card ${SPACED_PAN} and 4111-1111-1111-1111`), "card 411111******1111 and 411111******1111");
});

// ------------------------------------------------------------------ transport

test("a redirect is never followed: no credential reaches another origin", async () => {
  let hits = 0;
  const elsewhere = http.createServer((req, res) => {
    hits++;
    res.end("{}");
  });
  await new Promise((r) => elsewhere.listen(0, "127.0.0.1", r));
  const location = `http://127.0.0.1:${elsewhere.address().port}/steal`;
  try {
    await sb.setFault({ method: "POST", path: "/payroc/identity/authorize", kind: "redirect", status: 307, location, count: 5 });
    const c = clients(sb, seed);
    const err = await c.payroc.getPayment(usdPayment("payroc").id).catch((e) => e);
    assert.ok(err instanceof RefundError);
    assert.equal(err.retryable, false);
    assert.match(err.message, /never follows redirects/);
    await sb.setFault({ method: "POST", path: "/commercehub/ch/payments/v1/refunds", kind: "redirect", status: 308, location, count: 5 });
    const ch = await c.commercehub.refund(refundInput("commercehub", usdPayment("commercehub"), Money.parse("1.00", "USD"))).catch((e) => e);
    assert.match(ch.message, /never follows redirects/);
    assert.equal(hits, 0);
  } finally {
    elsewhere.close();
  }
});

test("an abort while a token is being fetched ends the call at once", async () => {
  await sb.setFault({ method: "POST", path: "/payroc/identity/authorize", kind: "delay", delayMs: 3000, count: 1 });
  const c = clients(sb, seed);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const started = performance.now();
  const err = await c.payroc.getPayment(usdPayment("payroc").id, { signal: controller.signal }).catch((e) => e);
  const took = performance.now() - started;
  assert.equal(err.code, "aborted");
  assert.ok(took < 400, `took ${took} ms`);
});

test("a slow getAccessToken() is bounded by the timeout", async () => {
  const c = new PayrocClient({ environment: "uat", ...sb.payroc, timeoutMs: 200, getAccessToken: () => new Promise(() => {}) });
  const started = performance.now();
  const err = await c.getPayment(usdPayment("payroc").id).catch((e) => e);
  assert.equal(err.code, "authentication");
  assert.match(err.message, /did not answer within 200 ms/);
  assert.ok(performance.now() - started < 1000);
});

test("deadlineMs bounds a whole call across retries", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE.jpmorgan, kind: "fail_before_commit", count: 10 });
  const c = clients(sb, seed, { maxRetries: 10 });
  const started = performance.now();
  const err = await c.jpmorgan.refund(refundInput("jpmorgan", usdPayment("jpmorgan"), Money.parse("1.00", "USD")), { deadlineMs: 700 }).catch((e) => e);
  const took = performance.now() - started;
  assert.equal(err.code, "timeout", err.message);
  assert.match(err.message, /deadline/);
  assert.ok(took < 1500, `took ${took} ms`);
});

test("a Retry-After above the cap gives up at once and says how long", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE.commercehub, kind: "rate_limit", retryAfter: 120, count: 5 });
  const c = clients(sb, seed);
  const started = performance.now();
  const err = await c.commercehub.refund(refundInput("commercehub", usdPayment("commercehub"), Money.parse("1.00", "USD"))).catch((e) => e);
  assert.equal(err.code, "rate_limited");
  assert.equal(err.retryAfterMs, 120_000);
  assert.ok(performance.now() - started < 1000);
  assert.equal((await sb.stats()).requests["POST /commercehub/ch/payments/v1/refunds"], 1);
});

test("waitForRefundInstruction's result carries the key that submitted the instruction", async () => {
  const c = clients(sb, seed);
  const terminal = seed.payroc.processingTerminals[0];
  const ins = await c.payroc.submitRefundInstruction({
    serialNumber: terminal.devices[0].serialNumber,
    processingTerminalId: terminal.processingTerminalId,
    order: { orderId: "Ord-key-1", amount: 700, currency: "USD" },
  });
  setTimeout(() => sb.present(terminal.devices[0].serialNumber), 200);
  const byId = await c.payroc.waitForRefundInstruction(ins.refundInstructionId);
  assert.equal(byId.status, "succeeded");
  assert.equal(byId.idempotencyKey, ins.idempotencyKey);
  // From another client (another process): the submitted instruction object names its key.
  const other = clients(sb, seed).payroc;
  assert.equal((await other.getRefundInstruction(ins)).idempotencyKey, ins.idempotencyKey);
});
