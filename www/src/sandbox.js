// What the console learns from the sandbox it is served by. Everything here is a
// sandbox-only convenience: a real dashboard gets these ids from its own backend, and the
// provider secrets in the seed are dropped on arrival so the page never holds one.

const origin = globalThis.location.origin;

/** Where each provider's API is mounted on the sandbox (same origin as the page). */
export const endpoints = {
  payroc: { baseUrl: `${origin}/payroc/v1` },
  jpmorgan: { baseUrl: `${origin}/jpmorgan/api/v2` },
  commercehub: { baseUrl: `${origin}/commercehub/ch` },
};

async function getJson(path) {
  const response = await fetch(origin + path, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

/**
 * The seed without its secrets: non-secret ids (terminal, device, merchant; Commerce Hub's
 * Api-Key, which travels in a header on every request anyway) and the sample payments.
 */
export async function loadPublicSeed() {
  const seed = await getJson("/_sandbox/seed");
  const { apiKey: _payrocKey, ...payroc } = seed.payroc ?? {};
  const { clientId: _id, clientSecret: _secret, ...jpmorgan } = seed.jpmorgan ?? {};
  const { apiSecret: _chSecret, ...commercehub } = seed.commercehub ?? {};
  return { payroc, jpmorgan, commercehub };
}

/** Refunds that moved money, for providers whose API has no "get payment" (sandbox-only). */
export async function loadLedger() {
  return getJson("/_sandbox/ledger");
}
