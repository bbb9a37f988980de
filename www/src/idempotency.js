// One idempotency key per refund the user means to make: made when a refund form opens, used
// by the preview and by the send, and kept by the refund (intents.js) until its outcome is
// known. A new key only comes with a new form.

/** A UUID v4 (crypto.getRandomValues works on plain http origins too, randomUUID does not). */
export function newIdempotencyKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
