// The refund console (www/) end to end in headless Chromium against the real sandbox:
// find → refund → what is left, live SDK validation with nothing sent, device refunds
// (presented and canceled), a dropped response retried with the same idempotency key,
// for each provider. Any console error or unhandled rejection fails the test.
// Needs www/dist and pkg built first (make test does it: scripts/build-www.sh).
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./support/chromium.mjs";
import { startSandbox } from "../node/support/sandbox.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const shots = path.join(root, "tests/artifacts/screenshots");
const WIDTHS = [1280, 390];
let sb, browser;

before(async () => {
  mkdirSync(shots, { recursive: true });
  sb = await startSandbox(["--www", path.join(root, "www/dist"), "--pkg", path.join(root, "pkg")]);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await sb?.stop();
});
beforeEach(() => sb.reset());

/**
 * A console page that records every console error and unhandled rejection. `expected`
 * lists the URL parts of requests a test breaks on purpose (a dropped connection makes
 * Chromium log "Failed to load resource"); anything else is a failure.
 */
async function openConsole(t, { provider = "payroc", expected = [] } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const url = m.location()?.url ?? "";
    const broken = m.text().startsWith("Failed to load resource") && expected.some((part) => url.includes(part));
    if (!broken) problems.push(`console.error: ${m.text()} ${url}`);
  });
  t.after(async () => {
    await page.close();
    assert.deepEqual(problems, [], "no console errors or unhandled rejections");
  });
  await page.goto(sb.url + "/");
  await page.waitForSelector("body[data-ready=true]");
  if (provider !== "payroc") await page.getByRole("radio", { name: providerLabel[provider] }).check();
  return page;
}

const providerLabel = { payroc: "Payroc", jpmorgan: "J.P. Morgan", commercehub: "Commerce Hub" };

async function screenshot(page, name) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(shots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function findById(page, id) {
  await page.locator(".find-by-id input").fill(id);
  await page.locator(".find-by-id").getByRole("button", { name: "Find" }).click();
  await page.getByTestId("payment-id").filter({ hasText: id }).waitFor();
}

async function selectSample(page, id) {
  await page.getByRole("button", { name: `Select ${id}` }).click();
  await page.getByTestId("payment-id").filter({ hasText: id }).waitFor();
}

const refundForm = (page) => page.locator("form.refund-form");

async function refundPart(page, amount) {
  const form = refundForm(page);
  await form.getByLabel("Part of it").check();
  await form.getByLabel(/^Amount/).fill(amount);
  await form.getByRole("button", { name: "Refund", exact: true }).click();
}

async function refundTheRest(page) {
  const form = refundForm(page);
  await form.getByLabel("Everything that is left").check();
  await form.getByRole("button", { name: "Refund", exact: true }).click();
}

async function resultStatus(page, status, timeout = 30_000) {
  await page.locator(".result-body").getByTestId("result-status").filter({ hasText: new RegExp(`^${status}$`) }).waitFor({ timeout });
}

async function remaining(page, text) {
  await page.getByTestId("payment-remaining").filter({ hasText: text }).waitFor();
}

/** Types "10.001": the SDK's validate() flags it, the button stays disabled, nothing is sent. */
async function checkTooManyDecimals(page, name) {
  const form = refundForm(page);
  await form.getByLabel("Part of it").check();
  await form.getByLabel(/^Amount/).pressSequentially("10.001");
  const error = form.locator("[data-field=amount] .field-error");
  await error.filter({ hasText: /decimal/i }).waitFor();
  assert.equal(await form.getByLabel(/^Amount/).getAttribute("aria-invalid"), "true");
  assert.equal(await form.getByRole("button", { name: "Refund", exact: true }).isDisabled(), true);
  await page.locator(".preview-empty").waitFor();
  await screenshot(page, name);
  await form.getByLabel(/^Amount/).press("Enter"); // a disabled submit sends nothing either
  await page.waitForTimeout(300);
  assert.deepEqual(await sb.ledger(), []);
  const stats = await sb.stats();
  const sent = Object.entries(stats.requests).filter(([route, n]) => route.startsWith("POST") && !route.includes("/_demo/") && !route.includes("token") && !route.includes("authorize") && n > 0);
  assert.deepEqual(sent, [], "no refund request reached the sandbox");
}

// ---------------------------------------------------------------- Payroc

/**
 * Drops the refund's response after it is committed, so that the SDK's own retry (same
 * key) is what gets it. Chromium itself silently resends a POST once or twice when a reused
 * keep-alive connection closes without an answer (the idempotency key makes that safe too),
 * so a single drop may never reach the page: three drops and three automatic retries make
 * the SDK see at least one failure and still succeed, whatever Chromium does.
 */
async function dropResponses(page, path) {
  await sb.setFault({ method: "POST", path, kind: "drop_after_commit", count: 3 });
  await page.getByLabel("Automatic retries").selectOption("3");
}


test("Payroc: search → select → partial refund → what is left is updated; then the rest", async (t) => {
  const page = await openConsole(t);
  const search = page.locator("form.search");
  await search.getByLabel("Card last 4").fill("7062");
  await search.getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: "Select payment M2MJOG6O2Y" }).click();
  await page.getByTestId("payment-id").filter({ hasText: "M2MJOG6O2Y" }).waitFor();
  await remaining(page, "$49.99");

  // The preview is client.prepare(): the exact request, credentials redacted.
  await refundForm(page).getByLabel(/^Amount/).fill("10.00");
  await page.locator(".preview-body .url").filter({ hasText: "/payroc/v1/payments/M2MJOG6O2Y/refund" }).waitFor();
  const headers = await page.locator(".preview-body .headers").textContent();
  assert.match(headers, /Idempotency-Key: [0-9a-f-]{36}/);
  assert.match(headers, /Authorization: \[redacted\]/);
  assert.match(await page.locator(".preview-body .body").textContent(), /"amount": 1000/);

  await refundPart(page, "10.00");
  await resultStatus(page, "succeeded");
  await remaining(page, "$39.99");
  await page.locator("[data-testid=refunds] tbody tr").first().waitFor();
  await page.locator(".events [data-type=request]").first().waitFor();
  await screenshot(page, "payroc-partial-refund");

  await refundTheRest(page);
  await resultStatus(page, "succeeded");
  await remaining(page, "$0.00");
  const ledger = await sb.ledger();
  assert.deepEqual(ledger.map((e) => [e.reference, e.amount]), [["M2MJOG6O2Y", 1000], ["M2MJOG6O2Y", 3999]]);
  assert.notEqual(ledger[0].idempotencyKey, ledger[1].idempotencyKey);
});

