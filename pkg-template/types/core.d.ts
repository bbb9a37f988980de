// Types shared by every provider: money, results, errors, options, events.

/** ISO 4217 currency code, such as "USD", "JPY", "KWD". */
export type CurrencyCode = string;

/** An exact amount: integer minor units and an ISO 4217 currency (exponent 0, 2, 3 or 4). */
export declare class Money {
  private constructor();
  /** Decimal text in major units, parsed exactly: ("40.00", "USD") is 4000. Throws ValidationError, never rounds. */
  static parse(text: string, currency: CurrencyCode): Money;
  /** From integer minor units: a safe positive integer number, or a bigint. Throws ValidationError otherwise. */
  static fromMinor(minor: number | bigint, currency: CurrencyCode): Money;
  /** Digits after the decimal point: JPY 0, USD 2, KWD 3, CLF 4. */
  static exponentOf(currency: CurrencyCode): number;
  readonly minor: number;
  readonly currency: CurrencyCode;
  readonly exponent: number;
  /** Decimal text in major units, written from the integer: 1234 KWD is "1.234". */
  format(): string;
  toString(): string;
  toJSON(): { minor: number; currency: CurrencyCode };
  equals(other: Money): boolean;
  /** Frees the wasm memory now instead of when the garbage collector gets to it. */
  free(): void;
}

/** Anywhere an amount is taken: a Money, minor units, or exact decimal text. */
export type MoneyInput =
  | Money
  | { minor: number; currency: CurrencyCode }
  | { value: string; currency: CurrencyCode };

/** An amount as results report it. */
export interface AmountView {
  minor: number;
  currency: CurrencyCode;
  /** Decimal text in major units, e.g. "12.34". */
  formatted: string;
}

export type ProviderName = "payroc" | "jpmorgan" | "commercehub";

/** Where a refund stands, normalized across providers (docs/STATUS.md maps each provider's states). */
export type RefundStatus = "succeeded" | "pending" | "declined" | "failed" | "canceled";

/** The one shape every refund call returns, whatever the provider. */
export interface RefundResult {
  provider: ProviderName;
  status: RefundStatus;
  refundId: string | null;
  amount: AmountView | null;
  remainingRefundable?: AmountView;
  approvalCode?: string;
  /** The provider's own status words, e.g. "complete" or "SUCCESS/CLOSED". */
  providerStatus: string;
  idempotencyKey: string | null;
  /** The provider's response body as it came. */
  raw: unknown;
}

export type ErrorCode =
  | "validation"
  | "authentication"
  | "idempotency_conflict"
  | "not_found"
  | "rate_limited"
  | "provider_error"
  | "network"
  | "timeout"
  | "aborted"
  | "invalid_response"
  | "browser_secret"
  | "configuration";

export type IssueCode =
  | "required"
  | "invalid_type"
  | "too_short"
  | "too_long"
  | "invalid_format"
  | "invalid_enum"
  | "invalid_amount"
  | "invalid_currency"
  | "not_an_integer"
  | "not_positive"
  | "too_large"
  | "too_many_decimals"
  | "invalid_card_number"
  | "card_expired"
  | "invalid_expiry"
  | "conflict"
  | "exceeds_remaining"
  | "unknown";

/** One problem with one field. `path` is dotted, as you named it: "amount", "card.expiry.month". */
export interface ValidationIssue {
  path: string;
  code: IssueCode | (string & {});
  message: string;
}

export interface RefundErrorFields {
  code?: ErrorCode;
  retryable?: boolean;
  httpStatus?: number;
  provider?: ProviderName;
  idempotencyKey?: string;
  details?: unknown;
  issues?: ValidationIssue[];
}

/** Why a call failed. `retryable`: sending the same request again (same idempotency key) may succeed. */
export declare class RefundError extends Error {
  constructor(message: string, fields?: RefundErrorFields);
  name: "RefundError" | "ValidationError";
  code: ErrorCode;
  retryable: boolean;
  httpStatus?: number;
  provider?: ProviderName;
  idempotencyKey?: string;
  /** The provider's own error body, parsed from its format (RFC 7807, validationErrors, error[]). */
  details?: unknown;
}

/** The input was refused before any byte went on the network. */
export declare class ValidationError extends RefundError {
  constructor(message: string, fields?: RefundErrorFields);
  name: "ValidationError";
  code: "validation";
  issues: ValidationIssue[];
}

/** The last argument of every call. */
export interface CallOptions {
  /** Your own key, for refunds driven by webhooks or queues; the same key is safe to re-run. */
  idempotencyKey?: string;
  /** Cancels the call, retries and waits included. */
  signal?: AbortSignal;
  /** Per attempt; overrides the client's. */
  timeoutMs?: number;
}

/** Options every client takes. */
export interface ClientBaseOptions {
  maxRetries?: number;
  timeoutMs?: number;
  /** Defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  onEvent?: (event: RefundEvent) => void;
  /** A short-lived access token from your backend: the browser-safe way to authenticate. */
  accessToken?: string;
  /** Asked for a token whenever one is needed; your backend answers it. */
  getAccessToken?: () => Promise<string | { accessToken: string; expiresIn?: number }>;
  /** Allows a secret in a browser page. Only for local tools that never ship to users. */
  dangerouslyAllowBrowser?: boolean;
}

/** An HTTP request as it would go on the wire, with secrets redacted. */
export interface PreparedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface RequestEvent {
  type: "request";
  provider: ProviderName;
  attempt: number;
  idempotencyKey: string | null;
  request: PreparedRequest;
}

export interface ResponseEvent {
  type: "response";
  provider: ProviderName;
  attempt: number;
  status: number;
  elapsedMs: number;
  idempotencyKey: string | null;
  body: unknown;
}

export interface RetryEvent {
  type: "retry";
  provider: ProviderName;
  retry: number;
  delayMs: number;
  reason: "network" | "timeout" | "request_timeout" | "rate_limited" | "server_error";
  error?: string | null;
  idempotencyKey: string | null;
}

export interface TokenEvent {
  type: "token";
  provider: ProviderName;
  source: string;
  expiresIn: number | null;
}

/** What `onEvent` receives, redacted: every attempt, every retry, every new token. */
export type RefundEvent = RequestEvent | ResponseEvent | RetryEvent | TokenEvent;

/** A list page: `next` is the input of the following page, null on the last. */
export interface Page<T, I = unknown> {
  data: T[];
  next: I | null;
}

/** `client.paginate(method, input, opts)`: every item of every page, fetched as you iterate. */
export interface Paginating {
  paginate<T = unknown>(method: string, input?: unknown, opts?: CallOptions): AsyncGenerator<T, void, undefined>;
}

/** A stable idempotency key from your own reference (an order id, a webhook event id). */
export declare function idempotencyKeyFor(reference: string, namespace?: string): string;
/** First 6 and last 4 digits, the rest as "*". */
export declare function maskCardNumber(text: string): string;
/** The issues with a card number (digits, length 12–19, Luhn); empty when it is fine. */
export declare function checkCardNumber(text: string): ValidationIssue[];

/** Resolves once the wasm is loaded. With the default entry it already has been. */
export declare const ready: Promise<void>;
/**
 * Loads the wasm if it is not loaded yet and resolves when it is; later calls return the
 * same promise. `refundkit/web` users may pass where the .wasm is (URL, Response, bytes).
 */
export declare function initAsync(wasm?: URL | string | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
