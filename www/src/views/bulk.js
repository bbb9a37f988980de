// Bulk refunds from a CSV file (docs/BULK.md): pick the file, see the dry run (every row
// checked by the SDK, its issues with their line number, nothing sent), run it with a live
// progress bar, download the results. client.refundMany does the work: keys from the batch
// and row ids, bounded concurrency that slows down on 429/425, lookups before any resend.
// Its journal is kept in this browser (bulk-journal.js), so the same file run again with the
// same batch ID sends only what has no outcome yet.
import { h, replace, uid, facts } from "../dom.js";
import { maskCardNumber } from "refundkit";
import { readCsv, csvCell } from "../csv.js";
import { BrowserJournal } from "../bulk-journal.js";
import { PROVIDER_NAMES } from "../status.js";
import { displayView } from "../money.js";
import { statusBadge } from "../panels/badge.js";
import { confirmDialog } from "../panels/confirm.js";

const COLUMNS = {
  payroc: [["reason", "required: Payroc's refund description"], ["operator", "optional"]],
  jpmorgan: [["reason", "optional (J.P. Morgan has no field for it)"], ["reference_type", "transaction (default) or capture"]],
  commercehub: [["reason", "optional (Commerce Hub has no field for it)"], ["reference_type", "transaction (default) or merchant_transaction"],
    ["merchant_transaction_id", "optional: the refund's own id"]],
};

const RESULT_COLUMNS = ["row_id", "line", "status", "refund_id", "amount", "currency", "idempotency_key", "error_code", "error_message"];

/** A small file to try the page with: seeded payments of the provider, and one row the SDK refuses. */
function sampleCsv(provider, seed) {
  const pick = {
    payroc: (seed.payroc.payments ?? []).filter((p) => p.state === "settled").slice(0, 3),
    jpmorgan: (seed.jpmorgan.payments ?? []).filter((p) => p.state === "CLOSED" && !(p.captures ?? []).length).slice(0, 3),
    commercehub: (seed.commercehub.charges ?? []).filter((c) => c.state === "CAPTURED" && Date.parse(c.transactionCutTimeStamp ?? 0) < Date.now()).slice(0, 3),
  }[provider];
  const amount = (p) => ({ JPY: "100", KWD: "0.100" }[p.currency] ?? "1.00");
  const lines = ["row_id,reference,amount,currency,reason",
    ...pick.map((p, i) => `r-${i + 1},${p.id},${amount(p)},${p.currency},product recall`),
    `r-${pick.length + 1},${pick[0].id},1.001,USD,product recall`];
  return lines.join("\n") + "\n";
}

function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const amountText = (o) => (o.amount ? displayView(o.amount) : o.status === "failed" && !o.idempotencyKey ? "" : "everything left");

