// The fetch the console gives its clients: the browser's own, with the HTTP cache off.
// Refund APIs are never cacheable, and Chromium's cache lets only one request per URL in
// at a time: a DELETE /refund-instructions/{id} sent while the SDK long-polls GET on the
// same URL waited for the cache lock (about 20 s) before it even left the browser.
export function fetchNoStore(input, init) {
  return fetch(input, { ...init, cache: "no-store" });
}
