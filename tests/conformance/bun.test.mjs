// The conformance suite in Bun (from the npm devDependency): the same runners as Node's.
// Bun resolves the package's `node` condition, so it loads the Node entry.
import { conformance, runRunner } from "./support/drive.mjs";
import { runtimeBinary } from "./support/runtimes.mjs";

conformance("Bun (import)", (sandbox) => runRunner(runtimeBinary("bun"), ["tests/conformance/runners/node.mjs", sandbox.url]));
conformance("Bun (require)", (sandbox) => runRunner(runtimeBinary("bun"), ["tests/conformance/runners/node.cjs", sandbox.url]));
