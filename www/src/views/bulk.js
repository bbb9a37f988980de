// Placeholder until refundMany lands (pkg-template/bulk.mjs).
import { h, replace } from "../dom.js";

export function createBulkView() {
  const element = h("div", {});
  return { element, show() { replace(element, h("p", {}, "Bulk refunds: coming with refundMany.")); } };
}
