// J.P. Morgan Online Payments in the console: full, partial and multi-capture refunds
// through the JpMorganRefund builder, and standalone refunds to a card.
import { JpMorganClient, JpMorganRefund } from "refundkit";
import { endpoints } from "../sandbox.js";
import { fetchNoStore } from "../fetch.js";
import { jpmorganToken } from "../auth.js";
import { seedPaymentView, notFound } from "./ledger-payments.js";
import { modeField, amountField, currencyField, money, cardFields, expiry } from "./fields.js";

const merchantSoftware = { companyName: "refundkit", productName: "refund console", version: "1.0" };

export function createJpMorgan({ seed, maxRetries, onEvent }) {
  const client = new JpMorganClient({
    baseUrl: endpoints.jpmorgan.baseUrl, merchantId: seed.jpmorgan.merchantId, getAccessToken: jpmorganToken,
    merchantSoftware, maxRetries, onEvent, fetch: fetchNoStore,
  });
  const payments = seed.jpmorgan.payments ?? [];

  return {
    id: "jpmorgan",
    label: "J.P. Morgan",
    client,
    samples: payments.map((p) => ({ id: p.id, label: `${p.purpose}` })),
    idLabel: "Transaction id",
    async find(id) {
      const record = payments.find((p) => p.id === id || p.captures?.some((c) => c.id === id));
      if (!record) throw notFound("J.P. Morgan", id);
      const captures = record.captures ?? [];
      const view = await seedPaymentView("jpmorgan", record, [record.id, ...captures.map((c) => c.id)], [
        ["Card", `${record.card?.maskedAccountNumber ?? ""} · ${record.card?.cardTypeName ?? ""}`],
        ["Captures", captures.length ? captures.map((c) => c.id).join(", ") : "one (the transaction itself)"],
      ]);
      view.captures = captures;
      return view;
    },
    search: null,

    refundForm(payment) {
      const currency = payment.amount.currency;
      const targets = [["transaction", `The whole transaction ${payment.id}`],
        ...payment.captures.map((c) => [c.id, `Capture ${c.id}`])];
      return {
        title: `Refund transaction ${payment.id}`,
        fields: [
          ...(payment.captures.length ? [{ name: "target", label: "Refund against", type: "select", value: "transaction", options: targets, paths: ["transactionId", "captureId"] }] : []),
          modeField,
          amountField(currency),
        ],
        makeBuilder: () => new JpMorganRefund({ transactionId: payment.id }),
        toFields: (v) => {
          const capture = v.target && v.target !== "transaction" ? v.target : null;
          return {
            transactionId: capture ? null : payment.id,
            captureId: capture,
            amount: v.mode === "full" ? null : money(v.amount, currency),
          };
        },
        submitLabel: "Refund",
      };
    },

    chargeForm: null,

    unreferencedForm() {
      return {
        title: "Standalone refund to a card",
        intro: "Refunds to a card with no transaction to refer to (J.P. Morgan standaloneRefund).",
        fields: [currencyField(), { name: "amount", label: "Amount", inputmode: "decimal" },
          ...cardFields("card.accountNumber", "card.expiry")],
        makeBuilder: () => new JpMorganRefund({}),
        toFields: (v) => ({
          card: { accountNumber: v.cardNumber, expiry: expiry(v) },
          amount: money(v.amount, v.currency),
        }),
        submitLabel: "Send standalone refund",
      };
    },

    deviceForm: null,
  };
}
