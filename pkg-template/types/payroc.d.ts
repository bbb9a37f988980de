// Payroc: referenced refunds and reversals, unreferenced refunds, payment and refund
// lookups and lists, Payroc Cloud device refund instructions. Behaviour: docs/PAYROC.md.
import type {
  AccessTokenAnswer,
  AmountView,
  BulkCsvRecord,
  BulkRun,
  BulkRows,
  CallOptions,
  ClientBaseOptions,
  CurrencyCode,
  MoneyInput,
  PreparedRequest,
  RefundBuilder,
  RefundManyOptions,
  RefundOutcome,
  RefundResult,
  WaitForFinalOptions,
} from "./core.js";

// ------------------------------------------------------------------ client options

export interface PayrocClientOptions extends ClientBaseOptions {
  /** Server only: exchanged at `{identityUrl}/authorize` for a bearer token. Refused in a browser unless dangerouslyAllowBrowser. */
  apiKey?: string;
  /** A token you already have (used first). */
  accessToken?: string;
  /** Asked for a token whenever one is needed (browser-safe: your backend answers it). */
  getAccessToken?: () => AccessTokenAnswer | Promise<AccessTokenAnswer>;
  /** Required unless baseUrl is given: "uat" (no real money) or "production". */
  environment?: "uat" | "production";
  /** Overrides the API host (the sandbox's `/payroc/v1`, or your backend: then no credential is needed here). */
  baseUrl?: string;
  /** Overrides the identity host; required with apiKey and baseUrl when no environment is given. */
  identityUrl?: string;
}

// ------------------------------------------------------------------ Payroc's own objects (outputs)

/** A HATEOAS link. */
export interface PayrocLink {
  rel: string;
  method: string;
  href: string;
}

/** `transactionResult.status`. */
export type PayrocTransactionStatus =
  | "ready"
  | "pending"
  | "declined"
  | "complete"
  | "referral"
  | "pickup"
  | "reversal"
  | "admin"
  | "expired"
  | "accepted";

/** A payment as Payroc returns it, plus `remainingRefundable` (what is left to refund or reverse). */
export interface PayrocPaymentView {
  paymentId: string;
  processingTerminalId: string;
  operator?: string;
  order: { orderId: string; dateTime?: string; description?: string; amount: number; currency: CurrencyCode; [field: string]: unknown };
  card?: { type?: string; entryMethod?: string; cardholderName?: string; cardNumber?: string; expiryDate?: string; [field: string]: unknown };
  refunds?: Array<{ refundId: string; dateTime?: string; currency: CurrencyCode; amount: number; status: string; responseCode?: string; responseMessage?: string; [field: string]: unknown }>;
  supportedOperations?: string[];
  settlementState?: string;
  transactionResult: { status: PayrocTransactionStatus | (string & {}); approvalCode?: string; responseCode?: string; responseMessage?: string; [field: string]: unknown };
  remainingRefundable: AmountView;
  [field: string]: unknown;
}

/** A page of a list: Payroc's page plus `next`, the filters of the following page (null on the last). */
export interface PayrocPage<T, F> {
  limit?: number;
  count?: number;
  hasMore?: boolean;
  links?: PayrocLink[];
  data: T[];
  next: F | null;
}

export type PayrocInstructionStatus = "inProgress" | "completed" | "failure" | "canceled";

/** A refund instruction as Payroc returns it, plus `refundId` once completed and the `idempotencyKey` that submitted it. */
export interface PayrocRefundInstructionView {
  refundInstructionId: string;
  status: PayrocInstructionStatus;
  /** Only when status is "failure". */
  errorMessage?: string;
  link?: PayrocLink;
  refundId?: string;
  idempotencyKey?: string;
  [field: string]: unknown;
}

/** An instruction to look up, wait for or cancel: its id, or the object submitRefundInstruction answered (which names its key). */
export type PayrocInstructionRef = string | { refundInstructionId: string; idempotencyKey?: string };

