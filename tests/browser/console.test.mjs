// The refund console (www/) end to end in headless Chromium against the real sandbox, per
// provider: find → refund part (the remaining amount filled in, "Refund $X") → what is left
// and the timeline update → refund the rest (confirmed); live SDK validation with nothing
// sent; a dropped answer retried by the SDK under the same key; device refunds (presented,
// failed, canceled), unreferenced, standalone and URI-form refunds. Any page error or console
// error fails the test. The issue-17 defects are in console-safety.test.mjs, the lifecycle
// views in console-lifecycle.test.mjs, the Bulk page in console-bulk.test.mjs.
// Needs www/dist and pkg built first (make test does it: scripts/build-www.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  useConsole, openConsole, screenshot, docShot, findById, openSample, refundForm, submitButton, fillRefund, refund,
  outcome, remaining, moneyRequests, assertNoSideScroll,
} from "./support/console.mjs";

const env = useConsole();

/** "10.001": the SDK's validate() flags it under the field, the button is disabled, nothing is sent. */
async function checkTooManyDecimals(page, name) {
  const form = refundForm(page);
  await fillRefund(page, { amount: "" });
  await form.getByLabel(/^Amount/).pressSequentially("10.001");
  const error = form.locator("[data-field=amount] .field-error");
  await error.filter({ hasText: /has more decimal places than \w{3} allows/ }).waitFor();
  assert.equal(await form.getByLabel(/^Amount/).getAttribute("aria-invalid"), "true");
  assert.equal(await submitButton(page).isDisabled(), true);
  assert.equal(await submitButton(page).textContent(), "Refund");
  await page.locator(".preview-empty").waitFor();
  await screenshot(page, name);
  await form.getByLabel(/^Amount/).press("Enter"); // a disabled submit sends nothing either
  await page.waitForTimeout(300);
  assert.deepEqual(await env.sb.ledger(), []);
  assert.equal(await moneyRequests(env.sb), 0, "no refund request reached the sandbox");
}

/**
 * Drops the refund's answer after it is committed, so that the SDK's own retry (same key)
 * is what gets it. Chromium itself silently resends a POST once or twice when a reused
 * keep-alive connection closes without an answer (the idempotency key makes that safe too),
 * so a single drop may never reach the page: three drops and three automatic retries make
 * the SDK see at least one failure and still succeed, whatever Chromium does.
 */
async function dropAnswers(page, path) {
  await env.sb.setFault({ method: "POST", path, kind: "drop_after_commit", count: 3 });
  await page.getByLabel("Automatic retries").selectOption("3");
}

// ---------------------------------------------------------------- Payroc

test("Payroc: search → select → partial refund → what is left and the timeline update; then the rest, confirmed", async (t) => {
  const page = await openConsole(t, env);
  await page.getByText("Search by card, order or date").click();
  const search = page.locator("form.search");
  await search.getByLabel("Card last 4").fill("7062");
  await search.getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: "Select payment M2MJOG6O2Y" }).click();
  await page.getByTestId("payment-id").filter({ hasText: "M2MJOG6O2Y" }).waitFor();
  await remaining(page, "$49.99");
  // Focus is in the form, and what is left is filled in.
  assert.equal(await page.evaluate(() => document.activeElement?.closest("[data-field]")?.dataset.field), "amount");
  assert.equal(await refundForm(page).getByLabel(/^Amount/).inputValue(), "49.99");

  // The preview is client.prepare(): the exact first request, credentials redacted.
  await fillRefund(page, { amount: "10.00", reason: "duplicate", note: "charged twice" });
  await submitButton(page).filter({ hasText: "Refund $10.00" }).waitFor();
  await page.locator(".preview-body .url").filter({ hasText: "/payroc/v1/payments/M2MJOG6O2Y" }).waitFor();
  assert.match(await page.locator(".preview-body .headers").textContent(), /Authorization: \[redacted\]/);
  const key = await refundForm(page).getByTestId("form-key").textContent();

  await submitButton(page).click();
  await outcome(page, { state: "done", title: "Refunded $10.00" });
  await remaining(page, "$39.99");
  const row = page.getByTestId("timeline-row").filter({ hasText: "$10.00" });
  await row.getByTestId("timeline-status").filter({ hasText: "Succeeded" }).waitFor();
  assert.match(await row.textContent(), /by Alex Ops · Duplicate: charged twice/);
  assert.equal(await row.getByTestId("timeline-key").textContent(), key);
  assert.match(await row.textContent(), /ready/, "Payroc's own word beside ours");
  await page.getByTestId("result-owner").filter({ hasText: "Payroc payment M2MJOG6O2Y" }).waitFor();
  await screenshot(page, "payroc-partial-refund");

  await page.getByRole("button", { name: "Start a new refund" }).click();
  assert.equal(await refundForm(page).getByLabel(/^Amount/).inputValue(), "39.99");
  assert.notEqual(await refundForm(page).getByTestId("form-key").textContent(), key, "a new refund, a new key");
  await fillRefund(page, { amount: "12.50", reason: "requested_by_customer", note: "wrong size" });
  await submitButton(page).filter({ hasText: "Refund $12.50" }).waitFor();
  await docShot(page, "console.png"); // the README's picture: the refund dialog beside the payment
  await fillRefund(page, { amount: "39.99" });
  await submitButton(page).click();
  const dialog = page.getByRole("dialog", { name: "Refund everything that is left?" });
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /full \$39\.99 left on Payroc payment M2MJOG6O2Y/);
  await screenshot(page, "payroc-confirm-full", { doc: true });
  await dialog.getByRole("button", { name: "Refund $39.99" }).click();
  await outcome(page, { state: "done", title: "Refunded $39.99" });
  await remaining(page, "$0.00");
  await page.getByRole("button", { name: "Start a new refund" }).click();
  await page.getByTestId("nothing-left").waitFor();
  assert.equal(await refundForm(page).count(), 0, "nothing left: no form, no button");

  const ledger = await env.sb.ledger();
  assert.deepEqual(ledger.map((e) => [e.reference, e.amount]), [["M2MJOG6O2Y", 1000], ["M2MJOG6O2Y", 3999]]);
  assert.equal(ledger[0].idempotencyKey, key);
  assert.notEqual(ledger[0].idempotencyKey, ledger[1].idempotencyKey);
});

