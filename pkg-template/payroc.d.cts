// Types for require("refundkit/payroc"): the same declarations as payroc.d.ts, for CommonJS callers.
// Paths end in .js so they resolve under every moduleResolution (node16, nodenext, bundler).
export * from "./types/core.js";
export * from "./types/payroc.js";
