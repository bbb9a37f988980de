// Cold-start probe for Node, Bun and Deno (bench/runtimes.mjs): from before the import to
// after the first parse, printed in ms. Each runtime resolves "refundkit" its own way (Node
// and Bun the node condition, Deno the deno condition).
const t0 = performance.now();
const { Money } = await import("refundkit");
Money.parse("10.00", "USD");
console.log(performance.now() - t0);
