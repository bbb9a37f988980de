// The sending layer against the real sandbox's fault injection: retries keep the
// idempotency key, tokens refresh, timeouts and aborts end in typed errors.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { PayrocClient, Money, RefundError } from "refundkit";
import { startSandbox } from "./support/sandbox.mjs";

const REFUND_ROUTE = "/payroc/v1/payments/*/refund";
let sb, seed, paymentId;

before(async () => {
  sb = await startSandbox();
  seed = await sb.seed();
  paymentId = seed.payroc.payments.find((p) => p.currency === "USD" && p.state === "settled" && p.amount >= 10000).id;
});
after(() => sb.stop());
beforeEach(() => sb.reset());

function client(extra = {}) {
  const events = [];
  const payroc = new PayrocClient({
    apiKey: seed.payroc.apiKey,
    ...sb.payroc,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return { payroc, events };
}

const refundOf = (cents) => ({ paymentId, amount: Money.fromMinor(cents, "USD"), description: "sending-layer test" });
const requestsTo = (events) => events.filter((e) => e.type === "request" && e.request.url.includes("/refund"));

test("drop_after_commit: the retry reuses the key, the ledger has one refund, the caller gets it", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE, kind: "drop_after_commit", count: 1 });
  const { payroc, events } = client();
  const result = await payroc.refund(refundOf(100));
  assert.equal(result.status, "succeeded");
  const attempts = requestsTo(events);
  assert.equal(attempts.length, 2);
  assert.equal(attempts[0].idempotencyKey, attempts[1].idempotencyKey);
  assert.equal(attempts[0].request.headers["Idempotency-Key"], attempts[1].request.headers["Idempotency-Key"]);
  assert.deepEqual(attempts[0].request.body, attempts[1].request.body);
  const retry = events.find((e) => e.type === "retry");
  assert.equal(retry.reason, "network");
  const ledger = await sb.ledger();
  assert.equal(ledger.length, 1);
  assert.equal(ledger[0].idempotencyKey, result.idempotencyKey);
  assert.equal(result.refundId, ledger[0].refundId);
});

test("503 then success: the retry succeeds", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE, kind: "fail_before_commit", status: 503, count: 1 });
  const { payroc, events } = client();
  const result = await payroc.refund(refundOf(100));
  assert.equal(result.status, "succeeded");
  const statuses = events.filter((e) => e.type === "response" && e.idempotencyKey).map((e) => e.status);
  assert.equal(statuses.length, 2);
  assert.equal(statuses[0], 503);
  assert.ok(statuses[1] >= 200 && statuses[1] < 300, `then ${statuses[1]}`);
  assert.equal(events.find((e) => e.type === "retry").reason, "server_error");
  assert.equal((await sb.ledger()).length, 1);
});

test("429 with Retry-After: 1 waits at least a second before retrying", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE, kind: "rate_limit", retryAfter: 1, count: 1 });
  const events = [];
  const stamps = [];
  const { payroc } = client({ onEvent: (e) => { events.push(e); if (e.type === "request") stamps.push(performance.now()); } });
  const result = await payroc.refund(refundOf(100));
  assert.equal(result.status, "succeeded");
  const retry = events.find((e) => e.type === "retry");
  assert.equal(retry.reason, "rate_limited");
  assert.ok(retry.delayMs >= 1000, `delay ${retry.delayMs}`);
  const refundStamps = stamps.slice(-2);
  assert.ok(refundStamps[1] - refundStamps[0] >= 995, `waited ${refundStamps[1] - refundStamps[0]} ms`);
});

