// J.P. Morgan's and Commerce Hub's refund APIs have no "get payment": a real dashboard
// reads its own order database. In the sandbox the console reads the seed's sample
// payments and the sandbox ledger instead, and says so on screen.
import { loadLedger } from "../sandbox.js";

/**
 * A payment view from a seed record and the ledger entries that refer to it.
 * `references` are every id the ledger may use for it (transaction, captures).
 */
export async function seedPaymentView(provider, record, references, facts) {
  const ledger = await loadLedger();
  const refunds = ledger
    .filter((e) => e.provider === provider && references.includes(e.reference))
    .map((e) => ({ id: e.refundId, amount: { minor: e.amount, currency: e.currency }, status: "refunded", date: e.time }));
  const refunded = refunds.reduce((sum, r) => sum + r.amount.minor, 0);
  return {
    id: record.id,
    title: record.purpose,
    amount: { minor: record.amount, currency: record.currency },
    remaining: { minor: Math.max(0, record.amount - refunded), currency: record.currency },
    state: record.state,
    facts,
    refunds,
    fromLedger: true,
  };
}

export function notFound(provider, id) {
  const error = new Error(`No ${provider} payment with id ${id} in the sandbox seed`);
  error.code = "not_found";
  return error;
}
