// The suite in Node (ESM) and Bun: every entry imported by the package's name, through its
// exports map, as an application would. Usage: node|bun runners/node.mjs SANDBOX_URL
import * as main from "refundkit";
import * as payroc from "refundkit/payroc";
import * as jpmorgan from "refundkit/jpmorgan";
import * as commercehub from "refundkit/commercehub";
import * as web from "refundkit/web";
import { runAndPrint } from "./cli.mjs";

await runAndPrint({ main, payroc, jpmorgan, commercehub, web }, process.argv[2]);
