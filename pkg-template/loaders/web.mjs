// refundkit__SUFFIX__/web: the browser build without automatic loading. Call
// `await initAsync(url?)` before first use, for apps that host the .wasm elsewhere or want
// to decide when the download starts. The exports are live bindings, set by initAsync.
import init, * as core from "./__BUILD__/refundkit.js";
import { createApi } from "./api.mjs";

let loading;
let loaded;

/** Resolves once the wasm is loaded, whoever called initAsync. Never rejects. */
export const ready = new Promise((resolve) => (loaded = resolve));

export let __LETS__;

/**
 * Loads the wasm once; later calls return the same promise (a failed load may be retried).
 * `wasm` defaults to the .wasm file beside this one; a URL, Response, bytes or Module work.
 */
export function initAsync(wasm = new URL("./__BUILD__/refundkit_bg.wasm", import.meta.url)) {
  loading ??= init({ module_or_path: wasm }).then(
    () => {
      ({ __NAMES__ } = createApi(core, { browser: true, transport: { cache: "no-store" } }));
      loaded();
    },
    (error) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
