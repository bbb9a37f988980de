// Client sugar that holds no provider logic: walking pages that a list method returns as
// `{ data, next }` (where `next` is the input of the following page, or null at the end),
// and chainable builder setters.
// One source: the build writes sugar.cjs from it with esbuild.

async function* paginate(method, input = {}, opts = undefined) {
  if (typeof this[method] !== "function") {
    throw new TypeError(`paginate: ${this.constructor.name} has no method ${String(method)}`);
  }
  let pageInput = input;
  while (pageInput != null) {
    const page = await this[method](pageInput, opts);
    for (const item of page?.data ?? []) yield item;
    pageInput = page?.next ?? null;
  }
}

function define(proto, name, value) {
  Object.defineProperty(proto, name, { value, writable: true, configurable: true });
}

const sweetened = new WeakSet();

/**
 * Adds `paginate` to every client class the binding exports (`*Client`), and makes every
 * builder's `set` chainable (`*Refund*`: wasm-bindgen methods return undefined).
 */
export function addClientSugar(api) {
  for (const [name, value] of Object.entries(api)) {
    const proto = typeof value === "function" ? value.prototype : undefined;
    if (!proto || sweetened.has(proto)) continue;
    sweetened.add(proto);
    if (name.endsWith("Client")) define(proto, "paginate", paginate);
    if (/Refund/.test(name) && typeof proto.set === "function") {
      const set = proto.set;
      define(proto, "set", function (field, value) {
        set.call(this, field, value);
        return this;
      });
    }
  }
}
