// J.P. Morgan Online Payments through the built package, against the real sandbox.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { JpMorganClient, JpMorganRefund, Money, RefundError, ValidationError } from "refundkit";
import { startSandbox } from "./support/sandbox.mjs";

const SOFTWARE = { companyName: "Refundkit Tests", productName: "jpmorgan.test.mjs", version: "1.0.0" };
const PAN = "4012000033330026";
const NEXT_YEAR = new Date().getUTCFullYear() + 1;

let sb;
let seed;

before(async () => {
  sb = await startSandbox();
  seed = (await sb.seed()).jpmorgan;
});
after(() => sb?.stop());
beforeEach(async () => {
  await sb.clearFaults();
  await sb.reset();
});

function client(sandbox = sb, s = seed, extra = {}) {
  return new JpMorganClient({
    merchantId: s.merchantId,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    environment: "mock",
    baseUrl: sandbox.jpmorgan.baseUrl,
    tokenUrl: sandbox.jpmorgan.tokenUrl,
    merchantSoftware: SOFTWARE,
    ...extra,
  });
}

/** The seeded payment whose `purpose` mentions `word`. */
function payment(word) {
  const p = seed.payments.find((p) => p.purpose.includes(word));
  assert.ok(p, `no seeded J.P. Morgan payment for ${word}`);
  return p;
}

const jpmLedger = async () => (await sb.ledger()).filter((e) => e.provider === "jpmorgan");
const requestCount = (stats, route) => stats.requests[route] ?? 0;
const REFUNDS = "POST /jpmorgan/api/v2/refunds";
const TOKEN = "POST /jpmorgan/oauth2/token";

test("full refund: no amount on the wire, the whole payment comes back", async () => {
  const p = payment("full refund");
  const events = [];
  const jpm = client(sb, seed, { onEvent: (e) => events.push(e) });
  const r = await jpm.refund({ transactionId: p.id });
  assert.equal(r.provider, "jpmorgan");
  assert.equal(r.status, "succeeded");
  assert.equal(r.providerStatus, "SUCCESS/AUTHORIZED");
  assert.deepEqual(r.amount, { minor: p.amount, currency: p.currency, formatted: "12.34" });
  assert.deepEqual(r.remainingRefundable, { minor: 0, currency: "USD", formatted: "0.00" });
  assert.ok(r.refundId && r.approvalCode);
  assert.equal(r.raw.requestId, r.idempotencyKey);
  const post = events.find((e) => e.type === "request" && e.request.method === "POST" && e.request.url.endsWith("/refunds"));
  assert.equal(post.request.body.amount, undefined);
  assert.equal(post.request.body.paymentMethodType.transactionReference.transactionReferenceId, p.id);
  assert.deepEqual(post.request.body.merchant.merchantSoftware, SOFTWARE);
  assert.equal(post.request.headers["merchant-id"], seed.merchantId);
  assert.equal(post.request.headers["request-id"], r.idempotencyKey);
  assert.equal(post.request.headers["Authorization"], "[redacted]");
  const ledger = await jpmLedger();
  assert.equal(ledger.length, 1);
  assert.deepEqual([ledger[0].reference, ledger[0].amount, ledger[0].idempotencyKey], [p.id, p.amount, r.idempotencyKey]);
});

test("partial refunds up to the original amount, then one more is rejected", async () => {
  const p = payment("partial refunds");
  const jpm = client();
  const left = [];
  for (const value of ["30.00", "30.00", "40.00"]) {
    const r = await jpm.refund({ transactionId: p.id, amount: Money.parse(value, "USD") });
    assert.equal(r.status, "succeeded");
    assert.equal(r.amount.formatted, value);
    left.push(r.remainingRefundable.minor);
  }
  assert.deepEqual(left, [7000, 4000, 0]);
  const ledgerBefore = await jpmLedger();
  await assert.rejects(jpm.refund({ transactionId: p.id, amount: Money.parse("0.01", "USD") }), (e) => {
    assert.ok(e instanceof RefundError);
    assert.equal(e.code, "provider_error");
    assert.equal(e.httpStatus, 400);
    assert.equal(e.retryable, false);
    assert.equal(e.provider, "jpmorgan");
    assert.ok(e.idempotencyKey);
    assert.equal(e.details.responseStatus, "ERROR");
    assert.equal(e.details.validationErrors[0].entity, "amount");
    return true;
  });
  assert.equal((await jpmLedger()).length, ledgerBefore.length);
  assert.equal(ledgerBefore.reduce((sum, e) => sum + e.amount, 0), p.amount);
});

