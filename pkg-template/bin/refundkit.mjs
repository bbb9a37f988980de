#!/usr/bin/env node
// refundkit bulk FILE.csv --provider NAME [options]: a CSV file of refunds, run at a steady
// pace through a journal that makes any crash or re-run safe (docs/BULK.md).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "csv-parse/sync";
import * as refundkit from "../index-node.mjs";
import { openJournal } from "../journal.mjs";
import { clientOptions } from "./clients.mjs";
import { formatMinor, progressDisplay, summaryTable, writeResults } from "./report.mjs";

const USAGE = `Usage: refundkit bulk FILE.csv --provider payroc|jpmorgan|commercehub [options]

  --dry-run                 check every row and show what would be sent; send nothing
  --concurrency N           rows in flight at once (default 4; lowered by itself on 429/425)
  --journal PATH|URL        where progress is kept: a file (default FILE.csv.journal) or postgres://…
  --batch-id ID             the batch's id (default: the file's name); keys derive from it
  --out FILE                the results CSV (default FILE.results.csv)
  --max-total CUR=AMOUNT    stop before the batch refunds more than this (repeatable: USD=1000.00)
  --max-rows N              stop before the batch sends more than N rows
  --worker-id ID            this worker's name in a shared journal (default: random)
  --lease-ms MS             how long a dead worker's rows stay claimed (default 30000)
  --sandbox URL             every host of the provider on a refundkit-sandbox
  --base-url URL            the provider's API host (also --identity-url, --token-url)
  --environment NAME        uat|production, mock|cat|production, cert|production
  --quiet                   no progress display

Credentials come from environment variables (docs/BULK.md): REFUNDKIT_PAYROC_API_KEY;
REFUNDKIT_JPMORGAN_CLIENT_ID, _CLIENT_SECRET, _MERCHANT_ID; REFUNDKIT_COMMERCEHUB_API_KEY,
_API_SECRET, _MERCHANT_ID, _TERMINAL_ID. Exit status: 0 when every row succeeded, 1 when some
did not, 2 when nothing was sent (usage, a malformed file, a batch the journal refuses), 130
when stopped by Ctrl-C.`;

const PLACEHOLDER = {
  payroc: { accessToken: "dry-run", environment: "uat" },
  jpmorgan: { accessToken: "dry-run", merchantId: "dry-run", environment: "mock", merchantSoftware: { companyName: "refundkit", productName: "refundkit bulk CLI" } },
  commercehub: { apiKey: "dry-run", apiSecret: "dry-run", merchantId: "dry-run", terminalId: "dry-run", environment: "cert" },
};
const CLASSES = { payroc: "PayrocClient", jpmorgan: "JpMorganClient", commercehub: "CommerceHubClient" };

const mask = (text) => refundkit.maskCardNumber(String(text));
const say = (line) => process.stdout.write(line + "\n");
const warn = (line) => process.stderr.write(mask(line) + "\n");

class UsageError extends Error {}

