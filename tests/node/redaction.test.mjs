// Card numbers and secrets never appear in anything the SDK writes: events, results,
// errors, prepared requests, or the sandbox's log of what it received.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { PayrocClient, JpMorganClient, CommerceHubClient, PayrocUnreferencedRefund, Money } from "refundkit";
import { startSandbox } from "./support/sandbox.mjs";

const PAN = "4111111111111111"; // Visa's well-known test card
const CVV = "737";
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
let sb, seed;

before(async () => {
  sb = await startSandbox();
  seed = await sb.seed();
});
after(() => sb.stop());

/** Everything the SDK showed, as one string; errors with every own property. */
function collect() {
  const seen = [];
  return {
    onEvent: (e) => seen.push(JSON.stringify(e)),
    add: (v) => seen.push(v instanceof Error ? JSON.stringify({ ...v, message: v.message, stack: v.stack }) : JSON.stringify(v)),
    text: () => seen.join("\n"),
  };
}

test("a refund with a test card and every secret set leaks none of them", async () => {
  const out = collect();
  const payrocToken = (await (await fetch(sb.payroc.identityUrl + "/authorize", { method: "POST", headers: { "x-api-key": seed.payroc.apiKey } })).json()).access_token;
  // The CVV is three digits, so it is looked for under the keys that carry it, not as a
  // substring: "737" turns up by chance in ids, keys and timings.
  const secrets = [PAN, seed.payroc.apiKey, payrocToken, seed.jpmorgan.clientSecret, seed.commercehub.apiSecret];

  const payroc = new PayrocClient({ apiKey: seed.payroc.apiKey, ...sb.payroc, onEvent: out.onEvent });
  const terminal = seed.payroc.processingTerminals[0].processingTerminalId;
  const card = { cardNumber: PAN, cvv: CVV, expiry: { month: 12, year: NEXT_YEAR }, cardholderName: "Test Holder" };
  const input = {
    channel: "web",
    processingTerminalId: terminal,
    order: { orderId: "LEAK-1", amount: Money.parse("12.50", "USD"), description: "leak test" },
    refundMethod: { type: "card", card },
  };
  out.add(await payroc.unreferencedRefund(input));
  out.add(payroc.prepare(new PayrocUnreferencedRefund(input)));
  // A decline, a validation error that names the card field, and a provider error.
  out.add(await payroc.unreferencedRefund({ ...input, order: { ...input.order, orderId: "LEAK-2", amount: Money.fromMinor(4901, "USD") } }));
  await payroc.unreferencedRefund({ ...input, refundMethod: { type: "card", card: { ...card, cardNumber: PAN.slice(0, -1) + "2" } } }).catch(out.add);
  await payroc.unreferencedRefund({ ...input, refundMethod: { type: "card", card: { ...card, expiry: { month: 1, year: 2020 } } } }).catch(out.add);
  const withToken = new PayrocClient({ accessToken: payrocToken, ...sb.payroc, onEvent: out.onEvent });
  await withToken.getPayment("NOTAPAYMNT").catch(out.add);

  const jpm = new JpMorganClient({
    clientId: seed.jpmorgan.clientId, clientSecret: seed.jpmorgan.clientSecret, merchantId: seed.jpmorgan.merchantId,
    ...sb.jpmorgan, merchantSoftware: { companyName: "refundkit", productName: "leak-test", version: "1" }, onEvent: out.onEvent,
  });
  out.add(await jpm.standaloneRefund({ card: { accountNumber: PAN, expiry: { month: 12, year: NEXT_YEAR } }, amount: Money.parse("1.00", "USD") }));
  await jpm.standaloneRefund({ card: { accountNumber: PAN, expiry: { month: 1, year: 2020 } }, amount: Money.parse("1.00", "USD") }).catch(out.add);

  const ch = new CommerceHubClient({
    apiKey: seed.commercehub.apiKey, apiSecret: seed.commercehub.apiSecret, merchantId: seed.commercehub.merchantId,
    terminalId: seed.commercehub.terminalId, ...sb.commercehub, onEvent: out.onEvent,
  });
  const charge = seed.commercehub.charges.find((c) => c.currency === "USD");
  out.add(await ch.refund({ referenceTransactionId: charge.id, amount: Money.parse("0.01", "USD") }));
  const wrong = new CommerceHubClient({ apiKey: seed.commercehub.apiKey, apiSecret: "wrong-secret-0123456789", merchantId: seed.commercehub.merchantId, terminalId: seed.commercehub.terminalId, ...sb.commercehub, onEvent: out.onEvent });
  await wrong.refund({ referenceTransactionId: "84356531348" }).catch(out.add);

  const text = out.text() + "\n" + sb.logs.join("");
  assert.ok(text.length > 1000, "something was collected");
  assert.ok(text.includes("411111******1111"), "the masked form is shown");
  for (const secret of [...secrets, "wrong-secret-0123456789"]) {
    assert.ok(!text.includes(secret), `found a secret or card number: ${secret.slice(0, 4)}…`);
  }
  assert.ok(text.includes('"cvv"'), "the CVV's key is shown");
  assert.ok(!new RegExp(`"(cvv|cvv2|cvc|securityCode|cardSecurityCode)"\\s*:\\s*"?${CVV}`, "i").test(text), "no CVV");
});
