// The soak's pass conditions, computed from the two runs' outcomes and the sandbox ledger,
// and the summary table.

const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** How one outcome ended: "refund", "declined"/other status, or an error code; `typed` and `keyed` say whether it is acceptable. */
function classify(outcome, intent, RefundError) {
  if (outcome?.result) {
    const r = outcome.result;
    const keyed = r.idempotencyKey === intent.key;
    return { kind: r.status === "succeeded" ? "refund" : r.status, typed: true, keyed, refundId: r.refundId };
  }
  const e = outcome?.error;
  const typed = e instanceof RefundError && typeof e.code === "string";
  return { kind: typed ? `error:${e.code}` : "untyped", typed, keyed: typed && e.idempotencyKey === intent.key,
    retryable: typed && e.retryable === true, message: String(e?.message ?? e).slice(0, 160) };
}

export function check({ intents, seed, run1, run2, ledger1, ledger2, RefundError }) {
  const byKey = new Map(intents.map((it) => [it.key, it]));
  const perKey = new Map();
  for (const e of ledger2) perKey.set(e.idempotencyKey, (perKey.get(e.idempotencyKey) ?? 0) + 1);
  const keys1 = new Set(ledger1.map((e) => e.idempotencyKey));

  const doubles = [...perKey].filter(([, n]) => n > 1).map(([key, n]) => ({ key, intent: byKey.get(key)?.id, entries: n }));
  const strangers = ledger2.filter((e) => !byKey.has(e.idempotencyKey));

  // Over-refunds: per payment, what the ledger says was refunded against its seeded amount.
  const amounts = new Map();
  for (const p of [...seed.payroc.payments, ...seed.jpmorgan.payments, ...seed.commercehub.charges]) amounts.set(p.id, p.amount);
  const refunded = new Map();
  for (const e of ledger2) if (e.reference) refunded.set(e.reference, (refunded.get(e.reference) ?? 0) + e.amount);
  const overRefunds = [...refunded].filter(([ref, total]) => total > (amounts.get(ref) ?? Infinity)).map(([ref, total]) => ({ ref, total, amount: amounts.get(ref) }));

  const problems = [];
  const rows = {};
  let newInRun2 = 0, completedOnRerun = 0;
  intents.forEach((intent, i) => {
    const a = classify(run1[i], intent, RefundError);
    const b = classify(run2[i], intent, RefundError);
    const row = (rows[intent.provider] ??= { intents: 0, run1: {}, run2: {}, ledger: 0, sameRefund: 0 });
    row.intents++;
    row.run1[a.kind] = (row.run1[a.kind] ?? 0) + 1;
    row.run2[b.kind] = (row.run2[b.kind] ?? 0) + 1;
    row.ledger += perKey.get(intent.key) ?? 0;
    for (const [run, o] of [[1, a], [2, b]]) {
      if (!o.typed) problems.push(`${intent.id} run ${run}: untyped failure: ${o.message}`);
      else if (!o.keyed) problems.push(`${intent.id} run ${run}: ${o.kind} without its idempotency key`);
    }
    // A refund the SDK reports must be in the ledger, and the second run must answer with the same one.
    if (a.kind === "refund" && !perKey.get(intent.key)) problems.push(`${intent.id}: run 1 reported a refund the ledger does not have`);
    if (a.kind === "refund" && b.kind === "refund") {
      if (a.refundId === b.refundId) row.sameRefund++;
      else problems.push(`${intent.id}: run 2 answered refund ${b.refundId}, run 1 ${a.refundId}`);
    }
    if (perKey.get(intent.key) && !keys1.has(intent.key)) {
      // Money moved in run 2. Allowed only when run 1 ended in a retryable error with nothing
      // committed: re-running exactly that intent is what the stable key is for.
      if (a.retryable) completedOnRerun++;
      else {
        newInRun2++;
        problems.push(`${intent.id}: run 2 created a refund after run 1 ended as ${a.kind}`);
      }
    }
  });

  const pass = doubles.length === 0 && overRefunds.length === 0 && strangers.length === 0 && problems.length === 0 && newInRun2 === 0;
  return { pass, rows, doubles, overRefunds, strangers, problems, newInRun2, completedOnRerun,
    ledger1: ledger1.length, ledger2: ledger2.length, refundedTotal: sum(ledger2.map((e) => e.amount)) };
}

const fmt = (counts) => Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(", ");

export function summarize(v, s) {
  const lines = [];
  lines.push(`| provider | intents | run 1 outcomes | run 2 outcomes | ledger entries | run 2 = same refund |`);
  lines.push(`|---|---|---|---|---|---|`);
  for (const [p, r] of Object.entries(v.rows)) lines.push(`| ${p} | ${r.intents} | ${fmt(r.run1)} | ${fmt(r.run2)} | ${r.ledger} | ${r.sameRefund} |`);
  const check = (ok) => (ok ? "ok" : "FAIL");
  lines.push("");
  lines.push(`| check | result | |`);
  lines.push(`|---|---|---|`);
  lines.push(`| refund attempts (run 1 / run 2) | ${s.attempts1} / ${s.attempts2} | |`);
  lines.push(`| faults injected (run 1 / run 2) | ${s.faults1} (${((100 * s.faults1) / Math.max(1, s.attempts1)).toFixed(1)}%) / ${s.faults2} (${((100 * s.faults2) / Math.max(1, s.attempts2)).toFixed(1)}%) | target ${s.faultRate * 100}% |`);
  lines.push(`| faults by kind (both runs) | ${fmt(s.faultsByKind)} | |`);
  lines.push(`| double refunds (ledger entries per key > 1) | ${v.doubles.length} | ${check(v.doubles.length === 0)} |`);
  lines.push(`| over-refunded payments | ${v.overRefunds.length} | ${check(v.overRefunds.length === 0)} |`);
  lines.push(`| ledger entries with no intent's key | ${v.strangers.length} | ${check(v.strangers.length === 0)} |`);
  lines.push(`| untyped or unkeyed outcomes, inconsistent answers | ${v.problems.length} | ${check(v.problems.length === 0)} |`);
  lines.push(`| new refunds in run 2 | ${v.ledger2 - v.ledger1} (${v.completedOnRerun} completed intents run 1 left with a retryable error and nothing committed) | ${check(v.newInRun2 === 0)} |`);
  lines.push(`| intent duration run 1: median / p95 / max | ${s.durations1.map((x) => `${x.toFixed(0)} ms`).join(" / ")} | |`);
  lines.push(`| time (run 1 / run 2 / total) | ${s.run1Seconds.toFixed(1)} s / ${s.run2Seconds.toFixed(1)} s / ${s.totalSeconds.toFixed(1)} s | |`);
  lines.push("");
  lines.push(`settings: ${JSON.stringify(s.opts)}`);
  for (const p of v.problems.slice(0, 20)) lines.push(`problem: ${p}`);
  for (const d of v.doubles.slice(0, 20)) lines.push(`double refund: ${JSON.stringify(d)}`);
  for (const o of v.overRefunds.slice(0, 20)) lines.push(`over-refund: ${JSON.stringify(o)}`);
  lines.push(v.pass ? "soak: PASS" : "soak: FAIL");
  return lines.join("\n");
}
