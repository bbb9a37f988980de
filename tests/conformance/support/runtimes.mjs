// Deno, Bun and workerd as the npm devDependencies installed them. Each ships its binary in
// a platform package (an optional dependency); the wrapper package's install script links
// or moves it into the wrapper (bun's moves it, leaving the platform package empty). npm
// may skip install scripts (--ignore-scripts, some CI settings), and then bun's
// node_modules/.bin/bun is a stub that only prints an error. So the platform package's
// binary comes first, and node_modules/.bin (unless it is that stub) second.
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const requireFromRoot = createRequire(path.join(root, "package.json"));
const windows = process.platform === "win32";
const exe = windows ? ".exe" : "";

function isMusl() {
  if (process.platform !== "linux") return false;
  return !process.report?.getReport()?.header?.glibcVersionRuntime;
}

/** The platform package and the binary's path inside it, per runtime (as each wrapper names them). */
function platformBinary(runtime) {
  const arch = process.arch;
  switch (runtime) {
    case "deno": {
      const os = process.platform === "linux" ? `linux-${arch}-glibc` : `${process.platform}-${arch}`;
      return [`@deno/${os}`, `deno${exe}`];
    }
    case "bun": {
      const os = windows ? "windows" : process.platform;
      const cpu = arch === "arm64" ? "aarch64" : arch;
      return [`@oven/bun-${os}-${cpu}${isMusl() ? "-musl" : ""}`, `bin/bun${exe}`];
    }
    case "workerd": {
      const os = windows ? "windows" : process.platform;
      return [`@cloudflare/workerd-${os}-${arch === "x64" ? "64" : arch}`, `bin/workerd${exe}`];
    }
    default:
      throw new Error(`unknown runtime ${runtime}`);
  }
}

/** The path of a runtime's executable; throws with what to run when it is not installed. */
export function runtimeBinary(runtime) {
  const [pkg, file] = platformBinary(runtime);
  try {
    const dir = path.dirname(requireFromRoot.resolve(`${pkg}/package.json`));
    if (existsSync(path.join(dir, file))) return path.join(dir, file);
  } catch {
    // Not installed under that name: try the wrapper's bin below.
  }
  const bin = path.join(root, "node_modules", ".bin", runtime + (windows ? ".cmd" : ""));
  if (existsSync(bin) && !isStub(bin)) return bin;
  throw new Error(`${runtime} is not installed: run \`npm ci\` (scripts/setup.sh) in ${root}`);
}

/** Bun's placeholder before its install script runs is a shell script that only errors. */
function isStub(file) {
  const head = readFileSync(file).subarray(0, 200).toString("latin1");
  return head.includes("postinstall script was not run");
}