test("multi-capture: a refund by captureId is limited by its capture, not the order", async () => {
  const p = payment("multi-capture");
  const [first, second, third] = p.captures;
  const jpm = client();
  const r1 = await jpm.refund({ captureId: first.id, amount: Money.fromMinor(first.amount, "USD") });
  assert.equal(r1.status, "succeeded");
  assert.equal(r1.remainingRefundable.minor, 0, "what is left of that capture");
  assert.equal(r1.raw.transactionReferenceId, first.id);

  // The order still has more than this, but the capture does not.
  await assert.rejects(jpm.refund({ captureId: second.id, amount: Money.fromMinor(second.amount + 1, "USD") }), (e) => {
    assert.equal(e.code, "provider_error");
    assert.equal(e.details.validationErrors[0].entity, "amount");
    return true;
  });
  const r2 = await jpm.refund({ captureId: second.id, amount: Money.fromMinor(second.amount, "USD") });
  assert.equal(r2.status, "succeeded");
  // No amount: the rest of that one capture.
  const r3 = await jpm.refund({ captureId: third.id });
  assert.equal(r3.amount.minor, third.amount);
  const ledger = await jpmLedger();
  assert.deepEqual(ledger.map((e) => [e.reference, e.amount]), [[first.id, first.amount], [second.id, second.amount], [third.id, third.amount]]);
});

test("standalone refund to a card, with the enums; the card number never shows", async () => {
  const events = [];
  const jpm = client(sb, seed, { onEvent: (e) => events.push(e) });
  const r = await jpm.standaloneRefund({
    card: { accountNumber: PAN, expiry: { month: 5, year: NEXT_YEAR } },
    amount: Money.parse("12.34", "USD"),
    initiatorType: "CARDHOLDER",
    accountOnFile: "NOT_STORED",
  });
  assert.equal(r.status, "succeeded");
  assert.equal(r.amount.minor, 1234);
  assert.equal(r.remainingRefundable, undefined);
  assert.equal(r.raw.paymentMethodType.card.maskedAccountNumber, "401200XXXXXX0026");
  const shown = JSON.stringify(events) + JSON.stringify(r);
  assert.ok(!shown.includes(PAN), "the full card number leaked");
  assert.ok(shown.includes("401200******0026"));
  const ledger = await jpmLedger();
  assert.deepEqual([ledger.length, ledger[0].reference, ledger[0].amount], [1, null, 1234]);
});

test("getRefund and getRefundByRequestId find the refund; unknown ids are not_found", async () => {
  const p = payment("full refund");
  const jpm = client();
  const r = await jpm.refund({ transactionId: p.id }, { idempotencyKey: "c1b3a2f0-4d5e-4f60-8a7b-9c0d1e2f3a4b" });
  assert.equal(r.idempotencyKey, "c1b3a2f0-4d5e-4f60-8a7b-9c0d1e2f3a4b");
  const byId = await jpm.getRefund(r.refundId);
  assert.equal(byId.transactionId, r.refundId);
  assert.equal(byId.responseStatus, "SUCCESS");
  const byRequest = await jpm.getRefundByRequestId(r.idempotencyKey);
  assert.equal(byRequest.transactionId, r.refundId);
  assert.equal(byRequest.requestId, r.idempotencyKey);
  await assert.rejects(jpm.getRefund("00000000-0000-4000-8000-000000000000"), (e) => e instanceof RefundError && e.code === "not_found" && e.httpStatus === 404);
  await assert.rejects(jpm.getRefundByRequestId("never-sent"), (e) => e.code === "not_found");
  const stats = await sb.stats();
  assert.equal(requestCount(stats, "GET /jpmorgan/api/v2/refunds/{transactionId}"), 2);
  assert.equal(requestCount(stats, "GET /jpmorgan/api/v2/refunds"), 2);
});

