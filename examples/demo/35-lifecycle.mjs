// The whole life of a refund against the sandbox: reverse-or-refund decided from the
// payment's own state, an answer lost after the provider acted (outcome_unknown) resolved by
// syncRefund, and a pending refund followed to the end by waitForFinal.
export const title = "Lifecycle: reverseOrRefund, an unknown outcome resolved, a pending refund followed";

export default async function lifecycle({ refundkit, sandbox, seed, say }) {
  const { PayrocClient, JpMorganClient, Money } = refundkit;
  const payroc = new PayrocClient({ apiKey: seed.payroc.apiKey, environment: "uat", ...sandbox.payroc });
  const jpm = new JpMorganClient({
    merchantId: seed.jpmorgan.merchantId, clientId: seed.jpmorgan.clientId, clientSecret: seed.jpmorgan.clientSecret,
    environment: "mock", merchantSoftware: { companyName: "refundkit", productName: "demo", version: "1" }, ...sandbox.jpmorgan,
  });
  const show = (r) => `${r.kind} ${r.status} ${r.amount?.formatted ?? ""} ${r.amount?.currency ?? ""}, id ${r.refundId}`;
  const find = (provider, words) => seed[provider].payments.find((p) => words.every((w) => p.purpose.includes(w)));

  // Before settlement the payment is reversed; after, refunded. One call, one movement.
  const open = find("payroc", ["partial reversals"]);
  const settled = find("payroc", ["100.00"]);
  const usd = (text) => Money.parse(text, "USD");
  say("reverseOrRefund on an open batch", show(await payroc.reverseOrRefund({ paymentId: open.id, amount: usd("5.00"), description: "demo" })));
  say("reverseOrRefund on a settled payment", show(await payroc.reverseOrRefund({ paymentId: settled.id, amount: usd("5.00"), description: "demo" })));

  // The provider makes the refund, then the answer is lost: never "failed".
  await sandbox.setFault({ method: "POST", path: "/jpmorgan/api/v2/refunds", kind: "unreadable_after_commit", count: 1 });
  const payment = find("jpmorgan", ["partial refunds"]);
  const lost = await jpm.refund({ transactionId: payment.id, amount: usd("3.00") }).catch((e) => e);
  say("refund whose answer was lost", `${lost.code} (retryable: ${lost.retryable}, key ${lost.idempotencyKey})`);
  say("syncRefund(error)", show(await jpm.syncRefund(lost)));

  // A refund the provider holds as pending until it settles (the sandbox's pending amount).
  const pendingAmount = Money.fromMinor(4903, "USD");
  const pending = await payroc.refund({ paymentId: settled.id, amount: pendingAmount, description: "demo: pending" });
  say("a refund the provider holds", show(pending));
  // The provider settles it while waitForFinal looks again every half second.
  const settling = new Promise((resolve) => setTimeout(() => resolve(sandbox.finalize("payroc", pending.refundId, "approved")), 700));
  const final = await payroc.waitForFinal(pending, { schedule: [500, 500, 500, 500], onStatus: (s) => say("  onStatus", s.status) });
  await settling;
  say("waitForFinal", show(final));
}
