// The conformance suite inside a Cloudflare Worker: bundled as wrangler bundles (the
// package's `workerd` condition, each .wasm a CompiledWasm module), run in workerd through
// miniflare, calling the sandbox over loopback; the sandbox's URL is a binding (env) and
// the results come back as the Worker's answer. Two compatibility dates: one from before
// workerd accepted fetch's `cache` option (a Worker sending it would throw there), and the
// newest this workerd supports.
import { supportedCompatibilityDate } from "miniflare";
import { conformance } from "./support/drive.mjs";
import { bundleWorker, runWorker } from "./support/workerd.mjs";
import { root } from "./support/runtimes.mjs";

for (const compatibilityDate of ["2024-09-23", supportedCompatibilityDate]) {
  conformance(`workerd (compatibility date ${compatibilityDate})`, async (sandbox) => {
    const bundle = await bundleWorker(`${root}/tests/conformance/runners/worker.mjs`);
    const worker = runWorker(bundle, { compatibilityDate, bindings: { SANDBOX_URL: sandbox.url } });
    try {
      const answer = await worker.dispatchFetch("http://worker.test/");
      if (!answer.ok) throw new Error(`the Worker answered ${answer.status}: ${await answer.text()}`);
      return await answer.json();
    } finally {
      await worker.dispose();
      bundle.remove();
    }
  });
}