test("a DENIED refund is a declined result, not an error, and moves no money", async () => {
  const p = payment("DENIED");
  const r = await client().refund({ transactionId: p.id, amount: Money.parse("49.01", "USD") });
  assert.equal(r.status, "declined");
  assert.equal(r.providerStatus, "DENIED/DECLINED");
  assert.equal(r.raw.responseStatus, "DENIED");
  assert.equal((await jpmLedger()).length, 0);
});

test("one token for many calls", async () => {
  const before = await sb.stats();
  const jpm = client();
  const p = payment("partial refunds");
  for (let i = 0; i < 3; i++) await jpm.refund({ transactionId: p.id, amount: Money.parse("1.00", "USD") });
  await jpm.getRefundByRequestId((await jpmLedger())[0].idempotencyKey);
  const after = await sb.stats();
  assert.equal(requestCount(after, TOKEN) - requestCount(before, TOKEN), 1);
  assert.equal(after.tokensIssued.jpmorgan - before.tokensIssued.jpmorgan, 1);
  assert.equal(requestCount(after, REFUNDS) - requestCount(before, REFUNDS), 3);
});

test("the token is refreshed when it runs out", async () => {
  const short = await startSandbox(["--token-lifetime", "2"]);
  try {
    const s = (await short.seed()).jpmorgan;
    const events = [];
    const jpm = client(short, s, { onEvent: (e) => events.push(e) });
    const p = s.payments.find((p) => p.purpose.includes("partial refunds"));
    await jpm.refund({ transactionId: p.id, amount: Money.parse("1.00", "USD") });
    await jpm.refund({ transactionId: p.id, amount: Money.parse("1.00", "USD") });
    assert.equal(requestCount(await short.stats(), TOKEN), 1);
    await new Promise((r) => setTimeout(r, 2100));
    const r = await jpm.refund({ transactionId: p.id, amount: Money.parse("1.00", "USD") });
    assert.equal(r.status, "succeeded");
    const stats = await short.stats();
    assert.equal(requestCount(stats, TOKEN), 2);
    assert.equal(stats.tokensIssued.jpmorgan, 2);
    assert.equal(events.filter((e) => e.type === "token").length, 2);
    assert.ok(events.filter((e) => e.type === "response").every((e) => e.status !== 401), "refreshed before expiry, never refused");
  } finally {
    await short.stop();
  }
});

test("a refund whose response is lost is retried with the same request-id and made once", async () => {
  const p = payment("partial refunds");
  await sb.setFault({ method: "POST", path: "/jpmorgan/api/v2/refunds", kind: "drop_after_commit", count: 1 });
  const events = [];
  const jpm = client(sb, seed, { onEvent: (e) => events.push(e) });
  const r = await jpm.refund({ transactionId: p.id, amount: Money.parse("25.00", "USD") });
  assert.equal(r.status, "succeeded");
  const posts = events.filter((e) => e.type === "request" && e.request.url.endsWith("/refunds"));
  assert.equal(posts.length, 2, "the first attempt's answer was dropped");
  assert.deepEqual(posts.map((e) => e.request.headers["request-id"]), [r.idempotencyKey, r.idempotencyKey]);
  assert.deepEqual(posts[0].request.body, posts[1].request.body);
  assert.equal(events.filter((e) => e.type === "retry").length, 1);
  const ledger = await jpmLedger();
  assert.equal(ledger.length, 1);
  assert.deepEqual([ledger[0].amount, ledger[0].idempotencyKey], [2500, r.idempotencyKey]);
  assert.equal(r.remainingRefundable.minor, p.amount - 2500);
});

