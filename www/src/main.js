// The refund console: a dashboard built on the `refundkit` package exactly as a merchant's
// own app would be (bare import through the package's exports, browser-safe auth only).
// Three views: Refund (find a payment, its timeline, the refund form), Refunds (the list)
// and Bulk (a CSV of refunds). Refunds in flight live in intents.js, not in any view.
import "./styles.css";
import { h, replace } from "./dom.js";
import { loadPublicSeed } from "./sandbox.js";
import { createClients } from "./clients.js";
import { createIntents } from "./intents.js";
import { PROVIDER_NAMES } from "./status.js";
import { createPayroc } from "./providers/payroc.js";
import { createJpMorgan } from "./providers/jpmorgan.js";
import { createCommerceHub } from "./providers/commercehub.js";
import { createEventsPanel } from "./panels/events.js";
import { createPreviewPanel } from "./panels/preview.js";
import { createResultPanel } from "./panels/result.js";
import { createFinder } from "./panels/finder.js";
import { createPaymentPanel } from "./panels/payment.js";
import { createRefundPanel } from "./panels/refund-panel.js";
import { createRefundsView } from "./views/refunds.js";
import { createBulkView } from "./views/bulk.js";

const OPERATOR_KEY = "refundkit.console.operator";
const VIEWS = [["refund", "Refund"], ["refunds", "Refunds"], ["bulk", "Bulk"]];

