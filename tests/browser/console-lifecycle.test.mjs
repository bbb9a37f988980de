// The console's lifecycle views (issue 14) in headless Chromium against the sandbox: a
// payment that is not settled yet is reversed (and the page says so), pending refunds show
// their live status until the provider makes them final, and the refunds list pages through
// Payroc's listRefunds (J.P. Morgan and Commerce Hub say what they offer instead).
import { test } from "node:test";
import assert from "node:assert/strict";
import { Money, PayrocClient } from "refundkit";
import {
  useConsole, openConsole, screenshot, findById, openSample, refundForm, submitButton, fillRefund, refund,
  outcome, remaining, finalize, assertNoSideScroll,
} from "./support/console.mjs";

const env = useConsole();

test("Payroc: a payment in an open batch is reversed, not refunded, and the page says which", async (t) => {
  const page = await openConsole(t, env);
  await findById(page, "RV5PART9XM");
  await page.getByTestId("payment-state").filter({ hasText: "Open batch: not settled yet" }).waitFor();
  await refundForm(page).getByRole("heading", { name: "Reverse Payroc payment RV5PART9XM" }).waitFor();
  await fillRefund(page, { amount: "10.00", reason: "duplicate" });
  await submitButton(page).filter({ hasText: "Reverse $10.00" }).waitFor();
  await screenshot(page, "payroc-reverse-form");
  await submitButton(page).click();
  const box = await outcome(page, { state: "done", title: "Reversed $10.00" });
  assert.match(await box.getByTestId("outcome-message").textContent(), /reversed it instead of refunding: the card is charged \$10\.00 less/);
  await remaining(page, "$90.00");
  const row = page.getByTestId("timeline-row").filter({ hasText: "$10.00" });
  assert.match(await row.textContent(), /Reversal.*Succeeded/s);
  await screenshot(page, "payroc-reversed", { doc: "console-reverse" });

  await page.getByRole("button", { name: "Start a new refund" }).click();
  await refund(page, { reason: "duplicate" });
  await page.getByRole("dialog", { name: "Reverse everything that is left?" }).getByRole("button", { name: "Reverse $90.00" }).click();
  await outcome(page, { state: "done", title: "Reversed $90.00" });
  await remaining(page, "$0.00");
  const ledger = await env.sb.ledger();
  assert.deepEqual(ledger.map((e) => [e.kind, e.reference, e.amount]), [["reversal", "RV5PART9XM", 1000], ["reversal", "RV5PART9XM", 9000]]);

  // A settled payment is refunded.
  await findById(page, "M2MJOG6O2Y");
  await refundForm(page).getByRole("heading", { name: "Refund Payroc payment M2MJOG6O2Y" }).waitFor();
});

test("J.P. Morgan: an authorization not captured yet is lowered (a partial reversal), not refunded", async (t) => {
  const page = await openConsole(t, env, { provider: "jpmorgan" });
  await openSample(page, "c2e8b4a6-1f35-4d79-9b0e-8e6a2c4d1f93");
  await page.getByTestId("payment-state").filter({ hasText: "Authorized, not captured yet" }).waitFor();
  await refund(page, { amount: "10.00" });
  await outcome(page, { state: "done", title: "Reversed $10.00" });
  await remaining(page, "$90.00");
  assert.deepEqual((await env.sb.ledger()).map((e) => [e.kind, e.amount]), [["reversal", 1000]]);
  assert.ok((await env.sb.stats()).requests["PATCH /jpmorgan/api/v2/payments/{id}"] >= 1, "a PATCH, not a refund");
});

test("Commerce Hub: a charge before its cut time is cancelled (reverse), with the reason code", async (t) => {
  const page = await openConsole(t, env, { provider: "commercehub" });
  await openSample(page, "84356531354");
  await page.getByTestId("payment-state").filter({ hasText: "before its cut time" }).waitFor();
  await fillRefund(page, { amount: "10.00", reason: "fraudulent" });
  await page.locator(".preview-body .note").filter({ hasText: "POST /payments/v1/cancels" }).waitFor();
  await submitButton(page).filter({ hasText: "Reverse $10.00" }).click();
  await outcome(page, { state: "done", title: "Reversed $10.00" });
  await remaining(page, "$70.00");
  assert.deepEqual((await env.sb.ledger()).map((e) => [e.kind, e.reference, e.amount]), [["reversal", "84356531354", 1000]]);
  const events = await page.locator(".events").textContent();
  assert.match(events, /POST \/commercehub\/ch\/payments\/v1\/cancels/);
});

