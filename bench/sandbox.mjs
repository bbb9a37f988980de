// Starts the servers the call benchmarks talk to, each in its own process (they must not
// share the benchmark's event loop):
// - a release build of the sandbox (a slow debug server would hide client overhead), built
//   into its own target dir (target/bench, see bench.mk) so the test harness, which prefers
//   target/release, never picks up a stale copy of it. The returned object has the same
//   shape as tests/node/support/sandbox.mjs's.
// - the Stripe-like endpoint (bench/stripe-endpoint.mjs) for stripe-node and its raw floor.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

function listening(child, what) {
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const m = buf.match(/^listening on (http:\/\/127\.0\.0\.1:(\d+))/m);
      if (m) resolve({ url: m[1], port: Number(m[2]) });
    });
    child.on("exit", (code) => reject(new Error(`${what} exited with ${code}`)));
  });
}

export async function startReleaseSandbox(root, args = []) {
  const binary = path.join(root, "target/bench/release/refundkit-sandbox");
  if (!existsSync(binary)) {
    throw new Error("bench: no release sandbox; run `make bench-sandbox` (cargo build --release -p refundkit-sandbox --target-dir target/bench)");
  }
  const child = spawn(binary, ["--port", "0", ...args], { stdio: ["ignore", "pipe", "ignore"] });
  const { url } = await listening(child, "sandbox");
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
    pid: child.pid,
    payroc: { baseUrl: `${url}/payroc/v1`, identityUrl: `${url}/payroc/identity` },
    jpmorgan: { baseUrl: `${url}/jpmorgan/api/v2`, tokenUrl: `${url}/jpmorgan/oauth2/token` },
    commercehub: { baseUrl: `${url}/commercehub/ch` },
    reset: () => admin("POST", "/reset"),
    seed: () => admin("GET", "/seed"),
    stats: () => admin("GET", "/stats"),
    stop: () => new Promise((resolve) => { child.once("exit", resolve); child.kill(); }),
  };
}

export async function startStripeEndpoint(root) {
  const child = spawn(process.execPath, [path.join(root, "bench/stripe-endpoint.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
  const { url, port } = await listening(child, "stripe-like endpoint");
  return { url, port, pid: child.pid, stop: () => new Promise((resolve) => { child.once("exit", resolve); child.kill(); }) };
}
