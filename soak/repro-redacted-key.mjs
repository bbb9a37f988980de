// Reproduction (SDK bug, see the soak report): the redaction step masks a Luhn-valid digit
// run inside an idempotency key, so results and errors hand back a key the call never
// used. About 1 key in 220 is hit. Run: node soak/repro-redacted-key.mjs
import { startSandbox } from "../tests/node/support/sandbox.mjs";
const rk = await import("refundkit");
const sbx = await startSandbox();
try {
  const seed = await sbx.seed();
  const key = rk.idempotencyKeyFor("repro-220"); // ff4987e2-e6f7-4905-8708-919224defce2
  console.log("key sent      ", key);
  const jpm = new rk.JpMorganClient({ merchantId: seed.jpmorgan.merchantId, clientId: seed.jpmorgan.clientId,
    clientSecret: seed.jpmorgan.clientSecret, ...sbx.jpmorgan, maxRetries: 0,
    merchantSoftware: { companyName: "refundkit", productName: "repro", version: "1" } });
  const amount = rk.Money.fromMinor(1000, "USD");
  const input = { transactionId: "2150955d-47f7-4770-b6b7-6a8d0cbc114f", amount };
  // 1. The answer to the POST is lost after the refund is committed: outcome_unknown.
  await sbx.setFault({ method: "POST", path: "/jpmorgan/api/v2/refunds", kind: "drop_after_commit", count: 1 });
  const err = await jpm.refund(input, { idempotencyKey: key }).catch((e) => e);
  console.log("error         ", err.code, "idempotencyKey:", err.idempotencyKey, "lookup:", JSON.stringify(err.lookup));
  // 2. syncRefund(err): what does the provider say about it?
  const sync = await jpm.syncRefund(err).catch((e) => e);
  console.log("syncRefund    ", sync.code ?? sync.status, sync.refundId ?? "", sync.message ?? "");
  // 3. "Retry safely with err.idempotencyKey", as docs/SENDING.md says.
  const retry = await jpm.refund(input, { idempotencyKey: err.idempotencyKey }).catch((e) => e);
  console.log("retry         ", retry.code ?? retry.status, retry.refundId ?? "", "idempotencyKey:", retry.idempotencyKey);
  // 4. The result's key, used again for the same refund (a replay after a crash, a queue
  // redelivery): J.P. Morgan takes any request-id, so this is a second refund.
  const again = await jpm.refund(input, { idempotencyKey: retry.idempotencyKey }).catch((e) => e);
  console.log("same input, result's key", again.code ?? again.status, again.refundId ?? "");
  const ledger = await sbx.ledger();
  console.log("ledger entries", ledger.length, ledger.map((e) => `${e.refundId} ${e.amount} ${e.idempotencyKey}`));
} finally {
  await sbx.stop();
}
