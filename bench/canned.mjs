// The network taken out: real answers recorded once from the sandbox and the Stripe-like
// endpoint, then served from memory by a `fetch` that builds a fresh Response per call (as a
// real fetch would), so an SDK's own CPU per refund can be timed without a socket.
//
// The recording is one refund per contender through a fetch that keeps the first answer per
// "METHOD URL". The SDK contenders go first, so Payroc's GET answer is the payment as
// refundkit saw it before refunding. Replayed, every contender uses that one payment.
import { makeContenders } from "./contenders.mjs";

const key = (url, init) => `${init?.method ?? "GET"} ${url}`;

export async function recordAnswers(sbx, stripe) {
  const rk = await import("refundkit");
  const { default: Stripe } = await import("stripe");
  await sbx.reset();
  const seed = await sbx.seed();
  const answers = {};
  const recording = async (url, init) => {
    const res = await fetch(url, init);
    const body = await res.text();
    const k = key(url, init);
    answers[k] ??= { status: res.status, headers: [...res.headers].filter(([n]) => !["date", "connection", "keep-alive", "transfer-encoding"].includes(n)), body };
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const env = cannedEnv(seed, sbx, stripe);
  const c = await makeContenders(rk, Stripe, { ...env, fetch: recording, tokens: undefined });
  for (const name of ["payroc.sdk", "jpmorgan.sdk", "commercehub.sdk", "stripe.fetch", "payroc.raw2", "jpmorgan.raw", "commercehub.raw", "stripe.raw"]) await c[name]();
  await sbx.reset();
  // The token requests are not replayed: canned clients are given a token.
  return { env: { ...env, fetch: undefined }, answers };
}

/** The environment the contenders get: one payment per provider. */
function cannedEnv(seed, sbx, stripe) {
  const pick = (list) => [list.find((p) => p.purpose?.startsWith("bench:")).id];
  return {
    seed,
    ids: { payroc: pick(seed.payroc.payments), jpmorgan: pick(seed.jpmorgan.payments), commercehub: pick(seed.commercehub.charges) },
    payroc: sbx.payroc, jpmorgan: sbx.jpmorgan, commercehub: sbx.commercehub,
    stripe: { url: stripe.url, port: stripe.port }, stripeCannedOnly: true,
    tokens: { payroc: "bench-token", jpmorgan: "bench-token" },
  };
}

/** A fetch answering from memory; refuses anything that was not recorded. */
export function cannedFetch(answers) {
  return async (url, init) => {
    const a = answers[key(url, init)];
    if (!a) throw new TypeError(`canned fetch: nothing recorded for ${key(url, init)}`);
    return new Response(a.body, { status: a.status, headers: a.headers });
  };
}

/** The contenders of bench/contenders.mjs over the canned fetch (no stripe.node: it uses node:http). */
export async function cannedContenders(recorded) {
  const rk = await import("refundkit");
  const { default: Stripe } = await import("stripe");
  const f = cannedFetch(recorded.answers);
  const c = await makeContenders(rk, Stripe, { ...recorded.env, fetch: f });
  // The stand-in alone: one canned answer read as text, per request the Payroc SDK makes.
  const payrocGet = Object.keys(recorded.answers).find((k) => k.startsWith("GET ") && k.includes("/payroc/v1/payments/"));
  const [, url] = payrocGet.split(" ");
  c["canned.fetch"] = async () => {
    await (await f(url, { method: "GET" })).text();
  };
  return c;
}
