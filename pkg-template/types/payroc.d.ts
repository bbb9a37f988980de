// PLACEHOLDER until the Payroc engineer writes the real declarations (replace this file whole).
import type { MoneyInput, RefundResult, CallOptions, ClientBaseOptions, ValidationIssue, PreparedRequest, Paginating } from "./core.js";

export interface PayrocClientOptions extends ClientBaseOptions {
  apiKey?: string;
  environment?: "uat" | "production";
  baseUrl?: string;
  identityUrl?: string;
}

export declare class PayrocRefund {
  constructor(fields?: Record<string, unknown>);
  set(field: string, value: unknown): this;
  readonly kind: string;
  validate(): ValidationIssue[];
  build(): Record<string, unknown>;
  toJSON(): Record<string, unknown>;
}
export declare class PayrocUnreferencedRefund extends PayrocRefund {}
export declare class PayrocRefundInstruction extends PayrocRefund {}

export interface PayrocClient extends Paginating {}
export declare class PayrocClient {
  constructor(options: PayrocClientOptions);
  getPayment(paymentId: string, options?: CallOptions): Promise<unknown>;
  listPayments(filters?: Record<string, unknown>, options?: CallOptions): Promise<{ data: unknown[]; next: unknown }>;
  refund(input: { paymentId: string; amount?: MoneyInput; description: string }, options?: CallOptions): Promise<RefundResult>;
  unreferencedRefund(input: Record<string, unknown>, options?: CallOptions): Promise<RefundResult>;
  getRefund(refundId: string, options?: CallOptions): Promise<unknown>;
  submitRefundInstruction(input: Record<string, unknown>, options?: CallOptions): Promise<{ refundInstructionId: string }>;
  waitForRefundInstruction(id: string, options?: CallOptions & { onStatus?: (status: unknown) => void }): Promise<RefundResult>;
  cancelRefundInstruction(id: string, options?: CallOptions): Promise<unknown>;
  send(builder: PayrocRefund, options?: CallOptions): Promise<RefundResult>;
  prepare(builder: PayrocRefund, options?: CallOptions): PreparedRequest;
}