for (const [provider, label, open, pendingWord] of [
  ["jpmorgan", "J.P. Morgan", (page) => openSample(page, "2150955d-47f7-4770-b6b7-6a8d0cbc114f"), "SUCCESS/PENDING"],
  ["commercehub", "Commerce Hub", (page) => openSample(page, "84356531349"), "PENDING/WAITING/002"],
]) {
  test(`${label}: a pending refund shows its live status and becomes final by itself`, async (t) => {
    const page = await openConsole(t, env, { provider });
    await open(page);
    await refund(page, { amount: "49.03" });
    const box = await outcome(page, { state: "done", title: "The refund of $49.03 is pending" });
    assert.match(await box.textContent(), new RegExp(pendingWord.replace(/\//g, "\\/")), "the provider's own word beside ours");
    await box.locator(".live-line").filter({ hasText: /Looking again on a short schedule|Still pending/ }).waitFor();
    const refundId = await box.getByTestId("outcome-refund-id").textContent();
    await screenshot(page, `${provider}-pending`, provider === "jpmorgan" ? { doc: "console-pending" } : {});
    await finalize(env.sb, provider, refundId, "approved");
    await box.getByTestId("outcome-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 20_000 });
    await page.getByTestId("timeline-row").filter({ hasText: refundId }).getByTestId("timeline-status").filter({ hasText: "Succeeded" }).waitFor();
    assert.deepEqual((await env.sb.ledger()).map((e) => [e.status, e.amount]), [["succeeded", 4903]]);
  });
}

test("Refunds list: Payroc's refunds page by page, filtered, pending ones followed live; the others say what they offer", async (t) => {
  const payroc = new PayrocClient({ baseUrl: env.sb.payroc.baseUrl, identityUrl: env.sb.payroc.identityUrl, apiKey: "sbx-payroc-5f0c2a8e4b7d4e19a3c6" });
  for (let i = 1; i <= 6; i++) {
    await payroc.refund({ paymentId: "B6ZOFZNVOP", amount: Money.parse(`${i}.00`, "USD"), description: `list ${i}`, operator: "batch-bot" });
  }
  const pending = await payroc.refund({ paymentId: "B6ZOFZNVOP", amount: Money.parse("49.03", "USD"), description: "pending one" });
  const page = await openConsole(t, env);
  // One refund from the console too: the journal lists it with its operator and key.
  await findById(page, "M2MJOG6O2Y");
  await refund(page, { amount: "2.50" });
  await outcome(page, { state: "done", title: "Refunded $2.50" });

  await page.getByRole("link", { name: "Refunds" }).click();
  const rows = page.locator("[data-testid=refund-list] [data-testid=refund-row]");
  await page.getByTestId("list-page").filter({ hasText: "Page 1" }).waitFor();
  await rows.first().waitFor();
  assert.equal(await rows.count(), 5);
  await page.getByRole("button", { name: "Next page" }).click();
  await page.getByTestId("list-page").filter({ hasText: "Page 2" }).waitFor();
  assert.equal(await rows.count(), 3);
  assert.equal(await page.getByRole("button", { name: "Next page" }).isDisabled(), true);
  await screenshot(page, "refunds-list", { doc: "console-refunds-list" });
  await assertNoSideScroll(page, "refunds list");
  await page.getByRole("button", { name: "Previous page" }).click();
  await page.getByTestId("list-page").filter({ hasText: "Page 1" }).waitFor();

  await page.getByLabel("Payroc status").selectOption("pending");
  await page.getByRole("button", { name: "List refunds" }).click();
  await rows.filter({ hasText: pending.refundId }).waitFor();
  assert.equal(await rows.count(), 1);
  const badge = rows.first().getByTestId("row-status");
  assert.equal(await badge.textContent(), "Pending");
  await finalize(env.sb, "payroc", pending.refundId, "approved");
  await rows.first().getByTestId("row-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 20_000 });

  await page.getByLabel("Operator").last().fill("batch-bot");
  await page.getByLabel("Payroc status").selectOption("");
  await page.getByRole("button", { name: "List refunds" }).click();
  await page.getByTestId("list-page").filter({ hasText: "Page 1" }).waitFor();
  await rows.filter({ hasText: "by batch-bot" }).first().waitFor();
  assert.equal(await rows.filter({ hasText: "by batch-bot" }).count(), 5);

  const mine = page.getByTestId("journal-list").locator("li");
  await mine.first().waitFor();
  assert.match(await mine.first().textContent(), /\$2\.50.*by Alex Ops.*Key [0-9a-f-]{36}/s);

  // Open a refund's payment from the list.
  await page.getByLabel("Operator").last().fill("");
  await page.getByRole("button", { name: "List refunds" }).click();
  await page.getByRole("button", { name: "Payment B6ZOFZNVOP" }).first().click();
  await page.getByTestId("payment-id").filter({ hasText: "B6ZOFZNVOP" }).waitFor();

  for (const [provider, says] of [["J.P. Morgan", /no refund list.*getRefundByRequestId/s], ["Commerce Hub", /no refund list.*transaction inquiry/s]]) {
    await page.getByRole("radio", { name: provider }).check();
    await page.getByRole("link", { name: "Refunds" }).click();
    assert.match(await page.getByTestId("no-list").textContent(), says);
  }
});
