// The refund console: a dashboard built on the `refundkit` package exactly as a merchant's
// own app would be (bare import through the package's exports, browser-safe auth only).
import "./styles.css";
import { h, replace } from "./dom.js";
import { loadPublicSeed } from "./sandbox.js";
import { createPayroc } from "./providers/payroc.js";
import { createJpMorgan } from "./providers/jpmorgan.js";
import { createCommerceHub } from "./providers/commercehub.js";
import { createEventsPanel } from "./panels/events.js";
import { createPreviewPanel } from "./panels/preview.js";
import { createResultPanel } from "./panels/result.js";
import { createFinder } from "./panels/finder.js";
import { createPaymentPanel } from "./panels/payment.js";
import { createRefundForm } from "./panels/refund-form.js";
import { createDeviceStatus } from "./panels/device.js";

const factories = { payroc: createPayroc, jpmorgan: createJpMorgan, commercehub: createCommerceHub };
const labels = { payroc: "Payroc", jpmorgan: "J.P. Morgan", commercehub: "Commerce Hub" };

const events = createEventsPanel();
const preview = createPreviewPanel();
const result = createResultPanel();
const payment = createPaymentPanel();
const device = createDeviceStatus();
const finderSlot = h("div", {});
const refundSlot = h("section", { class: "panel", "aria-labelledby": "refund-title" });
const alert = h("div", { class: "alert", role: "alert", hidden: true });

const state = { providerId: "payroc", maxRetries: 2, seed: null, provider: null, payment: null, kind: "payment", form: null };

function showAlert(error) {
  alert.hidden = false;
  replace(alert, h("p", {}, h("strong", {}, error.code ? `${error.code}: ` : "Error: "), error.message),
    h("button", { type: "button", class: "secondary", onclick: () => { alert.hidden = true; } }, "Dismiss"));
}

function clearAlert() {
  alert.hidden = true;
}

/** (Re)creates the client of the chosen provider with the current settings. */
function useProvider(id) {
  state.providerId = id;
  state.provider = factories[id]({ seed: state.seed, maxRetries: state.maxRetries, onEvent: events.add });
  state.payment = null;
  state.kind = state.provider.search || state.provider.samples.length ? "payment" : "unreferenced";
  clearAlert();
  replace(finderSlot, createFinder({ provider: state.provider, onSelect: selectPayment, onError: showAlert }).element);
  payment.clear("Find a payment to see its refunds and what is left.");
  renderRefund();
}

async function selectPayment(id) {
  clearAlert();
  try {
    state.payment = await state.provider.find(id);
    payment.show(state.payment);
    if (!refersToPayment(state.kind)) state.kind = "payment";
    renderRefund();
  } catch (e) {
    showAlert(e);
  }
}

async function reloadPayment() {
  if (!state.payment) return;
  try {
    state.payment = await state.provider.find(state.payment.id);
    payment.show(state.payment);
  } catch (e) {
    showAlert(e);
  }
}

/** Kinds of refund made against the selected payment (the others need none). */
function refersToPayment(kind) {
  return kind === "payment" || kind === "charge";
}

/** The refund kinds this provider offers, as [value, label]. */
function kinds() {
  const p = state.provider;
  return [
    ["payment", "Refund the selected payment"],
    p.chargeForm ? ["charge", "URI-form refund of the selected charge"] : null,
    p.unreferencedForm ? ["unreferenced", p.id === "jpmorgan" ? "Standalone refund" : "Unreferenced refund"] : null,
    p.deviceForm ? ["device", "Device refund (Payroc Cloud)"] : null,
  ].filter(Boolean);
}

