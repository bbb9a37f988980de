// client.refundMany(rows, options) (docs/BULK.md): many refunds at a steady pace, each row's
// outcome as it ends, and nothing paid twice across crashes and re-runs.
//
// Money safety, in the order it is applied to every row:
// - its idempotency key comes from the batch and row ids (the core's bulkPlan), so a re-run
//   sends the same key; a row whose request changed since the batch was planned is refused;
// - the journal records `sent` (with the key and what a lookup needs) before the request
//   leaves, and the outcome after; a row that may have been sent is looked up (syncRefund)
//   before it is sent again, and sent again only when the provider says nothing was made;
// - an outcome that cannot be known stays `unknown` (never `failed`) and is looked up by the
//   next run; caps are reserved in the journal before each send.
//
// This file runs in every runtime the package does (no Node imports); journals that survive
// a crash are Node-only (refundkit/journal).
import { MemoryJournal } from "./journal-memory.mjs";

const FUNCTION = () => {};
const FINAL = new Set(["succeeded", "declined", "failed", "canceled"]);
/** How long a lookup that cannot tell yet (J.P. Morgan's processing window) is repeated. */
const UNRESOLVED_WAIT_MS = 120_000;
/** Tries of one row's request that were refused before it reached the provider. */
const MAX_NOT_SENT_TRIES = 5;
/** Lookups that failed (after the client's own retries) before a row is left unknown. */
const LOOKUP_TRIES = 3;
/** Sends of one row the provider answered 429/425 to, before the row is left for a re-run. */
const MAX_RATE_LIMITED = 20;
/** Errors about the client's own setup: every row would meet them, so the batch stops. */
const SETUP = new Set(["authentication", "configuration", "browser_secret"]);
const COUNTS = ["succeeded", "pending", "declined", "failed", "canceled", "unknown", "skipped", "planned"];

/**
 * Runs `rows` (refund inputs, each with its `rowId`; or `{ line, record }` CSV records with
 * `format: "csv"`). Answers a BulkRun: iterate it for each row's outcome as it ends, await it
 * for the summary (or both: iterate first), `stop()` it to take no new rows.
 */
export function refundMany(client, rows, options, bulk) {
  const { core, toError } = bulk;
  const o = options ?? {};
  const journal = o.journal;
  const isJournal = journal != null && ["plan", "claim", "send", "record", "unclaim"].every((m) => typeof journal[m] === "function");
  const text = encodeOptions(bulk, o, isJournal);
  const checked = JSON.parse(text === undefined ? core.unreadable("options") : core.bulkOptions(text));
  if (checked.error) throw toError(checked.error);
  const opts = checked.value;
  // A list is checked at once (a bad batch throws here); a stream when the run reads it.
  const isList = rows != null && typeof rows !== "string" && typeof rows[Symbol.iterator] === "function";
  const plans = isList || rows?.[Symbol.asyncIterator] === undefined ? planRows(bulk, client, rows, opts) : null;
  return new BulkRun(async (emit, control) => {
    const list = plans ?? planRows(bulk, client, await collect(rows), opts);
    return run(bulk, client, list, opts, o, emit, control);
  });
}

async function collect(rows) {
  const list = [];
  for await (const row of rows) list.push(row);
  return list;
}

/** The options as the core reads them: a journal object crosses as a mark (its methods were checked here). */
function encodeOptions(bulk, o, isJournal) {
  if (typeof o !== "object" || Array.isArray(o)) return bulk.encode(o);
  return bulk.encode(isJournal ? { ...o, journal: FUNCTION } : o);
}

function validationError(bulk, message, issues) {
  return bulk.toError({ code: "validation", message, retryable: false, issues });
}

