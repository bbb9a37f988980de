// The console's Bulk page (issue 15) in headless Chromium against the sandbox: a CSV file is
// checked by a dry run (each refused row with its line number and the SDK's message, nothing
// sent), run with a live progress bar, and its results downloaded; the same file run again
// sends nothing; a run cut short by a closed tab is finished by running the file again,
// without paying any row twice (the journal is kept in the browser).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { useConsole, openConsole, screenshot, moneyRequests, assertNoSideScroll, WIDTHS } from "./support/console.mjs";

const env = useConsole();

const RECALL = [
  "row_id,reference,amount,currency,reason",
  "r-1,M2MJOG6O2Y,12.50,USD,product recall",
  "r-2,B6ZOFZNVOP,10.001,USD,product recall",
  "r-3,KW3D5Z8RTE,1.234,KWD,\"recall, batch 7\"",
  "r-4,B6ZOFZNVOP,all,,product recall",
].join("\n") + "\n";

async function pick(page, name, text) {
  await page.getByLabel("CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
}

async function sendAll(page, label) {
  await page.getByTestId("bulk-send").filter({ hasText: label }).click();
  await page.getByRole("dialog").getByRole("button", { name: label }).click();
}

for (const width of WIDTHS) {
  test(`Bulk: dry run with line numbers, a live run, the results file; the same file again sends nothing (${width} px)`, async (t) => {
    const page = await openConsole(t, env, { width, view: "#/bulk" });
    await page.getByRole("heading", { name: "Bulk refunds · Payroc" }).waitFor();
    await pick(page, "recall-0712.csv", RECALL);
    const summary = page.getByTestId("dry-summary");
    await summary.filter({ hasText: "4 rows: 3 ready to send ($12.50 and KWD 1.234 and everything left on 1 payment), 1 refused." }).waitFor();
    const refused = page.locator("[data-testid=dry-rows] li[data-status=failed]");
    assert.equal(await refused.count(), 1);
    assert.match(await refused.textContent(), /Line 3.*r-2.*Refused.*Amount has more decimal places than USD allows \(2\)/s);
    assert.equal(await page.getByLabel("Batch ID").inputValue(), "recall-0712");
    assert.equal(await moneyRequests(env.sb), 0, "a dry run sends nothing");
    await assertNoSideScroll(page, "dry run");
    await screenshot(page, `bulk-dry-run-${width}`, { widths: [width], doc: width === 1280 ? "console-bulk-dry-run" : false });

    await sendAll(page, "Send 3 refunds");
    const progress = page.getByTestId("bulk-progress");
    await progress.filter({ hasText: /^4 of 4 rows · 3 succeeded/ }).waitFor();
    await page.getByRole("heading", { name: "Batch recall-0712 done" }).waitFor();
    assert.equal(await page.locator("progress").evaluate((p) => p.value), 4);
    assert.match(await progress.textContent(), /(KWD 1\.234, \$112\.50|\$112\.50, KWD 1\.234) refunded$/, "refunded so far, per currency");
    await assertNoSideScroll(page, "run");
    await screenshot(page, `bulk-run-${width}`, { widths: [width], doc: width === 1280 ? "console-bulk-run" : false });
    const ledger = await env.sb.ledger();
    assert.deepEqual(ledger.map((e) => [e.reference, e.amount, e.currency]).sort(),
      [["B6ZOFZNVOP", 10000, "USD"], ["KW3D5Z8RTE", 1234, "KWD"], ["M2MJOG6O2Y", 1250, "USD"]]);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("bulk-download").click()]);
    assert.equal(download.suggestedFilename(), "recall-0712.results.csv");
    const lines = readFileSync(await download.path(), "utf8").trim().split("\n");
    assert.equal(lines[0], "row_id,line,status,refund_id,amount,currency,idempotency_key,error_code,error_message");
    assert.match(lines[1], /^r-1,2,succeeded,\w{10},12\.50,USD,[0-9a-f-]{36},,$/);
    assert.match(lines[2], /^r-2,3,failed,,,,,validation,Invalid row: Amount has more decimal places/);
    assert.match(lines[4], /^r-4,5,succeeded,\w{10},100\.00,USD,/);
    const keyOf = (row) => lines.find((l) => l.startsWith(`${row},`)).split(",")[6];
    assert.equal(ledger.find((e) => e.reference === "M2MJOG6O2Y").idempotencyKey, keyOf("r-1"));

    // The same file again: every row has its outcome in the journal; nothing is sent.
    const before = await moneyRequests(env.sb);
    await page.getByRole("link", { name: "Refund", exact: true }).click();
    await page.getByRole("link", { name: "Bulk" }).click();
    await pick(page, "recall-0712.csv", RECALL);
    await page.getByText(/already ran batch recall-0712: 3 of its 3 rows have an outcome/).waitFor();
    await sendAll(page, "Send 3 refunds");
    await page.getByRole("heading", { name: "Batch recall-0712 done" }).waitFor();
    assert.equal(await page.locator("[data-testid=bulk-results] li").filter({ hasText: "done before" }).count(), 3);
    assert.equal(await moneyRequests(env.sb), before, "nothing was sent again");
    assert.equal((await env.sb.ledger()).length, 3);
  });
}

