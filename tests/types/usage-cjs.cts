// The package's types as a CommonJS TypeScript user meets them (the require condition:
// index.d.cts and each provider's .d.cts). Nothing here runs.
import refundkit = require("refundkit");
import payroc = require("refundkit/payroc");
import jpmorgan = require("refundkit/jpmorgan");
import commercehub = require("refundkit/commercehub");
import web = require("refundkit/web");

async function usage(): Promise<string> {
  await refundkit.ready;
  await web.initAsync();
  const amount: refundkit.Money = refundkit.Money.parse("10.00", "USD");
  try {
    refundkit.Money.parse("10.001", "USD");
  } catch (error) {
    if (error instanceof refundkit.ValidationError) return error.issues[0]?.field ?? "";
  }
  const client = new payroc.PayrocClient({ apiKey: "k", environment: "uat", deadlineMs: 60_000 });
  const result: payroc.PayrocRefundResult = await client.refund({ paymentId: "M2MJOG6O2Y", amount, description: "d" });
  const kind: payroc.RefundKind = result.kind;
  const final = await client.waitForFinal(result, { schedule: [1_000], onStatus: (r) => void r.status });
  for await (const r of client.iterateRefunds({ limit: 10 })) void r.refundId;
  const jpm = new jpmorgan.JpMorganClient({ merchantId: "m", environment: "mock", clientId: "i", clientSecret: "s", merchantSoftware: { companyName: "A", productName: "B" } });
  const payment: jpmorgan.JpMorganPayment = await jpm.getPayment("txn");
  const ch = new commercehub.CommerceHubClient({ apiKey: "k", apiSecret: "s", merchantId: "m", terminalId: "t", environment: "cert" });
  await ch.reverseOrRefund({ referenceTransactionId: "r" });
  // @ts-expect-error: refundkit/payroc has no Commerce Hub client
  void payroc.CommerceHubClient;
  // @ts-expect-error: a misspelled input key
  await ch.refund({ referenceTransactionId: "r", amout: amount });
  // @ts-expect-error: Payroc-only method on a J.P. Morgan client
  await jpm.iterateRefunds({});
  void [kind, final, payment];
  return amount.display();
}
export = usage;