test("Payroc: a full refund can be called off in its confirmation, and nothing is sent", async (t) => {
  const page = await openConsole(t, env);
  await findById(page, "M2MJOG6O2Y");
  await fillRefund(page, {});
  await submitButton(page).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  // Focus starts on "Go back": Enter twice never refunds everything.
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached" });
  await submitButton(page).filter({ hasText: "Refund $49.99" }).waitFor();
  assert.equal(await moneyRequests(env.sb), 0);
});

test("Payroc: search pages with next/previous, and amounts show in JPY and KWD", async (t) => {
  const page = await openConsole(t, env);
  await page.getByText("Search by card, order or date").click();
  await page.locator("form.search").getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: "Select payment M2MJOG6O2Y" }).waitFor();
  await page.getByRole("button", { name: "Next page" }).click();
  await page.getByRole("button", { name: "Select payment KW3D5Z8RTE" }).waitFor();
  assert.match(await page.locator("ul.results").textContent(), /KWD 12\.345/);
  await screenshot(page, "payroc-search");
  await page.setViewportSize({ width: 390, height: 900 });
  await assertNoSideScroll(page, "search results at 390 px");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "Previous page" }).click();
  await page.getByRole("button", { name: "Select payment JP7Y0KX2QA" }).click();
  await page.getByTestId("payment-amount").filter({ hasText: "¥5,000" }).waitFor();
  assert.equal(await refundForm(page).getByLabel(/^Amount/).inputValue(), "5000");
  await fillRefund(page, { amount: "1.5" });
  await refundForm(page).locator("[data-field=amount] .field-error").filter({ hasText: "Amount has more decimal places than JPY allows (none)" }).waitFor();
  await findById(page, "KW3D5Z8RTE");
  await page.getByTestId("payment-amount").filter({ hasText: "KWD 12.345" }).waitFor();
  await fillRefund(page, { amount: "1.234" });
  await submitButton(page).filter({ hasText: "Refund KWD 1.234" }).waitFor();
});

test("Payroc: \"10.001\" is a validation message from the SDK and nothing is sent", async (t) => {
  const page = await openConsole(t, env);
  await findById(page, "M2MJOG6O2Y");
  await checkTooManyDecimals(page, "payroc-validation");
});