test("Payroc: search pages with next/previous, and amounts show in JPY and KWD", async (t) => {
  const page = await openConsole(t);
  await page.locator("form.search").getByRole("button", { name: "Search" }).click();
  await page.getByRole("button", { name: "Select payment M2MJOG6O2Y" }).waitFor();
  await page.getByRole("button", { name: "Next page" }).click();
  await page.getByRole("button", { name: "Select payment KW3D5Z8RTE" }).waitFor();
  assert.match(await page.locator("table.payments").textContent(), /KWD\s12\.345/);
  await page.getByRole("button", { name: "Previous page" }).click();
  await page.getByRole("button", { name: "Select payment JP7Y0KX2QA" }).click();
  await page.getByTestId("payment-amount").filter({ hasText: "¥5,000" }).waitFor();
  await findById(page, "KW3D5Z8RTE");
  await page.getByTestId("payment-amount").filter({ hasText: "KWD 12.345" }).waitFor();
  await screenshot(page, "payroc-search");
});

test("Payroc: \"10.001\" is a validation message from the SDK and nothing is sent", async (t) => {
  const page = await openConsole(t);
  await findById(page, "M2MJOG6O2Y");
  await checkTooManyDecimals(page, "payroc-validation");
});

test("Payroc: a dropped response is retried with the same key and refunds once", async (t) => {
  const page = await openConsole(t, { expected: ["/payroc/v1/payments/"] });
  await dropResponses(page, "/payroc/v1/payments/*/refund");
  await findById(page, "B6ZOFZNVOP");
  await refundPart(page, "12.50");
  await resultStatus(page, "succeeded");
  await page.locator(".events [data-type=retry]").filter({ hasText: /retry 1 in \d+ ms/ }).waitFor();
  await remaining(page, "$87.50");
  const ledger = await sb.ledger();
  assert.equal(ledger.length, 1);
  assert.equal(ledger[0].idempotencyKey, await page.getByTestId("result-idempotency-key").textContent());
  await screenshot(page, "payroc-retry-events");
});

test("Payroc: with automatic retries off, \"Retry safely\" resends with the same key and refunds once", async (t) => {
  // Every answer is dropped until the page has shown the failure (see dropResponses).
  await sb.setFault({ method: "POST", path: "/payroc/v1/payments/*/refund", kind: "drop_after_commit" });
  const page = await openConsole(t, { expected: ["/payroc/v1/payments/"] });
  await page.getByLabel("Automatic retries").selectOption("0");
  await findById(page, "B6ZOFZNVOP");
  await refundPart(page, "7.00");
  await page.locator(".result-body [role=alert]").waitFor();
  await sb.clearFaults();
  const failedKey = await page.getByTestId("result-idempotency-key").textContent();
  await screenshot(page, "payroc-retry-safely");
  await page.getByRole("button", { name: /Retry safely/ }).click();
  await resultStatus(page, "succeeded");
  assert.equal(await page.getByTestId("result-idempotency-key").textContent(), failedKey);
  const ledger = await sb.ledger();
  assert.deepEqual(ledger.map((e) => [e.amount, e.idempotencyKey]), [[700, failedKey]]);
  await remaining(page, "$93.00");
});

