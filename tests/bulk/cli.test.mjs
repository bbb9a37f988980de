// `refundkit bulk` as a user runs it (the package's bin, a child process) against the sandbox:
// malformed files send nothing, bad rows are reported by line and never sent, dry runs, caps,
// Ctrl-C, exit codes, and results that agree with the ledger. Card numbers are never printed.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { idempotencyKeyFor } from "refundkit";
import { sandboxWith, csvFor, credentials, startCli, runCli, scratch, readResults, ledgerProblems, rowKeys, references, REFUND_ROUTE } from "./support/batch.mjs";

const PAN = "4111111111111111";
let sb;
let seed;
let tmp;
let env;
let files = 0;

before(async () => {
  sb = await sandboxWith(100);
  seed = await sb.seed();
  env = credentials(seed);
  tmp = scratch();
});
after(async () => {
  await sb?.stop();
  tmp?.done();
});
beforeEach(async () => {
  await sb.clearFaults();
  await sb.reset();
});

/** Writes `text` as a fresh CSV file; answers its path and the CLI's arguments for it. */
function file(text, provider = "payroc", extra = []) {
  const path = tmp.file(`batch-${++files}.csv`);
  writeFileSync(path, text);
  const out = tmp.file(`batch-${files}.results.csv`);
  return { path, out, args: ["bulk", path, "--provider", provider, "--sandbox", sb.url, "--out", out, "--quiet", ...extra] };
}
const providerRequests = async () => Object.entries((await sb.stats()).requests).filter(([k]) => !k.includes("/_")).length;

