// One contender's refunds over the canned fetch (bench/canned.mjs), in a process of its own:
// what bench/callgrind.mjs runs under valgrind. Reads the recorded answers from a file.
//   node bench/cpu-loop.mjs CANNED.json CONTENDER WARM N
import { readFileSync } from "node:fs";
import { cannedContenders } from "./canned.mjs";

const [file, name, warm, n] = process.argv.slice(2);
const c = await cannedContenders(JSON.parse(readFileSync(file, "utf8")));
if (!c[name]) throw new Error(`cpu-loop: no contender ${name}`);
for (let i = 0; i < Number(warm) + Number(n); i++) await c[name]();
