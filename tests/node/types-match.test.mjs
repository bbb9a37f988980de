// The hand-written declarations against what the built package does (issue 13: "types that
// cannot drift"). For every entry point, through the package's own exports:
// - the core's operation table (core.operations(provider), the Rust OPERATIONS table) has a
//   declared method of the same name on that provider's client, taking the same number of
//   arguments and, last, exactly the per-call options the core accepts for it;
// - the methods declared on each client class equal the methods the runtime client has;
// - the values each entry's .d.ts/.d.cts exports equal what the entry exports at runtime;
// - the shipped declarations compile without an error.
// Uses the TypeScript compiler API on the shipped pkg/ (node_modules/refundkit). No network.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

const require = createRequire(import.meta.url);
const pkgDir = realpathSync(path.dirname(require.resolve("refundkit/package.json")));

/** The keys every method takes last (CALL_OPTIONS in src/send/options.rs). */
const CALL_OPTIONS = ["idempotencyKey", "signal", "timeoutMs", "deadlineMs"];
const CLIENTS = { payroc: "PayrocClient", jpmorgan: "JpMorganClient", commercehub: "CommerceHubClient" };

/** Entry points as Node resolves them: the specifier, its wasm build, its declaration files. */
const ENTRIES = [
  { specifier: "refundkit", build: "all", dts: ["index.d.ts", "index.d.cts"] },
  { specifier: "refundkit/payroc", build: "payroc", dts: ["payroc.d.ts", "payroc.d.cts"] },
  { specifier: "refundkit/jpmorgan", build: "jpmorgan", dts: ["jpmorgan.d.ts", "jpmorgan.d.cts"] },
  { specifier: "refundkit/commercehub", build: "commercehub", dts: ["commercehub.d.ts", "commercehub.d.cts"] },
  { specifier: "refundkit/web", build: "all", dts: ["web.d.ts", "web.d.cts"] },
];

/** The core of one build, instantiated on its own (the table the package's classes are made from). */
function loadCore(build) {
  const core = require(path.join(pkgDir, build, "refundkit.cjs"));
  core.initSync({ module: readFileSync(path.join(pkgDir, build, "refundkit_bg.wasm")) });
  return core;
}

/** `[[name, op, argCount, extraOptions]]` per provider of a build, without internal rows. */
function operationTable(build) {
  const core = loadCore(build);
  const table = {};
  for (const provider of JSON.parse(core.providers())) {
    table[provider] = JSON.parse(core.operations(provider)).filter(([name]) => !name.startsWith("$"));
  }
  return table;
}

/** Every method a runtime object answers, up its prototype chain (accessors left out). */
function runtimeMethods(Class) {
  const names = new Set();
  for (let proto = Class.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== "constructor" && typeof d.value === "function") names.add(name);
    }
  }
  return [...names].sort();
}

// One program over every shipped entry declaration, compiled as a strict nodenext user would.
const roots = ENTRIES.flatMap((e) => e.dts.map((f) => path.join(pkgDir, f)));
const program = ts.createProgram(roots, {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  types: [],
  skipLibCheck: false,
});
const checker = program.getTypeChecker();

function resolved(symbol) {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The exports of one declaration file: name → symbol (aliases followed). */
function declaredExports(file) {
  const source = program.getSourceFile(path.join(pkgDir, file));
  assert.ok(source, `${file} is in the package`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  assert.ok(moduleSymbol, `${file} is a module`);
  return new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.getName(), resolved(s)]));
}

/** Names exported as values (classes, functions, constants), not types only. */
function declaredValues(file) {
  return [...declaredExports(file)].filter(([, s]) => s.flags & ts.SymbolFlags.Value).map(([n]) => n).sort();
}

/** The declared methods of an exported class: name → call signatures. */
function declaredMethods(file, className) {
  const symbol = declaredExports(file).get(className);
  assert.ok(symbol && symbol.flags & ts.SymbolFlags.Class, `${file} declares class ${className}`);
  const instance = checker.getDeclaredTypeOfSymbol(symbol);
  const methods = new Map();
  for (const prop of checker.getPropertiesOfType(instance)) {
    if (!(prop.flags & ts.SymbolFlags.Method)) continue;
    const type = checker.getTypeOfSymbol(prop);
    methods.set(prop.getName(), checker.getSignaturesOfType(type, ts.SignatureKind.Call));
  }
  return methods;
}

/** The property names of a signature's parameter `index` (undefined stripped), or null when it has none. */
function optionKeys(signature, index) {
  const param = signature.getParameters()[index];
  if (!param) return null;
  const type = checker.getNonNullableType(checker.getTypeOfSymbol(param));
  return checker.getPropertiesOfType(type).map((p) => p.getName()).sort();
}

test("the shipped declarations compile (strict, nodenext) without an error", () => {
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => !d.file || d.file.fileName.startsWith(pkgDir));
  const text = ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => pkgDir, getNewLine: () => "\n" });
  assert.equal(diagnostics.length, 0, text);
});

for (const entry of ENTRIES) {
  test(`${entry.specifier}: each client's declared methods are the core's operations and the runtime client's methods`, () => {
    const runtime = require(entry.specifier);
    const table = operationTable(entry.build);
    assert.ok(Object.keys(table).length > 0, "the build has a provider");
    for (const file of entry.dts) {
      for (const [provider, className] of Object.entries(CLIENTS)) {
        const methods = declaredExports(file).has(className) ? declaredMethods(file, className) : null;
        if (!table[provider]) {
          assert.equal(methods, null, `${file} declares ${className}, which ${entry.specifier} does not have`);
          continue;
        }
        assert.ok(methods, `${file} declares no ${className}`);
        const declared = [...methods.keys()].sort();
        const ops = table[provider].map(([name]) => name);

        const undeclared = ops.filter((name) => !methods.has(name));
        assert.deepEqual(undeclared, [], `${file}: ${className} lacks declarations for operations of the core's table`);
        assert.deepEqual(declared, runtimeMethods(runtime[className]), `${file}: ${className}'s declared methods differ from the runtime client's`);

        for (const [name, , argCount, extra] of table[provider]) {
          const expected = [...CALL_OPTIONS, ...extra].sort();
          for (const signature of methods.get(name)) {
            const where = `${file}: ${className}.${name}(${checker.signatureToString(signature)})`;
            assert.equal(signature.getParameters().length, argCount + 1, `${where}: ${argCount} argument(s), then the per-call options`);
            assert.deepEqual(optionKeys(signature, argCount), expected, `${where}: its per-call options are what the core accepts`);
          }
        }
      }
    }
  });

  test(`${entry.specifier}: the declared value exports are the runtime exports`, () => {
    const runtime = Object.keys(require(entry.specifier)).sort();
    for (const file of entry.dts) {
      assert.deepEqual(declaredValues(file), runtime, `${file} against require("${entry.specifier}")`);
    }
  });
}

test("the check itself notices drift: a method the table does not have, and one it has that is not declared", () => {
  const methods = declaredMethods("payroc.d.ts", "PayrocClient");
  const ops = operationTable("payroc").payroc.map(([name]) => name);
  assert.ok(ops.every((name) => methods.has(name)));
  assert.ok(![...ops, "notAnOperation"].every((name) => methods.has(name)), "an undeclared operation is caught");
  const runtime = runtimeMethods(require("refundkit/payroc").PayrocClient);
  assert.notDeepEqual([...methods.keys(), "extra"].sort(), runtime, "an extra declaration is caught");
});
