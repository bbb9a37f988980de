// The refunds list. Payroc lists refunds (listRefunds: filters, pages of `limit` with the
// `next` input each page returns); pending ones are followed live. J.P. Morgan and Commerce
// Hub have no refund list: the page says what they offer instead. Below, for every provider,
// the refunds started from this console (its journal), with who started them and their key.
import { h, replace, uid } from "../dom.js";
import { display, displayView } from "../money.js";
import * as journal from "../journal.js";
import { PROVIDER_NAMES } from "../status.js";
import { reasonLabel } from "../providers/fields.js";
import { statusBadge } from "../panels/badge.js";

const PAGE_SIZE = 5;
const STATUSES = ["ready", "pending", "declined", "complete", "referral", "reversal", "accepted"];

const OTHERS = {
  jpmorgan: [
    "J.P. Morgan's Online Payments API has no refund list. It offers, per refund: GET /refunds/{transactionId} (getRefund, by the refund's own ID) and GET /refunds?requestIdentifier= (getRefundByRequestId, by the request-id it was sent with, which is the console's idempotency key).",
    "Per payment, GET /payments/{id} lists its refunds in paymentRequest.refunds[]: the payment's timeline in the Refund view shows them.",
  ],
  commercehub: [
    "Commerce Hub's payments API has no refund list. Its transaction inquiry (POST /payments/v1/transaction-inquiry) finds one order's charge with all its refunds and cancels, or a single transaction by its transaction ID, merchant transaction ID or Client-Request-Id; syncRefund uses it to follow a refund.",
    "In this sandbox console a charge's refunds come from the sandbox ledger (the Refund view's timeline).",
  ],
};

