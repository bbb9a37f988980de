// What a command-line runner (Node, Bun, Deno) does with the entries it imported: runs the
// suite against the sandbox URL it was given and prints the results on one marked line,
// which support/drive.mjs reads back.
import { runSuite } from "../suite.mjs";

export const MARKER = "refundkit-conformance-results ";

export async function runAndPrint(entries, sandboxUrl) {
  if (!sandboxUrl) throw new Error("usage: <runner> SANDBOX_URL");
  const results = await runSuite(entries, { sandboxUrl, entry: "server" });
  console.log(MARKER + JSON.stringify(results));
}
