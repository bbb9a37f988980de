// Compiled with tsc --strict --noEmit (make test) as a Node ESM user (tsconfig.json) and as a
// bundler user (tsconfig.bundler.json): every public method and option as a user's code meets
// them, and `@ts-expect-error` lines for what the package refuses at runtime too. Nothing here runs.
import {
  Money,
  RefundError,
  ValidationError,
  PayrocClient,
  JpMorganClient,
  CommerceHubClient,
  PayrocRefund,
  PayrocUnreferencedRefund,
  PayrocRefundInstruction,
  JpMorganRefund,
  CommerceHubRefund,
  CommerceHubChargeRefund,
  checkCardNumber,
  maskCardNumber,
  idempotencyKeyFor,
  initAsync,
  ready,
  type AmountView,
  type ErrorCode,
  type IssueCode,
  type Lookup,
  type MoneyInput,
  type PreparedRequest,
  type ProviderName,
  type RefundEvent,
  type RefundKind,
  type RefundOutcome,
  type RefundResult,
  type RefundStatus,
  type ValidationIssue,
  type PayrocPaymentView,
  type PayrocRefundInstructionView,
  type PayrocRefundResult,
  type JpMorganPayment,
  type JpMorganRefundResponse,
  type JpMorganRefundResult,
  type CommerceHubRefundResult,
  type BulkRowOutcome,
  type BulkProgress,
  type BulkSummary,
} from "refundkit";
import * as payrocOnly from "refundkit/payroc";
import * as jpmorganOnly from "refundkit/jpmorgan";
import * as commercehubOnly from "refundkit/commercehub";
import { initAsync as initWeb, ready as webReady, PayrocClient as WebPayroc } from "refundkit/web";
import { initAsync as initPayrocWeb, PayrocClient as PayrocWebClient } from "refundkit/payroc/web";
import { JpMorganClient as JpmWebClient } from "refundkit/jpmorgan/web";
import { CommerceHubClient as ChWebClient } from "refundkit/commercehub/web";

declare const signal: AbortSignal;

export async function loading(): Promise<void> {
  await ready;
  await initAsync();
  await webReady;
  await initWeb(new URL("https://cdn.example/refundkit_bg.wasm"));
  await initPayrocWeb("https://cdn.example/payroc/refundkit_bg.wasm");
  await initWeb(fetch("https://cdn.example/refundkit_bg.wasm"));
  void [WebPayroc, PayrocWebClient, JpmWebClient, ChWebClient];
}

export function entries(): void {
  // Each provider's entry has its own client and builders, and the shared names.
  void [payrocOnly.PayrocClient, payrocOnly.PayrocRefund, payrocOnly.Money, payrocOnly.RefundError, payrocOnly.ready];
  void [jpmorganOnly.JpMorganClient, jpmorganOnly.JpMorganRefund, jpmorganOnly.idempotencyKeyFor];
  void [commercehubOnly.CommerceHubClient, commercehubOnly.CommerceHubChargeRefund, commercehubOnly.maskCardNumber];
  // @ts-expect-error: refundkit/payroc has no J.P. Morgan client
  void payrocOnly.JpMorganClient;
  // @ts-expect-error: refundkit/jpmorgan has no Payroc builder
  void jpmorganOnly.PayrocRefund;
  // @ts-expect-error: refundkit/commercehub has no Payroc client
  void commercehubOnly.PayrocClient;
}

export function money(): void {
  const amount: Money = Money.parse("10.00", "USD");
  const minor: number = amount.minor;
  const currency: string = amount.currency;
  const exponent: number = amount.exponent + Money.exponentOf("KWD");
  const text: string = Money.fromMinor(1234n, "KWD").format() + Money.fromMinor(1234, "JPY").display();
  const same: boolean = amount.equals(Money.parse("10", "USD"));
  const json: { minor: number; currency: string } = amount.toJSON();
  const inputs: MoneyInput[] = [amount, { minor: 1000, currency: "USD" }, { value: "10.00", currency: "USD" }];
  amount.free();
  // @ts-expect-error: an amount object needs its currency
  const noCurrency: MoneyInput = { minor: 1000 };
  // @ts-expect-error: decimal text goes in `value`, minor units are a number
  const textMinor: MoneyInput = { minor: "10.00", currency: "USD" };
  // @ts-expect-error: Money has no public constructor
  new Money();
  // @ts-expect-error: the currency is required
  Money.parse("10.00");
  void [minor, currency, exponent, text, same, json, inputs, noCurrency, textMinor, amount.toString()];
}

