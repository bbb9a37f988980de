// The package as a Node CommonJS user gets it: `require("refundkit")` through its exports.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { Money, RefundError, ValidationError, checkCardNumber, maskCardNumber } = require("refundkit");

function validationErrorFrom(fn) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${error}`);
    return error;
  }
  assert.fail("expected a ValidationError, nothing was thrown");
}

test("require() resolves to the Node CommonJS entry", () => {
  assert.equal(require.resolve("refundkit"), require.resolve("refundkit/package.json").replace(/package\.json$/, "index-node.cjs"));
});

test("decimal text parses exactly into minor units", () => {
  assert.equal(Money.parse("40.00", "USD").minor, 4000);
});

test("more decimals than the currency has is a ValidationError naming the field", () => {
  const error = validationErrorFrom(() => Money.parse("10.001", "USD"));
  assert.ok(error instanceof RefundError);
  assert.equal(error.name, "ValidationError");
  assert.equal(error.issues[0].path, "amount");
});

test("amounts format from the integer with the currency's exponent", () => {
  assert.equal(Money.fromMinor(1234, "KWD").format(), "1.234");
  assert.equal(Money.fromMinor(500, "JPY").format(), "500");
});

test("a JS number that is not a safe positive integer never becomes an amount", () => {
  for (const bad of [10.5, NaN, -1, 0, Number.MAX_SAFE_INTEGER + 1]) {
    assert.equal(validationErrorFrom(() => Money.fromMinor(bad, "USD")).issues[0].path, "minor", `for ${bad}`);
  }
});

test("card numbers: Luhn and length are checked, masks show first 6 and last 4", () => {
  assert.deepEqual(checkCardNumber("4111111111111111"), []);
  assert.equal(checkCardNumber("4111111111111112").length, 1);
  assert.equal(checkCardNumber("411111111").length, 1);
  assert.equal(maskCardNumber("5555555555554444"), "555555******4444");
});

test("ESM import() gives the same classes as require()", async () => {
  const esm = await import("refundkit");
  assert.equal(esm.Money, Money);
  assert.equal(esm.ValidationError, ValidationError);
});
