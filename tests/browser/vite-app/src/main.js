// A user's Vite app: imports the package by name; `vite build` bundles it and the .wasm.
import * as refundkit from "refundkit";
import { moneyChecks } from "../../plain/money-checks.mjs";

window.__results = await moneyChecks(refundkit);
document.getElementById("state").textContent = "done";