async function startDeviceRefund(page, amount) {
  await page.getByRole("radio", { name: "Device refund (Payroc Cloud)" }).check();
  const form = refundForm(page);
  await form.getByLabel("Amount").fill(amount);
  await form.getByRole("button", { name: "Send to device" }).click();
  await page.getByTestId("instruction-status").filter({ hasText: "inProgress" }).waitFor();
}

test("Payroc: a device refund completes when the card is presented", async (t) => {
  const page = await openConsole(t);
  await startDeviceRefund(page, "15.00");
  await screenshot(page, "payroc-device-waiting");
  const serial = (await sb.seed()).payroc.processingTerminals[0].devices[0].serialNumber;
  await sb.present(serial);
  await resultStatus(page, "succeeded");
  assert.match(await page.getByTestId("result-refund-id").textContent(), /^\w{10}$/);
  const ledger = await sb.ledger();
  assert.deepEqual(ledger.map((e) => [e.reference, e.amount]), [[null, 1500]]);
});

test("Payroc: a device refund canceled from the console", async (t) => {
  const page = await openConsole(t);
  await startDeviceRefund(page, "9.99");
  await page.getByRole("button", { name: "Cancel on device" }).click();
  // The DELETE wakes the long-poll at once (the console's 5 s abort fallback never fires).
  await resultStatus(page, "canceled", 4000);
  assert.deepEqual(await sb.ledger(), []);
  await assert.rejects(sb.present((await sb.seed()).payroc.processingTerminals[0].devices[0].serialNumber), /404/);
});

test("Payroc: an unreferenced refund to a keyed card, usable from the keyboard", async (t) => {
  const page = await openConsole(t);
  await page.getByRole("radio", { name: "Unreferenced refund" }).check();
  const form = refundForm(page);
  await form.getByLabel("Amount").fill("5.00");
  await form.getByLabel("Card number").fill("4111111111111112");
  await form.locator("[data-field=cardNumber] .field-error").filter({ hasText: /./ }).waitFor();
  await form.getByLabel("Card number").fill("4111111111111111");
  await form.getByLabel("Card number").press("Enter"); // Enter submits the form
  await resultStatus(page, "succeeded");
  const events = await page.locator(".events").textContent();
  assert.ok(!events.includes("4111111111111111"), "the card number never shows whole");
  assert.deepEqual((await sb.ledger()).map((e) => [e.reference, e.amount]), [[null, 500]]);
});

// ---------------------------------------------------------------- J.P. Morgan

test("J.P. Morgan: partial refund, what is left, then the rest", async (t) => {
  const page = await openConsole(t, { provider: "jpmorgan" });
  const id = "2150955d-47f7-4770-b6b7-6a8d0cbc114f";
  await selectSample(page, id);
  await remaining(page, "$100.00");
  await refundPart(page, "25.00");
  await resultStatus(page, "succeeded");
  await remaining(page, "$75.00");
  await screenshot(page, "jpmorgan-partial-refund");
  await refundTheRest(page);
  await resultStatus(page, "succeeded");
  await remaining(page, "$0.00");
  assert.deepEqual((await sb.ledger()).map((e) => [e.reference, e.amount]), [[id, 2500], [id, 7500]]);
});

test("J.P. Morgan: \"10.001\" is refused by validate() and nothing is sent", async (t) => {
  const page = await openConsole(t, { provider: "jpmorgan" });
  await selectSample(page, "2150955d-47f7-4770-b6b7-6a8d0cbc114f");
  await checkTooManyDecimals(page, "jpmorgan-validation");
});

test("J.P. Morgan: a dropped response is retried with the same request-id and refunds once", async (t) => {
  const page = await openConsole(t, { provider: "jpmorgan", expected: ["/jpmorgan/api/v2/refunds"] });
  await dropResponses(page, "/jpmorgan/api/v2/refunds");
  await selectSample(page, "8d7e6f50-3a21-4c9b-b0e4-6f2d1a9c3b77");
  await page.getByTestId("payment-amount").filter({ hasText: "¥15,000" }).waitFor();
  await refundPart(page, "1500");
  await resultStatus(page, "succeeded");
  await page.locator(".events [data-type=retry]").first().waitFor();
  await remaining(page, "¥13,500");
  assert.equal((await sb.ledger()).length, 1);
});