export function helpers(): void {
  const issues: ValidationIssue[] = checkCardNumber("4111111111111111");
  const field: string = issues[0]?.field ?? "";
  const code: IssueCode | undefined = issues[0]?.code;
  const masked: string = maskCardNumber("4111111111111111");
  const key: string = idempotencyKeyFor("order-42", "refunds") + idempotencyKeyFor("order-43");
  void [field, code, masked, key];
}

const onEvent = (e: RefundEvent): string => {
  switch (e.type) {
    case "request":
      return `${e.request.method} ${e.request.url} #${e.attempt} ${e.idempotencyKey ?? ""}`;
    case "response":
      return `${e.status} in ${e.elapsedMs}ms`;
    case "retry":
      return `retry ${e.retry} after ${e.delayMs}ms (${e.reason}) ${e.error ?? ""}`;
    case "token":
      return `token from ${e.source}, ${e.expiresIn ?? "?"} s`;
  }
};

function useResult(r: RefundResult): void {
  const provider: ProviderName = r.provider;
  const kind: RefundKind = r.kind;
  const status: RefundStatus = r.status;
  const id: string | null = r.refundId;
  const amount: AmountView | null = r.amount;
  const formatted: string | undefined = r.amount?.formatted;
  const left: number | undefined = r.remainingRefundable?.minor;
  const approval: string | undefined = r.approvalCode;
  const words: string = r.providerStatus;
  const key: string | null = r.idempotencyKey;
  const lookup: Lookup | undefined = r.lookup;
  const raw: unknown = r.raw;
  void [provider, kind, status, id, amount, formatted, left, approval, words, key, lookup, raw];
}

function useError(error: unknown): void {
  if (error instanceof ValidationError) {
    const paths: string[] = error.issues.map((i) => `${i.path} (${i.field}): ${i.message} [${i.code}]`);
    const code: "validation" = error.code;
    void [paths, code];
  } else if (error instanceof RefundError) {
    const code: ErrorCode = error.code;
    if (code === "outcome_unknown") {
      const retry: boolean = error.retryable;
      const key: string | undefined = error.idempotencyKey;
      const lookup: Lookup | undefined = error.lookup;
      void [retry, key, lookup];
    }
    const rest = [error.httpStatus, error.provider, error.retryAfterMs, error.details, error.issues, error.message, error.name];
    void rest;
  }
  // @ts-expect-error: not an ErrorCode
  const bad: ErrorCode = "outcome_maybe";
  void bad;
}

