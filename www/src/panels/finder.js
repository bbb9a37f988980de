// Find a payment: by id, or by search (Payroc: last 4, order id, date range, paged with
// the `next` input listPayments returns), or from the sandbox's sample list.
import { h, replace, uid } from "../dom.js";
import { formatAmount } from "../money.js";

export function createFinder({ provider, onSelect, onError }) {
  const listId = uid("samples");
  const idInput = h("input", { id: uid("find-id"), name: "paymentId", type: "text", list: listId, autocomplete: "off", spellcheck: "false", required: true });
  const byId = h("form", { class: "find-by-id", onsubmit: (e) => { e.preventDefault(); if (idInput.value.trim()) onSelect(idInput.value.trim()); } },
    h("label", { for: idInput.id }, provider.idLabel),
    h("div", { class: "inline" }, idInput, h("button", { type: "submit", class: "primary" }, "Find")),
    h("datalist", { id: listId }, provider.samples.map((s) => h("option", { value: s.id }, s.label))));

  const element = h("section", { class: "panel", "aria-labelledby": "find-title" },
    h("header", { class: "panel-head" }, h("h2", { id: "find-title" }, "Find a payment")), byId);

  if (provider.search) element.append(searchForm(provider.search, onSelect, onError));
  else element.append(sampleList(provider, onSelect));
  return { element };
}

function searchForm(search, onSelect, onError) {
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
      const page = await search.page(input);
      renderPage(page);
    } catch (e) {
      replace(results);
      onError(e);
    }
  }

  function renderPage(page) {
    const rows = page.payments.map((p) => h("tr", {},
      h("td", {}, h("code", {}, p.id)),
      h("td", {}, p.facts.find(([k]) => k === "Order")?.[1] ?? ""),
      h("td", { class: "num" }, formatAmount(p.amount.minor, p.amount.currency)),
      h("td", { class: "num" }, p.remaining ? formatAmount(p.remaining.minor, p.remaining.currency) : ""),
      h("td", {}, h("button", { type: "button", class: "secondary", "aria-label": `Select payment ${p.id}`, onclick: () => onSelect(p.id) }, "Select"))));
    const prev = h("button", { type: "button", class: "secondary", disabled: pages.length === 0, onclick: () => show(pages.pop()) }, "Previous page");
    const next = h("button", { type: "button", class: "secondary", disabled: !page.next, onclick: () => { pages.push(current); show(page.next); } }, "Next page");
    replace(results,
      page.payments.length
        ? h("div", { class: "table-wrap" }, h("table", { class: "payments" },
          h("caption", { class: "visually-hidden" }, "Payments found"),
          h("thead", {}, h("tr", {}, ["Payment", "Order", "Amount", "Left", ""].map((t) => h("th", { scope: "col" }, t)))),
          h("tbody", {}, rows)))
        : h("p", { class: "muted" }, "No payments match."),
      h("div", { class: "pager" }, prev, h("span", { class: "muted" }, `Page ${pages.length + 1}`), next));
  }

  const form = h("form", { class: "search", onsubmit: (e) => {
    e.preventDefault();
    pages.length = 0;
    const values = Object.fromEntries(inputs.map(({ f, input }) => [f.name, input.value.trim()]));
    show(search.input(values));
  } },
  h("fieldset", {}, h("legend", {}, "Search"), h("div", { class: "grid-fields" }, inputs.map((i) => i.element)),
    h("button", { type: "submit", class: "primary" }, "Search")));
  return h("div", {}, form, results);
}

function sampleList(provider, onSelect) {
  return h("div", { class: "samples" },
    h("h3", {}, "Sample payments"),
    h("p", { class: "muted" }, `${provider.label}'s refund API has no payment search; these come from the sandbox seed (a sandbox-only convenience).`),
    h("ul", {}, provider.samples.map((s) => h("li", {},
      h("button", { type: "button", class: "link", onclick: () => onSelect(s.id), "aria-label": `Select ${s.id}` }, h("code", {}, s.id)),
      h("span", { class: "muted" }, ` ${s.label}`)))));
}
