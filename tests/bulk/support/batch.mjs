// What the bulk tests share: a sandbox seeded with one payment per row, CSV files of refunds
// against them, the CLI run as a child process, and the checks against the sandbox ledger.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../node/support/sandbox.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const CLI = path.join(root, "pkg/bin/refundkit.mjs");
const pad = (n, w) => String(n).padStart(w, "0");

/** A seed with `count` payments per provider of USD 100.00 (Payroc ids BK00000000…). */
export function seedWith(count) {
  const seed = JSON.parse(readFileSync(path.join(root, "sandbox/seed.json"), "utf8"));
  seed.payroc.payments.push(...Array.from({ length: count }, (_, i) => ({
    id: "BK" + pad(i, 8), purpose: "bulk test: USD 100.00", processingTerminalId: "1234001", orderId: `BulkOrder${pad(i, 6)}`,
    dateTime: "2024-07-02T15:30:00Z", description: "bulk test", amount: 10_000, currency: "USD", state: "settled",
    card: { type: "Visa Credit", entryMethod: "keyed", cardholderName: "Bulk Test", cardNumber: "453985******7062", expiryDate: "1230" },
  })));
  seed.jpmorgan.payments.push(...Array.from({ length: count }, (_, i) => ({
    id: `b0a4e000-0000-4000-8000-${pad(i, 12)}`, purpose: "bulk test: USD 100.00", amount: 10_000, currency: "USD", state: "CLOSED",
    card: { cardType: "VI", cardTypeName: "VISA", maskedAccountNumber: "411234XXXXXX4113" },
  })));
  seed.commercehub.charges.push(...Array.from({ length: count }, (_, i) => ({
    id: `8${pad(i, 10)}`, purpose: "bulk test: USD 100.00", merchantTransactionId: `bulk${pad(i, 22)}`, orderId: `BULK-${pad(i, 6)}`,
    amount: 10_000, currency: "USD", state: "CAPTURED",
    card: { bin: "40055500", last4: "0019", scheme: "VISA", expirationMonth: "10", expirationYear: "2030" },
  })));
  return seed;
}

export const references = {
  payroc: (i) => "BK" + pad(i, 8),
  jpmorgan: (i) => `b0a4e000-0000-4000-8000-${pad(i, 12)}`,
  commercehub: (i) => `8${pad(i, 10)}`,
};

/** A throw-away directory, removed by `done()`. */
export function scratch() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "refundkit-bulk-"));
  return { dir, file: (name) => path.join(dir, name), done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a sandbox with `count` payments per provider. */
export async function sandboxWith(count, args = []) {
  const tmp = scratch();
  const seedFile = tmp.file("seed.json");
  writeFileSync(seedFile, JSON.stringify(seedWith(count)));
  const sandbox = await startSandbox(["--seed", seedFile, ...args]);
  const stop = sandbox.stop;
  sandbox.stop = async () => {
    await stop();
    tmp.done();
  };
  return sandbox;
}

/** A CSV of `count` refunds, one per payment: row i refunds `amountOf(i)` (decimal text) of payment i. */
export function csvFor(provider, count, { amountOf = (i) => `${1 + (i % 50)}.${pad(i % 100, 2)}`, prefix = "row" } = {}) {
  const header = provider === "payroc" ? "row_id,reference,amount,currency,reason" : "row_id,reference,amount,currency";
  const lines = [header];
  for (let i = 0; i < count; i++) {
    const cells = [`${prefix}-${pad(i, 5)}`, references[provider](i), amountOf(i), "USD"];
    if (provider === "payroc") cells.push("bulk test");
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

/** The environment the CLI reads credentials from, for the sandbox's seeded credentials. */
export function credentials(seed) {
  return {
    REFUNDKIT_PAYROC_API_KEY: seed.payroc.apiKey,
    REFUNDKIT_JPMORGAN_CLIENT_ID: seed.jpmorgan.clientId,
    REFUNDKIT_JPMORGAN_CLIENT_SECRET: seed.jpmorgan.clientSecret,
    REFUNDKIT_JPMORGAN_MERCHANT_ID: seed.jpmorgan.merchantId,
    REFUNDKIT_COMMERCEHUB_API_KEY: seed.commercehub.apiKey,
    REFUNDKIT_COMMERCEHUB_API_SECRET: seed.commercehub.apiSecret,
    REFUNDKIT_COMMERCEHUB_MERCHANT_ID: seed.commercehub.merchantId,
    REFUNDKIT_COMMERCEHUB_TERMINAL_ID: seed.commercehub.terminalId,
  };
}

/**
 * Starts the CLI: `{ child, done }` where `done` resolves `{ code, signal, stdout, stderr }`.
 * `onStderr(text)` sees its progress as it comes (to kill it at a chosen point).
 */
export function startCli(args, { env = {}, onStderr } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => {
    stderr += d;
    onStderr?.(String(d), child);
  });
  const done = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export const runCli = (args, options) => startCli(args, options).done;

/** The results CSV as objects (the CLI writes no quoted newlines). */
export function readResults(file) {
  const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const names = header.split(",");
  return lines.map((line) => {
    const cells = [];
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
      if (m[2] === "") break;
    }
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? ""]));
  });
}