export async function payroc(): Promise<void> {
  const client = new PayrocClient({
    apiKey: "key",
    environment: "uat",
    baseUrl: "http://127.0.0.1:1/payroc/v1",
    identityUrl: "http://127.0.0.1:1/payroc/identity",
    maxRetries: 2,
    timeoutMs: 30_000,
    deadlineMs: 120_000,
    fetch: globalThis.fetch,
    onEvent,
    dangerouslyAllowBrowser: false,
  });
  new PayrocClient({ accessToken: "tok", environment: "production" });
  new PayrocClient({ getAccessToken: async () => ({ accessToken: "tok", expiresIn: 300 }), environment: "uat" });
  new PayrocClient({ getAccessToken: () => "tok", baseUrl: "https://merchant.example/payroc" });
  const provider: "payroc" = client.provider;
  const amount = Money.parse("10.00", "USD");
  const opts = { idempotencyKey: "k-1", signal, timeoutMs: 5_000, deadlineMs: 60_000 };

  const payment: PayrocPaymentView = await client.getPayment("M2MJOG6O2Y", opts);
  const left: AmountView = payment.remainingRefundable;
  const page = await client.listPayments({ processingTerminalId: "1234001", last4: "1111", limit: 50, status: ["complete", "ready"], tipMode: "noTip" });
  const next = page.next ? await client.listPayments(page.next) : null;
  const refunds = await client.listRefunds({ dateFrom: "2024-07-01T00:00:00Z", settlementState: "unsettled", after: "abc" }, opts);
  const firstRefund: PayrocRefundResult | undefined = refunds.data[0];
  await client.listPayments();
  for await (const p of client.iteratePayments({ limit: 50 })) void p.paymentId;
  for await (const r of client.iterateRefunds()) useResult(r);
  for await (const p of client.paginate("listPayments", { limit: 10 })) void p.remainingRefundable;
  for await (const r of client.paginate("listRefunds", {}, opts)) void r.refundId;

  useResult(await client.refund({ paymentId: "M2MJOG6O2Y", amount, description: "damaged", operator: "ops", checkRemaining: true }, opts));
  useResult(await client.refund({ paymentId: "M2MJOG6O2Y", description: "refund the rest" }));
  useResult(await client.refund({ paymentId: "M2MJOG6O2Y", amount: { value: "1.00", currency: "USD" }, description: "d" }));
  const reversal = await client.reverse({ paymentId: "M2MJOG6O2Y", amount, operator: "ops" }, opts);
  const either = await client.reverseOrRefund({ paymentId: "M2MJOG6O2Y", description: "cancelled order" });
  const kind: "reversal" | "refund" = either.kind;
  useResult(await client.syncRefund(reversal));
  useResult(await client.getRefund("R2MJOG6O2Y"));
  useResult(
    await client.unreferencedRefund({
      channel: "web",
      processingTerminalId: "1234001",
      order: { orderId: "o-1", description: "goodwill", amount: 1000, currency: "USD" },
      refundMethod: { type: "card", card: { cardNumber: "4111 1111 1111 1111", expiry: { month: 12, year: 2030 }, cvv: "123" } },
    }),
  );
  await client.unreferencedRefund({
    channel: "moto",
    processingTerminalId: "1234001",
    order: { orderId: "o-2", description: "goodwill", amount },
    refundMethod: { type: "secureToken", token: "tok", secCode: "web" },
  });

  const ins: PayrocRefundInstructionView = await client.submitRefundInstruction({
    serialNumber: "1850010868",
    processingTerminalId: "1234001",
    order: { orderId: "o-3", amount },
    customizationOptions: { entryMethod: "deviceRead" },
  });
  const again: PayrocRefundInstructionView = await client.getRefundInstruction(ins.refundInstructionId);
  const done = await client.waitForRefundInstruction(ins, { signal, onStatus: (i) => void i.status });
  await client.waitForRefundInstruction(ins.refundInstructionId);
  await client.cancelRefundInstruction(ins);

  // Unknown outcomes: resolve them with the error itself, or wait for a pending one.
  try {
    await client.refund({ paymentId: "M2MJOG6O2Y", amount, description: "d" });
  } catch (error) {
    if (error instanceof RefundError && error.code === "outcome_unknown") {
      useResult(await client.syncRefund(error, { signal }));
    }
    useError(error);
  }
  const final = await client.waitForFinal(done, { schedule: [0, 1_000, 5_000], onStatus: (r) => void r.status, signal, deadlineMs: 60_000 });
  const stored: RefundOutcome = { provider: "payroc", refundId: null, idempotencyKey: "k-1", lookup: { kind: "refund", sentAt: 0 } };
  await client.waitForFinal(stored);

  // Builders.
  const builder = new PayrocRefund({ paymentId: "M2MJOG6O2Y" }).set("amount", amount).set("description", "damaged").set("operator", undefined);
  const kindName: "PayrocRefund" = builder.kind;
  const issues: ValidationIssue[] = builder.validate();
  const fields = builder.build();
  const logged: { kind: "PayrocRefund" } = builder.toJSON();
  const request: PreparedRequest = client.prepare(builder, { idempotencyKey: "k-2" });
  useResult(await client.send(builder, opts));
  const sentIns: PayrocRefundInstructionView = await client.send(new PayrocRefundInstruction({ serialNumber: "1850010868" }));
  await client.send(new PayrocUnreferencedRefund().set("channel", "pos"));
  void [PayrocRefund.kind, String(builder)];

  // Bulk (refundMany's outcome shape is still settling; docs/BULK.md).
  const rows = [{ rowId: "1", paymentId: "M2MJOG6O2Y", amount, description: "recall" }];
  const run = client.refundMany(rows, { batchId: "recall-7", concurrency: 8, dryRun: true, maxRows: 100, maxTotal: { USD: "1000.00" }, onProgress: (p) => void p.done, signal });
  for await (const outcome of run) {
    const row: BulkRowOutcome<PayrocRefundResult> = outcome;
    void [row.rowId, row.status, row.idempotencyKey];
  }
  const summary: BulkSummary = await run;
  const figures: BulkProgress | null = run.progress;
  run.stop();
  void [summary.batchId, summary.succeeded, figures];
  await client.refundMany([], { batchId: "b", maxTotal: [amount, Money.parse("100", "JPY")], journal: {} });
  client.refundMany([{ line: 2, record: { row_id: "1", reference: "M2MJOG6O2Y", amount: "1.00", currency: "USD", reason: "r" } }], { batchId: "b", format: "csv" });

  // ---- what the package refuses at runtime, refused here too
  // @ts-expect-error: a misspelled key (amout) is a ValidationError, not a full refund
  await client.refund({ paymentId: "M2MJOG6O2Y", amout: amount, description: "d" });
  // @ts-expect-error: description is required
  await client.refund({ paymentId: "M2MJOG6O2Y", amount });
  // @ts-expect-error: a float-less amount object without its currency
  await client.refund({ paymentId: "M2MJOG6O2Y", amount: { minor: 1000 }, description: "d" });
  // @ts-expect-error: `null` does not mean "everything": leave amount out
  await client.refund({ paymentId: "M2MJOG6O2Y", amount: null, description: "d" });
  // @ts-expect-error: a misspelled per-call option (idempotency_key)
  await client.getPayment("M2MJOG6O2Y", { idempotency_key: "k" });
  // @ts-expect-error: schedule is waitForFinal's option, not refund's
  await client.refund({ paymentId: "M2MJOG6O2Y", description: "d" }, { schedule: [1] });
  // @ts-expect-error: waitForFinal's schedule is a list of milliseconds, not strings
  await client.waitForFinal(done, { schedule: ["1m", "5m"] });
  // @ts-expect-error: a misspelled client option (maxRetry)
  new PayrocClient({ apiKey: "k", environment: "uat", maxRetry: 1 });
  // @ts-expect-error: not an environment
  new PayrocClient({ apiKey: "k", environment: "staging" });
  // @ts-expect-error: J.P. Morgan's method is not on a Payroc client
  await client.standaloneRefund({ card: { accountNumber: "4111111111111111", expiry: { month: 1, year: 2030 } }, amount });
  // @ts-expect-error: a filter of listPayments only
  await client.listRefunds({ tipMode: "noTip" });
  // @ts-expect-error: paginate walks list methods only
  client.paginate("getPayment");
  // @ts-expect-error: a J.P. Morgan builder is not sent by a Payroc client
  await client.send(new JpMorganRefund({ transactionId: "t" }));
  // @ts-expect-error: builders know their fields
  new PayrocRefund().set("amout", amount);
  // @ts-expect-error: refundMany needs a batchId
  client.refundMany(rows, { concurrency: 2 });
  void [provider, left, next, firstRefund, kind, again, final, kindName, issues, fields, logged, request, sentIns];
}