test("Payroc: a dropped answer is retried by the SDK with the same key and refunds once", async (t) => {
  const page = await openConsole(t, env, { expected: ["/payroc/v1/payments/"] });
  await dropAnswers(page, "/payroc/v1/payments/*/refund");
  await findById(page, "B6ZOFZNVOP");
  await refund(page, { amount: "12.50" });
  await outcome(page, { state: "done", title: "Refunded $12.50" });
  await page.locator(".events [data-type=retry]").filter({ hasText: /retry 1 in \d+ ms/ }).waitFor();
  await remaining(page, "$87.50");
  const ledger = await env.sb.ledger();
  assert.equal(ledger.length, 1);
  assert.equal(ledger[0].idempotencyKey, await page.getByTestId("outcome-key").textContent());
  await screenshot(page, "payroc-retry-events");
});

async function startDeviceRefund(page, amount) {
  await page.getByRole("radio", { name: "Device refund (Payroc Cloud)" }).check();
  const form = refundForm(page);
  await form.getByLabel("Amount").fill(amount);
  await form.getByRole("button", { name: `Send $${amount} to the device` }).click();
  await page.getByTestId("instruction-status").filter({ hasText: "inProgress" }).waitFor();
}

const deviceSerial = async () => (await env.sb.seed()).payroc.processingTerminals[0].devices[0].serialNumber;

test("Payroc: a device refund completes when the card is presented", async (t) => {
  const page = await openConsole(t, env);
  await startDeviceRefund(page, "15.00");
  await screenshot(page, "payroc-device-waiting");
  await env.sb.present(await deviceSerial());
  await outcome(page, { state: "done", title: "Refunded $15.00" });
  assert.match(await page.getByTestId("outcome-refund-id").textContent(), /^\w{10}$/);
  assert.deepEqual((await env.sb.ledger()).map((e) => [e.reference, e.amount]), [[null, 1500]]);
});

test("Payroc: a failed device refund says why (the device's errorMessage)", async (t) => {
  const page = await openConsole(t, env);
  await startDeviceRefund(page, "8.00");
  const res = await fetch(`${env.sb.url}/_sandbox/devices/${await deviceSerial()}/present`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ outcome: "failure", errorMessage: "Card read failed: try another card" }) });
  assert.equal(res.status, 200);
  const box = await outcome(page, { state: "done", title: "The device refund failed" });
  assert.match(await box.getByTestId("outcome-message").textContent(), /Payroc says: Card read failed: try another card/);
  assert.deepEqual(await env.sb.ledger(), []);
});

test("Payroc: a device refund canceled from the console, status and Cancel kept across views", async (t) => {
  const page = await openConsole(t, env);
  await startDeviceRefund(page, "9.99");
  // Switching away and back keeps the instruction's live status and its Cancel button.
  await page.getByRole("radio", { name: "J.P. Morgan" }).check();
  await page.getByRole("radio", { name: "Payroc" }).check();
  await page.getByRole("radio", { name: "Device refund (Payroc Cloud)" }).check();
  await page.getByTestId("instruction-status").filter({ hasText: "inProgress" }).waitFor();
  await page.getByRole("button", { name: "Cancel on device" }).click();
  // The DELETE wakes the long-poll at once (the console's 5 s abort fallback never fires).
  await outcome(page, { state: "done", title: "The device refund was canceled", timeout: 4000 });
  assert.deepEqual(await env.sb.ledger(), []);
  await assert.rejects(env.sb.present(await deviceSerial()), /404/);
});

test("Payroc: an unreferenced refund to a keyed card typed with spaces, sent with Enter", async (t) => {
  const page = await openConsole(t, env);
  await page.getByRole("radio", { name: "Unreferenced refund" }).check();
  const form = refundForm(page);
  await form.getByLabel("Amount").fill("5.00");
  await form.getByLabel("Card number").fill("4111 1111 1111 1112");
  const error = form.locator("[data-field=cardNumber] .field-error");
  await error.filter({ hasText: /^Card number/ }).waitFor();
  assert.match(await error.textContent(), /refundMethod\.card\.cardNumber/, "the API path is there as a detail");
  await form.getByLabel("Card number").fill("4111-1111 1111-1111");
  await form.getByRole("button", { name: "Refund $5.00 to the card" }).waitFor();
  await form.getByLabel("Card number").press("Enter");
  await outcome(page, { state: "done", title: "Refunded $5.00" });
  const shown = await page.locator("body").textContent();
  assert.ok(!/4111[- ]?1111[- ]?1111[- ]?1111/.test(shown), "the card number never shows whole");
  assert.deepEqual((await env.sb.ledger()).map((e) => [e.reference, e.amount]), [[null, 500]]);
});

// ---------------------------------------------------------------- J.P. Morgan

