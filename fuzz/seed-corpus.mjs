// Regenerates the answer seeds in fuzz/corpus/provider_answers/ from a real refundkit-sandbox:
// hand-built requests (no SDK code), each answer saved in the target's framing (byte 0 =
// status index, byte 1 = operation selector, then the body; see src/lib.rs). The selector
// is only a starting point: libFuzzer mutates it to reach every operation.
//   node fuzz/seed-corpus.mjs
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../tests/node/support/sandbox.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const STATUSES = [200, 201, 202, 204, 400, 401, 402, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504, 100, 302, 599];

function save(target, name, status, selector, body) {
  const dir = path.join(here, "corpus", "provider_answers");
  name = `${target.replace("_response", "")}-${name}`;
  mkdirSync(dir, { recursive: true });
  const i = STATUSES.indexOf(status);
  if (i < 0) throw new Error(`status ${status} is not in the fuzz status table`);
  writeFileSync(path.join(dir, name), Buffer.concat([Buffer.from([i, selector]), Buffer.from(body)]));
}

const sbx = await startSandbox();
try {
  const seed = await sbx.seed();
  const call = async (method, url, headers = {}, body) => {
    const res = await fetch(url, { method, headers, body });
    return { status: res.status, body: await res.text() };
  };

  // Payroc
  const py = sbx.payroc;
  const tok = await call("POST", py.identityUrl + "/authorize", { "x-api-key": seed.payroc.apiKey });
  save("payroc_response", "token", tok.status, 0, tok.body);
  const bearer = { authorization: "Bearer " + JSON.parse(tok.body).access_token };
  const post = (url, body) => call("POST", url, { ...bearer, "content-type": "application/json", "idempotency-key": randomUUID() }, JSON.stringify(body));
  const payment = await call("GET", py.baseUrl + "/payments/M2MJOG6O2Y", bearer);
  save("payroc_response", "payment", payment.status, 2, payment.body);
  const list = await call("GET", py.baseUrl + "/payments?processingTerminalId=1234001&limit=2", bearer);
  save("payroc_response", "list", list.status, 3, list.body);
  const refund = await post(py.baseUrl + "/payments/M2MJOG6O2Y/refund", { amount: 1000, description: "seed" });
  save("payroc_response", "refund", refund.status, 0, refund.body);
  const declined = await post(py.baseUrl + "/payments/B6ZOFZNVOP/refund", { amount: 4901, description: "seed" });
  save("payroc_response", "refund_declined", declined.status, 0, declined.body);
  const rest = await post(py.baseUrl + "/payments/OPNB4TCH7Q/refund", { amount: 2500, description: "seed" });
  save("payroc_response", "reversal", rest.status, 1, rest.body);
  const over = await post(py.baseUrl + "/payments/M2MJOG6O2Y/refund", { amount: 999999, description: "seed" });
  save("payroc_response", "over_refund", over.status, 0, over.body);
  const unref = await post(py.baseUrl + "/refunds", {
    channel: "pos", processingTerminalId: "1234001",
    order: { orderId: "SeedOrder1", description: "seed", amount: 1000, currency: "USD" },
    refundMethod: { type: "card", cardDetails: { entryMethod: "keyed", keyedData: { dataFormat: "plainText", cardNumber: "4111111111111111", expiryDate: "1230" } } },
  });
  save("payroc_response", "unreferenced", unref.status, 5, unref.body);
  const ins = await post(py.baseUrl + "/devices/1850010868/refund-instructions",
    { processingTerminalId: "1234001", order: { orderId: "SeedOrder2", amount: 1000, currency: "USD" } });
  save("payroc_response", "instruction", ins.status, 6, ins.body);
  await sbx.present("1850010868");
  const done = await call("GET", py.baseUrl + "/refund-instructions/" + JSON.parse(ins.body).refundInstructionId, bearer);
  save("payroc_response", "instruction_completed", done.status, 8, done.body);
  const missing = await call("GET", py.baseUrl + "/payments/XXXXXXXXXX", bearer);
  save("payroc_response", "not_found", missing.status, 2, missing.body);
  const unauth = await call("GET", py.baseUrl + "/payments/M2MJOG6O2Y");
  save("payroc_response", "unauthorized", unauth.status, 2, unauth.body);

  // J.P. Morgan
  const jp = sbx.jpmorgan;
  const basic = "Basic " + Buffer.from(`${seed.jpmorgan.clientId}:${seed.jpmorgan.clientSecret}`).toString("base64");
  const jtok = await call("POST", jp.tokenUrl, { authorization: basic, "content-type": "application/x-www-form-urlencoded" }, "grant_type=client_credentials");
  save("jpmorgan_response", "token", jtok.status, 0, jtok.body);
  const jh = (id = randomUUID()) => ({ authorization: "Bearer " + JSON.parse(jtok.body).access_token, "merchant-id": seed.jpmorgan.merchantId,
    "request-id": id, "content-type": "application/json" });
  const software = { companyName: "Seed", productName: "refundkit-fuzz", version: "1" };
  const jref = (ref, extra = {}) => ({ merchant: { merchantSoftware: software }, paymentMethodType: { transactionReference: { transactionReferenceId: ref } }, ...extra });
  const partial = await call("POST", jp.baseUrl + "/refunds", jh(), JSON.stringify(jref("2150955d-47f7-4770-b6b7-6a8d0cbc114f", { amount: 1000, currency: "USD" })));
  save("jpmorgan_response", "partial", partial.status, 1, partial.body);
  const denied = await call("POST", jp.baseUrl + "/refunds", jh(), JSON.stringify(jref("2150955d-47f7-4770-b6b7-6a8d0cbc114f", { amount: 4901, currency: "USD" })));
  save("jpmorgan_response", "denied", denied.status, 1, denied.body);
  const capture = await call("POST", jp.baseUrl + "/refunds", jh(), JSON.stringify(jref("cf0bd1da-0cff-4bf0-a295-d1310c46c513", { amount: 500, currency: "USD" })));
  save("jpmorgan_response", "capture", capture.status, 2, capture.body);
  const jover = await call("POST", jp.baseUrl + "/refunds", jh(), JSON.stringify(jref("624e78df-a159-4f26-9d20-1f81841e15e7", { amount: 999999, currency: "USD" })));
  save("jpmorgan_response", "over_refund", jover.status, 1, jover.body);
  const lookup = await call("GET", jp.baseUrl + "/refunds/" + JSON.parse(partial.body).transactionId, jh());
  save("jpmorgan_response", "lookup", lookup.status, 4, lookup.body);
  const jmissing = await call("GET", jp.baseUrl + "/refunds?requestIdentifier=" + randomUUID(), jh());
  save("jpmorgan_response", "not_found", jmissing.status, 5, jmissing.body);

  // Commerce Hub
  const ch = seed.commercehub;
  const signed = (url, body) => {
    const id = randomUUID(), ts = String(Date.now()), text = JSON.stringify(body);
    const sig = createHmac("sha256", ch.apiSecret).update(ch.apiKey + id + ts + text).digest("base64");
    return call("POST", url, { "content-type": "application/json", "api-key": ch.apiKey, "client-request-id": id, timestamp: ts,
      "auth-token-type": "HMAC", authorization: sig }, text);
  };
  const merchantDetails = { merchantId: ch.merchantId, terminalId: ch.terminalId };
  const tagged = await signed(sbx.commercehub.baseUrl + "/payments/v1/refunds",
    { amount: { total: 1.04, currency: "USD" }, referenceTransactionDetails: { referenceTransactionId: "84356531348" }, merchantDetails });
  save("commercehub_response", "tagged", tagged.status, 0, tagged.body);
  const uri = await signed(sbx.commercehub.baseUrl + "/payments/v1/charges/84356531350/refund", { merchantDetails });
  save("commercehub_response", "uri_full_jpy", uri.status, 3, uri.body);
  const chover = await signed(sbx.commercehub.baseUrl + "/payments/v1/refunds",
    { amount: { total: 999.99, currency: "USD" }, referenceTransactionDetails: { referenceTransactionId: "84356531349" }, merchantDetails });
  save("commercehub_response", "over_refund", chover.status, 0, chover.body);
  const notCaptured = await signed(sbx.commercehub.baseUrl + "/payments/v1/refunds",
    { referenceTransactionDetails: { referenceTransactionId: "84356531352" }, merchantDetails });
  save("commercehub_response", "not_captured", notCaptured.status, 1, notCaptured.body);
  const bad = await call("POST", sbx.commercehub.baseUrl + "/payments/v1/refunds", { "content-type": "application/json" }, "{}");
  save("commercehub_response", "unauthorized", bad.status, 0, bad.body);
  console.log("fuzz corpus seeds written");
} finally {
  await sbx.stop();
}
