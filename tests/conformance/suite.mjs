// The conformance suite: one set of cases that every runtime runs against the real sandbox
// (Node ESM and CommonJS, Deno, Bun, workerd, Chromium). A runner in each runtime imports
// the package through its own resolution (export conditions, an import map, a bundler) and
// calls runSuite(); the Node tests in this directory start the sandbox and the runtime and
// read the results back (README "How the package loads" lists the entries).
//
//   entries   { main, payroc, jpmorgan, commercehub, web }: the modules "refundkit",
//             "refundkit/payroc", ... as this runtime resolved them
//   entry     "server" or "browser": the rule the runner's entries apply (secrets allowed,
//             or refused in favour of getAccessToken() and sign())
import { CASES } from "./cases.mjs";
import { sandboxAdmin } from "./sandbox.mjs";

export { CASES };
export const CASE_NAMES = CASES.map((c) => c.name);

/** Every case in order, each on a freshly reset sandbox: `[{ name, ok, ms, notes, error? }]`
 *  (notes: what a case observed that differs by runtime but is allowed, such as who retried). */
export async function runSuite(entries, { sandboxUrl, entry }) {
  if (entry !== "server" && entry !== "browser") throw new TypeError(`runSuite: entry must be "server" or "browser", not ${entry}`);
  const sb = sandboxAdmin(sandboxUrl);
  const results = [];
  for (const { name, run } of CASES) {
    const started = Date.now();
    const notes = [];
    const note = (text) => notes.push(text);
    try {
      await sb.fresh();
      const seed = await sb.seed();
      await run({ ...entries, sb, seed, entry, auth: credentials(sb, seed, entry), note });
      results.push({ name, ok: true, ms: Date.now() - started, notes });
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - started, notes, error: describe(error) });
    }
  }
  return results;
}

/**
 * Client options per provider, as this entry's users would write them: the secrets on a
 * server; in a browser, a token or a signature from the merchant's backend (docs/BROWSER.md,
 * played by the sandbox's /_demo routes). `browserSafe` gives the latter in every runtime.
 * Every token and call to the backend is recorded, for the redaction and nothing-sent checks.
 */
function credentials(sb, seed, entry) {
  const issued = { tokens: [], backendCalls: 0 };
  const software = { companyName: "refundkit", productName: "conformance", version: "1" };
  const token = (provider) => async () => {
    issued.backendCalls++;
    const answer = await sb.demo(`/${provider}/token`);
    issued.tokens.push(answer.accessToken);
    return answer;
  };
  const sign = async (message) => {
    issued.backendCalls++;
    return (await sb.demo("/commercehub/sign", { message })).signature;
  };
  const browserSafe = {
    payroc: () => ({ baseUrl: sb.payroc.baseUrl, getAccessToken: token("payroc") }),
    jpmorgan: () => ({ merchantId: seed.jpmorgan.merchantId, baseUrl: sb.jpmorgan.baseUrl, merchantSoftware: software, getAccessToken: token("jpmorgan") }),
    commercehub: () => ({
      apiKey: seed.commercehub.apiKey,
      merchantId: seed.commercehub.merchantId,
      terminalId: seed.commercehub.terminalId,
      baseUrl: sb.commercehub.baseUrl,
      sign,
    }),
  };
  const withSecrets = {
    payroc: () => ({ apiKey: seed.payroc.apiKey, ...sb.payroc }),
    jpmorgan: () => ({
      clientId: seed.jpmorgan.clientId,
      clientSecret: seed.jpmorgan.clientSecret,
      merchantId: seed.jpmorgan.merchantId,
      ...sb.jpmorgan,
      merchantSoftware: software,
    }),
    commercehub: () => ({
      apiKey: seed.commercehub.apiKey,
      apiSecret: seed.commercehub.apiSecret,
      merchantId: seed.commercehub.merchantId,
      terminalId: seed.commercehub.terminalId,
      ...sb.commercehub,
    }),
  };
  return { ...(entry === "browser" ? browserSafe : withSecrets), browserSafe, withSecrets, issued };
}

function describe(error) {
  if (!(error instanceof Error)) return String(error);
  const fields = Object.keys(error).length ? ` ${JSON.stringify({ ...error })}` : "";
  return `${error.stack ?? `${error.name}: ${error.message}`}${fields}`.slice(0, 4000);
}
