// client.refundMany(rows, options): see docs/BULK.md. Written with the bulk journals and the
// CLI (issue 15); until then it refuses to run rather than run without its safeguards.
export function refundMany() {
  throw new Error("refundMany is not available in this build yet");
}