test("invalid inputs are ValidationErrors naming the field, and nothing is sent", async () => {
  const jpm = client();
  const p = payment("partial refunds");
  await jpm.refund({ transactionId: p.id, amount: Money.parse("1.00", "USD") }); // the token is cached now
  const ledgerBefore = await sb.ledger();
  const statsBefore = await sb.stats();
  const usd = Money.parse("1.00", "USD");
  const card = { accountNumber: PAN, expiry: { month: 5, year: NEXT_YEAR } };
  const cases = [
    [() => jpm.refund({ transactionId: p.id, captureId: "cf0bd1da-0cff-4bf0-a295-d1310c46c513", amount: usd }), ["transactionId", "captureId"], "conflict"],
    [() => jpm.send(new JpMorganRefund({ transactionId: p.id, card, amount: usd })), ["transactionId", "card"], "conflict"],
    [() => jpm.standaloneRefund({ card: { ...card, accountNumber: "4012000033330027" }, amount: usd }), ["card.accountNumber"], "invalid_card_number"],
    [() => jpm.standaloneRefund({ card: { ...card, expiry: { month: 1, year: 2020 } }, amount: usd }), ["card.expiry"], "card_expired"],
    [() => jpm.standaloneRefund({ card, amount: usd, initiatorType: "ROBOT" }), ["initiatorType"], "invalid_enum"],
    [() => jpm.standaloneRefund({ card, amount: usd, accountOnFile: "SOMETIMES" }), ["accountOnFile"], "invalid_enum"],
    [() => jpm.refund({ transactionId: p.id, amount: { minor: 10.5, currency: "USD" } }), ["amount.minor"], "not_an_integer"],
    [() => jpm.refund({ transactionId: p.id, amount: { value: "10.001", currency: "USD" } }), ["amount"], "too_many_decimals"],
    [() => jpm.refund({ transactionId: p.id, amount: { minor: -5, currency: "USD" } }), ["amount.minor"], "not_positive"],
    [() => jpm.refund({ transactionId: p.id, amout: usd }), ["amout"], "unknown_field"],
    [() => jpm.refund({}), ["transactionId"], "required"],
    [() => jpm.getRefund(""), ["transactionId"], "empty"],
  ];
  for (const [call, paths, code] of cases) {
    await assert.rejects(call(), (e) => {
      assert.ok(e instanceof ValidationError, `${paths}: ${e}`);
      assert.ok(e instanceof RefundError);
      assert.equal(e.code, "validation");
      assert.deepEqual(e.issues.map((i) => i.path), paths);
      assert.ok(e.issues.every((i) => i.code === code), JSON.stringify(e.issues));
      assert.ok(!e.message.includes("4012000033330027") && !JSON.stringify(e.issues).includes("4012000033330027"));
      return true;
    });
  }
  assert.deepEqual(await sb.ledger(), ledgerBefore);
  assert.deepEqual((await sb.stats()).requests, statsBefore.requests);
});