function renderRefund() {
  state.form?.free();
  state.form = null;
  device.hide();
  const choice = h("fieldset", { class: "choices kinds" }, h("legend", {}, "Kind of refund"),
    kinds().map(([value, label]) => h("span", { class: "choice" },
      h("input", { type: "radio", name: "refund-kind", id: `kind-${value}`, value, checked: value === state.kind,
        onchange: () => { state.kind = value; renderRefund(); document.getElementById(`kind-${value}`)?.focus(); } }),
      h("label", { for: `kind-${value}` }, label))));
  const spec = formSpec();
  let body;
  if (spec) {
    state.form = createRefundForm({ ...spec, preview, prepare, submit: (snapshot, key, succeeded) => send(spec, snapshot, key, succeeded) });
    body = state.form.element;
  } else {
    preview.showMessage("Select a payment to see its refund request.");
    body = h("p", { class: "muted" }, "Find and select a payment first, or choose another kind of refund.");
  }
  replace(refundSlot, h("header", { class: "panel-head" }, h("h2", { id: "refund-title" }, "Refund")), choice, body, device.element);
}

function formSpec() {
  const p = state.provider;
  if (state.kind === "payment") return state.payment ? { ...p.refundForm(state.payment), kind: "payment" } : null;
  if (state.kind === "charge") return state.payment ? { ...p.chargeForm(state.payment), kind: "charge" } : null;
  if (state.kind === "unreferenced") return { ...p.unreferencedForm(), kind: "unreferenced" };
  if (state.kind === "device") return { ...p.deviceForm(), kind: "device" };
  return null;
}

function prepare(builder, idempotencyKey) {
  return state.provider.client.prepare(builder, { idempotencyKey });
}

/** Sends a builder snapshot; on failure offers "Retry safely" with the error's idempotency key. */
async function send(spec, snapshot, key, succeeded) {
  const client = state.provider.client;
  const attempt = async (idempotencyKey) => {
    result.showPending(idempotencyKey === key ? "Sending…" : "Retrying with the same idempotency key…");
    try {
      let outcome;
      if (spec.kind === "device") {
        const instruction = await client.send(snapshot, { idempotencyKey });
        result.showPending(`Instruction ${instruction.refundInstructionId} sent to the device.`);
        outcome = await device.follow(client, instruction);
      } else {
        outcome = await client.send(snapshot, { idempotencyKey });
      }
      result.showResult(outcome);
      succeeded?.();
      await reloadPayment();
      return true;
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      result.showError(e, (sameKey) => attempt(sameKey));
      return false;
    }
  };
  return attempt(key);
}

function header() {
  const switcher = h("fieldset", { class: "choices providers" }, h("legend", {}, "Provider"),
    Object.entries(labels).map(([id, label]) => h("span", { class: "choice" },
      h("input", { type: "radio", name: "provider", id: `provider-${id}`, value: id, checked: id === state.providerId,
        onchange: () => useProvider(id) }),
      h("label", { for: `provider-${id}` }, label))));
  const retries = h("select", { id: "max-retries", onchange: (e) => { state.maxRetries = Number(e.target.value); useProvider(state.providerId); } },
    [0, 1, 2, 3].map((n) => h("option", { value: String(n), selected: n === state.maxRetries }, String(n))));
  return h("header", { class: "top" },
    h("div", { class: "brand" }, h("h1", {}, "Refund console"), h("p", { class: "muted" }, "refundkit against the local sandbox")),
    switcher,
    h("div", { class: "setting" }, h("label", { for: "max-retries" }, "Automatic retries"), retries));
}

async function boot() {
  const root = document.getElementById("app");
  try {
    state.seed = await loadPublicSeed();
  } catch (e) {
    replace(root, h("p", { class: "alert", role: "alert" }, `Could not read the sandbox seed: ${e.message}. Start the console with make demo.`));
    return;
  }
  replace(root,
    header(),
    h("p", { class: "note" },
      "Sandbox-only convenience: the merchant, terminal and payment ids come from the sandbox's GET /_sandbox/seed (its secrets are dropped). ",
      "This page never holds a provider secret: it gets short-lived tokens and Commerce Hub signatures from a backend route (docs/BROWSER.md)."),
    alert,
    h("main", { class: "layout" },
      h("div", { class: "work" }, finderSlot, payment.element, refundSlot),
      h("div", { class: "side" }, preview.element, result.element, events.element)));
  useProvider(state.providerId);
  document.body.dataset.ready = "true";
}

boot();
