// The soak's pass conditions, computed from the two runs' outcomes and the sandbox ledger,
// and the summary table.
//
// Per intent (its key; for Commerce Hub's reverseOrRefund also the key its refund is sent
// under): at most one ledger entry, so no double refund, no double reversal and never a
// reversal and a refund; every ledger entry belongs to an intent; no payment gives back more
// than it took; every answer is a result or a typed RefundError carrying the intent's key; a
// result names the ledger's own entry (id, kind, amount); every unknown outcome resolved by
// syncRefund matches the ledger (made: that entry; not made: no entry); the second run makes
// nothing new except for intents run 1 left with a retryable error and nothing made.

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const inc = (o, k, n = 1) => (o[k] = (o[k] ?? 0) + n);

/** How one outcome ended, and whether it is acceptable. */
export function classify(outcome, intent, RefundError) {
  if (outcome?.result) {
    const r = outcome.result;
    const keyed = intent.keys.includes(r.idempotencyKey);
    const unknown = r.status === "pending" && r.refundId == null;
    return { kind: unknown ? "unclear" : r.status === "succeeded" ? r.kind : `${r.kind}:${r.status}`, final: r.status === "succeeded",
      typed: true, keyed, key: r.idempotencyKey, refundId: r.refundId, resultKind: r.kind, amount: r.amount?.minor };
  }
  const e = outcome?.error;
  const typed = e instanceof RefundError && typeof e.code === "string";
  return { kind: !typed ? "untyped" : e.code === "outcome_unknown" ? "outcome_unknown" : `error:${e.code}`, typed,
    keyed: typed && intent.keys.includes(e.idempotencyKey), key: e?.idempotencyKey, retryable: typed && e.retryable === true,
    message: String(e?.message ?? e).slice(0, 200) };
}

const syncWord = (s) => (!s ? null : s.made ? "made" : s.made === false ? "not made" : s.unclear ? "unclear" : `failed:${s.failed}`);

