// Part 1: what a browser downloads. refundkit: the .wasm, wasm-bindgen's JS glue, and the
// package's whole browser entry (index.mjs with its loader, errors and client sugar)
// bundled and minified with esbuild. stripe-node: its browser build (the "browser" export
// condition, the worker build) bundled and minified the same way. Sizes raw and gzip -9.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import * as esbuild from "esbuild";

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const measure = (buf) => ({ raw: buf.length, gzip: gz(buf) });

async function bundle(root, source, resolveDir) {
  const out = await esbuild.build({
    stdin: { contents: source, resolveDir, loader: "js" },
    bundle: true, minify: true, write: false, format: "esm", platform: "browser",
    target: "es2022", logLevel: "silent", absWorkingDir: root,
  });
  return Buffer.from(out.outputFiles[0].contents);
}

export async function sizes(root) {
  const pkg = path.join(root, "pkg");
  const wasm = measure(readFileSync(path.join(pkg, "web/refundkit_bg.wasm")));
  const glue = measure(readFileSync(path.join(pkg, "web/refundkit.js")));
  // Everything JS the default browser entry pulls in; the .wasm is fetched beside it.
  const entry = measure(await bundle(root, `export * from "refundkit";`, root));
  const stripe = measure(await bundle(root, `import Stripe from "stripe"; globalThis.__stripe = Stripe;`, root));
  return { wasm, glue, entry, total: { raw: wasm.raw + entry.raw, gzip: wasm.gzip + entry.gzip }, stripe };
}
