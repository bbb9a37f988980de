// Part 4: what a browser downloads, per entry point. For each entry (refundkit with all three
// providers, refundkit/payroc, refundkit/jpmorgan, refundkit/commercehub): its .wasm
// (pkg/<build>/refundkit_bg.wasm, scripts/build-pkg.sh), and the entry's whole browser JS
// (loader, wasm-bindgen glue, api.mjs and what it imports) bundled and minified by esbuild
// from `export * from "refundkit/<entry>"` with the browser condition. Each file travels
// compressed alone, so the total is the sum of the gzip (-9) sizes. stripe-node's browser
// build (its "browser"/"worker" export condition) is bundled the same way, for scale.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import * as esbuild from "esbuild";

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const measure = (buf) => ({ raw: buf.length, gzip: gz(buf) });

export const ENTRIES = { all: "refundkit", payroc: "refundkit/payroc", jpmorgan: "refundkit/jpmorgan", commercehub: "refundkit/commercehub" };

async function bundle(root, source) {
  const out = await esbuild.build({
    stdin: { contents: source, resolveDir: root, loader: "js" },
    bundle: true, minify: true, write: false, format: "esm", platform: "browser",
    target: "es2022", logLevel: "silent", absWorkingDir: root, metafile: true,
  });
  const inputs = Object.entries(out.metafile.outputs)[0][1].inputs;
  const byFile = Object.fromEntries(Object.entries(inputs).map(([f, v]) => [path.basename(f), v.bytesInOutput]));
  return { buf: Buffer.from(out.outputFiles[0].contents), byFile };
}

export async function sizes(root) {
  const entries = {};
  for (const [build, spec] of Object.entries(ENTRIES)) {
    const wasm = measure(readFileSync(path.join(root, "pkg", build, "refundkit_bg.wasm")));
    const glue = measure(readFileSync(path.join(root, "pkg", build, "refundkit.js")));
    const js = await bundle(root, `export * from "${spec}";`);
    const entry = measure(js.buf);
    entries[build] = { spec, wasm, glue, js: entry, jsInputs: js.byFile, total: { raw: wasm.raw + entry.raw, gzip: wasm.gzip + entry.gzip } };
  }
  const stripe = measure((await bundle(root, `import Stripe from "stripe"; globalThis.__stripe = Stripe;`)).buf);
  return { entries, stripe };
}
