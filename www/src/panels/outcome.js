// What happened to a refund, in plain words, where the user clicked: sending, done
// (succeeded, pending with its live status, declined, failed, canceled), refused, or
// unknown ("may have gone through": only Check and Retry safely, with the same key).
import { h, facts } from "../dom.js";
import { display, displayView } from "../money.js";
import { PROVIDER_NAMES } from "../status.js";
import { statusBadge } from "./badge.js";

const time = (ms) => (ms ? new Date(ms).toLocaleTimeString("en-GB", { hour12: false }) : "");

/** Whether syncRefund can look this unknown refund up (Payroc needs the error's lookup). */
export function canCheck(intent) {
  const e = intent.error ?? {};
  return e.code === "outcome_unknown" || Boolean(e.lookup) || intent.provider !== "payroc";
}

function what(intent) {
  if (intent.call?.method === "device") return "device refund";
  if (intent.result?.kind === "reversal") return "reversal";
  return intent.kind === "reversal" ? "reversal" : "refund";
}

function keyLine(intent) {
  return h("p", { class: "key-line" }, "Idempotency key ", h("code", { "data-testid": "outcome-key" }, intent.key));
}

/**
 * @param intent  see intents.js
 * @param actions { check, retry, startNew, cancelDevice, checkNow }
 * @param live    the intents' live map ("provider:refundId" → { status, providerStatus, watching, checkedAt })
 */
