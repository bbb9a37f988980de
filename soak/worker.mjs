// The crash test's worker process: runs the crash intents against a running sandbox, and
// prints "started" when it begins to send and "done N" as intents end. crash.mjs kills it with SIGKILL at a random point.
//   node soak/worker.mjs '{"url": "http://127.0.0.1:PORT", "count": 300, ...}'
import { buildIntents } from "./intents.mjs";
import { makeClients, perform, runAll } from "./exec.mjs";

const cfg = JSON.parse(process.argv[2]);
const rk = await import("refundkit");
const seed = await (await fetch(cfg.url + "/_sandbox/seed")).json();
const urls = {
  payroc: { baseUrl: cfg.url + "/payroc/v1", identityUrl: cfg.url + "/payroc/identity" },
  jpmorgan: { baseUrl: cfg.url + "/jpmorgan/api/v2", tokenUrl: cfg.url + "/jpmorgan/oauth2/token" },
  commercehub: { baseUrl: cfg.url + "/commercehub/ch" },
};
const intents = buildIntents(seed, cfg.count, rk.idempotencyKeyFor, { namespace: cfg.namespace, prefix: cfg.prefix });
// Each worker starts at another point of the list, so kills land on every kind of intent.
const order = intents.map((_, i) => intents[(i + cfg.offset) % intents.length]);
const clients = makeClients(rk, seed, urls, { timeoutMs: cfg.timeoutMs, maxRetries: cfg.maxRetries });
let done = 0;
console.log("started");
await runAll(order, (intent) => perform(intent, clients, rk, { settleMs: cfg.settleMs }), cfg.concurrency, () => console.log(`done ${++done}`));
console.log(`finished ${done}`);
