// The refundkit demo: starts the sandbox (a local stand-in for all three providers), then
// runs each section in examples/demo/ in name order and prints what it did.
//
// A section is a file examples/demo/NN-name.mjs exporting `title` and a default async
// function that receives { refundkit, sandbox, seed, say } and uses refundkit as a user's
// code would. Providers add their own section (10-payroc.mjs, 20-jpmorgan.mjs, ...).
//
//   node examples/demo.mjs            (make demo builds the package and the sandbox first)
//   node examples/demo.mjs payroc     only the sections whose file name contains "payroc"
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as refundkit from "refundkit";
import { startSandbox } from "../tests/node/support/sandbox.mjs";

const sectionsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "demo");
const only = process.argv[2];

const files = (await readdir(sectionsDir))
  .filter((f) => /^\d+-.+\.mjs$/.test(f) && (!only || f.includes(only)))
  .sort();

const sandbox = await startSandbox();
console.log(`sandbox: ${sandbox.url} (admin API at ${sandbox.url}/_sandbox/)`);
let failed = 0;
try {
  const seed = await sandbox.seed();
  for (const file of files) {
    const section = await import(pathToFileURL(path.join(sectionsDir, file)));
    console.log(`\n== ${section.title ?? file} ==`);
    const say = (label, value) =>
      console.log(`  ${label}${value === undefined ? "" : ": " + (typeof value === "string" ? value : JSON.stringify(value))}`);
    try {
      await section.default({ refundkit, sandbox, seed, say });
    } catch (error) {
      failed++;
      console.log(`  FAILED: ${error?.name ?? "Error"}: ${error?.message ?? error}`);
      if (error?.issues) console.log(`  issues: ${JSON.stringify(error.issues)}`);
    }
  }
  const ledger = await sandbox.ledger();
  console.log(`\nsandbox ledger: ${ledger.length} refund(s) made`);
  for (const entry of ledger) console.log(`  ${JSON.stringify(entry)}`);
} finally {
  await sandbox.stop();
}
if (failed) {
  console.log(`\n${failed} demo section(s) failed`);
  process.exitCode = 1;
}
