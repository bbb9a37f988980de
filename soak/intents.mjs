// The soak's intents: deterministic (same list every run, every process), spread over the
// seeded soak payments of all three providers. 70% go to settled payments (refund, or
// reverseOrRefund, which must refund them); 30% to unsettled ones (Payroc open batch, J.P.
// Morgan authorization not captured, Commerce Hub before its cut time) as reverse,
// reverseOrRefund (which must reverse them) or a plain refund (Payroc's gateway reverses it,
// Commerce Hub refunds it). Amounts ask for about 120% of each payment in total, and one
// intent in sixteen leaves the amount out ("the rest", "all of it"), so over-refund and
// over-reversal protection are exercised as well as retries.
const rng = (seed) => () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

// Sandbox test amounts that decline, refer or stay pending on purpose; never asked for.
const SPECIAL = new Set([4901, 4902, 4903]);
/** Commerce Hub sends reverseOrRefund's refund under a key derived from the call's (src/providers/commercehub/flows.rs). */
export const CH_REFUND_NAMESPACE = "commercehub/reverseOrRefund/refund";

export const PROVIDERS = ["payroc", "jpmorgan", "commercehub"];

export function pools(seed) {
  const list = (p) => seed[p].payments ?? seed[p].charges;
  const p = {
    settled: {
      payroc: list("payroc").filter((x) => x.id.startsWith("SK")),
      jpmorgan: list("jpmorgan").filter((x) => x.id.startsWith("50a4e000-")),
      commercehub: list("commercehub").filter((x) => x.id.length === 11 && x.id.startsWith("90")),
    },
    unsettled: {
      payroc: list("payroc").filter((x) => x.id.startsWith("SO")),
      jpmorgan: list("jpmorgan").filter((x) => x.id.startsWith("50a4e001-")),
      commercehub: list("commercehub").filter((x) => x.id.length === 11 && x.id.startsWith("91")),
    },
  };
  for (const [cls, byProvider] of Object.entries(p)) {
    for (const [provider, pool] of Object.entries(byProvider)) {
      if (!pool.length) throw new Error(`soak: no ${cls} ${provider} soak payments; start the sandbox with soak/seed.json (node soak/make-seed.mjs)`);
    }
  }
  return p;
}

/**
 * `count` intents; `namespace` keeps the keys of separate phases (the crash test) apart.
 * `only` = { settled: n, unsettled: n } uses only the first n payments of each pool.
 */
export function buildIntents(seed, count, idempotencyKeyFor, { namespace = "", only, prefix = "soak-intent" } = {}) {
  const all = pools(seed);
  const random = rng(20240702);
  // How many intents each (class, provider) gets, to size its pool: about 8 per payment.
  const perProvider = Math.ceil(count / PROVIDERS.length);
  const classOf = (j) => (j % 10 < 3 ? "unsettled" : "settled");
  const sizes = { settled: 0, unsettled: 0 };
  for (let j = 0; j < perProvider; j++) sizes[classOf(j)]++;
  const used = {};
  for (const cls of ["settled", "unsettled"]) {
    used[cls] = {};
    for (const p of PROVIDERS) {
      const pool = all[cls][p].slice(0, only?.[cls] ?? Infinity);
      used[cls][p] = pool.slice(0, Math.max(1, Math.min(pool.length, Math.ceil(sizes[cls] / 8))));
    }
  }
  const seen = {};
  const intents = [];
  for (let i = 0; i < count; i++) {
    const provider = PROVIDERS[i % PROVIDERS.length];
    const j = Math.floor(i / PROVIDERS.length);
    const cls = classOf(j);
    const pool = used[cls][provider];
    const c = (seen[cls + provider] = (seen[cls + provider] ?? -1) + 1);
    const payment = pool[c % pool.length];
    const perPayment = Math.max(1, Math.ceil(sizes[cls] / pool.length));
    const r = random();
    let op;
    if (cls === "settled") op = r < 0.8 ? "refund" : "reverseOrRefund";
    else if (provider === "jpmorgan") op = r < 0.5 ? "reverse" : "reverseOrRefund"; // a refund of an uncaptured authorization is refused
    else op = r < 0.4 ? "reverse" : r < 0.8 ? "reverseOrRefund" : "refund";
    const whole = random() < 1 / 16;
    let amount = whole ? null : Math.max(1, Math.round(((1.2 * payment.amount) / perPayment) * (0.5 + random())));
    if (SPECIAL.has(amount)) amount += 3;
    const id = `${prefix}-${i}`;
    const key = idempotencyKeyFor(id, namespace);
    // Commerce Hub refunds alternate between its two forms.
    const form = provider === "commercehub" && op === "refund" && c % 2 ? "uri" : "tagged";
    const keys = [key];
    if (provider === "commercehub" && op === "reverseOrRefund") keys.push(idempotencyKeyFor(key, CH_REFUND_NAMESPACE));
    intents.push({ id, key, keys, provider, op, cls, reference: payment.id, amount, form, label: `${provider} ${op} (${cls})` });
  }
  return intents;
}

/** Sends one intent with its key. */
export function call(intent, client, rk, extra = {}) {
  const { provider, op, reference, form } = intent;
  const withAmount = intent.amount == null ? {} : { amount: rk.Money.fromMinor(intent.amount, "USD") };
  const opts = { idempotencyKey: intent.key, ...extra };
  switch (provider) {
    case "payroc":
      return client[op]({ paymentId: reference, ...withAmount, ...(op === "reverse" ? {} : { description: "soak" }) }, opts);
    case "jpmorgan":
      return client[op]({ transactionId: reference, ...withAmount }, opts);
    default:
      return form === "uri" ? client.refundCharge(reference, withAmount, opts) : client[op]({ referenceTransactionId: reference, ...withAmount }, opts);
  }
}
