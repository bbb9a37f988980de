// A Deno user's TypeScript against the installed package's types (`deno check`): the
// deno condition's types, the per-provider entry's, and a misuse that must not compile.
import { Money, PayrocClient, ValidationError, type RefundResult } from "npm:refundkit";
import { JpMorganClient } from "npm:refundkit/jpmorgan";

const amount: Money = Money.parse("1.00", "USD");
const payroc = new PayrocClient({ apiKey: "key" });
export const refund: Promise<RefundResult> = payroc.refund({ paymentId: "M2MJOG6O2Y", amount, description: "typed" });
export const client: typeof JpMorganClient = JpMorganClient;
export const isInvalid = (e: unknown): boolean => e instanceof ValidationError;
// @ts-expect-error: an amount is text, never a number
Money.parse(1, "USD");
