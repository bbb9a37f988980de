// Compiled with tsc --strict --noEmit (make test): the package's types as a user's code
// meets them. Nothing here runs.
import {
  Money,
  RefundError,
  ValidationError,
  PayrocClient,
  JpMorganClient,
  CommerceHubClient,
  checkCardNumber,
  maskCardNumber,
  idempotencyKeyFor,
  initAsync,
  ready,
  type MoneyInput,
  type RefundEvent,
  type RefundResult,
  type ValidationIssue,
  type ErrorCode,
} from "refundkit";
import { initAsync as initWeb } from "refundkit/web";

export async function usage(): Promise<void> {
  await ready;
  await initAsync();
  await initWeb(new URL("https://cdn.example/refundkit_bg.wasm"));

  const amount: Money = Money.parse("10.00", "USD");
  const minor: number = amount.minor;
  const text: string = Money.fromMinor(1234n, "KWD").format();
  const inputs: MoneyInput[] = [amount, { minor: 1000, currency: "USD" }, { value: "10.00", currency: "USD" }];
  const json: { minor: number; currency: string } = amount.toJSON();

  const issues: ValidationIssue[] = checkCardNumber("4111111111111111");
  const masked: string = maskCardNumber("4111111111111111");
  const key: string = idempotencyKeyFor("order-42", "refunds");

  const onEvent = (e: RefundEvent): string => {
    switch (e.type) {
      case "request":
        return `${e.request.method} ${e.request.url} #${e.attempt}`;
      case "response":
        return `${e.status} in ${e.elapsedMs}ms`;
      case "retry":
        return `retry ${e.retry} after ${e.delayMs}ms (${e.reason})`;
      case "token":
        return `token from ${e.source}`;
    }
  };

  const payroc = new PayrocClient({ apiKey: "key", environment: "uat", onEvent, maxRetries: 2, timeoutMs: 30_000 });
  try {
    const result: RefundResult = await payroc.refund(
      { paymentId: "M2MJOG6O2Y", amount, description: "damaged" },
      { idempotencyKey: key, signal: AbortSignal.timeout(60_000) },
    );
    const status: "succeeded" | "pending" | "declined" | "failed" | "canceled" = result.status;
    const formatted: string | undefined = result.amount?.formatted;
    void [status, formatted];
  } catch (error) {
    if (error instanceof ValidationError) {
      const paths: string[] = error.issues.map((i) => i.path);
      void paths;
    } else if (error instanceof RefundError) {
      const code: ErrorCode = error.code;
      const retry: boolean = error.retryable;
      void [code, retry];
    }
  }
  for await (const payment of payroc.paginate("listPayments", { limit: 50 })) void payment;

  const jpm = new JpMorganClient({
    merchantId: "998482157630",
    environment: "mock",
    clientId: "id",
    clientSecret: "secret",
    merchantSoftware: { companyName: "Acme", productName: "Console", version: "1.0" },
  });
  await jpm.refund({ transactionId: "txn", amount });

  const ch = new CommerceHubClient({ apiKey: "k", apiSecret: "s", merchantId: "100008000003683", terminalId: "10000001", environment: "cert" });
  await ch.refund({ referenceTransactionId: "84356531338", amount });

  void [minor, text, inputs, json, issues, masked];
}
