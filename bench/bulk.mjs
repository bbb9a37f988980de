// Bulk throughput (issue 15): rows per second through client.refundMany against the release
// sandbox, at concurrency 1, 8 and 32, with the journal on: the SQLite file journal and the
// PostgreSQL journal (a throw-away server from scripts/postgres.sh). Payroc (a payment read
// before each send, then the refund's own read and POST) and Commerce Hub (one signed POST).
//
//   node bench/bulk.mjs [--quick] [--json FILE]     prints its rows as a table like bench/run.mjs
//   import { bulkThroughput } from "./bulk.mjs"     rows [part, measure, result, target, status]
//
// Needs the release package (make pkg) and the release sandbox (make bench-sandbox). Every
// row of a run refunds its own payment (a seed of 4,000 payments per provider), and the
// sandbox is reset between runs, so no payment's answer grows.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startReleaseSandbox } from "./sandbox.mjs";
import { fixed } from "./stats.mjs";
import { seedWith, references, clientFor } from "../tests/bulk/support/batch.mjs";

const PAYMENTS = 4_000;
const run = promisify(execFile);

async function startPostgres(root) {
  const { stdout } = await run(path.join(root, "scripts/postgres.sh"), ["start"], { timeout: 300_000 });
  const url = /^url=(.+)$/m.exec(stdout)[1];
  const dir = /^stop=scripts\/postgres\.sh stop (.+)$/m.exec(stdout)[1];
  return { url, stop: () => run(path.join(root, "scripts/postgres.sh"), ["stop", dir]).catch(() => {}) };
}

function rows(provider, count, batch) {
  return Array.from({ length: count }, (_, i) => {
    const reference = references[provider](i);
    const amount = { minor: 100 + (i % 900), currency: "USD" };
    const rowId = `${batch}-${i}`;
    return provider === "payroc" ? { rowId, paymentId: reference, amount, description: "bench" } : { rowId, referenceTransactionId: reference, amount };
  });
}

/** Rows for bench/run.mjs's table, and the figures behind them. */
export async function bulkThroughput(root, { quick = false } = {}) {
  const refundkit = await import("refundkit");
  const { openJournal } = await import("refundkit/journal");
  const dir = mkdtempSync(path.join(os.tmpdir(), "refundkit-bench-bulk-"));
  const seedFile = path.join(dir, "seed.json");
  writeFileSync(seedFile, JSON.stringify(seedWith(PAYMENTS)));
  const [sbx, pg] = await Promise.all([startReleaseSandbox(root, ["--seed", seedFile]), startPostgres(root)]);
  const counts = quick ? { 1: 100, 8: 300, 32: 500 } : { 1: 400, 8: 1500, 32: 3000 };
  const figures = [];
  try {
    const seed = await sbx.seed();
    let n = 0;
    for (const provider of ["payroc", "commercehub"]) {
      for (const [label, location] of [["file journal (SQLite)", null], ["PostgreSQL journal", pg.url]]) {
        for (const concurrency of [1, 8, 32]) {
          await sbx.reset();
          const client = clientFor(refundkit, provider, sbx, seed);
          const batch = `bench-${++n}`;
          const journal = await openJournal(location ?? path.join(dir, `${batch}.journal`));
          const list = rows(provider, counts[concurrency], batch);
          await client.refundMany(list.slice(0, 20).map((r) => ({ ...r, rowId: `warm-${r.rowId}` })), { batchId: `${batch}-warm`, concurrency });
          await sbx.reset();
          const t0 = performance.now();
          const summary = await client.refundMany(list, { batchId: batch, concurrency, journal });
          const seconds = (performance.now() - t0) / 1000;
          await journal.close();
          if (summary.succeeded !== list.length) throw new Error(`bench: ${provider} ${label} c${concurrency}: ${summary.succeeded}/${list.length} succeeded`);
          figures.push({ provider, journal: label, concurrency, rows: list.length, seconds, rowsPerSecond: list.length / seconds });
          process.stderr.write(`bench: bulk ${provider}, ${label}, concurrency ${concurrency}: ${fixed(list.length / seconds, 0)} rows/s\n`);
        }
      }
    }
  } finally {
    await Promise.all([sbx.stop(), pg.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
  const name = { payroc: "Payroc (read + refund)", commercehub: "Commerce Hub (one POST)" };
  const tableRows = figures.map((f) => ["6 bulk", `${name[f.provider]}, ${f.journal}, concurrency ${f.concurrency} (${f.rows} rows)`, `${fixed(f.rowsPerSecond, 0)} rows/s`, "", ""]);
  return { rows: tableRows, figures };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const args = process.argv.slice(2);
  const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : null;
  const { rows: tableRows, figures } = await bulkThroughput(root, { quick: args.includes("--quick") });
  const header = ["part", "measure", "result (median)", "target", ""];
  console.log([header, header.map(() => "---"), ...tableRows].map((r) => `| ${r.join(" | ")} |`).join("\n"));
  console.log(`\nMachine: ${os.availableParallelism?.() ?? os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), ${process.version}; load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}.`);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ date: new Date().toISOString(), figures, rows: tableRows }, null, 1));
}
