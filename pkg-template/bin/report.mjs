// What the CLI shows and writes: the progress bar (or plain progress lines when stderr is not
// a terminal), the results CSV, and the summary table.
import { writeFileSync, renameSync } from "node:fs";
import cliProgress from "cli-progress";

const RESULT_COLUMNS = ["row_id", "line", "status", "refund_id", "amount", "currency", "idempotency_key", "error_code", "error_message"];
const ORDER = ["succeeded", "pending", "declined", "failed", "canceled", "unknown", "in_progress", "skipped", "planned", "not_run"];

/** Minor units as decimal text in major units, from the integer (no float): 123456n, 2 → "1234.56". */
export function formatMinor(minor, exponent) {
  const digits = BigInt(minor).toString().padStart(exponent + 1, "0");
  return exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

function cell(value) {
  const text = value == null ? "" : String(value);
  return /[",\r\n]/.test(text) || /^[=+\-@\t]/.test(text) ? `"${(/^[=+\-@\t]/.test(text) ? "'" : "") + text.replace(/"/g, '""')}"` : text;
}

/** Writes the results CSV atomically (a reader never sees half of it). */
export function writeResults(path, rows, mask) {
  const lines = [RESULT_COLUMNS.join(",")];
  for (const r of rows) {
    lines.push([r.rowId, r.line, r.status, r.refundId, r.amount?.formatted, r.amount?.currency, r.key, r.errorCode, r.errorMessage && mask(r.errorMessage)].map(cell).join(","));
  }
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, lines.join("\n") + "\n");
  renameSync(tmp, path);
}

const totalsText = (amount) =>
  Object.values(amount ?? {})
    .map((a) => `${a.formatted} ${a.currency}`)
    .join(", ") || "0";

/** A progress display: a bar on a terminal, a line every few seconds otherwise. */
export function progressDisplay({ total, tty, quiet }) {
  if (quiet) return { update() {}, stop() {}, log: (line) => process.stderr.write(line + "\n") };
  if (tty) {
    const bar = new cliProgress.SingleBar(
      {
        format: "{bar} {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted} | refunded {totals}",
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 200,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: "0.0", totals: "0" });
    return {
      update(p) {
        bar.update(p.done, { rate: rate(p), totals: totalsText(p.amount) });
      },
      stop() {
        bar.stop();
      },
      log(line) {
        bar.clearLine?.();
        process.stderr.write("\r" + line + "\n");
      },
    };
  }
  let last = 0;
  return {
    update(p, force = false) {
      const now = Date.now();
      if (!force && now - last < 2_000) return;
      last = now;
      const left = p.done > 0 ? Math.round(((p.total - p.done) * p.elapsedMs) / p.done / 1000) : "?";
      process.stderr.write(`progress: ${p.done}/${p.total} rows, ${rate(p)} rows/s, ETA ${left}s, refunded ${totalsText(p.amount)}\n`);
    },
    stop() {},
    log: (line) => process.stderr.write(line + "\n"),
  };
}

function rate(p) {
  return p.elapsedMs > 0 ? ((p.done * 1000) / p.elapsedMs).toFixed(1) : "0.0";
}

/** The summary table: rows per status and amounts per currency (`exponentOf(currency)` formats them). */
export function summaryTable(rows, exponentOf) {
  const counts = new Map();
  const amounts = new Map();
  for (const r of rows) {
    counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    if (r.amount?.currency && (r.status === "succeeded" || r.status === "pending" || r.status === "planned")) {
      const key = `${r.status} ${r.amount.currency}`;
      const prev = amounts.get(key) ?? { status: r.status, currency: r.amount.currency, minor: 0n };
      prev.minor += BigInt(r.amount.minor);
      amounts.set(key, prev);
    }
  }
  const lines = [["status", "rows", "amount"]];
  for (const status of ORDER) {
    if (!counts.has(status)) continue;
    const money = [...amounts.values()].filter((a) => a.status === status).map((a) => `${formatMinor(a.minor, exponentOf(a.currency))} ${a.currency}`);
    lines.push([status, String(counts.get(status)), money.join(", ")]);
  }
  lines.push(["total", String(rows.length), ""]);
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l, n) => l.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd() + (n === 0 ? "\n" + widths.map((w) => "-".repeat(w)).join("  ") : "")).join("\n");
}
