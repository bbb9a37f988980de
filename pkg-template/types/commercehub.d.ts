// Fiserv Commerce Hub: tagged and URI-form refunds, cancels (reversals), lookups by
// transaction inquiry. Behaviour: docs/COMMERCEHUB.md.
import type {
  BulkCsvRecord,
  BulkRun,
  BulkRows,
  CallOptions,
  ClientBaseOptions,
  MoneyInput,
  PreparedRequest,
  RefundBuilder,
  RefundManyOptions,
  RefundOutcome,
  RefundResult,
  WaitForFinalOptions,
} from "./core.js";

/** "cert" (https://connect-cert.fiservapis.com/ch) or "production" (https://connect.fiservapis.com/ch). */
export type CommerceHubEnvironment = "cert" | "production";

export interface CommerceHubClientOptions extends ClientBaseOptions {
  /** The `Api-Key` header of every request: an identifier, allowed in a browser. */
  apiKey: string;
  /** The HMAC secret (server side). Required unless sign is given; refused in a browser unless dangerouslyAllowBrowser. */
  apiSecret?: string;
  /** Browser side: your backend signs. Gets apiKey + Client-Request-Id + Timestamp + body; answers base64(HMAC-SHA256(apiSecret, message)). */
  sign?: (message: string) => string | Promise<string>;
  /** `merchantDetails.merchantId` (1–40 characters). */
  merchantId: string;
  /** `merchantDetails.terminalId`. */
  terminalId: string;
  /** Required unless baseUrl is given. */
  environment?: CommerceHubEnvironment;
  /** Overrides the host, e.g. the sandbox's `/commercehub/ch`. */
  baseUrl?: string;
}

/** `referenceTransactionDetails.referenceTransactionType`. */
export type CommerceHubReferenceTransactionType = "CHARGES" | "REFUNDS";

/** `reversalReasonCode` of a cancel (default "VOID"). */
export type CommerceHubReversalReason = "VOID" | "SUSPECTED_FRAUD" | "TIMEOUT" | "CARD_OVERRIDE";

/** `source.encryptionData`: the card data as the terminal encrypted it. */
export interface CommerceHubEncryptionData {
  encryptionType: string;
  encryptionTarget: string;
  encryptionBlock: string;
  encryptionBlockFields?: string;
  keyId?: string;
  deviceType?: string;
}

/** `source.pinBlock`: the encrypted PIN. */
export interface CommerceHubPinBlock {
  encryptedPin: string;
  keySerialNumber?: string;
  pinEncryptionWorkingKey?: string;
}

/** An in-person PIN-based source: encryptionData and pinBlock are both required. */
export type CommerceHubPinSource =
  | { sourceType: "PaymentEMV"; emvData?: string; encryptionData: CommerceHubEncryptionData; pinBlock: CommerceHubPinBlock }
  | { sourceType: "PaymentTrack"; encryptionData: CommerceHubEncryptionData; pinBlock: CommerceHubPinBlock };

/** Exactly one of referenceTransactionId (1–40) or referenceMerchantTransactionId (1–128). */
export type CommerceHubReference =
  | { referenceTransactionId: string; referenceMerchantTransactionId?: never }
  | { referenceMerchantTransactionId: string; referenceTransactionId?: never };

/** What every refund form takes besides the reference. */
export interface CommerceHubRefundCommon {
  /** Leave it out for a full refund of what is left. */
  amount?: MoneyInput;
  /** Your own id for this refund (1–128 characters): how syncRefund finds it. */
  merchantTransactionId?: string;
  /** Only for in-person PIN-based EMV and track refunds. */
  source?: CommerceHubPinSource;
}

/** `refund()`: `POST /payments/v1/refunds`. */
export type CommerceHubRefundInput = CommerceHubReference &
  CommerceHubRefundCommon & { referenceTransactionType?: CommerceHubReferenceTransactionType };

/** `refundCharge(transactionId, input?)`: `POST /payments/v1/charges/{transactionId}/refund`. */
export interface CommerceHubChargeRefundInput extends CommerceHubRefundCommon {}

/** `reverse()`: `POST /payments/v1/cancels`, in full (no amount) or in part. */
export type CommerceHubReverseInput = CommerceHubReference & {
  amount?: MoneyInput;
  reversalReasonCode?: CommerceHubReversalReason;
  merchantTransactionId?: string;
};

