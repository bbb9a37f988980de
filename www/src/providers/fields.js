// Form pieces the providers' forms share, and the reason list every refund carries.

export const REASONS = [
  ["duplicate", "Duplicate"],
  ["fraudulent", "Fraudulent"],
  ["requested_by_customer", "Requested by customer"],
  ["other", "Other"],
];

export const reasonLabel = (value) => REASONS.find(([v]) => v === value)?.[1] ?? "";

/** The text a provider's free-text reason field gets: "Requested by customer: wrong size". */
export function reasonText(reason, note) {
  return [reasonLabel(reason), note].filter(Boolean).join(": ");
}

export const currencies = ["USD", "EUR", "GBP", "JPY", "KWD"];

export function currencyField(value = "USD") {
  return { name: "currency", label: "Currency", type: "select", value, options: currencies.map((c) => [c, c]) };
}

/** `{ value, currency }`: how a builder takes decimal text (the SDK parses it exactly). */
export function money(text, currency) {
  return { value: text, currency };
}

export function example(currency) {
  return { JPY: "1500", KWD: "1.250" }[currency] ?? "10.00";
}

/** A short order id for forms that need one (Payroc: at most 24 characters). */
export function orderId(prefix) {
  return `${prefix}${Date.now().toString(36).toUpperCase()}`;
}

/** Card fields for unreferenced / standalone refunds, with the builder's issue paths. */
export function cardFields(numberPath, expiryPath) {
  const year = new Date().getFullYear() + 2;
  return [
    { name: "cardNumber", label: "Card number", inputmode: "numeric", autocomplete: "off", paths: [numberPath], secret: true,
      hint: "Spaces and dashes are fine. The SDK checks length and Luhn and never shows the number whole." },
    { name: "expiryMonth", label: "Expiry month", inputmode: "numeric", value: "12", paths: [`${expiryPath}.month`, expiryPath] },
    { name: "expiryYear", label: "Expiry year", inputmode: "numeric", value: String(year), paths: [`${expiryPath}.year`] },
  ];
}

/** `{ month, year }` as numbers when they are numbers, else the text (the SDK says why). */
export function expiry(values) {
  const num = (t) => (/^\d+$/.test(t) ? Number(t) : t);
  return { month: num(values.expiryMonth), year: num(values.expiryYear) };
}
