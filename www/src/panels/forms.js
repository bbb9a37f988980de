// The refund forms. Every keystroke goes into an SDK builder and `builder.validate()`
// answers (no network); its issues show under their fields in the SDK's own words. The
// console adds only what the SDK cannot know without the network: the amount left on the
// payment (an amount above it is refused at the field), and its own rules (a reason is
// chosen, the amount is written out). The submit button names the amount, stays disabled
// while anything is wrong, and a form is sent at most once: it is replaced by the refund's
// outcome the moment it is submitted.
import { h, uid } from "../dom.js";
import { maskCardNumber } from "refundkit";
import { display, decimalText, tryParse } from "../money.js";
import { newIdempotencyKey } from "../idempotency.js";
import { REASONS } from "../providers/fields.js";
import { fieldRow } from "./field.js";
import { confirmDialog } from "./confirm.js";

/** Shared plumbing: rows, touched fields, issues by row or in the summary, the submit button. */
function formShell({ title, intro, fields, formId }) {
  const rows = new Map();
  const touched = new Set();
  const summary = h("div", { class: "issues", id: `${formId}-issues`, "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary", disabled: true, "aria-describedby": `${formId}-issues`, "data-testid": "submit-refund" }, "Refund");
  const form = h("form", { class: "refund-form", novalidate: true, "aria-labelledby": `${formId}-title` },
    h("h3", { id: `${formId}-title` }, title), intro ? h("p", { class: "muted" }, intro) : null);
  for (const field of fields) {
    const row = fieldRow(field, formId);
    rows.set(field.name, row);
    form.append(row.element);
  }
  const keyLine = h("p", { class: "key-line" });
  form.append(h("div", { class: "form-actions" }, submit), summary, keyLine);

  function values() {
    return Object.fromEntries([...rows].map(([name, row]) => [name, row.value()]));
  }

  /** Shows each issue under the field that owns its path (once touched), the rest in the summary. */
  function showIssues(issues, lead) {
    const byRow = new Map();
    const rest = [];
    for (const issue of issues) {
      const row = [...rows.values()].find((r) => r.owns(issue.path));
      if (row && touched.has(row.field.name)) {
        if (!byRow.has(row)) byRow.set(row, []);
        byRow.get(row).push(issue);
      } else {
        rest.push(issue);
      }
    }
    for (const row of rows.values()) row.showIssues(byRow.get(row) ?? []);
    summary.replaceChildren(...(rest.length ? [h("p", { class: "muted" }, lead), h("ul", {}, rest.map((i) => h("li", {}, i.message)))] : []));
  }

  /** Marks every field touched and moves focus to the first one with an issue. */
  function revealAll(issues) {
    for (const name of rows.keys()) touched.add(name);
    showIssues(issues, "");
    const first = [...rows.values()].find((r) => issues.some((i) => r.owns(i.path)));
    (first?.control ?? submit).focus();
  }

  form.addEventListener("input", (e) => e.target.name && touched.add(e.target.name));
  form.addEventListener("change", (e) => e.target.name && touched.add(e.target.name));
  return { form, rows, submit, summary, keyLine, values, showIssues, revealAll, touched };
}

function sdkIssues(builder) {
  try {
    return builder.validate();
  } catch (e) {
    return e.issues ?? [{ path: "", code: e.code ?? "error", field: "", message: e.message }];
  }
}

function previewOf(spec, builder, key) {
  try {
    spec.preview.show(spec.prepare(builder, key), spec.previewNote);
  } catch (e) {
    spec.preview.showMessage(`prepare() refused: ${e.message}`);
  }
}

/**
 * The refund of a payment (Stripe's refund dialog): amount (what is left, filled in), reason
 * and note; "Refund $12.50"; a confirmation for a full refund.
 * @param spec { adapter, payment, operator(), preview, prepare(builder, key), onSubmit({ ... }) }
 */
