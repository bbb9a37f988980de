// The package's error classes. Plain JS so that `instanceof` works in every realm the
// package runs in; the wasm binding constructs them (see __setErrorClasses in the loaders).
// This file is the one source: the build writes errors.cjs from it with esbuild.

/** Why a refund call failed: `code` says what went wrong, `retryable` whether to try again. */
export class RefundError extends Error {
  constructor(message, fields = {}) {
    super(message);
    this.name = "RefundError";
    this.code = "provider_error";
    this.retryable = false;
    Object.assign(this, fields);
  }

  /** What a logger or a journal writes: the message too (an Error's is not enumerable).
   *  `syncRefund` accepts the parsed copy. */
  toJSON() {
    return { name: this.name, message: this.message, ...this };
  }
}

/** The input was refused before anything was sent; `issues` names every bad field. */
export class ValidationError extends RefundError {
  constructor(message, fields = {}) {
    super(message, { code: "validation", retryable: false, issues: [], ...fields });
    this.name = "ValidationError";
  }
}
