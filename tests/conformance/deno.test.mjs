// The conformance suite in Deno (from the npm devDependency), by npm: specifiers resolved
// from node_modules. The only permission is the network, and only to the sandbox: the
// package's `deno` entry imports the .wasm as a module, so no --allow-read.
import { conformance, runRunner } from "./support/drive.mjs";
import { runtimeBinary } from "./support/runtimes.mjs";

conformance("Deno (npm:refundkit)", (sandbox) =>
  runRunner(runtimeBinary("deno"), ["run", "--no-lock", "--no-prompt", `--allow-net=${new URL(sandbox.url).host}`, "tests/conformance/runners/deno.mjs", sandbox.url], {
    env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
  }),
);
