// refundkit for browsers and bundlers: loads the wasm (fetched from beside this file) before
// the import resolves, so `import { Money } from "refundkit"` is ready to use at once.
// Vite dev server: add `optimizeDeps: { exclude: ["refundkit"] }` so the .wasm URL survives.
import { initAsync } from "./web.mjs";

await initAsync();

export * from "./web.mjs";