test("J.P. Morgan: partial refund, what is left, then the rest", async (t) => {
  const page = await openConsole(t, env, { provider: "jpmorgan" });
  const id = "2150955d-47f7-4770-b6b7-6a8d0cbc114f";
  await openSample(page, id);
  await remaining(page, "$100.00");
  await refund(page, { amount: "25.00" });
  const box = await outcome(page, { state: "done", title: "Refunded $25.00" });
  assert.match(await box.textContent(), /SUCCESS\/AUTHORIZED/, "J.P. Morgan's own words beside ours");
  await remaining(page, "$75.00");
  await page.getByTestId("timeline-row").filter({ hasText: "$25.00" }).getByTestId("timeline-status").filter({ hasText: "Succeeded" }).waitFor();
  await screenshot(page, "jpmorgan-partial-refund");
  await page.getByRole("button", { name: "Start a new refund" }).click();
  await refund(page, { confirm: true });
  await outcome(page, { state: "done", title: "Refunded $75.00" });
  await remaining(page, "$0.00");
  assert.deepEqual((await env.sb.ledger()).map((e) => [e.reference, e.amount]), [[id, 2500], [id, 7500]]);
});

test("J.P. Morgan: one capture of a multi-capture order, limited to what that capture has left", async (t) => {
  const page = await openConsole(t, env, { provider: "jpmorgan" });
  await openSample(page, "0b9f4d2e-5c81-4a7f-9e36-d41c8a27b5f0");
  const capture = "9883af20-b3b9-4b39-9b6e-6cce1b8790a0";
  await refundForm(page).getByLabel("Refund against").selectOption(capture);
  assert.equal(await refundForm(page).getByLabel(/^Amount/).inputValue(), "12.00");
  await fillRefund(page, { amount: "13.00" });
  await refundForm(page).locator("[data-field=amount] .field-error").filter({ hasText: "Amount is $13.00 but only $12.00 is left" }).waitFor();
  await refund(page, { amount: "2.00" });
  await outcome(page, { state: "done", title: "Refunded $2.00" });
  assert.deepEqual((await env.sb.ledger()).map((e) => [e.reference, e.amount]), [[capture, 200]]);
});

test("J.P. Morgan: \"10.001\" is refused by validate() and nothing is sent", async (t) => {
  const page = await openConsole(t, env, { provider: "jpmorgan" });
  await openSample(page, "2150955d-47f7-4770-b6b7-6a8d0cbc114f");
  await checkTooManyDecimals(page, "jpmorgan-validation");
});

test("J.P. Morgan: a dropped answer is retried with the same request-id and refunds once", async (t) => {
  const page = await openConsole(t, env, { provider: "jpmorgan", expected: ["/jpmorgan/api/v2/refunds"] });
  await dropAnswers(page, "/jpmorgan/api/v2/refunds");
  await openSample(page, "8d7e6f50-3a21-4c9b-b0e4-6f2d1a9c3b77");
  await page.getByTestId("payment-amount").filter({ hasText: "¥15,000" }).waitFor();
  await refund(page, { amount: "1500" });
  await outcome(page, { state: "done", title: "Refunded ¥1,500" });
  await page.locator(".events [data-type=retry]").first().waitFor();
  await remaining(page, "¥13,500");
  assert.equal((await env.sb.ledger()).length, 1);
});

test("J.P. Morgan: a standalone refund to a card", async (t) => {
  const page = await openConsole(t, env, { provider: "jpmorgan" });
  await page.getByRole("radio", { name: "Standalone refund" }).check();
  const form = refundForm(page);
  await form.getByLabel("Currency").selectOption("KWD");
  await form.getByLabel("Amount").fill("1.250");
  await form.getByLabel("Card number").fill("4111 1111 1111 1111");
  await form.getByRole("button", { name: "Refund KWD 1.250 to the card" }).click();
  await outcome(page, { state: "done", title: "Refunded KWD 1.250" });
  assert.deepEqual((await env.sb.ledger()).map((e) => [e.reference, e.amount, e.currency]), [[null, 1250, "KWD"]]);
});

// ---------------------------------------------------------------- Commerce Hub

