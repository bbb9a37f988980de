// The contenders every call benchmark runs, built once around a `fetch`: the real one (per
// call and throughput against the sandbox, bench/calls.mjs) or one that answers from memory
// (the SDK's own CPU, bench/sdkcost.mjs). Each is `() => Promise` making one refund.
//
// The raw-fetch contenders send, byte for byte where it matters, the requests refundkit
// sends (the same method, URL, headers and JSON body; read with bench/record.mjs), and read
// the answer the way a careful caller would (status checked, JSON parsed, the field checked):
//   payroc.raw2   GET the payment (currency, remaining amount), then POST the refund: the two
//                 requests PayrocClient.refund makes
//   payroc.raw1   the POST alone: a floor without the currency check
//   jpmorgan.raw  POST /refunds with a bearer token
//   commercehub.raw  POST /payments/v1/refunds signed with HMAC-SHA256 (node:crypto)
//   stripe.raw    POST /v1/refunds, form-encoded, to the Stripe-like endpoint
import { createHmac, randomUUID } from "node:crypto";

export const PURPOSE = "bench: USD 1,000,000.00, per-call and throughput runs";

/** Payment ids of the bench seed's large payments, per provider. */
export function benchIds(seed) {
  const ids = {
    payroc: seed.payroc.payments.filter((p) => p.purpose === PURPOSE).map((p) => p.id),
    jpmorgan: seed.jpmorgan.payments.filter((p) => p.purpose === PURPOSE).map((p) => p.id),
    commercehub: seed.commercehub.charges.filter((p) => p.purpose === PURPOSE).map((p) => p.id),
  };
  for (const [k, v] of Object.entries(ids)) {
    if (v.length < 16) throw new Error(`bench: no bench payments for ${k}: start the sandbox with bench/seed.json (node bench/make-seeds.mjs)`);
  }
  return ids;
}

const cycle = (ids) => {
  let i = 0;
  return () => ids[i++ % ids.length];
};

/**
 * @param rk       the refundkit module
 * @param Stripe   stripe-node's default export
 * @param env      { fetch, seed, ids, payroc: {baseUrl, identityUrl}, jpmorgan: {baseUrl, tokenUrl},
 *                   commercehub: {baseUrl}, stripe: {url, port} }
 * @param only     names to build (default all)
 */
