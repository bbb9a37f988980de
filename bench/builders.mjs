// Part 5: build-and-validate inside wasm, no network. Per provider: validate() on a builder
// (the live messages as a user types), client.prepare(builder) (the exact HTTP request,
// redacted), and the whole cycle from a new builder (fields cross from JS into wasm). Requests per second, median of
// several timed slices interleaved across the providers.
import { median } from "./stats.mjs";

export async function builderThroughput({ sliceMs = 250, slices = 8 } = {}) {
  const rk = await import("refundkit");
  const usd = rk.Money.fromMinor(1000, "USD");
  const payroc = new rk.PayrocClient({ apiKey: "bench-key", baseUrl: "http://127.0.0.1:9/payroc/v1", identityUrl: "http://127.0.0.1:9/id" });
  const jpm = new rk.JpMorganClient({ merchantId: "998482157632", clientId: "c", clientSecret: "s", environment: "mock",
    merchantSoftware: { companyName: "Bench", productName: "refundkit-bench", version: "1" } });
  const ch = new rk.CommerceHubClient({ apiKey: "k", apiSecret: "s", merchantId: "100008000003683", terminalId: "10000001" });
  const cases = {
    "Payroc (PayrocRefund)": [payroc, () => new rk.PayrocRefund({ paymentId: "M2MJOG6O2Y", amount: usd, description: "Refund" })],
    "J.P. Morgan (JpMorganRefund)": [jpm, () => new rk.JpMorganRefund({ transactionId: "2150955d-47f7-4770-b6b7-6a8d0cbc114f", amount: usd })],
    "Commerce Hub (CommerceHubRefund)": [ch, () => new rk.CommerceHubRefund({ referenceTransactionId: "84356531348", amount: usd })],
  };
  for (const [client, make] of Object.values(cases)) {
    const b = make();
    if (b.validate().length) throw new Error(`bench builder is invalid: ${JSON.stringify(b.validate())}`);
    client.prepare(b);
  }
  const timed = (fn) => {
    let n = 0;
    const end = performance.now() + sliceMs;
    while (performance.now() < end) {
      for (let i = 0; i < 50; i++) fn();
      n += 50;
    }
    return (n / sliceMs) * 1000;
  };
  const results = {};
  for (const name of Object.keys(cases)) results[name] = { validate: [], prepare: [], full: [] };
  for (let s = 0; s < slices; s++) {
    for (const [name, [client, make]] of Object.entries(cases)) {
      const builder = make();
      results[name].validate.push(timed(() => builder.validate()));
      results[name].prepare.push(timed(() => client.prepare(builder)));
      results[name].full.push(timed(() => {
        const b = make();
        b.validate();
        client.prepare(b);
        b.free?.();
      }));
      builder.free?.();
    }
  }
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { validatePerSec: median(v.validate), preparePerSec: median(v.prepare), buildValidatePreparePerSec: median(v.full) }]));
}
