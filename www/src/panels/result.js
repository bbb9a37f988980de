// The result panel: the normalized RefundResult, or the error with everything the SDK says
// about it, and "Retry safely" for a failed send: the same request with the same idempotency
// key, so the provider answers with the refund it already made instead of paying twice.
import { h, replace, facts } from "../dom.js";
import { formatView } from "../money.js";

export function createResultPanel() {
  const body = h("div", { class: "result-body", "aria-live": "polite" },
    h("p", { class: "muted" }, "The outcome of the last refund shows here."));
  const element = h("section", { class: "panel", "aria-labelledby": "result-title" },
    h("header", { class: "panel-head" }, h("h2", { id: "result-title" }, "Result")), body);

  function showPending(text) {
    replace(body, h("p", { class: "pending", role: "status" }, text));
  }

  function showResult(result) {
    replace(body,
      h("p", { class: `status status-${result.status}` }, h("span", { class: "status-word", "data-testid": "result-status" }, result.status)),
      facts([
        ["Provider status", h("code", { "data-testid": "result-provider-status" }, result.providerStatus)],
        ["Refund id", result.refundId ? h("code", { "data-testid": "result-refund-id" }, result.refundId) : "none"],
        ["Amount", formatView(result.amount)],
        ["Left to refund", formatView(result.remainingRefundable)],
        ["Approval code", result.approvalCode],
        ["Idempotency key", h("code", { "data-testid": "result-idempotency-key" }, result.idempotencyKey ?? "none")],
      ]),
      h("details", {}, h("summary", {}, "Provider response"), h("pre", {}, JSON.stringify(result.raw, null, 2))));
  }

  /** Shows an error; `retry` (when given) resends with the error's idempotency key. */
  function showError(error, retry) {
    const issues = error.issues ?? [];
    const canRetry = retry && error.idempotencyKey;
    replace(body,
      h("div", { class: "error", role: "alert" },
        h("p", { class: "status status-error" }, h("span", { class: "status-word", "data-testid": "result-status" }, error.code ?? "error")),
        h("p", { "data-testid": "result-error" }, error.message),
        issues.length ? h("ul", {}, issues.map((i) => h("li", {}, `${i.path}: ${i.message}`))) : null),
      facts([
        ["Retryable", error.retryable ? "yes: resending with the same key is safe" : "no"],
        ["HTTP status", error.httpStatus],
        ["Provider", error.provider],
        ["Idempotency key", error.idempotencyKey ? h("code", { "data-testid": "result-idempotency-key" }, error.idempotencyKey) : null],
      ]),
      error.details ? h("details", {}, h("summary", {}, "Provider error"), h("pre", {}, JSON.stringify(error.details, null, 2))) : null,
      canRetry ? h("button", { type: "button", class: "primary", onclick: () => retry(error.idempotencyKey) },
        "Retry safely (same idempotency key)") : null);
  }

  return { element, showPending, showResult, showError };
}
