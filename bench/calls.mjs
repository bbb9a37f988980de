// Parts 3 and 4: what a refund call costs on top of the HTTP it makes.
//
// Per call: sequential Payroc referenced refunds against the sandbox by refundkit and by raw
// fetch with a hand-built request (the floor), and stripe-node's refunds.create against a
// minimal Stripe-like endpoint with its own raw-fetch floor (the endpoints differ, so each
// SDK is compared with fetch to its own server). The four run interleaved in rounds, the
// order rotated every round, so noise from other work on the machine hits all alike.
// Ratios are computed within each round, then the median is taken.
//
// Throughput: 32 concurrent callers, refundkit against raw fetch, alternating rounds.
//
// Before every round the sandbox is reset (so no payment's refund list grows, which would
// make later answers longer) and every contender makes a few untimed calls (tokens, sockets).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { median, rotate } from "./stats.mjs";

function startStripeEndpoint(root) {
  const child = spawn(process.execPath, [path.join(root, "bench/stripe-endpoint.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      const m = String(d).match(/listening on (http:\/\/127\.0\.0\.1:(\d+))/);
      if (m) resolve({ url: m[1], port: Number(m[2]), stop: () => child.kill() });
    });
    child.on("exit", (code) => reject(new Error(`stripe-like endpoint exited with ${code}`)));
  });
}

/** The four contenders, each `() => Promise` making one refund (payments rotate). */
async function contenders(root, sbx, seed) {
  const rk = await import("refundkit");
  const { default: Stripe } = await import("stripe");
  const stub = await startStripeEndpoint(root);
  const ids = seed.payroc.payments.filter((p) => p.id.startsWith("BN")).map((p) => p.id);
  if (ids.length < 16) throw new Error("bench: start the sandbox with bench/seed.json (it needs the BN… payments)");
  let next = 0;
  const paymentId = () => ids[next++ % ids.length];
  const one = rk.Money.fromMinor(1, "USD");

  const payroc = new rk.PayrocClient({ apiKey: seed.payroc.apiKey, baseUrl: sbx.payroc.baseUrl, identityUrl: sbx.payroc.identityUrl });
  const refundkit = async () => {
    const r = await payroc.refund({ paymentId: paymentId(), amount: one, description: "bench" });
    if (r.status !== "succeeded") throw new Error(`refundkit refund: ${r.status}`);
  };

  let token;
  const authorize = async () => {
    const res = await fetch(sbx.payroc.identityUrl + "/authorize", { method: "POST", headers: { "x-api-key": seed.payroc.apiKey } });
    token = (await res.json()).access_token;
  };
  const rawFetch = async () => {
    const res = await fetch(`${sbx.payroc.baseUrl}/payments/${paymentId()}/refund`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": randomUUID() },
      body: JSON.stringify({ amount: 1, description: "bench" }),
    });
    const body = await res.json();
    if (!res.ok || !Array.isArray(body.refunds)) throw new Error(`raw fetch refund: ${res.status}`);
  };

  const stripe = new Stripe("sk_test_bench", { host: "127.0.0.1", port: stub.port, protocol: "http", telemetry: false });
  const stripeSdk = async () => {
    const r = await stripe.refunds.create({ charge: "ch_bench", amount: 1 });
    if (r.status !== "succeeded") throw new Error("stripe refund");
  };
  const stripeFloor = async () => {
    const res = await fetch(stub.url + "/v1/refunds", {
      method: "POST",
      headers: { authorization: "Bearer sk_test_bench", "content-type": "application/x-www-form-urlencoded", "idempotency-key": randomUUID() },
      body: "charge=ch_bench&amount=1",
    });
    const body = await res.json();
    if (!res.ok || body.object !== "refund") throw new Error("raw fetch (Stripe-like) refund");
  };

  // After a sandbox reset, every token is gone: re-authorize the raw caller, and let
  // refundkit refresh on its own during the untimed warm-up calls.
  const afterReset = authorize;
  await authorize();
  return { refundkit, rawFetch, stripeSdk, stripeFloor, afterReset, stop: stub.stop };
}

async function timeSequential(fn, calls) {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await fn();
  return ((performance.now() - t0) * 1000) / calls; // µs per call
}

async function timeConcurrent(fn, calls, callers) {
  let left = calls;
  const worker = async () => {
    while (left-- > 0) await fn();
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: callers }, worker));
  return (calls / (performance.now() - t0)) * 1000; // refunds per second
}

export async function callBenchmarks(root, sbx, { calls = 2000, rounds = 20, throughputCalls = 1000, throughputRounds = 6, callers = 32 } = {}) {
  const seed = await sbx.seed();
  const c = await contenders(root, sbx, seed);
  const warm = async () => {
    await sbx.reset();
    await c.afterReset();
    for (const fn of [c.refundkit, c.rawFetch, c.stripeSdk, c.stripeFloor]) for (let i = 0; i < 5; i++) await fn();
  };
  try {
    const perCall = { refundkit: [], rawFetch: [], stripeSdk: [], stripeFloor: [] };
    const rkRatio = [], stripeRatio = [];
    const perRound = Math.ceil(calls / rounds);
    for (let r = 0; r < rounds; r++) {
      await warm();
      const got = {};
      for (const name of rotate(Object.keys(perCall), r)) got[name] = await timeSequential(c[name], perRound);
      for (const name of Object.keys(perCall)) perCall[name].push(got[name]);
      rkRatio.push(got.refundkit / got.rawFetch);
      stripeRatio.push(got.stripeSdk / got.stripeFloor);
    }

    const tput = { refundkit: [], rawFetch: [] }, tputRatio = [];
    for (let r = 0; r < throughputRounds; r++) {
      await warm();
      const got = {};
      for (const name of rotate(Object.keys(tput), r)) got[name] = await timeConcurrent(c[name], throughputCalls, callers);
      for (const name of Object.keys(tput)) tput[name].push(got[name]);
      tputRatio.push(got.refundkit / got.rawFetch);
    }
    await sbx.reset();

    return {
      perCall: {
        callsEach: perRound * rounds, rounds,
        us: Object.fromEntries(Object.entries(perCall).map(([k, v]) => [k, median(v)])),
        refundkitRatio: median(rkRatio), stripeRatio: median(stripeRatio),
      },
      throughput: {
        callers, callsEach: throughputCalls * throughputRounds, rounds: throughputRounds,
        perSec: Object.fromEntries(Object.entries(tput).map(([k, v]) => [k, median(v)])),
        refundkitRatio: median(tputRatio),
      },
    };
  } finally {
    c.stop();
  }
}
