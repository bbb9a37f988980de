// The same checks for every browser home: what the package computes, as plain data the
// test compares. Imported by the plain page and bundled into the Vite app.
export async function moneyChecks(refundkit) {
  const { Money, ValidationError, RefundError, checkCardNumber, maskCardNumber, initAsync, ready } = refundkit;
  await ready;
  await initAsync();
  const rejected = (fn) => {
    try {
      fn();
      return { thrown: false };
    } catch (e) {
      return { thrown: true, validation: e instanceof ValidationError, refund: e instanceof RefundError, name: e.name, path: e.issues?.[0]?.path };
    }
  };
  return {
    parsed: Money.parse("40.00", "USD").minor,
    tooPrecise: rejected(() => Money.parse("10.001", "USD")),
    kwd: Money.fromMinor(1234, "KWD").format(),
    jpy: Money.fromMinor(500, "JPY").format(),
    badNumbers: [10.5, NaN, -1, 0, Number.MAX_SAFE_INTEGER + 1].map((n) => rejected(() => Money.fromMinor(n, "USD"))),
    luhn: checkCardNumber("4111111111111112").map((i) => i.path),
    goodCard: checkCardNumber("4111111111111111").length,
    masked: maskCardNumber("4111111111111111"),
    paginate: typeof refundkit.PayrocClient.prototype.paginate,
  };
}
