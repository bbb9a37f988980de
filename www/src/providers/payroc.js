// Payroc in the console: payments from the real API (getPayment, listPayments with paging),
// refunds of a payment through reverseOrRefund (validated live by the PayrocRefund builder),
// unreferenced refunds (PayrocUnreferencedRefund) and Payroc Cloud device refunds
// (PayrocRefundInstruction).
import { PayrocRefund, PayrocUnreferencedRefund, PayrocRefundInstruction } from "refundkit";
import { statusOf } from "../status.js";
import { currencyField, money, orderId, cardFields, expiry, reasonText } from "./fields.js";

const REVERSE_OPERATIONS = ["fullyReverse", "partiallyReverse"];

/** Payroc's payment (plus the SDK's `remainingRefundable`) as the console shows it. */
function paymentView(p) {
  const currency = p.order?.currency;
  const unsettled = p.settlementState === "unsettled" || (p.supportedOperations ?? []).some((op) => REVERSE_OPERATIONS.includes(op));
  const remaining = p.remainingRefundable?.minor ?? 0;
  return {
    provider: "payroc",
    id: p.paymentId,
    title: p.order?.description ?? p.order?.orderId ?? "",
    amount: { minor: p.order?.amount, currency },
    remaining: { minor: remaining, currency },
    currency,
    reversible: unsettled,
    state: unsettled ? "Open batch: not settled yet" : "Settled",
    providerState: [p.transactionResult?.status, p.settlementState].filter(Boolean).join(" · "),
    facts: [
      ["Order", p.order?.orderId],
      ["Date", p.order?.dateTime],
      ["Card", [p.card?.cardNumber, p.card?.type].filter(Boolean).join(" · ")],
      ["Cardholder", p.card?.cardholderName],
    ],
    refunds: (p.refunds ?? []).map((r) => ({
      id: r.refundId,
      kind: r.status === "reversal" ? "reversal" : "refund",
      amount: { minor: Math.abs(r.amount), currency: r.currency ?? currency },
      status: statusOf("payroc", r.status),
      providerStatus: r.status,
      date: r.dateTime,
    })),
  };
}

export function createPayroc({ seed, client }) {
  const terminals = seed.payroc.processingTerminals ?? [];
  const terminalId = terminals[0]?.processingTerminalId ?? "";
  const devices = terminals.flatMap((t) => (t.devices ?? []).map((d) => ({ ...d, processingTerminalId: t.processingTerminalId })));

  return {
    id: "payroc",
    label: "Payroc",
    idLabel: "Payment ID",
    samples: (seed.payroc.payments ?? []).map((p) => ({ id: p.id, label: `${p.description} (${p.currency}, ${p.state})` })),
    find: async (id) => paymentView(await client().getPayment(id)),

    search: {
      fields: [
        { name: "last4", label: "Card last 4", inputmode: "numeric", maxlength: 4 },
        { name: "orderId", label: "Order ID" },
        { name: "dateFrom", label: "From", type: "date" },
        { name: "dateTo", label: "To", type: "date" },
      ],
      /** The first page for the form's filters; `next` is the input of the following page. */
      input(values) {
        const input = { processingTerminalId: terminalId, limit: 3 };
        if (values.last4) input.last4 = values.last4;
        if (values.orderId) input.orderId = values.orderId;
        if (values.dateFrom) input.dateFrom = `${values.dateFrom}T00:00:00Z`;
        if (values.dateTo) input.dateTo = `${values.dateTo}T23:59:59Z`;
        return input;
      },
      async page(input) {
        const page = await client().listPayments(input);
        return { payments: page.data.map(paymentView), next: page.next ?? null };
      },
    },

    /** A refund of the payment: what the form's fields mean for this provider. */
    refund: {
      previewNote: () => "The button sends reverseOrRefund: it reads the payment first (this request), then refunds it, or reverses it while its batch is open.",
      reasonWhere: "Sent to Payroc as the refund's description (reason, then note), with your operator name.",
      builder: (payment, v) => {
        const description = reasonText(v.reason, v.note);
        return new PayrocRefund({ paymentId: payment.id, amount: money(v.amount, payment.currency),
          ...(description ? { description } : {}), ...(v.operator ? { operator: v.operator } : {}) });
      },
      /** reverseOrRefund: Payroc reads the payment, then reverses it while its batch is open, or refunds it. */
      call: (payment, v) => ({ method: "reverseOrRefund", args: [{ paymentId: payment.id, amount: money(v.amount, payment.currency),
        description: reasonText(v.reason, v.note), ...(v.operator ? { operator: v.operator } : {}) }] }),
      paths: { amount: ["amount"], note: ["description"], operator: ["operator"] },
    },

    otherKinds: [
      { value: "unreferenced", label: "Unreferenced refund", form: (ctx) => unreferencedForm(ctx, terminals, terminalId) },
      { value: "device", label: "Device refund (Payroc Cloud)", form: (ctx) => deviceForm(ctx, devices, terminalId) },
    ],
  };
}