/** A RefundResult from Payroc; `raw` is Payroc's object it was read from (redacted). */
export type PayrocRefundResult = RefundResult & { provider: "payroc" };

// ------------------------------------------------------------------ inputs

export type PayrocDeviceModel =
  | "bbposChp" | "bbposChp2x" | "bbposChp3x" | "bbposRambler" | "bbposWp" | "bbposWp2" | "bbposWp3"
  | "genericCtlsMsr" | "genericMsr" | "idtechAugusta" | "idtechMinismart" | "idtechSredkey" | "idtechVp3300"
  | "idtechVp5300" | "idtechVp6300" | "idtechVp6800" | "ingenicoAxiumDx4000" | "ingenicoAxiumDx8000"
  | "ingenicoAxiumEx8000" | "ingenicoIct220" | "ingenicoIpp320" | "ingenicoIpp350" | "ingenicoIuc285"
  | "ingenicoL3000" | "ingenicoL7000" | "ingenicoS2000" | "ingenicoS3000" | "ingenicoS4000" | "ingenicoS5000"
  | "ingenicoS7000" | "paxA80" | "paxA920" | "paxA920Pro" | "paxE500" | "paxE700" | "paxE800" | "paxIm30"
  | "uic680" | "uicBezel8";

export type OneOrMany<T> = T | T[];

/** Filters both lists share (all optional). `before` and `after` exclude each other. */
interface PayrocListFilters {
  /** 4–50 characters. */
  processingTerminalId?: string;
  /** 1–24 characters. */
  orderId?: string;
  operator?: string;
  cardholderName?: string;
  /** Six digits. */
  first6?: string;
  /** Four digits. */
  last4?: string;
  tender?: "ebt" | "creditDebit";
  status?: OneOrMany<PayrocTransactionStatus>;
  /** ISO 8601 date-time, e.g. "2024-07-01T15:30:00Z". */
  dateFrom?: string;
  dateTo?: string;
  settlementState?: "settled" | "unsettled";
  /** YYYY-MM-DD */
  settlementDate?: string;
  before?: string;
  after?: string;
  /** 1–100. */
  limit?: number;
}

/** `listPayments` / `iteratePayments` filters. */
export interface PayrocPaymentFilters extends PayrocListFilters {
  tipMode?: OneOrMany<"noTip" | "prompted" | "adjusted">;
  type?: OneOrMany<"sale" | "preAuthorization" | "preAuthorizationCompletion">;
  /** Exactly 10 characters. */
  paymentLinkId?: string;
}

/** `listRefunds` / `iterateRefunds` filters. */
export interface PayrocRefundFilters extends PayrocListFilters {}

/** A referenced refund (`refund()` / `new PayrocRefund()`). */
export interface PayrocRefundFields {
  /** Exactly 10 characters. */
  paymentId: string;
  /** Leave it out to refund everything that is left; must be in the payment's currency. */
  amount?: MoneyInput;
  /** The reason (1–255 characters, no card number). */
  description: string;
  /** Up to 50 characters. */
  operator?: string;
  /** Refuse (ValidationError, `exceeds_remaining`) an amount above what is left. */
  checkRemaining?: boolean;
}

/** `reverse()`: a reversal of an unsettled payment, in full (no amount) or in part. */
export interface PayrocReverseInput {
  paymentId: string;
  amount?: MoneyInput;
  operator?: string;
}

/** `reverseOrRefund()`: a reversal while the payment is unsettled, else a refund. */
export interface PayrocReverseOrRefundInput {
  paymentId: string;
  amount?: MoneyInput;
  description: string;
  operator?: string;
}

/** An order's amount: a Money (currency optional, must agree), or whole minor units with the currency. */
export type PayrocOrderAmount =
  | { amount: MoneyInput; currency?: CurrencyCode }
  | { amount: number; currency: CurrencyCode };

