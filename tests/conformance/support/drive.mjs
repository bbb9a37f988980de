// How a Node test drives one runtime through the suite: start a sandbox, let the runtime
// run every case against it, then report each case as its own node:test test, so a
// failure names the runtime and the case ("Deno › redaction: ...").
import { describe, before, after, test } from "node:test";
import { spawn } from "node:child_process";
import { CASE_NAMES } from "../suite.mjs";
import { MARKER } from "../runners/cli.mjs";
import { startSandbox } from "../../node/support/sandbox.mjs";
import { root } from "./runtimes.mjs";

const RUN_TIMEOUT_MS = 120_000;

/**
 * One describe block per runtime: `run(sandbox)` runs the suite there and resolves to its
 * results. `sandboxArgs` are extra flags for the sandbox (a page to serve, say);
 * `prepare()` runs before the sandbox starts (a build whose output it serves).
 */
export function conformance(label, run, { sandboxArgs = [], prepare } = {}) {
  describe(label, () => {
    let sandbox, results, failure;
    before(async () => {
      try {
        await prepare?.();
        sandbox = await startSandbox(sandboxArgs);
        results = await run(sandbox);
      } catch (error) {
        failure = error;
      }
    }, { timeout: RUN_TIMEOUT_MS + 10_000 });
    after(() => sandbox?.stop());

    for (const name of CASE_NAMES) {
      test(name, (t) => {
        if (failure) throw failure;
        const result = results.find((r) => r.name === name);
        if (!result) throw new Error(`${label} reported no result for this case`);
        for (const note of result.notes ?? []) t.diagnostic(note);
        if (!result.ok) throw new Error(`in ${label}:\n${result.error}`);
      });
    }
  });
}

/** Runs a command-line runner (Node, Bun, Deno) and reads the results it prints. */
export function runRunner(command, args, { env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split("\n").find((l) => l.startsWith(MARKER));
      if (line) return resolve(JSON.parse(line.slice(MARKER.length)));
      const why = signal ? `was killed (${signal})` : `exited with ${code}`;
      reject(new Error(`${[command, ...args].join(" ")} ${why} without results.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    });
  });
}
