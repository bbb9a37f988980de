// refundkit__SUFFIX__ for Cloudflare Workers (workerd) and other runtimes that import a
// .wasm file as a compiled WebAssembly.Module (no fetch of the file, no file system).
// Server-side: secrets are allowed; no browser-only fetch options are sent.
import wasmModule from "./__BUILD__/refundkit_bg.wasm";
import { initSync } from "./__BUILD__/refundkit.js";
import * as core from "./__BUILD__/refundkit.js";
import { createApi } from "./api.mjs";

initSync({ module: wasmModule });

const api = createApi(core, { browser: false });

export const ready = Promise.resolve();
export const initAsync = () => ready;
export const { __NAMES__ } = api;
