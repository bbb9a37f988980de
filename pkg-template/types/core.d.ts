// Types every entry point shares: Money, results, errors, options, events, helpers.
// Hand-written around the shapes ts-rs generates from the Rust core (./generated/), which
// are re-exported as they are. tests/node/types-match.test.mjs checks each client's method
// names against the core's operation table.
import type { AmountView } from "./generated/AmountView.js";
import type { ErrorCode } from "./generated/ErrorCode.js";
import type { IssueCode } from "./generated/IssueCode.js";
import type { Lookup } from "./generated/Lookup.js";
import type { ProviderName } from "./generated/ProviderName.js";
import type { RefundErrorFields } from "./generated/RefundErrorFields.js";
import type { RefundKind } from "./generated/RefundKind.js";
import type { RefundResult } from "./generated/RefundResult.js";
import type { RefundStatus } from "./generated/RefundStatus.js";
import type { ValidationIssue } from "./generated/ValidationIssue.js";

export type {
  AmountView,
  ErrorCode,
  IssueCode,
  Lookup,
  ProviderName,
  RefundErrorFields,
  RefundKind,
  RefundResult,
  RefundStatus,
  ValidationIssue,
};

/** ISO 4217 currency code, such as "USD", "JPY", "KWD". */
export type CurrencyCode = string;

// ------------------------------------------------------------------ money

/** An exact amount: integer minor units and an ISO 4217 currency (exponent 0, 2, 3 or 4). */
export declare class Money {
  private constructor();
  /** Decimal text in major units, parsed exactly: ("40.00", "USD") is 4000. Throws ValidationError, never rounds. */
  static parse(text: string, currency: CurrencyCode): Money;
  /** From integer minor units: a safe positive integer number, or a bigint. Throws ValidationError otherwise. */
  static fromMinor(minor: number | bigint, currency: CurrencyCode): Money;
  /** Digits after the decimal point: JPY 0, USD 2, KWD 3, CLF 4. Throws ValidationError for an unknown code. */
  static exponentOf(currency: CurrencyCode): number;
  readonly minor: number;
  readonly currency: CurrencyCode;
  readonly exponent: number;
  /** Decimal text in major units, written from the integer: 1234 KWD is "1.234". */
  format(): string;
  /** As people read it: "$1,234.50", "¥5,000", "KWD 1.234". */
  display(): string;
  /** "12.50 USD". */
  toString(): string;
  /** `{ minor, currency }`: how a Money travels in requests and JSON.stringify. */
  toJSON(): { minor: number; currency: CurrencyCode };
  /** Same minor units and currency (false for anything that is not a Money). */
  equals(other: unknown): boolean;
  /** Does nothing (nothing to free); kept for code written for refundkit 0.1. */
  free(): void;
}

/**
 * Anywhere an amount is taken: a Money, whole minor units, or exact decimal text, always
 * with its currency. A number with a fraction, NaN, zero or a negative is a ValidationError.
 */
export type MoneyInput =
  | Money
  | { minor: number; currency: CurrencyCode }
  | { value: string; currency: CurrencyCode };

// ------------------------------------------------------------------ errors

/** Why a call failed: `code` says what went wrong, `retryable` whether the same request (same idempotency key) may succeed. */
export declare class RefundError extends Error implements RefundErrorFields {
  constructor(message: string, fields?: Partial<RefundErrorFields>);
  name: "RefundError" | "ValidationError";
  code: ErrorCode;
  retryable: boolean;
  httpStatus?: number;
  provider?: ProviderName;
  idempotencyKey?: string;
  /** Set when `Retry-After` asked for more than the client waits: the call gave up instead. */
  retryAfterMs?: number;
  /** The provider's own error body, parsed and redacted. */
  details?: unknown;
  /** With `code: "outcome_unknown"` (and the "nothing was made" answer of syncRefund): what `syncRefund(error)` uses. */
  lookup?: Lookup;
  issues?: ValidationIssue[];
}

/** The input was refused before anything was sent; `issues` names every bad field. */
export declare class ValidationError extends RefundError {
  constructor(message: string, fields?: Partial<RefundErrorFields>);
  name: "ValidationError";
  code: "validation";
  retryable: false;
  issues: ValidationIssue[];
}

// ------------------------------------------------------------------ options

