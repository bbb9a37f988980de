// A device refund in progress: the instruction's live status (onStatus, from the SDK's
// long-poll of GET /refund-instructions/{id}) and a Cancel button, which deletes the
// instruction and stops waiting (AbortController).
import { h, replace } from "../dom.js";

export function createDeviceStatus() {
  const element = h("div", { class: "device-status", hidden: true, "aria-live": "polite" });

  /**
   * Waits for `instruction` to end; resolves the RefundResult (completed, failure or canceled).
   * @param client PayrocClient
   */
  async function follow(client, instruction) {
    const id = instruction.refundInstructionId;
    const controller = new AbortController();
    const status = h("strong", { "data-testid": "instruction-status" }, instruction.status);
    const cancel = h("button", { type: "button", class: "danger", onclick: () => cancelInstruction() }, "Cancel on device");
    const note = h("p", { class: "muted" }, "Waiting for the customer to present their card on the device…");
    element.hidden = false;
    replace(element, h("p", {}, "Instruction ", h("code", {}, id), ": ", status), note, cancel);

    async function cancelInstruction() {
      cancel.disabled = true;
      note.textContent = "Canceling…";
      try {
        await client.cancelRefundInstruction(id);
      } catch (e) {
        // 409: it ended meanwhile (completed or failed); the wait below will say how.
        note.textContent = `Could not cancel: ${e.message}`;
        return;
      }
      // The long-poll answers `canceled` at once; stop waiting if it does not.
      setTimeout(() => controller.abort(), 5000);
    }

    try {
      const result = await client.waitForRefundInstruction(id, {
        signal: controller.signal,
        onStatus: (s) => { status.textContent = s.status; },
      });
      status.textContent = result.providerStatus ?? result.status;
      return result;
    } finally {
      cancel.disabled = true;
      cancel.hidden = true;
      note.textContent = "";
    }
  }

  function hide() {
    element.hidden = true;
  }

  return { element, follow, hide };
}
