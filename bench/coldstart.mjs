// Part 2: cold start. Node: a fresh `node` process per sample; inside it, the time from
// before `import("refundkit")` to after the first `Money.parse` (import, wasm compile and
// instantiate, first call), plus the whole process wall time and that of an empty `node`
// for scale. Chromium: a fresh browser context per sample (own HTTP cache; files served
// with no-store) loading a page that does the same with the package's browser entry.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { median } from "./stats.mjs";

const PROBE = `
const t0 = performance.now();
const { Money } = await import("refundkit");
Money.parse("10.00", "USD");
process.stdout.write(String(performance.now() - t0));
`;

function runNode(root, code) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (status) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      status === 0 ? resolve({ inner: Number(out), wallMs }) : reject(new Error(`cold-start probe exited with ${status}`));
    });
  });
}

export async function nodeColdStart(root, samples = 20) {
  const inner = [], wall = [], empty = [];
  for (let i = 0; i < samples; i++) {
    // Interleaved with an empty process so both see the same machine load.
    const r = await runNode(root, PROBE);
    inner.push(r.inner);
    wall.push(r.wallMs);
    empty.push((await runNode(root, "")).wallMs);
  }
  return { importToFirstParseMs: median(inner), processMs: median(wall), emptyNodeMs: median(empty), samples };
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>cold start</title>
<script type="module">
const t0 = performance.now();
const { Money } = await import("/pkg/index.mjs");
Money.parse("10.00", "USD");
window.__coldStart = performance.now() - t0;
</script>`;

const TYPES = { ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };

function staticServer(root) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    try {
      const body = url.pathname === "/" ? PAGE : await readFile(path.join(root, path.normalize(url.pathname)));
      res.writeHead(200, { "content-type": TYPES[path.extname(url.pathname)] ?? "text/html", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export async function browserColdStart(root, samples = 20) {
  const { launchChromium } = await import("../tests/browser/support/chromium.mjs");
  const server = await staticServer(root);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await launchChromium();
  const times = [];
  try {
    for (let i = 0; i < samples; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(base);
      await page.waitForFunction(() => typeof window.__coldStart === "number", null, { timeout: 30_000 });
      times.push(await page.evaluate(() => window.__coldStart));
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { importToFirstParseMs: median(times), samples };
}
