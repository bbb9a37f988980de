// Fiserv Commerce Hub through the built package, against the real sandbox.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import {
  CommerceHubClient,
  CommerceHubRefund,
  CommerceHubChargeRefund,
  Money,
  RefundError,
  ValidationError,
} from "refundkit";
import { startSandbox } from "./support/sandbox.mjs";

let sb;
let seed;

before(async () => {
  sb = await startSandbox();
  seed = (await sb.seed()).commercehub;
});
after(() => sb?.stop());
beforeEach(async () => {
  await sb.clearFaults();
  await sb.reset();
});

const REFUNDS_PATH = "/commercehub/ch/payments/v1/refunds";
const REFUNDS = `POST ${REFUNDS_PATH}`;
const CHARGE_REFUND = "POST /commercehub/ch/payments/v1/charges/{transactionId}/refund";

/** Every request as it really went out (headers unredacted, body text), through our own fetch. */
function recordingFetch(sent) {
  return (url, init) => {
    const body = init.body == null ? null : typeof init.body === "string" ? init.body : new TextDecoder().decode(init.body);
    sent.push({ url, method: init.method, headers: { ...init.headers }, body });
    return fetch(url, init);
  };
}

function client(extra = {}) {
  return new CommerceHubClient({
    apiKey: seed.apiKey,
    apiSecret: seed.apiSecret,
    merchantId: seed.merchantId,
    terminalId: seed.terminalId,
    environment: "cert",
    baseUrl: sb.commercehub.baseUrl,
    ...extra,
  });
}

/** The seeded charge whose `purpose` mentions `word`. */
function charge(word) {
  const c = seed.charges.find((c) => c.purpose.includes(word));
  assert.ok(c, `no seeded Commerce Hub charge for ${word}`);
  return c;
}

const chLedger = async () => (await sb.ledger()).filter((e) => e.provider === "commercehub");
const hmac = (secret, message) => createHmac("sha256", secret).update(message).digest("base64");

/** Asserts that `promise` rejects with a RefundError of `code`, and returns the error. */
async function rejectsWith(promise, code) {
  let error;
  await assert.rejects(promise, (e) => {
    error = e;
    return true;
  });
  assert.ok(error instanceof RefundError, `expected a RefundError, got ${error}`);
  assert.equal(error.code, code, error.message);
  assert.equal(error.provider, "commercehub");
  return error;
}

test("tagged full refund by transaction id: no amount on the wire, signed over the exact body", async () => {
  const c = charge("tagged refunds");
  const sent = [];
  const events = [];
  const ch = client({ fetch: recordingFetch(sent), onEvent: (e) => events.push(e) });
  const r = await ch.refund({ referenceTransactionId: c.id });
  assert.equal(r.provider, "commercehub");
  assert.equal(r.status, "succeeded");
  assert.equal(r.providerStatus, "AUTHORIZED/APPROVED/000");
  assert.deepEqual(r.amount, { minor: c.amount, currency: "USD", formatted: "12.04" });
  assert.ok(r.refundId && r.approvalCode);
  assert.equal(r.raw.gatewayResponse.transactionProcessingDetails.clientRequestId, r.idempotencyKey);

  assert.equal(sent.length, 1);
  const [req] = sent;
  assert.equal(req.url, `${sb.commercehub.baseUrl}/payments/v1/refunds`);
  assert.equal(
    req.body,
    `{"referenceTransactionDetails":{"referenceTransactionId":"${c.id}"},"merchantDetails":{"merchantId":"${seed.merchantId}","terminalId":"${seed.terminalId}"}}`,
  );
  assert.equal(req.headers["Client-Request-Id"], r.idempotencyKey);
  assert.equal(req.headers["Api-Key"], seed.apiKey);
  assert.equal(req.headers["Auth-Token-Type"], "HMAC");
  assert.match(req.headers["Timestamp"], /^\d{13}$/);
  const message = seed.apiKey + r.idempotencyKey + req.headers["Timestamp"] + req.body;
  assert.equal(req.headers["Authorization"], hmac(seed.apiSecret, message));

  // Events show where the credentials go, never their values.
  const shown = events.find((e) => e.type === "request");
  assert.equal(shown.request.headers["Authorization"], "[redacted]");
  assert.equal(shown.request.headers["Api-Key"], "[redacted]");
  assert.equal(shown.request.headers["Client-Request-Id"], r.idempotencyKey);
  assert.ok(!JSON.stringify(events).includes(seed.apiSecret));

  const ledger = await chLedger();
  assert.equal(ledger.length, 1);
  assert.deepEqual([ledger[0].reference, ledger[0].amount, ledger[0].idempotencyKey], [c.id, c.amount, r.idempotencyKey]);
});