export function check({ intents, seed, run1, run2, ledger0 = [], ledger1, ledger2, RefundError }) {
  const byKey = new Map();
  for (const it of intents) for (const k of it.keys) byKey.set(k, it);
  const entriesOf = (ledger) => {
    const m = new Map();
    for (const e of ledger) {
      const it = byKey.get(e.idempotencyKey);
      if (it) (m.get(it.id) ?? m.set(it.id, []).get(it.id)).push(e);
    }
    return m;
  };
  const byId = (id) => intents.find((it) => it.id === id);
  const after0 = entriesOf(ledger0); // what earlier (killed) runs made, before run 1
  const after1 = entriesOf(ledger1);
  const after2 = entriesOf(ledger2);
  const strangers = ledger2.filter((e) => !byKey.has(e.idempotencyKey));

  // More than one money movement for one intent.
  const doubles = [];
  for (const it of intents) {
    const es = after2.get(it.id) ?? [];
    if (es.length > 1) doubles.push({ intent: it.id, kinds: es.map((e) => e.kind).sort().join("+"), entries: es.map((e) => `${e.kind} ${e.refundId} ${e.amount}`) });
  }
  const doubleKinds = {};
  for (const d of doubles) inc(doubleKinds, d.kinds);
  const doubleFindings = {};
  for (const d of doubles) inc(doubleFindings, `more than one money movement (${d.kinds}): ${byId(d.intent).provider} ${byId(d.intent).op}`);

  // Over-refunds: per payment, what the ledger gave back (refunds and reversals) against its seeded amount.
  const amounts = new Map();
  for (const p of [...seed.payroc.payments, ...seed.jpmorgan.payments, ...seed.commercehub.charges]) amounts.set(p.id, p.amount);
  const given = new Map();
  for (const e of ledger2) if (e.reference) given.set(e.reference, (given.get(e.reference) ?? 0) + e.amount);
  const overRefunds = [...given].filter(([ref, total]) => total > (amounts.get(ref) ?? Infinity)).map(([ref, total]) => ({ ref, total, amount: amounts.get(ref) }));

  const problems = [];
  const mismatches = [];
  const findings = {};
  const note = (what, intent, run) => inc(findings, `${what}: ${intent.provider} ${intent.op}${run ? ` (run ${run})` : ""}`);
  const rows = {};
  const unknowns = { run1: {}, run2: {} };
  let newInRun2 = 0, completedOnRerun = 0, unkeyed = 0, untyped = 0;
  const rerunAfter = {}, refusedRerun = {};
  intents.forEach((intent, i) => {
    const a = classify(run1[i], intent, RefundError);
    const b = classify(run2[i], intent, RefundError);
    const row = (rows[intent.label] ??= { intents: 0, run1: {}, run2: {}, ledger: {}, sync: {} });
    row.intents++;
    inc(row.run1, a.kind);
    inc(row.run2, b.kind);
    for (const e of after2.get(intent.id) ?? []) inc(row.ledger, e.kind);
    for (const [run, o, outcome, entries] of [[1, a, run1[i], after1.get(intent.id) ?? []], [2, b, run2[i], after2.get(intent.id) ?? []]]) {
      if (!o.typed) {
        untyped++;
        note("untyped failure", intent, run);
        problems.push(`${intent.id} run ${run}: untyped failure: ${o.message}`);
      } else if (!o.keyed && !(o.kind === "error:validation" && o.key == null)) {
        unkeyed++;
        note(o.key == null ? "answer without its idempotencyKey" : "answer with another idempotencyKey than the one sent", intent, run);
        problems.push(`${intent.id} run ${run}: ${o.kind} carries idempotencyKey ${o.key}, not the key it was sent with (${intent.keys.join(" or ")})`);
      }
      // A final result names the ledger's entry: its id, kind and amount.
      if (o.final && o.refundId) {
        const e = entries.find((x) => x.refundId === o.refundId);
        if (!e) note("answer naming an entry the ledger does not have", intent, run);
        else if (e.kind !== o.resultKind || (o.amount != null && e.amount !== o.amount)) note("answer whose kind or amount differs from the ledger's", intent, run);
        if (!e) mismatches.push(`${intent.id} run ${run}: ${o.kind} ${o.refundId} is not in the ledger under its key (ledger: ${entries.map((x) => `${x.kind} ${x.refundId}`).join(", ") || "nothing"})`);
        else if (e.kind !== o.resultKind || (o.amount != null && e.amount !== o.amount)) {
          mismatches.push(`${intent.id} run ${run}: answered ${o.resultKind} of ${o.amount}, the ledger has ${e.kind} of ${e.amount}`);
        }
      }
      // An unknown outcome, resolved by syncRefund, against the ledger as that run left it.
      const s = outcome?.sync;
      if (s) {
        const word = syncWord(s);
        inc(unknowns[`run${run}`], word);
        inc(row.sync, word);
        if (s.made && !entries.some((x) => x.refundId === s.refundId)) {
          note("syncRefund says made, the ledger disagrees", intent, run);
          problems.push(`${intent.id} run ${run}: syncRefund says ${s.kind} ${s.refundId} was made; the ledger has ${entries.map((x) => `${x.kind} ${x.refundId}`).join(", ") || "nothing"} under its key`);
        }
        if (s.made === false && entries.length) {
          note("syncRefund says nothing was made, the ledger has it", intent, run);
          problems.push(`${intent.id} run ${run}: syncRefund says nothing was made; the ledger has ${entries.map((x) => `${x.kind} ${x.refundId}`).join(", ")} under its key`);
        }
        if (s.failed) note(`syncRefund failed (${s.failed})`, intent, run);
        if (s.failed) problems.push(`${intent.id} run ${run}: syncRefund failed: ${s.failed}: ${s.message}`);
      }
    }
    // The second run answers with the same refund or reversal when both name one.
    if (a.final && b.final && a.refundId && b.refundId && a.refundId !== b.refundId) {
      note("run 2 named another refund than run 1", intent);
      problems.push(`${intent.id}: run 2 answered ${b.kind} ${b.refundId}, run 1 ${a.kind} ${a.refundId}`);
    }
    const n0 = (after0.get(intent.id) ?? []).length;
    const n1 = (after1.get(intent.id) ?? []).length;
    const n2 = (after2.get(intent.id) ?? []).length;
    // An error other than outcome_unknown says the money did not move: it must not have, in that run.
    for (const [run, o, moved] of [[1, a, n1 > n0], [2, b, n2 > n1]]) {
      if (o.kind.startsWith("error:") && moved) note(`${o.kind} although money moved`, intent, run);
      if (o.kind.startsWith("error:") && moved) problems.push(`${intent.id} run ${run}: answered ${o.kind} (${o.message}) but money moved in that run`);
    }
    if (n2 > n1) {
      // Money moved in run 2: only for intents run 1 left with an error and nothing made
      // (anything else is a double, or an answer that disagreed with the ledger, counted above).
      if (run1[i]?.error && n1 === 0) {
        completedOnRerun++;
        inc(rerunAfter, a.kind);
      } else {
        newInRun2++;
        note("run 2 moved money after run 1 answered a result", intent);
      }
    }
    // A re-run of an intent that moved money in run 1 that answers a refusal instead of the original outcome.
    if (n1 > 0 && b.kind.startsWith("error:")) inc(refusedRerun, `${intent.op} ${b.kind}`);
  });

  const pass = doubles.length === 0 && overRefunds.length === 0 && strangers.length === 0 && problems.length === 0 && mismatches.length === 0 && newInRun2 === 0;
  Object.assign(findings, doubleFindings);
  if (strangers.length) findings["ledger entries with no intent's key"] = strangers.length;
  if (overRefunds.length) findings["payments given back more than they took"] = overRefunds.length;
  return { pass, findings, rows, doubles, doubleKinds, overRefunds, strangers, problems, mismatches, unknowns, newInRun2, completedOnRerun, rerunAfter, refusedRerun, unkeyed, untyped,
    ledger1: ledger1.length, ledger2: ledger2.length, givenTotal: sum(ledger2.map((e) => e.amount)),
    ledgerKinds: ledger2.reduce((o, e) => (inc(o, e.kind), o), {}) };
}

