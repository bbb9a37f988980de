// The journal of one refundMany run kept in memory: the default when no journal is given, and
// the reference the file and PostgreSQL journals follow (journal-sqlite.mjs,
// journal-postgres.mjs). It lives as long as the process, so it protects against nothing a
// crash does; give refundMany a journal from refundkit/journal for that (docs/BULK.md).
//
// Every journal answers the same calls, all async:
//   plan(batch, rows)            the batch's rows, inserting those it does not have yet
//   claim(batchId, n)            leases up to n rows that have no final outcome and no live lease
//   renew(batchId)               extends this worker's leases (a heartbeat)
//   send(batchId, rowId, sending, caps)  "ok" | "maxRows" | "maxTotal" | "lost", before a send
//   record(batchId, rowId, change)       false when another worker holds the row now
//   unclaim(batchId, rowIds?)    gives rows back (all of this worker's when rowIds is omitted)
//   outstanding(batchId)         rows without a final outcome that another worker is working
//                                on or nobody holds (a worker waits for those before it ends)
//   rows(batchId)                every row, for reports
//   close()
//
// A row's `state`: `planned` (nothing was made under its key), `sent` (it may have been sent:
// look it up before sending again), `unknown` (sent, outcome not known), `pending` (a refund
// was made and is not final), `done` (a final outcome, or refused before anything was sent).
// A claimed row is `busy` until this run is through with it (`record` with `settled: true`);
// it stays leased to the worker until the run ends, so no run takes a row twice.

/** Fields of a journal row as every backend returns them. */
export function journalRow(r) {
  return {
    rowId: r.rowId,
    seq: r.seq,
    key: r.key,
    fingerprint: r.fingerprint,
    reference: r.reference ?? null,
    currency: r.currency ?? null,
    minor: r.minor ?? null,
    state: r.state,
    status: r.status ?? null,
    attempts: r.attempts ?? 0,
    sentAt: r.sentAt ?? null,
    lookup: r.lookup ?? null,
    target: r.target ?? null,
    refundId: r.refundId ?? null,
    amount: r.amount ?? null,
    errorCode: r.errorCode ?? null,
    errorMessage: r.errorMessage ?? null,
    worker: r.worker ?? null,
  };
}

/** The columns a `record` change may set. */
export const CHANGE_KEYS = ["state", "status", "attempts", "sentAt", "lookup", "target", "refundId", "amount", "errorCode", "errorMessage"];

export function randomWorkerId() {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6));
  return "w-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Whether `caps` lets one more row and `minor` more of `currency` be sent, given the totals. */
export function capStop(caps, counted, held, currency, minor, rowCounted, rowHeld) {
  if (!rowCounted && caps?.maxRows != null && counted + 1 > caps.maxRows) return "maxRows";
  const cap = currency ? caps?.maxTotal?.[currency] : undefined;
  if (!rowHeld && cap != null && minor != null && held + BigInt(minor) > BigInt(cap)) return "maxTotal";
  return null;
}

export class MemoryJournal {
  #batches = new Map();
  #closed = false;

  constructor({ workerId, leaseMs = 30_000 } = {}) {
    this.workerId = workerId ?? randomWorkerId();
    this.leaseMs = leaseMs;
    this.kind = "memory";
  }

  #batch(batchId) {
    const b = this.#batches.get(batchId);
    if (!b) throw new Error(`journal: batch ${batchId} is not planned`);
    return b;
  }

  async plan({ batchId, provider }, rows) {
    if (this.#closed) throw new Error("journal: closed");
    let b = this.#batches.get(batchId);
    if (!b) {
      b = { provider, rows: new Map(), counted: 0, held: new Map() };
      this.#batches.set(batchId, b);
    }
    if (b.provider !== provider) throw new Error(`journal: batch ${batchId} is a ${b.provider} batch, not ${provider}`);
    for (const r of rows) {
      if (!b.rows.has(r.rowId)) b.rows.set(r.rowId, { ...journalRow({ ...r, state: "planned" }), counted: false, heldMinor: null, leaseUntil: 0, busy: false });
    }
    return [...b.rows.values()].map(journalRow);
  }

  async claim(batchId, n) {
    const b = this.#batch(batchId);
    const now = Date.now();
    const taken = [];
    for (const r of [...b.rows.values()].sort((x, y) => x.seq - y.seq)) {
      if (taken.length >= n) break;
      if (r.state === "done" || (r.worker && r.leaseUntil > now)) continue;
      r.worker = this.workerId;
      r.leaseUntil = now + this.leaseMs;
      r.busy = true;
      taken.push(journalRow(r));
    }
    return taken;
  }

  async renew(batchId) {
    const b = this.#batches.get(batchId);
    const until = Date.now() + this.leaseMs;
    for (const r of b?.rows.values() ?? []) if (r.worker === this.workerId) r.leaseUntil = until;
  }

  async send(batchId, rowId, sending, caps) {
    const b = this.#batch(batchId);
    const r = b.rows.get(rowId);
    if (!r || r.worker !== this.workerId) return "lost";
    const held = b.held.get(r.currency) ?? 0n;
    const stop = capStop(caps, b.counted, held, r.currency, r.minor, r.counted, r.heldMinor != null);
    if (stop) return stop;
    if (!r.counted) {
      r.counted = true;
      b.counted++;
    }
    if (r.heldMinor == null && r.minor != null) {
      r.heldMinor = r.minor;
      b.held.set(r.currency, held + BigInt(r.minor));
    }
    // What an earlier attempt left is stale now: a lookup starts from this send.
    Object.assign(r, { state: "sent", sentAt: sending.sentAt, lookup: sending.lookup ?? null, attempts: sending.attempts, target: null, errorCode: null, errorMessage: null });
    return "ok";
  }

  async record(batchId, rowId, change) {
    const b = this.#batch(batchId);
    const r = b.rows.get(rowId);
    if (!r || r.worker !== this.workerId) return false;
    for (const k of CHANGE_KEYS) if (k in change) r[k] = change[k] ?? null;
    if (change.settled) r.busy = false;
    if (change.release && r.heldMinor != null) {
      b.held.set(r.currency, (b.held.get(r.currency) ?? 0n) - BigInt(r.heldMinor));
      r.heldMinor = null;
    }
    return true;
  }

  async unclaim(batchId, rowIds) {
    const b = this.#batches.get(batchId);
    for (const r of b?.rows.values() ?? []) {
      if (r.worker === this.workerId && (!rowIds || rowIds.includes(r.rowId))) {
        r.worker = null;
        r.leaseUntil = 0;
        r.busy = false;
      }
    }
  }

  async outstanding(batchId) {
    const now = Date.now();
    let n = 0;
    for (const r of this.#batches.get(batchId)?.rows.values() ?? []) {
      if (r.state === "done") continue;
      const free = !r.worker || r.leaseUntil <= now;
      if (free || (r.worker !== this.workerId && r.busy)) n++;
    }
    return n;
  }

  async rows(batchId) {
    return [...(this.#batches.get(batchId)?.rows.values() ?? [])].sort((x, y) => x.seq - y.seq).map(journalRow);
  }

  async close() {
    this.#closed = true;
  }
}
