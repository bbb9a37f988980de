// J.P. Morgan Online Payments v2: the client, its inputs and outputs, and the builder.
// Hand-written; the behaviour is described in docs/JPMORGAN.md.
import type { MoneyInput, RefundResult, CallOptions, ClientBaseOptions, ValidationIssue, PreparedRequest } from "./core.js";

/** Where requests go by default: the developer portal's mock tier, CAT, or production. */
export type JpMorganEnvironment = "mock" | "cat" | "production";

/** `merchant.merchantSoftware`, sent on every refund. */
export interface JpMorganMerchantSoftware {
  /** 1–100 characters ("If merchant is directly integrated, send \"JPMC.\""). */
  companyName: string;
  /** 1–100 characters. */
  productName: string;
  /** 1–50 characters; a string, never a number. */
  version?: string;
}

export interface JpMorganClientOptions extends ClientBaseOptions {
  /** The `merchant-id` header of every call (1–64 characters). */
  merchantId: string;
  /** Required unless `baseUrl` is given. */
  environment?: JpMorganEnvironment;
  /** OAuth client credentials (server only: a client secret in a browser is refused
   *  unless `dangerouslyAllowBrowser` is set). */
  clientId?: string;
  clientSecret?: string;
  /** Overrides the API base, e.g. the sandbox's `http://127.0.0.1:PORT/jpmorgan/api/v2`
   *  or your own backend (which then adds the credentials; none are needed here). */
  baseUrl?: string;
  /** Overrides the token endpoint. Required with clientId/clientSecret for "cat" and
   *  "production", whose client-secret token endpoint is not documented. */
  tokenUrl?: string;
  /** OAuth scope; default "jpm:payments:sandbox" for "mock", none otherwise. */
  scope?: string;
  merchantSoftware: JpMorganMerchantSoftware;
}

/** `initiatorType` of a standalone refund. */
export type JpMorganInitiatorType = "CARDHOLDER" | "MERCHANT";
/** `accountOnFile` of a standalone refund. */
export type JpMorganAccountOnFile = "NOT_STORED" | "STORED" | "TO_BE_STORED";

/** A card for a standalone refund. The number is Luhn-checked and never shown whole. */
export interface JpMorganCard {
  /** 12–19 digits. */
  accountNumber: string;
  /** Month 1–12, four-digit year; not in the past. */
  expiry: { month: number; year: number };
}

/** Full refund: no amount, the rest of the payment. */
export interface JpMorganFullRefundInput {
  transactionId: string;
  amount?: undefined;
}
/** Partial refund of a payment. */
export interface JpMorganPartialRefundInput {
  transactionId: string;
  amount: MoneyInput;
}
/** Refund of one capture of a multi-capture order (sent as the transactionReferenceId);
 *  without an amount, the rest of that capture. */
export interface JpMorganCaptureRefundInput {
  captureId: string;
  amount?: MoneyInput;
}
export type JpMorganRefundInput = JpMorganFullRefundInput | JpMorganPartialRefundInput | JpMorganCaptureRefundInput;

export interface JpMorganStandaloneRefundInput {
  card: JpMorganCard;
  amount: MoneyInput;
  initiatorType?: JpMorganInitiatorType;
  accountOnFile?: JpMorganAccountOnFile;
}

/** `responseStatus` as J.P. Morgan sends it (PENDING appears on its error-codes page). */
export type JpMorganResponseStatus = "SUCCESS" | "PENDING" | "DENIED" | "ERROR";
/** `transactionState` (union of the 2024 and 2025 spec enums). */
export type JpMorganTransactionState = "AUTHORIZED" | "CLOSED" | "COMPLETED" | "PENDING" | "DECLINED" | "VOIDED" | "ERROR";

export interface JpMorganMaskedCard {
  cardType?: string;
  cardTypeName?: string;
  maskedAccountNumber?: string;
  [field: string]: unknown;
}

