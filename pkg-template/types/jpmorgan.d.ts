// J.P. Morgan Online Payments v2: refunds (full, partial, multi-capture, standalone),
// reversals (void), lookups. Behaviour: docs/JPMORGAN.md.
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

/** Where requests go by default: the developer portal's mock tier, CAT, or production. */
export type JpMorganEnvironment = "mock" | "cat" | "production";

/** `merchant.merchantSoftware`, sent on every refund. */
export interface JpMorganMerchantSoftware {
  /** 1–100 characters. */
  companyName: string;
  /** 1–100 characters. */
  productName: string;
  /** 1–50 characters; a string, never a number. */
  version?: string;
}

export interface JpMorganClientOptions extends ClientBaseOptions {
  /** The `merchant-id` header of every call (1–64 characters). */
  merchantId: string;
  /** Required unless baseUrl is given. */
  environment?: JpMorganEnvironment;
  /** OAuth client credentials (server only: a client secret in a browser is refused unless dangerouslyAllowBrowser). */
  clientId?: string;
  clientSecret?: string;
  /** A token you already have (used first). */
  accessToken?: string;
  /** Asked for a token whenever one is needed (browser-safe: your backend answers it). */
  getAccessToken?: () => AccessTokenAnswer | Promise<AccessTokenAnswer>;
  /** Overrides the API base (the sandbox's `/jpmorgan/api/v2`, or your backend: then no credential is needed here). */
  baseUrl?: string;
  /** Overrides the token endpoint; required with clientId/clientSecret for "cat" and "production". */
  tokenUrl?: string;
  /** OAuth scope; "jpm:payments:sandbox" by default for "mock". */
  scope?: string;
  merchantSoftware: JpMorganMerchantSoftware;
}

/** `initiatorType` of a standalone refund. */
export type JpMorganInitiatorType = "CARDHOLDER" | "MERCHANT";
/** `accountOnFile` of a standalone refund. */
export type JpMorganAccountOnFile = "NOT_STORED" | "STORED" | "TO_BE_STORED";

/** A card for a standalone refund. The number is Luhn-checked and never shown whole. */
export interface JpMorganCard {
  /** 12–19 digits (spaces and dashes ignored). */
  accountNumber: string;
  /** Month 1–12, four-digit year; not in the past. */
  expiry: { month: number; year: number };
}

/** `refund()`: a payment (`transactionId`) or one capture of a multi-capture order (`captureId`); without an amount, everything that is left. */
export type JpMorganRefundInput =
  | { transactionId: string; captureId?: never; amount?: MoneyInput }
  | { captureId: string; transactionId?: never; amount?: MoneyInput };

/** `standaloneRefund()`: a refund to a card with no earlier payment; the amount is required. */
export interface JpMorganStandaloneRefundInput {
  card: JpMorganCard;
  amount: MoneyInput;
  initiatorType?: JpMorganInitiatorType;
  accountOnFile?: JpMorganAccountOnFile;
}

/** `reverse()` / `reverseOrRefund()`: void the authorization (in full, or in part with an amount), or refund once it is captured. */
export interface JpMorganReverseInput {
  transactionId: string;
  amount?: MoneyInput;
}

/** The fields of a `JpMorganRefund` builder: exactly one of transactionId, captureId or card. */
export interface JpMorganRefundFields {
  transactionId?: string;
  captureId?: string;
  card?: JpMorganCard;
  amount?: MoneyInput;
  /** Only with card. */
  initiatorType?: JpMorganInitiatorType;
  /** Only with card. */
  accountOnFile?: JpMorganAccountOnFile;
}

/** A `refundMany` row: a refund input with your own row id. */
export type JpMorganBulkRow = JpMorganRefundInput & { rowId: string };

