// Commerce Hub against the sandbox: HMAC-signed refunds by transaction id, by merchant
// transaction id, and the URI form; amounts go on the wire as exact decimals.
export const title = "Commerce Hub: by transaction id, by merchant transaction id, URI form";

export default async function commercehub({ refundkit, sandbox, seed, say }) {
  const { CommerceHubClient, Money } = refundkit;
  const s = seed.commercehub;
  const ch = new CommerceHubClient({ apiKey: s.apiKey, apiSecret: s.apiSecret, merchantId: s.merchantId, terminalId: s.terminalId, environment: "cert", ...sandbox.commercehub });
  const show = (r) => `${r.status} (${r.providerStatus}) ${r.amount?.formatted} ${r.amount?.currency}, id ${r.refundId}`;
  const [first, second] = s.charges.filter((c) => c.currency === "USD");
  say(`refund({ referenceTransactionId, 2.00 USD })`, show(await ch.refund({ referenceTransactionId: first.id, amount: Money.parse("2.00", "USD") })));
  say(`refund({ referenceMerchantTransactionId }) (the rest)`, show(await ch.refund({ referenceMerchantTransactionId: first.merchantTransactionId })));
  say(`refundCharge(transactionId, { amount: 1.50 USD }) (URI form)`, show(await ch.refundCharge(second.id, { amount: Money.parse("1.50", "USD") })));
  const kwd = s.charges.find((c) => c.currency === "KWD");
  if (kwd) say(`refundCharge(KWD, 1.234) → total 1.234 on the wire`, show(await ch.refundCharge(kwd.id, { amount: Money.parse("1.234", "KWD") })));
}
