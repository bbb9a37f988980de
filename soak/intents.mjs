// The soak's refund intents: deterministic (same list every run), spread over the seeded
// soak payments of all three providers, with amounts that ask for about 120% of each
// payment in total, so over-refund protection is exercised as well as retries.
const rng = (seed) => () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

// Sandbox test amounts that decline on purpose; a soak intent never asks for them.
const DECLINING = new Set([4901, 4902]);

export function buildIntents(seed, count, idempotencyKeyFor) {
  const pools = {
    payroc: seed.payroc.payments.filter((p) => p.id.startsWith("SK")),
    jpmorgan: seed.jpmorgan.payments.filter((p) => p.id.startsWith("50a4e000-")),
    commercehub: seed.commercehub.charges.filter((c) => c.id.length === 11 && c.id.startsWith("9")),
  };
  for (const [p, pool] of Object.entries(pools)) if (!pool.length) throw new Error(`soak: no ${p} soak payments; start the sandbox with soak/seed.json`);
  const providers = Object.keys(pools);
  // About 8 intents per payment (more when the pools run out), so that over-refund
  // protection is exercised at every size.
  const used = (pool) => pool.slice(0, Math.max(1, Math.min(pool.length, Math.ceil(count / providers.length / 8))));
  for (const p of providers) pools[p] = used(pools[p]);
  const random = rng(20240702);
  const intents = [];
  for (let i = 0; i < count; i++) {
    const provider = providers[i % providers.length];
    const pool = pools[provider];
    const payment = pool[Math.floor(i / providers.length) % pool.length];
    const perPayment = Math.max(1, Math.ceil(count / providers.length / pool.length));
    let amount = Math.max(1, Math.round(((1.2 * payment.amount) / perPayment) * (0.5 + random())));
    if (DECLINING.has(amount)) amount += 2;
    const id = `soak-intent-${i}`;
    const key = idempotencyKeyFor(id);
    // Commerce Hub intents alternate between its two refund forms.
    const form = provider === "commercehub" && i % 2 ? "uri" : "tagged";
    intents.push({ id, key, provider, reference: payment.id, amount, form, call: makeCall(provider, form, payment.id, amount, key) });
  }
  return intents;
}

function makeCall(provider, form, reference, minor, idempotencyKey) {
  return (client, rk) => {
    const amount = rk.Money.fromMinor(minor, "USD");
    const opts = { idempotencyKey };
    switch (provider) {
      case "payroc":
        return client.refund({ paymentId: reference, amount, description: "soak" }, opts);
      case "jpmorgan":
        return client.refund({ transactionId: reference, amount }, opts);
      default:
        return form === "uri"
          ? client.refundCharge(reference, { amount }, opts)
          : client.refund({ referenceTransactionId: reference, amount }, opts);
    }
  };
}
