// The events panel: every request, response, retry (with its delay) and token refresh the
// SDK reports through `onEvent`, as it happens, for the provider on screen (each provider
// keeps its own list). The SDK redacts them before we see them. The list scrolls inside its
// own box and never moves the page.
import { h, replace } from "../dom.js";
import { PROVIDER_NAMES } from "../status.js";

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

/** success (2xx), client error (4xx), server error (5xx and network), or neutral. */
function tone(event) {
  if (event.type === "response") return event.status >= 500 ? "bad" : event.status >= 400 ? "warn" : event.status >= 200 && event.status < 300 ? "good" : "neutral";
  if (event.type === "retry") return "warn";
  return "neutral";
}

export function createEventsPanel() {
  const lists = {};
  let provider = "payroc";
  const title = h("h2", { id: "events-title" }, "Events");
  const box = h("div", { class: "events-box", tabindex: "0", "aria-label": "SDK events (scrolls)" });
  const empty = h("p", { class: "muted" }, "Nothing sent yet. Requests, responses and retries appear here as they happen.");
  const clear = h("button", { type: "button", class: "secondary small", onclick: () => { replace(listFor(provider)); show(provider); } }, "Clear");
  const element = h("section", { class: "panel events-panel", "aria-labelledby": "events-title" },
    h("header", { class: "panel-head" }, title, clear), empty, box);

  function listFor(p) {
    lists[p] ??= h("ol", { class: "events", role: "log", "aria-label": `${PROVIDER_NAMES[p]} SDK events`, "aria-live": "polite" });
    return lists[p];
  }

  function show(p) {
    provider = p;
    title.textContent = `Events · ${PROVIDER_NAMES[p]}`;
    const list = listFor(p);
    replace(box, list);
    empty.hidden = list.childElementCount > 0;
    box.scrollTop = box.scrollHeight;
  }

  function add(p, event) {
    const list = listFor(p);
    // Follow the newest event only when the box is already at its end (someone reading older
    // events keeps their place), and only inside the box: the page never scrolls.
    const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 8;
    const [head, detail] = summary(event);
    const time = new Date().toLocaleTimeString("en-GB", { hour12: false });
    list.append(h("li", { class: `event event-${event.type} tone-${tone(event)}`, dataset: { type: event.type } },
      h("details", {},
        h("summary", {},
          h("span", { class: "event-kind" }, event.type),
          h("span", { class: "event-title" }, head),
          detail ? h("span", { class: "event-detail" }, detail) : null,
          h("time", {}, time)),
        h("pre", {}, JSON.stringify(event, null, 2)))));
    if (p === provider) {
      empty.hidden = true;
      if (atEnd) box.scrollTop = box.scrollHeight;
    }
  }

  show(provider);
  return { element, add, show };
}
