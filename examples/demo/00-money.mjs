// Money and validation: everything here happens locally, in the wasm, with no network.
export const title = "Money and validation (no network)";

export default async function money({ refundkit, say }) {
  const { Money, ValidationError, checkCardNumber, maskCardNumber, idempotencyKeyFor, PayrocRefund } = refundkit;

  const amount = Money.parse("40.00", "USD");
  say(`Money.parse("40.00", "USD")`, `${amount.minor} minor units, formats as "${amount.format()}"`);
  say(`Money.fromMinor(1234, "KWD").format()`, Money.fromMinor(1234, "KWD").format());
  say(`Money.fromMinor(500, "JPY").format()`, Money.fromMinor(500, "JPY").format());
  say(`JSON.stringify(amount)`, JSON.stringify(amount));

  for (const [label, attempt] of [
    [`Money.parse("10.001", "USD")`, () => Money.parse("10.001", "USD")],
    [`Money.fromMinor(10.5, "USD")`, () => Money.fromMinor(10.5, "USD")],
    [`Money.fromMinor(Number.MAX_SAFE_INTEGER + 1, "USD")`, () => Money.fromMinor(Number.MAX_SAFE_INTEGER + 1, "USD")],
  ]) {
    try {
      attempt();
      say(label, "accepted (unexpected!)");
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const [issue] = error.issues;
      say(label, `ValidationError at ${issue.path} (${issue.code}): ${issue.message}`);
    }
  }

  const card = "4111111111111112";
  say(`checkCardNumber(<a mistyped Visa test card>)`, checkCardNumber(card).map((i) => `${i.path}: ${i.message}`).join("; "));
  say(`maskCardNumber(<the Visa test card>)`, maskCardNumber("4111111111111111"));
  say(`idempotencyKeyFor("order-1001")`, `${idempotencyKeyFor("order-1001")} (the same on every run)`);

  const draft = new PayrocRefund({ paymentId: "M2MJOG6O2Y" });
  say(`new PayrocRefund({ paymentId }).validate()`, draft.validate().map((i) => `${i.path}: ${i.code}`));
  draft.set("amount", Money.parse("5.00", "USD")).set("description", "damaged in transit");
  say(`...after set("amount").set("description")`, draft.validate().length === 0 ? "no issues, ready to send" : draft.validate());
}
