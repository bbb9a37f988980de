// Payroc: referenced and unreferenced card refunds, payment lookups and Payroc Cloud device
// refund instructions. Field names of the raw objects are Payroc's own (docs/PAYROC.md).
import type {
  AmountView,
  CallOptions,
  ClientBaseOptions,
  CurrencyCode,
  MoneyInput,
  Paginating,
  PreparedRequest,
  RefundResult,
  ValidationIssue,
} from "./core.js";

// ------------------------------------------------------------------ client options

export interface PayrocClientOptions extends ClientBaseOptions {
  /** Server only: exchanged at `{identityUrl}/authorize` for a bearer token. Refused in a browser unless dangerouslyAllowBrowser. */
  apiKey?: string;
  /** Default "uat" (api.uat.payroc.com, identity.uat.payroc.com), where no real money moves. */
  environment?: "uat" | "production";
  /** Overrides the API host, e.g. the sandbox's `/payroc/v1`, or your own backend (then no credential is needed here). */
  baseUrl?: string;
  /** Overrides the identity host, e.g. the sandbox's `/payroc/identity`. */
  identityUrl?: string;
}

// ------------------------------------------------------------------ Payroc's own objects

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

/** `refundSummary.status` / `paymentSummary.status`: the transaction statuses plus "returned". */
export type PayrocSummaryStatus = PayrocTransactionStatus | "returned";

/** A: approved, D: declined, E: received for later, P: partial, R: referral, C: keep card. */
export type PayrocResponseCode = "A" | "D" | "E" | "P" | "R" | "C";

export interface PayrocTransactionResult {
  type?: "sale" | "refund" | "preAuthorization" | "preAuthorizationCompletion";
  ebtType?: string;
  status: PayrocTransactionStatus;
  approvalCode?: string;
  /** Negative when money went to the cardholder. */
  authorizedAmount?: number;
  currency?: CurrencyCode;
  responseCode: PayrocResponseCode;
  responseMessage?: string;
  processorResponseCode?: string;
  cardSchemeReferenceId?: string;
}

export interface PayrocSecureToken {
  secureTokenId?: string;
  customerName?: string;
  token: string;
  status?: string;
  link?: PayrocLink;
}

/** A card as Payroc returns it: the number is always masked (first 6 + last 4). */
export interface PayrocRetrievedCard {
  type: string;
  entryMethod?: "icc" | "keyed" | "swiped" | "swipedFallback" | "contactlessIcc" | "contactlessMsr";
  cardholderName?: string;
  cardholderSignature?: string;
  cardNumber: string;
  /** MMYY */
  expiryDate: string;
  secureToken?: PayrocSecureToken;
  securityChecks?: { cvvResult?: string; avsResult?: string };
  emvTags?: Array<{ hex: string; value: string }>;
  balances?: Array<{ benefitCategory: string; amount: number; currency: CurrencyCode }>;
}

export interface PayrocAddress {
  address1?: string;
  address2?: string;
  address3?: string;
  city?: string;
  state?: string;
  country?: string;
  postalCode?: string;
}

export interface PayrocCustomer {
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  referenceNumber?: string;
  billingAddress?: PayrocAddress;
  shippingAddress?: { recipientName?: string; address?: PayrocAddress };
  contactMethods?: Array<{ type: "email" | "phone" | "mobile" | "fax"; value: string }>;
  notificationLanguage?: "en" | "fr";
}

export interface PayrocOrder {
  orderId: string;
  dateTime?: string;
  description?: string;
  /** Minor units. */
  amount: number;
  currency: CurrencyCode;
  dccOffer?: Record<string, unknown>;
  standingInstructions?: Record<string, unknown>;
  breakdown?: Record<string, unknown>;
}

/** One entry of `payment.refunds[]`. The sign of `amount` varies in Payroc's examples. */
export interface PayrocRefundSummary {
  refundId: string;
  dateTime: string;
  currency: CurrencyCode;
  amount: number;
  status: PayrocSummaryStatus;
  responseCode: PayrocResponseCode;
  responseMessage: string;
  link?: PayrocLink;
}

export interface PayrocPaymentSummary {
  paymentId: string;
  dateTime: string;
  currency: CurrencyCode;
  amount: number;
  status: PayrocSummaryStatus;
  responseCode: PayrocResponseCode;
  responseMessage?: string;
  link?: PayrocLink;
}

