// J.P. Morgan against the sandbox: full, partial, multi-capture and standalone refunds.
export const title = "J.P. Morgan: full, partial, multi-capture, standalone";

export default async function jpmorgan({ refundkit, sandbox, seed, say }) {
  const { JpMorganClient, Money } = refundkit;
  const s = seed.jpmorgan;
  const jpm = new JpMorganClient({
    merchantId: s.merchantId, clientId: s.clientId, clientSecret: s.clientSecret, environment: "mock",
    ...sandbox.jpmorgan, merchantSoftware: { companyName: "Example Co", productName: "refundkit demo", version: "1.0.0" },
  });
  const find = (words) => s.payments.find((p) => p.purpose.includes(words));
  const left = (r) => (r.remainingRefundable ? `, left ${r.remainingRefundable.formatted}` : "");
  const show = (r) => `${r.status} (${r.providerStatus}) ${r.amount?.formatted} ${r.amount?.currency}${left(r)}, id ${r.refundId}`;

  const full = find("full refund");
  say(`refund({ transactionId }) full`, show(await jpm.refund({ transactionId: full.id })));
  const partial = find("partial refunds");
  say(`refund({ transactionId, amount: 25.00 USD })`, show(await jpm.refund({ transactionId: partial.id, amount: Money.parse("25.00", "USD") })));
  const order = s.payments.find((p) => p.captures.length > 1);
  const capture = order.captures[0];
  say(`refund({ captureId, amount }) multi-capture`, show(await jpm.refund({ captureId: capture.id, amount: Money.fromMinor(capture.amount, capture.currency) })));
  const next = new Date().getUTCFullYear() + 1;
  const standalone = await jpm.standaloneRefund({ card: { accountNumber: "4012000033330026", expiry: { month: 5, year: next } }, amount: Money.parse("7.50", "USD") });
  say("standaloneRefund(card, 7.50 USD)", show(standalone));
  const again = await jpm.getRefundByRequestId(standalone.idempotencyKey);
  say("getRefundByRequestId(its request-id)", `${again.transactionId ?? again.refundId ?? JSON.stringify(again).slice(0, 80)}`);
}
