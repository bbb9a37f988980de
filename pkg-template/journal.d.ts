// refundkit/journal (Node only): where refundMany keeps each row's progress (docs/BULK.md).

/** Options of `openJournal`. */
export interface JournalOptions {
  /** This process's name in the journal (random by default); workers sharing a batch need distinct ids. */
  workerId?: string;
  /** How long a claimed row stays this worker's without a heartbeat (ms, at least 1000; default 30000). */
  leaseMs?: number;
  /** PostgreSQL only: connections in this worker's pool (default 10). */
  poolSize?: number;
}

/** One row as a journal keeps it. */
export interface JournalRow {
  rowId: string;
  seq: number;
  key: string;
  fingerprint: string;
  reference: string | null;
  currency: string | null;
  /** The amount planned, in minor units as decimal digits; null for everything that is left. */
  minor: string | null;
  /** planned: nothing made under its key; sent: may have been sent; unknown; pending; done. */
  state: "planned" | "sent" | "unknown" | "pending" | "done";
  status: string | null;
  attempts: number;
  sentAt: number | null;
  lookup: Record<string, unknown> | null;
  target: Record<string, unknown> | null;
  refundId: string | null;
  amount: { minor: number; currency: string; formatted: string } | null;
  errorCode: string | null;
  errorMessage: string | null;
  worker: string | null;
}

/** What every journal answers (refundMany calls it; `rows` is for reports). */
export interface Journal {
  readonly workerId: string;
  readonly leaseMs: number;
  readonly kind: "memory" | "file" | "postgres";
  rows(batchId: string): Promise<JournalRow[]>;
  close(): Promise<void>;
}

export declare class MemoryJournal implements Journal {
  constructor(options?: Omit<JournalOptions, "poolSize">);
  readonly workerId: string;
  readonly leaseMs: number;
  readonly kind: "memory";
  rows(batchId: string): Promise<JournalRow[]>;
  close(): Promise<void>;
}

/** A journal at `location`: a file path (SQLite, needs better-sqlite3), a postgres:// URL (needs pg), or ":memory:". */
export declare function openJournal(location: string, options?: JournalOptions): Promise<Journal>;