test("tagged partial refund by merchant transaction id, then the URI form: partial, then full of the rest", async () => {
  const c = charge("URI form");
  const sent = [];
  const ch = client({ fetch: recordingFetch(sent) });

  const a = await ch.refund({
    referenceMerchantTransactionId: c.merchantTransactionId,
    amount: Money.parse("25.00", "USD"),
    merchantTransactionId: "rk-refund-1",
  });
  assert.equal(a.status, "succeeded");
  assert.equal(a.amount.formatted, "25.00");
  assert.equal(
    sent[0].body,
    `{"referenceTransactionDetails":{"referenceMerchantTransactionId":"${c.merchantTransactionId}"},"amount":{"total":25.00,"currency":"USD"},"transactionDetails":{"merchantTransactionId":"rk-refund-1"},"merchantDetails":{"merchantId":"${seed.merchantId}","terminalId":"${seed.terminalId}"}}`,
  );

  const b = await ch.refundCharge(c.id, { amount: { value: "1.50", currency: "USD" } });
  assert.equal(b.status, "succeeded");
  assert.deepEqual(b.amount, { minor: 150, currency: "USD", formatted: "1.50" });
  assert.equal(sent[1].url, `${sb.commercehub.baseUrl}/payments/v1/charges/${c.id}/refund`);
  assert.equal(sent[1].body, `{"amount":{"total":1.50,"currency":"USD"},"merchantDetails":{"merchantId":"${seed.merchantId}","terminalId":"${seed.terminalId}"}}`);

  const rest = await ch.refundCharge(c.id);
  assert.equal(rest.status, "succeeded");
  assert.deepEqual(rest.amount, { minor: c.amount - 2500 - 150, currency: "USD", formatted: "73.50" });
  assert.equal(sent[2].body, `{"merchantDetails":{"merchantId":"${seed.merchantId}","terminalId":"${seed.terminalId}"}}`);

  const ledger = await chLedger();
  assert.deepEqual(ledger.map((e) => e.amount), [2500, 150, 7350]);
  assert.deepEqual(ledger.map((e) => e.idempotencyKey), [a.idempotencyKey, b.idempotencyKey, rest.idempotencyKey]);
  const stats = await sb.stats();
  assert.equal(stats.requests[REFUNDS], 1);
  assert.equal(stats.requests[CHARGE_REFUND], 2);
});

test("JPY and KWD totals go on the wire as numbers written from the integer", async () => {
  const jpy = charge("JPY");
  const kwd = charge("KWD");
  const sent = [];
  const ch = client({ fetch: recordingFetch(sent) });

  const prepared = ch.prepare(new CommerceHubRefund({ referenceTransactionId: jpy.id, amount: Money.fromMinor(500, "JPY") }));
  assert.deepEqual(prepared.body.amount, { total: 500, currency: "JPY" });

  const a = await ch.refund({ referenceTransactionId: jpy.id, amount: Money.fromMinor(500, "JPY") });
  assert.deepEqual(a.amount, { minor: 500, currency: "JPY", formatted: "500" });
  assert.ok(sent[0].body.includes(`"amount":{"total":500,"currency":"JPY"}`), sent[0].body);

  const b = await ch.refundCharge(kwd.id, { amount: Money.parse("1.234", "KWD") });
  assert.deepEqual(b.amount, { minor: 1234, currency: "KWD", formatted: "1.234" });
  assert.ok(sent[1].body.includes(`"amount":{"total":1.234,"currency":"KWD"}`), sent[1].body);

  const ledger = await chLedger();
  assert.deepEqual(ledger.map((e) => [e.reference, e.amount, e.currency]), [[jpy.id, 500, "JPY"], [kwd.id, 1234, "KWD"]]);
});

