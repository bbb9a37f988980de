// "Preview request": client.prepare(builder) is the exact first request a send would make
// (method, URL, headers with secrets redacted, body), computed locally without sending.
import { h, replace } from "../dom.js";

export function createPreviewPanel() {
  const body = h("div", { class: "preview-body" });
  const element = h("section", { class: "panel", "aria-labelledby": "preview-title" },
    h("header", { class: "panel-head" }, h("h2", { id: "preview-title" }, "Preview request")),
    h("p", { class: "muted" }, "What the SDK would send first, from client.prepare(): nothing goes on the network."),
    body);

  function showMessage(text) {
    replace(body, h("p", { class: "muted preview-empty" }, text));
  }
  showMessage("Fill in a refund form to see its request.");

  function show(request, note) {
    const headers = Object.entries(request.headers ?? {}).map(([k, v]) => `${k}: ${v}`).join("\n");
    const b = request.body;
    const text = b === undefined || b === null ? "(no body)" : typeof b === "string" ? b : JSON.stringify(b, null, 2);
    replace(body,
      note ? h("p", { class: "note" }, note) : null,
      h("p", { class: "request-line" }, h("strong", { class: "method" }, request.method), " ", h("code", { class: "url" }, request.url)),
      h("h3", {}, "Headers"), h("pre", { class: "headers" }, headers),
      h("h3", {}, "Body"), h("pre", { class: "body" }, text));
  }

  return { element, show, showMessage };
}
