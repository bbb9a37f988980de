// Starts a release build of the sandbox for the benchmarks (a slow debug server would hide
// client overhead). It is built into its own target dir (target/bench, see bench.mk) so the
// test harness, which prefers target/release, never picks up a stale copy of it. The
// returned object has the same shape as tests/node/support/sandbox.mjs's.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export async function startReleaseSandbox(root, args = []) {
  const binary = path.join(root, "target/bench/release/refundkit-sandbox");
  if (!existsSync(binary)) {
    throw new Error("bench: no release sandbox; run `make bench` (cargo build --release -p refundkit-sandbox --target-dir target/bench)");
  }
  const child = spawn(binary, ["--port", "0", ...args], { stdio: ["ignore", "pipe", "ignore"] });
  const url = await new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const m = buf.match(/^listening on (http:\/\/127\.0\.0\.1:\d+)/m);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const admin = async (method, route, body) => {
    const res = await fetch(`${url}/_sandbox${route}`, {
      method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`admin ${method} ${route}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  };
  return {
    url,
    payroc: { baseUrl: `${url}/payroc/v1`, identityUrl: `${url}/payroc/identity` },
    reset: () => admin("POST", "/reset"),
    seed: () => admin("GET", "/seed"),
    stop: () => new Promise((resolve) => { child.once("exit", resolve); child.kill(); }),
  };
}
