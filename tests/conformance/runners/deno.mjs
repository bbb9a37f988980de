// The suite in Deno: every entry by an npm: specifier, resolved through the package's
// exports map (its `deno` condition). Needs only --allow-net for the sandbox.
// Usage: deno run --allow-net=127.0.0.1:PORT runners/deno.mjs SANDBOX_URL
import * as main from "npm:refundkit";
import * as payroc from "npm:refundkit/payroc";
import * as jpmorgan from "npm:refundkit/jpmorgan";
import * as commercehub from "npm:refundkit/commercehub";
import * as web from "npm:refundkit/web";
import { runAndPrint } from "./cli.mjs";

await runAndPrint({ main, payroc, jpmorgan, commercehub, web }, Deno.args[0]);
