// refundkit__SUFFIX__ for Deno (the `deno` export condition, for `npm:refundkit` and a
// node_modules install alike). The wasm is a source-phase import, a compiled
// WebAssembly.Module that Deno loads with the module graph, so no --allow-read is needed
// (the Node entry reads the file with fs, which Deno gates behind --allow-read).
// Server-side: secrets are allowed; no browser-only fetch options are sent.
import source wasmModule from "./__BUILD__/refundkit_bg.wasm";
import * as core from "./__BUILD__/refundkit.js";
import { createApi } from "./api.mjs";

core.initSync({ module: wasmModule });

const api = createApi(core, { browser: false });

export const ready = Promise.resolve();
/** Already loaded in Deno; kept so code can call it the same way everywhere. */
export const initAsync = () => ready;
export const { __NAMES__ } = api;
