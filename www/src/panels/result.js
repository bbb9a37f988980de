// The result panel: everything the SDK answered for the last refund of the payment (or form)
// on screen, labelled with that payment: the normalized RefundResult with the provider's
// response, or the error with its code, whether it is retryable, HTTP status and the
// provider's error. It never shows one payment's result beside another payment.
import { h, replace, facts } from "../dom.js";
import { displayView } from "../money.js";
import { PROVIDER_NAMES } from "../status.js";
import { statusBadge } from "./badge.js";

export function createResultPanel({ intents }) {
  const body = h("div", { class: "result-body" });
  const element = h("section", { class: "panel result-panel", "aria-labelledby": "result-title" },
    h("header", { class: "panel-head" }, h("h2", { id: "result-title" }, "Result")), body);
  let scope = null;

  function render() {
    const intent = scope ? intents.latest(scope) : null;
    if (!intent) {
      replace(body, h("p", { class: "muted" }, "What the SDK answered for the last refund of this payment shows here."));
      return;
    }
    const owner = h("p", { class: "result-owner" }, "For ", h("span", { "data-testid": "result-owner" }, intent.label ?? PROVIDER_NAMES[intent.provider]));
    if (intent.state === "sending") {
      replace(body, owner, h("p", { class: "pending", role: "status" }, "Waiting for the answer…"));
      return;
    }
    const r = intent.result;
    if (r) {
      const live = r.refundId ? intents.live.get(`${intent.provider}:${r.refundId}`) : null;
      replace(body, owner,
        h("p", {}, statusBadge(live?.status ?? r.status, live?.providerStatus ?? r.providerStatus, { testid: "result-status" }), " ",
          h("span", { class: "muted" }, r.kind === "reversal" ? "reversal" : "refund")),
        facts([
          ["Refund ID", r.refundId ? h("code", { "data-testid": "result-refund-id" }, r.refundId) : "none"],
          ["Amount", displayView(r.amount)],
          ["Left to refund", displayView(r.remainingRefundable)],
          ["Approval code", r.approvalCode],
          ["Idempotency key", h("code", { "data-testid": "result-idempotency-key" }, r.idempotencyKey ?? intent.key)],
        ]),
        h("details", {}, h("summary", {}, "Provider response (redacted by the SDK)"), h("pre", {}, JSON.stringify(r.raw, null, 2))));
      return;
    }
    const e = intent.error ?? {};
    replace(body, owner,
      h("p", {}, statusBadge(intent.state === "unknown" ? "unknown" : "failed", e.code, { testid: "result-status" })),
      h("p", { "data-testid": "result-error" }, e.message),
      (e.issues ?? []).length ? h("ul", {}, e.issues.map((i) => h("li", {}, i.message, " ", h("code", { class: "api-path" }, i.path)))) : null,
      facts([
        ["Retryable", e.retryable ? "yes: sending it again with the same key is safe" : "no"],
        ["HTTP status", e.httpStatus],
        ["Idempotency key", h("code", { "data-testid": "result-idempotency-key" }, intent.key)],
      ]),
      e.details ? h("details", {}, h("summary", {}, "Provider error"), h("pre", {}, JSON.stringify(e.details, null, 2))) : null);
  }

  intents.onChange((changed) => {
    if (changed === null || changed === scope) render();
  });

  return {
    element,
    /** Shows the results of `next` (a payment's scope, or a form kind's). */
    follow(next) {
      scope = next;
      render();
    },
  };
}
