// The package's JavaScript: it owns the I/O loop (fetch, timers, abort signals, the
// caller's callbacks) and asks the wasm core what to do at every step. Every decision —
// validation, requests, retries, tokens, redaction, what an answer means — is the core's;
// nothing here knows a provider. docs/ARCHITECTURE.md shows one refund's path through it.
//
// `createApi(core, entry)` builds the classes over one instantiated wasm: the clients whose
// provider that wasm has (their methods come from the core's operation table), the
// builders, Money and the helpers. `entry` is chosen by the entry point, never sniffed:
// `{ browser }` (long-lived secrets are refused) and `{ transport }` (extra fetch options).
import { RefundError, ValidationError } from "./errors.mjs";
import { refundMany } from "./bulk.mjs";

const UNDEFINED = "\u0000undefined";
const FUNCTION = "\u0000function";
const SIGNAL = "\u0000signal";
const CALL = Symbol("refundkit.call");
const FIELDS = Symbol("refundkit.fields");
const INSPECT_NODE = Symbol.for("nodejs.util.inspect.custom");
const INSPECT_DENO = Symbol.for("Deno.customInspect");

const PROVIDERS = { payroc: "PayrocClient", jpmorgan: "JpMorganClient", commercehub: "CommerceHubClient" };

// JSON.stringify drops what the core must see to refuse it by name: undefined, functions,
// NaN/Infinity (which become null), bigints (which throw). They cross as marked strings.
function replacer(_key, value) {
  switch (typeof value) {
    case "undefined":
      return UNDEFINED;
    case "function":
      return FUNCTION;
    case "bigint":
      return "\u0000bigint:" + value;
    case "symbol":
      return "\u0000symbol";
    case "number":
      return Number.isFinite(value) ? value : "\u0000number:" + value;
    case "object":
      return typeof AbortSignal !== "undefined" && value instanceof AbortSignal ? SIGNAL : value;
    default:
      return value;
  }
}

/** JSON for the core, or `undefined` when the value cannot be encoded (a cycle). */
function encode(value) {
  try {
    return JSON.stringify(value === undefined ? null : value, replacer);
  } catch {
    return undefined;
  }
}

function toError(fields) {
  const Class = fields.code === "validation" ? ValidationError : RefundError;
  return new Class(fields.message, fields);
}

/** An error's fields for the core (the shared token request's error, or a callback's). */
function errorFields(e) {
  if (e instanceof RefundError) return JSON.stringify({ ...e, message: e.message });
  return String(e?.message ?? e);
}

function describe(e) {
  const message = e?.message ?? String(e);
  const cause = e?.cause?.code ?? e?.cause?.message;
  return cause ? `${message} (${cause})` : message;
}

function random16() {
  return globalThis.crypto.getRandomValues(new Uint8Array(16));
}

const ABORTED = Symbol("aborted");
const TIMED_OUT = Symbol("timed out");

/** Waits `ms`; false when the signal fired first. */
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = (ok) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(ok);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** `promise`, cut short by the caller's signal (rejects ABORTED) or after `ms` (TIMED_OUT). */
function bounded(promise, signal, ms) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(ABORTED);
    const finish = (fn, v) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      fn(v);
    };
    const onAbort = () => finish(reject, ABORTED);
    const timer = setTimeout(() => finish(reject, TIMED_OUT), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(promise).then((v) => finish(resolve, v), (e) => finish(reject, e));
  });
}

