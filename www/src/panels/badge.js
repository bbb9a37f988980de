// A status in the console's one vocabulary, with the provider's own word beside it:
// "Succeeded · ready", "Pending · PENDING/WAITING/002".
import { h } from "../dom.js";
import { statusParts } from "../status.js";

export function statusBadge(status, providerWord, { testid } = {}) {
  const { text, word } = statusParts(status, providerWord);
  return h("span", { class: "badge-wrap" },
    h("span", { class: `badge badge-${status}`, "data-testid": testid, dataset: { status } }, text),
    word ? h("span", { class: "provider-word", title: "The provider's own word" }, word) : null);
}