export function createBulkView({ clients, seed }) {
  const element = h("div", { class: "bulk-view" });
  let provider = "payroc";
  let file = null; // { name, rows }
  let run = null;
  let outcomes = new Map(); // rowId or line → outcome

  const fileId = uid("csv");
  const batchId = uid("batch");
  const concurrencyId = uid("conc");
  const fileInput = h("input", { id: fileId, type: "file", accept: ".csv,text/csv", "aria-describedby": `${fileId}-error` });
  const fileError = h("div", { class: "field-error", id: `${fileId}-error`, role: "alert" });
  const batchInput = h("input", { id: batchId, type: "text", autocomplete: "off", spellcheck: "false" });
  const concurrency = h("select", { id: concurrencyId }, [1, 4, 8].map((n) => h("option", { value: String(n), selected: n === 4 }, String(n))));
  const checkSlot = h("div", {});
  const runSlot = h("div", {});

  function columnsHelp() {
    return h("details", { class: "columns-help" }, h("summary", {}, `The file's columns for ${PROVIDER_NAMES[provider]}`),
      facts([["row_id", "required: your id of the row, unique in the file (its idempotency key comes from it)"],
        ["reference", "required: the payment"],
        ["amount", "required: decimal text (12.50, 5000 JPY), or all for everything that is left"],
        ["currency", "with an amount: USD, JPY, KWD…"],
        ...COLUMNS[provider]]),
      h("p", {}, h("button", { type: "button", class: "link", onclick: () => download(`sample-${provider}.csv`, sampleCsv(provider, seed)) }, "Download a sample file")));
  }

  async function load(f) {
    replace(fileError);
    fileInput.removeAttribute("aria-invalid");
    replace(checkSlot);
    replace(runSlot);
    file = null;
    let parsed;
    try {
      parsed = readCsv(await f.text());
    } catch (e) {
      fail(`${f.name} is malformed: ${e.message}. Nothing will be sent.`);
      return;
    }
    if (parsed.rows.length === 0) {
      fail(`${f.name} has no rows. Nothing will be sent.`);
      return;
    }
    file = { name: f.name, rows: parsed.rows };
    if (!batchInput.value || batchInput.dataset.auto === "true") {
      batchInput.value = f.name.replace(/\.csv$/i, "");
      batchInput.dataset.auto = "true";
    }
    await dryRun();
  }

  function fail(message) {
    replace(fileError, h("p", { "data-testid": "bulk-file-error" }, message));
    fileInput.setAttribute("aria-invalid", "true");
    fileInput.focus();
  }

  /** The dry run: every row checked and prepared by the SDK, caps simulated, nothing sent. */
  async function dryRun() {
    replace(runSlot);
    const client = clients.get(provider);
    const rows = [];
    let summary;
    try {
      const dry = client.refundMany(file.rows, { batchId: batchInput.value.trim(), dryRun: true, format: "csv" });
      for await (const o of dry) rows.push(o);
      summary = await dry;
    } catch (e) {
      fail(`${e.issues?.map((i) => i.message).join("; ") ?? e.message}. Nothing will be sent.`);
      return;
    }
    const ready = rows.filter((o) => o.status === "planned");
    const refused = rows.filter((o) => o.status !== "planned");
    const totals = Object.values(summary.amount ?? {}).map(displayView);
    const everything = ready.filter((o) => !o.amount).length;
    const what = [...totals, everything ? `everything left on ${everything} payment${everything > 1 ? "s" : ""}` : ""].filter(Boolean).join(" and ");
    const known = BrowserJournal.summary(batchInput.value.trim());
    const sendLabel = `Send ${ready.length} refund${ready.length === 1 ? "" : "s"}`;
    replace(checkSlot, h("section", { class: "panel", "aria-labelledby": "dry-title" },
      h("header", { class: "panel-head" }, h("h2", { id: "dry-title", tabindex: "-1" }, "Dry run: nothing was sent")),
      h("p", { "data-testid": "dry-summary" }, `${file.rows.length} rows: ${ready.length} ready to send${what ? ` (${what})` : ""}, ${refused.length} refused.`),
      refused.length ? h("p", {}, "Refused rows are never sent; the others go on. Fix them in the file and load it again to send them too.") : null,
      known ? h("p", { class: "note" }, `This browser already ran batch ${batchInput.value.trim()}: ${known.done} of its ${known.rows} rows have an outcome. Those are not sent again; rows that may have been sent are looked up first.`) : null,
      h("ol", { class: "list bulk-rows", "data-testid": "dry-rows" }, rows.map((o) => h("li", { class: "list-row", dataset: { line: String(o.line ?? ""), status: o.status } },
        h("div", { class: "tl-main" },
          h("strong", {}, `Line ${o.line}`), h("code", {}, o.rowId ?? "no row id"),
          h("span", { class: "num" }, o.status === "planned" ? amountText(o) : ""),
          o.status === "planned" ? h("span", { class: "badge badge-succeeded" }, "Ready") : h("span", { class: "badge badge-failed" }, "Refused")),
        o.error?.issues?.length ? h("ul", { class: "row-issues field-error" }, o.error.issues.map((i) => h("li", {}, i.message, " ", h("code", { class: "api-path" }, i.path))))
          : o.error ? h("p", { class: "field-error" }, o.error.message) : null))),
      ready.length ? h("div", { class: "form-actions" },
        h("label", { for: concurrencyId }, "Rows at once"), concurrency,
        h("button", { type: "button", class: "primary", "data-testid": "bulk-send", onclick: () => send(ready.length, what, sendLabel) }, sendLabel)) : null));
    checkSlot.querySelector("#dry-title").focus();
  }

  async function send(count, what, label) {
    const ok = await confirmDialog({
      title: `${label}?`,
      body: `${count} refund${count === 1 ? "" : "s"} of batch ${batchInput.value.trim()} to ${PROVIDER_NAMES[provider]}${what ? `: ${what}` : ""}. Each row is sent at most once under its own idempotency key.`,
      confirmLabel: label,
    });
    if (!ok) return;
    const client = clients.get(provider);
    outcomes = new Map();
    const progress = h("progress", { class: "progress", max: String(file.rows.length), value: "0", "aria-label": "Rows done" });
    const counts = h("p", { role: "status", "aria-live": "polite", "data-testid": "bulk-progress" }, "Starting…");
    const list = h("ol", { class: "list bulk-rows", "data-testid": "bulk-results" });
    const stop = h("button", { type: "button", class: "danger", onclick: () => { run?.stop(); stop.disabled = true; stop.textContent = "Stopping: rows in flight finish"; } }, "Stop");
    const results = h("button", { type: "button", class: "secondary", disabled: true, "data-testid": "bulk-download",
      onclick: () => download(`${batchInput.value.trim()}.results.csv`, resultsCsv()) }, "Download the results (CSV)");
    const title = h("h2", { id: "run-title", tabindex: "-1" }, `Sending batch ${batchInput.value.trim()}`);
    replace(runSlot, h("section", { class: "panel", "aria-labelledby": "run-title" },
      h("header", { class: "panel-head" }, title), progress, counts, h("div", { class: "form-actions" }, stop, results), list));
    for (const b of checkSlot.querySelectorAll("button")) b.disabled = true;
    title.focus();
    const show = (p) => {
      progress.value = p.done;
      const amounts = Object.values(p.amount ?? {}).map(displayView).join(", ");
      counts.textContent = `${p.done} of ${p.total} rows · ${p.succeeded} succeeded · ${p.pending} pending · ${p.failed + p.declined} failed or declined · ${p.unknown} unknown · ${p.skipped} skipped${amounts ? ` · ${amounts} refunded` : ""}`;
    };
    try {
      run = client.refundMany(file.rows, {
        batchId: batchInput.value.trim(), concurrency: Number(concurrency.value), format: "csv", journal: new BrowserJournal(), onProgress: show,
      });
      for await (const o of run) {
        outcomes.set(o.rowId ?? `line ${o.line}`, o);
        list.append(h("li", { class: "list-row", dataset: { line: String(o.line ?? ""), status: o.status } },
          h("div", { class: "tl-main" }, h("strong", {}, `Line ${o.line}`), h("code", {}, o.rowId ?? ""), h("span", { class: "num" }, amountText(o)),
            statusBadge(o.status === "planned" ? "pending" : o.status, o.previous ? "done before" : o.lookedUp ? "looked up first" : o.result?.providerStatus ?? o.reason ?? "")),
          h("div", { class: "tl-ids" }, o.refundId ? h("span", {}, "ID ", h("code", {}, o.refundId)) : null,
            o.idempotencyKey ? h("span", {}, "Key ", h("code", {}, o.idempotencyKey)) : null),
          o.error ? h("p", { class: "field-error" }, maskCardNumber(o.error.message)) : null));
      }
      const summary = await run;
      show(summary);
      title.textContent = summary.stoppedBy ? `Batch ${summary.batchId} stopped (${summary.stoppedBy})` : `Batch ${summary.batchId} done`;
    } catch (e) {
      counts.textContent = "";
      replace(list, h("li", { class: "field-error", role: "alert", "data-testid": "bulk-run-error" }, `${e.issues?.map((i) => i.message).join("; ") ?? e.message}`));
    } finally {
      run = null;
      stop.hidden = true;
      results.disabled = outcomes.size === 0;
    }
  }

  /** The results file, as the CLI writes it: one line per row of the file. */
  function resultsCsv() {
    const lines = [RESULT_COLUMNS.join(",")];
    for (const { line, record } of file.rows) {
      const o = outcomes.get(record.row_id) ?? [...outcomes.values()].find((x) => x.line === line);
      const cells = [record.row_id, line, o?.status ?? "not run", o?.refundId ?? "", o?.amount?.formatted ?? "", o?.amount?.currency ?? "",
        o?.idempotencyKey ?? "", o?.error?.code ?? "", o?.error ? maskCardNumber(o.error.message) : ""];
      lines.push(cells.map(csvCell).join(","));
    }
    return lines.join("\n") + "\n";
  }

  fileInput.addEventListener("change", () => fileInput.files[0] && load(fileInput.files[0]));
  batchInput.addEventListener("change", () => {
    batchInput.dataset.auto = "false";
    if (file) dryRun();
  });

  return {
    element,
    show(p) {
      if (run) return; // a batch in flight keeps its page
      provider = p;
      file = null;
      fileInput.value = "";
      replace(checkSlot);
      replace(runSlot);
      replace(element,
        h("section", { class: "panel", "aria-labelledby": "bulk-title" },
          h("header", { class: "panel-head" }, h("h2", { id: "bulk-title" }, `Bulk refunds · ${PROVIDER_NAMES[p]}`)),
          h("p", {}, "A CSV file, one refund per row. Each row's idempotency key comes from the batch ID and its row ID: running the same file with the same batch ID again never pays a row twice. Rows with an outcome are not sent again, and rows that may have been sent are looked up first (this browser keeps the batch's journal)."),
          columnsHelp(),
          h("div", { class: "grid-fields" },
            h("div", { class: "field" }, h("label", { for: fileId }, "CSV file"), fileInput, fileError),
            h("div", { class: "field" }, h("label", { for: batchId }, "Batch ID"), batchInput,
              h("p", { class: "hint" }, "The file's name unless you change it.")))),
        checkSlot, runSlot);
    },
  };
}
