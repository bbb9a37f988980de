// Amounts on screen. The decimal text comes from the SDK's exact Money (integer minor
// units, never float arithmetic); Intl only adds the currency sign and digit grouping,
// and it is given that text as a string so it cannot round (JPY 0, USD 2, KWD 3 decimals).
import { Money } from "refundkit";

/** Decimal text in major units for integer minor units: 4999 USD → "49.99", 0 KWD → "0.000". */
export function decimalText(minor, currency) {
  if (minor === 0) {
    const digits = Money.exponentOf(currency);
    return digits === 0 ? "0" : "0." + "0".repeat(digits);
  }
  const money = Money.fromMinor(minor, currency);
  try {
    return money.format();
  } finally {
    money.free?.();
  }
}

/** "$49.99", "¥5,000", "KWD 12.345" (zero included: what is left after a full refund). */
export function formatAmount(minor, currency) {
  const text = decimalText(minor, currency);
  const digits = Money.exponentOf(currency);
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
    }).format(text);
  } catch {
    return `${currency} ${text}`;
  }
}

/** A RefundResult amount view ({ minor, currency, formatted }) as display text. */
export function formatView(view) {
  return view ? formatAmount(view.minor, view.currency) : "";
}
