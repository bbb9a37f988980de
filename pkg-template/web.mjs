// The browser build without automatic loading: `import { initAsync } from "refundkit/web"`,
// then `await initAsync(url?)` before first use. For apps that host the .wasm elsewhere or
// want to decide when the download starts. The default entry (index.mjs) calls it for you.
import initWasm, * as bindings from "./web/refundkit.js";
import { RefundError, ValidationError } from "./errors.mjs";
import { addClientSugar } from "./sugar.mjs";

export * from "./web/refundkit.js";
export { RefundError, ValidationError };

addClientSugar(bindings);

let loading;
let loaded;

/** Resolves once the wasm is loaded, whoever called initAsync. Never rejects. */
export const ready = new Promise((resolve) => (loaded = resolve));

/**
 * Loads the wasm once; later calls return the same promise (a failed load may be retried).
 * `wasm` defaults to the .wasm file beside this one; a URL, Response, bytes or Module work.
 */
export function initAsync(wasm = new URL("./web/refundkit_bg.wasm", import.meta.url)) {
  loading ??= initWasm({ module_or_path: wasm }).then(
    () => {
      // Before this, errors from Rust would be plain Errors; after it, our classes.
      bindings.__setErrorClasses(RefundError, ValidationError);
      loaded();
    },
    (error) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