/** Every row made ready (or refused) before anything is sent; batch-level problems throw. */
function planRows(bulk, client, rows, opts) {
  const { core } = bulk;
  if (rows == null || typeof rows[Symbol.iterator] !== "function" || typeof rows === "string") {
    throw validationError(bulk, "Invalid request: rows must be a list of refund inputs, each with its rowId", [
      { path: "rows", code: "invalid_type", field: "Rows", message: "Rows must be a list of refund inputs, each with its rowId" },
    ]);
  }
  const list = Array.from(rows);
  const csv = opts.format === "csv";
  if (csv && list.length > 0) {
    const columns = Object.keys(list[0]?.record ?? {});
    const header = JSON.parse(core.csvHeader(client.provider, JSON.stringify(columns)));
    if (header.error) throw bulk.toError(header.error);
    if (header.issues.length > 0) {
      throw validationError(bulk, `Invalid file header: ${header.issues.map((i) => i.message).join("; ")}`, header.issues);
    }
  }
  const planned = [];
  const seen = new Map();
  const merchantIds = new Map();
  const duplicates = [];
  list.forEach((row, seq) => {
    const line = csv ? (Number.isSafeInteger(row?.line) ? row.line : seq + 2) : undefined;
    const text = bulk.encode(csv ? row?.record ?? null : row);
    const answer = text === undefined
      ? { issues: JSON.parse(core.unreadable("row")).error.issues }
      : JSON.parse(core.bulkPlan(client.provider, opts.batchId, text, csv, Date.now()));
    if (answer.error) throw bulk.toError(answer.error);
    const rowId = answer.plan?.rowId ?? answer.rowId ?? (csv ? null : typeof row?.rowId === "string" ? row.rowId : null);
    let issues = answer.issues ?? [];
    if (answer.plan && opts.maxTotal.length > 0 && !answer.plan.amount) {
      issues = [{ path: "amount", code: "required", field: "Amount", message: "Amount is required when maxTotal caps the batch: everything that is left cannot be checked against a cap" }];
    }
    const entry = { seq, line, rowId, plan: issues.length === 0 ? answer.plan : null, issues };
    if (entry.plan) {
      if (seen.has(rowId)) duplicates.push({ rowId, first: seen.get(rowId), again: entry });
      else seen.set(rowId, entry);
      const own = entry.plan.lookup.merchantTransactionId;
      if (own && merchantIds.has(own)) duplicates.push({ rowId, merchantTransactionId: own, first: merchantIds.get(own), again: entry });
      else if (own) merchantIds.set(own, entry);
    }
    planned.push(entry);
  });
  if (duplicates.length > 0) {
    const where = (e) => (e.line !== undefined ? `line ${e.line}` : `rows[${e.seq}]`);
    const issues = duplicates.map((d) => {
      const what = d.merchantTransactionId ? `merchant transaction id ${d.merchantTransactionId}` : `row id ${d.rowId}`;
      return { path: `rows[${d.again.seq}].${d.merchantTransactionId ? "merchantTransactionId" : "rowId"}`, code: "conflict", field: "Row ID",
        message: `${where(d.again)}: ${what} is also on ${where(d.first)}; each row needs its own (it is the row's idempotency key)` };
    });
    throw validationError(bulk, `Invalid batch: ${issues.map((i) => i.message).join("; ")}`, issues);
  }
  return planned;
}

/** The async iterable refundMany answers; also a thenable for the summary. */
class BulkRun {
  #start;
  #done = null;
  #queue = [];
  #waiting = null;
  #finished = false;
  #failure = null;
  #iterating = false;
  #control = { stopping: false, reason: null, stopListeners: new Set() };
  #progress = null;

  constructor(start) {
    this.#start = start;
  }

  #begin() {
    if (this.#done) return this.#done;
    const emit = (outcome, progress) => {
      this.#progress = progress;
      if (!this.#iterating) return;
      this.#queue.push(outcome);
      this.#wake();
    };
    this.#done = this.#start(emit, this.#control).then(
      (summary) => {
        this.#finished = true;
        this.#wake();
        return summary;
      },
      (e) => {
        this.#finished = true;
        this.#failure = e;
        this.#wake();
        throw e;
      },
    );
    this.#done.catch(() => {});
    return this.#done;
  }