test("a wrong secret is an authentication error, and nothing is refunded", async () => {
  const ch = client({ apiSecret: "not-the-secret" });
  const e = await rejectsWith(ch.refund({ referenceTransactionId: charge("tagged refunds").id }), "authentication");
  assert.equal(e.httpStatus, 401);
  assert.equal(e.retryable, false);
  assert.equal(e.details.error[0].type, "APIM");
  assert.ok(!e.message.includes("not-the-secret"));
  assert.equal((await chLedger()).length, 0);
  assert.equal((await sb.stats()).requests[REFUNDS], 1, "a 401 is not retried");
});

test("the sign() callback signs every attempt when the client has no secret", async () => {
  const c = charge("tagged refunds");
  const messages = [];
  const ch = client({
    apiSecret: undefined,
    sign: async (message) => {
      messages.push(message);
      return hmac(seed.apiSecret, message);
    },
  });
  const r = await ch.refund({ referenceTransactionId: c.id, amount: Money.parse("2.00", "USD") });
  assert.equal(r.status, "succeeded");
  assert.equal(messages.length, 1);
  assert.ok(messages[0].startsWith(seed.apiKey + r.idempotencyKey), messages[0]);
  assert.ok(messages[0].endsWith(`"amount":{"total":2.00,"currency":"USD"},"merchantDetails":{"merchantId":"${seed.merchantId}","terminalId":"${seed.terminalId}"}}`));

  // A sign() that answers wrongly is refused by the provider; one that throws never sends.
  const wrong = client({ apiSecret: undefined, sign: async () => hmac("nope", "nope") });
  await rejectsWith(wrong.refund({ referenceTransactionId: c.id }), "authentication");
  const before = (await sb.stats()).requests[REFUNDS];
  const throwing = client({ apiSecret: undefined, sign: async () => { throw new Error("backend down"); } });
  await rejectsWith(throwing.refund({ referenceTransactionId: c.id }), "authentication");
  assert.equal((await sb.stats()).requests[REFUNDS], before);
  assert.equal((await chLedger()).length, 1);
});

test("a retry after drop_after_commit reuses the Client-Request-Id with a fresh Timestamp: one refund", async () => {
  const c = charge("tagged refunds");
  await sb.setFault({ method: "POST", path: REFUNDS_PATH, kind: "drop_after_commit", count: 1 });
  const events = [];
  const ch = client({ onEvent: (e) => events.push(e) });
  const r = await ch.refund({ referenceTransactionId: c.id, amount: Money.parse("5.00", "USD") });
  assert.equal(r.status, "succeeded");
  assert.deepEqual(r.amount, { minor: 500, currency: "USD", formatted: "5.00" });

  const requests = events.filter((e) => e.type === "request");
  assert.equal(requests.length, 2);
  assert.ok(events.some((e) => e.type === "retry" && e.reason === "network"));
  const [first, second] = requests.map((e) => e.request.headers);
  assert.equal(first["Client-Request-Id"], r.idempotencyKey);
  assert.equal(second["Client-Request-Id"], r.idempotencyKey);
  assert.notEqual(first["Timestamp"], second["Timestamp"]);
  assert.deepEqual(requests[0].request.body, requests[1].request.body);

  const ledger = await chLedger();
  assert.equal(ledger.length, 1);
  assert.deepEqual([ledger[0].amount, ledger[0].idempotencyKey], [500, r.idempotencyKey]);
  assert.equal((await sb.stats()).requests[REFUNDS], 2);
});

test("the same idempotencyKey twice gets Commerce Hub's saved answer, not a second refund", async () => {
  const c = charge("tagged refunds");
  const ch = client();
  const input = { referenceTransactionId: c.id, amount: Money.parse("3.00", "USD") };
  const a = await ch.refund(input, { idempotencyKey: "5b0f7b8e-3d1c-4a7e-9d2f-1c2b3a4d5e6f" });
  const b = await ch.refund(input, { idempotencyKey: "5b0f7b8e-3d1c-4a7e-9d2f-1c2b3a4d5e6f" });
  assert.equal(a.refundId, b.refundId);
  assert.equal(b.idempotencyKey, "5b0f7b8e-3d1c-4a7e-9d2f-1c2b3a4d5e6f");
  assert.equal((await chLedger()).length, 1);
});