test("a malformed file sends nothing and says where it is malformed", async () => {
  const header = "row_id,reference,amount,currency,reason\n";
  const good = `r1,${references.payroc(0)},1.00,USD,recall\n`;
  const cases = [
    [header + good + `r2,${references.payroc(1)},"1.00,USD,recall\n`, /malformed.*line 3/i],
    ["row_id,reference,ammount,currency,reason\n" + good, /ammount.*amount/],
    [header + good + `r3,${references.payroc(2)},1.00,USD,recall,extra\n`, /line 3/],
    ["row_id,reference,amount,amount,reason\n" + good, /appears twice/],
    [header + good + `r1,${references.payroc(3)},2.00,USD,recall\n`, /line 3: row id r1 is also on line 2/],
    [header, /no rows/],
  ];
  for (const [text, message] of cases) {
    const f = file(text);
    const r = await runCli(f.args, { env });
    assert.equal(r.code, 2, `${text}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /Nothing was sent/);
  }
  assert.equal(await providerRequests(), 0);
  assert.equal((await sb.ledger()).length, 0);
});

test("bad rows are reported with their line number and never sent; the others are; exit 1", async () => {
  const text = [
    "row_id,reference,amount,currency,reason",
    `r1,${references.payroc(0)},1.00,USD,recall`,
    `r2,${references.payroc(1)},1.001,USD,recall`,
    `r3,${references.payroc(2)},2.00,USD,card ${PAN}`,
    `r4,${references.payroc(3)},,USD,recall`,
    `r5,${references.payroc(4)},all,,recall`,
  ].join("\n");
  const f = file(text);
  const r = await runCli(f.args, { env });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /line 3 \(row r2\): Amount has more decimal places/);
  assert.match(r.stderr, /line 4 \(row r3\): Reason looks like it holds a card number/);
  assert.match(r.stderr, /line 5 \(row r4\): Amount is required/);
  const results = readResults(f.out);
  assert.deepEqual(results.map((x) => [x.row_id, x.line, x.status]), [["r1", "2", "succeeded"], ["r2", "3", "failed"], ["r3", "4", "failed"], ["r4", "5", "failed"], ["r5", "6", "succeeded"]]);
  assert.equal(results[4].amount, "100.00", "all: what was left");
  for (const text of [r.stdout, r.stderr, readFileSync(f.out, "utf8")]) assert.ok(!text.includes(PAN), "no card number printed or written");
  const ledger = await sb.ledger();
  assert.deepEqual(ledger.map((e) => e.reference).sort(), [references.payroc(0), references.payroc(4)]);
  assert.match(r.stdout, /succeeded\s+2\s+101\.00 USD/);
  assert.match(r.stdout, /failed\s+3/);
});

test("a dry run sends nothing, needs no credentials, and exits 0 for a clean file", async () => {
  const f = file(csvFor("commercehub", 10), "commercehub", ["--dry-run"]);
  const r = await runCli(f.args, { env: {} });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /planned\s+10\s+55\.45 USD/);
  const results = readResults(f.out);
  assert.ok(results.every((x) => x.status === "planned" && rowKeys(idempotencyKeyFor, x.row_id, `batch-${files}`).includes(x.idempotency_key)));
  assert.equal(await providerRequests(), 0);
});

test("missing credentials are named, and nothing is sent", async () => {
  const f = file(csvFor("jpmorgan", 2), "jpmorgan");
  const r = await runCli(f.args, { env: { REFUNDKIT_JPMORGAN_CLIENT_ID: "x" } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /REFUNDKIT_JPMORGAN_CLIENT_SECRET, REFUNDKIT_JPMORGAN_MERCHANT_ID/);
  assert.equal(await providerRequests(), 0);
});

test("a cap stops the batch before it passes it; the re-run without it finishes; results agree with the ledger", async () => {
  const f = file(csvFor("jpmorgan", 20, { amountOf: () => "2.00" }), "jpmorgan", ["--concurrency", "4"]);
  const capped = await runCli([...f.args, "--max-total", "USD=9.00"], { env });
  assert.equal(capped.code, 1);
  assert.equal((await sb.ledger()).length, 4, "4 × 2.00; a 5th would pass 9.00");
  assert.match(capped.stdout, /to resume/);
  const rest = await runCli(f.args, { env });
  assert.equal(rest.code, 0, rest.stderr);
  const results = readResults(f.out);
  const rows = results.map((x) => ({ rowId: x.row_id, keys: rowKeys(idempotencyKeyFor, x.row_id, `batch-${files}`) }));
  assert.deepEqual(ledgerProblems({ ledger: await sb.ledger(), rows, results, provider: "jpmorgan" }), []);
});

test("Ctrl-C stops taking rows, lets the rows in flight finish, and says how to resume", async () => {
  await sb.setFault({ method: "POST", path: REFUND_ROUTE.commercehub, kind: "delay", delayMs: 300 });
  const f = file(csvFor("commercehub", 30), "commercehub", ["--concurrency", "2"]);
  const run = startCli(f.args, { env });
  await new Promise((r) => setTimeout(r, 1_800));
  run.child.kill("SIGINT");
  const stopped = await run.done;
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stderr, /stopping: no new rows are taken/);
  const resume = /to resume[^\n]*\n\s+(refundkit bulk .*)/.exec(stopped.stdout)?.[1];
  assert.ok(resume, stopped.stdout);
  const done = readResults(f.out);
  assert.ok(done.every((x) => x.status === "succeeded" || x.status === "not_run"), `rows in flight finished, none unknown: ${JSON.stringify(done.filter((x) => x.status !== "succeeded" && x.status !== "not_run"))}`);
  const made = (await sb.ledger()).length;
  assert.ok(made > 0 && made < 30, `${made} refunded before the stop`);
  assert.equal(done.filter((x) => x.status === "succeeded").length, made);

  await sb.clearFaults();
  const args = resume.split(" ").slice(1);
  const resumed = await runCli([...args, "--out", f.out, "--quiet"], { env });
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal((await sb.ledger()).length, 30);
});

test("a batch belongs to its provider: the same journal and batch with another provider send nothing", async () => {
  const f = file(csvFor("commercehub", 3), "commercehub");
  assert.equal((await runCli(f.args, { env })).code, 0);
  const other = f.args.map((a) => (a === "commercehub" ? "jpmorgan" : a));
  const r = await runCli(other, { env });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /journal refused batch .* is a commercehub batch, not jpmorgan/);
  assert.equal((await sb.ledger()).length, 3);
});