test("J.P. Morgan: a standalone refund to a card", async (t) => {
  const page = await openConsole(t, { provider: "jpmorgan" });
  await page.getByRole("radio", { name: "Standalone refund" }).check();
  const form = refundForm(page);
  await form.getByLabel("Currency").selectOption("KWD");
  await form.getByLabel("Amount").fill("1.250");
  await form.getByLabel("Card number").fill("4111111111111111");
  await form.getByRole("button", { name: "Send standalone refund" }).click();
  await resultStatus(page, "succeeded");
  assert.deepEqual((await sb.ledger()).map((e) => [e.reference, e.amount, e.currency]), [[null, 1250, "KWD"]]);
});

// ---------------------------------------------------------------- Commerce Hub

test("Commerce Hub: partial refund, what is left, then the rest (signed by the backend)", async (t) => {
  const page = await openConsole(t, { provider: "commercehub" });
  await selectSample(page, "84356531349");
  await refundForm(page).getByLabel(/^Amount/).fill("40.00");
  await page.locator(".preview-body .headers").filter({ hasText: "Auth-Token-Type: HMAC" }).waitFor();
  await refundPart(page, "40.00");
  await resultStatus(page, "succeeded");
  await remaining(page, "$60.00");
  await screenshot(page, "commercehub-partial-refund");
  await refundTheRest(page);
  await resultStatus(page, "succeeded");
  await remaining(page, "$0.00");
  assert.deepEqual((await sb.ledger()).map((e) => [e.reference, e.amount]), [["84356531349", 4000], ["84356531349", 6000]]);
  const stats = await sb.stats();
  assert.ok(stats.requests["POST /_demo/commercehub/sign"] >= 2, "every request was signed by the backend route");
});

test("Commerce Hub: \"10.001\" is refused by validate() and nothing is sent", async (t) => {
  const page = await openConsole(t, { provider: "commercehub" });
  await selectSample(page, "84356531349");
  await checkTooManyDecimals(page, "commercehub-validation");
});

test("Commerce Hub: a dropped response is retried with the same Client-Request-Id and refunds once (KWD)", async (t) => {
  const page = await openConsole(t, { provider: "commercehub", expected: ["/commercehub/ch/payments/v1/refunds"] });
  await dropResponses(page, "/commercehub/ch/payments/v1/refunds");
  await selectSample(page, "84356531351");
  await page.getByTestId("payment-amount").filter({ hasText: "KWD 1.234" }).waitFor();
  await refundPart(page, "0.234");
  await resultStatus(page, "succeeded");
  await page.locator(".events [data-type=retry]").first().waitFor();
  await remaining(page, "KWD 1.000");
  assert.deepEqual((await sb.ledger()).map((e) => [e.amount, e.currency]), [[234, "KWD"]]);
});

test("Commerce Hub: a URI-form refund of a charge (POST …/charges/{id}/refund)", async (t) => {
  const page = await openConsole(t, { provider: "commercehub" });
  const id = "84356531349";
  await selectSample(page, id);
  await remaining(page, "$100.00");
  await page.getByRole("radio", { name: "URI-form refund of the selected charge" }).check();
  const form = refundForm(page);
  await form.getByRole("heading", { name: `Refund charge ${id} (URI form)` }).waitFor();

  // validate() of CommerceHubChargeRefund answers as the user types.
  await form.getByLabel(/^Amount/).fill("10.001");
  await form.locator("[data-field=amount] .field-error").filter({ hasText: /decimal/i }).waitFor();
  assert.equal(await form.getByRole("button", { name: "Refund", exact: true }).isDisabled(), true);

  // The preview is the URI form: the charge in the path, no reference details in the body.
  await form.getByLabel(/^Amount/).fill("12.34");
  await page.locator(".preview-body .url").filter({ hasText: `/commercehub/ch/payments/v1/charges/${id}/refund` }).waitFor();
  const body = await page.locator(".preview-body .body").textContent();
  assert.match(body, /"total": 12\.34/);
  assert.doesNotMatch(body, /referenceTransactionDetails/);

  await refundPart(page, "12.34");
  await resultStatus(page, "succeeded");
  await remaining(page, "$87.66");
  await screenshot(page, "commercehub-uri-refund");
  const ledger = (await sb.ledger()).filter((e) => e.provider === "commercehub" && e.reference === id);
  assert.deepEqual(ledger.map((e) => [e.amount, e.currency]), [[1234, "USD"]]);
  assert.equal(ledger[0].idempotencyKey, await page.getByTestId("result-idempotency-key").textContent());
  const stats = await sb.stats();
  assert.equal(stats.requests["POST /commercehub/ch/payments/v1/charges/{transactionId}/refund"], 1);
  assert.equal(stats.requests["POST /commercehub/ch/payments/v1/refunds"] ?? 0, 0);
});