test("builder: validate without network, prepare shows the exact POST, send makes it", async () => {
  const p = payment("partial refunds");
  const jpm = client();
  const b = new JpMorganRefund();
  assert.equal(b.kind, "JpMorganRefund");
  assert.deepEqual(b.validate().map((i) => [i.path, i.code]), [["transactionId", "required"]]);
  b.set("transactionId", p.id).set("captureId", "x");
  assert.deepEqual(b.validate().map((i) => [i.path, i.code]), [["transactionId", "conflict"], ["captureId", "conflict"]]);
  assert.throws(() => b.build(), ValidationError);
  b.set("captureId", null).set("amount", Money.parse("5.00", "USD"));
  assert.deepEqual(b.validate(), []);
  assert.deepEqual(b.build(), { transactionId: p.id, amount: { minor: 500, currency: "USD" } });

  const statsBefore = await sb.stats();
  const prepared = jpm.prepare(b, { idempotencyKey: "7e0e0d62-6107-4b29-8582-276e74f7362e" });
  assert.equal(prepared.method, "POST");
  assert.equal(prepared.url, sb.jpmorgan.baseUrl + "/refunds");
  assert.equal(prepared.headers["request-id"], "7e0e0d62-6107-4b29-8582-276e74f7362e");
  assert.equal(prepared.headers["merchant-id"], seed.merchantId);
  assert.equal(prepared.headers["Authorization"], "[redacted]");
  assert.deepEqual(prepared.body, {
    amount: 500,
    currency: "USD",
    paymentMethodType: { transactionReference: { transactionReferenceId: p.id } },
    merchant: { merchantSoftware: SOFTWARE },
  });
  assert.deepEqual((await sb.stats()).requests, statsBefore.requests, "prepare sends nothing");

  const r = await jpm.send(b, { idempotencyKey: "7e0e0d62-6107-4b29-8582-276e74f7362e" });
  assert.equal(r.status, "succeeded");
  assert.equal(r.raw.requestId, "7e0e0d62-6107-4b29-8582-276e74f7362e");

  const standalone = new JpMorganRefund({ card: { accountNumber: PAN, expiry: { month: 5, year: NEXT_YEAR } }, amount: Money.parse("3.00", "USD") });
  assert.deepEqual(standalone.validate(), []);
  assert.equal(JSON.stringify(jpm.prepare(standalone)).includes(PAN), false, "prepare masks the card");
  assert.equal((await jpm.send(standalone)).status, "succeeded");
});

test("a caller's access token or getAccessToken() replaces client credentials", async () => {
  const basic = Buffer.from(`${seed.clientId}:${seed.clientSecret}`).toString("base64");
  const mint = async () => {
    const res = await fetch(sb.jpmorgan.tokenUrl, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    return (await res.json()).access_token;
  };
  const base = { merchantId: seed.merchantId, environment: "mock", baseUrl: sb.jpmorgan.baseUrl, merchantSoftware: SOFTWARE };
  const p = payment("partial refunds");
  const fixed = new JpMorganClient({ ...base, accessToken: await mint() });
  assert.equal((await fixed.refund({ transactionId: p.id, amount: Money.parse("1.00", "USD") })).status, "succeeded");
  let asked = 0;
  const viaCallback = new JpMorganClient({ ...base, getAccessToken: async () => (asked++, { accessToken: await mint(), expiresIn: 3600 }) });
  await viaCallback.refund({ transactionId: p.id, amount: Money.parse("1.00", "USD") });
  await viaCallback.refund({ transactionId: p.id, amount: Money.parse("1.00", "USD") });
  assert.equal(asked, 1);

  const wrong = new JpMorganClient({ ...base, accessToken: "not-a-token" });
  await assert.rejects(wrong.refund({ transactionId: p.id }), (e) => e.code === "authentication");
  const badSecret = client(sb, { ...seed, clientSecret: "wrong-secret" });
  await assert.rejects(badSecret.refund({ transactionId: p.id }), (e) => {
    assert.equal(e.code, "authentication");
    assert.ok(!e.message.includes("wrong-secret"));
    return true;
  });
});

test("client options are checked when the client is made", () => {
  assert.throws(
    () => new JpMorganClient({ merchantId: "1", environment: "staging", clientId: "a", clientSecret: "b", merchantSoftware: { companyName: "c" } }),
    (e) => e instanceof ValidationError && e.issues.map((i) => i.path).join() === "environment,merchantSoftware.productName",
  );
  assert.throws(
    () => new JpMorganClient({ merchantId: "1", environment: "mock", clientId: "a", clientSecret: "b", merchantSoftware: { companyName: "c", productName: "p", version: 1.235 } }),
    (e) => e instanceof ValidationError && e.issues[0].path === "merchantSoftware.version",
  );
});
