// One form for every refund kind. As the user types, the fields go into the SDK's builder
// (`builder.set`) and `builder.validate()` answers with issues: no network, no client. The
// submit button stays disabled while there is any issue; the preview shows client.prepare().
import { h, uid } from "../dom.js";
import { IdempotencyKeys } from "../idempotency.js";

/**
 * @param {object} spec
 * @param {string} spec.title
 * @param {Node|string} [spec.intro]
 * @param {Array<object>} spec.fields  { name, label, type: text|select|radio, options?, value?, hint?, paths?, showWhen?, inputmode? }
 * @param {() => object} spec.makeBuilder  a new SDK builder (PayrocRefund, ...)
 * @param {(values) => object} spec.toFields  the builder's fields from the form values (null clears one)
 * @param {string} spec.submitLabel
 * @param {(builder, key) => object} spec.prepare  client.prepare(builder, { idempotencyKey })
 * @param {(snapshot, key, succeeded) => Promise} spec.submit  sends; calls succeeded() once it did (also after a retry)
 * @param {{ show, showMessage }} spec.preview
 */
export function createRefundForm(spec) {
  const builder = spec.makeBuilder();
  const keys = new IdempotencyKeys();
  const touched = new Set();
  const rows = new Map();
  let busy = false;

  const formId = uid("form");
  const summary = h("div", { class: "issues", id: `${formId}-issues`, "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary", disabled: true, "aria-describedby": `${formId}-issues` }, spec.submitLabel);
  const form = h("form", { class: "refund-form", novalidate: true, "aria-labelledby": `${formId}-title` });
  form.append(h("h3", { id: `${formId}-title` }, spec.title));
  if (spec.intro) form.append(h("p", { class: "muted" }, spec.intro));
  for (const field of spec.fields) {
    const row = fieldRow(field, formId);
    rows.set(field.name, row);
    form.append(row.element);
  }
  form.append(h("div", { class: "form-actions" }, submit, spec.extraActions ?? null), summary);

  function values() {
    const out = {};
    for (const [name, row] of rows) out[name] = row.value();
    for (const [name, row] of rows) {
      const visible = !row.field.showWhen || row.field.showWhen(out);
      row.element.hidden = !visible;
      if (!visible) out[name] = "";
    }
    return out;
  }

  /** Fills the builder from the form and shows what validate() says. */
  function refresh() {
    const fields = spec.toFields(values());
    for (const [name, value] of Object.entries(fields)) builder.set(name, value ?? null);
    let issues;
    try {
      issues = builder.validate();
    } catch (e) {
      issues = [{ path: "", code: e.code ?? "error", message: e.message }];
    }
    showIssues(issues);
    submit.disabled = busy || issues.length > 0;
    if (issues.length > 0) {
      spec.preview.showMessage("Fix the form's issues to see the exact request.");
      return;
    }
    const json = JSON.stringify(builder.toJSON());
    try {
      spec.preview.show(spec.prepare(builder, keys.keyFor(json)));
    } catch (e) {
      spec.preview.showMessage(`prepare() refused: ${e.message}`);
    }
  }

  function showIssues(issues) {
    const byRow = new Map();
    const rest = [];
    for (const issue of issues) {
      const row = [...rows.values()].find((r) => !r.element.hidden && r.owns(issue.path));
      if (row && touched.has(row.field.name)) {
        if (!byRow.has(row)) byRow.set(row, []);
        byRow.get(row).push(issue);
      } else {
        rest.push(issue);
      }
    }
    for (const row of rows.values()) row.showIssues(byRow.get(row) ?? []);
    summary.replaceChildren(...(rest.length
      ? [h("p", { class: "muted" }, "To send this refund:"), h("ul", {}, rest.map((i) => h("li", {}, describe(i))))]
      : []));
  }

  form.addEventListener("input", (e) => {
    if (e.target.name) touched.add(e.target.name);
    refresh();
  });
  form.addEventListener("change", (e) => {
    if (e.target.name) touched.add(e.target.name);
    refresh();
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    const snapshot = builder.toJSON();
    const key = keys.keyFor(JSON.stringify(snapshot));
    busy = true;
    submit.disabled = true;
    try {
      await spec.submit(snapshot, key, () => keys.succeeded());
    } finally {
      busy = false;
      refresh();
    }
  });

  queueMicrotask(refresh);
  return { element: form, refresh, free: () => builder.free?.() };
}

function describe(issue) {
  return issue.path ? `${issue.path} ${issue.message}` : issue.message;
}

function fieldRow(field, formId) {
  const id = `${formId}-${field.name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const error = h("p", { class: "field-error", id: errorId, "aria-live": "polite" });
  const hint = field.hint ? h("p", { class: "hint", id: hintId }, field.hint) : null;
  const describedBy = [hint ? hintId : null, errorId].filter(Boolean).join(" ");
  let control;
  let value;
  if (field.type === "radio") {
    const radios = field.options.map(([v, label]) => {
      const rid = `${id}-${v}`;
      return h("span", { class: "choice" },
        h("input", { type: "radio", id: rid, name: field.name, value: v, checked: v === field.value }),
        h("label", { for: rid }, label));
    });
    control = h("fieldset", { class: "choices", "aria-describedby": describedBy }, h("legend", {}, field.label), radios);
    value = () => control.querySelector("input:checked")?.value ?? "";
  } else if (field.type === "select") {
    const select = h("select", { id, name: field.name, "aria-describedby": describedBy },
      field.options.map(([v, label]) => h("option", { value: v, selected: v === field.value }, label)));
    control = [h("label", { for: id }, field.label), select];
    value = () => select.value;
  } else {
    const input = h("input", {
      id, name: field.name, type: "text", value: field.value ?? "", inputmode: field.inputmode,
      autocomplete: field.autocomplete ?? "off", placeholder: field.placeholder, spellcheck: "false",
      "aria-describedby": describedBy,
    });
    control = [h("label", { for: id }, field.label), input];
    value = () => input.value.trim();
  }
  const element = h("div", { class: `field field-${field.type ?? "text"}`, dataset: { field: field.name } }, control, hint, error);
  const paths = field.paths ?? [field.name];
  return {
    field,
    element,
    value,
    owns: (path) => paths.some((p) => path === p || path.startsWith(p + ".") || path.startsWith(p + "[")),
    showIssues(issues) {
      error.textContent = issues.map((i) => i.message).join("; ");
      for (const input of element.querySelectorAll("input, select")) {
        if (issues.length) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    },
  };
}
