// A refundMany journal kept in this browser's localStorage, so a bulk run survives a closed
// tab: running the same file with the same batch ID again sends only the rows without an
// outcome, and looks up first the rows that may have been sent (docs/BULK.md, "Resuming").
// It answers the calls every journal answers (the package's MemoryJournal is the reference:
// plan, claim, renew, send, record, unclaim, outstanding, rows, close) and writes through to
// storage on every change. Leases keep two tabs from taking the same row.

const PREFIX = "refundkit.console.bulk.v1:";
const CHANGE_KEYS = ["state", "status", "attempts", "sentAt", "lookup", "target", "refundId", "amount", "errorCode", "errorMessage"];

function randomWorkerId() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return "tab-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The fields of a row every journal returns. */
function journalRow(r) {
  return {
    rowId: r.rowId, seq: r.seq, key: r.key, fingerprint: r.fingerprint, reference: r.reference ?? null,
    currency: r.currency ?? null, minor: r.minor ?? null, state: r.state, status: r.status ?? null,
    attempts: r.attempts ?? 0, sentAt: r.sentAt ?? null, lookup: r.lookup ?? null, target: r.target ?? null,
    refundId: r.refundId ?? null, amount: r.amount ?? null, errorCode: r.errorCode ?? null,
    errorMessage: r.errorMessage ?? null, worker: r.worker ?? null,
  };
}

export class BrowserJournal {
  // Short leases: the rows of a tab that was closed mid-run are free again a few seconds later
  // (the run renews its own every leaseMs / 3).
  constructor({ leaseMs = 4_000 } = {}) {
    this.workerId = randomWorkerId();
    this.leaseMs = leaseMs;
    this.kind = "localStorage";
  }

  #load(batchId) {
    try {
      return JSON.parse(localStorage.getItem(PREFIX + batchId) ?? "null");
    } catch {
      return null;
    }
  }

  #save(batchId, b) {
    localStorage.setItem(PREFIX + batchId, JSON.stringify(b));
  }

  #batch(batchId) {
    const b = this.#load(batchId);
    if (!b) throw new Error(`journal: batch ${batchId} is not planned`);
    return b;
  }

  /** Whether the caps let one more row (and its amount) be sent. Totals are decimal strings of minor units. */
  #capStop(caps, b, r) {
    if (!r.counted && caps?.maxRows != null && b.counted + 1 > caps.maxRows) return "maxRows";
    const cap = r.currency ? caps?.maxTotal?.[r.currency] : undefined;
    const held = BigInt(b.held[r.currency] ?? "0");
    if (r.heldMinor == null && cap != null && r.minor != null && held + BigInt(r.minor) > BigInt(cap)) return "maxTotal";
    return null;
  }

  async plan({ batchId, provider }, rows) {
    const b = this.#load(batchId) ?? { provider, rows: {}, counted: 0, held: {} };
    if (b.provider !== provider) throw new Error(`journal: batch ${batchId} is a ${b.provider} batch, not ${provider}`);
    for (const r of rows) {
      if (!b.rows[r.rowId]) b.rows[r.rowId] = { ...journalRow({ ...r, state: "planned" }), counted: false, heldMinor: null, leaseUntil: 0, busy: false };
    }
    this.#save(batchId, b);
    return Object.values(b.rows).map(journalRow);
  }

  async claim(batchId, n) {
    const b = this.#batch(batchId);
    const now = Date.now();
    const taken = [];
    for (const r of Object.values(b.rows).sort((x, y) => x.seq - y.seq)) {
      if (taken.length >= n) break;
      if (r.state === "done" || (r.worker && r.leaseUntil > now)) continue;
      Object.assign(r, { worker: this.workerId, leaseUntil: now + this.leaseMs, busy: true });
      taken.push(journalRow(r));
    }
    this.#save(batchId, b);
    return taken;
  }

  async renew(batchId) {
    const b = this.#load(batchId);
    if (!b) return;
    const until = Date.now() + this.leaseMs;
    for (const r of Object.values(b.rows)) if (r.worker === this.workerId) r.leaseUntil = until;
    this.#save(batchId, b);
  }

  async send(batchId, rowId, sending, caps) {
    const b = this.#batch(batchId);
    const r = b.rows[rowId];
    if (!r || r.worker !== this.workerId) return "lost";
    const stop = this.#capStop(caps, b, r);
    if (stop) return stop;
    if (!r.counted) {
      r.counted = true;
      b.counted++;
    }
    if (r.heldMinor == null && r.minor != null) {
      r.heldMinor = r.minor;
      b.held[r.currency] = String(BigInt(b.held[r.currency] ?? "0") + BigInt(r.minor));
    }
    Object.assign(r, { state: "sent", sentAt: sending.sentAt, lookup: sending.lookup ?? null, attempts: sending.attempts, target: null, errorCode: null, errorMessage: null });
    this.#save(batchId, b);
    return "ok";
  }

  async record(batchId, rowId, change) {
    const b = this.#batch(batchId);
    const r = b.rows[rowId];
    if (!r || r.worker !== this.workerId) return false;
    for (const k of CHANGE_KEYS) if (k in change) r[k] = change[k] ?? null;
    if (change.settled) r.busy = false;
    if (change.release && r.heldMinor != null) {
      b.held[r.currency] = String(BigInt(b.held[r.currency] ?? "0") - BigInt(r.heldMinor));
      r.heldMinor = null;
    }
    this.#save(batchId, b);
    return true;
  }

  async unclaim(batchId, rowIds) {
    const b = this.#load(batchId);
    if (!b) return;
    for (const r of Object.values(b.rows)) {
      if (r.worker === this.workerId && (!rowIds || rowIds.includes(r.rowId))) Object.assign(r, { worker: null, leaseUntil: 0, busy: false });
    }
    this.#save(batchId, b);
  }

  async outstanding(batchId) {
    const now = Date.now();
    let n = 0;
    for (const r of Object.values(this.#load(batchId)?.rows ?? {})) {
      if (r.state === "done") continue;
      const free = !r.worker || r.leaseUntil <= now;
      if (free || (r.worker !== this.workerId && r.busy)) n++;
    }
    return n;
  }

  async rows(batchId) {
    return Object.values(this.#load(batchId)?.rows ?? {}).sort((x, y) => x.seq - y.seq).map(journalRow);
  }

  async close() {}

  /** What this browser already knows of a batch: rows, and how many have a final outcome. */
  static summary(batchId) {
    try {
      const b = JSON.parse(localStorage.getItem(PREFIX + batchId) ?? "null");
      if (!b) return null;
      const rows = Object.values(b.rows);
      return { provider: b.provider, rows: rows.length, done: rows.filter((r) => r.state === "done").length };
    } catch {
      return null;
    }
  }
}
