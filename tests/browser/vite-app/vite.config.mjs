import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset URLs, so the test can serve the build under any path.
  base: "./",
  // The dev server's dependency pre-bundling would move refundkit away from its .wasm.
  optimizeDeps: { exclude: ["refundkit"] },
  build: { outDir: "dist", emptyOutDir: true },
  logLevel: "warn",
});
