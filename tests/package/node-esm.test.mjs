// The package as a Node ESM user gets it: `import ... from "refundkit"` through its exports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as refundkit from "refundkit";
import { Money, RefundError, ValidationError, checkCardNumber, maskCardNumber, idempotencyKeyFor, ready } from "refundkit";

const require = createRequire(import.meta.url);

/** Runs `fn`, expects a ValidationError, and returns it. */
function validationErrorFrom(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
    return error;
  }
  assert.fail("expected a ValidationError, nothing was thrown");
}

test("decimal text parses exactly into minor units", () => {
  const m = Money.parse("40.00", "USD");
  assert.equal(m.minor, 4000);
  assert.equal(m.currency, "USD");
  assert.equal(m.exponent, 2);
  assert.deepEqual(m.toJSON(), { minor: 4000, currency: "USD" });
  assert.deepEqual(JSON.parse(JSON.stringify({ amount: m })), { amount: { minor: 4000, currency: "USD" } });
  assert.ok(m.equals(Money.fromMinor(4000, "USD")));
});

test("more decimals than the currency has is a ValidationError, never a rounding", () => {
  const error = validationErrorFrom(() => Money.parse("10.001", "USD"));
  assert.ok(error instanceof RefundError);
  assert.ok(error instanceof Error);
  assert.equal(error.name, "ValidationError");
  assert.equal(error.code, "validation");
  assert.equal(error.retryable, false);
  assert.equal(error.issues[0].path, "amount");
  assert.equal(typeof error.issues[0].code, "string");
  assert.match(error.stack, /ValidationError/);
});

test("amounts format from the integer with the currency's exponent", () => {
  assert.equal(Money.fromMinor(1234, "KWD").format(), "1.234");
  assert.equal(Money.fromMinor(500, "JPY").format(), "500");
  assert.equal(Money.fromMinor(1234, "USD").format(), "12.34");
  assert.equal(Money.fromMinor(12345, "CLF").format(), "1.2345");
  assert.deepEqual(["JPY", "USD", "KWD", "CLF"].map((c) => Money.exponentOf(c)), [0, 2, 3, 4]);
  assert.equal(Money.fromMinor(10n, "USD").minor, 10);
});

test("a JS number that is not a safe positive integer never becomes an amount", () => {
  for (const bad of [10.5, NaN, Infinity, -1, 0, Number.MAX_SAFE_INTEGER + 1, 2 ** 64]) {
    const error = validationErrorFrom(() => Money.fromMinor(bad, "USD"));
    assert.equal(error.issues[0].path, "minor", `for ${bad}`);
  }
  assert.equal(Money.fromMinor(Number.MAX_SAFE_INTEGER, "USD").minor, Number.MAX_SAFE_INTEGER);
});

test("an unknown currency is a ValidationError naming the currency", () => {
  const error = validationErrorFrom(() => Money.parse("1.00", "XXQ"));
  assert.equal(error.issues[0].path, "currency");
});

test("card numbers are checked for digits, length and Luhn", () => {
  assert.deepEqual(checkCardNumber("4111111111111111"), []);
  assert.equal(checkCardNumber("4111111111111112")[0].path, "cardNumber"); // Luhn
  assert.equal(checkCardNumber("41111111111")[0].path, "cardNumber"); // 11 digits
  assert.equal(checkCardNumber("41111111111111111111").length, 1); // 20 digits
  assert.equal(checkCardNumber("4111-1111-1111-111x").length, 1);
});

test("a masked card number shows only the first 6 and the last 4 digits", () => {
  const masked = maskCardNumber("4111111111111111");
  assert.equal(masked, "411111******1111");
  assert.ok(!masked.includes("4111111111111111"));
});

test("the same reference always gives the same idempotency key", () => {
  assert.equal(idempotencyKeyFor("order-1"), idempotencyKeyFor("order-1"));
  assert.notEqual(idempotencyKeyFor("order-1"), idempotencyKeyFor("order-2"));
  assert.notEqual(idempotencyKeyFor("order-1", "a"), idempotencyKeyFor("order-1", "b"));
});

test("ESM and CommonJS share one instance and one set of classes", () => {
  const cjs = require("refundkit");
  for (const name of ["Money", "RefundError", "ValidationError", "PayrocClient", "JpMorganClient", "CommerceHubClient"]) {
    assert.equal(refundkit[name], cjs[name], name);
  }
  assert.deepEqual(Object.keys(refundkit).sort(), Object.keys(cjs).sort());
  const error = validationErrorFrom(() => cjs.Money.parse("1.001", "USD"));
  assert.ok(error instanceof ValidationError);
});

test("the package is ready at once; initAsync and ready resolve", async () => {
  await ready;
  await refundkit.initAsync();
});

test("Payroc, the provider with lists, can paginate; every builder's set() chains", () => {
  assert.equal(typeof refundkit.PayrocClient.prototype.paginate, "function");
  for (const name of ["JpMorganClient", "CommerceHubClient"]) {
    assert.equal(refundkit[name].prototype.paginate, undefined, name);
  }
  const builder = new refundkit.PayrocRefund({});
  assert.equal(builder.set("description", "chained"), builder);
});

test("paginate() walks page.next until it is null, and only over a list method", async () => {
  const pages = { a: { data: [1, 2], next: "b" }, b: { data: [3], next: null } };
  const fake = { listPayments: async (input) => pages[input], paginate: refundkit.PayrocClient.prototype.paginate };
  const items = [];
  for await (const item of fake.paginate("listPayments", "a")) items.push(item);
  assert.deepEqual(items, [1, 2, 3]);
  await assert.rejects(fake.paginate("getPayment", "a").next(), TypeError);
});

test("the error classes can be made by callers too", () => {
  const e = new RefundError("boom", { code: "network", retryable: true, provider: "payroc" });
  assert.equal(e.name, "RefundError");
  assert.equal(e.code, "network");
  assert.equal(e.retryable, true);
  const v = new ValidationError("bad", { issues: [{ path: "amount", code: "required", message: "is required" }] });
  assert.equal(v.code, "validation");
  assert.ok(v instanceof RefundError);
});
