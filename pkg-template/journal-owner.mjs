// Who holds a lease in a journal that survives the process (Node only): `workerId@host/pid`.
// A run that starts on the same host as a holder whose process is gone takes that holder's
// rows back at once instead of waiting for its lease to run out (a re-run after a crash is
// the common case); holders on other hosts are waited for until their leases expire.
import { hostname } from "node:os";

const HOST = hostname();

export function ownerOf(workerId) {
  return `${workerId}@${HOST}/${process.pid}`;
}

/** Whether `owner` names a process of this host that no longer runs. */
export function isDeadHere(owner) {
  const m = /@([^/@]*)\/(\d+)$/.exec(owner ?? "");
  if (!m || m[1] !== HOST) return false;
  const pid = Number(m[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return e.code === "ESRCH";
  }
}
