// The shared journal: PostgreSQL (pg, an optional peer dependency), for several processes on
// several machines working one batch. A worker claims rows with SELECT … FOR UPDATE SKIP
// LOCKED and holds them under a lease it renews while it lives; a dead worker's rows are
// claimed again once its lease runs out (and looked up before anything is sent again). Every
// write checks the row is still this worker's, so a worker that lost its lease cannot send.
// Time is the database's (now()), so the workers' clocks do not matter.
//
// Caps: a row records that it was counted (`maxRows`) and the amount it holds (`maxTotal`,
// released when it moved no money). A run with caps locks the batch's record, sums the rows
// and sends only when the sum stays under the cap; a run without caps takes a share lock on
// the same record, so its sends never slip in between a capped run's sum and its send, while
// runs without caps never wait for each other (no counter row every send would queue on).
import { ownerOf, isDeadHere } from "./journal-owner.mjs";
import { randomWorkerId } from "./journal-memory.mjs";
import { changedColumns, fromSqlRow } from "./journal-sql.mjs";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS refundkit_bulk_batches (
  batch_id text PRIMARY KEY,
  provider text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS refundkit_bulk_rows (
  batch_id text NOT NULL,
  row_id text NOT NULL,
  seq integer NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  reference text,
  currency text,
  minor bigint,
  state text NOT NULL,
  status text,
  attempts integer NOT NULL DEFAULT 0,
  sent_at bigint,
  lookup text,
  target text,
  refund_id text,
  amount text,
  error_code text,
  error_message text,
  counted boolean NOT NULL DEFAULT false,
  held bigint,
  worker text,
  lease_until timestamptz,
  busy boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (batch_id, row_id)
);
CREATE INDEX IF NOT EXISTS refundkit_bulk_rows_open ON refundkit_bulk_rows (batch_id, seq) WHERE state <> 'done';
`;

const LEASE = "now() + ($3::bigint * interval '1 millisecond')";

export class PostgresJournal {
  #pool;

  /** Connects to `url` (postgres://…) and creates the journal's tables if they are missing. */
  static async open(url, { workerId, leaseMs = 30_000, poolSize = 10 } = {}) {
    let pg;
    try {
      pg = (await import("pg")).default;
    } catch (e) {
      throw new Error(`refundkit/journal: a PostgreSQL journal needs pg (npm install pg@8): ${e.message}`);
    }
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    pool.on("error", () => {});
    const journal = new PostgresJournal(pool, { workerId, leaseMs, url });
    // Workers starting together: one creates the tables, the others wait for it.
    await journal.#tx(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock(hashtext('refundkit_bulk_schema'))");
      await c.query(SCHEMA);
    });
    return journal;
  }

  constructor(pool, { workerId, leaseMs, url }) {
    this.#pool = pool;
    this.workerId = workerId ?? randomWorkerId();
    /** The lease holder's name in the journal: this worker in this process. */
    this.owner = ownerOf(this.workerId);
    this.leaseMs = leaseMs;
    this.kind = "postgres";
    this.location = String(url).replace(/\/\/[^@/]*@/, "//***@");
  }

  async #tx(fn) {
    const c = await this.#pool.connect();
    try {
      await c.query("BEGIN");
      const out = await fn(c);
      await c.query("COMMIT");
      return out;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async plan({ batchId, provider }, rows) {
    await this.#tx(async (c) => {
      await c.query("INSERT INTO refundkit_bulk_batches (batch_id, provider) VALUES ($1, $2) ON CONFLICT DO NOTHING", [batchId, provider]);
      const b = await c.query("SELECT provider FROM refundkit_bulk_batches WHERE batch_id = $1", [batchId]);
      if (b.rows[0].provider !== provider) throw new Error(`journal: batch ${batchId} is a ${b.rows[0].provider} batch, not ${provider}`);
      for (let i = 0; i < rows.length; i += 5_000) {
        const chunk = rows.slice(i, i + 5_000);
        const col = (k) => chunk.map((r) => r[k] ?? null);
        await c.query(
          `INSERT INTO refundkit_bulk_rows (batch_id, row_id, seq, key, fingerprint, reference, currency, minor, state)
           SELECT $1, * , 'planned' FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])
           ON CONFLICT DO NOTHING`,
          [batchId, col("rowId"), col("seq"), col("key"), col("fingerprint"), col("reference"), col("currency"), col("minor")],
        );
      }
      const holders = await c.query("SELECT DISTINCT worker FROM refundkit_bulk_rows WHERE batch_id = $1 AND worker IS NOT NULL AND lease_until >= now()", [batchId]);
      const dead = holders.rows.map((h) => h.worker).filter(isDeadHere);
      if (dead.length > 0) {
        await c.query("UPDATE refundkit_bulk_rows SET worker = NULL, busy = false, lease_until = NULL WHERE batch_id = $1 AND worker = ANY($2::text[])", [batchId, dead]);
      }
    });
    return this.rows(batchId);
  }

  async claim(batchId, n) {
    const { rows } = await this.#pool.query(
      `WITH picked AS (
         SELECT row_id FROM refundkit_bulk_rows
         WHERE batch_id = $1 AND state <> 'done' AND (worker IS NULL OR lease_until < now())
         ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED)
       UPDATE refundkit_bulk_rows r SET worker = $2, lease_until = ${LEASE}, busy = true
       FROM picked WHERE r.batch_id = $1 AND r.row_id = picked.row_id
       RETURNING r.*`,
      [batchId, this.owner, this.leaseMs, n],
    );
    return rows.map(fromSqlRow).sort((a, b) => a.seq - b.seq);
  }

  async renew(batchId) {
    await this.#pool.query(
      `UPDATE refundkit_bulk_rows SET lease_until = ${LEASE} WHERE batch_id = $1 AND worker = $2 AND state <> 'done'`,
      [batchId, this.owner, this.leaseMs],
    );
  }

  async outstanding(batchId) {
    const { rows } = await this.#pool.query(
      `SELECT count(*)::int AS n FROM refundkit_bulk_rows WHERE batch_id = $1 AND state <> 'done'
       AND (worker IS NULL OR lease_until < now() OR (worker <> $2 AND busy))`,
      [batchId, this.owner],
    );
    return rows[0].n;
  }

  async send(batchId, rowId, sending, caps) {
    const mark = `UPDATE refundkit_bulk_rows SET state = 'sent', sent_at = $4, lookup = $5, attempts = $6, target = NULL, error_code = NULL,
                  error_message = NULL, counted = true, held = coalesce(held, minor), updated_at = now()
                  WHERE batch_id = $1 AND row_id = $2 AND worker = $3`;
    const values = [batchId, rowId, this.owner, sending.sentAt, JSON.stringify(sending.lookup ?? null), sending.attempts];
    const capped = caps?.maxRows != null || Object.keys(caps?.maxTotal ?? {}).length > 0;
    if (!capped) {
      const { rowCount } = await this.#pool.query(
        `WITH batch AS (SELECT 1 FROM refundkit_bulk_batches WHERE batch_id = $1 FOR SHARE) ${mark} AND EXISTS (SELECT 1 FROM batch)`,
        values,
      );
      return rowCount === 1 ? "ok" : "lost";
    }
    return this.#tx(async (c) => {
      await c.query("SELECT 1 FROM refundkit_bulk_batches WHERE batch_id = $1 FOR UPDATE", [batchId]);
      const { rows } = await c.query("SELECT worker, counted, held, currency, minor FROM refundkit_bulk_rows WHERE batch_id = $1 AND row_id = $2", [batchId, rowId]);
      const r = rows[0];
      if (!r || r.worker !== this.owner) return "lost";
      if (!r.counted && caps.maxRows != null) {
        const counted = await c.query("SELECT count(*)::bigint AS n FROM refundkit_bulk_rows WHERE batch_id = $1 AND counted", [batchId]);
        if (BigInt(counted.rows[0].n) + 1n > BigInt(caps.maxRows)) return "maxRows";
      }
      const cap = r.currency ? caps.maxTotal?.[r.currency] : undefined;
      if (r.held == null && r.minor != null && cap != null) {
        const held = await c.query("SELECT coalesce(sum(held), 0)::text AS held FROM refundkit_bulk_rows WHERE batch_id = $1 AND currency = $2", [batchId, r.currency]);
        if (BigInt(held.rows[0].held) + BigInt(r.minor) > BigInt(cap)) return "maxTotal";
      }
      await c.query(mark, values);
      return "ok";
    });
  }

  async record(batchId, rowId, change) {
    const changed = changedColumns(change);
    const values = [batchId, rowId, this.owner, ...changed.map(([, value]) => value)];
    const sets = changed.map(([column], i) => `${column} = $${i + 4}`);
    if (change.settled) sets.push("busy = false");
    if (change.release) sets.push("held = NULL");
    sets.push("updated_at = now()");
    const { rowCount } = await this.#pool.query(`UPDATE refundkit_bulk_rows SET ${sets.join(", ")} WHERE batch_id = $1 AND row_id = $2 AND worker = $3`, values);
    return rowCount === 1;
  }

  async unclaim(batchId, rowIds) {
    await this.#pool.query(
      `UPDATE refundkit_bulk_rows SET worker = NULL, busy = false, lease_until = NULL
       WHERE batch_id = $1 AND worker = $2 AND ($3::text[] IS NULL OR row_id = ANY($3::text[]))`,
      [batchId, this.owner, rowIds ?? null],
    );
  }

  async rows(batchId) {
    const { rows } = await this.#pool.query("SELECT * FROM refundkit_bulk_rows WHERE batch_id = $1 ORDER BY seq", [batchId]);
    return rows.map(fromSqlRow);
  }

  async close() {
    await this.#pool.end();
  }
}
