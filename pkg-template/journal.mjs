// refundkit/journal (Node): where refundMany writes each row's progress so that a crash or a
// re-run never pays a row twice (docs/BULK.md). One interface, three backends:
//
//   await openJournal("refunds.journal")              a local SQLite file (better-sqlite3)
//   await openJournal("postgres://user@host/db")       PostgreSQL, shared by many workers (pg)
//   await openJournal(":memory:")                      in memory: no protection across crashes
//
// Options: `workerId` (this process's name in the journal; random by default) and `leaseMs`
// (how long a claimed row stays this worker's without a heartbeat; 30 s by default: a dead
// worker's rows are taken over after that long).
import { MemoryJournal } from "./journal-memory.mjs";
import { SqliteJournal } from "./journal-sqlite.mjs";
import { PostgresJournal } from "./journal-postgres.mjs";

export { MemoryJournal, SqliteJournal, PostgresJournal };

/** A journal at `location`: a file path, a postgres:// URL, or ":memory:". */
export async function openJournal(location, options = {}) {
  if (typeof location !== "string" || location === "") {
    throw new TypeError("openJournal(location): give a file path, a postgres:// URL or \":memory:\"");
  }
  const { workerId, leaseMs = 30_000, ...rest } = options ?? {};
  const unknown = Object.keys(rest).filter((k) => k !== "poolSize");
  if (unknown.length > 0) throw new TypeError(`openJournal: unknown option ${unknown.join(", ")} (workerId, leaseMs, poolSize)`);
  if (!Number.isSafeInteger(leaseMs) || leaseMs < 1_000) throw new TypeError("openJournal: leaseMs must be a whole number of milliseconds, at least 1000");
  if (location === ":memory:") return new MemoryJournal({ workerId, leaseMs });
  if (/^postgres(ql)?:\/\//i.test(location)) return PostgresJournal.open(location, { workerId, leaseMs, poolSize: rest.poolSize });
  return SqliteJournal.open(location, { workerId, leaseMs });
}