/** The last argument of every client method. Unknown keys are a ValidationError. */
export interface CallOptions {
  /** Your own key (1–128 visible ASCII characters), for refunds driven by webhooks or queues; the same key is safe to re-run. */
  idempotencyKey?: string;
  /** Cancels the call: retries, waits and token requests included. */
  signal?: AbortSignal;
  /** Per attempt, in ms (1 to 2147483647); overrides the client's. */
  timeoutMs?: number;
  /** For the whole call across every attempt and wait, in ms; overrides the client's. */
  deadlineMs?: number;
}

/** `waitForFinal`'s options. */
export interface WaitForFinalOptions<R extends RefundResult = RefundResult> extends CallOptions {
  /** Waits in ms before each look (1 to 100 of them, each 0 to 2147483647). Default: 60 s, then 300 s five times. */
  schedule?: number[];
  /** Called with every result read on the way. */
  onStatus?: (result: R) => void;
}

/** What `syncRefund` and `waitForFinal` take: a result, or a RefundError a refund call threw (or either as stored as JSON). */
export type RefundOutcome = RefundResult | RefundError | StoredOutcome;

/** A result or an error as stored (in a journal, a database): only these keys are accepted. */
export interface StoredOutcome {
  provider: ProviderName;
  kind?: RefundKind;
  status?: RefundStatus;
  refundId?: string | null;
  amount?: AmountView | null;
  remainingRefundable?: AmountView;
  approvalCode?: string;
  providerStatus?: string;
  idempotencyKey?: string | null;
  lookup?: Lookup;
  raw?: unknown;
  code?: ErrorCode;
  message?: string;
  retryable?: boolean;
  httpStatus?: number;
  retryAfterMs?: number;
  details?: unknown;
  issues?: ValidationIssue[];
  name?: string;
}

/** What `getAccessToken()` may answer (or resolve to): a token, or a token with its lifetime in seconds. */
export type AccessTokenAnswer = string | { accessToken: string; expiresIn?: number };

/** Options every client takes. Unknown keys are a ValidationError. */
export interface ClientBaseOptions {
  /** Retries after the first attempt (0–10, default 2). */
  maxRetries?: number;
  /** Per attempt, in ms (1 to 2147483647, default 30000). Also bounds getAccessToken() and sign(). */
  timeoutMs?: number;
  /** For a whole call across every attempt and wait, in ms (no default). */
  deadlineMs?: number;
  /** Defaults to globalThis.fetch. */
  fetch?: typeof fetch;
  /** Every request, response, retry and new token, redacted. A listener that throws is ignored. */
  onEvent?: (event: RefundEvent) => void;
  /** Allows a long-lived secret in a browser page. Only for local tools that never ship to users. */
  dangerouslyAllowBrowser?: boolean;
}

// ------------------------------------------------------------------ requests and events

/** An HTTP request as it would go on the wire, secrets redacted and card numbers masked. */
export interface PreparedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Absent for a GET. */
  body?: unknown;
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
  /** The body, redacted. */
  body: unknown;
}

export interface RetryEvent {
  type: "retry";
  provider: ProviderName;
  retry: number;
  delayMs: number;
  reason: "network" | "timeout" | "request_timeout" | "rate_limited" | "server_error";
  error?: string;
  idempotencyKey: string | null;
}

export interface TokenEvent {
  type: "token";
  provider: ProviderName;
  /** "provider": the token endpoint; "getAccessToken": the caller's callback. */
  source: "provider" | "getAccessToken";
  /** Seconds, when known. */
  expiresIn: number | null;
}

/** What `onEvent` receives. */
export type RefundEvent = RequestEvent | ResponseEvent | RetryEvent | TokenEvent;

// ------------------------------------------------------------------ builders

/**
 * What every builder has: a request a dashboard fills field by field; nothing is checked
 * until `validate()`, `build()`, `client.prepare()` or `client.send()`.
 */
export interface RefundBuilder<Fields, Kind extends string> {
  readonly kind: Kind;
  /** Sets one field; `null` or `undefined` clears it. Chainable. */
  set<K extends keyof Fields>(field: K, value: Fields[K] | null | undefined): this;
  /** Every issue with the fields as they are now, without throwing and without any network. */
  validate(): ValidationIssue[];
  /** A copy of the fields as JSON (a Money becomes `{ minor, currency }`), or a thrown ValidationError. */
  build(): Fields;
  /** `{ kind, ...fields }` with card numbers masked: what loggers see. */
  toJSON(): { kind: Kind } & Record<string, unknown>;
  toString(): string;
}

// ------------------------------------------------------------------ bulk (issue 15: still moving)