export async function jpmorgan(): Promise<void> {
  const client = new JpMorganClient({
    merchantId: "998482157630",
    environment: "mock",
    clientId: "id",
    clientSecret: "secret",
    tokenUrl: "https://idp.example/token",
    scope: "jpm:payments:sandbox",
    merchantSoftware: { companyName: "Acme", productName: "Console", version: "1.0" },
    maxRetries: 1,
    deadlineMs: 60_000,
    onEvent,
  });
  new JpMorganClient({ merchantId: "m", baseUrl: "https://merchant.example/jpm", merchantSoftware: { companyName: "A", productName: "B" } });
  new JpMorganClient({ merchantId: "m", environment: "cat", getAccessToken: async () => "tok", merchantSoftware: { companyName: "A", productName: "B" } });
  const provider: "jpmorgan" = client.provider;
  const amount = Money.parse("10.00", "USD");

  const full: JpMorganRefundResult = await client.refund({ transactionId: "txn" });
  await client.refund({ transactionId: "txn", amount }, { idempotencyKey: "k" });
  await client.refund({ captureId: "cap", amount });
  await client.standaloneRefund({ card: { accountNumber: "4111111111111111", expiry: { month: 12, year: 2030 } }, amount, initiatorType: "MERCHANT", accountOnFile: "NOT_STORED" });
  useResult(await client.reverse({ transactionId: "txn", amount }));
  useResult(await client.reverseOrRefund({ transactionId: "txn" }));
  useResult(await client.syncRefund(full));
  useResult(await client.waitForFinal(full, { schedule: [60_000], onStatus: (r) => void r.kind }));
  const raw: JpMorganRefundResponse = await client.getRefund("txn");
  const byRequest: JpMorganRefundResponse = await client.getRefundByRequestId(full.idempotencyKey ?? "");
  const payment: JpMorganPayment = await client.getPayment("txn", { signal });
  const left: number | undefined = payment.remainingRefundable?.minor;
  const builder = new JpMorganRefund({ captureId: "cap" }).set("amount", { value: "1.00", currency: "USD" });
  const request: PreparedRequest = client.prepare(builder);
  useResult(await client.send(builder));
  client.refundMany([{ rowId: "1", transactionId: "txn" }], { batchId: "b" });

  // @ts-expect-error: exactly one of transactionId or captureId
  await client.refund({ transactionId: "txn", captureId: "cap" });
  // @ts-expect-error: a card refund is standaloneRefund()
  await client.refund({ card: { accountNumber: "4111111111111111", expiry: { month: 1, year: 2030 } }, amount });
  // @ts-expect-error: a standalone refund needs its amount
  await client.standaloneRefund({ card: { accountNumber: "4111111111111111", expiry: { month: 1, year: 2030 } } });
  // @ts-expect-error: merchantSoftware is required
  new JpMorganClient({ merchantId: "m", environment: "mock", clientId: "i", clientSecret: "s" });
  // @ts-expect-error: Payroc-only method on a J.P. Morgan client
  await client.listPayments({});
  // @ts-expect-error: Payroc-only method on a J.P. Morgan client
  await client.submitRefundInstruction({ serialNumber: "s", processingTerminalId: "1234001", order: { orderId: "o", amount } });
  // @ts-expect-error: Commerce Hub-only method on a J.P. Morgan client
  await client.refundCharge("txn");
  // @ts-expect-error: J.P. Morgan has nothing to paginate
  client.paginate("listPayments");
  void [provider, raw, byRequest, left, request];
}

