// Types for require("refundkit/web"): the same declarations as web.d.ts, for CommonJS callers
// (in Node, Deno, Bun and workerd "refundkit/web" is the same module as "refundkit").
// Paths end in .js so they resolve under every moduleResolution (node16, nodenext, bundler).
export * from "./types/core.js";
export * from "./types/payroc.js";
export * from "./types/jpmorgan.js";
export * from "./types/commercehub.js";
