// The package in headless Chromium, in both browser homes: a plain page that imports it
// through an import map (no bundler), and a Vite-built app. Each page computes the same
// Money checks; any console error, warning or page error fails the test.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./support/chromium.mjs";
import { build } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const viteApp = path.join(here, "vite-app");

// URL prefix → directory. /pkg is the built package, exactly as npm would install it.
const mounts = {
  "/pkg/": path.join(root, "pkg"),
  "/plain/": path.join(here, "plain"),
  "/vite/": path.join(viteApp, "dist"),
};
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".css": "text/css; charset=utf-8",
};

let server, base, browser;

function serve(req, res) {
  const url = new URL(req.url, "http://x");
  const prefix = Object.keys(mounts).find((p) => url.pathname.startsWith(p));
  const rel = prefix && decodeURIComponent(url.pathname.slice(prefix.length) || "index.html");
  const file = prefix && path.join(mounts[prefix], rel);
  if (!file || !file.startsWith(mounts[prefix] + path.sep)) {
    res.writeHead(404).end("not found");
    return;
  }
  readFile(file).then(
    (body) => res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(body),
    () => res.writeHead(404).end("not found"),
  );
}

before(async () => {
  await realpath(path.join(root, "pkg/index.mjs")); // fails early with a clear ENOENT when pkg/ is not built
  await build({ root: viteApp, configFile: path.join(viteApp, "vite.config.mjs"), logLevel: "warn" });
  server = http.createServer(serve);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function resultsOf(pagePath) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => ["error", "warning"].includes(m.type()) && problems.push(`${m.type()}: ${m.text()}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(base + pagePath);
  await page.waitForFunction(() => window.__results || document.getElementById("state")?.textContent !== "running", null, { timeout: 20_000 });
  const results = await page.evaluate(() => window.__results);
  await page.close();
  assert.deepEqual(problems, []);
  return results;
}

function assertMoneyChecks(r) {
  assert.equal(r.parsed, 4000);
  assert.deepEqual(r.tooPrecise, { thrown: true, validation: true, refund: true, name: "ValidationError", path: "amount" });
  assert.equal(r.kwd, "1.234");
  assert.equal(r.jpy, "500");
  for (const bad of r.badNumbers) {
    assert.deepEqual(bad, { thrown: true, validation: true, refund: true, name: "ValidationError", path: "minor" });
  }
  assert.deepEqual(r.luhn, ["cardNumber"]);
  assert.equal(r.goodCard, 0);
  assert.equal(r.masked, "411111******1111");
  assert.equal(r.paginate, "function");
}

test("a plain <script type=module> page with an import map loads the package", async () => {
  assertMoneyChecks(await resultsOf("/plain/index.html"));
});

test("a Vite-built app bundles the package and its .wasm", async () => {
  assertMoneyChecks(await resultsOf("/vite/index.html"));
});