/**
 * The keys a row may have: `idempotencyKeyFor(rowId, "refundkit/bulk/" + batchId)`, or, for the
 * rare row whose key reads as a card number, that of `rowId#1`, `#2`, … (src/bulk.rs, row_key).
 */
export function rowKeys(idempotencyKeyFor, rowId, batchId) {
  return [0, 1, 2, 3].map((n) => idempotencyKeyFor(n ? `${rowId}#${n}` : rowId, "refundkit/bulk/" + batchId));
}

/**
 * Checks the ledger against the batch: every row has exactly one refund, under one of its
 * keys and the key the results show; none over-refunds its payment; each row's results line
 * says succeeded with the ledger's refund id. `rows`: `[{ rowId, keys }]`. Answers the
 * problems found (empty when all is well).
 */
export function ledgerProblems({ ledger, rows, results, provider }) {
  const problems = [];
  const byKey = new Map();
  for (const e of ledger) {
    if (e.provider !== provider) continue;
    const list = byKey.get(e.idempotencyKey) ?? [];
    list.push(e);
    byKey.set(e.idempotencyKey, list);
  }
  const perReference = new Map();
  for (const e of ledger) perReference.set(e.reference, (perReference.get(e.reference) ?? 0) + e.amount);
  for (const [reference, total] of perReference) if (total > 10_000 && reference?.match(/^(BK|b0a4|8\d)/)) problems.push(`${reference} refunded ${total} > 10000`);
  const resultsById = new Map(results.map((r) => [r.row_id, r]));
  for (const row of rows) {
    const entries = row.keys.flatMap((k) => byKey.get(k) ?? []);
    const r = resultsById.get(row.rowId);
    if (entries.length !== 1) problems.push(`row ${row.rowId}: ${entries.length} ledger entries for its keys`);
    if (!r) problems.push(`row ${row.rowId}: not in the results`);
    else if (entries.length === 1 && r.status !== "succeeded") problems.push(`row ${row.rowId}: ledger has a refund, results say ${r.status}`);
    else if (entries.length === 1 && r.refund_id !== entries[0].refundId) problems.push(`row ${row.rowId}: results refund id ${r.refund_id}, ledger ${entries[0].refundId}`);
    else if (entries.length === 1 && r.idempotency_key !== entries[0].idempotencyKey) problems.push(`row ${row.rowId}: results key ${r.idempotency_key}, ledger ${entries[0].idempotencyKey}`);
  }
  return problems;
}

/** A client of `provider` on the sandbox, as a user's code makes one. */
export function clientFor(refundkit, provider, sandbox, seed, extra = {}) {
  const s = seed[provider];
  switch (provider) {
    case "payroc":
      return new refundkit.PayrocClient({ apiKey: s.apiKey, ...sandbox.payroc, ...extra });
    case "jpmorgan":
      return new refundkit.JpMorganClient({ clientId: s.clientId, clientSecret: s.clientSecret, merchantId: s.merchantId, ...sandbox.jpmorgan,
        merchantSoftware: { companyName: "refundkit tests", productName: "bulk" }, ...extra });
    default:
      return new refundkit.CommerceHubClient({ apiKey: s.apiKey, apiSecret: s.apiSecret, merchantId: s.merchantId, terminalId: s.terminalId, ...sandbox.commercehub, ...extra });
  }
}

/** Rows of refund inputs for `refundMany`: row i refunds `minorOf(i)` of payment `first + i`. */
export function rowsFor(provider, count, { first = 0, minorOf = (i) => 100 + i, prefix = "row" } = {}) {
  return Array.from({ length: count }, (_, i) => {
    const reference = references[provider](first + i);
    const amount = { minor: minorOf(i), currency: "USD" };
    const rowId = `${prefix}-${pad(i, 5)}`;
    if (provider === "payroc") return { rowId, paymentId: reference, amount, description: "bulk test" };
    if (provider === "jpmorgan") return { rowId, transactionId: reference, amount };
    return { rowId, referenceTransactionId: reference, amount };
  });
}

export const REFUND_ROUTE = {
  payroc: "/payroc/v1/payments/*/refund",
  jpmorgan: "/jpmorgan/api/v2/refunds",
  commercehub: "/commercehub/ch/payments/v1/refunds",
};