/** `retrievedPayment`. */
export interface PayrocPayment {
  paymentId: string;
  processingTerminalId: string;
  operator?: string;
  order: PayrocOrder;
  customer?: PayrocCustomer;
  card: PayrocRetrievedCard;
  refunds?: PayrocRefundSummary[];
  supportedOperations?: string[];
  transactionResult: PayrocTransactionResult;
  customFields?: Array<{ name: string; value: string }>;
}

/** A payment as getPayment/listPayments return it: Payroc's object plus what is left to refund. */
export interface PayrocPaymentView extends PayrocPayment {
  /** Payment amount minus every refund that moved (or may still move) money. */
  remainingRefundable: AmountView;
}

/** A page of listPayments. `next` is the filters object of the following page (`after` set), or null. */
export interface PayrocPaymentPage {
  limit: number;
  count: number;
  hasMore: boolean;
  links: PayrocLink[];
  data: PayrocPaymentView[];
  next: PayrocPaymentFilters | null;
}

/** `retrievedRefund`. */
export interface PayrocRetrievedRefund {
  refundId: string;
  processingTerminalId: string;
  operator?: string;
  order: PayrocOrder;
  customer?: PayrocCustomer;
  card: PayrocRetrievedCard;
  payment?: PayrocPaymentSummary;
  supportedOperations?: string[];
  transactionResult: PayrocTransactionResult;
  customFields?: Array<{ name: string; value: string }>;
}

export type PayrocInstructionStatus = "inProgress" | "completed" | "failure" | "canceled";

/** `refundInstruction`, plus `refundId` once completed (from its `refund` link) and the submit's `idempotencyKey`. */
export interface PayrocRefundInstruction {
  refundInstructionId: string;
  status: PayrocInstructionStatus;
  /** Only when status is "failure". */
  errorMessage?: string;
  link?: PayrocLink;
  refundId?: string;
  idempotencyKey?: string;
}

/** A RefundResult from Payroc; `raw` is the object the result was read from. */
export interface PayrocRefundResult extends RefundResult {
  provider: "payroc";
  raw: PayrocPayment | PayrocRetrievedRefund | PayrocRefundInstruction;
}

// ------------------------------------------------------------------ inputs

export type PayrocDeviceModel =
  | "bbposChp" | "bbposChp2x" | "bbposChp3x" | "bbposRambler" | "bbposWp" | "bbposWp2" | "bbposWp3"
  | "genericCtlsMsr" | "genericMsr" | "idtechAugusta" | "idtechMinismart" | "idtechSredkey" | "idtechVp3300"
  | "idtechVp5300" | "idtechVp6300" | "idtechVp6800" | "ingenicoAxiumDx4000" | "ingenicoAxiumDx8000"
  | "ingenicoAxiumEx8000" | "ingenicoIct220" | "ingenicoIpp320" | "ingenicoIpp350" | "ingenicoIuc285"
  | "ingenicoL3000" | "ingenicoL7000" | "ingenicoS2000" | "ingenicoS3000" | "ingenicoS4000" | "ingenicoS5000"
  | "ingenicoS7000" | "paxA80" | "paxA920" | "paxA920Pro" | "paxE500" | "paxE700" | "paxE800" | "paxIm30"
  | "uic680" | "uicBezel8";

/** listPayments filters (all optional). `before` and `after` are exclusive. */
export interface PayrocPaymentFilters {
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
  tipMode?: OneOrMany<"noTip" | "prompted" | "adjusted">;
  type?: OneOrMany<"sale" | "preAuthorization" | "preAuthorizationCompletion">;
  status?: OneOrMany<PayrocTransactionStatus>;
  /** ISO 8601 date-time, e.g. "2024-07-01T15:30:00Z". */
  dateFrom?: string;
  dateTo?: string;
  settlementState?: "settled" | "unsettled";
  /** YYYY-MM-DD */
  settlementDate?: string;
  paymentLinkId?: string;
  before?: string;
  after?: string;
  /** 1–100, default 10. */
  limit?: number;
}

export type OneOrMany<T> = T | T[];

