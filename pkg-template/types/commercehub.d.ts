// Fiserv Commerce Hub: the client, its inputs and outputs, and the builders.
// Hand-written; the behaviour is described in docs/COMMERCEHUB.md.
import type { MoneyInput, RefundResult, CallOptions, ClientBaseOptions, ValidationIssue, PreparedRequest, Paginating } from "./core.js";

/** "cert" (Sandbox and Cert, https://connect-cert.fiservapis.com/ch, the default) or
 *  "production" (https://connect.fiservapis.com/ch). */
export type CommerceHubEnvironment = "cert" | "production";

export interface CommerceHubClientOptions extends ClientBaseOptions {
  /** The `Api-Key` header of every request. An identifier, not a secret: allowed in a browser. */
  apiKey: string;
  /** The HMAC secret (server side). Required unless `sign` is given; refused in a browser
   *  unless `dangerouslyAllowBrowser` is set. When both are given, apiSecret signs. */
  apiSecret?: string;
  /** Browser side: your backend signs. Receives apiKey + Client-Request-Id + Timestamp + body
   *  and must resolve to base64(HMAC-SHA256(apiSecret, message)). Called on every attempt. */
  sign?: (message: string) => Promise<string> | string;
  /** `merchantDetails.merchantId` of every refund (1–40 characters). */
  merchantId: string;
  /** `merchantDetails.terminalId` of every refund (1–1024 characters). */
  terminalId: string;
  environment?: CommerceHubEnvironment;
  /** Overrides the host, e.g. the sandbox's `http://127.0.0.1:PORT/commercehub/ch`. */
  baseUrl?: string;
  /** Not used by Commerce Hub (it signs every request): giving it is a ValidationError. */
  accessToken?: never;
}

/** `referenceTransactionDetails.referenceTransactionType` as the seed lists it. */
export type CommerceHubReferenceTransactionType = "CHARGES" | "REFUNDS";

/** `source.encryptionData`: the card data as the terminal encrypted it. */
export interface CommerceHubEncryptionData {
  /** e.g. "ON_GUARD", "RSA". */
  encryptionType: string;
  /** e.g. "TRACK_2", "MANUAL". */
  encryptionTarget: string;
  /** Up to 2000 characters. */
  encryptionBlock: string;
  encryptionBlockFields?: string;
  /** Up to 64 characters. */
  keyId?: string;
  /** e.g. "INGENICO". */
  deviceType?: string;
}

/** `source.pinBlock`: the encrypted PIN. */
export interface CommerceHubPinBlock {
  /** Up to 2000 characters. */
  encryptedPin: string;
  keySerialNumber?: string;
  pinEncryptionWorkingKey?: string;
}

/** An in-person PIN-based source: both encryptionData and pinBlock are required. */
export type CommerceHubPinSource =
  | { sourceType: "PaymentEMV"; emvData?: string; encryptionData: CommerceHubEncryptionData; pinBlock: CommerceHubPinBlock }
  | { sourceType: "PaymentTrack"; encryptionData: CommerceHubEncryptionData; pinBlock: CommerceHubPinBlock };

/** What both refund forms take besides the reference. */
export interface CommerceHubRefundCommon {
  /** Omitted: a full refund of what is left. */
  amount?: MoneyInput;
  /** Your own id for this refund (1–128 characters), sent as transactionDetails.merchantTransactionId. */
  merchantTransactionId?: string;
  /** Only for in-person PIN-based EMV and track refunds. */
  source?: CommerceHubPinSource;
}

/** `refund()`: exactly one of referenceTransactionId (1–40) or referenceMerchantTransactionId (1–128). */
export type CommerceHubRefundInput = CommerceHubRefundCommon & { referenceTransactionType?: CommerceHubReferenceTransactionType } & (
    | { referenceTransactionId: string; referenceMerchantTransactionId?: undefined }
    | { referenceMerchantTransactionId: string; referenceTransactionId?: undefined }
  );

/** `refundCharge(transactionId, input?)`. */
export type CommerceHubChargeRefundInput = CommerceHubRefundCommon;

/** A `{ total, currency }` as Commerce Hub writes it: total is a JSON number in major units. */
export interface CommerceHubAmount {
  total: number;
  currency: string;
}

export type CommerceHubTransactionState =
  | "AUTHORIZED" | "CAPTURED" | "CHECKED" | "DECLINED" | "VOIDED"
  | "COMPLETED_GET" | "INITIALIZED" | "PENDING" | "READY" | "TEMPLATE" | "SETTLED" | "WAITING";

export type CommerceHubApprovalStatus = "APPROVED" | "DECLINED" | "PROCESSING_FAILED" | "VALIDATION_FAILED" | "WAITING";

export interface CommerceHubProcessorResponseDetails {
  approvalStatus?: CommerceHubApprovalStatus | (string & {});
  approvalCode?: string;
  referenceNumber?: string;
  schemeTransactionId?: string;
  processor?: string;
  host?: string;
  /** Commerce Hub's normalized code: "000" approved, "002" pending, others declines or referrals. */
  responseCode?: string;
  responseMessage?: string;
  hostResponseCode?: string;
  hostResponseMessage?: string;
  localTimestamp?: string;
  bankAssociationDetails?: { associationResponseCode?: string; transactionTimestamp?: string; [field: string]: unknown };
  [field: string]: unknown;
}

