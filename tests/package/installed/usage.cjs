// A user's CommonJS script after `npm install refundkit`: the same refund through require().
// Usage: node usage.cjs SANDBOX_URL PAYROC_API_KEY PAYMENT_ID
"use strict";
const { PayrocClient, Money, ValidationError } = require("refundkit");
const { JpMorganClient } = require("refundkit/jpmorgan");

async function main() {
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
    resolved: require.resolve("refundkit"),
  }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
