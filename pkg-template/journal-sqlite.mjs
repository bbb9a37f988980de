// The default journal: one SQLite file (better-sqlite3, an optional peer dependency). Every
// change is committed with synchronous=FULL in WAL mode before the call that depends on it
// goes on: the `sent` record is on disk before the request leaves, so a crash at any point
// (SIGKILL, power) leaves a row that a re-run knows to look up. Changes asked for in the same
// turn of the event loop share one transaction (group commit: one fsync for many rows in
// flight), each still answered only once it is on disk. Several processes on one machine may
// share the file (leases, as with PostgreSQL).
import { ownerOf, isDeadHere } from "./journal-owner.mjs";
import { randomWorkerId } from "./journal-memory.mjs";
import { changedColumns, fromSqlRow } from "./journal-sql.mjs";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS refundkit_bulk_batches (
  batch_id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS refundkit_bulk_rows (
  batch_id TEXT NOT NULL,
  row_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  reference TEXT,
  currency TEXT,
  minor INTEGER,
  state TEXT NOT NULL,
  status TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  sent_at INTEGER,
  lookup TEXT,
  target TEXT,
  refund_id TEXT,
  amount TEXT,
  error_code TEXT,
  error_message TEXT,
  counted INTEGER NOT NULL DEFAULT 0,
  held INTEGER,
  worker TEXT,
  lease_until INTEGER NOT NULL DEFAULT 0,
  busy INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER,
  PRIMARY KEY (batch_id, row_id)
);
CREATE INDEX IF NOT EXISTS refundkit_bulk_rows_open ON refundkit_bulk_rows (batch_id, seq) WHERE state <> 'done';
`;

export class SqliteJournal {
  #db;
  #q;

  /** Opens (and creates) the journal file at `path`. */
  static async open(path, { workerId, leaseMs = 30_000 } = {}) {
    let Database;
    try {
      ({ default: Database } = await import("better-sqlite3"));
    } catch (e) {
      throw new Error(`refundkit/journal: a file journal needs better-sqlite3 (npm install better-sqlite3@12): ${e.message}`);
    }
    const db = new Database(path);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("busy_timeout = 15000");
    db.transaction(() => db.exec(SCHEMA)).immediate();
    return new SqliteJournal(db, { workerId, leaseMs, path });
  }

  constructor(db, { workerId, leaseMs, path }) {
    this.#db = db;
    this.workerId = workerId ?? randomWorkerId();
    /** The lease holder's name in the journal: this worker in this process. */
    this.owner = ownerOf(this.workerId);
    this.leaseMs = leaseMs;
    this.kind = "file";
    this.location = path;
    const p = (sql) => db.prepare(sql);
    this.#q = {
      batch: p("SELECT provider FROM refundkit_bulk_batches WHERE batch_id = ?"),
      newBatch: p("INSERT OR IGNORE INTO refundkit_bulk_batches (batch_id, provider, created_at) VALUES (?, ?, ?)"),
      insert: p(`INSERT OR IGNORE INTO refundkit_bulk_rows (batch_id, row_id, seq, key, fingerprint, reference, currency, minor, state, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?)`),
      rows: p("SELECT * FROM refundkit_bulk_rows WHERE batch_id = ? ORDER BY seq"),
      holders: p("SELECT DISTINCT worker FROM refundkit_bulk_rows WHERE batch_id = ? AND worker IS NOT NULL AND lease_until >= ?"),
      row: p("SELECT * FROM refundkit_bulk_rows WHERE batch_id = ? AND row_id = ?"),
      claimable: p(`SELECT * FROM refundkit_bulk_rows WHERE batch_id = ? AND state <> 'done' AND (worker IS NULL OR lease_until < ?)
                    ORDER BY seq LIMIT ?`),
      take: p("UPDATE refundkit_bulk_rows SET worker = ?, lease_until = ?, busy = 1 WHERE batch_id = ? AND row_id = ?"),
      renew: p("UPDATE refundkit_bulk_rows SET lease_until = ? WHERE batch_id = ? AND worker = ? AND state <> 'done'"),
      outstanding: p(`SELECT count(*) AS n FROM refundkit_bulk_rows WHERE batch_id = ? AND state <> 'done'
                      AND (worker IS NULL OR lease_until < ? OR (worker <> ? AND busy = 1))`),
      counted: p("SELECT count(*) AS n FROM refundkit_bulk_rows WHERE batch_id = ? AND counted = 1").safeIntegers(true),
      held: p("SELECT coalesce(sum(held), 0) AS held FROM refundkit_bulk_rows WHERE batch_id = ? AND currency = ?").safeIntegers(true),
      sent: p(`UPDATE refundkit_bulk_rows SET state = 'sent', sent_at = ?, lookup = ?, attempts = ?, target = NULL, error_code = NULL,
               error_message = NULL, counted = 1, held = coalesce(held, minor), updated_at = ? WHERE batch_id = ? AND row_id = ?`),
      unclaimAll: p("UPDATE refundkit_bulk_rows SET worker = NULL, busy = 0, lease_until = 0 WHERE batch_id = ? AND worker = ?"),
      unclaimOne: p("UPDATE refundkit_bulk_rows SET worker = NULL, busy = 0, lease_until = 0 WHERE batch_id = ? AND worker = ? AND row_id = ?"),
    };
  }

  #tx(fn) {
    return this.#db.transaction(fn).immediate();
  }

  #pending = [];

  /** Runs `fn` in the next group transaction; resolves with its answer once committed. */
  #grouped(fn) {
    return new Promise((resolve, reject) => {
      if (this.#pending.length === 0) setImmediate(() => this.#flush());
      this.#pending.push({ fn, resolve, reject });
    });
  }

  #flush() {
    const ops = this.#pending;
    this.#pending = [];
    let answers;
    try {
      answers = this.#tx(() => ops.map((op) => op.fn()));
    } catch (e) {
      for (const op of ops) op.reject(e);
      return;
    }
    ops.forEach((op, i) => op.resolve(answers[i]));
  }

  async plan({ batchId, provider }, rows) {
    const now = Date.now();
    this.#tx(() => {
      this.#q.newBatch.run(batchId, provider, now);
      const b = this.#q.batch.get(batchId);
      if (b.provider !== provider) throw new Error(`journal: batch ${batchId} is a ${b.provider} batch, not ${provider}`);
      for (const r of rows) this.#q.insert.run(batchId, r.rowId, r.seq, r.key, r.fingerprint, r.reference, r.currency, r.minor, now);
      for (const { worker } of this.#q.holders.all(batchId, now)) if (isDeadHere(worker)) this.#q.unclaimAll.run(batchId, worker);
    });
    return this.rows(batchId);
  }

  async claim(batchId, n) {
    return this.#tx(() => {
      const now = Date.now();
      const rows = this.#q.claimable.all(batchId, now, n);
      for (const r of rows) this.#q.take.run(this.owner, now + this.leaseMs, batchId, r.row_id);
      return rows.map((r) => fromSqlRow({ ...r, worker: this.owner }));
    });
  }

  async renew(batchId) {
    this.#q.renew.run(Date.now() + this.leaseMs, batchId, this.owner);
  }

  async outstanding(batchId) {
    return this.#q.outstanding.get(batchId, Date.now(), this.owner).n;
  }

  async send(batchId, rowId, sending, caps) {
    return this.#grouped(() => {
      const r = this.#q.row.get(batchId, rowId);
      if (!r || r.worker !== this.owner) return "lost";
      // Caps count the rows themselves (what each was counted and holds), under the write lock.
      if (!r.counted && caps?.maxRows != null && this.#q.counted.get(batchId).n + 1n > BigInt(caps.maxRows)) return "maxRows";
      const cap = r.currency ? caps?.maxTotal?.[r.currency] : undefined;
      if (r.held == null && r.minor != null && cap != null && this.#q.held.get(batchId, r.currency).held + BigInt(r.minor) > BigInt(cap)) return "maxTotal";
      this.#q.sent.run(sending.sentAt, JSON.stringify(sending.lookup ?? null), sending.attempts, Date.now(), batchId, rowId);
      return "ok";
    });
  }

  async record(batchId, rowId, change) {
    return this.#grouped(() => {
      const r = this.#q.row.get(batchId, rowId);
      if (!r || r.worker !== this.owner) return false;
      const changed = changedColumns(change);
      const sets = changed.map(([column]) => `${column} = ?`);
      const values = changed.map(([, value]) => value);
      if (change.settled) sets.push("busy = 0");
      if (change.release) sets.push("held = NULL");
      sets.push("updated_at = ?");
      values.push(Date.now());
      this.#update(sets).run(...values, batchId, rowId);
      return true;
    });
  }

  #updates = new Map();

  #update(sets) {
    const sql = `UPDATE refundkit_bulk_rows SET ${sets.join(", ")} WHERE batch_id = ? AND row_id = ?`;
    let statement = this.#updates.get(sql);
    if (!statement) this.#updates.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }

  async unclaim(batchId, rowIds) {
    if (!rowIds) return void this.#q.unclaimAll.run(batchId, this.owner);
    this.#tx(() => {
      for (const id of rowIds) this.#q.unclaimOne.run(batchId, this.owner, id);
    });
  }

  async rows(batchId) {
    return this.#q.rows.all(batchId).map(fromSqlRow);
  }

  async close() {
    if (this.#db.open) this.#db.close();
  }
}
