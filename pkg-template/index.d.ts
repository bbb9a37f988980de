// Types for the whole package, written by hand (the wasm-bindgen ones say `any`).
// Paths end in .js so they resolve under every moduleResolution (node16, nodenext, bundler).
export * from "./types/core.js";
export * from "./types/payroc.js";
export * from "./types/jpmorgan.js";
export * from "./types/commercehub.js";
