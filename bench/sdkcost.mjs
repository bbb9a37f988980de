// Part 3: an SDK's own CPU per refund with the network taken out (bench/canned.mjs: recorded
// answers served from memory through the `fetch` option). Every contender runs the same
// way: refundkit per provider, stripe-node with its fetch client (the only one that takes
// a fetch), and the raw-fetch versions of the same requests. Interleaved rounds, rotated;
// the SDK's own cost is its time minus the raw version's in the same round (what the SDK
// adds over building and reading the same requests by hand), median over rounds.
import { median, quartiles, rotate } from "./stats.mjs";
import { cannedContenders } from "./canned.mjs";

export const CPU = ["payroc.sdk", "payroc.raw2", "jpmorgan.sdk", "jpmorgan.raw", "commercehub.sdk", "commercehub.raw", "stripe.fetch", "stripe.raw", "canned.fetch"];
export const CPU_PAIRS = { payroc: ["payroc.sdk", "payroc.raw2"], jpmorgan: ["jpmorgan.sdk", "jpmorgan.raw"], commercehub: ["commercehub.sdk", "commercehub.raw"], stripe: ["stripe.fetch", "stripe.raw"] };

export async function sdkOnlyCost(recorded, { calls = 2000, rounds = 9 } = {}) {
  const c = await cannedContenders(recorded);
  const time = async (fn, n) => {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    return ((performance.now() - t0) * 1000) / n;
  };
  for (const name of CPU) await time(c[name], 500);
  const us = Object.fromEntries(CPU.map((n) => [n, []]));
  const added = Object.fromEntries(Object.keys(CPU_PAIRS).map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    const got = {};
    for (const name of rotate(CPU, r)) got[name] = await time(c[name], calls);
    for (const name of CPU) us[name].push(got[name]);
    for (const [k, [a, b]] of Object.entries(CPU_PAIRS)) added[k].push(got[a] - got[b]);
  }
  const s = (xs) => ({ median: median(xs), q: quartiles(xs) });
  return {
    calls, rounds,
    us: Object.fromEntries(Object.entries(us).map(([k, v]) => [k, s(v)])),
    added: Object.fromEntries(Object.entries(added).map(([k, v]) => [k, s(v)])),
  };
}
