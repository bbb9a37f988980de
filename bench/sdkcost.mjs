// Part 3b: what refundkit costs in CPU alone, with the network taken out. Both sides get the
// same canned Payroc answer from a `fetch` that resolves at once; the difference is the SDK's
// own work per refund (input to wasm, validation, the request, the answer read, the result).
import { median } from "./stats.mjs";

const PAYMENT = JSON.stringify({
  paymentId: "BN00000001", processingTerminalId: "1234001", dateTime: "2024-07-02T15:30:00Z",
  order: { orderId: "o1", dateTime: "2024-07-02T15:30:00Z", description: "d", amount: 100000000, currency: "USD" },
  card: { type: "Visa Credit", entryMethod: "keyed", cardNumber: "453985******7062", expiryDate: "1230" },
  refunds: [{ refundId: "R000000001", dateTime: "2024-07-02T15:30:00Z", currency: "USD", amount: 1, status: "ready", responseCode: "A", responseMessage: "OK" }],
  transactionResult: { type: "sale", status: "complete", approvalCode: "000000", authorizedAmount: 100000000, currency: "USD", responseCode: "A", responseMessage: "OK" },
});

export async function sdkOnlyCost({ calls = 5000, rounds = 5 } = {}) {
  const { PayrocClient, Money } = await import("refundkit");
  const canned = () => Promise.resolve(new Response(PAYMENT, { status: 200, headers: { "content-type": "application/json" } }));
  const payroc = new PayrocClient({ accessToken: "bench-token", baseUrl: "http://127.0.0.1:1/v1", fetch: canned });
  const one = Money.fromMinor(1, "USD");
  const sdk = () => payroc.refund({ paymentId: "BN00000001", amount: one, description: "bench" });
  const raw = async () => {
    const body = JSON.stringify({ amount: 1, description: "bench" });
    const res = await canned(body);
    await res.json();
  };
  const time = async (fn) => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) await fn();
    return ((performance.now() - t0) * 1000) / calls;
  };
  for (let i = 0; i < 500; i++) { await sdk(); await raw(); }
  const sdkUs = [], rawUs = [];
  for (let r = 0; r < rounds; r++) {
    sdkUs.push(await time(sdk));
    rawUs.push(await time(raw));
  }
  return { calls, rounds, sdkUs: median(sdkUs), rawUs: median(rawUs) };
}