export async function makeContenders(rk, Stripe, env) {
  const f = env.fetch;
  const seed = env.seed;
  const next = { payroc: cycle(env.ids.payroc), jpmorgan: cycle(env.ids.jpmorgan), commercehub: cycle(env.ids.commercehub) };
  const one = rk.Money.fromMinor(1, "USD");
  const software = { companyName: "refundkit", productName: "bench", version: "1" };
  const c = {};
  let payroc, jpm, ch, payrocToken, jpmToken;

  // SDK clients and raw tokens, made again after every sandbox reset (it forgets tokens).
  const tokens = env.tokens ?? {};
  async function connect() {
    const opts = { fetch: f };
    payroc = new rk.PayrocClient(tokens.payroc ? { accessToken: tokens.payroc, baseUrl: env.payroc.baseUrl, ...opts }
      : { apiKey: seed.payroc.apiKey, environment: "uat", baseUrl: env.payroc.baseUrl, identityUrl: env.payroc.identityUrl, ...opts });
    const jpmBase = { merchantId: seed.jpmorgan.merchantId, environment: "mock", baseUrl: env.jpmorgan.baseUrl, merchantSoftware: software, ...opts };
    jpm = new rk.JpMorganClient(tokens.jpmorgan ? { ...jpmBase, accessToken: tokens.jpmorgan }
      : { ...jpmBase, clientId: seed.jpmorgan.clientId, clientSecret: seed.jpmorgan.clientSecret, tokenUrl: env.jpmorgan.tokenUrl });
    ch = new rk.CommerceHubClient({ apiKey: seed.commercehub.apiKey, apiSecret: seed.commercehub.apiSecret, merchantId: seed.commercehub.merchantId,
      terminalId: seed.commercehub.terminalId, environment: "cert", baseUrl: env.commercehub.baseUrl, ...opts });
    if (tokens.payroc) payrocToken = tokens.payroc;
    else {
      const res = await f(env.payroc.identityUrl + "/authorize", { method: "POST", headers: { "x-api-key": seed.payroc.apiKey } });
      payrocToken = (await res.json()).access_token;
    }
    if (tokens.jpmorgan) jpmToken = tokens.jpmorgan;
    else {
      const basic = Buffer.from(`${seed.jpmorgan.clientId}:${seed.jpmorgan.clientSecret}`).toString("base64");
      const res = await f(env.jpmorgan.tokenUrl, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json", Authorization: `Basic ${basic}` },
        body: "grant_type=client_credentials&scope=jpm%3Apayments%3Asandbox" });
      jpmToken = (await res.json()).access_token;
    }
  }
  await connect();
  const ok = (cond, what) => {
    if (!cond) throw new Error(`bench: ${what}`);
  };

  c["payroc.sdk"] = async () => {
    const r = await payroc.refund({ paymentId: next.payroc(), amount: one, description: "bench" });
    ok(r.status === "succeeded", `refundkit Payroc refund: ${r.status}`);
  };
  const payrocPost = async (id) => {
    const res = await f(`${env.payroc.baseUrl}/payments/${id}/refund`, {
      method: "POST",
      headers: { "Idempotency-Key": randomUUID(), "Content-Type": "application/json", Authorization: `Bearer ${payrocToken}` },
      body: JSON.stringify({ amount: 1, description: "bench" }),
    });
    const body = await res.json();
    ok(res.ok && Array.isArray(body.refunds), `raw Payroc refund: ${res.status}`);
  };
  c["payroc.raw2"] = async () => {
    const id = next.payroc();
    const res = await f(`${env.payroc.baseUrl}/payments/${id}`, { method: "GET", headers: { Authorization: `Bearer ${payrocToken}` } });
    const payment = await res.json();
    ok(res.ok && payment.order.currency === "USD" && payment.order.amount >= 1, `raw Payroc GET: ${res.status}`);
    await payrocPost(id);
  };
  c["payroc.raw1"] = () => payrocPost(next.payroc());

  c["jpmorgan.sdk"] = async () => {
    const r = await jpm.refund({ transactionId: next.jpmorgan(), amount: one });
    ok(r.status === "succeeded", `refundkit J.P. Morgan refund: ${r.status}`);
  };
  c["jpmorgan.raw"] = async () => {
    const res = await f(`${env.jpmorgan.baseUrl}/refunds`, {
      method: "POST",
      headers: { "merchant-id": seed.jpmorgan.merchantId, "request-id": randomUUID(), "Content-Type": "application/json", Authorization: `Bearer ${jpmToken}` },
      body: JSON.stringify({ amount: 1, currency: "USD", paymentMethodType: { transactionReference: { transactionReferenceId: next.jpmorgan() } }, merchant: { merchantSoftware: software } }),
    });
    const body = await res.json();
    ok(res.ok && body.responseStatus === "SUCCESS", `raw J.P. Morgan refund: ${res.status}`);
  };

  c["commercehub.sdk"] = async () => {
    const r = await ch.refund({ referenceTransactionId: next.commercehub(), amount: one });
    ok(r.status === "succeeded", `refundkit Commerce Hub refund: ${r.status}`);
  };
  const chs = seed.commercehub;
  c["commercehub.raw"] = async () => {
    const body = JSON.stringify({ referenceTransactionDetails: { referenceTransactionId: next.commercehub() }, amount: { total: 0.01, currency: "USD" },
      merchantDetails: { merchantId: chs.merchantId, terminalId: chs.terminalId } });
    const crid = randomUUID();
    const ts = String(Date.now());
    const signature = createHmac("sha256", chs.apiSecret).update(chs.apiKey + crid + ts + body).digest("base64");
    const res = await f(`${env.commercehub.baseUrl}/payments/v1/refunds`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "Client-Request-Id": crid, "Api-Key": chs.apiKey, Timestamp: ts, "Auth-Token-Type": "HMAC", Authorization: signature },
      body,
    });
    const answer = await res.json();
    ok(res.ok && answer.gatewayResponse?.transactionState === "AUTHORIZED", `raw Commerce Hub refund: ${res.status}`);
  };

  if (env.stripe) {
    const stripeOpts = { host: "127.0.0.1", port: env.stripe.port, protocol: "http", telemetry: false };
    if (!env.stripeCannedOnly) {
      const stripeNode = new Stripe("sk_test_bench", stripeOpts);
      c["stripe.node"] = async () => {
        const r = await stripeNode.refunds.create({ charge: "ch_bench", amount: 1 });
        ok(r.status === "succeeded", "stripe-node refund");
      };
    }
    const stripeFetch = new Stripe("sk_test_bench", { ...stripeOpts, httpClient: Stripe.createFetchHttpClient(f) });
    c["stripe.fetch"] = async () => {
      const r = await stripeFetch.refunds.create({ charge: "ch_bench", amount: 1 });
      ok(r.status === "succeeded", "stripe-node (fetch client) refund");
    };
    c["stripe.raw"] = async () => {
      const res = await f(env.stripe.url + "/v1/refunds", {
        method: "POST",
        headers: { Authorization: "Bearer sk_test_bench", "Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": randomUUID() },
        body: "charge=ch_bench&amount=1",
      });
      const body = await res.json();
      ok(res.ok && body.object === "refund" && body.status === "succeeded", "raw fetch (Stripe-like) refund");
    };
  }
  c.reconnect = connect;
  return c;
}
