// Types for "refundkit/payroc" and "refundkit/payroc/web": the shared declarations and Payroc's.
// Paths end in .js so they resolve under every moduleResolution (node16, nodenext, bundler).
export * from "./types/core.js";
export * from "./types/payroc.js";
