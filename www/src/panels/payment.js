// The selected payment: its amount, its refunds and what is left to refund.
import { h, replace, facts } from "../dom.js";
import { formatAmount } from "../money.js";

export function createPaymentPanel() {
  const body = h("div", {}, h("p", { class: "muted" }, "Find a payment to see its refunds and what is left."));
  const element = h("section", { class: "panel", "aria-labelledby": "payment-title" },
    h("header", { class: "panel-head" }, h("h2", { id: "payment-title" }, "Payment")), body);

  function show(p) {
    const money = (a) => formatAmount(a.minor, a.currency);
    replace(body,
      h("p", { class: "payment-title" }, h("code", { "data-testid": "payment-id" }, p.id), " ", p.title ?? ""),
      h("div", { class: "amounts" },
        h("div", {}, h("span", { class: "label" }, "Paid"), h("strong", { "data-testid": "payment-amount" }, money(p.amount))),
        h("div", {}, h("span", { class: "label" }, "Left to refund"),
          h("strong", { "data-testid": "payment-remaining", "aria-live": "polite" }, p.remaining ? money(p.remaining) : "unknown"))),
      facts([["State", p.state], ...p.facts]),
      h("h3", {}, `Refunds (${p.refunds.length})`),
      p.refunds.length
        ? h("div", { class: "table-wrap" }, h("table", { class: "refunds", "data-testid": "refunds" },
          h("thead", {}, h("tr", {}, ["Refund", "Amount", "Status", "Date"].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, p.refunds.map((r) => h("tr", {},
            h("td", {}, h("code", {}, r.id)), h("td", { class: "num" }, money(r.amount)), h("td", {}, r.status), h("td", {}, r.date ?? ""))))))
        : h("p", { class: "muted" }, "No refunds yet."),
      p.fromLedger ? h("p", { class: "note" }, "Refunds and what is left come from the sandbox ledger (sandbox-only): this provider's refund API has no payment lookup.") : null);
  }

  function clear(text) {
    replace(body, h("p", { class: "muted" }, text));
  }

  return { element, show, clear };
}
