// Types for require("refundkit/jpmorgan"): the same declarations as jpmorgan.d.ts, for CommonJS callers.
// Paths end in .js so they resolve under every moduleResolution (node16, nodenext, bundler).
export * from "./types/core.js";
export * from "./types/jpmorgan.js";