export interface PayrocCardInput {
  /** 12–19 digits, Luhn-checked (spaces and dashes ignored). Never shown whole by the SDK. */
  cardNumber: string;
  /** Not in the past. */
  expiry: { month: number; year: number };
  cardholderName?: string;
  /** 3 or 4 digits. */
  cvv?: string;
  device?: { model: PayrocDeviceModel; serialNumber: string };
}

export type PayrocRefundMethodInput =
  | { type: "card"; card: PayrocCardInput }
  | { type: "secureToken"; token: string; secCode?: "web" | "tel" | "ccd" | "ppd" };

/** An unreferenced refund (`unreferencedRefund()` / `new PayrocUnreferencedRefund()`). */
export interface PayrocUnreferencedRefundFields {
  channel: "pos" | "moto" | "web";
  /** 4–50 characters. */
  processingTerminalId: string;
  operator?: string;
  order: { orderId: string; description: string } & PayrocOrderAmount;
  refundMethod: PayrocRefundMethodInput;
}

/** A device refund instruction (`submitRefundInstruction()` / `new PayrocRefundInstruction()`). */
export interface PayrocRefundInstructionFields {
  /** The device's serial number, 1–64 characters. */
  serialNumber: string;
  processingTerminalId: string;
  operator?: string;
  order: { orderId: string; description?: string } & PayrocOrderAmount;
  customizationOptions?: { entryMethod: "deviceRead" | "manualEntry" | "deviceReadOrManualEntry" };
}

/** `waitForRefundInstruction` options: `onStatus` sees every status the long-poll returns. */
export interface PayrocWaitForInstructionOptions extends CallOptions {
  onStatus?: (instruction: PayrocRefundInstructionView) => void;
}

/** A `refundMany` row: a refund input with your own row id. */
export type PayrocBulkRow = PayrocRefundFields & { rowId: string };

// ------------------------------------------------------------------ builders

export declare class PayrocRefund {
  constructor(fields?: Partial<PayrocRefundFields>);
  static readonly kind: "PayrocRefund";
}
export interface PayrocRefund extends RefundBuilder<PayrocRefundFields, "PayrocRefund"> {}
export declare class PayrocUnreferencedRefund {
  constructor(fields?: Partial<PayrocUnreferencedRefundFields>);
  static readonly kind: "PayrocUnreferencedRefund";
}
export interface PayrocUnreferencedRefund extends RefundBuilder<PayrocUnreferencedRefundFields, "PayrocUnreferencedRefund"> {}
export declare class PayrocRefundInstruction {
  constructor(fields?: Partial<PayrocRefundInstructionFields>);
  static readonly kind: "PayrocRefundInstruction";
}
export interface PayrocRefundInstruction extends RefundBuilder<PayrocRefundInstructionFields, "PayrocRefundInstruction"> {}

// ------------------------------------------------------------------ client

export declare class PayrocClient {
  constructor(options: PayrocClientOptions);
  readonly provider: "payroc";

