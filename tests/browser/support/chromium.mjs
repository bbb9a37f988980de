// Debian's headless Chromium, as every browser test and the benchmarks launch it. The
// network here is closed: without the background-networking flags Chromium keeps trying
// to reach its own services.
import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

export function launchChromium() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}
