// refundkit__SUFFIX__ for Node's import: the very module that require() returns (loaded
// through createRequire), so ESM and CommonJS share one wasm instance and one set of classes.
import { createRequire } from "node:module";

const api = createRequire(import.meta.url)("./__PREFIX__-node.cjs");

export const { __NAMES__ } = api;
