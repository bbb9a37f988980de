// One client per provider, made with browser-safe credentials only (docs/BROWSER.md), and
// made again when the "Automatic retries" setting changes. A refund already on its way
// keeps the client it started with; nothing else is dropped (the selected payment, the
// forms and the refunds in flight all stay).
import { PayrocClient, JpMorganClient, CommerceHubClient } from "refundkit";
import { endpoints } from "./sandbox.js";
import { fetchNoStore } from "./fetch.js";
import { payrocToken, jpmorganToken, commercehubSign } from "./auth.js";

const merchantSoftware = { companyName: "refundkit", productName: "refund console", version: "2.0" };

export function createClients(seed, onEvent) {
  let maxRetries = 2;
  const clients = {};
  const events = (provider) => (event) => onEvent(provider, event);

  function make(provider) {
    const common = { maxRetries, fetch: fetchNoStore, onEvent: events(provider) };
    switch (provider) {
      case "payroc":
        return new PayrocClient({ ...common, baseUrl: endpoints.payroc.baseUrl, getAccessToken: payrocToken });
      case "jpmorgan":
        return new JpMorganClient({ ...common, baseUrl: endpoints.jpmorgan.baseUrl, merchantId: seed.jpmorgan.merchantId,
          merchantSoftware, getAccessToken: jpmorganToken });
      default: {
        const ch = seed.commercehub;
        return new CommerceHubClient({ ...common, baseUrl: endpoints.commercehub.baseUrl, apiKey: ch.apiKey,
          merchantId: ch.merchantId, terminalId: ch.terminalId, sign: commercehubSign });
      }
    }
  }

  return {
    get(provider) {
      clients[provider] ??= make(provider);
      return clients[provider];
    },
    get maxRetries() {
      return maxRetries;
    },
    setMaxRetries(n) {
      maxRetries = n;
      for (const provider of Object.keys(clients)) clients[provider] = make(provider);
    },
  };
}