export function paymentRefundForm(spec) {
  const { adapter, payment } = spec;
  const plan = adapter.refund;
  const formId = uid("refund");
  const key = newIdempotencyKey();
  const verb = payment.reversible ? "Reverse" : "Refund";
  const currency = payment.currency;
  const fields = [];
  const targets = plan.targets?.(payment);
  if (targets) fields.push({ name: "target", label: "Refund against", type: "select", value: "transaction", options: targets, paths: plan.paths.target });
  const references = plan.references?.(payment);
  if (references) fields.push({ name: "reference", label: "Refer to it by", type: "select", value: "transaction", options: references, paths: plan.paths.reference });
  fields.push({ name: "amount", label: `Amount to ${verb.toLowerCase()} (${currency})`, inputmode: "decimal", value: decimalText(payment.remaining.minor, currency),
    paths: plan.paths.amount, hint: "" });
  fields.push({ name: "reason", label: "Reason", type: "select", value: "", required: true, options: [["", "Choose a reason"], ...REASONS], paths: ["reason"] });
  fields.push({ name: "note", label: "Note (optional)", maxlength: 200, paths: plan.paths.note ?? ["note"], hint: plan.reasonWhere });
  const shell = formShell({ title: `${verb} ${adapter.label} payment ${payment.id}`, intro: payment.reversible
    ? "This payment is not settled yet, so it is reversed instead of refunded: the card is charged less, and no refund is made."
    : null, fields, formId });
  const amountRow = shell.rows.get("amount");
  const amountHint = amountRow.element.querySelector(".hint");
  shell.keyLine.append("Idempotency key ", h("code", { "data-testid": "form-key" }, key));
  let submitting = false;

  const remaining = (v) => (plan.remainingFor ? plan.remainingFor(payment, v) : payment.remaining.minor);

  function current() {
    const v = { ...shell.values(), operator: spec.operator() };
    const rem = remaining(v);
    const builder = plan.builder(payment, v);
    let issues = [];
    if (v.amount === "") {
      issues.push({ path: "amount", code: "required", field: "Amount", message: `Enter the amount to ${verb.toLowerCase()}, up to ${display(rem, currency)}.` });
    } else {
      issues = sdkIssues(builder).filter((i) => v.reason || !(plan.paths.note ?? []).includes(i.path) || !["required", "empty"].includes(i.code));
    }
    const parsed = v.amount === "" ? null : tryParse(v.amount, currency);
    if (parsed && parsed.minor > rem && !issues.some((i) => i.path === "amount")) {
      // The SDK's own sentence for this (Payroc's checkRemaining says the same), written here
      // because validate() has no network and cannot know what is left.
      issues.push({ path: "amount", code: "exceeds_remaining", field: "Amount",
        message: `Amount is ${parsed.display()} but only ${display(rem, currency)} is left to ${verb.toLowerCase()} on payment ${payment.id}` });
    }
    if (!v.reason) issues.push({ path: "reason", code: "required", field: "Reason", message: "Choose a reason: it is recorded with the refund." });
    if (v.note && maskCardNumber(v.note) !== v.note && !issues.some((i) => i.code === "card_data_in_text")) {
      issues.push({ path: "note", code: "card_data_in_text", field: "Note", message: "Note looks like it holds a card number; card numbers belong only in the card fields" });
    }
    return { v, rem, builder, issues, parsed };
  }

  function refresh() {
    const { rem, builder, issues, parsed } = current();
    amountHint.textContent = `Up to ${display(rem, currency)}: everything that is left.`;
    shell.showIssues(issues, `To ${verb.toLowerCase()}:`);
    const ok = issues.length === 0 && parsed;
    shell.submit.disabled = submitting || !ok;
    shell.submit.textContent = ok ? `${verb} ${parsed.display()}` : verb;
    if (ok) previewOf(spec, builder, key);
    else spec.preview.showMessage("Fix the form's issues to see the exact request.");
  }

  shell.form.addEventListener("input", refresh);
  shell.form.addEventListener("change", (e) => {
    // A new target has its own remaining amount: fill it in.
    if (e.target.name === "target") amountRow.set(decimalText(remaining(shell.values()), currency));
    refresh();
  });
  shell.form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (submitting) return;
    const { v, rem, issues, parsed } = current();
    if (issues.length || !parsed) {
      shell.revealAll(issues);
      return;
    }
    const full = parsed.minor === rem;
    submitting = true;
    shell.submit.disabled = true;
    if (full) {
      const ok = await confirmDialog({
        title: `${verb} everything that is left?`,
        body: `${verb} the full ${parsed.display()} left on ${adapter.label} payment ${payment.id}. This cannot be undone.`,
        confirmLabel: `${verb} ${parsed.display()}`,
      });
      if (!ok) {
        submitting = false;
        refresh();
        shell.submit.focus();
        return;
      }
    }
    spec.onSubmit({
      kind: payment.reversible ? "reversal" : "refund",
      call: plan.call(payment, v),
      persist: true,
      amount: { minor: parsed.minor, currency },
      full,
      reason: v.reason,
      note: v.note,
      operator: v.operator,
      key,
    });
  });

  queueMicrotask(refresh);
  return {
    element: shell.form,
    key,
    refresh,
    focus: () => amountRow.control.focus(),
  };
}

