// Types for "refundkit/commercehub" and "refundkit/commercehub/web": the shared declarations and Commerce Hub's.
// Paths end in .js so they resolve under every moduleResolution (node16, nodenext, bundler).
export * from "./types/core.js";
export * from "./types/commercehub.js";
