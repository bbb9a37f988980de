// One vocabulary of statuses on every screen, with the provider's own word beside it.
// Results from the SDK already carry both (`status`, `providerStatus`). The payment views
// list refunds in the provider's words only (Payroc `refunds[].status`, J.P. Morgan
// `paymentRequest.refunds[].transactionStatusCode`), so those words are mapped here the way
// the SDK maps them (docs/PAYROC.md, docs/JPMORGAN.md status tables).

/** Our words, and how each reads to a person. `unknown`: the console cannot tell yet. */
export const STATUS_TEXT = {
  succeeded: "Succeeded",
  pending: "Pending",
  unknown: "Unknown",
  declined: "Declined",
  failed: "Failed",
  canceled: "Canceled",
  sending: "Sending",
};

const PAYROC = {
  ready: "succeeded", complete: "succeeded", reversal: "succeeded",
  pending: "pending", accepted: "pending", admin: "pending",
  declined: "declined", referral: "declined", pickup: "declined",
  expired: "failed", returned: "failed",
};

const JPMORGAN = {
  AUTHORIZED: "succeeded", CLOSED: "succeeded", COMPLETED: "succeeded",
  PENDING: "pending", DECLINED: "declined", DENIED: "declined", VOIDED: "canceled", ERROR: "failed",
};

/** A provider's word for a refund → our word (a word we do not know is `pending`: it may still move money). */
export function statusOf(provider, word) {
  const table = provider === "payroc" ? PAYROC : provider === "jpmorgan" ? JPMORGAN : null;
  if (!table) return word;
  return table[word] ?? "pending";
}

/** `<span class="status status-succeeded">Succeeded</span> <span class="provider-word">ready</span>` parts. */
export function statusParts(status, providerWord) {
  return { text: STATUS_TEXT[status] ?? status, word: providerWord && providerWord !== status ? providerWord : "" };
}

export const PROVIDER_NAMES = { payroc: "Payroc", jpmorgan: "J.P. Morgan", commercehub: "Commerce Hub" };
