// Payroc in the console: payments come from the real API (getPayment, listPayments with
// paging), refunds go through PayrocRefund / PayrocUnreferencedRefund builders, and device
// refunds through PayrocRefundInstruction on Payroc Cloud.
import { PayrocClient, PayrocRefund, PayrocUnreferencedRefund, PayrocRefundInstruction } from "refundkit";
import { endpoints } from "../sandbox.js";
import { fetchNoStore } from "../fetch.js";
import { payrocToken } from "../auth.js";
import { modeField, amountField, currencyField, money, orderId, cardFields, expiry } from "./fields.js";

/** Payroc's payment object (plus the SDK's `remainingRefundable`) as the console shows it. */
function paymentView(p) {
  const currency = p.order?.currency;
  return {
    id: p.paymentId,
    title: p.order?.description ?? p.order?.orderId,
    amount: { minor: p.order?.amount, currency },
    remaining: p.remainingRefundable ? { minor: p.remainingRefundable.minor, currency } : null,
    state: p.transactionResult?.status,
    facts: [
      ["Order", p.order?.orderId],
      ["Date", p.order?.dateTime],
      ["Card", [p.card?.cardNumber, p.card?.type].filter(Boolean).join(" · ")],
      ["Cardholder", p.card?.cardholderName],
      ["Settlement", p.settlement?.settledBy ?? undefined],
    ],
    refunds: (p.refunds ?? []).map((r) => ({
      id: r.refundId, amount: { minor: Math.abs(r.amount), currency: r.currency ?? currency },
      status: r.status, date: r.dateTime,
    })),
  };
}

export function createPayroc({ seed, maxRetries, onEvent }) {
  const client = new PayrocClient({ baseUrl: endpoints.payroc.baseUrl, getAccessToken: payrocToken, maxRetries, onEvent, fetch: fetchNoStore });
  const terminals = seed.payroc.processingTerminals ?? [];
  const terminalId = terminals[0]?.processingTerminalId ?? "";
  const devices = terminals.flatMap((t) => (t.devices ?? []).map((d) => ({ ...d, processingTerminalId: t.processingTerminalId })));

  return {
    id: "payroc",
    label: "Payroc",
    client,
    samples: (seed.payroc.payments ?? []).map((p) => ({ id: p.id, label: `${p.description} (${p.currency})` })),
    idLabel: "Payment id",
    find: async (id) => paymentView(await client.getPayment(id)),

    search: {
      fields: [
        { name: "last4", label: "Card last 4", inputmode: "numeric", maxlength: 4 },
        { name: "orderId", label: "Order id" },
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
        const page = await client.listPayments(input);
        return { payments: page.data.map(paymentView), next: page.next ?? null };
      },
    },

    refundForm(payment) {
      const currency = payment.amount.currency;
      return {
        title: `Refund payment ${payment.id}`,
        fields: [
          modeField,
          amountField(currency),
          { name: "description", label: "Reason", value: "Refund from the console" },
        ],
        makeBuilder: () => new PayrocRefund({ paymentId: payment.id }),
        toFields: (v) => ({
          paymentId: payment.id,
          amount: v.mode === "full" ? null : money(v.amount, currency),
          description: v.description,
        }),
        submitLabel: "Refund",
      };
    },

    chargeForm: null,

    unreferencedForm() {
      return {
        title: "Unreferenced refund (no original payment)",
        intro: "Pays money back to a card with no payment to refer to (POST /refunds).",
        fields: [
          { name: "channel", label: "Channel", type: "select", value: "pos", options: [["pos", "In person (pos)"], ["moto", "Mail / phone (moto)"], ["web", "Web"]] },
          { name: "processingTerminalId", label: "Processing terminal", type: "select", value: terminalId, options: terminals.map((t) => [t.processingTerminalId, t.processingTerminalId]) },
          { name: "orderId", label: "Order id", value: orderId("RFD"), paths: ["order.orderId"] },
          { name: "description", label: "Description", value: "Goodwill refund", paths: ["order.description"] },
          currencyField(),
          { name: "amount", label: "Amount", inputmode: "decimal", paths: ["order.amount", "order.currency"] },
          ...cardFields("refundMethod.card.cardNumber", "refundMethod.card.expiry"),
        ],
        makeBuilder: () => new PayrocUnreferencedRefund({}),
        toFields: (v) => ({
          channel: v.channel,
          processingTerminalId: v.processingTerminalId,
          order: { orderId: v.orderId, description: v.description, amount: money(v.amount, v.currency) },
          refundMethod: { type: "card", card: { cardNumber: v.cardNumber, expiry: expiry(v) } },
        }),
        submitLabel: "Send unreferenced refund",
      };
    },

    deviceForm() {
      return {
        title: "Device refund (Payroc Cloud)",
        intro: "Sends a refund instruction to a terminal; the customer presents their card there.",
        fields: [
          { name: "serialNumber", label: "Device", type: "select", value: devices[0]?.serialNumber,
            options: devices.map((d) => [d.serialNumber, `${d.model ?? "device"} ${d.serialNumber}`]) },
          { name: "orderId", label: "Order id", value: orderId("DEV"), paths: ["order.orderId"] },
          currencyField(),
          { name: "amount", label: "Amount", inputmode: "decimal", paths: ["order.amount", "order.currency"] },
          { name: "description", label: "Description", value: "Refund at the counter", paths: ["order.description"] },
        ],
        makeBuilder: () => new PayrocRefundInstruction({}),
        toFields: (v) => ({
          serialNumber: v.serialNumber,
          processingTerminalId: devices.find((d) => d.serialNumber === v.serialNumber)?.processingTerminalId ?? terminalId,
          order: { orderId: v.orderId, amount: money(v.amount, v.currency), ...(v.description ? { description: v.description } : {}) },
        }),
        submitLabel: "Send to device",
      };
    },
  };
}
