// The suite in Node (CommonJS) and Bun: every entry through require(), as a CommonJS
// application would. Usage: node|bun runners/node.cjs SANDBOX_URL
"use strict";

const entries = {
  main: require("refundkit"),
  payroc: require("refundkit/payroc"),
  jpmorgan: require("refundkit/jpmorgan"),
  commercehub: require("refundkit/commercehub"),
  web: require("refundkit/web"),
};

import("./cli.mjs").then(({ runAndPrint }) => runAndPrint(entries, process.argv[2]));
