// What every console test needs: the real sandbox serving www/dist and pkg/, one headless
// Chromium, pages that fail their test on any page error or console error, and the steps a
// user takes (find a payment, fill the refund form, read the outcome).
import { before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";
import { startSandbox } from "../../node/support/sandbox.mjs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const shots = path.join(root, "tests/artifacts/screenshots");
// `CONSOLE_DOC_IMAGES=1 node --test tests/browser/console*.test.mjs` also writes the
// screenshots docs/CONSOLE.md shows into docs/images/.
const docImages = process.env.CONSOLE_DOC_IMAGES === "1" ? path.join(root, "docs/images") : null;

export const WIDTHS = [1280, 390];
export const providerLabel = { payroc: "Payroc", jpmorgan: "J.P. Morgan", commercehub: "Commerce Hub" };

/** Starts the sandbox and Chromium for the file; resets the sandbox before each test. */
export function useConsole(sandboxArgs = []) {
  const env = {};
  before(async () => {
    mkdirSync(shots, { recursive: true });
    env.sb = await startSandbox(["--www", path.join(root, "www/dist"), "--pkg", path.join(root, "pkg"), ...sandboxArgs]);
    env.browser = await launchChromium();
  });
  after(async () => {
    await env.browser?.close();
    await env.sb?.stop();
  });
  beforeEach(() => env.sb.reset());
  return env;
}

/**
 * A console page that records every page error and console error. `expected` lists the URL
 * parts of requests a test breaks on purpose (a dropped connection makes Chromium log
 * "Failed to load resource"); anything else fails the test.
 */
export async function openConsole(t, env, { provider = "payroc", width = 1280, expected = [], operator = "Alex Ops", view = "" } = {}) {
  const page = await env.browser.newPage({ viewport: { width, height: 900 } });
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
    assert.deepEqual(problems, [], "no page errors or console errors");
  });
  page.problems = problems;
  await page.goto(env.sb.url + "/" + view);
  await page.waitForSelector("body[data-ready=true]");
  if (operator) await page.locator("#operator").fill(operator);
  if (provider !== "payroc") await page.getByRole("radio", { name: providerLabel[provider] }).check();
  return page;
}

/** Full-page screenshots at both widths (or the page's own width with `only`); `doc` also goes to docs/images/. */
export async function screenshot(page, name, { doc = false, widths = WIDTHS } = {}) {
  const original = page.viewportSize();
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(50);
    const file = `${name}-${width}.png`;
    await page.screenshot({ path: path.join(shots, file), fullPage: true });
    // docs/images keeps one width of each (1280, or the only one asked for): PNGs are heavy.
    if (doc && docImages && (width === 1280 || widths.length === 1)) {
      await page.screenshot({ path: path.join(docImages, doc === true ? `console-${file}` : `${doc}-${width}.png`), fullPage: true });
    }
  }
  await page.setViewportSize(original);
}

/** The viewport as it is (what a README shows), to tests/artifacts and, when asked, docs/images/`file`. */
export async function docShot(page, file) {
  await page.screenshot({ path: path.join(shots, file) });
  if (docImages) await page.screenshot({ path: path.join(docImages, file) });
}

/** The document is exactly as wide as the viewport: nothing scrolls sideways. */
export async function assertNoSideScroll(page, what) {
  const [doc, body, view] = await page.evaluate(() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]);
  assert.equal(doc, view, `${what}: document ${doc} px wide in a ${view} px viewport`);
  assert.ok(body <= view, `${what}: body ${body} px wide in a ${view} px viewport`);
}

export async function findById(page, id) {
  await page.locator(".find-by-id input").fill(id);
  await page.locator(".find-by-id").getByRole("button", { name: "Find" }).click();
  await page.getByTestId("payment-id").filter({ hasText: id }).waitFor();
}

/** J.P. Morgan and Commerce Hub: picks a seeded payment from the sample list. */
export async function openSample(page, id) {
  await page.getByLabel("Sample payments (sandbox seed)").selectOption(id);
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await page.getByTestId("payment-id").filter({ hasText: id }).waitFor();
}

export const refundForm = (page) => page.locator("form.refund-form");
export const submitButton = (page) => refundForm(page).getByTestId("submit-refund");

/** Fills the payment's refund form; `amount` replaces what is filled in. */
export async function fillRefund(page, { amount, reason = "requested_by_customer", note } = {}) {
  const form = refundForm(page);
  if (amount !== undefined) await form.getByLabel(/^Amount/).fill(amount);
  if (reason) await form.getByLabel("Reason").selectOption(reason);
  if (note !== undefined) await form.getByLabel(/^Note/).fill(note);
}

/** Fills and submits; a full refund is confirmed in the dialog. */
export async function refund(page, { amount, reason, note, confirm = false } = {}) {
  await fillRefund(page, { amount, reason, note });
  await submitButton(page).click();
  if (confirm) await page.getByTestId("confirm-button").click();
}

/** Waits for the outcome in the refund panel: `state` (done/unknown/failed/notMade) and a title matching `title`. */
export async function outcome(page, { state, title, timeout = 30_000 } = {}) {
  const box = page.locator(".refund-panel [data-testid=outcome]" + (state ? `[data-state=${state}]` : ""));
  if (title) await box.getByTestId("outcome-title").filter({ hasText: title }).waitFor({ timeout });
  else await box.waitFor({ timeout });
  return box;
}

export async function remaining(page, text) {
  await page.getByTestId("payment-remaining").filter({ hasText: text }).waitFor();
}

/** The refund-moving requests that reached the sandbox (tokens, signatures and reads left out). */
export async function moneyRequests(sb) {
  const stats = await sb.stats();
  return Object.entries(stats.requests)
    .filter(([route, n]) => n > 0 && !route.startsWith("GET") && !route.includes("/_demo/") && !route.includes("token") && !route.includes("authorize") && !route.includes("transaction-inquiry"))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** Makes a pending refund (amount 4903) final through the admin API. */
export async function finalize(sb, provider, refundId, outcome = "approved") {
  const res = await fetch(`${sb.url}/_sandbox/refunds/${provider}/${refundId}/finalize`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ outcome }),
  });
  assert.equal(res.status, 200, `finalize ${provider} ${refundId}`);
}
