// Bulk refunds against the sandbox: a small recall file checked by a dry run, run through a
// journal, stopped part way (as a crash or Ctrl-C would), and run again: the re-run sends
// only what had no outcome, and a third run sends nothing at all.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const title = "Bulk: a recall file, a dry run, a run stopped part way, and the re-run that pays nothing twice";

export default async function bulk({ refundkit, sandbox, seed, say }) {
  const { PayrocClient } = refundkit;
  const { openJournal } = await import("refundkit/journal");
  const payroc = new PayrocClient({ apiKey: seed.payroc.apiKey, ...sandbox.payroc });
  const payment = (words) => seed.payroc.payments.find((p) => p.purpose.includes(words)).id;
  const usd = payment("100.00");
  const kwd = payment("KWD");

  // As the CLI reads a file: `{ line, record }`, column → text (docs/BULK.md, the CSV format).
  const csv = [
    ["r1", usd, "1.00", "USD"],
    ["r2", usd, "2.50", "USD"],
    ["r3", kwd, "1.234", "KWD"],
    ["r4", usd, "3.00", "USD"],
    ["r5", usd, "4.25", "USD"],
    ["r6", usd, "1.001", "USD"],
  ].map(([row_id, reference, amount, currency], i) => ({ line: i + 2, record: { row_id, reference, amount, currency, reason: "product recall" } }));
  const options = { batchId: "recall-2024-07", format: "csv" };
  const line = (o) => `${o.rowId} ${o.status}${o.amount ? ` ${o.amount.formatted} ${o.amount.currency}` : ""}${o.refundId ? `, refund ${o.refundId}` : ""}${o.previous ? " (from the journal)" : ""}${o.error ? `: ${o.error.issues?.[0]?.message ?? o.error.message}` : ""}`;

  for await (const o of payroc.refundMany(csv, { ...options, dryRun: true })) say(`dry run, line ${o.line}`, line(o));

  const dir = mkdtempSync(path.join(os.tmpdir(), "refundkit-demo-"));
  const journal = await openJournal(path.join(dir, "recall.journal"));
  try {
    const first = payroc.refundMany(csv, { ...options, journal, concurrency: 2 });
    let seen = 0;
    for await (const o of first) {
      say("run 1", line(o));
      if (o.status === "succeeded" && ++seen === 2) break; // stop taking rows, as Ctrl-C does
    }
    say("run 1 stopped", `${(await first).succeeded} refunded; the journal knows which`);

    const second = await payroc.refundMany(csv, { ...options, journal, concurrency: 2, onProgress: (p) => p.done === p.total && say("run 2 progress", `${p.done}/${p.total} rows, refunded ${Object.values(p.amount).map((a) => `${a.formatted} ${a.currency}`).join(" + ")}`) });
    say("run 2 summary", `${second.succeeded} succeeded, ${second.failed} failed (the bad row, never sent)`);

    const before = (await sandbox.stats()).requests["POST /payroc/v1/payments/{paymentId}/refund"];
    await payroc.refundMany(csv, { ...options, journal });
    const after = (await sandbox.stats()).requests["POST /payroc/v1/payments/{paymentId}/refund"];
    say("run 3", `refund requests sent: ${after - before} (every row already has its outcome)`);
    say("the same from a shell", "refundkit bulk recall.csv --provider payroc --journal recall.journal   (docs/BULK.md)");
  } finally {
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
