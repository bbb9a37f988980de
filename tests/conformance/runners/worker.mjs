// The suite inside a Cloudflare Worker (workerd). support/workerd.mjs bundles this file the
// way wrangler does (export conditions workerd, worker, browser; each .wasm a CompiledWasm
// module) and runs it in workerd through miniflare, with the sandbox's URL in env.
import * as main from "refundkit";
import * as payroc from "refundkit/payroc";
import * as jpmorgan from "refundkit/jpmorgan";
import * as commercehub from "refundkit/commercehub";
import * as web from "refundkit/web";
import { runSuite } from "../suite.mjs";

export default {
  async fetch(_request, env) {
    const results = await runSuite({ main, payroc, jpmorgan, commercehub, web }, { sandboxUrl: env.SANDBOX_URL, entry: "server" });
    return Response.json(results);
  },
};
