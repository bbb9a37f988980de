// Browser-safe auth in headless Chromium: each provider's server secret in a page is
// refused; a short-lived token from getAccessToken() (Payroc) and a signature from sign()
// (Commerce Hub), both answered by the merchant's backend, refund for real.
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

test("secrets are refused in the page; getAccessToken() and sign() refund for real", async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(sb.url + "/index.html");
  await page.waitForFunction(() => window.__results, null, { timeout: 20_000 });
  const r = await page.evaluate(() => window.__results);
  assert.deepEqual(problems, []);
  for (const provider of ["payroc", "jpmorgan", "commercehub"]) {
    const refusal = r.refusals[provider];
    assert.equal(refusal.thrown, true, provider);
    assert.equal(refusal.isRefundError, true, provider);
    assert.equal(refusal.code, "browser_secret", `${provider}: ${refusal.message}`);
    assert.ok(!refusal.message.includes("sbx-secret-in-a-page"), `${provider}: the message does not echo the secret`);
  }
  assert.equal(r.refund.status, "succeeded");
  assert.equal(r.refund.tokenCalls, 1);
  assert.equal(r.chRefund.status, "succeeded");
  assert.ok(r.chRefund.signCalls >= 1);
  const ledger = await sb.ledger();
  assert.deepEqual(ledger.map((e) => [e.provider, e.refundId]).sort(), [["commercehub", r.chRefund.refundId], ["payroc", r.refund.refundId]].sort());
});
