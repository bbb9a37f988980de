// The suite's assertions. node:assert is not in workerd or a browser page, so the suite
// brings these few, written with nothing but the language.

export class CheckFailed extends Error {
  name = "CheckFailed";
}

export function ok(value, message = "expected a truthy value") {
  if (!value) throw new CheckFailed(message);
}

export function equal(actual, expected, message = "") {
  if (!Object.is(actual, expected)) {
    throw new CheckFailed(`${message ? message + ": " : ""}expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function notEqual(actual, unexpected, message = "") {
  if (Object.is(actual, unexpected)) throw new CheckFailed(`${message ? message + ": " : ""}did not expect ${show(actual)}`);
}

/** Equal as JSON with sorted keys: plain data (results, events, ledger entries). */
export function deepEqual(actual, expected, message = "") {
  const a = canonical(actual);
  const e = canonical(expected);
  if (a !== e) throw new CheckFailed(`${message ? message + ": " : ""}expected ${e}, got ${a}`);
}

/** The error `fn` throws; fails when it returns. */
export function throws(fn, message = "expected a throw") {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new CheckFailed(message);
}

/** The error `promise` rejects with; fails when it resolves. */
export async function rejects(promise, message = "expected a rejection") {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new CheckFailed(message);
}

function canonical(value) {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function show(value) {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
