// The sandbox's admin API (docs/SANDBOX.md) over plain fetch, so the suite can reset it,
// inject faults and read its ledger from inside any runtime: a worker, a page, Deno.
export function sandboxAdmin(url) {
  async function admin(method, route, body) {
    const res = await fetch(`${url}/_sandbox${route}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${route}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  return {
    url,
    payroc: { baseUrl: `${url}/payroc/v1`, identityUrl: `${url}/payroc/identity` },
    jpmorgan: { baseUrl: `${url}/jpmorgan/api/v2`, tokenUrl: `${url}/jpmorgan/oauth2/token` },
    commercehub: { baseUrl: `${url}/commercehub/ch` },
    /** Seed state, no faults, empty ledger and stats. */
    fresh: async () => {
      await admin("DELETE", "/faults");
      await admin("POST", "/reset");
    },
    seed: () => admin("GET", "/seed"),
    ledger: () => admin("GET", "/ledger"),
    stats: () => admin("GET", "/stats"),
    fault: (rule) => admin("POST", "/faults", rule),
    /** The merchant's backend of docs/BROWSER.md, played by the sandbox. */
    demo: async (route, body) => {
      const res = await fetch(`${url}/_demo${route}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body ?? {}),
      });
      if (!res.ok) throw new Error(`/_demo${route} answered ${res.status}`);
      return res.json();
    },
  };
}
