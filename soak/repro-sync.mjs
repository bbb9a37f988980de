// Reproductions of the SDK bugs the wave-2 soak found in syncRefund and J.P. Morgan partial
// reversals (see the soak report). Each prints what the SDK answered next to the ledger.
//   node soak/repro-sync.mjs
import { startSandbox } from "../tests/node/support/sandbox.mjs";
import { makeClients } from "./exec.mjs";

const rk = await import("refundkit");
const sbx = await startSandbox(["--seed", new URL("./seed.json", import.meta.url).pathname]);
const usd = (minor) => rk.Money.fromMinor(minor, "USD");
const ledgerFor = async (key) => (await sbx.ledger()).filter((e) => e.idempotencyKey === key).map((e) => `${e.kind} ${e.refundId} ${e.amount}`);
try {
  const seed = await sbx.seed();
  const c = makeClients(rk, seed, sbx, { maxRetries: 0 });

  // 1. syncRefund(error) of a reversal's outcome_unknown looks for a refund: the error carries
  //    the kind only in error.lookup.kind, and src/sync.rs reads the top-level `kind` (default
  //    refund). Commerce Hub: the inquiry finds the CANCEL, the SDK says "nothing was made".
  {
    const key = crypto.randomUUID();
    await sbx.setFault({ method: "POST", path: "/commercehub/ch/payments/v1/cancels", kind: "unreadable_after_commit", count: 1 });
    const err = await c.commercehub.reverse({ referenceTransactionId: "91000000000", amount: usd(1000) }, { idempotencyKey: key }).catch((e) => e);
    const sync = await c.commercehub.syncRefund(err).catch((e) => e);
    console.log("1. CH reverse:", err.code, "lookup.kind", err.lookup?.kind, "| syncRefund(err):", sync.code ?? sync.status, "| ledger:", await ledgerFor(key));
  }
  // 1b. The same for J.P. Morgan: the lookup goes to GET /refunds?requestIdentifier= (a PATCH
  //     is not a refund): "pending, no refund" for 70 s, then not_found ("safe to send again").
  {
    const key = crypto.randomUUID();
    await sbx.setFault({ method: "PATCH", path: "/jpmorgan/api/v2/payments/*", kind: "drop_after_commit", count: 1 });
    const err = await c.jpmorgan.reverse({ transactionId: "50a4e001-0000-4000-8000-000000000001", amount: usd(1000) }, { idempotencyKey: key }).catch((e) => e);
    const later = { name: err.name, message: err.message, code: err.code, retryable: err.retryable, provider: err.provider, idempotencyKey: err.idempotencyKey,
      lookup: { ...err.lookup, sentAt: err.lookup.sentAt - 71_000 } }; // asked after the 70 s window
    const sync = await c.jpmorgan.syncRefund(later).catch((e) => e);
    console.log("1b. JPM reverse:", err.code, "| syncRefund after 70 s:", sync.code ?? sync.status, "| ledger:", await ledgerFor(key));
  }
  // 2. J.P. Morgan: a reversal's sync only recognises the payment's *last* PATCH as ours; once
  //    another reversal followed, a made reversal is reported as not made (even given kind).
  {
    const key = crypto.randomUUID();
    const auth = "50a4e001-0000-4000-8000-000000000002";
    await sbx.setFault({ method: "PATCH", path: "/jpmorgan/api/v2/payments/*", kind: "drop_after_commit", count: 1 });
    const err = await c.jpmorgan.reverse({ transactionId: auth, amount: usd(1000) }, { idempotencyKey: key }).catch((e) => e);
    await c.jpmorgan.reverse({ transactionId: auth, amount: usd(500) });
    const later = { name: err.name, message: err.message, code: err.code, retryable: err.retryable, provider: err.provider, idempotencyKey: err.idempotencyKey,
      kind: "reversal", lookup: { ...err.lookup, sentAt: err.lookup.sentAt - 71_000 } };
    const sync = await c.jpmorgan.syncRefund(later).catch((e) => e);
    console.log("2. JPM reverse then another:", err.code, "| syncRefund (kind given, after 70 s):", sync.code ?? sync.status, "| ledger:", await ledgerFor(key));
  }
  // 3. Payroc: a re-run of a refund that was made (same key, the replayed answer lost) reads
  //    the payment first, so the refund is among the "known" ones and syncRefund says none was made.
  {
    const key = crypto.randomUUID();
    const input = { paymentId: "SK00000001", amount: usd(1234), description: "repro" };
    const first = await c.payroc.refund(input, { idempotencyKey: key });
    await sbx.setFault({ method: "POST", path: "/payroc/v1/payments/*/refund", kind: "drop_after_commit", count: 1 });
    const err = await c.payroc.refund(input, { idempotencyKey: key }).catch((e) => e);
    const sync = await c.payroc.syncRefund(err).catch((e) => e);
    console.log("3. Payroc re-run:", first.status, first.refundId, "then", err.code, "| syncRefund(err):", sync.code ?? sync.status, "| ledger:", await ledgerFor(key));
  }
  // 4. J.P. Morgan partial reversals of one authorization at the same time: the SDK sends the
  //    new total computed from its own read, so one call's reversal undoes part of the other's
  //    while both answer "succeeded" with the amount asked.
  {
    const auth = "50a4e001-0000-4000-8000-000000000003";
    const [k1, k2] = [crypto.randomUUID(), crypto.randomUUID()];
    // Both reads happen before either PATCH: the first call's PATCH is held 100 ms on its way
    // out, the second's 300 ms, so they land in that order.
    const slow = makeClients(rk, seed, sbx, { maxRetries: 0, fetch: async (url, init) => {
      if (init.method === "PATCH") await new Promise((r) => setTimeout(r, init.headers["request-id"] === k2 ? 300 : 100));
      return fetch(url, init);
    } });
    const [r1, r2] = await Promise.all([
      slow.jpmorgan.reverse({ transactionId: auth, amount: usd(1000) }, { idempotencyKey: k1 }).catch((e) => e),
      slow.jpmorgan.reverse({ transactionId: auth, amount: usd(1500) }, { idempotencyKey: k2 }).catch((e) => e),
    ]);
    const p = await c.jpmorgan.getPayment(auth);
    console.log("4. JPM concurrent reversals: answered", r1.status ?? r1.code, r1.amount?.minor, "and", r2.status ?? r2.code, r2.amount?.minor,
      "| ledger:", await ledgerFor(k1), await ledgerFor(k2), "| authorization now", p.amount?.minor ?? p.amount ?? JSON.stringify(p).slice(0, 80));
  }
} finally {
  await sbx.stop();
}
