// One idempotency key per refund the user means to make. The same fields after a failed
// send keep their key (resending is then safe: the provider replays its saved answer);
// any change, or a success, starts a new one.

/** A UUID v4 (crypto.getRandomValues works on plain http origins too, randomUUID does not). */
export function newIdempotencyKey() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class IdempotencyKeys {
  #key = null;
  #fields = null;

  /** The key for these fields (their JSON text). */
  keyFor(fieldsJson) {
    if (this.#key === null || fieldsJson !== this.#fields) {
      this.#key = newIdempotencyKey();
      this.#fields = fieldsJson;
    }
    return this.#key;
  }

  /** After a success the next refund, even with the same fields, is a new refund. */
  succeeded() {
    this.#key = null;
    this.#fields = null;
  }
}
