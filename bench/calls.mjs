// Parts 1 and 2: what a refund call costs on top of the HTTP it makes, against the local
// release sandbox (and the Stripe-like endpoint for stripe-node).
//
// Per call: every contender of bench/contenders.mjs, sequentially, in rounds; within a round
// each SDK runs beside the raw fetch it is compared with, in a palindrome (A B B A), and the
// order is rotated every round, so noise from other work on the machine hits all alike. Ratios are computed within each round (an SDK against the raw fetch of the same
// requests to the same server), then the median and quartiles over rounds are taken.
//
// Throughput: 32 concurrent callers, refundkit against raw fetch of the same requests
// (Payroc: GET + POST; J.P. Morgan: one POST), in the same palindrome, rotated by round.
//
// Before every round the sandbox is reset (no payment's refund list grows, which would make
// later answers longer), the clients and raw tokens are made again, and every contender
// makes a few untimed calls (tokens, sockets, JIT).
import { median, quartiles, rotate } from "./stats.mjs";
import { benchIds, makeContenders } from "./contenders.mjs";

export const PER_CALL = ["payroc.raw2", "payroc.raw1", "payroc.sdk", "jpmorgan.raw", "jpmorgan.sdk", "commercehub.raw", "commercehub.sdk",
  "stripe.raw", "stripe.node", "stripe.fetch"];
/** [numerator, denominator]: each SDK against raw fetch of the same requests. */
export const RATIOS = {
  "payroc.sdk/raw2": ["payroc.sdk", "payroc.raw2"],
  "payroc.sdk/raw1": ["payroc.sdk", "payroc.raw1"],
  "payroc.raw2/raw1": ["payroc.raw2", "payroc.raw1"],
  "jpmorgan.sdk/raw": ["jpmorgan.sdk", "jpmorgan.raw"],
  "commercehub.sdk/raw": ["commercehub.sdk", "commercehub.raw"],
  "stripe.node/raw": ["stripe.node", "stripe.raw"],
  "stripe.fetch/raw": ["stripe.fetch", "stripe.raw"],
};
const GROUPS = [["payroc.raw2", "payroc.raw1", "payroc.sdk"], ["jpmorgan.raw", "jpmorgan.sdk"], ["commercehub.raw", "commercehub.sdk"], ["stripe.raw", "stripe.node", "stripe.fetch"]];
const THROUGHPUT = [["payroc.sdk", "payroc.raw2"], ["jpmorgan.sdk", "jpmorgan.raw"]];

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

const summary = (xs) => ({ median: median(xs), q: quartiles(xs), n: xs.length });

export async function callBenchmarks(sbx, stripe, { calls = 4000, rounds = 40, throughputCalls = 1000, throughputRounds = 6, callers = 32, log = () => {} } = {}) {
  const rk = await import("refundkit");
  const { default: Stripe } = await import("stripe");
  const seed = await sbx.seed();
  const c = await makeContenders(rk, Stripe, { payroc: sbx.payroc, jpmorgan: sbx.jpmorgan, commercehub: sbx.commercehub, fetch: globalThis.fetch, seed, ids: benchIds(seed), stripe });
  const warm = async (names) => {
    await sbx.reset();
    await c.reconnect();
    for (const name of names) for (let i = 0; i < 8; i++) await c[name]();
  };

  const perCall = Object.fromEntries(PER_CALL.map((n) => [n, []]));
  const ratios = Object.fromEntries(Object.keys(RATIOS).map((k) => [k, []]));
  const perRound = 2 * Math.ceil(calls / rounds / 2);
  for (let r = 0; r < rounds; r++) {
    await warm(PER_CALL);
    const got = {};
    // Each group (an SDK and the raw fetch it is compared with) runs back to back in a
    // palindrome, A B C C B A, half the calls each time: drift in the machine's load over
    // the group's few hundred milliseconds cancels out of the ratio.
    for (const group of rotate(GROUPS, r)) {
      const order = rotate(group, r);
      const half = {};
      for (const name of [...order, ...[...order].reverse()]) (half[name] ??= []).push(await timeSequential(c[name], perRound / 2));
      for (const name of group) got[name] = (half[name][0] + half[name][1]) / 2;
    }
    for (const name of PER_CALL) perCall[name].push(got[name]);
    for (const [k, [a, b]] of Object.entries(RATIOS)) ratios[k].push(got[a] / got[b]);
    log(`per call round ${r + 1}/${rounds}: payroc ${(got["payroc.sdk"] / got["payroc.raw2"]).toFixed(2)}× jpm ${(got["jpmorgan.sdk"] / got["jpmorgan.raw"]).toFixed(2)}× ch ${(got["commercehub.sdk"] / got["commercehub.raw"]).toFixed(2)}× stripe.fetch ${(got["stripe.fetch"] / got["stripe.raw"]).toFixed(2)}×`);
  }

  const tput = {}, tputRatio = {};
  for (const [sdk, raw] of THROUGHPUT) {
    tput[sdk] = [];
    tput[raw] = [];
    tputRatio[`${sdk}/${raw}`] = [];
  }
  for (let r = 0; r < throughputRounds; r++) {
    for (const [sdk, raw] of THROUGHPUT) {
      await warm([sdk, raw]);
      const got = {};
      const order = rotate([sdk, raw], r);
      const half = {};
      for (const name of [...order, ...[...order].reverse()]) (half[name] ??= []).push(await timeConcurrent(c[name], throughputCalls / 2, callers));
      for (const name of order) got[name] = (half[name][0] + half[name][1]) / 2;
      tput[sdk].push(got[sdk]);
      tput[raw].push(got[raw]);
      tputRatio[`${sdk}/${raw}`].push(got[sdk] / got[raw]);
    }
    log(`throughput round ${r + 1}/${throughputRounds}`);
  }
  await sbx.reset();

  return {
    perCall: {
      callsEach: perRound * rounds, rounds,
      us: Object.fromEntries(Object.entries(perCall).map(([k, v]) => [k, summary(v)])),
      ratios: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, summary(v)])),
    },
    throughput: {
      callers, callsEach: throughputCalls * throughputRounds, rounds: throughputRounds,
      perSec: Object.fromEntries(Object.entries(tput).map(([k, v]) => [k, summary(v)])),
      ratios: Object.fromEntries(Object.entries(tputRatio).map(([k, v]) => [k, summary(v)])),
    },
  };
}