  #wake() {
    const w = this.#waiting;
    this.#waiting = null;
    w?.();
  }

  /** Takes no new rows; rows in flight end as they would (docs/BULK.md, stopping). */
  stop() {
    stopRun(this.#control, "stopped");
  }

  /** The latest progress figures (the same object onProgress receives), or null before the first row. */
  get progress() {
    return this.#progress;
  }

  then(onFulfilled, onRejected) {
    return this.#begin().then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.#begin().catch(onRejected);
  }

  finally(onFinally) {
    return this.#begin().finally(onFinally);
  }

  [Symbol.asyncIterator]() {
    if (this.#done && !this.#iterating) throw new TypeError("refundMany: iterate the run before awaiting it (its outcomes are not kept)");
    this.#iterating = true;
    this.#begin();
    return {
      next: async () => {
        for (;;) {
          if (this.#queue.length > 0) return { value: this.#queue.shift(), done: false };
          if (this.#failure) throw this.#failure;
          if (this.#finished) return { value: undefined, done: true };
          await new Promise((resolve) => (this.#waiting = resolve));
        }
      },
      return: async () => {
        this.stop();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}

function stopRun(control, reason) {
  if (control.stopping) return;
  control.stopping = true;
  control.reason = reason;
  for (const fn of control.stopListeners) fn();
}

/** Waits `ms`; false when the run stopped (or the signal fired) first. */
function pause(ms, control, signal) {
  return new Promise((resolve) => {
    if (control.stopping || signal?.aborted) return resolve(false);
    const done = (ok) => {
      clearTimeout(timer);
      control.stopListeners.delete(onStop);
      resolve(ok);
    };
    const onStop = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    control.stopListeners.add(onStop);
  });
}

/**
 * Adaptive pacing: at most `window` rows in flight, the window halved and every new send held
 * back when the provider answers 429/425 (after the client's own retries), then widened again
 * one step per `window` rows that went through.
 */
class Pacer {
  constructor(max) {
    this.max = max;
    this.window = max;
    this.active = 0;
    this.pausedUntil = 0;
    this.pauses = 0;
    this.episodes = 0;
    this.lowest = max;
    this.streak = 0;
    this.waiters = [];
  }

  async acquire(control, signal) {
    for (;;) {
      if (control.stopping) return false;
      const wait = this.pausedUntil - Date.now();
      if (wait > 0) {
        if (!(await pause(wait, control, signal))) return false;
        continue;
      }
      if (this.active < this.window) {
        this.active++;
        return true;
      }
      await new Promise((resolve) => {
        this.waiters.push(resolve);
        control.stopListeners.add(resolve);
      });
    }
  }

  release() {
    this.active--;
    this.#wakeAll();
  }

  /**
   * The provider asked us to slow down (`retryAfterMs` when it said how long): the window is
   * halved once per episode (rows that were in flight together report the same one), and new
   * sends wait 1 s, doubling while episodes follow each other, up to 8 s.
   */
  slowDown(retryAfterMs) {
    const now = Date.now();
    const asked = Number.isSafeInteger(retryAfterMs) ? retryAfterMs : null;
    if (now < this.pausedUntil) {
      if (asked != null) this.pausedUntil = Math.max(this.pausedUntil, now + asked);
      return;
    }
    this.window = Math.max(1, Math.floor(this.window / 2));
    this.lowest = Math.min(this.lowest, this.window);
    this.pausedUntil = now + (asked ?? Math.min(8_000, 1_000 * 2 ** this.episodes));
    this.episodes++;
    this.pauses++;
    this.streak = 0;
  }

  /** Waits out a pause the provider asked for (a lookup or a read that was rate limited). */
  async held(control, signal) {
    const wait = this.pausedUntil - Date.now();
    return wait > 0 ? pause(wait, control, signal) : true;
  }

  wentThrough() {
    this.episodes = 0;
    if (this.window >= this.max) return;
    if (++this.streak >= this.window) {
      this.window++;
      this.streak = 0;
      this.#wakeAll();
    }
  }

  #wakeAll() {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
}

/** What a result or an error keeps in the journal for a later syncRefund (no raw answer, no details). */
function targetOf(value) {
  const keep = ["name", "provider", "kind", "status", "refundId", "amount", "providerStatus", "idempotencyKey", "lookup", "code", "message", "retryable", "httpStatus"];
  const out = {};
  for (const k of keep) if (value?.[k] !== undefined && value?.[k] !== null) out[k] = value[k];
  return out;
}

async function run(bulk, client, planned, opts, raw, emit, control) {
  const { core, toError } = bulk;
  const signal = raw.signal;
  const onProgress = typeof raw.onProgress === "function" ? raw.onProgress : null;
  const started = Date.now();
  const counts = Object.fromEntries(COUNTS.map((k) => [k, 0]));
  const moved = new Map();
  const caps = { maxRows: opts.maxRows ?? null, maxTotal: Object.fromEntries(opts.maxTotal.map((m) => [m.currency, String(m.minor)])) };
  const pacer = new Pacer(opts.concurrency);
  let done = 0;
  let stoppedBy = null;

  const amounts = () => {
    const out = {};
    for (const [currency, minor] of moved) out[currency] = JSON.parse(core.bulkTotal(String(minor), currency));
    return out;
  };
  const progress = () => ({
    total: planned.length,
    done,
    ...counts,
    amount: amounts(),
    concurrency: pacer.window,
    elapsedMs: Date.now() - started,
  });
  const report = (outcome) => {
    done++;
    counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
    if ((outcome.status === "succeeded" || outcome.status === "pending") && outcome.amount?.currency && outcome.amount.minor != null) {
      moved.set(outcome.amount.currency, (moved.get(outcome.amount.currency) ?? 0n) + BigInt(outcome.amount.minor));
    }
    const p = progress();
    emit(outcome, p);
    try {
      onProgress?.(p);
    } catch {
      // A throwing listener must not stop the batch.
    }
  };
  const summary = () => ({ batchId: opts.batchId, dryRun: opts.dryRun, ...progress(), stoppedBy, pacing: { pauses: pacer.pauses, lowestConcurrency: pacer.lowest } });
  const invalid = (entry) => ({
    rowId: entry.rowId,
    ...(entry.line !== undefined && { line: entry.line }),
    status: "failed",
    idempotencyKey: null,
    amount: null,
    refundId: null,
    error: toError({ code: "validation", message: `Invalid row: ${entry.issues.map((i) => i.message).join("; ")}`, retryable: false, issues: entry.issues }),
  });

  if (opts.dryRun) {
    const held = new Map();
    let counted = 0;
    for (const entry of planned) {
      if (!entry.plan) {
        report(invalid(entry));
        continue;
      }
      const p = entry.plan;
      const base = { rowId: p.rowId, ...(entry.line !== undefined && { line: entry.line }), idempotencyKey: p.key, amount: p.amount ?? null, refundId: null };
      const currency = p.amount?.currency;
      const stop = stoppedBy ?? (caps.maxRows != null && counted + 1 > caps.maxRows ? "maxRows"
        : currency && caps.maxTotal[currency] != null && (held.get(currency) ?? 0n) + BigInt(p.amount.minor) > BigInt(caps.maxTotal[currency]) ? "maxTotal" : null);
      if (stop) {
        stoppedBy = stop;
        report({ ...base, status: "skipped", reason: stop });
        continue;
      }
      counted++;
      if (currency) held.set(currency, (held.get(currency) ?? 0n) + BigInt(p.amount.minor));
      if (currency) moved.set(currency, (moved.get(currency) ?? 0n) + BigInt(p.amount.minor));
      report({ ...base, status: "planned", input: p.input });
    }
    return summary();
  }

  const journal = raw.journal ?? new MemoryJournal();
  const plans = new Map();
  for (const entry of planned) if (entry.plan) plans.set(entry.plan.rowId, entry);
  const rowsForJournal = [...plans.values()].map((e) => ({
    rowId: e.plan.rowId,
    seq: e.seq,
    key: e.plan.key,
    fingerprint: e.plan.fingerprint,
    reference: e.plan.reference ?? null,
    currency: e.plan.amount?.currency ?? null,
    minor: e.plan.amount ? String(e.plan.amount.minor) : null,
  }));
  let existing;
  try {
    existing = await journal.plan({ batchId: opts.batchId, provider: client.provider }, rowsForJournal);
  } catch (e) {
    throw toError({ code: "configuration", message: `The journal refused batch ${opts.batchId} (nothing was sent): ${e?.message ?? e}`, retryable: false });
  }

  // The journal's batch must be exactly this one: the same rows asking for the same refunds.
  const conflicts = [];
  for (const r of existing) {
    const entry = plans.get(r.rowId);
    if (!entry) conflicts.push({ path: "rows", code: "conflict", field: "Rows", message: `row ${r.rowId} is in the journal's batch ${opts.batchId} but not in these rows` });
    else if (entry.plan.fingerprint !== r.fingerprint || entry.plan.key !== r.key) {
      conflicts.push({ path: `rows[${entry.seq}]`, code: "conflict", field: "Row", message: `row ${r.rowId}${entry.line !== undefined ? ` (line ${entry.line})` : ""} asks for another refund than when batch ${opts.batchId} was planned; give the changed rows a new batch id` });
    }
  }
  if (conflicts.length > 0) {
    throw validationError(bulk, `Invalid batch: it does not match the journal (nothing was sent): ${conflicts.slice(0, 5).map((c) => c.message).join("; ")}${conflicts.length > 5 ? `; and ${conflicts.length - 5} more` : ""}`, conflicts);
  }

  for (const entry of planned) if (!entry.plan) report(invalid(entry));
  for (const r of existing) {
    if (r.state !== "done") continue;
    const entry = plans.get(r.rowId);
    report(fromJournal(bulk, r, entry, { previous: true }));
  }

  const onAbort = () => stopRun(control, "signal");
  signal?.addEventListener?.("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();
  const heartbeat = typeof journal.renew === "function" ? setInterval(() => journal.renew(opts.batchId).catch(() => {}), Math.max(250, Math.floor((journal.leaseMs ?? 30_000) / 3))) : null;
  heartbeat?.unref?.();

  const ctx = { bulk, client, journal, opts, caps, pacer, control, signal, plans };
  let buffer = [];
  let claiming = null;
  let exhausted = false;
  const pollMs = Math.max(100, Math.min(1_000, Math.floor((journal.leaseMs ?? 30_000) / 4)));
  // Claims rows a window at a time. Nothing to claim while other workers still work on rows
  // (or a dead worker's leases have not run out): wait for those rather than end early.
  const refill = async () => {
    for (;;) {
      const rows = await journal.claim(opts.batchId, Math.max(1, pacer.window));
      if (rows.length > 0) return buffer.push(...rows);
      const others = typeof journal.outstanding === "function" ? await journal.outstanding(opts.batchId) : 0;
      if (others === 0 || !(await pause(pollMs, control, signal))) return (exhausted = true);
    }
  };
  const nextRow = async () => {
    for (;;) {
      if (control.stopping) return null;
      if (buffer.length > 0) return buffer.shift();
      if (exhausted) return null;
      claiming ??= refill().finally(() => (claiming = null));
      await claiming;
    }
  };

  const runner = async () => {
    for (;;) {
      if (!(await pacer.acquire(control, signal))) return;
      try {
        const row = await nextRow();
        if (!row) return;
        if (!plans.has(row.rowId)) {
          await journal.unclaim(opts.batchId, [row.rowId]);
          continue;
        }
        const outcome = await runRow(ctx, row);
        if (outcome) report(outcome);
        if (outcome?.status === "skipped" && (outcome.reason === "maxRows" || outcome.reason === "maxTotal")) {
          stoppedBy ??= outcome.reason;
          stopRun(control, outcome.reason);
        }
      } finally {
        pacer.release();
      }
    }
  };

  try {
    // A failing journal stops the run: no runner takes another row, the rows in flight end.
    const ends = await Promise.allSettled(Array.from({ length: opts.concurrency }, () => runner().catch((e) => {
      stopRun(control, "error");
      throw e;
    })));
    const failure = ends.find((e) => e.status === "rejected");
    if (failure) throw failure.reason;
  } finally {
    clearInterval(heartbeat);
    signal?.removeEventListener?.("abort", onAbort);
    const left = buffer;
    buffer = [];
    await journal.unclaim(opts.batchId);
    if (!stoppedBy && control.stopping) stoppedBy = control.reason;
    for (const r of left) {
      const entry = plans.get(r.rowId);
      if (entry) report({ ...fromJournal(bulk, r, entry), status: "skipped", reason: stoppedBy ?? "stopped" });
    }
  }
  return summary();
}

/** An outcome from what the journal says of a row. */
function fromJournal(bulk, r, entry, extra = {}) {
  const status = r.state === "done" ? r.status : r.state === "pending" ? "pending" : r.state === "unknown" ? "unknown" : r.status ?? "skipped";
  const outcome = {
    rowId: r.rowId,
    ...(entry?.line !== undefined && { line: entry.line }),
    status,
    idempotencyKey: r.key,
    amount: r.amount ?? entry?.plan?.amount ?? null,
    refundId: r.refundId ?? null,
    ...extra,
  };
  if (r.errorCode) outcome.error = bulk.toError({ code: r.errorCode, message: r.errorMessage ?? r.errorCode, retryable: !FINAL.has(status), idempotencyKey: r.key });
  return outcome;
}

/** One row, from wherever the journal says it stands to an outcome. */
async function runRow(ctx, row) {
  const { journal, opts, client, plans, pacer, control, signal } = ctx;
  const entry = plans.get(row.rowId);
  const plan = entry.plan;
  const base = { rowId: plan.rowId, ...(entry.line !== undefined && { line: entry.line }), idempotencyKey: plan.key };
  let attempts = row.attempts ?? 0;
  let lookedUp = false;
  let target = row.target;
  let notSent = 0;
  let rateLimited = 0;

  const settle = async (outcome, change) => {
    const ok = await journal.record(opts.batchId, plan.rowId, { ...change, settled: true });
    if (!ok) return null;
    return { ...base, ...outcome, attempts, ...(lookedUp && { lookedUp: true }) };
  };
  const fromResult = (result) => {
    const status = result.status;
    const state = status === "pending" ? "pending" : "done";
    const noMoney = status === "declined" || status === "failed" || status === "canceled";
    if (status === "pending" || status === "succeeded") pacer.wentThrough();
    return settle(
      { status, amount: result.amount ?? plan.amount ?? null, refundId: result.refundId ?? null, result },
      { state, status, refundId: result.refundId ?? null, amount: result.amount ?? null, target: targetOf(result), errorCode: null, errorMessage: null, release: noMoney },
    );
  };
  // What the next run looks up: the lookup's own answer when it said something, else what was asked.
  const unknown = (error, result) =>
    settle(
      { status: "unknown", amount: plan.amount ?? null, refundId: result?.refundId ?? null, ...(error && { error }), ...(result && { result }) },
      { state: "unknown", status: "unknown", target: targetOf(result ?? target), errorCode: error?.code ?? "outcome_unknown", errorMessage: error?.message ?? "the refund may have been made; the next run looks it up" },
    );
  const failed = (error, { final = true } = {}) =>
    settle(
      { status: "failed", amount: plan.amount ?? null, refundId: null, error },
      { state: final ? "done" : "planned", status: "failed", errorCode: error?.code ?? "failed", errorMessage: error?.message ?? String(error), release: true },
    );

  // A row that may have been sent is looked up first: sent again only if nothing was made.
  if (row.state === "sent" || row.state === "unknown" || row.state === "pending") {
    target ??= syncTargetFor(client, plan, row);
    const found = await lookUp(ctx, target);
    lookedUp = true;
    if (found.result) return fromResult(found.result);
    if (found.unknown) return unknown(found.error, found.unresolved);
  }

  for (;;) {
    if (control.stopping) {
      return { ...base, status: "skipped", reason: control.reason ?? "stopped", amount: plan.amount ?? null, refundId: null, attempts };
    }
    let lookup = { ...plan.lookup };
    if (plan.before) {
      const read = await readBefore(ctx, plan, lookup);
      if (read.error) {
        if (SETUP.has(read.error.code)) stopRun(control, read.error.code);
        return failed(read.error, { final: read.final && !SETUP.has(read.error.code) });
      }
      if (read.stopped) continue;
      lookup = read.lookup;
    }
    const sentAt = Date.now();
    attempts++;
    const claim = await journal.send(opts.batchId, plan.rowId, { sentAt, lookup: { ...lookup, sentAt }, attempts }, ctx.caps);
    if (claim === "lost") return null;
    if (claim !== "ok") {
      attempts--;
      return { ...base, status: "skipped", reason: claim, amount: plan.amount ?? null, refundId: null, attempts };
    }
    let result;
    let error;
    try {
      result = await client.refund(plan.input, { idempotencyKey: plan.key, ...(signal && { signal }) });
    } catch (e) {
      error = e;
    }
    if (result) return fromResult(result);

    switch (error?.code) {
      case "rate_limited":
        pacer.slowDown(error.retryAfterMs);
        if (++rateLimited >= MAX_RATE_LIMITED) return failed(error, { final: false });
        await journal.record(opts.batchId, plan.rowId, { state: "planned", errorCode: error.code, errorMessage: error.message });
        await pacer.held(control, signal);
        continue;
      case "network":
      case "timeout":
      case "aborted":
        // The core says the request did not reach the provider: the same key may go again.
        await journal.record(opts.batchId, plan.rowId, { state: "planned", errorCode: error.code, errorMessage: error.message });
        if (error.code === "aborted" || ++notSent >= MAX_NOT_SENT_TRIES) {
          return error.code === "aborted"
            ? { ...base, status: "skipped", reason: "signal", amount: plan.amount ?? null, refundId: null, attempts, error }
            : failed(error, { final: false });
        }
        await pause(500 * 2 ** notSent, control, signal);
        continue;
      case "validation":
        return failed(error);
      case "authentication":
      case "configuration":
      case "browser_secret":
        // The row stays `sent` (an earlier attempt of this call may have arrived): the next
        // run, with the setup fixed, looks it up first.
        stopRun(control, error.code);
        return settle(
          { status: "failed", amount: plan.amount ?? null, refundId: null, error },
          { state: "sent", status: "failed", errorCode: error.code, errorMessage: error.message },
        );
      default: {
        if (error?.retryable === false && error?.code !== "idempotency_conflict") return failed(error);
        // It may have been made (outcome_unknown, a 5xx, a key already used): look it up.
        target = error?.code === "outcome_unknown" && error.lookup ? targetOf(error) : syncTargetFor(client, plan, { sentAt, lookup: { ...lookup, sentAt } });
        await journal.record(opts.batchId, plan.rowId, { state: "unknown", status: "unknown", target, errorCode: error?.code ?? "outcome_unknown", errorMessage: error?.message ?? String(error) });
        const found = await lookUp(ctx, target);
        lookedUp = true;
        if (found.result) return fromResult(found.result);
        if (found.unknown || error?.code === "idempotency_conflict") return unknown(error, found.unresolved);
        if (++notSent >= MAX_NOT_SENT_TRIES) return unknown(error);
        continue;
      }
    }
  }
}

/** What syncRefund is given for a row that may have been sent and left no answer. */
function syncTargetFor(client, plan, row) {
  return {
    provider: client.provider,
    code: "outcome_unknown",
    retryable: true,
    idempotencyKey: plan.key,
    lookup: { ...(row.lookup ?? plan.lookup), sentAt: row.sentAt ?? row.lookup?.sentAt ?? 0 },
  };
}

/**
 * Asks the provider what became of a row: `{ result }` (it was made: its state now),
 * `{ notMade: true }` (nothing under the key: it may be sent again), or `{ unknown: true }`.
 */
async function lookUp(ctx, target) {
  const { client, pacer, control, signal } = ctx;
  if (signal?.aborted) return { unknown: true };
  const until = Date.now() + UNRESOLVED_WAIT_MS;
  let tries = 0;
  let unresolved = null;
  for (;;) {
    if (!(await pacer.held(control, signal))) return { unknown: true, unresolved };
    try {
      const r = await client.syncRefund(target, signal ? { signal } : undefined);
      if (!(r.status === "pending" && r.refundId == null)) return { result: r };
      // Made but not yet identifiable, or the provider cannot tell yet: ask again later.
      unresolved = r;
      target = targetOf(r);
      if (Date.now() > until || control.stopping) return { unknown: true, unresolved };
      if (!(await pause(Math.min(15_000, 1_000 * 2 ** Math.min(tries++, 4)), control, signal))) return { unknown: true, unresolved };
    } catch (e) {
      if (e?.code === "not_found" && e.retryable) return { notMade: true };
      if (SETUP.has(e?.code)) stopRun(control, e.code);
      if (e?.code === "rate_limited") {
        pacer.slowDown(e.retryAfterMs);
        if (tries++ < MAX_RATE_LIMITED) continue;
      } else if (e?.retryable && tries++ < LOOKUP_TRIES && !control.stopping) {
        if (await pause(500 * 2 ** tries, control, signal)) continue;
      }
      return { unknown: true, error: e, unresolved };
    }
  }
}

/** The read a provider needs before sending (Payroc: the payment's refunds so far). */
async function readBefore(ctx, plan, lookup) {
  const { bulk, client, pacer, control, signal } = ctx;
  for (let tries = 0; ; tries++) {
    if (!(await pacer.held(control, signal))) return { stopped: true };
    try {
      const answer = await client[plan.before.method](...plan.before.args, signal ? { signal } : undefined);
      const completed = JSON.parse(bulk.core.bulkBefore(client.provider, JSON.stringify(lookup), bulk.encode(answer) ?? "null"));
      if (completed.error) return { error: bulk.toError(completed.error), final: false };
      return { lookup: completed.lookup };
    } catch (e) {
      if (e?.code === "rate_limited" && tries < MAX_RATE_LIMITED) {
        pacer.slowDown(e.retryAfterMs);
        continue;
      }
      if (e?.code === "aborted") return { stopped: true };
      if (e?.retryable && tries < MAX_NOT_SENT_TRIES && !control.stopping && (await pause(500 * 2 ** tries, control, signal))) continue;
      return { error: e, final: e?.retryable === false };
    }
  }
}
