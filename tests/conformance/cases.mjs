// The conformance cases (suite.mjs runs them). Each gets the package's entries as this
// runtime resolved them, the sandbox's admin API (sb), its seed, and the credentials that
// fit the entry (auth). Only the language, fetch and the package are used here.
import { ok, equal, notEqual, deepEqual, throws, rejects } from "./check.mjs";

const PAN = "4111111111111111"; // Visa's well-known test card
const CVV = "737";
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const CLIENTS = ["PayrocClient", "JpMorganClient", "CommerceHubClient"];

const PROVIDER_ROUTES = {
  payroc: "/payroc/v1/payments/*/refund",
  jpmorgan: "/jpmorgan/api/v2/refunds",
  commercehub: "/commercehub/ch/payments/v1/refunds",
};
/** The same routes as the sandbox's stats name them. */
const POST_ROUTES = {
  payroc: "POST /payroc/v1/payments/{paymentId}/refund",
  jpmorgan: "POST /jpmorgan/api/v2/refunds",
  commercehub: "POST /commercehub/ch/payments/v1/refunds",
};

const byPurpose = (records, word) => {
  const record = records.find((r) => r.purpose.includes(word));
  ok(record, `no seeded record for "${word}"`);
  return record;
};
const payrocPayment = (seed) => byPurpose(seed.payroc.payments, "partial then the rest"); // 49.99 USD, settled
const jpmPayment = (seed) => byPurpose(seed.jpmorgan.payments, "partial refunds"); // 100.00 USD, captured
const chCharge = (seed) => byPurpose(seed.commercehub.charges, "tagged refunds"); // 12.04 USD, captured
const pathOf = (url) => new URL(url).pathname;
const requests = (events) => events.filter((e) => e.type === "request");

/** A refund of `provider` through `module` (an entry), as the refund cases send it. */
function refundWith(module, provider, ctx, extra = {}) {
  const { seed, auth } = ctx;
  const { Money } = module;
  switch (provider) {
    case "payroc":
      return new module.PayrocClient({ ...auth.payroc(), ...extra }).refund({
        paymentId: payrocPayment(seed).id,
        amount: Money.parse("10.00", "USD"),
        description: "conformance",
      });
    case "jpmorgan":
      return new module.JpMorganClient({ ...auth.jpmorgan(), ...extra }).refund({
        transactionId: jpmPayment(seed).id,
        amount: Money.parse("30.00", "USD"),
      });
    case "commercehub":
      return new module.CommerceHubClient({ ...auth.commercehub(), ...extra }).refund({
        referenceTransactionId: chCharge(seed).id,
        amount: Money.parse("5.00", "USD"),
      });
  }
}

const REFERENCE = { payroc: payrocPayment, jpmorgan: jpmPayment, commercehub: chCharge };
const REFUNDED = { payroc: 1000, jpmorgan: 3000, commercehub: 500 };

/** The ledger holds exactly this one refund of `provider`. */
async function assertOneLedgerEntry(ctx, provider, result) {
  const ledger = await ctx.sb.ledger();
  equal(ledger.length, 1, "ledger entries");
  const [entry] = ledger;
  deepEqual(
    [entry.provider, entry.kind, entry.status, entry.reference, entry.amount, entry.currency],
    [provider, "refund", "succeeded", REFERENCE[provider](ctx.seed).id, REFUNDED[provider], "USD"],
  );
  equal(entry.idempotencyKey, result.idempotencyKey, "the ledger's key is the result's");
  equal(entry.refundId, result.refundId, "the ledger's refundId is the result's");
}

function providerRefundCase(provider, name, checkRequests) {
  return {
    name,
    async run(ctx) {
      const events = [];
      const result = await refundWith(ctx[provider], provider, ctx, { onEvent: (e) => events.push(e) });
      equal(result.provider, provider);
      equal(result.status, "succeeded", "status");
      deepEqual(result.amount, { minor: REFUNDED[provider], currency: "USD", formatted: (REFUNDED[provider] / 100).toFixed(2) });
      const reference = REFERENCE[provider](ctx.seed);
      // Commerce Hub's refund answer does not say what is left; the other two do.
      if (provider !== "commercehub") equal(result.remainingRefundable.minor, reference.amount - REFUNDED[provider], "remainingRefundable");
      checkRequests(requests(events).map((e) => `${e.request.method} ${pathOf(e.request.url)}`), reference.id);
      await assertOneLedgerEntry(ctx, provider, result);
    },
  };
}

