// refundkit__SUFFIX__ for Node's require(): the wasm is read from disk and compiled at once,
// so the package is ready as soon as require returns. The ESM entry re-exports this same
// instance, so ESM and CommonJS callers share one wasm and one set of classes.
"use strict";

// Node 18 has no global WebCrypto unless flagged; keys are drawn from it.
if (!globalThis.crypto) globalThis.crypto = require("node:crypto").webcrypto;

const { readFileSync } = require("node:fs");
const path = require("node:path");
const core = require("./__BUILD__/refundkit.cjs");
const { createApi } = require("./api.cjs");

core.initSync({ module: readFileSync(path.join(__dirname, "__BUILD__", "refundkit_bg.wasm")) });

const ready = Promise.resolve();

module.exports = {
  ...createApi(core, { browser: false }),
  ready,
  /** Already loaded in Node; kept so code can call it the same way everywhere. */
  initAsync: () => ready,
};