export function renderOutcome(intent, actions, live) {
  const provider = PROVIDER_NAMES[intent.provider];
  const amount = intent.amount ? display(intent.amount.minor, intent.amount.currency) : "";
  const noun = what(intent);
  const title = (text) => h("h3", { class: "outcome-title", tabindex: "-1", "data-testid": "outcome-title" }, text);
  const box = (...children) => h("div", { class: `outcome outcome-${intent.state}`, "data-testid": "outcome", dataset: { state: intent.state, intent: intent.id } }, children);
  const startNew = (label = "Start a new refund") => h("button", { type: "button", class: "secondary", onclick: actions.startNew }, label);

  if (intent.state === "sending") {
    const ins = intent.instruction;
    return box(
      title(ins ? `Device refund of ${amount}: waiting for the card` : `Sending the ${noun} of ${amount}…`),
      h("p", { role: "status" }, ins
        ? ["Instruction ", h("code", {}, ins.id), ": ", h("strong", { "data-testid": "instruction-status" }, ins.status), ". The customer presents their card on the device."]
        : `${provider} is being asked now. Switching payments or providers does not stop it; its outcome shows here, with this payment.`),
      keyLine(intent),
      ins ? h("button", { type: "button", class: "danger", disabled: ins.canceling, onclick: () => actions.cancelDevice(intent) }, "Cancel on device") : null,
      ins?.note ? h("p", { class: "muted" }, ins.note) : null);
  }

  if (intent.state === "unknown") {
    const e = intent.error ?? {};
    const unknown = e.code === "outcome_unknown";
    return box(
      title(unknown ? `The ${noun} of ${amount} may have gone through` : `The ${noun} of ${amount} did not go through yet`),
      h("p", { "data-testid": "outcome-message" }, unknown
        ? `${provider} gave no readable answer after the request may have reached it, so the money may already be on its way back to the card. Do not start another ${noun} for it: check what happened, or send the same request again.`
        : `${provider} could not take it right now${e.httpStatus ? ` (HTTP ${e.httpStatus})` : ""}. It is safe to send the same request again.`),
      h("p", {}, "Retry safely sends it again with the same idempotency key: if it was made, the provider answers with it instead of paying twice."),
      keyLine(intent),
      h("details", { class: "sdk-said" }, h("summary", {}, "What the SDK said"), h("p", {}, e.message ?? ""), e.code ? h("p", {}, h("code", {}, e.code)) : null),
      intent.checkError ? h("p", { class: "field-error", role: "alert" }, `The check got no answer: ${intent.checkError.message}`) : null,
      h("div", { class: "form-actions" },
        canCheck(intent) ? h("button", { type: "button", class: "primary", disabled: intent.checking, onclick: () => actions.check(intent) }, intent.checking ? "Checking…" : "Check") : null,
        intent.call ? h("button", { type: "button", class: canCheck(intent) ? "secondary" : "primary", disabled: intent.checking, onclick: () => actions.retry(intent) }, "Retry safely with the same key") : null));
  }

  if (intent.state === "notMade") {
    return box(
      title(`No ${noun} was made`),
      h("p", { "data-testid": "outcome-message" }, `${provider} has nothing under this key: no money moved. ${intent.error?.message ?? ""}`),
      keyLine(intent),
      h("div", { class: "form-actions" },
        intent.call ? h("button", { type: "button", class: "primary", onclick: () => actions.retry(intent) }, "Send it again with the same key") : null,
        startNew()));
  }

  if (intent.state === "failed") {
    const e = intent.error ?? {};
    const issues = e.issues ?? [];
    return box(
      title(`Not ${noun === "reversal" ? "reversed" : "refunded"}: nothing moved`),
      h("p", { role: "alert", "data-testid": "outcome-message" }, issues.length ? "The SDK refused it before anything was sent:" : e.message),
      issues.length ? h("ul", { class: "issues-list" }, issues.map((i) => h("li", {}, i.message, " ", h("code", { class: "api-path" }, i.path)))) : null,
      keyLine(intent),
      startNew());
  }

  // done: the provider answered.
  const r = intent.result;
  const state = r.refundId ? live.get(`${intent.provider}:${r.refundId}`) : null;
  const status = state?.status ?? r.status;
  const word = state?.providerStatus ?? r.providerStatus;
  const reversal = r.kind === "reversal";
  const shown = r.amount ? displayView(r.amount) : amount;
  let heading, message;
  switch (status) {
    case "succeeded":
      heading = reversal ? `Reversed ${shown}` : `Refunded ${shown}`;
      message = reversal
        ? `The payment was not settled yet, so ${provider} reversed it instead of refunding: the card is charged ${shown} less, and no refund is needed.`
        : `${provider} approved the refund; the money goes back to the card.`;
      break;
    case "pending":
      heading = `The ${noun} of ${shown} is pending`;
      message = `${provider} took it and will finish it later. The console looks again on a short schedule; the status below updates by itself.`;
      break;
    case "declined":
      heading = `Declined: ${shown} was not ${reversal ? "reversed" : "refunded"}`;
      message = `${provider} declined it (${word}). No money moved.`;
      break;
    case "canceled":
      heading = `The ${noun} was canceled`;
      message = "No money moved.";
      break;
    default:
      heading = `The ${noun} failed`;
      message = intent.failureMessage ? `${provider} says: ${intent.failureMessage}` : `${provider} says: ${word}. No money moved.`;
  }
  return box(
    title(heading),
    h("p", { "data-testid": "outcome-message" }, message),
    facts([
      ["Status", statusBadge(status, word, { testid: "outcome-status" })],
      [reversal ? "Reversal ID" : "Refund ID", r.refundId ? h("code", { "data-testid": "outcome-refund-id" }, r.refundId) : null],
      ["Left on the payment", displayView(r.remainingRefundable)],
      ["Idempotency key", h("code", { "data-testid": "outcome-key" }, intent.key)],
    ]),
    status === "pending" ? h("p", { class: "live-line", role: "status" },
      state?.watching ? `Looking again on a short schedule${state.checkedAt ? ` (last look ${time(state.checkedAt)})` : ""}.` : `Still pending${state?.checkedAt ? ` at ${time(state.checkedAt)}` : ""}.`,
      " ", h("button", { type: "button", class: "secondary small", disabled: state?.checking, onclick: () => actions.checkNow(intent.provider, r.refundId, r.kind) }, "Check now")) : null,
    h("div", { class: "form-actions" }, startNew()));
}
