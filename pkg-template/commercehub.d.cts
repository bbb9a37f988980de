// Types for require("refundkit/commercehub"): the same declarations as commercehub.d.ts, for CommonJS callers.
// Paths end in .js so they resolve under every moduleResolution (node16, nodenext, bundler).
export * from "./types/core.js";
export * from "./types/commercehub.js";
