// The soak's faults: on every route that moves money (refunds, reversals, voids, cancels),
// each of the six kinds fires on 5% of attempts, 30% in all. Rules are checked in order and
// the first that fires applies, so rule k's probability is 0.05 / (1 - 0.05·k), which makes
// each kind's share exactly 5%. Reads (Payroc's GET of the payment, J.P. Morgan's GET, the
// Commerce Hub inquiry, every syncRefund) are not faulted: they are how outcomes are found.
export const FAULT_RATE = 0.3;

export const MONEY_ROUTES = [
  ["POST", "/payroc/v1/payments/*/refund"],
  ["POST", "/payroc/v1/payments/*/reverse"],
  ["POST", "/jpmorgan/api/v2/refunds"],
  ["PATCH", "/jpmorgan/api/v2/payments/*"],
  ["POST", "/commercehub/ch/payments/v1/refunds"],
  ["POST", "/commercehub/ch/payments/v1/charges/*/refund"],
  ["POST", "/commercehub/ch/payments/v1/cancels"],
];

/** Whether a stats route (`METHOD /template`) is one of the money routes. */
export const isMoneyRoute = (route) =>
  /^POST .*\/(refund|refunds|reverse|cancels)$/.test(route) || /^PATCH \/jpmorgan\/api\/v2\/payments\//.test(route);

/** How long a delayed attempt is held: longer than the client's per-attempt timeout, so the
 *  client gives up and retries while the first attempt is still on its way to being committed. */
export const delayMsFor = (timeoutMs) => timeoutMs * 3;

export async function installFaults(sbx, { faultSeed, timeoutMs, rate = FAULT_RATE }) {
  const kinds = [
    { kind: "drop_after_commit" },
    { kind: "unreadable_after_commit" },
    { kind: "fail_before_commit", status: 503 },
    { kind: "rate_limit", retryAfter: 1 },
    { kind: "delay", delayMs: delayMsFor(timeoutMs) },
    { kind: "reset" },
  ];
  const share = rate / kinds.length;
  let n = 0;
  for (const [method, path] of MONEY_ROUTES) {
    for (const [k, spec] of kinds.entries()) {
      await sbx.setFault({ method, path, ...spec, probability: share / (1 - share * k), seed: faultSeed * 100 + n++ });
    }
  }
}