test("810 when refunding more than is left", async () => {
  const c = charge("810 over-refund");
  const ch = client();
  await ch.refund({ referenceTransactionId: c.id, amount: Money.parse("90.00", "USD") });
  const e = await rejectsWith(ch.refund({ referenceTransactionId: c.id, amount: Money.parse("20.00", "USD") }), "provider_error");
  assert.equal(e.httpStatus, 400);
  assert.equal(e.retryable, false);
  assert.equal(e.details.error[0].code, "810");
  assert.ok(e.idempotencyKey);
  assert.match(e.message, /810/);
  const rest = await ch.refundCharge(c.id, { amount: Money.parse("10.00", "USD") });
  assert.equal(rest.status, "succeeded");
  await rejectsWith(ch.refundCharge(c.id), "provider_error");
  assert.deepEqual((await chLedger()).map((x) => x.amount), [9000, 1000]);
});

test("764 for an unknown reference, 837 for a charge that was never captured", async () => {
  const ch = client();
  const e = await rejectsWith(ch.refund({ referenceTransactionId: "99999999999" }), "not_found");
  assert.equal(e.details.error[0].code, "764");
  const u = await rejectsWith(ch.refundCharge("99999999999"), "not_found");
  assert.equal(u.details.error[0].code, "764");
  const n = await rejectsWith(ch.refund({ referenceTransactionId: charge("NOT captured").id }), "provider_error");
  assert.equal(n.details.error[0].code, "837");
  assert.equal((await chLedger()).length, 0);
});

test("invalid inputs are ValidationErrors naming the field, and nothing is sent", async () => {
  const c = charge("tagged refunds");
  const ledgerBefore = await sb.ledger();
  const statsBefore = await sb.stats();
  const ch = client();
  const cases = [
    [() => ch.refund({ referenceTransactionId: c.id, referenceMerchantTransactionId: c.merchantTransactionId }), "referenceTransactionId"],
    [() => ch.refund({ referenceTransactionId: "1".repeat(41) }), "referenceTransactionId"],
    [() => ch.refund({ referenceMerchantTransactionId: "m".repeat(129) }), "referenceMerchantTransactionId"],
    [() => ch.refund({ referenceTransactionId: c.id, amount: { value: "10.001", currency: "USD" } }), "amount"],
    [() => ch.refund({ referenceTransactionId: c.id, referenceTransactionType: "PAYMENTS" }), "referenceTransactionType"],
    [() => ch.refundCharge("1".repeat(41)), "transactionId"],
    [() => ch.refund({ referenceTransactionId: c.id, source: { sourceType: "PaymentEMV", encryptionData: { encryptionType: "ON_GUARD", encryptionTarget: "TRACK_2", encryptionBlock: "x" } } }), "source.pinBlock"],
    [() => ch.refundCharge(c.id, { source: { sourceType: "PaymentTrack", pinBlock: { encryptedPin: "p" } } }), "source.encryptionData"],
  ];
  for (const [call, path] of cases) {
    let error;
    await assert.rejects(call(), (e) => ((error = e), true));
    assert.ok(error instanceof ValidationError, `${path}: ${error}`);
    assert.equal(error.code, "validation");
    assert.ok(error.issues.some((i) => i.path === path), `${path}: ${JSON.stringify(error.issues)}`);
  }
  assert.throws(() => Money.parse("10.001", "USD"), ValidationError);

  const noTerminal = () => new CommerceHubClient({ apiKey: seed.apiKey, apiSecret: seed.apiSecret, merchantId: seed.merchantId, baseUrl: sb.commercehub.baseUrl });
  assert.throws(noTerminal, (e) => e instanceof ValidationError && e.issues.some((i) => i.path === "terminalId"));
  const noSecret = () => new CommerceHubClient({ apiKey: seed.apiKey, merchantId: seed.merchantId, terminalId: seed.terminalId });
  assert.throws(noSecret, (e) => e instanceof ValidationError && e.issues.some((i) => i.path === "apiSecret"));

  assert.deepEqual(await sb.ledger(), ledgerBefore);
  assert.deepEqual((await sb.stats()).requests, statsBefore.requests);
});