async function boot() {
  const root = document.getElementById("app");
  let seed;
  try {
    seed = await loadPublicSeed();
  } catch (e) {
    replace(root, h("p", { class: "alert", role: "alert" }, `Could not read the sandbox seed: ${e.message}. Start the console with make demo.`));
    return;
  }

  const events = createEventsPanel();
  const clients = createClients(seed, (provider, event) => events.add(provider, event));
  const intents = createIntents({ clients });
  const adapters = {
    payroc: createPayroc({ seed, client: () => clients.get("payroc") }),
    jpmorgan: createJpMorgan({ seed, client: () => clients.get("jpmorgan") }),
    commercehub: createCommerceHub({ seed }),
  };
  const operatorInput = h("input", { id: "operator", type: "text", maxlength: 50, autocomplete: "off", placeholder: "Your name",
    value: localStorage.getItem(OPERATOR_KEY) ?? "", oninput: (e) => localStorage.setItem(OPERATOR_KEY, e.target.value.trim()) });
  const operator = () => operatorInput.value.trim();

  const preview = createPreviewPanel();
  const result = createResultPanel({ intents });
  const paymentPanel = createPaymentPanel({ intents });
  const refundPanel = createRefundPanel({ intents, clients, operator, preview, onScope: (scope) => result.follow(scope) });
  const finderSlot = h("div", {});
  const state = { provider: "payroc", adapter: adapters.payroc, payment: null, view: "refund", finder: null, selecting: 0 };

  /** Shows payment `id` of the current provider; rejects (for the finder to show) when it cannot. */
  async function selectPayment(id) {
    const ticket = ++state.selecting;
    const adapter = state.adapter;
    try {
      const payment = await adapter.find(id);
      if (ticket !== state.selecting || adapter !== state.adapter) return; // the user moved on meanwhile
      state.payment = payment;
      paymentPanel.show(payment);
      refundPanel.set({ adapter, payment, kind: "payment" });
      refundPanel.focusForm();
    } catch (e) {
      if (ticket !== state.selecting || adapter !== state.adapter) return;
      state.payment = null;
      paymentPanel.clear("No payment shown: the last one could not be found.");
      refundPanel.set({ adapter, payment: null, kind: "payment" });
      throw e;
    }
  }

  /** Reads the payment on screen again (after every outcome), without moving focus. */
  let reloading = null;
  function reloadPayment() {
    const { adapter, payment } = state;
    if (!payment || reloading) return;
    reloading = adapter.find(payment.id).then((fresh) => {
      if (state.adapter === adapter && state.payment?.id === fresh.id) {
        state.payment = fresh;
        paymentPanel.show(fresh);
        refundPanel.set({ adapter, payment: fresh });
      }
    }).catch(() => {
      // The refund's own outcome is already on screen; a failed reload leaves the last view.
    }).finally(() => {
      reloading = null;
    });
  }

  // Every time a refund of the payment on screen (or a pending one on it) reaches a new
  // outcome, the payment is read again: what is left and the timeline come from the provider.
  let signature = "";
  intents.onChange(() => {
    const p = state.payment;
    if (!p) return;
    const scope = `${p.provider}:${p.id}`;
    const now = JSON.stringify([
      intents.forScope(scope).map((i) => [i.state, i.result?.status ?? null]),
      p.refunds.map((r) => intents.live.get(`${p.provider}:${r.id}`)?.status ?? null),
    ]);
    if (now === signature) return;
    const settled = !intents.forScope(scope).some((i) => i.state === "sending");
    signature = now;
    if (settled) reloadPayment();
  });

  function useProvider(id) {
    state.provider = id;
    state.adapter = adapters[id];
    state.payment = null;
    state.selecting += 1;
    state.finder = createFinder({ adapter: state.adapter, onSelect: selectPayment });
    replace(finderSlot, state.finder.element);
    paymentPanel.clear("Find a payment to see its refunds and what is left.");
    refundPanel.set({ adapter: state.adapter, payment: null, kind: "payment" });
    events.show(id);
    if (state.view === "refunds") refundsView.show(id);
    if (state.view === "bulk") bulkView.show(id);
  }

  const refundsView = createRefundsView({ clients, intents, openPayment: async (provider, id) => {
    location.hash = "#/refund";
    if (state.provider !== provider) document.getElementById(`provider-${provider}`)?.click();
    await selectPayment(id).catch(() => {});
  } });
  const bulkView = createBulkView({ clients, seed, operator });

  const refundView = h("main", { class: "layout", id: "main" },
    h("div", { class: "work" }, finderSlot, paymentPanel.element),
    h("div", { class: "side" }, refundPanel.element, result.element, preview.element, events.element));
  const listView = h("main", { class: "page", id: "main-refunds", hidden: true }, refundsView.element);
  const bulkPage = h("main", { class: "page", id: "main-bulk", hidden: true }, bulkView.element);
  const navLinks = VIEWS.map(([id, label]) => h("a", { href: `#/${id}`, "data-view": id }, label));

  function showView() {
    const view = VIEWS.some(([id]) => `#/${id}` === location.hash) ? location.hash.slice(2) : "refund";
    state.view = view;
    refundView.hidden = view !== "refund";
    listView.hidden = view !== "refunds";
    bulkPage.hidden = view !== "bulk";
    for (const a of navLinks) {
      if (a.dataset.view === view) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    if (view === "refunds") refundsView.show(state.provider);
    if (view === "bulk") bulkView.show(state.provider);
  }
  window.addEventListener("hashchange", showView);

  const switcher = h("fieldset", { class: "choices providers" }, h("legend", {}, "Provider"),
    Object.entries(PROVIDER_NAMES).map(([id, label]) => h("span", { class: "choice" },
      h("input", { type: "radio", name: "provider", id: `provider-${id}`, value: id, checked: id === state.provider, onchange: () => useProvider(id) }),
      h("label", { for: `provider-${id}` }, label))));
  const retries = h("select", { id: "max-retries", onchange: (e) => clients.setMaxRetries(Number(e.target.value)) },
    [0, 1, 2, 3].map((n) => h("option", { value: String(n), selected: n === clients.maxRetries }, String(n))));

  replace(root,
    h("header", { class: "top" },
      h("div", { class: "brand" }, h("h1", {}, "Refund console"), h("p", { class: "muted" }, "refundkit against the local sandbox")),
      h("nav", { class: "views", "aria-label": "Views" }, navLinks),
      switcher,
      h("div", { class: "settings" },
        h("div", { class: "setting" }, h("label", { for: "operator" }, "Operator"), operatorInput),
        h("div", { class: "setting" }, h("label", { for: "max-retries" }, "Automatic retries"), retries))),
    h("p", { class: "note" },
      "Sandbox-only convenience: the merchant, terminal and payment IDs come from the sandbox's GET /_sandbox/seed (its secrets are dropped). ",
      "This page never holds a provider secret: it gets short-lived tokens and Commerce Hub signatures from a backend route (docs/BROWSER.md)."),
    refundView, listView, bulkPage);
  useProvider(state.provider);
  showView();
  document.body.dataset.ready = "true";
}

boot();