/**
 * A refund made from a builder's own fields: unreferenced, device, standalone, URI form.
 * @param spec  the provider's form spec (fields, makeBuilder, toFields, submitLabel, persist,
 *              device?, remaining?) plus { preview, prepare, onSubmit, currency? }
 */
export function builderRefundForm(spec) {
  const formId = uid("form");
  const key = newIdempotencyKey();
  const shell = formShell({ title: spec.title, intro: spec.intro, fields: spec.fields, formId });
  shell.keyLine.append("Idempotency key ", h("code", { "data-testid": "form-key" }, key));
  let submitting = false;

  function current() {
    const v = shell.values();
    const fields = spec.toFields(v);
    const builder = spec.makeBuilder(fields);
    const currency = v.currency ?? spec.remaining?.currency;
    const parsed = v.amount ? tryParse(v.amount, currency) : null;
    const issues = sdkIssues(builder);
    if (parsed && spec.remaining && parsed.minor > spec.remaining.minor && !issues.some((i) => i.path === "amount")) {
      issues.push({ path: "amount", code: "exceeds_remaining", field: "Amount",
        message: `Amount is ${parsed.display()} but only ${display(spec.remaining.minor, currency)} is left to refund` });
    }
    return { v, fields, builder, issues, parsed };
  }

  function refresh() {
    const { builder, issues, parsed } = current();
    shell.showIssues(issues, "To send this refund:");
    shell.submit.disabled = submitting || issues.length > 0;
    shell.submit.textContent = spec.submitLabel(issues.length === 0 && parsed ? parsed.display() : "");
    if (issues.length === 0) previewOf(spec, builder, key);
    else spec.preview.showMessage("Fix the form's issues to see the exact request.");
  }

  shell.form.addEventListener("input", refresh);
  shell.form.addEventListener("change", refresh);
  shell.form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (submitting) return;
    const { fields, issues, parsed } = current();
    if (issues.length) {
      shell.revealAll(issues);
      return;
    }
    submitting = true;
    shell.submit.disabled = true;
    spec.onSubmit({
      kind: "refund",
      call: spec.device ? { method: "device", args: [fields] } : { method: "send", builderKind: spec.builderKind, args: [fields] },
      persist: spec.persist,
      amount: parsed ? { minor: parsed.minor, currency: parsed.currency } : null,
      full: false,
      reason: "",
      note: "",
      key,
    });
  });

  queueMicrotask(refresh);
  return { element: shell.form, key, refresh, focus: () => shell.rows.values().next().value?.control.focus() };
}

