// The CLI's clients: credentials from environment variables (never flags, so they stay out of
// shell history and `ps`), hosts from flags or the environment. docs/BULK.md lists them.

/** Every variable the CLI reads, per provider: option name → variable. */
export const VARIABLES = {
  payroc: {
    apiKey: "REFUNDKIT_PAYROC_API_KEY",
    environment: "REFUNDKIT_PAYROC_ENVIRONMENT",
    baseUrl: "REFUNDKIT_PAYROC_BASE_URL",
    identityUrl: "REFUNDKIT_PAYROC_IDENTITY_URL",
  },
  jpmorgan: {
    clientId: "REFUNDKIT_JPMORGAN_CLIENT_ID",
    clientSecret: "REFUNDKIT_JPMORGAN_CLIENT_SECRET",
    merchantId: "REFUNDKIT_JPMORGAN_MERCHANT_ID",
    environment: "REFUNDKIT_JPMORGAN_ENVIRONMENT",
    baseUrl: "REFUNDKIT_JPMORGAN_BASE_URL",
    tokenUrl: "REFUNDKIT_JPMORGAN_TOKEN_URL",
    companyName: "REFUNDKIT_JPMORGAN_COMPANY_NAME",
    productName: "REFUNDKIT_JPMORGAN_PRODUCT_NAME",
  },
  commercehub: {
    apiKey: "REFUNDKIT_COMMERCEHUB_API_KEY",
    apiSecret: "REFUNDKIT_COMMERCEHUB_API_SECRET",
    merchantId: "REFUNDKIT_COMMERCEHUB_MERCHANT_ID",
    terminalId: "REFUNDKIT_COMMERCEHUB_TERMINAL_ID",
    environment: "REFUNDKIT_COMMERCEHUB_ENVIRONMENT",
    baseUrl: "REFUNDKIT_COMMERCEHUB_BASE_URL",
  },
};

/** Where each provider lives on a refundkit-sandbox (docs/SANDBOX.md), for `--sandbox URL`. */
function sandboxHosts(provider, url) {
  const base = url.replace(/\/+$/, "");
  return {
    payroc: { baseUrl: `${base}/payroc/v1`, identityUrl: `${base}/payroc/identity` },
    jpmorgan: { baseUrl: `${base}/jpmorgan/api/v2`, tokenUrl: `${base}/jpmorgan/oauth2/token` },
    commercehub: { baseUrl: `${base}/commercehub/ch` },
  }[provider];
}

/**
 * The client options for `provider` from `env` and the host flags; throws an Error naming
 * every missing variable.
 */
export function clientOptions(provider, env, flags, version) {
  const names = VARIABLES[provider];
  const o = {};
  for (const [option, variable] of Object.entries(names)) if (env[variable]) o[option] = env[variable];
  for (const flag of ["baseUrl", "identityUrl", "tokenUrl", "environment"]) if (flags[flag]) o[flag] = flags[flag];
  if (flags.sandbox) Object.assign(o, sandboxHosts(provider, flags.sandbox));
  const required = {
    payroc: ["apiKey"],
    jpmorgan: ["clientId", "clientSecret", "merchantId"],
    commercehub: ["apiKey", "apiSecret", "merchantId", "terminalId"],
  }[provider];
  const missing = required.filter((k) => !o[k]).map((k) => names[k]);
  if (missing.length > 0) throw new Error(`set ${missing.join(", ")} (the ${provider} credentials; docs/BULK.md)`);
  if (!o.environment && !o.baseUrl) {
    o.environment = { payroc: "uat", jpmorgan: "mock", commercehub: "cert" }[provider];
  }
  if (provider === "jpmorgan") {
    const { companyName, productName, ...rest } = o;
    return { ...rest, merchantSoftware: { companyName: companyName ?? "refundkit", productName: productName ?? "refundkit bulk CLI", version } };
  }
  return o;
}
