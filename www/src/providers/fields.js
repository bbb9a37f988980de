// Form pieces every provider's forms share.

/** "Refund what is left" or "Refund part of it". */
export const modeField = {
  name: "mode", label: "How much", type: "radio", value: "partial",
  options: [["partial", "Part of it"], ["full", "Everything that is left"]],
};

/** A decimal amount in `currency`, shown when partial. */
export function amountField(currency, paths = ["amount"]) {
  return {
    name: "amount", label: `Amount (${currency})`, inputmode: "decimal", paths,
    hint: `Decimal text in ${currency}, e.g. ${example(currency)}. Parsed exactly by the SDK: never rounded.`,
    showWhen: (v) => v.mode !== "full",
  };
}

export const currencies = ["USD", "EUR", "GBP", "JPY", "KWD"];

export function currencyField(value = "USD") {
  return { name: "currency", label: "Currency", type: "select", value, options: currencies.map((c) => [c, c]) };
}

/** `{ value, currency }`: how a builder takes decimal text (the SDK parses it exactly). */
export function money(text, currency) {
  return text === "" ? { value: "", currency } : { value: text, currency };
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
    { name: "cardNumber", label: "Card number", inputmode: "numeric", autocomplete: "off", paths: [numberPath],
      hint: "Digits only; the SDK checks length and Luhn and never shows it whole." },
    { name: "expiryMonth", label: "Expiry month", inputmode: "numeric", value: "12", paths: [`${expiryPath}.month`, expiryPath] },
    { name: "expiryYear", label: "Expiry year", inputmode: "numeric", value: String(year), paths: [`${expiryPath}.year`] },
  ];
}

/** `{ month, year }` as numbers when they are numbers, else the text (the SDK says why). */
export function expiry(values) {
  const num = (t) => (/^\d+$/.test(t) ? Number(t) : t);
  return { month: num(values.expiryMonth), year: num(values.expiryYear) };
}
