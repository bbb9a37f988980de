// Refund intents: one per refund the user means to make, tied to the payment it is for
// (its scope) and to one idempotency key for its whole life. An intent is sent, and then:
//
//   done      the provider answered (succeeded, pending, declined, failed, canceled)
//   failed    refused before or by the provider, nothing moved (not retryable)
//   unknown   the refund may have gone through (outcome_unknown, or another retryable
//             error): only "Check" (syncRefund) and "Retry safely" (the same key) are
//             offered until the outcome is known; no new refund starts on that payment
//   notMade   a check found that nothing was made under the key
//
// Switching provider, payment or view never touches an intent: its promise settles into
// the intent, and whichever view shows that payment renders it. Pending results are
// followed with waitForFinal on a short schedule; the journal keeps every intent so an
// unknown one is still unresolved after a reload.
import * as refundkit from "refundkit";
import * as journal from "./journal.js";

/** The console's pending schedule: a look after 1, 3, 6, 11 s … up to about 80 s, then "Check now". */
export const PENDING_SCHEDULE = [1000, 2000, 3000, 5000, 8000, 13000, 21000, 27000];

const UNRESOLVED = new Set(["sending", "unknown"]);

let nextId = 0;

export function createIntents({ clients }) {
  const intents = [];
  const live = new Map(); // "provider:refundId" → { status, providerStatus, watching, checkedAt, error }
  const listeners = new Set();

  function changed(scope) {
    for (const listener of listeners) {
      try {
        listener(scope);
      } catch (e) {
        console.warn("intent listener failed", e);
      }
    }
  }

  function persist(intent) {
    journal.record({
      id: intent.id, provider: intent.provider, scope: intent.scope, paymentId: intent.paymentId, label: intent.label,
      kind: intent.result?.kind ?? intent.kind, call: intent.persist ? intent.call : null,
      amount: intent.amount, full: intent.full, reason: intent.reason, note: intent.note, operator: intent.operator,
      key: intent.key, createdAt: intent.createdAt, state: intent.state,
      status: intent.result?.status ?? null, providerStatus: intent.result?.providerStatus ?? null,
      refundId: intent.result?.refundId ?? null,
      errorCode: intent.error?.code ?? null, errorMessage: intent.error?.message ?? null,
      retryable: intent.error?.retryable ?? null, lookup: intent.error?.lookup ?? null,
    });
  }

  function update(intent) {
    persist(intent);
    changed(intent.scope);
  }

  /** What syncRefund is given for an intent: its result, or its error's fields. */
  function syncTarget(intent) {
    if (intent.result) return intent.result;
    const e = intent.error ?? {};
    const target = { name: "RefundError", provider: intent.provider, code: e.code ?? "outcome_unknown", retryable: true, idempotencyKey: intent.key };
    if (e.lookup) target.lookup = e.lookup;
    return target;
  }

  async function invoke(intent) {
    const client = clients.get(intent.provider);
    const opts = { idempotencyKey: intent.key };
    const { method, args, builderKind } = intent.call;
    if (method === "device") return device(client, intent);
    if (method === "send") return client.send(new refundkit[builderKind](args[0]), opts);
    return client[method](...args, opts);
  }

  /** A device refund: the instruction (sent once, under the intent's key), then its long-poll. */
  async function device(client, intent) {
    if (!intent.instruction) {
      const sent = await client.send(new refundkit.PayrocRefundInstruction(intent.call.args[0]), { idempotencyKey: intent.key });
      intent.instruction = { id: sent.refundInstructionId, status: sent.status, canceling: false, note: "" };
      update(intent);
    }
    intent.controller = new AbortController();
    return client.waitForRefundInstruction(intent.instruction.id, {
      signal: intent.controller.signal,
      onStatus: (s) => {
        intent.instruction.status = s.status;
        changed(intent.scope);
      },
    });
  }

  function settleResult(intent, result, { follow = true } = {}) {
    intent.state = "done";
    intent.result = result;
    intent.error = null;
    if (intent.instruction) {
      intent.instruction.status = result.raw?.status ?? intent.instruction.status;
      intent.failureMessage = result.raw?.errorMessage ?? "";
    }
    if (result.refundId) {
      live.set(`${intent.provider}:${result.refundId}`, { status: result.status, providerStatus: result.providerStatus, checkedAt: Date.now(), watching: false });
    }
    update(intent);
    if (follow && result.status === "pending" && result.refundId) watch(intent.provider, result, intent);
  }

  function settleError(intent, error) {
    intent.error = error;
    intent.state = error?.code === "outcome_unknown" || error?.retryable ? "unknown" : "failed";
    update(intent);
  }

  async function run(intent) {
    intent.state = "sending";
    intent.error = null;
    intent.checkError = null;
    update(intent);
    try {
      settleResult(intent, await invoke(intent));
    } catch (e) {
      settleError(intent, e);
    }
    return intent;
  }

  /**
   * Follows a pending refund until it is final (waitForFinal, the console's short schedule).
   * `result` is a RefundResult, or `{ provider, kind, refundId }` for a refund found on a payment.
   */
  function watch(provider, result, intent = null) {
    const id = `${provider}:${result.refundId}`;
    const entry = live.get(id) ?? {};
    if (entry.watching || entry.followed) return;
    live.set(id, { ...entry, status: result.status ?? entry.status ?? "pending", providerStatus: result.providerStatus ?? entry.providerStatus, watching: true });
    const scope = intent?.scope ?? null;
    changed(scope);
    const note = (r) => {
      live.set(id, { status: r.status, providerStatus: r.providerStatus, checkedAt: Date.now(), watching: r.status === "pending" });
      changed(scope);
    };
    // Followed once per page: after the schedule a refund still pending says so, with "Check now".
    clients.get(provider).waitForFinal(result, { schedule: PENDING_SCHEDULE, onStatus: note })
      .then((final) => {
        live.set(id, { status: final.status, providerStatus: final.providerStatus, checkedAt: Date.now(), watching: false, followed: true });
        if (intent) settleResult(intent, { ...intent.result, ...final }, { follow: false });
        else changed(scope);
      })
      .catch((e) => {
        live.set(id, { ...live.get(id), watching: false, followed: true, error: e.message });
        changed(scope);
      });
  }

  /** One look at a refund now (syncRefund), for "Check now" on a pending row. */
  async function checkRefund(provider, refundId, kind = "refund") {
    const id = `${provider}:${refundId}`;
    live.set(id, { ...live.get(id), checking: true });
    changed(null);
    try {
      const r = await clients.get(provider).syncRefund({ provider, kind, refundId });
      live.set(id, { ...live.get(id), status: r.status, providerStatus: r.providerStatus, checkedAt: Date.now(), checking: false });
      const mine = intents.find((i) => i.provider === provider && i.result?.refundId === refundId);
      if (mine) settleResult(mine, { ...mine.result, ...r }, { follow: false });
    } catch (e) {
      live.set(id, { ...live.get(id), checking: false, error: e.message });
    }
    changed(null);
  }

  // A refund whose outcome was unknown (or still on its way) when the page closed is
  // unresolved now, with the same key.
  for (const r of journal.all()) {
    if (UNRESOLVED.has(r.state)) {
      intents.push({
        ...r, persist: Boolean(r.call), call: r.call, state: "unknown", result: null,
        error: { name: "RefundError", code: r.errorCode ?? "outcome_unknown", message: r.errorMessage ?? "The page closed before the answer came.",
          retryable: true, provider: r.provider, idempotencyKey: r.key, ...(r.lookup ? { lookup: r.lookup } : {}) },
      });
    }
  }

  return {
    live,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Starts a new refund. `spec`: provider, scope, paymentId?, label, kind, call, persist, amount, full, reason, note, operator, key. */
    start(spec) {
      nextId += 1;
      const intent = { ...spec, id: `${Date.now().toString(36)}-${nextId}`, createdAt: new Date().toISOString(), state: "sending", result: null, error: null };
      intents.push(intent);
      return run(intent);
    },

    /** Sends an unresolved intent again under its own key: the provider answers with what it already made, if anything. */
    retry(intent) {
      if (intent.state === "sending" || !intent.call) return Promise.resolve(intent);
      return run(intent);
    },

    /** syncRefund for an unknown intent: the refund if one was made, or that none was. */
    async check(intent) {
      if (intent.checking) return intent;
      intent.checking = true;
      intent.checkError = null;
      changed(intent.scope);
      try {
        settleResult(intent, await clients.get(intent.provider).syncRefund(syncTarget(intent)));
      } catch (e) {
        if (e?.code === "not_found") {
          intent.state = "notMade";
          intent.error = e;
        } else {
          intent.checkError = e;
        }
      } finally {
        intent.checking = false;
        update(intent);
      }
      return intent;
    },

    /** Cancels a device refund that is still waiting for its card. */
    async cancelDevice(intent) {
      const ins = intent.instruction;
      if (!ins || ins.canceling) return;
      ins.canceling = true;
      ins.note = "Canceling…";
      changed(intent.scope);
      try {
        await clients.get(intent.provider).cancelRefundInstruction(ins.id);
        ins.note = "";
        // The long-poll answers "canceled" at once; stop waiting if it does not.
        setTimeout(() => intent.controller?.abort(), 5000);
      } catch (e) {
        // 409: it ended meanwhile (completed or failed); the wait says how.
        ins.note = `Could not cancel: ${e.message}`;
        ins.canceling = false;
      }
      changed(intent.scope);
    },

    watch,
    checkRefund,

    /** The intent of `scope` whose outcome is not known yet (at most one: no new refund starts beside it). */
    unresolved(scope) {
      return intents.find((i) => i.scope === scope && UNRESOLVED.has(i.state)) ?? null;
    },

    /** The most recent intent of `scope`. */
    latest(scope) {
      for (let i = intents.length - 1; i >= 0; i--) if (intents[i].scope === scope) return intents[i];
      return null;
    },

    /** Every intent of `scope`, oldest first (this page's and the journal's). */
    forScope(scope) {
      return intents.filter((i) => i.scope === scope);
    },
  };
}
