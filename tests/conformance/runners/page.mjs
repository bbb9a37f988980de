// What a browser page does with the entries it imported: runs the suite against the sandbox
// that served it (same origin, so /_demo and /_sandbox are allowed) with the browser rule,
// and leaves the results on window.__conformance for the Chromium test to read.
import { runSuite } from "../suite.mjs";

export async function runInPage(entries) {
  try {
    window.__conformance = await runSuite(entries, { sandboxUrl: location.origin, entry: "browser" });
  } catch (error) {
    window.__conformance = { error: String(error?.stack ?? error) };
  }
  document.getElementById("state").textContent = "done";
}
