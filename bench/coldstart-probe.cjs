// Cold-start probe for Node's require() (bench/runtimes.mjs), printed in ms.
const t0 = performance.now();
const { Money } = require("refundkit");
Money.parse("10.00", "USD");
console.log(performance.now() - t0);
