// Browser-safe auth in headless Chromium: a Payroc API key in a page is refused; a
// short-lived token from getAccessToken() (the merchant's backend) refunds for real.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "./support/chromium.mjs";
import { startSandbox } from "../node/support/sandbox.mjs";

let sb, browser;

before(async () => {
  sb = await startSandbox(["--www", "tests/browser/auth", "--pkg", "pkg"]);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await sb?.stop();
});

test("a secret key is refused in the page, and getAccessToken() works", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(sb.url + "/index.html");
  await page.waitForFunction(() => window.__results, null, { timeout: 20_000 });
  const r = await page.evaluate(() => window.__results);
  assert.deepEqual(problems, []);
  assert.equal(r.refusal.thrown, true);
  assert.equal(r.refusal.isRefundError, true);
  assert.equal(r.refusal.code, "browser_secret");
  assert.ok(!r.refusal.message.includes("sbx-secret-in-a-page"), "the message does not echo the key");
  assert.equal(r.refund.status, "succeeded");
  assert.equal(r.refund.tokenCalls, 1);
  const ledger = await sb.ledger();
  assert.equal(ledger.length, 1);
  assert.equal(ledger[0].refundId, r.refund.refundId);
});
