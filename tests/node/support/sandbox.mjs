// Starts the real refundkit-sandbox binary on a free port and talks to its admin API.
// Every package test runs against this process over HTTP; nothing of ours is mocked.
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The most recently built sandbox binary (debug from `make`, release from `make bench`). */
function binaryPath() {
  const built = ["release", "debug"]
    .map((profile) => path.join(root, "target", profile, "refundkit-sandbox"))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (built.length === 0) throw new Error("refundkit-sandbox is not built: run `make sandbox-bin` (cargo build -p refundkit-sandbox)");
  return built[0];
}

/** Starts a sandbox; `args` are extra CLI flags such as ["--token-lifetime", "2"]. */
export async function startSandbox(args = []) {
  const child = spawn(binaryPath(), ["--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const logs = [];
  child.stderr.on("data", (d) => logs.push(d.toString()));
  const url = await new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d.toString();
      const m = buf.match(/^listening on (http:\/\/127\.0\.0\.1:\d+)/m);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${logs.join("")}`)));
  });
  const admin = async (method, route, body) => {
    const res = await fetch(url + "/_sandbox" + route, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`admin ${method} ${route}: ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text ? JSON.parse(text) : null;
  };
  return {
    url,
    logs,
    payroc: { baseUrl: url + "/payroc/v1", identityUrl: url + "/payroc/identity" },
    jpmorgan: { baseUrl: url + "/jpmorgan/api/v2", tokenUrl: url + "/jpmorgan/oauth2/token" },
    commercehub: { baseUrl: url + "/commercehub/ch" },
    reset: () => admin("POST", "/reset"),
    seed: () => admin("GET", "/seed"),
    ledger: () => admin("GET", "/ledger"),
    stats: () => admin("GET", "/stats"),
    setFault: (fault) => admin("POST", "/faults", fault),
    clearFaults: () => admin("DELETE", "/faults"),
    present: (serialNumber) => admin("POST", `/devices/${encodeURIComponent(serialNumber)}/present`),
    finalize: (provider, refundId, outcome) => admin("POST", `/refunds/${provider}/${encodeURIComponent(refundId)}/finalize`, { outcome }),
    settle: (provider) => admin("POST", "/settle", provider ? { provider } : undefined),
    stop: () => new Promise((resolve) => { child.once("exit", resolve); child.kill(); }),
  };
}
