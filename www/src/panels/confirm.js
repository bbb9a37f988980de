// A modal confirmation (the native <dialog>: focus is trapped, Escape cancels). Focus
// starts on "Go back", so an Enter pressed twice does not refund everything.
import { h } from "../dom.js";

export function confirmDialog({ title, body, confirmLabel, cancelLabel = "Go back" }) {
  return new Promise((resolve) => {
    const cancel = h("button", { type: "button", class: "secondary", value: "cancel" }, cancelLabel);
    const confirm = h("button", { type: "button", class: "primary", value: "confirm", "data-testid": "confirm-button" }, confirmLabel);
    const titleId = `confirm-title-${Date.now()}`;
    const dialog = h("dialog", { class: "confirm", "aria-labelledby": titleId },
      h("h2", { id: titleId }, title), h("p", {}, body), h("div", { class: "form-actions" }, cancel, confirm));
    let answered = false;
    const done = (ok) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      resolve(ok);
    };
    cancel.addEventListener("click", () => done(false));
    confirm.addEventListener("click", () => done(true));
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