  /** With an amount: that much (the payment is read first, its currency checked). Without: everything that is left. */
  refund(input: PayrocRefundFields, options?: CallOptions): Promise<PayrocRefundResult>;
  /** `POST /payments/{id}/reverse` of an unsettled payment; `kind: "reversal"`. */
  reverse(input: PayrocReverseInput, options?: CallOptions): Promise<PayrocRefundResult>;
  /** Reverses while the payment is unsettled, else refunds; `kind` says which. Never both. */
  reverseOrRefund(input: PayrocReverseOrRefundInput, options?: CallOptions): Promise<PayrocRefundResult>;
  /** The refund's current state; for an `outcome_unknown` error, the refund if one was made, else a RefundError `not_found` (safe to resend with the same key). */
  syncRefund(outcome: RefundOutcome, options?: CallOptions): Promise<PayrocRefundResult>;
  /** Polls syncRefund on `schedule` until the status is final (or the schedule runs out: then still pending). */
  waitForFinal(outcome: RefundOutcome, options?: WaitForFinalOptions<PayrocRefundResult>): Promise<PayrocRefundResult>;
  /** `GET /refunds/{refundId}`. */
  getRefund(refundId: string, options?: CallOptions): Promise<PayrocRefundResult>;
  /** `GET /payments/{paymentId}`, plus what is left to refund. */
  getPayment(paymentId: string, options?: CallOptions): Promise<PayrocPaymentView>;
  /** One page of `GET /payments`. */
  listPayments(filters?: PayrocPaymentFilters, options?: CallOptions): Promise<PayrocPage<PayrocPaymentView, PayrocPaymentFilters>>;
  /** One page of `GET /refunds`, each refund as a result. */
  listRefunds(filters?: PayrocRefundFilters, options?: CallOptions): Promise<PayrocPage<PayrocRefundResult, PayrocRefundFilters>>;
  /** `POST /refunds`: a refund to a card or a secure token, with no payment. */
  unreferencedRefund(input: PayrocUnreferencedRefundFields, options?: CallOptions): Promise<PayrocRefundResult>;
  /** 202: the instruction is on its way to the device (status "inProgress"). */
  submitRefundInstruction(input: PayrocRefundInstructionFields, options?: CallOptions): Promise<PayrocRefundInstructionView>;
  /** One GET; the gateway holds it up to a minute while the instruction is inProgress. */
  getRefundInstruction(instruction: PayrocInstructionRef, options?: CallOptions): Promise<PayrocRefundInstructionView>;
  /** Long-polls until completed (then reads the refund), failure or canceled. */
  waitForRefundInstruction(instruction: PayrocInstructionRef, options?: PayrocWaitForInstructionOptions): Promise<PayrocRefundResult>;
  /** Only while inProgress; afterwards a RefundError. */
  cancelRefundInstruction(instruction: PayrocInstructionRef, options?: CallOptions): Promise<{ refundInstructionId: string; status: "canceled" }>;

  /** Sends a builder's request. */
  send(builder: PayrocRefund | PayrocUnreferencedRefund, options?: CallOptions): Promise<PayrocRefundResult>;
  send(builder: PayrocRefundInstruction, options?: CallOptions): Promise<PayrocRefundInstructionView>;
  /** The first request the builder would send (a referenced refund: the GET of its payment); nothing is sent. */
  prepare(builder: PayrocRefund | PayrocUnreferencedRefund | PayrocRefundInstruction, options?: CallOptions): PreparedRequest;
  /** Every item of every page of a list method, fetched as you iterate. */
  paginate(method: "listPayments", filters?: PayrocPaymentFilters, options?: CallOptions): AsyncGenerator<PayrocPaymentView, void, undefined>;
  paginate(method: "listRefunds", filters?: PayrocRefundFilters, options?: CallOptions): AsyncGenerator<PayrocRefundResult, void, undefined>;
  /** Every payment matching `filters`, page after page. */
  iteratePayments(filters?: PayrocPaymentFilters, options?: CallOptions): AsyncGenerator<PayrocPaymentView, void, undefined>;
  /** Every refund matching `filters`, page after page. */
  iterateRefunds(filters?: PayrocRefundFilters, options?: CallOptions): AsyncGenerator<PayrocRefundResult, void, undefined>;
  /** Many refunds at a steady pace, resumably (docs/BULK.md); iterate it for each row's outcome, await it for the summary. */
  refundMany(rows: BulkRows<PayrocBulkRow>, options: RefundManyOptions<PayrocRefundResult> & { format?: "rows" }): BulkRun<PayrocRefundResult>;
  refundMany(rows: BulkRows<BulkCsvRecord>, options: RefundManyOptions<PayrocRefundResult> & { format: "csv" }): BulkRun<PayrocRefundResult>;
}
