// The refund panel: the kind of refund, then either its form or, once submitted, what
// became of it (outcome.js). What it shows is decided by the refund intents of the payment
// on screen, so switching provider, payment or kind mid-refund changes nothing about the
// refund itself; coming back shows its outcome with its own payment.
import { h, replace } from "../dom.js";
import { paymentRefundForm, builderRefundForm } from "./forms.js";
import { renderOutcome } from "./outcome.js";
import { display } from "../money.js";

export function createRefundPanel({ intents, clients, operator, preview, onScope }) {
  const kindsSlot = h("div", {});
  const body = h("div", { class: "refund-body" });
  const element = h("section", { class: "panel refund-panel", id: "refund", "aria-labelledby": "refund-title" },
    h("header", { class: "panel-head" }, h("h2", { id: "refund-title" }, "Refund")), kindsSlot, body);
  const dismissed = new Set();
  let ctx = null; // { adapter, payment, kind }
  let form = null;
  let formKey = null;
  let shown = null;
  let drawn = null;

  const needsPayment = (kind) => kind === "payment" || kind === "charge";

  function scope() {
    if (!ctx) return null;
    if (needsPayment(ctx.kind)) return ctx.payment ? `${ctx.adapter.id}:${ctx.payment.id}` : null;
    return `${ctx.adapter.id}:${ctx.kind}`;
  }

  function kinds() {
    const a = ctx.adapter;
    return [["payment", "Refund this payment"], a.chargeKind ? [a.chargeKind.value, a.chargeKind.label] : null,
      ...a.otherKinds.map((k) => [k.value, k.label])].filter(Boolean);
  }

  function renderKinds() {
    replace(kindsSlot, h("fieldset", { class: "choices kinds" }, h("legend", {}, "Kind of refund"),
      kinds().map(([value, label]) => h("span", { class: "choice" },
        h("input", { type: "radio", name: "refund-kind", id: `kind-${value}`, value, checked: value === ctx.kind,
          onchange: () => {
            ctx.kind = value;
            renderBody();
          } }),
        h("label", { for: `kind-${value}` }, label)))));
  }

  function outcomeIntent(s) {
    const unresolved = intents.unresolved(s);
    if (unresolved) return unresolved;
    const latest = intents.latest(s);
    return latest && !dismissed.has(latest.id) ? latest : null;
  }

  const actions = {
    check: (intent) => intents.check(intent),
    retry: (intent) => intents.retry(intent),
    cancelDevice: (intent) => intents.cancelDevice(intent),
    checkNow: (provider, refundId, kind) => intents.checkRefund(provider, refundId, kind),
    startNew: () => {
      const s = scope();
      for (const i of intents.forScope(s)) dismissed.add(i.id);
      form = null;
      renderBody();
      form?.focus();
    },
  };

  function submit(sub) {
    const s = scope();
    if (!s || intents.unresolved(s)) return; // one refund at a time per payment
    const payment = needsPayment(ctx.kind) ? ctx.payment : null;
    form = null;
    intents.start({
      ...sub,
      provider: ctx.adapter.id,
      scope: s,
      kindOfForm: ctx.kind,
      paymentId: payment?.id ?? null,
      label: payment ? `${ctx.adapter.label} payment ${payment.id}` : kinds().find(([v]) => v === ctx.kind)?.[1],
    });
  }

  function makeForm() {
    const common = {
      preview,
      prepare: (builder, key) => clients.get(ctx.adapter.id).prepare(builder, { idempotencyKey: key }),
      onSubmit: submit,
    };
    if (ctx.kind === "payment") {
      return paymentRefundForm({ ...common, adapter: ctx.adapter, payment: ctx.payment, operator,
        previewNote: ctx.adapter.refund.previewNote(ctx.payment) });
    }
    const kind = ctx.kind === ctx.adapter.chargeKind?.value ? ctx.adapter.chargeKind : ctx.adapter.otherKinds.find((k) => k.value === ctx.kind);
    return builderRefundForm({ ...common, ...kind.form({ payment: ctx.payment, operator }) });
  }

  function renderBody() {
    const s = scope();
    onScope?.(s);
    if (!s) {
      form = null;
      drawn = null;
      preview.showMessage("Select a payment to see its refund request.");
      replace(body, h("p", { class: "muted" }, "Find and select a payment first, or choose another kind of refund."));
      return;
    }
    const intent = outcomeIntent(s);
    if (intent) {
      form = null;
      preview.showMessage("Start a new refund to see its request.");
      const live = intent.result?.refundId ? intents.live.get(`${intent.provider}:${intent.result.refundId}`) : null;
      const look = JSON.stringify([intent.id, intent.state, intent.checking, intent.checkError?.message, intent.instruction,
        intent.result?.status, live?.status, live?.watching, live?.checking, live?.checkedAt]);
      if (look === drawn && body.firstChild) return; // nothing new: keep the DOM (and focus) as it is
      drawn = look;
      const active = document.activeElement;
      const hadFocus = body.contains(active);
      const element = renderOutcome(intent, actions, intents.live);
      replace(body, element);
      const now = `${intent.id}:${intent.state}:${intent.result?.status ?? ""}`;
      // A new outcome takes focus when the user was here (or nowhere); a redraw keeps it here.
      if (hadFocus || (now !== shown && (!active || active === document.body || !active.isConnected))) {
        element.querySelector(".outcome-title")?.focus();
      }
      shown = now;
      return;
    }
    shown = null;
    drawn = null;
    const p = ctx.payment;
    if (ctx.kind === "payment" && p.remaining.minor === 0) {
      form = null;
      preview.showMessage("Nothing is left to refund on this payment.");
      replace(body, h("p", { class: "nothing-left", "data-testid": "nothing-left" },
        `Nothing is left to refund on ${ctx.adapter.label} payment ${p.id}: ${display(p.amount.minor, p.currency)} was refunded or reversed in full.`));
      return;
    }
    const key = `${s}|${ctx.kind}|${p?.remaining.minor ?? ""}`;
    if (!form || formKey !== key) {
      form = makeForm();
      formKey = key;
    }
    if (!body.contains(form.element)) replace(body, form.element);
  }

  intents.onChange((changedScope) => {
    if (changedScope === null || changedScope === scope()) renderBody();
  });

  return {
    element,
    /** New provider, payment or kind; `kind` defaults to a refund of the payment when there is one. */
    set(next) {
      const kind = next.kind ?? (ctx && ctx.adapter === next.adapter ? ctx.kind : "payment");
      ctx = { adapter: next.adapter, payment: next.payment, kind };
      if (!kinds().some(([v]) => v === kind)) ctx.kind = "payment";
      renderKinds();
      renderBody();
    },
    /** Focus the form's first field (the amount), when there is a form. */
    focusForm() {
      if (form) form.focus();
      else body.querySelector(".outcome-title, .nothing-left")?.focus?.();
    },
    get kind() {
      return ctx?.kind;
    },
  };
}