export interface CommerceHubGatewayResponse {
  transactionType?: string;
  transactionState?: CommerceHubTransactionState | (string & {});
  transactionOrigin?: string;
  transactionProcessingDetails?: {
    transactionTimestamp?: string;
    orderId?: string;
    apiTraceId?: string;
    /** The Client-Request-Id the refund was sent with (its idempotencyKey). */
    clientRequestId?: string;
    /** The refund's own id (RefundResult.refundId). */
    transactionId?: string;
    [field: string]: unknown;
  };
}

/** Commerce Hub's refund response, as `RefundResult.raw` holds it. */
export interface CommerceHubRefundResponse {
  gatewayResponse: CommerceHubGatewayResponse;
  source?: {
    sourceType?: string;
    card?: { bin?: string; last4?: string; scheme?: string; expirationMonth?: string; expirationYear?: string; [field: string]: unknown };
    [field: string]: unknown;
  };
  paymentReceipt?: {
    approvedAmount?: CommerceHubAmount;
    processorResponseDetails?: CommerceHubProcessorResponseDetails;
    [field: string]: unknown;
  };
  transactionDetails?: { merchantTransactionId?: string; merchantInvoiceNumber?: string; [field: string]: unknown };
  referenceTransactionDetails?: { referenceTransactionId?: string; referenceMerchantTransactionId?: string; [field: string]: unknown };
  [field: string]: unknown;
}

/** One entry of Commerce Hub's `error[]`. */
export interface CommerceHubErrorItem {
  /** "HOST" | "GATEWAY" | "NETWORK" | "APIM". */
  type?: string;
  /** e.g. "810" (amount greater than refundable), "764" (referenced transaction not found),
   *  "837" (not in a captured status), "816" (duplicate refund). */
  code?: string;
  field?: string;
  message?: string;
  additionalInfo?: unknown;
}

/** Commerce Hub's error body, as `RefundError.details` holds it. */
export interface CommerceHubErrorBody {
  gatewayResponse?: unknown;
  error: CommerceHubErrorItem[];
  processorResponseDetails?: unknown;
}

/** A refund's result; `raw` is Commerce Hub's response. */
export type CommerceHubRefundResult = RefundResult & { provider: "commercehub"; raw: CommerceHubRefundResponse };

/** The fields of a `CommerceHubRefund` builder (tagged: POST /payments/v1/refunds). */
export interface CommerceHubRefundFields extends CommerceHubRefundCommon {
  referenceTransactionId?: string;
  referenceMerchantTransactionId?: string;
  referenceTransactionType?: CommerceHubReferenceTransactionType;
}

/** The fields of a `CommerceHubChargeRefund` builder (URI form: POST /payments/v1/charges/{transactionId}/refund). */
export interface CommerceHubChargeRefundFields extends CommerceHubRefundCommon {
  /** 1–40 characters. */
  transactionId: string;
}

/** The exact request `prepare()` returns: Api-Key and Authorization redacted; the Timestamp
 *  is the time of the preview (every attempt signs a fresh one). */
export interface CommerceHubPreparedRequest extends PreparedRequest {
  method: "POST";
  body: Record<string, unknown>;
}

export declare class CommerceHubRefund {
  constructor(fields?: Partial<CommerceHubRefundFields>);
  set<K extends keyof CommerceHubRefundFields>(field: K, value: CommerceHubRefundFields[K]): this;
  readonly kind: string;
  /** Every issue, without throwing and without any network. */
  validate(): ValidationIssue[];
  /** The fields, or a thrown ValidationError. */
  build(): CommerceHubRefundFields;
  toJSON(): CommerceHubRefundFields;
}

export declare class CommerceHubChargeRefund {
  constructor(fields?: Partial<CommerceHubChargeRefundFields>);
  set<K extends keyof CommerceHubChargeRefundFields>(field: K, value: CommerceHubChargeRefundFields[K]): this;
  readonly kind: string;
  validate(): ValidationIssue[];
  build(): CommerceHubChargeRefundFields;
  toJSON(): CommerceHubChargeRefundFields;
}

export interface CommerceHubClient extends Paginating {}
export declare class CommerceHubClient {
  constructor(options: CommerceHubClientOptions);
  /** Tagged refund: `POST /payments/v1/refunds`. Without an amount, a full refund. */
  refund(input: CommerceHubRefundInput, options?: CallOptions): Promise<CommerceHubRefundResult>;
  /** URI form: `POST /payments/v1/charges/{transactionId}/refund`. Without an amount, a full refund. */
  refundCharge(transactionId: string, input?: CommerceHubChargeRefundInput, options?: CallOptions): Promise<CommerceHubRefundResult>;
  send(builder: CommerceHubRefund | CommerceHubChargeRefund, options?: CallOptions): Promise<CommerceHubRefundResult>;
  prepare(builder: CommerceHubRefund | CommerceHubChargeRefund, options?: CallOptions): CommerceHubPreparedRequest;
}