test("builders: validate without a network, prepare the exact request, send both forms", async () => {
  const c = charge("URI form");
  const statsBefore = await sb.stats();
  const b = new CommerceHubRefund().set("referenceTransactionId", c.id).set("referenceMerchantTransactionId", c.merchantTransactionId);
  assert.equal(b.kind, "CommerceHubRefund");
  assert.deepEqual(b.validate().map((i) => [i.path, i.code]), [["referenceTransactionId", "conflict"]]);
  assert.throws(() => b.build(), ValidationError);
  b.set("referenceMerchantTransactionId", undefined).set("amount", { value: "10.001", currency: "USD" });
  assert.deepEqual(b.validate().map((i) => [i.path, i.code]), [["amount", "too_many_decimals"]]);
  b.set("amount", Money.parse("4.00", "USD"));
  assert.deepEqual(b.validate(), []);
  assert.deepEqual((await sb.stats()).requests, statsBefore.requests);

  const ch = client();
  const key = "8d3c1f0e-2b4a-4c6d-8e9f-0a1b2c3d4e5f";
  const prepared = ch.prepare(b, { idempotencyKey: key });
  assert.equal(prepared.method, "POST");
  assert.equal(prepared.url, `${sb.commercehub.baseUrl}/payments/v1/refunds`);
  assert.equal(prepared.headers["Client-Request-Id"], key);
  assert.equal(prepared.headers["Content-Type"], "application/json");
  assert.equal(prepared.headers["Auth-Token-Type"], "HMAC");
  assert.equal(prepared.headers["Authorization"], "[redacted]");
  assert.equal(prepared.headers["Api-Key"], "[redacted]");
  // The seeded merchantId (15 digits) passes the Luhn check, so the shared redactor shows it
  // masked like a card number; either form is the merchantId we sent.
  const { merchantId, ...merchantRest } = prepared.body.merchantDetails;
  assert.ok(merchantId === seed.merchantId || merchantId === seed.merchantId.slice(0, 6) + "*****" + seed.merchantId.slice(-4), merchantId);
  assert.deepEqual({ ...prepared.body, merchantDetails: merchantRest }, {
    referenceTransactionDetails: { referenceTransactionId: c.id },
    amount: { total: 4, currency: "USD" },
    merchantDetails: { terminalId: seed.terminalId },
  });
  assert.deepEqual((await sb.stats()).requests, statsBefore.requests, "prepare sends nothing");

  const r = await ch.send(b, { idempotencyKey: key });
  assert.equal(r.status, "succeeded");
  assert.equal(r.idempotencyKey, key);
  const u = new CommerceHubChargeRefund({ transactionId: c.id, amount: Money.parse("6.00", "USD") });
  assert.deepEqual(u.validate(), []);
  assert.deepEqual(new CommerceHubChargeRefund().validate().map((i) => i.path), ["transactionId"]);
  const r2 = await ch.send(u);
  assert.deepEqual(r2.amount, { minor: 600, currency: "USD", formatted: "6.00" });
  assert.deepEqual((await chLedger()).map((e) => e.amount), [400, 600]);
});

test("sign() signs in place of the apiSecret (the browser way; the browser rule is tested in Chromium)", async () => {
  const viaSign = client({ apiSecret: undefined, sign: async (m) => hmac(seed.apiSecret, m) });
  const r = await viaSign.refund({ referenceTransactionId: charge("tagged refunds").id, amount: Money.parse("1.00", "USD") });
  assert.equal(r.status, "succeeded");
  await assert.rejects(client({ apiSecret: undefined, sign: async () => { throw new Error("backend down"); } }).refund({ referenceTransactionId: charge("tagged refunds").id }),
    (e) => e instanceof RefundError && e.code === "authentication" && /backend down/.test(e.message));
});