export const fmt = (counts) => Object.entries(counts ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(", ") || "-";
const ok = (good) => (good ? "ok" : "FAIL");

export function summarize(v, s) {
  const lines = [];
  lines.push(`| intent | n | run 1 outcomes | run 2 outcomes | ledger | unknown outcomes resolved by syncRefund (both runs) |`);
  lines.push(`|---|---|---|---|---|---|`);
  for (const [label, r] of Object.entries(v.rows).sort(([x], [y]) => x.localeCompare(y))) {
    lines.push(`| ${label} | ${r.intents} | ${fmt(r.run1)} | ${fmt(r.run2)} | ${fmt(r.ledger)} | ${fmt(r.sync)} |`);
  }
  lines.push("");
  lines.push(`| check | result | |`);
  lines.push(`|---|---|---|`);
  lines.push(`| money-moving attempts (run 1 / run 2) | ${s.attempts1} / ${s.attempts2} | |`);
  lines.push(`| faults injected (run 1 / run 2) | ${s.faults1} (${((100 * s.faults1) / Math.max(1, s.attempts1)).toFixed(1)}%) / ${s.faults2} (${((100 * s.faults2) / Math.max(1, s.attempts2)).toFixed(1)}%) | target ${s.faultRate * 100}% |`);
  lines.push(`| faults by kind (both runs) | ${fmt(s.faultsByKind)} | |`);
  lines.push(`| unknown outcomes resolved by syncRefund: run 1 / run 2 | ${fmt(v.unknowns.run1)} / ${fmt(v.unknowns.run2)} | |`);
  lines.push(`| ledger (after run 2) | ${v.ledger2} entries: ${fmt(v.ledgerKinds)}; ${v.givenTotal} minor units | |`);
  lines.push(`| intents with more than one money movement | ${v.doubles.length}${v.doubles.length ? ` (${fmt(v.doubleKinds)})` : ""} | ${ok(v.doubles.length === 0)} |`);
  lines.push(`| payments given back more than they took | ${v.overRefunds.length} | ${ok(v.overRefunds.length === 0)} |`);
  lines.push(`| ledger entries with no intent's key | ${v.strangers.length} | ${ok(v.strangers.length === 0)} |`);
  lines.push(`| answers that disagree with the ledger (id, kind, amount) | ${v.mismatches.length} | ${ok(v.mismatches.length === 0)} |`);
  lines.push(`| untyped / unkeyed answers, syncRefund disagreeing with the ledger, inconsistent reruns | ${v.problems.length} (untyped ${v.untyped}, unkeyed ${v.unkeyed}) | ${ok(v.problems.length === 0)} |`);
  lines.push(`| new money movements in run 2 | ${v.ledger2 - v.ledger1}, all for intents run 1 left with an error and nothing made (${fmt(v.rerunAfter)}) | ${ok(v.newInRun2 === 0)} |`);
  lines.push(`| run 2 re-runs of intents that moved money in run 1 answered by a refusal, not the original outcome (no money moved) | ${fmt(v.refusedRerun)} | |`);
  lines.push(`| intent duration run 1: median / p95 / max | ${s.durations1.map((x) => `${x.toFixed(0)} ms`).join(" / ")} | |`);
  lines.push(`| time (run 1 / run 2 / total) | ${s.run1Seconds.toFixed(1)} s / ${s.run2Seconds.toFixed(1)} s / ${s.totalSeconds.toFixed(1)} s | |`);
  if (s.crash) lines.push(...s.crash);
  lines.push("");
  lines.push(`settings: ${JSON.stringify(s.opts)}`);
  if (Object.keys(v.findings).length) {
    lines.push("");
    lines.push("| failures by kind | intents |");
    lines.push("|---|---|");
    for (const [k, n] of Object.entries(v.findings).sort(([x], [y]) => x.localeCompare(y))) lines.push(`| ${k} | ${n} |`);
    lines.push("");
  }
  for (const p of v.problems.slice(0, 20)) lines.push(`problem: ${p}`);
  for (const m of v.mismatches.slice(0, 20)) lines.push(`mismatch: ${m}`);
  for (const d of v.doubles.slice(0, 20)) lines.push(`double: ${JSON.stringify(d)}`);
  for (const o of v.overRefunds.slice(0, 20)) lines.push(`over-refund: ${JSON.stringify(o)}`);
  for (const e of v.strangers.slice(0, 10)) lines.push(`stranger: ${JSON.stringify(e)}`);
  return lines.join("\n");
}