/** `refundMany`'s figures so far (what onProgress receives). Its exact fields are still settling (docs/BULK.md). */
export interface BulkProgress {
  total: number;
  done: number;
  succeeded: number;
  pending: number;
  declined: number;
  failed: number;
  canceled: number;
  /** Rows whose outcome cannot be known yet: the next run looks them up. */
  unknown: number;
  skipped: number;
  planned: number;
  /** What moved (succeeded or pending) per currency. */
  amount: Record<CurrencyCode, unknown>;
  concurrency: number;
  elapsedMs: number;
  [field: string]: unknown;
}

/** What awaiting a `refundMany` run answers. Still settling (docs/BULK.md). */
export interface BulkSummary extends BulkProgress {
  batchId: string;
  dryRun: boolean;
  stoppedBy: string | null;
}

/** One row's outcome from `refundMany`. Its exact fields are still settling (docs/BULK.md). */
export interface BulkRowOutcome<R extends RefundResult = RefundResult> {
  rowId: string;
  /** The CSV line (`format: "csv"`). */
  line?: number;
  idempotencyKey?: string;
  status: RefundStatus | "unknown" | "skipped" | "planned" | (string & {});
  refundId?: string | null;
  amount?: AmountView | null;
  attempts?: number;
  result?: R;
  error?: RefundError;
  issues?: ValidationIssue[];
  [field: string]: unknown;
}

/** A `refundMany` run: iterate it for each row's outcome as it ends, await it for the summary (iterate first to do both). */
export interface BulkRun<R extends RefundResult = RefundResult> extends AsyncIterable<BulkRowOutcome<R>>, PromiseLike<BulkSummary> {
  /** Takes no new rows; rows in flight end as they would. */
  stop(): void;
  /** The latest figures, or null before the first row ends. */
  readonly progress: BulkProgress | null;
  catch<T = never>(onRejected?: ((reason: unknown) => T | PromiseLike<T>) | null): Promise<BulkSummary | T>;
  finally(onFinally?: (() => void) | null): Promise<BulkSummary>;
}

/** A CSV record as the CLI reads it (`format: "csv"`): column → text. */
export interface BulkCsvRecord {
  line: number;
  record: Record<string, string>;
}

/** `refundMany`'s options. Unknown keys are a ValidationError. */
export interface RefundManyOptions<R extends RefundResult = RefundResult> {
  /** Required: every row's idempotency key derives from it and the row id, so a re-run sends the same keys. */
  batchId: string;
  /** Rows in flight at once (1–256, default 4). */
  concurrency?: number;
  /** Validate and prepare every row, send nothing. */
  dryRun?: boolean;
  /** Stop before the batch exceeds this, one cap per currency: a Money, a list, or `{ USD: "1000.00" }`. */
  maxTotal?: MoneyInput | MoneyInput[] | Record<CurrencyCode, string | MoneyInput>;
  /** Stop after this many rows. */
  maxRows?: number;
  /** A journal from refundkit/journal (openJournal); resuming needs the same journal. */
  journal?: object;
  onProgress?: (progress: BulkProgress) => void;
  signal?: AbortSignal;
  /** "rows" (default): refund inputs with a `rowId`; "csv": `{ line, record }` CSV records. */
  format?: "rows" | "csv";
}

/** A list or stream of rows for `refundMany`. */
export type BulkRows<T> = Iterable<T> | AsyncIterable<T>;

// ------------------------------------------------------------------ helpers

/** A stable idempotency key from your own reference (an order id, a webhook event id, a batch and row). */
export declare function idempotencyKeyFor(reference: string, namespace?: string): string;
/** First 6 and last 4 digits of every card number in the text, the rest as "*". */
export declare function maskCardNumber(text: string): string;
/** The issues with a card number (digits, length 12–19, Luhn); empty when it is fine. */
export declare function checkCardNumber(text: string): ValidationIssue[];

// ------------------------------------------------------------------ loading

/** Resolves once the wasm is loaded. Entries that load it on import (Node, bundlers, workerd) resolve at once; `/web` in a browser once initAsync() has loaded it. Never rejects. */
export declare const ready: Promise<void>;
/**
 * Loads the wasm if it is not loaded yet (browser `/web` entries: call it before first use);
 * later calls return the same promise. Where the .wasm is (a URL, a Response, bytes or a
 * compiled Module) is used by the browser `/web` entries only; elsewhere it resolves at once.
 */
export declare function initAsync(
  wasm?: string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<Response | BufferSource | WebAssembly.Module>,
): Promise<void>;