function unreferencedForm({ operator }, terminals, terminalId) {
  return {
    title: "Unreferenced refund (no original payment)",
    intro: "Pays money back to a card with no payment to refer to (POST /refunds).",
    fields: [
      { name: "channel", label: "Channel", type: "select", value: "pos", options: [["pos", "In person (pos)"], ["moto", "Mail / phone (moto)"], ["web", "Web"]] },
      { name: "processingTerminalId", label: "Processing terminal", type: "select", value: terminalId, options: terminals.map((t) => [t.processingTerminalId, t.processingTerminalId]) },
      { name: "orderId", label: "Order ID", value: orderId("RFD"), paths: ["order.orderId"] },
      { name: "description", label: "Description", value: "Goodwill refund", paths: ["order.description"] },
      currencyField(),
      { name: "amount", label: "Amount", inputmode: "decimal", paths: ["order.amount", "order.currency"] },
      ...cardFields("refundMethod.card.cardNumber", "refundMethod.card.expiry"),
    ],
    builderKind: "PayrocUnreferencedRefund",
    makeBuilder: (fields) => new PayrocUnreferencedRefund(fields),
    toFields: (v) => ({
      channel: v.channel,
      processingTerminalId: v.processingTerminalId,
      ...(operator() ? { operator: operator() } : {}),
      order: { orderId: v.orderId, description: v.description, amount: money(v.amount, v.currency) },
      refundMethod: { type: "card", card: { cardNumber: v.cardNumber, expiry: expiry(v) } },
    }),
    // Card data stays in memory: the journal keeps no input it could be resent from.
    persist: false,
    submitLabel: (amount) => (amount ? `Refund ${amount} to the card` : "Refund to the card"),
  };
}

function deviceForm({ operator }, devices, terminalId) {
  return {
    title: "Device refund (Payroc Cloud)",
    intro: "Sends a refund instruction to a terminal; the customer presents their card there.",
    fields: [
      { name: "serialNumber", label: "Device", type: "select", value: devices[0]?.serialNumber,
        options: devices.map((d) => [d.serialNumber, `${d.model ?? "device"} ${d.serialNumber}`]) },
      { name: "orderId", label: "Order ID", value: orderId("DEV"), paths: ["order.orderId"] },
      currencyField(),
      { name: "amount", label: "Amount", inputmode: "decimal", paths: ["order.amount", "order.currency"] },
      { name: "description", label: "Description", value: "Refund at the counter", paths: ["order.description"] },
    ],
    builderKind: "PayrocRefundInstruction",
    device: true,
    makeBuilder: (fields) => new PayrocRefundInstruction(fields),
    toFields: (v) => ({
      serialNumber: v.serialNumber,
      processingTerminalId: devices.find((d) => d.serialNumber === v.serialNumber)?.processingTerminalId ?? terminalId,
      ...(operator() ? { operator: operator() } : {}),
      order: { orderId: v.orderId, amount: money(v.amount, v.currency), ...(v.description ? { description: v.description } : {}) },
    }),
    persist: true,
    submitLabel: (amount) => (amount ? `Send ${amount} to the device` : "Send to the device"),
  };
}