test("a token that expires mid-run is refreshed once, with no error", async (t) => {
  const short = await startSandbox(["--token-lifetime", "1"]);
  t.after(() => short.stop());
  const s = await short.seed();
  const pid = s.payroc.payments.find((p) => p.currency === "USD" && p.state === "settled" && p.amount >= 10000).id;
  // The caller's token source claims an hour, so only the provider's 401 reveals the expiry.
  let calls = 0;
  const getAccessToken = async () => {
    calls++;
    const res = await fetch(short.payroc.identityUrl + "/authorize", { method: "POST", headers: { "x-api-key": s.payroc.apiKey } });
    const body = await res.json();
    return { accessToken: body.access_token, expiresIn: 3600 };
  };
  const events = [];
  const payroc = new PayrocClient({ ...short.payroc, getAccessToken, onEvent: (e) => events.push(e) });
  const input = { paymentId: pid, amount: Money.fromMinor(100, "USD"), description: "before expiry" };
  assert.equal((await payroc.refund(input)).status, "succeeded");
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await payroc.refund({ ...input, description: "after expiry" })).status, "succeeded");
  assert.equal(calls, 2, "one refresh");
  assert.equal(events.filter((e) => e.type === "response" && e.status === 401).length, 1);
  assert.equal(events.filter((e) => e.type === "retry").length, 0, "a 401 refresh is not a retry");
});

test("concurrent calls share one token request (single flight)", async () => {
  const { payroc } = client();
  const results = await Promise.all(Array.from({ length: 8 }, () => payroc.refund(refundOf(50))));
  assert.ok(results.every((r) => r.status === "succeeded"));
  const stats = await sb.stats();
  assert.equal(stats.tokensIssued.payroc, 1);
});

test("a refund that times out after the retries is an unknown outcome carrying the key, never a failure", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE, kind: "delay", delayMs: 2000, count: 10 });
  const { payroc, events } = client({ timeoutMs: 200, maxRetries: 1 });
  const key = crypto.randomUUID();
  await assert.rejects(payroc.refund(refundOf(100), { idempotencyKey: key }), (err) => {
    assert.ok(err instanceof RefundError);
    // The request may have reached Payroc (the sandbox commits after the delay): unknown.
    assert.equal(err.code, "outcome_unknown");
    assert.equal(err.idempotencyKey, key);
    assert.equal(err.lookup.reference, paymentId);
    assert.equal(err.retryable, true);
    assert.equal(err.provider, "payroc");
    return true;
  });
  assert.equal(requestsTo(events).length, 2);
  assert.equal(events.find((e) => e.type === "retry").reason, "timeout");
});

test("an aborted signal ends the call at once, sending nothing", async () => {
  const { payroc } = client();
  const before = await sb.stats();
  const controller = new AbortController();
  controller.abort();
  const started = performance.now();
  await assert.rejects(payroc.refund(refundOf(100), { signal: controller.signal }), (err) => err instanceof RefundError && err.code === "aborted");
  assert.ok(performance.now() - started < 100);
  assert.deepEqual(await sb.stats(), before);
});

test("aborting during the wait between attempts ends the call without waiting", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE, kind: "rate_limit", retryAfter: 10, count: 1 });
  const { payroc } = client();
  const controller = new AbortController();
  const key = crypto.randomUUID();
  const started = performance.now();
  setTimeout(() => controller.abort(), 300);
  await assert.rejects(payroc.refund(refundOf(100), { signal: controller.signal, idempotencyKey: key }), (err) => {
    assert.equal(err.code, "aborted");
    assert.equal(err.idempotencyKey, key);
    return true;
  });
  assert.ok(performance.now() - started < 2000);
});

test("a caller's key is sent as given, and a fetch passed in is the one used", async () => {
  let fetched = 0;
  const { payroc, events } = client({ fetch: (url, init) => { fetched++; return fetch(url, init); } });
  const result = await payroc.refund(refundOf(100), { idempotencyKey: "5b1f0d4c-6f57-4c38-9a2e-1d7c64b9e201" });
  assert.equal(result.idempotencyKey, "5b1f0d4c-6f57-4c38-9a2e-1d7c64b9e201");
  assert.equal(requestsTo(events)[0].request.headers["Idempotency-Key"], "5b1f0d4c-6f57-4c38-9a2e-1d7c64b9e201");
  assert.ok(fetched >= 2, "token + refund went through the given fetch");
});

test("an HTML body from a proxy is invalid_response, not a crash", async () => {
  const html = () => Promise.resolve(new Response("<html>502 Bad Gateway</html>", { status: 200, headers: { "content-type": "text/html" } }));
  const payroc = new PayrocClient({ accessToken: "tok-abcdef", ...sb.payroc, fetch: html });
  await assert.rejects(payroc.getPayment(paymentId), (err) => err instanceof RefundError && err.code === "invalid_response");
});
