// One client of each provider against a started sandbox, with its seeded credentials, and
// the seeded payments picked by the words of their `purpose`.
import assert from "node:assert/strict";
import { PayrocClient, JpMorganClient, CommerceHubClient } from "refundkit";

export const SOFTWARE = { companyName: "refundkit tests", productName: "node:test", version: "1.0" };

export function clients(sb, seed, extra = {}) {
  return {
    payroc: new PayrocClient({ apiKey: seed.payroc.apiKey, environment: "uat", ...sb.payroc, ...extra }),
    jpmorgan: new JpMorganClient({
      merchantId: seed.jpmorgan.merchantId,
      clientId: seed.jpmorgan.clientId,
      clientSecret: seed.jpmorgan.clientSecret,
      environment: "mock",
      merchantSoftware: SOFTWARE,
      ...sb.jpmorgan,
      ...extra,
    }),
    commercehub: new CommerceHubClient({
      apiKey: seed.commercehub.apiKey,
      apiSecret: seed.commercehub.apiSecret,
      merchantId: seed.commercehub.merchantId,
      terminalId: seed.commercehub.terminalId,
      environment: "cert",
      ...sb.commercehub,
      ...extra,
    }),
  };
}

/** The first seeded payment (or charge) of `provider` whose purpose mentions every word. */
export function seeded(seed, provider, ...words) {
  const list = seed[provider].payments ?? seed[provider].charges;
  const found = list.find((p) => words.every((w) => p.purpose.includes(w)));
  assert.ok(found, `no seeded ${provider} payment for ${words.join(", ")}`);
  return found;
}

/** A refund input of each provider for `payment`, with `amount` (a Money or absent). */
export function refundInput(provider, payment, amount, extra = {}) {
  const withAmount = amount === undefined ? {} : { amount };
  switch (provider) {
    case "payroc":
      return { paymentId: payment.id, description: "refundkit test", ...withAmount, ...extra };
    case "jpmorgan":
      return { transactionId: payment.id, ...withAmount, ...extra };
    default:
      return { referenceTransactionId: payment.id, ...withAmount, ...extra };
  }
}

export const PROVIDERS = ["payroc", "jpmorgan", "commercehub"];

/** The routes each provider's refund is POSTed to, as the sandbox names them in its stats and faults. */
export const REFUND_ROUTE = {
  payroc: "/payroc/v1/payments/*/refund",
  jpmorgan: "/jpmorgan/api/v2/refunds",
  commercehub: "/commercehub/ch/payments/v1/refunds",
};

export const ledgerOf = async (sb, provider) => (await sb.ledger()).filter((e) => e.provider === provider);
