// Fiserv Commerce Hub in the console: refunds of a charge through reverseOrRefund (a charge
// before its cut time, or only authorized, is cancelled instead), by Commerce Hub transaction
// id or by the merchant's own transaction id, and the URI form (CommerceHubChargeRefund:
// POST /payments/v1/charges/{transactionId}/refund). Every request is HMAC-signed by the
// backend's sign() route: the page has the Api-Key (sent in a header anyway), never the
// secret. The SDK has no charge lookup, so the charge comes from the sandbox seed and what
// was refunded from its ledger (sandbox-only, said on screen).
import { CommerceHubRefund, CommerceHubChargeRefund } from "refundkit";
import { loadLedger } from "../sandbox.js";
import { money } from "./fields.js";

const STATES = { AUTHORIZED: "Authorized, not captured yet", CAPTURED: "Captured", VOIDED: "Voided" };

/** Commerce Hub's cancel reason for ours: a suspected fraud says so, anything else is a void. */
const reversalReason = (reason) => (reason === "fraudulent" ? "SUSPECTED_FRAUD" : "VOID");

async function chargeView(record) {
  const ledger = await loadLedger();
  const entries = ledger.filter((e) => e.provider === "commercehub" && e.reference === record.id);
  const taken = entries.reduce((sum, e) => sum + e.amount, 0);
  const cut = record.transactionCutTimeStamp ? Date.parse(record.transactionCutTimeStamp) : 0;
  const unsettled = record.state === "AUTHORIZED" || (record.state === "CAPTURED" && cut > Date.now());
  const remaining = record.state === "VOIDED" ? 0 : Math.max(0, record.amount - taken);
  return {
    provider: "commercehub",
    id: record.id,
    title: record.purpose,
    amount: { minor: record.amount, currency: record.currency },
    remaining: { minor: remaining, currency: record.currency },
    currency: record.currency,
    reversible: unsettled && remaining > 0,
    state: record.state === "CAPTURED" ? (unsettled ? "Captured, before its cut time (not settled)" : "Captured and settled") : STATES[record.state] ?? record.state,
    providerState: [record.state, record.transactionCutTimeStamp ? `cut ${record.transactionCutTimeStamp}` : ""].filter(Boolean).join(" · "),
    merchantTransactionId: record.merchantTransactionId,
    facts: [
      ["Merchant transaction ID", record.merchantTransactionId],
      ["Order", record.orderId],
      ["Card", `${record.card?.scheme ?? ""} ${record.card?.bin ?? ""}…${record.card?.last4 ?? ""}`.trim()],
    ],
    refunds: entries.map((e) => ({
      id: e.refundId, kind: e.kind, amount: { minor: e.amount, currency: e.currency }, status: e.status, providerStatus: "", date: e.time,
    })),
    fromLedger: true,
  };
}

export function notFound(id) {
  const error = new Error(`No Commerce Hub charge with transaction ID ${id} in the sandbox seed.`);
  error.code = "not_found";
  return error;
}

export function createCommerceHub({ seed }) {
  const charges = seed.commercehub.charges ?? [];
  const reference = (payment, v) => (v.reference === "merchant"
    ? { referenceMerchantTransactionId: payment.merchantTransactionId }
    : { referenceTransactionId: payment.id });

  return {
    id: "commercehub",
    label: "Commerce Hub",
    idLabel: "Transaction ID",
    samples: charges.map((c) => ({ id: c.id, label: c.purpose })),
    async find(id) {
      const record = charges.find((c) => c.id === id || c.merchantTransactionId === id);
      if (!record) throw notFound(id);
      return chargeView(record);
    },
    search: null,

    refund: {
      previewNote: (payment) => (payment.reversible
        ? "This charge is not settled (before its cut time): the button sends a cancel (reverse: POST /payments/v1/cancels) with this reference and amount instead of this refund."
        : null),
      reasonWhere: "Commerce Hub's refund has no reason field: the reason and note stay in this console's timeline (a cancel sends VOID, or SUSPECTED_FRAUD for a fraudulent one).",
      references: (payment) => (payment.merchantTransactionId
        ? [["transaction", `Transaction ID ${payment.id}`], ["merchant", `Merchant transaction ID ${payment.merchantTransactionId}`]]
        : null),
      builder: (payment, v) => new CommerceHubRefund({ ...reference(payment, v), amount: money(v.amount, payment.currency) }),
      // reverse (a cancel) while the charge is not settled, else refund, decided from the
      // charge's cut time on screen and kept with the refund, so a retry repeats the same call
      // under the same key. Not reverseOrRefund: it first asks the transaction inquiry what the
      // key already made, and the inquiry answers 404 when nothing was, which a browser logs as
      // an error on every refund.
      call: (payment, v) => (payment.reversible
        ? { method: "reverse", args: [{ ...reference(payment, v), amount: money(v.amount, payment.currency), reversalReasonCode: reversalReason(v.reason) }] }
        : { method: "refund", args: [{ ...reference(payment, v), amount: money(v.amount, payment.currency) }] }),
      paths: { amount: ["amount"], reference: ["referenceTransactionId", "referenceMerchantTransactionId"] },
    },

    otherKinds: [],
    /** The URI form of a refund of the selected charge. */
    chargeKind: {
      value: "charge",
      label: "URI-form refund of this charge",
      form: (ctx) => chargeForm(ctx.payment),
    },
  };
}

function chargeForm(payment) {
  const currency = payment.currency;
  return {
    title: `Refund charge ${payment.id} (URI form)`,
    intro: "POST /payments/v1/charges/{transactionId}/refund (refundCharge). Fiserv is sunsetting this form in favour of tagged refunds.",
    fields: [{ name: "amount", label: `Amount (${currency})`, inputmode: "decimal", paths: ["amount"],
      hint: `Up to what is left on the charge.` }],
    builderKind: "CommerceHubChargeRefund",
    makeBuilder: (fields) => new CommerceHubChargeRefund(fields),
    toFields: (v) => ({ transactionId: payment.id, amount: money(v.amount, currency) }),
    remaining: payment.remaining,
    persist: true,
    submitLabel: (amount) => (amount ? `Refund ${amount}` : "Refund"),
  };
}
