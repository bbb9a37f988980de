// The events panel: every request, response, retry (with its delay) and token refresh the
// SDK reports through `onEvent`, as it happens. The SDK redacts them before we see them.
import { h, replace } from "../dom.js";

function path(url) {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

function summary(event) {
  switch (event.type) {
    case "request":
      return [`${event.request.method} ${path(event.request.url)}`, `attempt ${event.attempt}`];
    case "response":
      return [`${event.status} after ${event.elapsedMs} ms`, `attempt ${event.attempt}`];
    case "retry":
      return [`retry ${event.retry} in ${event.delayMs} ms`, [event.reason, event.error].filter(Boolean).join(": ")];
    case "token":
      return [`new access token from ${event.source}`, event.expiresIn ? `expires in ${event.expiresIn} s` : ""];
    default:
      return [event.type, ""];
  }
}

export function createEventsPanel() {
  const list = h("ol", { class: "events", role: "log", "aria-label": "SDK events", "aria-live": "polite" });
  const empty = h("p", { class: "muted" }, "Nothing sent yet. Requests, responses and retries appear here as they happen.");
  const clear = h("button", { type: "button", class: "secondary", onclick: () => { replace(list); empty.hidden = false; } }, "Clear");
  const element = h("section", { class: "panel", "aria-labelledby": "events-title" },
    h("header", { class: "panel-head" }, h("h2", { id: "events-title" }, "Events"), clear),
    empty, list);

  function add(event) {
    empty.hidden = true;
    const [title, detail] = summary(event);
    const time = new Date().toLocaleTimeString("en-GB", { hour12: false });
    list.append(h("li", { class: `event event-${event.type}`, dataset: { type: event.type } },
      h("details", {},
        h("summary", {},
          h("span", { class: "event-kind" }, event.type),
          h("span", { class: "event-title" }, title),
          detail ? h("span", { class: "event-detail" }, detail) : null,
          h("time", {}, time)),
        h("pre", {}, JSON.stringify(event, null, 2)))));
    list.lastElementChild.scrollIntoView?.({ block: "nearest" });
  }

  return { element, add };
}
