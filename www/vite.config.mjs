// Builds the console as a user's app would be built: `refundkit` is resolved by its bare
// name through node_modules/refundkit → pkg and the package's `exports` map.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  // Relative asset URLs: the sandbox serves the console at `/`, but a copy under any path works.
  base: "./",
  // The package loads its .wasm itself (new URL(..., import.meta.url)); pre-bundling would move it.
  optimizeDeps: { exclude: ["refundkit"] },
  // The browser entry uses top-level await.
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  esbuild: { target: "es2022" },
});
