// Browser-safe credentials (docs/BROWSER.md): the page asks its backend for a short-lived
// token or for a Commerce Hub signature; the provider secret stays on the server. Here the
// sandbox plays that backend with its /_demo routes.

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

/** `getAccessToken` for PayrocClient: resolves `{ accessToken, expiresIn }`. */
export const payrocToken = () => post("/_demo/payroc/token");

/** `getAccessToken` for JpMorganClient. */
export const jpmorganToken = () => post("/_demo/jpmorgan/token");

/** `sign` for CommerceHubClient: the backend HMACs apiKey + clientRequestId + timestamp + body. */
export async function commercehubSign(message) {
  const { signature } = await post("/_demo/commercehub/sign", { message });
  return signature;
}
