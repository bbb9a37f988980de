// The conformance suite in headless Chromium, in both browser homes: a plain page with an
// import map (no bundler) and a Vite-built app. The sandbox serves the page and the package
// (--www, --pkg), so the page calls it from its own origin, as the refund console does; the
// browser entry refuses secrets, so the page authenticates with getAccessToken() and sign()
// against the sandbox's /_demo routes (docs/BROWSER.md).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "vite";
import { launchChromium } from "../browser/support/chromium.mjs";
import { conformance } from "./support/drive.mjs";
import { root } from "./support/runtimes.mjs";

const here = path.join(root, "tests/conformance");
const pkg = path.join(root, "pkg");

/** Opens `url` in a fresh page and waits for the suite's results; a page error fails it. */
async function resultsFromPage(url) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = [];
    // Console errors are expected (the cases provoke 404s and a dropped connection); an
    // uncaught exception is not.
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    await page.goto(url);
    await page.waitForFunction(() => window.__conformance, null, { timeout: 90_000 });
    const results = await page.evaluate(() => window.__conformance);
    const uncaught = problems.filter((p) => p.startsWith("pageerror"));
    if (results.error || uncaught.length) throw new Error(`${results.error ?? ""}\n${problems.join("\n")}`);
    return results;
  } finally {
    await browser.close();
  }
}

conformance("Chromium, plain page with an import map", (sandbox) => resultsFromPage(`${sandbox.url}/runners/browser.html`), {
  sandboxArgs: ["--www", here, "--pkg", pkg],
});

// The Vite app is built before the sandbox starts, since the sandbox serves its output.
const viteOut = mkdtempSync(path.join(os.tmpdir(), "refundkit-vite-"));
conformance(
  "Chromium, Vite-built app",
  async (sandbox) => {
    try {
      return await resultsFromPage(`${sandbox.url}/index.html`);
    } finally {
      rmSync(viteOut, { recursive: true, force: true });
    }
  },
  {
    sandboxArgs: ["--www", viteOut, "--pkg", pkg],
    prepare: () =>
      build({
        root: path.join(here, "runners/vite"),
        configFile: false,
        base: "./",
        logLevel: "warn",
        build: { outDir: viteOut, emptyOutDir: true },
      }),
  },
);
