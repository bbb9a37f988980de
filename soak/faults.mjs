// The soak's faults: on every provider's refund route, each of the five kinds fires on 6%
// of attempts, 30% in all. Rules are checked in order and the first that fires applies, so
// rule k's probability is 0.06 / (1 - 0.06·k), which makes each kind's share exactly 6%.
export const FAULT_RATE = 0.3;

const ROUTES = [
  ["POST", "/payroc/v1/payments/*/refund"],
  ["POST", "/jpmorgan/api/v2/refunds"],
  ["POST", "/commercehub/ch/payments/v1/refunds"],
  ["POST", "/commercehub/ch/payments/v1/charges/*/refund"],
];

export async function installFaults(sbx, { faultSeed, timeoutMs }) {
  const kinds = [
    { kind: "drop_after_commit" },
    { kind: "fail_before_commit", status: 503 },
    { kind: "rate_limit", retryAfter: 1 },
    // Longer than the client's per-attempt timeout: the client gives up and retries while
    // the first attempt is still on its way to being committed.
    { kind: "delay", delayMs: timeoutMs * 3 },
    { kind: "reset" },
  ];
  const share = FAULT_RATE / kinds.length;
  let n = 0;
  for (const [method, path] of ROUTES) {
    for (const [k, spec] of kinds.entries()) {
      await sbx.setFault({ method, path, ...spec, probability: share / (1 - share * k), seed: faultSeed * 100 + n++ });
    }
  }
}
