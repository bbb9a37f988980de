// Fiserv Commerce Hub in the console: tagged refunds (CommerceHubRefund) by Commerce Hub
// transaction id or by the merchant's own transaction id, and the URI form
// (CommerceHubChargeRefund: POST /payments/v1/charges/{transactionId}/refund). Every request
// is HMAC-signed by the backend's sign() route: the page has the Api-Key (sent in a header
// anyway), never the secret.
import { CommerceHubClient, CommerceHubRefund, CommerceHubChargeRefund } from "refundkit";
import { endpoints } from "../sandbox.js";
import { fetchNoStore } from "../fetch.js";
import { commercehubSign } from "../auth.js";
import { seedPaymentView, notFound } from "./ledger-payments.js";
import { modeField, amountField, money } from "./fields.js";

/** The amount both refund forms send: none for "Everything that is left". */
function refundAmount(values, currency) {
  return values.mode === "full" ? null : money(values.amount, currency);
}

export function createCommerceHub({ seed, maxRetries, onEvent }) {
  const ch = seed.commercehub;
  const client = new CommerceHubClient({
    baseUrl: endpoints.commercehub.baseUrl, apiKey: ch.apiKey, merchantId: ch.merchantId, terminalId: ch.terminalId,
    sign: commercehubSign, maxRetries, onEvent, fetch: fetchNoStore,
  });
  const charges = ch.charges ?? [];

  return {
    id: "commercehub",
    label: "Commerce Hub",
    client,
    samples: charges.map((c) => ({ id: c.id, label: c.purpose })),
    idLabel: "Transaction id",
    async find(id) {
      const record = charges.find((c) => c.id === id || c.merchantTransactionId === id);
      if (!record) throw notFound("Commerce Hub", id);
      const view = await seedPaymentView("commercehub", record, [record.id], [
        ["Merchant transaction id", record.merchantTransactionId],
        ["Order", record.orderId],
        ["Card", `${record.card?.scheme ?? ""} ${record.card?.bin ?? ""}…${record.card?.last4 ?? ""}`],
      ]);
      view.merchantTransactionId = record.merchantTransactionId;
      return view;
    },
    search: null,

    refundForm(payment) {
      const currency = payment.amount.currency;
      return {
        title: `Refund charge ${payment.id}`,
        fields: [
          { name: "reference", label: "Refer to it by", type: "select", value: "transaction",
            options: [["transaction", `Transaction id ${payment.id}`], ["merchant", `Merchant transaction id ${payment.merchantTransactionId}`]],
            paths: ["referenceTransactionId", "referenceMerchantTransactionId"] },
          modeField,
          amountField(currency),
        ],
        makeBuilder: () => new CommerceHubRefund({ referenceTransactionId: payment.id }),
        toFields: (v) => ({
          referenceTransactionId: v.reference === "merchant" ? null : payment.id,
          referenceMerchantTransactionId: v.reference === "merchant" ? payment.merchantTransactionId : null,
          amount: refundAmount(v, currency),
        }),
        submitLabel: "Refund",
      };
    },

    /** The URI form: the charge is named in the path, the body has no reference details. */
    chargeForm(payment) {
      const currency = payment.amount.currency;
      return {
        title: `Refund charge ${payment.id} (URI form)`,
        intro: "POST /payments/v1/charges/{transactionId}/refund (refundCharge). Fiserv is sunsetting this form in favour of tagged refunds.",
        fields: [modeField, amountField(currency)],
        makeBuilder: () => new CommerceHubChargeRefund({ transactionId: payment.id }),
        toFields: (v) => ({ transactionId: payment.id, amount: refundAmount(v, currency) }),
        submitLabel: "Refund",
      };
    },

    unreferencedForm: null,
    deviceForm: null,
  };
}