test("Bulk: a malformed file or a bad header sends nothing and says why", async (t) => {
  const page = await openConsole(t, env, { view: "#/bulk" });
  await pick(page, "broken.csv", "row_id,reference,amount,currency,reason\nr-1,M2MJOG6O2Y,\"12.50,USD,recall\n");
  await page.getByTestId("bulk-file-error").filter({ hasText: "broken.csv is malformed: a quoted cell is not closed (line 2). Nothing will be sent." }).waitFor();
  assert.equal(await page.getByLabel("CSV file").getAttribute("aria-invalid"), "true");
  await pick(page, "typo.csv", "row_id,reference,amout,currency,reason\nr-1,M2MJOG6O2Y,12.50,USD,recall\n");
  await page.getByTestId("bulk-file-error").filter({ hasText: /amout.*did you mean amount\?/ }).waitFor();
  assert.equal(await page.getByTestId("bulk-send").count(), 0);
  assert.equal(await moneyRequests(env.sb), 0);
});

test("Bulk: a run cut short by a closed tab is finished by the same file, no row paid twice (J.P. Morgan)", async (t) => {
  const file = [
    "row_id,reference,amount,currency,reason",
    "a-1,2150955d-47f7-4770-b6b7-6a8d0cbc114f,5.00,USD,event cancelled",
    "a-2,624e78df-a159-4f26-9d20-1f81841e15e7,2.00,USD,event cancelled",
    "a-3,8d7e6f50-3a21-4c9b-b0e4-6f2d1a9c3b77,300,JPY,event cancelled",
  ].join("\n");
  // Every refund takes 1.5 s at the provider (and is made even when nobody waits any more).
  await env.sb.setFault({ method: "POST", path: "/jpmorgan/api/v2/refunds", kind: "delay", delayMs: 1500, count: 1 });
  const page = await openConsole(t, env, { provider: "jpmorgan", view: "#/bulk", expected: ["/jpmorgan/api/v2/refunds"] });
  await pick(page, "event-0712.csv", file);
  await page.getByTestId("dry-summary").filter({ hasText: "3 rows: 3 ready to send" }).waitFor();
  await page.getByLabel("Rows at once").selectOption("1");
  await sendAll(page, "Send 3 refunds");
  await page.getByTestId("bulk-progress").waitFor();
  await page.waitForTimeout(300); // row a-1 is at the provider now
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  for (let i = 0; i < 50 && (await env.sb.ledger()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal((await env.sb.ledger()).length, 1, "the first row was made although the tab closed");

  await page.getByRole("radio", { name: "J.P. Morgan" }).check();
  await pick(page, "event-0712.csv", file);
  await page.getByText(/already ran batch event-0712/).waitFor();
  await sendAll(page, "Send 3 refunds");
  await page.getByRole("heading", { name: "Batch event-0712 done" }).waitFor({ timeout: 60_000 });
  await page.getByTestId("bulk-progress").filter({ hasText: /^3 of 3 rows · 3 succeeded/ }).waitFor();
  // The row that may have been sent was looked up (syncRefund) before anything else.
  await page.locator("[data-testid=bulk-results] li").filter({ hasText: "a-1" }).filter({ hasText: "looked up first" }).waitFor();
  const ledger = await env.sb.ledger();
  assert.deepEqual(ledger.map((e) => e.amount).sort((a, b) => a - b), [200, 300, 500], "one refund per row");
});
