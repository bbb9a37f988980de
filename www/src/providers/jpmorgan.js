// J.P. Morgan Online Payments in the console: the payment from getPayment, refunds of the
// payment through reverseOrRefund (an authorization not captured yet is voided or lowered
// instead), refunds of one capture of a multi-capture order (JpMorganRefund with captureId)
// and standalone refunds to a card. J.P. Morgan has no payment search, so the console lists
// the sandbox's sample payments.
import { JpMorganRefund } from "refundkit";
import { statusOf } from "../status.js";
import { currencyField, money, cardFields, expiry } from "./fields.js";

const STATES = { AUTHORIZED: "Authorized, not captured yet", CLOSED: "Captured", VOIDED: "Voided" };

function paymentView(p) {
  const currency = p.currency;
  const state = p.transactionState;
  const authorized = state === "AUTHORIZED";
  // What is left: of an authorization not captured, the authorization itself (a reversal
  // lowers it); of a captured payment, what J.P. Morgan says is refundable.
  const remaining = authorized ? p.amount : state === "VOIDED" ? 0 : p.remainingRefundable?.minor ?? 0;
  const request = p.paymentRequest ?? {};
  const captures = (request.captures ?? []).filter((c) => c.captureId !== p.transactionId);
  return {
    provider: "jpmorgan",
    id: p.transactionId,
    title: `${p.paymentMethodType?.card?.cardTypeName ?? "Card"} payment`,
    amount: { minor: p.amount, currency },
    remaining: { minor: remaining, currency },
    currency,
    reversible: authorized,
    state: STATES[state] ?? state,
    providerState: [state, p.captureMethod].filter(Boolean).join(" · "),
    facts: [
      ["Card", [p.paymentMethodType?.card?.maskedAccountNumber, p.paymentMethodType?.card?.cardTypeName].filter(Boolean).join(" · ")],
      ["Captures", captures.length ? `${captures.length} (refund one of them below)` : undefined],
    ],
    captures: captures.map((c) => ({ id: c.captureId, amount: c.amount, remaining: c.captureRemainingRefundableAmount ?? 0 })),
    refunds: (request.refunds ?? []).map((r) => ({
      id: r.refundId,
      kind: "refund",
      amount: { minor: r.amount, currency },
      status: statusOf("jpmorgan", r.transactionStatusCode),
      providerStatus: r.transactionStatusCode,
      date: null,
    })),
  };
}

export function createJpMorgan({ seed, client }) {
  const payments = seed.jpmorgan.payments ?? [];
  return {
    id: "jpmorgan",
    label: "J.P. Morgan",
    idLabel: "Transaction ID",
    samples: payments.map((p) => ({ id: p.id, label: p.purpose })),
    find: async (id) => paymentView(await client().getPayment(id)),
    search: null,

    refund: {
      previewNote: (payment) => (payment.reversible
        ? "This authorization is not captured: the button sends reverseOrRefund, which reads the payment (GET /payments/{id}) and then voids or lowers it (PATCH /payments/{id}) instead of this refund."
        : "The button sends reverseOrRefund: it reads the payment (GET /payments/{id}) first, then sends this refund. A capture is refunded as shown."),
      reasonWhere: "J.P. Morgan's refund has no reason field: the reason and note stay in this console's timeline.",
      /** Multi-capture orders: the whole transaction, or one capture (limited by what that capture has left). */
      targets: (payment) => (payment.captures.length
        ? [["transaction", `The whole transaction`], ...payment.captures.map((c) => [c.id, `Capture ${c.id}`])]
        : null),
      remainingFor: (payment, v) => {
        const capture = payment.captures.find((c) => c.id === v.target);
        return capture ? capture.remaining : payment.remaining.minor;
      },
      builder: (payment, v) => new JpMorganRefund(target(payment, v)),
      call: (payment, v) => (isCapture(payment, v)
        ? { method: "send", builderKind: "JpMorganRefund", args: [target(payment, v)] }
        : { method: "reverseOrRefund", args: [{ transactionId: payment.id, amount: money(v.amount, payment.currency) }] }),
      paths: { amount: ["amount"], target: ["transactionId", "captureId"] },
    },

    otherKinds: [{ value: "standalone", label: "Standalone refund", form: standaloneForm }],
  };
}

const isCapture = (payment, v) => payment.captures.some((c) => c.id === v.target);

function target(payment, v) {
  const amount = money(v.amount, payment.currency);
  return isCapture(payment, v) ? { captureId: v.target, amount } : { transactionId: payment.id, amount };
}

function standaloneForm() {
  return {
    title: "Standalone refund to a card",
    intro: "Refunds to a card with no transaction to refer to (J.P. Morgan standaloneRefund).",
    fields: [currencyField(), { name: "amount", label: "Amount", inputmode: "decimal" },
      ...cardFields("card.accountNumber", "card.expiry")],
    builderKind: "JpMorganRefund",
    makeBuilder: (fields) => new JpMorganRefund(fields),
    toFields: (v) => ({ card: { accountNumber: v.cardNumber, expiry: expiry(v) }, amount: money(v.amount, v.currency) }),
    persist: false,
    submitLabel: (amount) => (amount ? `Refund ${amount} to the card` : "Refund to the card"),
  };
}
