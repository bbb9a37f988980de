// Running intents: the clients, one intent sent and (when its outcome is unknown) resolved
// with syncRefund, and a pool of workers over a list. Shared by run.mjs and the crash test's
// worker process.
import { call } from "./intents.mjs";

export const SOFTWARE = { companyName: "refundkit", productName: "soak", version: "1" };

export function makeClients(rk, seed, urls, common) {
  return {
    payroc: new rk.PayrocClient({ ...common, apiKey: seed.payroc.apiKey, environment: "uat", ...urls.payroc }),
    jpmorgan: new rk.JpMorganClient({ ...common, merchantId: seed.jpmorgan.merchantId, clientId: seed.jpmorgan.clientId,
      clientSecret: seed.jpmorgan.clientSecret, environment: "mock", ...urls.jpmorgan, merchantSoftware: SOFTWARE }),
    commercehub: new rk.CommerceHubClient({ ...common, apiKey: seed.commercehub.apiKey, apiSecret: seed.commercehub.apiSecret,
      merchantId: seed.commercehub.merchantId, terminalId: seed.commercehub.terminalId, environment: "cert", ...urls.commercehub }),
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A result or error as plain data (what a journal would keep). */
export function plain(x) {
  if (x == null) return x;
  if (x instanceof Error) {
    const out = { name: x.name, message: x.message };
    for (const k of ["code", "retryable", "provider", "httpStatus", "idempotencyKey", "lookup", "issues", "kind", "refundId", "status"]) {
      if (x[k] !== undefined) out[k] = x[k];
    }
    return out;
  }
  const { raw, ...rest } = x;
  return rest;
}

/** An answer whose outcome is not known: `outcome_unknown`, or pending with no refund named. */
export const isUnknown = (o) => o.error?.code === "outcome_unknown" || (o.result?.status === "pending" && o.result?.refundId == null);

/**
 * What syncRefund says about an unknown outcome: `{ made: true, refundId, kind, status }`,
 * `{ made: false }` (nothing made under the key), `{ unclear: true }` (pending, or it still
 * cannot tell) or `{ failed: code }`.
 * J.P. Morgan answers "pending, no refund" for 70 s after the request (its processing
 * window); the soak then asks again with the request's time moved 71 s back (`aged`), which
 * is what a caller asking a minute later would be told.
 */
export async function resolve(client, answer) {
  const ask = async (target) => {
    try {
      const r = await client.syncRefund(target);
      if (r.refundId) return { made: true, refundId: r.refundId, kind: r.kind, status: r.status, amount: r.amount?.minor };
      return { unclear: true, status: r.status, lookup: r.lookup };
    } catch (e) {
      if (e?.code === "not_found") return { made: false };
      // "Cannot tell" (a refund of the amount was already there; the payment changed since):
      // honest, not a failure; the next run resends under the same key, which settles it.
      if (e?.code === "outcome_unknown") return { unclear: true, status: "unknown" };
      return { failed: e?.code ?? "untyped", message: String(e?.message ?? e).slice(0, 200) };
    }
  };
  let s = await ask(answer);
  if (s.unclear && client.provider === "jpmorgan" && answer.lookup) {
    const aged = { ...plain(answer), lookup: { ...answer.lookup, sentAt: answer.lookup.sentAt - 71_000 } };
    delete aged.name;
    delete aged.message;
    if (answer instanceof Error) Object.assign(aged, { name: answer.name, message: answer.message });
    s = { ...(await ask(aged)), aged: true };
  }
  return s;
}

/**
 * Sends one intent; an unknown outcome is resolved with syncRefund after `settleMs` (by then
 * every attempt the sandbox delayed has landed, so the provider's answer is the truth).
 */
export async function perform(intent, clients, rk, { settleMs }) {
  const client = clients[intent.provider];
  const t0 = performance.now();
  const o = {};
  try {
    o.result = await call(intent, client, rk);
  } catch (error) {
    o.error = error;
  }
  o.ms = performance.now() - t0;
  if (isUnknown(o)) {
    await sleep(settleMs);
    o.sync = await resolve(client, o.error ?? o.result);
  }
  return o;
}

/** Every intent once, `concurrency` at a time; `onDone(i, outcome)` as each ends. */
export async function runAll(intents, fn, concurrency, onDone) {
  const outcomes = new Array(intents.length);
  let next = 0;
  const worker = async () => {
    while (next < intents.length) {
      const i = next++;
      outcomes[i] = await fn(intents[i]);
      onDone?.(i, outcomes[i]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}
