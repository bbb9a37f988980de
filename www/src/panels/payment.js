// The selected payment: what was paid, what is left, its state, and its timeline: every
// refund and reversal the provider lists, joined with the console's journal (who started it
// here, why, under which idempotency key) and with the refunds of this console whose outcome
// is not known yet. Pending ones are followed live (waitForFinal) and can be checked now.
import { h, replace, facts } from "../dom.js";
import { display } from "../money.js";
import * as journal from "../journal.js";
import { reasonLabel } from "../providers/fields.js";
import { statusBadge } from "./badge.js";

const STATE_STATUS = { sending: "sending", unknown: "unknown" };

function when(text) {
  if (!text) return "";
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : d.toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** The payment's refunds, the provider's and the journal's, newest first. */
export function timeline(payment, intents) {
  const scope = `${payment.provider}:${payment.id}`;
  const records = journal.forScope(scope);
  const rows = payment.refunds.map((r) => {
    const mine = records.find((j) => j.refundId === r.id);
    return { ...r, mine, date: r.date ?? mine?.createdAt ?? null };
  });
  for (const j of records) {
    if (rows.some((r) => r.mine === j)) continue;
    if (STATE_STATUS[j.state]) {
      // A refund of this console whose outcome is not known yet may be one the provider lists
      // already (same amount, made since): shown on that row as "maybe", never as a second one.
      const since = Date.parse(j.createdAt) - 60_000;
      const twin = rows.find((r) => !r.mine && !r.maybe && r.amount && j.amount && r.amount.minor === j.amount.minor
        && r.amount.currency === j.amount.currency && (!r.date || Date.parse(r.date) >= since));
      if (twin) twin.maybe = j;
      else rows.push({ id: j.refundId, kind: j.kind, amount: j.amount, status: STATE_STATUS[j.state], providerStatus: "", date: j.createdAt, mine: j });
    } else if (j.state === "done" && j.refundId) {
      rows.push({ id: j.refundId, kind: j.kind, amount: j.amount, status: j.status, providerStatus: j.providerStatus, date: j.createdAt, mine: j });
    }
  }
  for (const r of rows) {
    const live = r.id ? intents.live.get(`${payment.provider}:${r.id}`) : null;
    if (live?.status) {
      r.status = live.status;
      r.providerStatus = live.providerStatus ?? r.providerStatus;
    }
    r.live = live;
  }
  return rows.sort((a, b) => String(b.date ?? "").localeCompare(String(a.date ?? "")));
}

export function createPaymentPanel({ intents }) {
  const body = h("div", {}, h("p", { class: "muted" }, "Find a payment to see its refunds and what is left."));
  const element = h("section", { class: "panel payment-panel", "aria-labelledby": "payment-title" },
    h("header", { class: "panel-head" }, h("h2", { id: "payment-title" }, "Payment")), body);
  const timelineSlot = h("div", { class: "timeline-slot" });
  let payment = null;

  function renderTimeline() {
    if (!payment) return;
    const rows = timeline(payment, intents);
    for (const r of rows) {
      if (r.status === "pending" && r.id && !r.live) intents.watch(payment.provider, { provider: payment.provider, kind: r.kind ?? "refund", refundId: r.id });
    }
    replace(timelineSlot,
      h("h3", {}, `Timeline (${rows.length})`),
      rows.length
        ? h("ol", { class: "timeline", "data-testid": "timeline" }, rows.map((r) => h("li", {
          class: "timeline-row", "data-testid": "timeline-row", dataset: { refundId: r.id ?? "", status: r.status, key: r.mine?.key ?? "" },
        },
        h("div", { class: "tl-main" },
          h("strong", { class: "num" }, r.amount ? display(r.amount.minor, r.amount.currency) : "everything left"),
          h("span", { class: "tl-kind" }, r.kind === "reversal" ? "Reversal" : "Refund"),
          statusBadge(r.status, r.providerStatus, { testid: "timeline-status" }),
          r.status === "pending" && r.id ? h("button", { type: "button", class: "secondary small", disabled: r.live?.checking,
            onclick: () => intents.checkRefund(payment.provider, r.id, r.kind ?? "refund") }, r.live?.watching ? "Check now (following)" : "Check now") : null),
        r.maybe ? h("p", { class: "tl-maybe" }, `Maybe the ${r.maybe.kind === "reversal" ? "reversal" : "refund"} started here by ${r.maybe.operator || "an unnamed operator"} whose outcome is not known yet (key `,
          h("code", {}, r.maybe.key), "): Check it in the refund panel.") : null,
        h("div", { class: "tl-meta muted" },
          when(r.date),
          r.mine ? [" · by ", h("span", { "data-testid": "timeline-operator" }, r.mine.operator || "unnamed operator")] : r.maybe ? "" : " · not started from this console",
          r.mine?.reason ? ` · ${reasonLabel(r.mine.reason)}${r.mine.note ? `: ${r.mine.note}` : ""}` : ""),
        h("div", { class: "tl-ids" },
          r.id ? h("span", {}, "ID ", h("code", {}, r.id)) : h("span", { class: "muted" }, "no ID yet"),
          r.mine?.key ? h("span", {}, "Key ", h("code", { "data-testid": "timeline-key" }, r.mine.key)) : null))))
        : h("p", { class: "muted" }, "No refunds yet."),
      payment.fromLedger ? h("p", { class: "note" }, "Sandbox only: this provider's API has no charge lookup, so the charge comes from the sandbox seed and its refunds from the sandbox ledger.") : null);
  }

  function show(p) {
    payment = p;
    const left = p.reversible ? "Left to reverse" : "Left to refund";
    replace(body,
      h("p", { class: "payment-title" }, h("code", { "data-testid": "payment-id" }, p.id), " ", p.title ?? ""),
      h("div", { class: "amounts" },
        h("div", {}, h("span", { class: "label" }, "Amount"), h("strong", { "data-testid": "payment-amount" }, display(p.amount.minor, p.currency))),
        h("div", {}, h("span", { class: "label" }, left), h("strong", { "data-testid": "payment-remaining" }, display(p.remaining.minor, p.currency)))),
      facts([["State", h("span", {}, h("span", { "data-testid": "payment-state" }, p.state), " ", h("span", { class: "provider-word" }, p.providerState))], ...p.facts]),
      timelineSlot);
    renderTimeline();
  }

  function clear(text) {
    payment = null;
    replace(body, h("p", { class: "muted" }, text));
  }

  intents.onChange(() => renderTimeline());
  return { element, show, clear };
}