test("Commerce Hub: partial refund, what is left, then the rest (signed by the backend)", async (t) => {
  const page = await openConsole(t, env, { provider: "commercehub" });
  await openSample(page, "84356531349");
  await fillRefund(page, { amount: "40.00" });
  await page.locator(".preview-body .headers").filter({ hasText: "Auth-Token-Type: HMAC" }).waitFor();
  await submitButton(page).click();
  await outcome(page, { state: "done", title: "Refunded $40.00" });
  await remaining(page, "$60.00");
  await screenshot(page, "commercehub-partial-refund");
  await page.getByRole("button", { name: "Start a new refund" }).click();
  await refund(page, { confirm: true });
  await outcome(page, { state: "done", title: "Refunded $60.00" });
  await remaining(page, "$0.00");
  assert.deepEqual((await env.sb.ledger()).map((e) => [e.reference, e.amount]), [["84356531349", 4000], ["84356531349", 6000]]);
  const stats = await env.sb.stats();
  assert.ok(stats.requests["POST /_demo/commercehub/sign"] >= 2, "every request was signed by the backend route");
});

test("Commerce Hub: \"10.001\" is refused by validate() and nothing is sent", async (t) => {
  const page = await openConsole(t, env, { provider: "commercehub" });
  await openSample(page, "84356531349");
  await checkTooManyDecimals(page, "commercehub-validation");
});

test("Commerce Hub: a dropped answer is retried with the same Client-Request-Id and refunds once (KWD)", async (t) => {
  const page = await openConsole(t, env, { provider: "commercehub", expected: ["/commercehub/ch/payments/v1/refunds"] });
  await dropAnswers(page, "/commercehub/ch/payments/v1/refunds");
  await openSample(page, "84356531351");
  await page.getByTestId("payment-amount").filter({ hasText: "KWD 1.234" }).waitFor();
  await refund(page, { amount: "0.234" });
  await outcome(page, { state: "done", title: "Refunded KWD 0.234" });
  await page.locator(".events [data-type=retry]").first().waitFor();
  await remaining(page, "KWD 1.000");
  assert.deepEqual((await env.sb.ledger()).map((e) => [e.amount, e.currency]), [[234, "KWD"]]);
});

test("Commerce Hub: by merchant transaction ID", async (t) => {
  const page = await openConsole(t, env, { provider: "commercehub" });
  await openSample(page, "84356531348");
  await refundForm(page).getByLabel("Refer to it by").selectOption("merchant");
  await fillRefund(page, { amount: "2.04" });
  await page.locator(".preview-body .body").filter({ hasText: "ac81864d7c9d1ff8b5aa6e98db" }).waitFor();
  await submitButton(page).click();
  await outcome(page, { state: "done", title: "Refunded $2.04" });
  await remaining(page, "$10.00");
});

test("Commerce Hub: a URI-form refund of a charge (POST …/charges/{id}/refund)", async (t) => {
  const page = await openConsole(t, env, { provider: "commercehub" });
  const id = "84356531349";
  await openSample(page, id);
  await remaining(page, "$100.00");
  await page.getByRole("radio", { name: "URI-form refund of this charge" }).check();
  const form = refundForm(page);
  await form.getByRole("heading", { name: `Refund charge ${id} (URI form)` }).waitFor();

  await form.getByLabel(/^Amount/).fill("10.001");
  await form.locator("[data-field=amount] .field-error").filter({ hasText: /decimal places/ }).waitFor();
  assert.equal(await submitButton(page).isDisabled(), true);
  await form.getByLabel(/^Amount/).fill("100.01");
  await form.locator("[data-field=amount] .field-error").filter({ hasText: "Amount is $100.01 but only $100.00 is left" }).waitFor();

  // The preview is the URI form: the charge in the path, no reference details in the body.
  await form.getByLabel(/^Amount/).fill("12.34");
  await page.locator(".preview-body .url").filter({ hasText: `/commercehub/ch/payments/v1/charges/${id}/refund` }).waitFor();
  const body = await page.locator(".preview-body .body").textContent();
  assert.match(body, /"total": 12\.34/);
  assert.doesNotMatch(body, /referenceTransactionDetails/);

  await form.getByRole("button", { name: "Refund $12.34" }).click();
  await outcome(page, { state: "done", title: "Refunded $12.34" });
  await remaining(page, "$87.66");
  await screenshot(page, "commercehub-uri-refund");
  const ledger = (await env.sb.ledger()).filter((e) => e.provider === "commercehub" && e.reference === id);
  assert.deepEqual(ledger.map((e) => [e.amount, e.currency]), [[1234, "USD"]]);
  assert.equal(ledger[0].idempotencyKey, await page.getByTestId("outcome-key").textContent());
  const stats = await env.sb.stats();
  assert.equal(stats.requests["POST /commercehub/ch/payments/v1/charges/{transactionId}/refund"], 1);
  assert.equal(stats.requests["POST /commercehub/ch/payments/v1/refunds"] ?? 0, 0);
});
