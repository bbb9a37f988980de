// A real PostgreSQL server for the tests, from scripts/postgres.sh (installs Debian's package
// when it is missing). `stop()` stops it and removes its directory; call it in an `after`.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { root } from "./batch.mjs";

const run = promisify(execFile);

export async function startPostgres() {
  const script = path.join(root, "scripts/postgres.sh");
  const { stdout } = await run(script, ["start"], { timeout: 300_000 });
  const url = /^url=(.+)$/m.exec(stdout)?.[1];
  const dir = /^stop=scripts\/postgres\.sh stop (.+)$/m.exec(stdout)?.[1];
  if (!url || !dir) throw new Error(`scripts/postgres.sh start printed no url: ${stdout}`);
  return { url, stop: () => run(script, ["stop", dir], { timeout: 60_000 }).catch(() => {}) };
}
