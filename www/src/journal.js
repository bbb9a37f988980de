// The console's own record of the refunds started from it, kept in localStorage: who
// started each one (the operator), why (reason and note), its idempotency key, and what
// became of it. The payment's timeline shows these beside the provider's own list, and a
// refund whose outcome was unknown when the page closed is still unresolved when it opens
// again, with the same key. Nothing here holds card data: card refunds keep their inputs
// in memory only, and notes are stored with card numbers masked.
import { maskCardNumber } from "refundkit";

const STORAGE_KEY = "refundkit.console.journal.v1";
const KEEP = 200;

function load() {
  try {
    const records = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(records) ? records : [];
  } catch {
    return [];
  }
}

let records = load();

function save() {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(records.slice(-KEEP)));
  } catch {
    // Storage full or disabled: the record still lives for this page.
  }
}

/** Stores (or replaces, by id) one record; `note` is masked on the way in. */
export function record(entry) {
  const clean = { ...entry, note: entry.note ? maskCardNumber(entry.note) : entry.note };
  const i = records.findIndex((r) => r.id === clean.id);
  if (i >= 0) records[i] = clean;
  else records.push(clean);
  save();
}

/** Every record of one payment (provider + scope), oldest first. */
export function forScope(scope) {
  return records.filter((r) => r.scope === scope);
}

export function all() {
  return [...records];
}

/** Finds the record of a refund by its provider id. */
export function byRefundId(provider, refundId) {
  return records.find((r) => r.provider === provider && r.refundId === refundId) ?? null;
}
