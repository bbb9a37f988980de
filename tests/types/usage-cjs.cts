// The package's types as a CommonJS TypeScript user meets them (require condition).
import refundkit = require("refundkit");

function usage(): string {
  const amount: refundkit.Money = refundkit.Money.parse("10.00", "USD");
  try {
    refundkit.Money.parse("10.001", "USD");
  } catch (error) {
    if (error instanceof refundkit.ValidationError) return error.issues[0]?.path ?? "";
  }
  return amount.format();
}
export = usage;