function readFlags(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      provider: { type: "string" },
      "dry-run": { type: "boolean" },
      concurrency: { type: "string" },
      journal: { type: "string" },
      "batch-id": { type: "string" },
      out: { type: "string" },
      "max-total": { type: "string", multiple: true },
      "max-rows": { type: "string" },
      "worker-id": { type: "string" },
      "lease-ms": { type: "string" },
      sandbox: { type: "string" },
      "base-url": { type: "string" },
      "identity-url": { type: "string" },
      "token-url": { type: "string" },
      environment: { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  return { values, positionals };
}

const whole = (text, flag) => {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, not ${JSON.stringify(text)}`);
  return Number(text);
};

/** The file's records as `{ line, record }`, or an Error saying where the file is malformed. */
function readCsv(file) {
  const text = readFileSync(file);
  let header = null;
  const records = parse(text, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    columns: (names) => {
      const seen = new Set();
      for (const n of names) {
        if (seen.has(n)) throw new Error(`column ${JSON.stringify(n)} appears twice in the header (line 1)`);
        seen.add(n);
      }
      header = names;
      return names;
    },
  });
  let end = 1;
  let empty = 0;
  const rows = records.map(({ record, info }) => {
    const line = end + 1 + (info.empty_lines - empty);
    end = info.lines;
    empty = info.empty_lines;
    return { line, record };
  });
  return { header, rows };
}

/** One row of the report from what the journal says (the whole batch, every worker's rows). */
function reportRow(r, lines, exponentOf, me) {
  const planned = r.minor != null && r.currency ? { minor: r.minor, currency: r.currency, formatted: formatMinor(r.minor, exponentOf(r.currency)) } : null;
  const status = {
    done: r.status,
    pending: "pending",
    unknown: "unknown",
    sent: r.worker && r.worker !== me ? "in_progress" : r.status ?? "unknown",
    planned: r.status === "failed" ? "failed" : r.worker && r.worker !== me ? "in_progress" : "not_run",
  }[r.state] ?? "unknown";
  return {
    rowId: r.rowId,
    line: lines.get(r.rowId),
    status,
    refundId: r.refundId,
    amount: r.amount ?? planned,
    key: r.key,
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
  };
}

async function bulk(argv) {
  const { values: flags, positionals } = readFlags(argv);
  if (flags.help) {
    say(USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError("give exactly one CSV file");
  const provider = flags.provider;
  if (!CLASSES[provider]) throw new UsageError("--provider must be payroc, jpmorgan or commercehub");
  const dryRun = flags["dry-run"] === true;
  const concurrency = flags.concurrency === undefined ? 4 : whole(flags.concurrency, "--concurrency");
  const maxRows = flags["max-rows"] === undefined ? undefined : whole(flags["max-rows"], "--max-rows");
  const leaseMs = flags["lease-ms"] === undefined ? 30_000 : whole(flags["lease-ms"], "--lease-ms");
  let maxTotal;
  for (const cap of flags["max-total"] ?? []) {
    const m = /^([A-Za-z]{3})=(.+)$/.exec(cap);
    if (!m) throw new UsageError(`--max-total takes CURRENCY=AMOUNT (USD=1000.00), not ${JSON.stringify(cap)}`);
    maxTotal ??= {};
    maxTotal[m[1]] = m[2];
  }
  const batchId = flags["batch-id"] ?? path.basename(file).replace(/\.csv$/i, "");
  const journalAt = flags.journal ?? process.env.REFUNDKIT_JOURNAL ?? `${file}.journal`;
  const out = flags.out ?? `${file.replace(/\.csv$/i, "")}.results.csv`;

  let parsed;
  try {
    parsed = readCsv(file);
  } catch (e) {
    warn(`refundkit: ${file} is malformed: ${e.message}${e.lines ? ` (line ${e.lines})` : ""}. Nothing was sent.`);
    return 2;
  }
  if (parsed.rows.length === 0) {
    warn(`refundkit: ${file} has no rows. Nothing was sent.`);
    return 2;
  }

  const version = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
  let options;
  try {
    options = clientOptions(provider, process.env, {
      sandbox: flags.sandbox, baseUrl: flags["base-url"], identityUrl: flags["identity-url"], tokenUrl: flags["token-url"], environment: flags.environment,
    }, version);
  } catch (e) {
    if (!dryRun) throw new UsageError(e.message);
    options = PLACEHOLDER[provider];
  }
  const client = new refundkit[CLASSES[provider]](options);
  let journal;
  try {
    journal = dryRun ? undefined : await openJournal(journalAt, { workerId: flags["worker-id"], leaseMs });
  } catch (e) {
    warn(`refundkit: cannot open the journal ${journalAt.replace(/\/\/[^@/]*@/, "//***@")}: ${e.message}. Nothing was sent.`);
    return 2;
  }
  const lines = new Map();
  const display = progressDisplay({ total: parsed.rows.length, tty: process.stderr.isTTY === true, quiet: flags.quiet === true });
  const controller = new AbortController();
  let interrupted = 0;
  let run;
  const resume = () => {
    const args = ["refundkit", "bulk", file, "--provider", provider, "--journal", journal?.location ?? journalAt, "--batch-id", batchId];
    if (flags.sandbox) args.push("--sandbox", flags.sandbox);
    return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
  };
  const onSignal = () => {
    interrupted++;
    if (interrupted === 1) {
      display.log("refundkit: stopping: no new rows are taken; rows in flight are let finish (Ctrl-C again to abort them: they are recorded unknown and looked up on the next run)");
      run?.stop();
    } else {
      display.log("refundkit: aborting the rows in flight");
      controller.abort();
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    try {
      run = client.refundMany(parsed.rows, {
        batchId, concurrency, dryRun, format: "csv", signal: controller.signal,
        ...(maxTotal && { maxTotal }), ...(maxRows !== undefined && { maxRows }), ...(journal && { journal }),
        onProgress: (p) => display.update(p),
      });
    } catch (e) {
      display.stop();
      warn(`refundkit: ${e.message}. Nothing was sent.`);
      return 2;
    }
    if (!dryRun) display.log(`refundkit: batch ${batchId}: ${parsed.rows.length} rows, journal ${journal.location ?? journal.kind}, worker ${journal.workerId}`);
    const outcomes = [];
    try {
      for await (const o of run) {
        outcomes.push(o);
        if (o.rowId != null) lines.set(o.rowId, o.line);
        if (o.error?.code === "validation" && o.status === "failed" && !o.idempotencyKey) {
          display.log(`line ${o.line}${o.rowId ? ` (row ${o.rowId})` : ""}: ${mask(o.error.issues?.map((i) => i.message).join("; ") ?? o.error.message)} (not sent)`);
        } else if (o.status === "unknown") {
          display.log(`line ${o.line} (row ${o.rowId}): outcome unknown (${mask(o.error?.message ?? "not identified yet")}); the next run looks it up`);
        }
      }
    } catch (e) {
      display.stop();
      warn(`refundkit: ${e.message}`);
      if (e.code === "validation" || e.code === "configuration") return 2;
      throw e;
    }
    const summary = await run;
    display.update(summary, true);
    display.stop();

    for (const r of parsed.rows) if (r.record.row_id && !lines.has(r.record.row_id)) lines.set(r.record.row_id, r.line);
    const exponentOf = (c) => refundkit.Money.exponentOf(c);
    let report;
    if (dryRun) {
      report = outcomes.map((o) => ({
        rowId: o.rowId, line: o.line, status: o.status, refundId: null, amount: o.amount, key: o.idempotencyKey,
        errorCode: o.error?.code ?? (o.reason ? o.reason : null), errorMessage: o.error ? o.error.issues?.map((i) => i.message).join("; ") ?? o.error.message : o.reason ? `would stop at ${o.reason}` : null,
      }));
    } else {
      const invalid = outcomes.filter((o) => o.status === "failed" && !o.idempotencyKey).map((o) => ({
        rowId: o.rowId, line: o.line, status: "failed", refundId: null, amount: null, key: null,
        errorCode: "validation", errorMessage: o.error.issues?.map((i) => i.message).join("; ") ?? o.error.message,
      }));
      report = [...(await journal.rows(batchId)).map((r) => reportRow(r, lines, exponentOf, journal.owner ?? journal.workerId)), ...invalid].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    }
    writeResults(out, report, mask);
    say(summaryTable(report, exponentOf));
    say(`\nresults: ${out}`);
    const complete = report.length === parsed.rows.length && report.every((r) => r.status === (dryRun ? "planned" : "succeeded"));
    if (!dryRun && !complete && report.some((r) => ["unknown", "not_run", "pending", "in_progress"].includes(r.status) || (r.status === "failed" && r.errorCode !== "validation"))) {
      say(`to resume (sends only rows without a final outcome, looks up the rest first):\n  ${resume()}`);
    }
    if (interrupted > 0) return 130;
    return complete ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await journal?.close();
  }
}

async function main(argv) {
  const [command, ...rest] = argv;
  try {
    if (command === "bulk") return await bulk(rest);
    if (command === "--help" || command === "-h" || command === "help") {
      say(USAGE);
      return 0;
    }
    throw new UsageError(command ? `unknown command ${command}` : "give a command");
  } catch (e) {
    if (e instanceof UsageError || e?.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" || e?.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      warn(`refundkit: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    warn(`refundkit: ${e?.stack ?? e}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
