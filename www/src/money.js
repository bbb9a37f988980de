// Amounts on screen, always written by the SDK's exact Money (integer minor units, never a
// float): "$12.50", "¥5,000", "KWD 1.234".
import { Money } from "refundkit";

/** Money for integer minor units, or null for zero (a Money is never zero). */
export function moneyOf(minor, currency) {
  return minor > 0 ? Money.fromMinor(minor, currency) : null;
}

/**
 * As people read it. Zero has no Money of its own (an amount to refund is never zero), so
 * it is written from one minor unit's display with that last digit made 0: "$0.00", "¥0",
 * "KWD 0.000" (what is left after a full refund).
 */
export function display(minor, currency) {
  if (minor > 0) return Money.fromMinor(minor, currency).display();
  return Money.fromMinor(1, currency).display().replace(/1(?=\D*$)/, "0");
}

/** A RefundResult amount view ({ minor, currency, formatted }) as display text. */
export function displayView(view) {
  return view ? display(view.minor, view.currency) : "";
}

/** The decimal text a person types for an amount ("49.99", "5000", "1.234"). */
export function decimalText(minor, currency) {
  if (minor > 0) return Money.fromMinor(minor, currency).format();
  const digits = Money.exponentOf(currency);
  return digits === 0 ? "0" : "0." + "0".repeat(digits);
}

/** Exact parse of typed text, or null when the SDK refuses it (the form shows why). */
export function tryParse(text, currency) {
  try {
    return Money.parse(text, currency);
  } catch {
    return null;
  }
}
