// Find a payment: by id (Enter in the field), by search (Payroc: last 4, order id, date
// range, paged with the `next` input listPayments returns) or from the sandbox's sample list
// (J.P. Morgan, Commerce Hub: their APIs have no payment search). The search and the sample
// list sit after the id field and its button, so from Find the next stops lead to the
// refund form, and picking a payment moves focus there. A failed find says why next to the
// field and moves focus back to it.
import { h, replace, uid } from "../dom.js";
import { display } from "../money.js";

/** @param onSelect (id) => Promise: rejects with the error to show */
export function createFinder({ adapter, onSelect }) {
  const listId = uid("samples");
  const errorId = uid("find-error");
  const idInput = h("input", { id: uid("find-id"), name: "paymentId", type: "text", list: listId, autocomplete: "off",
    spellcheck: "false", required: true, "aria-describedby": errorId });
  const error = h("div", { class: "field-error", id: errorId, role: "alert" });
  const busy = h("span", { class: "muted find-busy", role: "status" });

  async function select(id, { fromInput = false } = {}) {
    error.replaceChildren();
    idInput.removeAttribute("aria-invalid");
    busy.textContent = "Looking it up…";
    try {
      await onSelect(id);
      if (!fromInput) idInput.value = id;
    } catch (e) {
      const issue = e.issues?.[0];
      error.replaceChildren(h("p", { "data-testid": "find-error" }, issue ? issue.message : e.message,
        issue?.path ? h("span", { class: "api-path" }, " ", h("code", {}, issue.path)) : null));
      idInput.setAttribute("aria-invalid", "true");
      if (!fromInput) idInput.value = id;
      idInput.focus();
    } finally {
      busy.textContent = "";
    }
  }

  const byId = h("form", { class: "find-by-id", onsubmit: (e) => {
    e.preventDefault();
    const id = idInput.value.trim();
    if (id) select(id, { fromInput: true });
  } },
  h("label", { for: idInput.id }, adapter.idLabel),
  h("div", { class: "inline" }, idInput, h("button", { type: "submit", class: "primary" }, "Find"), busy),
  error,
  h("datalist", { id: listId }, adapter.samples.map((s) => h("option", { value: s.id }, s.label))));

  const element = h("section", { class: "panel finder", "aria-labelledby": "find-title" },
    h("header", { class: "panel-head" }, h("h2", { id: "find-title" }, "Find a payment")), byId,
    adapter.search ? searchForm(adapter.search, select) : sampleList(adapter, select));
  return { element, focus: () => idInput.focus() };
}

function searchForm(search, select) {
  const inputs = search.fields.map((f) => {
    const id = uid(`search-${f.name}`);
    const input = h("input", { id, name: f.name, type: f.type ?? "text", inputmode: f.inputmode, maxlength: f.maxlength, autocomplete: "off" });
    return { f, input, element: h("div", { class: "field" }, h("label", { for: id }, f.label), input) };
  });
  const results = h("div", { class: "search-results", "aria-live": "polite" });
  const pages = []; // inputs of the pages before the current one
  let current = null;

  async function show(input) {
    current = input;
    replace(results, h("p", { class: "muted", role: "status" }, "Searching…"));
    try {
      renderPage(await search.page(input));
    } catch (e) {
      replace(results, h("p", { class: "field-error", role: "alert" }, e.issues?.[0]?.message ?? e.message));
    }
  }

  function renderPage(page) {
    const items = page.payments.map((p) => h("li", { class: "result-row" },
      h("button", { type: "button", class: "result-pick", "aria-label": `Select payment ${p.id}`, onclick: () => select(p.id) },
        h("code", {}, p.id),
        h("span", { class: "muted" }, p.facts.find(([k]) => k === "Order")?.[1] ?? ""),
        h("span", { class: "num" }, display(p.amount.minor, p.currency)),
        h("span", { class: "num muted" }, `${display(p.remaining.minor, p.currency)} left`))));
    const prev = h("button", { type: "button", class: "secondary", disabled: pages.length === 0, onclick: () => show(pages.pop()) }, "Previous page");
    const next = h("button", { type: "button", class: "secondary", disabled: !page.next, onclick: () => { pages.push(current); show(page.next); } }, "Next page");
    replace(results,
      page.payments.length ? h("ul", { class: "results", "aria-label": "Payments found" }, items) : h("p", { class: "muted" }, "No payments match."),
      h("div", { class: "pager" }, prev, h("span", { class: "muted" }, `Page ${pages.length + 1}`), next));
  }

  const form = h("form", { class: "search", onsubmit: (e) => {
    e.preventDefault();
    pages.length = 0;
    const values = Object.fromEntries(inputs.map(({ f, input }) => [f.name, input.value.trim()]));
    show(search.input(values));
  } },
  h("div", { class: "grid-fields" }, inputs.map((i) => i.element)),
  h("button", { type: "submit", class: "primary" }, "Search"));
  return h("details", { class: "search-box" }, h("summary", {}, "Search by card, order or date"), form, results);
}

function sampleList(adapter, select) {
  const id = uid("sample");
  const choice = h("select", { id }, adapter.samples.map((s) => h("option", { value: s.id }, `${s.id} · ${s.label}`)));
  return h("div", { class: "samples" },
    h("label", { for: id }, "Sample payments (sandbox seed)"),
    h("div", { class: "inline" }, choice, h("button", { type: "button", class: "secondary", onclick: () => select(choice.value) }, "Open")),
    h("p", { class: "hint" }, `${adapter.label}'s refund API has no payment search; these come from the sandbox seed (a sandbox-only convenience).`));
}
