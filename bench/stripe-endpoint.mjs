// A minimal local endpoint that answers like Stripe's POST /v1/refunds, so that
// stripe-node's per-call overhead can be measured against its own raw-fetch floor.
// Run as its own process (it must not share the benchmark's event loop); prints
// `listening on http://127.0.0.1:PORT` first, like the sandbox.
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";

let created = 0;
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    if (req.method !== "POST" || req.url !== "/v1/refunds") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "invalid_request_error", message: "Unrecognized request URL" } }));
      return;
    }
    const form = new URLSearchParams(body);
    const refund = {
      id: "re_" + randomBytes(12).toString("hex"), object: "refund", amount: Number(form.get("amount") ?? 0),
      balance_transaction: "txn_" + randomBytes(12).toString("hex"), charge: form.get("charge"), created: 1_700_000_000 + created++,
      currency: "usd", destination_details: { card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" }, type: "card" },
      metadata: {}, payment_intent: null, reason: null, receipt_number: null, source_transfer_reversal: null,
      status: "succeeded", transfer_reversal: null,
    };
    res.writeHead(200, { "content-type": "application/json", "request-id": "req_" + randomBytes(7).toString("hex"), "stripe-version": "2025-01-01" });
    res.end(JSON.stringify(refund));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