/** `reverseOrRefund()`: a cancel before the cut-off, else a refund (which may carry a PIN source). */
export type CommerceHubReverseOrRefundInput = CommerceHubReverseInput & { source?: CommerceHubPinSource };

/** The fields of a `CommerceHubRefund` builder. */
export interface CommerceHubRefundFields extends CommerceHubRefundCommon {
  referenceTransactionId?: string;
  referenceMerchantTransactionId?: string;
  referenceTransactionType?: CommerceHubReferenceTransactionType;
}

/** The fields of a `CommerceHubChargeRefund` builder. */
export interface CommerceHubChargeRefundFields extends CommerceHubRefundCommon {
  /** 1–40 characters. */
  transactionId: string;
}

/** A `refundMany` row: a refund input with your own row id. */
export type CommerceHubBulkRow = CommerceHubRefundInput & { rowId: string };

/** A RefundResult from Commerce Hub; `raw` is its answer (redacted). */
export type CommerceHubRefundResult = RefundResult & { provider: "commercehub" };

export declare class CommerceHubRefund {
  constructor(fields?: Partial<CommerceHubRefundFields>);
  static readonly kind: "CommerceHubRefund";
}
export interface CommerceHubRefund extends RefundBuilder<CommerceHubRefundFields, "CommerceHubRefund"> {}
export declare class CommerceHubChargeRefund {
  constructor(fields?: Partial<CommerceHubChargeRefundFields>);
  static readonly kind: "CommerceHubChargeRefund";
}
export interface CommerceHubChargeRefund extends RefundBuilder<CommerceHubChargeRefundFields, "CommerceHubChargeRefund"> {}

export declare class CommerceHubClient {
  constructor(options: CommerceHubClientOptions);
  readonly provider: "commercehub";

  /** Tagged refund: `POST /payments/v1/refunds`. Without an amount, a full refund. */
  refund(input: CommerceHubRefundInput, options?: CallOptions): Promise<CommerceHubRefundResult>;
  /** `POST /payments/v1/cancels`; `kind: "reversal"`. */
  reverse(input: CommerceHubReverseInput, options?: CallOptions): Promise<CommerceHubRefundResult>;
  /** Cancels before the cut-off time, else refunds; `kind` says which. Never both. */
  reverseOrRefund(input: CommerceHubReverseOrRefundInput, options?: CallOptions): Promise<CommerceHubRefundResult>;
  /** The refund's current state by transaction inquiry; for an `outcome_unknown` error, the refund if one was made, else a RefundError `not_found`. */
  syncRefund(outcome: RefundOutcome, options?: CallOptions): Promise<CommerceHubRefundResult>;
  /** Polls syncRefund on `schedule` until the status is final (or the schedule runs out: then still pending). */
  waitForFinal(outcome: RefundOutcome, options?: WaitForFinalOptions<CommerceHubRefundResult>): Promise<CommerceHubRefundResult>;
  /** URI form: `POST /payments/v1/charges/{transactionId}/refund`. Without an amount, a full refund. */
  refundCharge(transactionId: string, input?: CommerceHubChargeRefundInput, options?: CallOptions): Promise<CommerceHubRefundResult>;

  /** Sends a builder's request. */
  send(builder: CommerceHubRefund | CommerceHubChargeRefund, options?: CallOptions): Promise<CommerceHubRefundResult>;
  /** The exact request the builder would send (Api-Key and Authorization redacted); nothing is sent. */
  prepare(builder: CommerceHubRefund | CommerceHubChargeRefund, options?: CallOptions): PreparedRequest;
  /** Many refunds at a steady pace, resumably (docs/BULK.md); iterate it for each row's outcome, await it for the summary. */
  refundMany(rows: BulkRows<CommerceHubBulkRow>, options: RefundManyOptions<CommerceHubRefundResult> & { format?: "rows" }): BulkRun<CommerceHubRefundResult>;
  refundMany(rows: BulkRows<BulkCsvRecord>, options: RefundManyOptions<CommerceHubRefundResult> & { format: "csv" }): BulkRun<CommerceHubRefundResult>;
}