export function createRefundsView({ clients, intents, openPayment }) {
  const element = h("div", { class: "refunds-view" });
  let provider = "payroc";
  let pages = [];
  let current = null;
  const results = h("div", { class: "list-results", "aria-live": "polite" });
  const journalSlot = h("div", {});

  async function load(input) {
    current = input;
    replace(results, h("p", { class: "muted", role: "status" }, "Loading refunds…"));
    try {
      const page = await clients.get("payroc").listRefunds(input);
      renderPage(page);
    } catch (e) {
      replace(results, h("div", { class: "field-error", role: "alert" }, h("p", { "data-testid": "list-error" }, e.issues?.[0]?.message ?? e.message)));
    }
  }

  function row(r) {
    const live = r.refundId ? intents.live.get(`payroc:${r.refundId}`) : null;
    if (r.status === "pending" && r.refundId && !live) intents.watch("payroc", { provider: "payroc", kind: r.kind, refundId: r.refundId });
    const mine = r.refundId ? journal.byRefundId("payroc", r.refundId) : null;
    const paymentId = r.raw?.payment?.paymentId;
    return h("li", { class: "list-row", "data-testid": "refund-row", dataset: { refundId: r.refundId ?? "" } },
      h("div", { class: "tl-main" },
        h("strong", { class: "num" }, displayView(r.amount)),
        h("span", { class: "tl-kind" }, r.kind === "reversal" ? "Reversal" : "Refund"),
        statusBadge(live?.status ?? r.status, live?.providerStatus ?? r.providerStatus, { testid: "row-status" })),
      h("div", { class: "tl-meta muted" },
        r.raw?.order?.dateTime ?? "", r.raw?.operator ? ` · by ${r.raw.operator}` : "", mine?.reason ? ` · ${reasonLabel(mine.reason)}` : ""),
      h("div", { class: "tl-ids" },
        h("span", {}, "ID ", h("code", {}, r.refundId ?? "none")),
        paymentId ? h("button", { type: "button", class: "link", onclick: () => openPayment("payroc", paymentId) }, `Payment ${paymentId}`) : h("span", { class: "muted" }, "no payment (unreferenced or device)")));
  }

  function renderPage(page) {
    const prev = h("button", { type: "button", class: "secondary", disabled: pages.length === 0, onclick: () => load(pages.pop()) }, "Previous page");
    const next = h("button", { type: "button", class: "secondary", disabled: !page.next, onclick: () => { pages.push(current); load(page.next); } }, "Next page");
    replace(results,
      page.data.length ? h("ol", { class: "list", "data-testid": "refund-list" }, page.data.map(row)) : h("p", { class: "muted" }, "No refunds match."),
      h("div", { class: "pager" }, prev, h("span", { class: "muted", "data-testid": "list-page" }, `Page ${pages.length + 1}`), next));
  }

  function payrocList() {
    const statusId = uid("status");
    const fromId = uid("from");
    const operatorId = uid("operator");
    const status = h("select", { id: statusId }, h("option", { value: "" }, "Any"), STATUSES.map((s) => h("option", { value: s }, s)));
    const from = h("input", { id: fromId, type: "date" });
    const operator = h("input", { id: operatorId, type: "text", autocomplete: "off", maxlength: 50 });
    const form = h("form", { class: "search list-filters", onsubmit: (e) => {
      e.preventDefault();
      pages = [];
      const input = { limit: PAGE_SIZE };
      if (status.value) input.status = status.value;
      if (from.value) input.dateFrom = `${from.value}T00:00:00Z`;
      if (operator.value.trim()) input.operator = operator.value.trim();
      load(input);
    } },
    h("div", { class: "grid-fields" },
      h("div", { class: "field" }, h("label", { for: statusId }, "Payroc status"), status),
      h("div", { class: "field" }, h("label", { for: operatorId }, "Operator"), operator),
      h("div", { class: "field" }, h("label", { for: fromId }, "From"), from)),
    h("button", { type: "submit", class: "primary" }, "List refunds"));
    return h("section", { class: "panel", "aria-labelledby": "list-title" },
      h("header", { class: "panel-head" }, h("h2", { id: "list-title" }, "Payroc refunds")),
      h("p", { class: "muted" }, `listRefunds (GET /refunds), ${PAGE_SIZE} to a page, oldest first; reversals of open-batch payments are listed too (status reversal).`),
      form, results);
  }

  function otherProvider(p) {
    return h("section", { class: "panel", "aria-labelledby": "list-title" },
      h("header", { class: "panel-head" }, h("h2", { id: "list-title" }, `${PROVIDER_NAMES[p]} refunds`)),
      h("div", { "data-testid": "no-list" }, OTHERS[p].map((t) => h("p", {}, t))));
  }

  function renderJournal() {
    const records = journal.all().filter((r) => r.provider === provider).reverse();
    replace(journalSlot, h("section", { class: "panel", "aria-labelledby": "journal-title" },
      h("header", { class: "panel-head" }, h("h2", { id: "journal-title" }, "Started from this console")),
      h("p", { class: "muted" }, "This browser's record of the refunds started here: who, why, and the idempotency key."),
      records.length ? h("ol", { class: "list", "data-testid": "journal-list" }, records.map((r) => {
        const live = r.refundId ? intents.live.get(`${r.provider}:${r.refundId}`) : null;
        const status = live?.status ?? (r.state === "done" ? r.status : r.state === "failed" || r.state === "notMade" ? "failed" : "unknown");
        return h("li", { class: "list-row" },
          h("div", { class: "tl-main" }, h("strong", { class: "num" }, r.amount ? display(r.amount.minor, r.amount.currency) : ""),
            h("span", { class: "tl-kind" }, r.kind === "reversal" ? "Reversal" : "Refund"), statusBadge(status, live?.providerStatus ?? r.providerStatus ?? r.errorCode)),
          h("div", { class: "tl-meta muted" }, `${r.createdAt.replace("T", " ").slice(0, 16)} UTC · ${r.label ?? ""} · by ${r.operator || "unnamed operator"}`,
            r.reason ? ` · ${reasonLabel(r.reason)}` : ""),
          h("div", { class: "tl-ids" }, r.refundId ? h("span", {}, "ID ", h("code", {}, r.refundId)) : null, h("span", {}, "Key ", h("code", {}, r.key)),
            r.paymentId ? h("button", { type: "button", class: "link", onclick: () => openPayment(r.provider, r.paymentId) }, "Open payment") : null));
      })) : h("p", { class: "muted" }, "None yet.")));
  }

  intents.onChange(() => {
    if (!element.isConnected) return;
    renderJournal();
    for (const li of results.querySelectorAll("[data-testid=refund-row]")) {
      const live = intents.live.get(`payroc:${li.dataset.refundId}`);
      const badge = li.querySelector("[data-testid=row-status]");
      if (live?.status && badge && badge.dataset.status !== live.status) badge.parentElement.replaceWith(statusBadge(live.status, live.providerStatus, { testid: "row-status" }));
    }
  });

  return {
    element,
    show(p) {
      provider = p;
      pages = [];
      replace(results);
      replace(element, p === "payroc" ? payrocList() : otherProvider(p), journalSlot);
      renderJournal();
      if (p === "payroc") load({ limit: PAGE_SIZE });
    },
  };
}
