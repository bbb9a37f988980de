// Part 3b: instructions per refund, counted by valgrind's callgrind (repeatable where timings
// on a shared machine are not). Each contender runs in a fresh `node` under callgrind twice
// (bench/cpu-loop.mjs over the canned fetch): WARM + SMALL calls and WARM + LARGE calls; the
// difference of the two totals over LARGE − SMALL is the instructions per refund, start-up,
// import, wasm compilation and warm-up cancelling out. `node --single-threaded` (no background
// compiler or GC threads): with them, when their work lands differs from run to run by more
// than 100 refunds' worth, and the difference can even come out negative. JIT compilation and
// GC that fall in the measured calls are counted, on the main thread.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function valgrindAvailable() {
  try {
    const { stdout } = await run("valgrind", ["--version"]);
    return stdout.trim();
  } catch {
    return null;
  }
}

async function totalIr(root, canned, name, calls, out) {
  rmSync(out, { force: true });
  await run("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, "--dump-instr=no", process.execPath, "--single-threaded",
    path.join(root, "bench/cpu-loop.mjs"), canned, name, String(calls.warm), String(calls.n)], { cwd: root, maxBuffer: 64 << 20, timeout: 600_000 });
  if (!existsSync(out)) throw new Error(`callgrind wrote nothing for ${name}`);
  const text = readFileSync(out, "utf8");
  const m = text.match(/^(?:summary|totals):\s*(\d+)/m);
  rmSync(out, { force: true });
  return Number(m[1]);
}

export async function callgrindCounts(root, canned, names, { warm = 150, small = 25, large = 325, log = () => {} } = {}) {
  const result = {};
  for (const name of names) {
    // The two runs side by side (the machine has 2 cores; each run is single-threaded mostly).
    const out = (n) => path.join(root, "target/bench", `callgrind.${name}.${n}.out`);
    const [a, b] = await Promise.all([totalIr(root, canned, name, { warm, n: small }, out(small)), totalIr(root, canned, name, { warm, n: large }, out(large))]);
    result[name] = { instructionsPerCall: (b - a) / (large - small), small: a, large: b };
    log(`callgrind ${name}: ${(result[name].instructionsPerCall / 1000).toFixed(0)} k instructions per refund`);
  }
  return { warm, small, large, perCall: result };
}
