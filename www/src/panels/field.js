// One labelled form field with its hint and its error, wired for screen readers
// (aria-describedby, aria-invalid) and for the SDK's issues: a field owns the issue paths
// it fills, and shows each issue's `message` (written for people by the SDK) with the API
// path as a detail.
import { h } from "../dom.js";

/**
 * @param {object} field  { name, label, type: text|select, options?, value?, hint?, paths?, inputmode?, maxlength?, placeholder? }
 * @param {string} formId  prefix of the element ids
 */
export function fieldRow(field, formId) {
  const id = `${formId}-${field.name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const error = h("div", { class: "field-error", id: errorId });
  const hint = field.hint != null ? h("p", { class: "hint", id: hintId }, field.hint) : null;
  const describedBy = [errorId, hint ? hintId : null].filter(Boolean).join(" ");
  let control;
  if (field.type === "select") {
    control = h("select", { id, name: field.name, "aria-describedby": describedBy },
      field.options.map(([v, label]) => h("option", { value: v, selected: v === field.value, disabled: v === "" && field.required }, label)));
  } else {
    control = h("input", {
      id, name: field.name, type: "text", value: field.value ?? "", inputmode: field.inputmode, maxlength: field.maxlength,
      autocomplete: field.autocomplete ?? "off", placeholder: field.placeholder, spellcheck: "false",
      "aria-describedby": describedBy,
    });
  }
  const element = h("div", { class: `field field-${field.type ?? "text"}`, dataset: { field: field.name } },
    h("label", { for: id }, field.label), control, error, hint);
  const paths = field.paths ?? [field.name];
  return {
    field,
    element,
    control,
    value: () => (field.type === "select" ? control.value : control.value.trim()),
    set(value) {
      control.value = value;
    },
    owns: (path) => paths.some((p) => path === p || path.startsWith(p + ".") || path.startsWith(p + "[")),
    showIssues(issues) {
      error.replaceChildren(...issues.map((i) => h("p", {}, i.message,
        i.path ? h("span", { class: "api-path" }, " ", h("code", { title: "The field's path in the API" }, i.path)) : null)));
      if (issues.length) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    },
  };
}
