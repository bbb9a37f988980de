// A user's ESM script after `npm install refundkit`: a Payroc refund and a validation error.
// Run as it is by Node, Bun and Deno (a bare specifier: Deno resolves it from the
// project's package.json and node_modules, as it does `npm:refundkit`).
// Usage: usage.mjs SANDBOX_URL PAYROC_API_KEY PAYMENT_ID
import { PayrocClient, Money, ValidationError } from "refundkit";
import { JpMorganClient } from "refundkit/jpmorgan";

const [sandboxUrl, apiKey, paymentId] = process.argv.slice(-3);
const payroc = new PayrocClient({ apiKey, baseUrl: `${sandboxUrl}/payroc/v1`, identityUrl: `${sandboxUrl}/payroc/identity` });
const refund = await payroc.refund({ paymentId, amount: Money.parse("1.00", "USD"), description: "installed package" });
let invalid;
try {
  Money.parse("1.001", "USD");
} catch (error) {
  invalid = error instanceof ValidationError;
}
console.log(JSON.stringify({
  status: refund.status,
  amount: refund.amount,
  invalid,
  jpmorgan: typeof JpMorganClient,
  resolved: import.meta.resolve("refundkit"),
}));
