// refundkit__SUFFIX__ for browsers and bundlers: the wasm (fetched from beside this file)
// is loaded before the import resolves, so everything is ready to use at once. Secrets are
// refused here (use getAccessToken() or sign(): docs/BROWSER.md); requests skip the HTTP
// cache, so a cancel is never held behind a long-poll of the same URL.
// Vite dev server: add `optimizeDeps: { exclude: ["refundkit"] }` so the .wasm URL survives.
import init, * as core from "./__BUILD__/refundkit.js";
import { createApi } from "./api.mjs";

await init({ module_or_path: new URL("./__BUILD__/refundkit_bg.wasm", import.meta.url) });

const api = createApi(core, { browser: true, transport: { cache: "no-store" } });

export const ready = Promise.resolve();
/** Already loaded; kept so code can call it the same way everywhere. */
export const initAsync = () => ready;
export const { __NAMES__ } = api;