export async function commercehub(): Promise<void> {
  const client = new CommerceHubClient({
    apiKey: "k",
    apiSecret: "s",
    merchantId: "100008000003683",
    terminalId: "10000001",
    environment: "cert",
    timeoutMs: 10_000,
  });
  new CommerceHubClient({ apiKey: "k", sign: async (message) => message, merchantId: "m", terminalId: "t", baseUrl: "https://merchant.example/ch" });
  const provider: "commercehub" = client.provider;
  const amount = Money.parse("12.34", "USD");
  const pin = {
    sourceType: "PaymentEMV" as const,
    emvData: "9F02...",
    encryptionData: { encryptionType: "ON_GUARD", encryptionTarget: "TRACK_2", encryptionBlock: "abc", keyId: "k" },
    pinBlock: { encryptedPin: "pin", keySerialNumber: "ksn" },
  };

  const r: CommerceHubRefundResult = await client.refund({ referenceTransactionId: "84356531338", amount, referenceTransactionType: "CHARGES" });
  await client.refund({ referenceMerchantTransactionId: "order-1", merchantTransactionId: "refund-1", source: pin });
  await client.refundCharge("84356531338");
  await client.refundCharge("84356531338", { amount }, { idempotencyKey: "k" });
  useResult(await client.reverse({ referenceTransactionId: "84356531338", amount, reversalReasonCode: "VOID", merchantTransactionId: "cancel-1" }));
  useResult(await client.reverseOrRefund({ referenceMerchantTransactionId: "order-1", source: pin }));
  useResult(await client.syncRefund(r));
  useResult(await client.waitForFinal(r, { onStatus: (x) => void x.status }));
  const tagged = new CommerceHubRefund({ referenceTransactionId: "84356531338" });
  const uri = new CommerceHubChargeRefund({ transactionId: "84356531338" }).set("amount", amount);
  const request: PreparedRequest = client.prepare(uri);
  useResult(await client.send(tagged));
  useResult(await client.send(uri));
  client.refundMany([{ rowId: "1", referenceTransactionId: "84356531338" }], { batchId: "b", journal: {} });

  // @ts-expect-error: exactly one reference
  await client.refund({ referenceTransactionId: "a", referenceMerchantTransactionId: "b" });
  // @ts-expect-error: a reference is required
  await client.refund({ amount });
  // @ts-expect-error: a PIN-based source needs its pinBlock
  await client.refund({ referenceTransactionId: "a", source: { sourceType: "PaymentTrack", encryptionData: pin.encryptionData } });
  // @ts-expect-error: a cancel carries no source
  await client.reverse({ referenceTransactionId: "a", source: pin });
  // @ts-expect-error: Commerce Hub takes no access token
  new CommerceHubClient({ apiKey: "k", apiSecret: "s", merchantId: "m", terminalId: "t", environment: "cert", accessToken: "x" });
  // @ts-expect-error: Payroc-only method on a Commerce Hub client
  await client.getPayment("M2MJOG6O2Y");
  // @ts-expect-error: Payroc and J.P. Morgan only
  await client.getRefund("x");
  // @ts-expect-error: a Payroc builder is not sent by a Commerce Hub client
  await client.send(new PayrocRefund());
  void [provider, request];
}
