// Types for "refundkit/jpmorgan" and "refundkit/jpmorgan/web": the shared declarations and J.P. Morgan's.
// Paths end in .js so they resolve under every moduleResolution (node16, nodenext, bundler).
export * from "./types/core.js";
export * from "./types/jpmorgan.js";
