// The refund console's weight on the wire: what a browser transfers to load it cold (empty
// cache: compressed, as the sandbox serves it with brotli or gzip), and again on a reload
// (hashed assets are `immutable`, the rest revalidates to 304). Measured in headless Chromium
// from the DevTools protocol: `encodedDataLength` is every byte received for a response,
// headers included; the decoded body size is beside it for scale.
//
//   node bench/console.mjs [--json FILE]     prints the rows of `make bench`'s table
//   import { consoleTransfer, consoleRows }   for bench/run.mjs
//
// Needs www/dist (scripts/build-www.sh) and pkg/; uses the release sandbox of target/bench
// when there is one, else the debug build (the bytes are the same).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { kb } from "./stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** What kind of thing a response is, by its path. */
function kindOf(url) {
  const p = new URL(url).pathname;
  if (p === "/" || p.endsWith(".html")) return "html";
  if (p.endsWith(".wasm")) return "wasm";
  if (p.endsWith(".js") || p.endsWith(".mjs")) return "js";
  if (p.endsWith(".css")) return "css";
  return "api"; // the seed, tokens: data, not the page
}

/** One page load in `context`; resolves per-response sizes once the console says it is ready. */
async function load(context, url) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const responses = new Map();
  cdp.on("Network.responseReceived", ({ requestId, response }) => {
    responses.set(requestId, { url: response.url, status: response.status, fromCache: response.fromDiskCache || response.fromMemoryCache,
      encoding: response.headers["content-encoding"] ?? response.headers["Content-Encoding"] ?? "", decoded: 0, transferred: 0 });
  });
  cdp.on("Network.dataReceived", ({ requestId, dataLength }) => {
    const r = responses.get(requestId);
    if (r) r.decoded += dataLength;
  });
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    const r = responses.get(requestId);
    if (r) r.transferred = encodedDataLength;
  });
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  await page.close();
  return [...responses.values()];
}

function sum(responses, filter = () => true) {
  const picked = responses.filter(filter);
  return { transferred: picked.reduce((s, r) => s + r.transferred, 0), decoded: picked.reduce((s, r) => s + r.decoded, 0), count: picked.length };
}

/** Cold load in a fresh context, then a reload in the same one. */
export async function consoleTransfer({ url }) {
  const { launchChromium } = await import("../tests/browser/support/chromium.mjs");
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const cold = await load(context, url);
    const warm = await load(context, url);
    await context.close();
    const page = (r) => r.url.startsWith(url) && kindOf(r.url) !== "api";
    return {
      cold: {
        page: sum(cold, page),
        api: sum(cold, (r) => !page(r)),
        byKind: Object.fromEntries(["html", "js", "css", "wasm"].map((k) => [k, sum(cold, (r) => page(r) && kindOf(r.url) === k)])),
        encodings: [...new Set(cold.filter(page).map((r) => r.encoding || "identity"))],
      },
      warm: { page: sum(warm, page), fromCache: warm.filter((r) => page(r) && r.fromCache).length, revalidated: warm.filter((r) => page(r) && !r.fromCache).length },
      responses: { cold, warm },
    };
  } finally {
    await browser.close();
  }
}

/** The table rows `make bench` prints: [part, measure, result, target, status]. */
export function consoleRows(m) {
  const { cold, warm } = m;
  const parts = ["wasm", "js", "css", "html"].map((k) => `${k} ${kb(cold.byKind[k].transferred)}`).join(", ");
  return [
    ["8 console", `cold load: the page (${cold.page.count} files: HTML, JS, CSS, wasm), transferred (${cold.encodings.join("/")})`,
      `${kb(cold.page.transferred)} (${kb(cold.page.decoded)} decoded)`, "compressed", cold.encodings.includes("identity") ? "MISSES" : "meets"],
    ["8 console", "cold load: by kind, transferred", parts, "", ""],
    ["8 console", `cold load: its API calls (seed, tokens; ${cold.api.count})`, kb(cold.api.transferred), "", ""],
    ["8 console", `reload: the page again (${warm.fromCache} immutable from cache, ${warm.revalidated} revalidated)`, kb(warm.page.transferred), "", ""],
  ];
}

async function startSandbox() {
  const args = ["--www", path.join(root, "www/dist"), "--pkg", path.join(root, "pkg")];
  try {
    const { startReleaseSandbox } = await import("./sandbox.mjs");
    return await startReleaseSandbox(root, args);
  } catch {
    process.stderr.write("bench/console: no release sandbox in target/bench; using the debug build\n");
    const { startSandbox: debug } = await import("../tests/node/support/sandbox.mjs");
    return debug(args);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const jsonOut = args.includes("--json") ? args[args.indexOf("--json") + 1] : null;
  const sbx = await startSandbox();
  let m;
  try {
    m = await consoleTransfer({ url: `${sbx.url}/` });
  } finally {
    await sbx.stop();
  }
  const header = ["part", "measure", "result", "target", ""];
  console.log([header, header.map(() => "---"), ...consoleRows(m)].map((r) => `| ${r.join(" | ")} |`).join("\n"));
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ date: new Date().toISOString(), ...m }, null, 1));
}