/** A referenced refund (`refund()` / `new PayrocRefund()`). */
export interface PayrocRefundFields {
  /** Exactly 10 characters. */
  paymentId: string;
  /** Omit to refund what is left (the payment is read first). In the payment's currency. */
  amount?: MoneyInput;
  /** The reason for the refund; required (1–255 characters). */
  description: string;
  /** Up to 50 characters. */
  operator?: string;
  /** Read the payment first and refuse (ValidationError, `exceeds_remaining`) an amount above what is left. */
  checkRemaining?: boolean;
}

/** An order amount: a Money, or whole minor units with the order's currency. */
export type PayrocOrderAmount =
  | { amount: MoneyInput; currency?: CurrencyCode }
  | { amount: number; currency: CurrencyCode };

export interface PayrocCardInput {
  /** Digits only, 12–19, Luhn-checked. Sent as keyed plain text; never shown whole by the SDK. */
  cardNumber: string;
  /** Not in the past. */
  expiry: { month: number; year: number };
  cardholderName?: string;
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

/** waitForRefundInstruction options: `onStatus` sees every status the long-poll returns. */
export interface PayrocWaitOptions extends CallOptions {
  onStatus?: (instruction: PayrocRefundInstruction) => void;
}

// ------------------------------------------------------------------ builders

declare class PayrocBuilder<Fields, Kind extends string> {
  constructor(fields?: Partial<Fields>);
  set<K extends keyof Fields>(field: K, value: Fields[K]): this;
  readonly kind: Kind;
  /** Every issue, without throwing and without any network. */
  validate(): ValidationIssue[];
  /** The fields, or a thrown ValidationError. */
  build(): Fields;
  toJSON(): Fields;
}

export declare class PayrocRefund extends PayrocBuilder<PayrocRefundFields, "PayrocRefund"> {}
export declare class PayrocUnreferencedRefund extends PayrocBuilder<PayrocUnreferencedRefundFields, "PayrocUnreferencedRefund"> {}
export declare class PayrocRefundInstruction extends PayrocBuilder<PayrocRefundInstructionFields, "PayrocRefundInstruction"> {}

// ------------------------------------------------------------------ client

/** `client.paginate<PayrocPaymentView>("listPayments", filters)` walks every page. */
export interface PayrocClient extends Paginating {}
export declare class PayrocClient {
  constructor(options: PayrocClientOptions);
  getPayment(paymentId: string, options?: CallOptions): Promise<PayrocPaymentView>;
  listPayments(filters?: PayrocPaymentFilters, options?: CallOptions): Promise<PayrocPaymentPage>;
  /** With an amount: POST at once (checkRemaining: read the payment first). Without: refund what is left. */
  refund(input: PayrocRefundFields, options?: CallOptions): Promise<PayrocRefundResult>;
  unreferencedRefund(input: PayrocUnreferencedRefundFields, options?: CallOptions): Promise<PayrocRefundResult>;
  getRefund(refundId: string, options?: CallOptions): Promise<PayrocRefundResult>;
  /** 202: the instruction is on its way to the device (status "inProgress"). */
  submitRefundInstruction(input: PayrocRefundInstructionFields, options?: CallOptions): Promise<PayrocRefundInstruction>;
  /** One GET; the gateway holds it up to a minute while the instruction is inProgress. */
  getRefundInstruction(refundInstructionId: string, options?: CallOptions): Promise<PayrocRefundInstruction>;
  /** Long-polls until completed (then reads the refund), failure (status "failed") or canceled. */
  waitForRefundInstruction(refundInstructionId: string, options?: PayrocWaitOptions): Promise<PayrocRefundResult>;
  /** Only while inProgress; afterwards a RefundError (provider_error, httpStatus 409). */
  cancelRefundInstruction(
    refundInstructionId: string,
    options?: CallOptions,
  ): Promise<{ refundInstructionId: string; status: "canceled" }>;
  send(builder: PayrocRefund | PayrocUnreferencedRefund, options?: CallOptions): Promise<PayrocRefundResult>;
  send(builder: PayrocRefundInstruction, options?: CallOptions): Promise<PayrocRefundInstruction>;
  /** The first request the builder sends (for a refund of what is left: the GET of the payment). */
  prepare(builder: PayrocRefund | PayrocUnreferencedRefund | PayrocRefundInstruction, options?: CallOptions): PreparedRequest;
}
