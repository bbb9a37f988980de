// What the two SQL journals (SQLite and PostgreSQL) share: how a row's fields map to columns,
// and how a stored row is read back. Their SQL differs; their columns do not.
import { CHANGE_KEYS, journalRow } from "./journal-memory.mjs";

const JSON_COLUMNS = new Set(["lookup", "target", "amount"]);
const column = (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A `record` change as `[column, value]` pairs, in CHANGE_KEYS order; JSON fields as text. */
export function changedColumns(change) {
  return CHANGE_KEYS.filter((k) => k in change).map((k) => {
    const v = change[k] ?? null;
    return [column(k), JSON_COLUMNS.has(k) && v != null ? JSON.stringify(v) : v];
  });
}

/** A stored row as a journal row: `minor` as a decimal string, `sentAt` as epoch ms. */
export function fromSqlRow(r) {
  const json = (t) => (t == null ? null : JSON.parse(t));
  return journalRow({
    rowId: r.row_id, seq: r.seq, key: r.key, fingerprint: r.fingerprint, reference: r.reference, currency: r.currency,
    minor: r.minor == null ? null : String(r.minor), state: r.state, status: r.status, attempts: r.attempts,
    sentAt: r.sent_at == null ? null : Number(r.sent_at), lookup: json(r.lookup), target: json(r.target), refundId: r.refund_id,
    amount: json(r.amount), errorCode: r.error_code, errorMessage: r.error_message, worker: r.worker,
  });
}
