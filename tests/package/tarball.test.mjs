// The package as npm publishes it: `npm pack` of pkg/, checked by publint (--strict: a
// warning fails too) and @arethetypeswrong/cli, then installed from the tarball (a real
// copy in node_modules, not the repo's symlink) into a fresh project, where a user's
// scripts run against the sandbox in Node (ESM and CommonJS), Deno and Bun, and Deno
// type-checks a TypeScript user's file against its types.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { closeSync, copyFileSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startSandbox } from "../node/support/sandbox.mjs";
import { root, runtimeBinary } from "../conformance/support/runtimes.mjs";

const run = promisify(execFile);
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const here = path.join(root, "tests/package/installed");

let work, tarball, project, sandbox, args;

/** Runs a command; on failure the error carries its whole output. */
async function sh(command, argv, options = {}) {
  try {
    return await run(command, argv, { maxBuffer: 16 * 1024 * 1024, ...options });
  } catch (error) {
    error.message += `\nstdout:\n${error.stdout}\nstderr:\n${error.stderr}`;
    throw error;
  }
}

before(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "refundkit-tarball-"));
  const { stdout } = await sh("npm", ["pack", "--json", "--pack-destination", work], { cwd: path.join(root, "pkg") });
  tarball = path.join(work, JSON.parse(stdout)[0].filename);

  // A fresh project, as `npm init -y && npm install refundkit` leaves it. npm's own cache
  // (filled by the repo's `npm ci`) serves any dependency the package may have.
  project = path.join(work, "app");
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "refund-app", version: "1.0.0", private: true }, null, 2));
  await sh("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: project });
  for (const file of ["usage.mjs", "usage.cjs", "usage.ts"]) copyFileSync(path.join(here, file), path.join(project, file));

  sandbox = await startSandbox();
  const seed = await sandbox.seed();
  args = [sandbox.url, seed.payroc.apiKey, seed.payroc.payments.find((p) => p.currency === "USD" && p.state === "settled").id];
});

after(async () => {
  await sandbox?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("publint --strict finds nothing in the tarball", async () => {
  const { stdout } = await sh(bin("publint"), ["run", "--strict", tarball]);
  assert.match(stdout, /All good!/);
});

test("@arethetypeswrong/cli finds no problem in the tarball", async () => {
  // attw exits with 1 when it finds a problem, before a pipe has taken all its output: so
  // its JSON goes to a file, and the problems are listed a line each.
  const report = path.join(work, "attw.json");
  const out = openSync(report, "w");
  await new Promise((resolve, reject) => spawn(bin("attw"), [tarball, "--format", "json"], { stdio: ["ignore", out, "inherit"] }).on("error", reject).on("close", resolve));
  closeSync(out);
  const { analysis } = JSON.parse(readFileSync(report, "utf8"));
  const problems = (analysis.problems ?? []).map((p) => `${p.kind} at ${p.entrypoint ?? "the package"} (${p.resolutionKind ?? "any resolution"})`);
  assert.deepEqual(problems, []);
  for (const entry of [".", "./payroc", "./jpmorgan", "./commercehub", "./web", "./payroc/web", "./jpmorgan/web", "./commercehub/web"]) {
    assert.ok(entry in analysis.entrypoints, `attw checked ${entry}`);
  }
});

test("npm installed a copy of the package, not a link", () => {
  const installed = path.join(project, "node_modules", "refundkit");
  assert.ok(lstatSync(installed).isDirectory() && !lstatSync(installed).isSymbolicLink());
});

/** The user's script's answer, after a real refund against the sandbox. */
async function usage(command, argv, resolvedFile) {
  const { stdout } = await sh(command, [...argv, ...args], { cwd: project, env: { ...process.env, NO_COLOR: "1" } });
  const answer = JSON.parse(stdout.trim().split("\n").pop());
  assert.deepEqual(
    { ...answer, resolved: path.basename(answer.resolved) },
    { status: "succeeded", amount: { minor: 100, currency: "USD", formatted: "1.00" }, invalid: true, jpmorgan: "function", resolved: resolvedFile },
  );
  assert.ok(answer.resolved.includes(path.join(project, "node_modules", "refundkit")), `resolved inside the project: ${answer.resolved}`);
}

test("Node ESM: import from the installed package refunds", () => usage(process.execPath, ["usage.mjs"], "index-node.mjs"));

test("Node CommonJS: require of the installed package refunds", () => usage(process.execPath, ["usage.cjs"], "index-node.cjs"));

test("Deno: the installed package through its deno entry, network permission only", () =>
  usage(runtimeBinary("deno"), ["run", "--no-lock", "--no-prompt", `--allow-net=${new URL(args[0]).host}`, "usage.mjs"], "index-deno.mjs"));

test("Bun: the installed package through its node entry", () => usage(runtimeBinary("bun"), ["usage.mjs"], "index-node.mjs"));

test("Deno: deno check of a TypeScript user's file against the installed types", async () => {
  const { stdout, stderr } = await sh(runtimeBinary("deno"), ["check", "--no-lock", "usage.ts"], { cwd: project, env: { ...process.env, NO_COLOR: "1" } });
  assert.doesNotMatch(stdout + stderr, /error/i);
});