export function createApi(core, entry = {}) {
  const browser = entry.browser === true;
  const transport = entry.transport ?? {};
  const now = () => Date.now();
  const read = (text) => JSON.parse(text);
  const clients = typeof FinalizationRegistry === "function" ? new FinalizationRegistry((id) => core.disconnect(id)) : null;

  class Client {
    #id;
    #provider;
    #fetch;
    #onEvent;
    #getAccessToken;
    #sign;
    #timeoutMs;
    #token = null;
    #tokenOp = -1;

    constructor(provider, options) {
      const o = options ?? {};
      const text = encode(o);
      const answer = read(text === undefined ? core.unreadable("options") : core.connect(provider, text, browser, now()));
      if (answer.t === "error") throw toError(answer.error);
      this.#id = answer.client;
      this.#provider = provider;
      this.#fetch = typeof o.fetch === "function" ? o.fetch : null;
      this.#onEvent = typeof o.onEvent === "function" ? o.onEvent : null;
      this.#getAccessToken = typeof o.getAccessToken === "function" ? o.getAccessToken : null;
      this.#sign = typeof o.sign === "function" ? o.sign : null;
      // Bounds the caller's getAccessToken() and sign() like an attempt (the core checked it).
      this.#timeoutMs = typeof o.timeoutMs === "number" ? o.timeoutMs : 30_000;
      this.#tokenOp = operations[provider].find(([name]) => name === "$token")?.[1] ?? -1;
      clients?.register(this, this.#id);
    }

    get provider() {
      return this.#provider;
    }

    [CALL](op, args, opts) {
      const text = encode(args);
      const optsText = encode(opts ?? null);
      if (text === undefined || optsText === undefined) {
        return Promise.reject(toError(read(core.unreadable(text === undefined ? "input" : "options")).error));
      }
      const step = core.start(this.#id, op, text, optsText, now(), random16());
      return this.#run(step, opts?.signal, opts?.onStatus);
    }

    /** The exact first request a builder would send (secrets redacted); nothing is sent. */
    prepare(builder, opts) {
      const text = encode(builder?.[FIELDS] ?? null);
      const answer = read(core.prepare(this.#id, String(builder?.kind ?? ""), text ?? "null", encode(opts ?? null) ?? "null", now(), random16()));
      if (answer.t === "error") throw toError(answer.error);
      return answer.value;
    }

    /** Sends a builder's request: `client.send(new PayrocRefund({...}), opts?)`. */
    send(builder, opts) {
      return this[CALL](sendOp[this.#provider], [{ kind: builder?.kind, fields: builder?.[FIELDS] ?? null }], opts);
    }

    async #run(text, signal, onStatus) {
      let step = read(text);
      for (;;) {
        if (step.events) this.#emit(step.events);
        if (signal?.aborted && step.call !== undefined) {
          // The caller gave up: nothing more is sent (the core says whether something may
          // already have reached the provider).
          step = read(core.abort(step.call, now()));
          continue;
        }
        switch (step.t) {
          case "fetch":
            text = await this.#attempt(step, signal);
            break;
          case "sleep":
            text = (await sleep(step.ms, signal)) ? core.resume(step.call, now()) : core.abort(step.call, now());
            break;
          case "token":
            text = await this.#awaitToken(step.call, signal);
            break;
          case "sign":
            text = await this.#signFor(step, signal);
            break;
          case "notify":
            try {
              onStatus?.(step.status);
            } catch {
              // A throwing listener must not break the refund.
            }
            text = signal?.aborted ? core.abort(step.call, now()) : core.resume(step.call, now());
            break;
          case "done":
            return step.value;
          default:
            throw toError(step.error);
        }
        step = read(text);
      }
    }

    /** One attempt: fetch with the step's timeout and the caller's signal, no redirects. */
    async #attempt(step, signal) {
      const call = step.call;
      if (signal?.aborted) return core.failure(call, "aborted", "", now());
      const fetchFn = this.#fetch ?? globalThis.fetch;
      if (typeof fetchFn !== "function") return core.failure(call, "network", "no fetch: pass options.fetch", now());
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, step.timeout);
      const onAbort = () => controller.abort();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        // "manual": a redirect is answered to the core (status 3xx, or 0 in a browser), which
        // refuses it: no credential ever goes to another origin.
        const init = { method: step.method, headers: step.headers, signal: controller.signal, redirect: "manual", ...transport };
        if (step.body != null) init.body = step.body;
        const res = await fetchFn(step.url, init);
        const body = await res.text();
        return core.response(call, res.status, res.headers.get("retry-after") ?? undefined, body, now());
      } catch (e) {
        const kind = signal?.aborted ? "aborted" : timedOut ? "timeout" : "network";
        return core.failure(call, kind, describe(e), now());
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      }
    }

    /** A token for this call: one request for every caller waiting (single flight); this
     *  caller's signal ends its own wait at once, the request goes on for the others. */
    async #awaitToken(call, signal) {
      this.#token ??= this.#obtainToken().finally(() => (this.#token = null));
      try {
        await bounded(this.#token, signal, 2_147_483_647);
        return core.resume(call, now());
      } catch (e) {
        if (e === ABORTED) return core.abort(call, now());
        return core.authFailed(call, errorFields(e), now());
      }
    }

    async #obtainToken() {
      if (this.#getAccessToken) {
        let value;
        try {
          value = await bounded(this.#getAccessToken(), undefined, this.#timeoutMs);
        } catch (e) {
          const why = e === TIMED_OUT ? `did not answer within ${this.#timeoutMs} ms` : `failed: ${describe(e)}`;
          throw new RefundError(`getAccessToken() ${why}`, { code: "authentication", provider: this.#provider });
        }
        const answer = read(core.tokenFromCaller(this.#id, encode(value) ?? "null", now()));
        if (answer.events) this.#emit(answer.events);
        if (answer.t === "error") throw toError(answer.error);
        return;
      }
      // The provider's token endpoint: a call of its own, tied to no caller's signal.
      await this.#run(core.start(this.#id, this.#tokenOp, "[]", "null", now(), random16()), undefined, undefined);
    }

    async #signFor(step, signal) {
      if (!this.#sign) return core.authFailed(step.call, "no signing secret: give the client apiSecret (server) or sign() (browser)", now());
      try {
        const signature = await bounded(this.#sign(step.message), signal, this.#timeoutMs);
        return core.signed(step.call, typeof signature === "string" ? signature : "", now());
      } catch (e) {
        if (e === ABORTED) return core.abort(step.call, now());
        const why = e === TIMED_OUT ? `did not answer within ${this.#timeoutMs} ms` : `failed: ${describe(e)}`;
        return core.authFailed(step.call, `sign() ${why}`, now());
      }
    }

    #emit(events) {
      if (!this.#onEvent) return;
      for (const event of events) {
        try {
          this.#onEvent(event);
        } catch {
          // A throwing listener must not break the refund.
        }
      }
    }
  }

  // One class per provider this wasm has, with its methods from the core's table.
  const api = {};
  const operations = {};
  const sendOp = {};
  for (const provider of read(core.providers())) {
    const className = PROVIDERS[provider];
    const ops = read(core.operations(provider));
    operations[provider] = ops;
    const Provider = { [className]: class extends Client {
      constructor(options) {
        super(provider, options);
      }
    } }[className];
    for (const [name, op, argCount] of ops) {
      if (name === "send") sendOp[provider] = op;
      if (name.startsWith("$") || name === "send") continue;
      Object.defineProperty(Provider.prototype, name, {
        value: function (...args) {
          return this[CALL](op, args.slice(0, argCount), args[argCount]);
        },
        writable: true,
        configurable: true,
      });
    }
    api[className] = Provider;
  }
  // Bulk refunds (docs/BULK.md): every client runs many rows at a steady pace, resumably.
  const bulk = { core, toError, encode, idempotencyKeyFor: (reference, namespace) => core.keyFor(reference, namespace) };
  for (const className of Object.values(PROVIDERS)) {
    if (!api[className]) continue;
    Object.defineProperty(api[className].prototype, "refundMany", {
      value(rows, options) {
        return refundMany(this, rows, options, bulk);
      },
      writable: true,
      configurable: true,
    });
  }
  if (api.PayrocClient) {
    Object.assign(api.PayrocClient.prototype, {
      /** Every item of every page of a list method (`listPayments`, `listRefunds`), fetched as you iterate. */
      async *paginate(method, input = {}, opts = undefined) {
        if (method !== "listPayments" && method !== "listRefunds") throw new TypeError(`paginate: ${String(method)} is not a list method`);
        let page = input;
        while (page != null) {
          const answer = await this[method](page, opts);
          for (const item of answer?.data ?? []) yield item;
          page = answer?.next ?? null;
        }
      },
      /** Every payment matching `filters`, page after page. */
      iteratePayments(filters = {}, opts) {
        return this.paginate("listPayments", filters, opts);
      },
      /** Every refund matching `filters`, page after page. */
      iterateRefunds(filters = {}, opts) {
        return this.paginate("listRefunds", filters, opts);
      },
    });
  }

  // Builders: plain objects a dashboard fills field by field; the core validates them.
  class Builder {
    constructor(fields = {}) {
      Object.defineProperty(this, FIELDS, { value: { ...(fields ?? {}) } });
    }

    get kind() {
      return this.constructor.kind;
    }

    /** Sets one field (`null` or `undefined` clears it). Chainable. */
    set(field, value) {
      if (value === null || value === undefined) delete this[FIELDS][field];
      else this[FIELDS][field] = value;
      return this;
    }

    /** Every issue with the fields as they are now: `[{ path, code, field, message }]`. */
    validate() {
      const text = encode(this[FIELDS]);
      if (text === undefined) return read(core.unreadable("builder")).error.issues;
      const answer = read(core.validate(this.kind, text, now()));
      if (answer.error) throw toError(answer.error);
      return answer.issues;
    }

    /** The fields, or a thrown ValidationError listing every issue. */
    build() {
      const issues = this.validate();
      if (issues.length > 0) throw new ValidationError(`Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, { issues });
      return JSON.parse(JSON.stringify(this[FIELDS]));
    }

    /** `{ kind, ...fields }` with card numbers masked and secrets redacted: what loggers see. */
    toJSON() {
      return { kind: this.kind, ...read(core.redactFields(encode(this[FIELDS]) ?? "{}")) };
    }

    toString() {
      return `${this.kind} ${JSON.stringify(this.toJSON())}`;
    }

    [INSPECT_NODE]() {
      return this.toString();
    }

    [INSPECT_DENO]() {
      return this.toString();
    }
  }

  for (const [kind] of read(core.builders(""))) {
    api[kind] = { [kind]: class extends Builder {
      static kind = kind;
    } }[kind];
  }

  /** An exact amount: integer minor units and an ISO 4217 currency. No float ever holds it. */
  class Money {
    #minor;
    #currency;
    #exponent;
    #formatted;
    #display;

    constructor(parts) {
      if (parts?.[FIELDS] !== true) throw new TypeError("use Money.parse(text, currency) or Money.fromMinor(minor, currency)");
      this.#minor = parts.minor;
      this.#currency = parts.currency;
      this.#exponent = parts.exponent;
      this.#formatted = parts.formatted;
      this.#display = parts.display;
    }

    static #from(text) {
      const answer = read(text);
      if (answer.error) throw toError(answer.error);
      return new Money({ ...answer, [FIELDS]: true });
    }

    /** Decimal text in major units, parsed exactly: ("40.00", "USD") is 4000; "10.001" USD throws, never rounds. */
    static parse(text, currency) {
      if (typeof text !== "string") throw toError(read(core.moneyParse("\u0000", String(currency))).error);
      return Money.#from(core.moneyParse(text, String(currency)));
    }

    /** From integer minor units: a safe positive integer number, or a bigint. */
    static fromMinor(minor, currency) {
      const text = typeof minor === "number" || typeof minor === "bigint" ? String(minor) : "\u0000";
      return Money.#from(core.moneyFromMinor(text, String(currency)));
    }

    /** Digits after the decimal point: JPY 0, USD 2, KWD 3, CLF 4. */
    static exponentOf(currency) {
      const answer = read(core.currencyExponent(String(currency)));
      if (answer.error) throw toError(answer.error);
      return answer.exponent;
    }

    get minor() {
      return this.#minor;
    }
    get currency() {
      return this.#currency;
    }
    get exponent() {
      return this.#exponent;
    }
    /** Decimal text in major units, written from the integer: 1234 KWD is "1.234". */
    format() {
      return this.#formatted;
    }
    /** As people read it: "$1,234.50", "¥5,000", "KWD 1.234". */
    display() {
      return this.#display;
    }
    toString() {
      return `${this.#formatted} ${this.#currency}`;
    }
    /** `{ minor, currency }`: how a Money travels inside requests and JSON.stringify. */
    toJSON() {
      return { minor: this.#minor, currency: this.#currency };
    }
    equals(other) {
      return other instanceof Money && other.minor === this.#minor && other.currency === this.#currency;
    }
    /** Nothing to free: kept so code written for refundkit 0.1 still runs. */
    free() {}
  }

  return Object.assign(api, {
    Money,
    RefundError,
    ValidationError,
    /** A stable idempotency key from your own reference (an order id, a webhook event id, a batch and row). */
    idempotencyKeyFor: (reference, namespace = "") => core.keyFor(String(reference), String(namespace ?? "")),
    /** First 6 and last 4 digits of every card number in the text, the rest as "*". */
    maskCardNumber: (text) => core.maskCard(String(text)),
    /** The issues with a card number (digits, length 12–19, Luhn); empty when it is fine. */
    checkCardNumber: (text) => read(core.checkCard(String(text))),
  });
}
