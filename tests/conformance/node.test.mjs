// The conformance suite in Node, through the package's exports: ESM import and CommonJS require.
import { conformance, runRunner } from "./support/drive.mjs";

conformance("Node ESM (import)", (sandbox) => runRunner(process.execPath, ["tests/conformance/runners/node.mjs", sandbox.url]));
conformance("Node CommonJS (require)", (sandbox) => runRunner(process.execPath, ["tests/conformance/runners/node.cjs", sandbox.url]));