/** J.P. Morgan's refund object, as getRefund and getRefundByRequestId answer it (redacted). Amounts in minor units. */
export interface JpMorganRefundResponse {
  transactionId?: string;
  requestId?: string;
  transactionState?: string;
  amount?: number;
  currency?: CurrencyCode;
  responseStatus: string;
  responseCode?: string;
  responseMessage?: string;
  transactionReferenceId?: string;
  remainingRefundableAmount?: number;
  approvalCode?: string;
  [field: string]: unknown;
}

/** J.P. Morgan's payment, as getPayment answers it (redacted), plus `remainingRefundable` when the payment says. */
export interface JpMorganPayment {
  transactionId: string;
  transactionState?: string;
  captureMethod?: string;
  amount: number;
  currency: CurrencyCode;
  requestId?: string;
  remainingRefundableAmount?: number;
  remainingRefundable?: AmountView;
  [field: string]: unknown;
}

/** A RefundResult from J.P. Morgan; `raw` is its answer (redacted). */
export type JpMorganRefundResult = RefundResult & { provider: "jpmorgan" };

export declare class JpMorganRefund {
  constructor(fields?: Partial<JpMorganRefundFields>);
  static readonly kind: "JpMorganRefund";
}
export interface JpMorganRefund extends RefundBuilder<JpMorganRefundFields, "JpMorganRefund"> {}

export declare class JpMorganClient {
  constructor(options: JpMorganClientOptions);
  readonly provider: "jpmorgan";

  /** Full (`{ transactionId }`), partial (`{ transactionId, amount }`) or multi-capture (`{ captureId, amount? }`). */
  refund(input: JpMorganRefundInput, options?: CallOptions): Promise<JpMorganRefundResult>;
  /** `PATCH /payments/{id}` void while the payment is AUTHORIZED; `kind: "reversal"`. */
  reverse(input: JpMorganReverseInput, options?: CallOptions): Promise<JpMorganRefundResult>;
  /** Voids while AUTHORIZED, else refunds; `kind` says which. Never both. */
  reverseOrRefund(input: JpMorganReverseInput, options?: CallOptions): Promise<JpMorganRefundResult>;
  /** The refund's current state; for an `outcome_unknown` error, the refund if one was made, else a RefundError `not_found`. */
  syncRefund(outcome: RefundOutcome, options?: CallOptions): Promise<JpMorganRefundResult>;
  /** Polls syncRefund on `schedule` until the status is final (or the schedule runs out: then still pending). */
  waitForFinal(outcome: RefundOutcome, options?: WaitForFinalOptions<JpMorganRefundResult>): Promise<JpMorganRefundResult>;
  /** `GET /refunds/{transactionId}`: J.P. Morgan's object as it came (redacted). */
  getRefund(transactionId: string, options?: CallOptions): Promise<JpMorganRefundResponse>;
  /** `GET /payments/{transactionId}`, plus what is left to refund. */
  getPayment(transactionId: string, options?: CallOptions): Promise<JpMorganPayment>;
  /** A refund straight to a card, with no earlier payment. */
  standaloneRefund(input: JpMorganStandaloneRefundInput, options?: CallOptions): Promise<JpMorganRefundResult>;
  /** `GET /refunds?requestIdentifier=`: the refund made with this request-id (a refund call's idempotencyKey). */
  getRefundByRequestId(requestId: string, options?: CallOptions): Promise<JpMorganRefundResponse>;

  /** Sends a builder's request. */
  send(builder: JpMorganRefund, options?: CallOptions): Promise<JpMorganRefundResult>;
  /** The exact request the builder would send; nothing is sent. */
  prepare(builder: JpMorganRefund, options?: CallOptions): PreparedRequest;
  /** Many refunds at a steady pace, resumably (docs/BULK.md); iterate it for each row's outcome, await it for the summary. */
  refundMany(rows: BulkRows<JpMorganBulkRow>, options: RefundManyOptions<JpMorganRefundResult> & { format?: "rows" }): BulkRun<JpMorganRefundResult>;
  refundMany(rows: BulkRows<BulkCsvRecord>, options: RefundManyOptions<JpMorganRefundResult> & { format: "csv" }): BulkRun<JpMorganRefundResult>;
}
