// A user's Vite app: every entry imported by the package's name; `vite build` resolves the
// exports map's browser files and bundles them with their .wasm.
import * as main from "refundkit";
import * as payroc from "refundkit/payroc";
import * as jpmorgan from "refundkit/jpmorgan";
import * as commercehub from "refundkit/commercehub";
import * as web from "refundkit/web";
import { runInPage } from "../page.mjs";

await runInPage({ main, payroc, jpmorgan, commercehub, web });
