// A Worker as wrangler deploys one, run in workerd through miniflare (both from npm).
// wrangler bundles with esbuild under the export conditions workerd, worker and browser,
// and uploads every imported .wasm as a CompiledWasm module (its default export is a
// WebAssembly.Module). bundleWorker() does the same, so the test resolves the package's
// exports the way a deployed Worker does; runWorker() starts workerd on that bundle.
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** wrangler's resolve conditions (its bundler config), in its order. */
export const WRANGLER_CONDITIONS = ["workerd", "worker", "browser"];

/** Bundles `entry` into a temporary directory: worker.mjs plus each .wasm it imports. */
export async function bundleWorker(entry) {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "refundkit-worker-"));
  const wasmAsModule = {
    name: "wasm-as-compiled-module",
    setup(b) {
      b.onResolve({ filter: /\.wasm$/ }, (args) => {
        const file = path.resolve(args.resolveDir, args.path);
        // One .wasm per build (all/, payroc/, ...), each under its own name.
        const name = `${path.basename(path.dirname(file))}-${path.basename(file)}`;
        copyFileSync(file, path.join(outdir, name));
        return { path: `./${name}`, external: true };
      });
    },
  };
  await build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: WRANGLER_CONDITIONS,
    outfile: path.join(outdir, "worker.mjs"),
    plugins: [wasmAsModule],
    logLevel: "warning",
  });
  return { dir: outdir, script: path.join(outdir, "worker.mjs"), remove: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** Starts workerd with the bundle; `bindings` become the Worker's env. */
export function runWorker(bundle, { compatibilityDate, bindings = {} }) {
  return new Miniflare({
    modules: true,
    scriptPath: bundle.script,
    modulesRoot: bundle.dir,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate,
    bindings,
  });
}