export const CASES = [
  {
    name: "loads: every entry is ready, with its own names",
    async run({ main, payroc, jpmorgan, commercehub, web }) {
      for (const [label, module, clients] of [
        ["refundkit", main, CLIENTS],
        ["refundkit/payroc", payroc, ["PayrocClient"]],
        ["refundkit/jpmorgan", jpmorgan, ["JpMorganClient"]],
        ["refundkit/commercehub", commercehub, ["CommerceHubClient"]],
        ["refundkit/web", web, CLIENTS],
      ]) {
        await module.initAsync();
        await module.ready;
        deepEqual(CLIENTS.filter((c) => typeof module[c] === "function"), clients, `${label} clients`);
        for (const name of ["Money", "RefundError", "ValidationError", "idempotencyKeyFor", "maskCardNumber", "checkCardNumber"]) {
          equal(typeof module[name], "function", `${label} ${name}`);
        }
        equal(module.Money.parse("12.34", "USD").minor, 1234, `${label} Money.parse`);
        // One set of error classes for the whole package, so instanceof works across entries.
        equal(module.RefundError, main.RefundError, `${label} RefundError is the package's one class`);
        equal(module.ValidationError, main.ValidationError, `${label} ValidationError is the package's one class`);
      }
    },
  },
  {
    name: "Money round trips exactly",
    async run({ main }) {
      const { Money, ValidationError } = main;
      const cases = [["40.00", "USD", 4000, 2], ["500", "JPY", 500, 0], ["1.234", "KWD", 1234, 3], ["1.2345", "CLF", 12345, 4], ["0.01", "EUR", 1, 2]];
      for (const [text, currency, minor, exponent] of cases) {
        const m = Money.parse(text, currency);
        deepEqual([m.minor, m.currency, m.exponent, m.format()], [minor, currency, exponent, text], `${text} ${currency}`);
        equal(Money.fromMinor(minor, currency).format(), text, `fromMinor ${minor} ${currency}`);
        ok(Money.fromMinor(minor, currency).equals(m), `equals ${text}`);
        deepEqual(JSON.parse(JSON.stringify({ amount: m })), { amount: { minor, currency } }, "JSON");
        equal(Money.exponentOf(currency), exponent);
      }
      equal(Money.fromMinor(10n, "USD").minor, 10, "bigint");
      equal(Money.fromMinor(Number.MAX_SAFE_INTEGER, "USD").minor, Number.MAX_SAFE_INTEGER);
      equal(String(Money.parse("12.50", "USD")), "12.50 USD");
      const tooPrecise = throws(() => Money.parse("10.001", "USD"));
      ok(tooPrecise instanceof ValidationError, `10.001 USD: ${tooPrecise}`);
      equal(tooPrecise.issues[0].path, "amount");
      for (const bad of [10.5, NaN, Infinity, -1, 0, Number.MAX_SAFE_INTEGER + 1]) {
        const error = throws(() => Money.fromMinor(bad, "USD"), `fromMinor(${bad})`);
        ok(error instanceof ValidationError, `fromMinor(${bad}): ${error}`);
        equal(error.issues[0].path, "minor");
      }
      equal(throws(() => Money.parse("1.00", "XXQ")).issues[0].path, "currency");
    },
  },
  providerRefundCase("payroc", "Payroc refund: reads the payment, then one POST; one ledger entry", (sent, id) => {
    deepEqual(sent.filter((s) => s.includes("/payroc/v1/")), [`GET /payroc/v1/payments/${id}`, `POST /payroc/v1/payments/${id}/refund`]);
  }),
  providerRefundCase("jpmorgan", "J.P. Morgan refund: one POST; one ledger entry", (sent) => {
    deepEqual(sent.filter((s) => s.includes("/api/v2/")), ["POST /jpmorgan/api/v2/refunds"]);
  }),
  providerRefundCase("commercehub", "Commerce Hub refund: one signed POST; one ledger entry", (sent) => {
    deepEqual(sent, ["POST /commercehub/ch/payments/v1/refunds"]);
  }),
  {
    // The invariant is on the wire and in the ledger: the POST went out twice with one key,
    // and one refund exists. Who re-sent it may differ: the SDK (a network error, then a
    // retry event), or the runtime's own HTTP client, which may re-send a request whose
    // pooled connection closed without an answer (Deno does; the SDK then sees one attempt).
    name: "a refund whose answer is lost (drop_after_commit) is retried with the same key: one ledger entry",
    async run(ctx) {
      for (const provider of ["payroc", "jpmorgan", "commercehub"]) {
        await ctx.sb.fresh();
        await ctx.sb.fault({ method: "POST", path: PROVIDER_ROUTES[provider], kind: "drop_after_commit", count: 1 });
        const events = [];
        const result = await refundWith(ctx.main, provider, ctx, { onEvent: (e) => events.push(e) });
        equal(result.status, "succeeded", `${provider} status`);
        const stats = await ctx.sb.stats();
        equal(stats.requests[POST_ROUTES[provider]], 2, `${provider}: the refund POST reached the sandbox twice`);
        const posts = requests(events).filter((e) => e.request.method === "POST" && e.idempotencyKey);
        ok(posts.length === 1 || posts.length === 2, `${provider}: ${posts.length} attempts`);
        for (const post of posts) {
          equal(post.idempotencyKey, result.idempotencyKey, `${provider}: every attempt has the result's key`);
          deepEqual(post.request.body, posts[0].request.body, `${provider}: the same body again`);
        }
        if (posts.length === 2) ok(events.some((e) => e.type === "retry" && e.reason === "network"), `${provider}: a retry for a network failure`);
        else ctx.note(`${provider}: re-sent by the runtime's HTTP client (one SDK attempt)`);
        await assertOneLedgerEntry(ctx, provider, result);
      }
    },
  },
  {
    name: "an invalid refund is a ValidationError naming the field, and nothing is sent",
    async run(ctx) {
      const { main, seed, auth, sb } = ctx;
      const events = [];
      const onEvent = (e) => events.push(e);
      const attempts = [
        [() => new main.PayrocClient({ ...auth.payroc(), onEvent }).refund({ paymentId: payrocPayment(seed).id, amout: main.Money.parse("1.00", "USD"), description: "typo" }), "amout"],
        [() => new main.JpMorganClient({ ...auth.jpmorgan(), onEvent }).refund({ transactionId: jpmPayment(seed).id, amount: { value: "10.001", currency: "USD" } }), "amount"],
        [() => new main.CommerceHubClient({ ...auth.commercehub(), onEvent }).refund({ referenceTransactionId: chCharge(seed).id, amount: { minor: 10.5, currency: "USD" } }), "amount.minor"],
      ];
      for (const [attempt, path] of attempts) {
        const error = await rejects(attempt(), `${path}: expected a ValidationError`);
        ok(error instanceof main.ValidationError, `${path}: ${error}`);
        ok(error.issues.some((i) => i.path === path), `${path}: issues ${JSON.stringify(error.issues)}`);
      }
      deepEqual(requests(events), [], "no request event");
      equal(auth.issued.backendCalls, 0, "no token or signature asked for");
      const stats = await sb.stats();
      deepEqual(stats.requests, {}, "the sandbox received nothing");
      deepEqual(await sb.ledger(), []);
    },
  },
  {
    name: "typed errors: RefundError and ValidationError with instanceof, from every entry",
    async run(ctx) {
      const { main, payroc, jpmorgan, auth } = ctx;
      const notFound = await rejects(new payroc.PayrocClient(auth.payroc()).getPayment("ZZZZZZZZZZ"));
      ok(notFound instanceof main.RefundError, `a provider error is a RefundError: ${notFound}`);
      ok(notFound instanceof Error, "and an Error");
      ok(!(notFound instanceof main.ValidationError), "but not a ValidationError");
      deepEqual([notFound.name, notFound.code, notFound.httpStatus, notFound.provider, notFound.retryable], ["RefundError", "not_found", 404, "payroc", false]);
      equal(typeof notFound.stack, "string");

      const invalid = throws(() => jpmorgan.Money.parse("10.001", "USD"));
      ok(invalid instanceof main.ValidationError && invalid instanceof main.RefundError && invalid instanceof Error, `${invalid}`);
      deepEqual([invalid.name, invalid.code, invalid.retryable, invalid.issues[0].path], ["ValidationError", "validation", false, "amount"]);

      const made = new main.RefundError("boom", { code: "network", retryable: true, provider: "payroc" });
      deepEqual([made.name, made.message, made.code, made.retryable, made.provider], ["RefundError", "boom", "network", true, "payroc"]);
      const issues = [{ path: "amount", code: "required", message: "is required" }];
      const madeInvalid = new main.ValidationError("bad", { issues });
      ok(madeInvalid instanceof main.RefundError);
      deepEqual([madeInvalid.code, madeInvalid.issues], ["validation", issues]);
    },
  },
  {
    name: "redaction: no card number or secret in results, errors or events",
    async run(ctx) {
      const { main, seed, auth } = ctx;
      const seen = [];
      const onEvent = (e) => seen.push(JSON.stringify(e));
      const keep = (v) => seen.push(v instanceof Error ? JSON.stringify({ ...v, message: v.message, stack: v.stack }) : JSON.stringify(v));
      const card = { cardNumber: PAN, cvv: CVV, expiry: { month: 12, year: NEXT_YEAR }, cardholderName: "Test Holder" };
      const input = {
        channel: "web",
        processingTerminalId: seed.payroc.processingTerminals[0].processingTerminalId,
        order: { orderId: "LEAK-1", amount: main.Money.parse("12.50", "USD"), description: "redaction" },
        refundMethod: { type: "card", card },
      };
      const payroc = new main.PayrocClient({ ...auth.payroc(), onEvent });
      keep(await payroc.unreferencedRefund(input));
      keep(payroc.prepare(new main.PayrocUnreferencedRefund(input)));
      await payroc.unreferencedRefund({ ...input, refundMethod: { type: "card", card: { ...card, cardNumber: PAN.slice(0, -1) + "2" } } }).then(keep, keep);
      await payroc.getPayment("NOTAPAYMNT").then(keep, keep);
      const jpm = new main.JpMorganClient({ ...auth.jpmorgan(), onEvent });
      keep(await jpm.standaloneRefund({ card: { accountNumber: PAN, expiry: { month: 12, year: NEXT_YEAR } }, amount: main.Money.parse("1.00", "USD") }));
      const ch = new main.CommerceHubClient({ ...auth.commercehub(), onEvent });
      keep(await ch.refund({ referenceTransactionId: chCharge(seed).id, amount: main.Money.parse("0.01", "USD") }));

      const text = seen.join("\n");
      ok(text.includes("411111******1111"), "the masked card number is shown");
      const secrets = [PAN, seed.payroc.apiKey, seed.jpmorgan.clientSecret, seed.commercehub.apiSecret, ...auth.issued.tokens];
      for (const secret of secrets) ok(!text.includes(secret), `found a card number or secret: ${secret.slice(0, 4)}…`);
      ok(!/"cvv"\s*:\s*"737"/.test(text), "no CVV");
      const authorization = seen.flatMap((s) => {
        const e = JSON.parse(s);
        return e?.type === "request" && e.request.headers.Authorization ? [e.request.headers.Authorization] : [];
      });
      ok(authorization.length > 0, "requests carried an Authorization header");
      deepEqual([...new Set(authorization)], ["[redacted]"], "Authorization headers");
    },
  },
  {
    name: "the entry sets the secret rule; getAccessToken() and sign() work everywhere",
    async run(ctx) {
      const { main, seed, auth, entry, sb } = ctx;
      const secretOptions = [
        ["PayrocClient", auth.withSecrets.payroc(), seed.payroc.apiKey],
        ["JpMorganClient", auth.withSecrets.jpmorgan(), seed.jpmorgan.clientSecret],
        ["CommerceHubClient", auth.withSecrets.commercehub(), seed.commercehub.apiSecret],
      ];
      for (const [client, options, secret] of secretOptions) {
        if (entry === "server") {
          ok(new main[client](options), `${client} takes its secret on a server`);
        } else {
          const refused = throws(() => new main[client](options), `${client}: a secret must be refused in a browser`);
          ok(refused instanceof main.RefundError, `${refused}`);
          equal(refused.code, "browser_secret");
          ok(!refused.message.includes(secret), "the refusal does not echo the secret");
        }
      }
      const payroc = await new main.PayrocClient(auth.browserSafe.payroc()).refund({
        paymentId: payrocPayment(seed).id,
        amount: main.Money.parse("1.00", "USD"),
        description: "token from the backend",
      });
      const ch = await new main.CommerceHubClient(auth.browserSafe.commercehub()).refund({
        referenceTransactionId: chCharge(seed).id,
        amount: main.Money.parse("1.00", "USD"),
      });
      deepEqual([payroc.status, ch.status], ["succeeded", "succeeded"]);
      notEqual(auth.issued.tokens.length, 0, "getAccessToken() was called");
      equal((await sb.ledger()).length, 2);
    },
  },
];