/** `paymentRequest` of a refund response. */
export interface JpMorganPaymentRequest {
  paymentRequestId: string;
  paymentRequestStatus?: "CANCELLED" | "CLOSED" | "OPEN" | "PENDING" | string;
  authorizations?: { authorizationId: string; amount: number; transactionStatusCode?: string; authorizationType?: string }[];
  captures?: { captureId: string; amount: number; transactionStatusCode?: string; captureRemainingRefundableAmount?: number; transactionStatusReason?: string }[];
  refunds?: { refundId: string; amount: number; transactionStatusCode?: string }[];
}

/** J.P. Morgan's `RefundResponse`, as `RefundResult.raw` and the lookups return it.
 *  Amounts are integers in minor units. */
export interface JpMorganRefundResponse {
  transactionId?: string;
  requestId: string;
  transactionState: JpMorganTransactionState | string;
  amount: number;
  currency: string;
  responseStatus: JpMorganResponseStatus | string;
  responseCode: string;
  responseMessage: string;
  transactionReferenceId?: string;
  remainingRefundableAmount?: number;
  approvalCode?: string;
  hostMessage?: string;
  hostReferenceId?: string;
  transactionDate?: string;
  initiatorType?: JpMorganInitiatorType;
  accountOnFile?: JpMorganAccountOnFile;
  merchant?: { merchantId?: string; merchantSoftware?: JpMorganMerchantSoftware; merchantCategoryCode?: string };
  paymentMethodType?: { card?: JpMorganMaskedCard; [member: string]: unknown };
  paymentRequest?: JpMorganPaymentRequest;
  [field: string]: unknown;
}

/** J.P. Morgan's error body, as `RefundError.details` holds it. */
export interface JpMorganErrorBody {
  responseStatus: "ERROR" | string;
  responseCode: string;
  responseMessage?: string;
  validationErrors?: { code?: string; message?: string; entity?: string }[];
  information?: { code?: string; message?: string };
}

/** A refund's result; `raw` is J.P. Morgan's response. */
export type JpMorganRefundResult = RefundResult & { provider: "jpmorgan"; raw: JpMorganRefundResponse };

/** The fields of a `JpMorganRefund` builder: exactly one of transactionId, captureId or card. */
export interface JpMorganRefundFields {
  transactionId?: string;
  captureId?: string;
  card?: JpMorganCard;
  amount?: MoneyInput;
  initiatorType?: JpMorganInitiatorType;
  accountOnFile?: JpMorganAccountOnFile;
}

/** The exact request `prepare()` returns, secrets redacted and card numbers masked. */
export interface JpMorganPreparedRequest extends PreparedRequest {
  method: "POST";
  body: Record<string, unknown>;
}

export declare class JpMorganRefund {
  constructor(fields?: Partial<JpMorganRefundFields>);
  set<K extends keyof JpMorganRefundFields>(field: K, value: JpMorganRefundFields[K]): this;
  readonly kind: string;
  /** Every issue, without throwing and without any network. */
  validate(): ValidationIssue[];
  /** The fields, or a thrown ValidationError. */
  build(): JpMorganRefundFields;
  toJSON(): JpMorganRefundFields;
}

export declare class JpMorganClient {
  constructor(options: JpMorganClientOptions);
  /** Full (`{ transactionId }`), partial (`{ transactionId, amount }`) or multi-capture
   *  (`{ captureId, amount? }`) refund. */
  refund(input: JpMorganRefundInput, options?: CallOptions): Promise<JpMorganRefundResult>;
  /** A refund straight to a card, with no earlier payment. */
  standaloneRefund(input: JpMorganStandaloneRefundInput, options?: CallOptions): Promise<JpMorganRefundResult>;
  /** `GET /refunds/{transactionId}`. */
  getRefund(transactionId: string, options?: CallOptions): Promise<JpMorganRefundResponse>;
  /** `GET /refunds?requestIdentifier=`: the refund made with this request-id (the
   *  `idempotencyKey` of the refund call). */
  getRefundByRequestId(requestId: string, options?: CallOptions): Promise<JpMorganRefundResponse>;
  send(builder: JpMorganRefund, options?: CallOptions): Promise<JpMorganRefundResult>;
  prepare(builder: JpMorganRefund, options?: CallOptions): JpMorganPreparedRequest;
}

