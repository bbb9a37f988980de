// Payroc against the sandbox: a referenced refund, a partial refund then "refund the rest",
// an unreferenced refund, and a device refund that completes when the card is presented.
export const title = "Payroc: referenced, the rest, unreferenced, device";

export default async function payroc({ refundkit, sandbox, seed, say }) {
  const { PayrocClient, Money } = refundkit;
  const client = new PayrocClient({ apiKey: seed.payroc.apiKey, ...sandbox.payroc });
  const find = (words) => seed.payroc.payments.find((p) => p.purpose.includes(words));
  const show = (r) => `${r.status} (${r.providerStatus}) ${r.amount?.formatted} ${r.amount?.currency}, refund ${r.refundId}, key ${r.idempotencyKey}`;

  const big = find("100.00");
  say(`refund ${big.id} 10.00 USD`, show(await client.refund({ paymentId: big.id, amount: Money.parse("10.00", "USD"), description: "damaged item" })));

  const pizza = find("partial then the rest");
  say(`refund ${pizza.id} 15.00 USD (partial)`, show(await client.refund({ paymentId: pizza.id, amount: Money.parse("15.00", "USD"), description: "late delivery" })));
  const rest = await client.refund({ paymentId: pizza.id, description: "order cancelled" });
  say(`refund ${pizza.id} with no amount (the rest)`, `${show(rest)}; left: ${rest.remainingRefundable?.formatted ?? "0.00"}`);

  const next = new Date().getUTCFullYear() + 1;
  const unref = await client.unreferencedRefund({
    channel: "web",
    processingTerminalId: seed.payroc.processingTerminals[0].processingTerminalId,
    order: { orderId: "DemoRef1", amount: Money.parse("12.50", "USD"), description: "goodwill refund" },
    refundMethod: { type: "card", card: { cardNumber: "4111111111111111", expiry: { month: 12, year: next } } },
  });
  say("unreferenced refund 12.50 USD to a keyed card", `${show(unref)}; card shown as ${unref.raw?.card?.cardNumber}`);

  const terminal = seed.payroc.processingTerminals[0];
  const serial = terminal.devices[0].serialNumber;
  const instruction = await client.submitRefundInstruction({
    serialNumber: serial,
    processingTerminalId: terminal.processingTerminalId,
    order: { orderId: "DemoDev1", amount: Money.parse("5.00", "USD"), description: "returned at the till" },
  });
  say(`device refund on ${serial}`, `instruction ${instruction.refundInstructionId}: ${instruction.status}`);
  setTimeout(() => sandbox.present(serial), 300); // the customer taps their card
  const done = await client.waitForRefundInstruction(instruction.refundInstructionId, {
    onStatus: (s) => say("  onStatus", s.status),
  });
  say("device refund result", show(done));
}
