// refundkit for Node's require(): the wasm is read from disk and compiled synchronously,
// so the package is ready as soon as require returns. node.mjs re-exports this same
// instance, so ESM and CommonJS callers share one wasm and one set of classes.
"use strict";

// Node 18 has no global WebCrypto unless flagged; the wasm draws idempotency keys from it.
if (!globalThis.crypto) globalThis.crypto = require("node:crypto").webcrypto;

const bindings = require("./node/refundkit.cjs");
const { RefundError, ValidationError } = require("./errors.cjs");
const { addClientSugar } = require("./sugar.cjs");

bindings.__setErrorClasses(RefundError, ValidationError);
addClientSugar(bindings);

const ready = Promise.resolve();

module.exports = {
  ...bindings,
  RefundError,
  ValidationError,
  ready,
  /** Already loaded in Node; kept so code can call it the same way everywhere. */
  initAsync: () => ready,
};
