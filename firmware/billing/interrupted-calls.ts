// A billed call cut by the box stopping (a power loss, a crash) ends without its record: the
// call engine writes one when a call ends, and this one never did. Its charge, left open, is
// closed at the next start (ChargeLedger.closeUnfinished); each closed charge whose call has
// no record gets one here, so what the billing report charged is in the call records too
// (SPEC REP-1, BILL-6), marked "interrupted".
// The charge knows who called which number and when it was answered, not how long it rang
// nor the trunk. The call ended within the time its reservations paid for (they are made a
// period ahead), so that is taken as its talk time: the time it was charged for.
import type { CallSummary } from "../calls/call.ts";
import type { CdrStore } from "../cdr/cdr-store.ts";
import type { ChargeView } from "./charge-ledger.ts";

/** The record of the call `charge` paid for, ended at the latest at `closedAtMs`. */
function interruptedCallSummary(charge: ChargeView, closedAtMs: number): CallSummary {
  const endedAtMs = Math.min(charge.answeredAtMs + charge.coversS * 1000, closedAtMs);
  return {
    id: charge.callId,
    sipCallId: "",
    caller: { number: charge.extension, displayName: "" },
    callee: charge.number,
    finalCallee: charge.number,
    startedAtMs: charge.answeredAtMs,
    answeredAtMs: charge.answeredAtMs,
    endedAtMs: Math.max(charge.answeredAtMs, endedAtMs),
    status: "answered",
    reason: "interrupted",
    recorded: false,
    type: "outbound",
  };
}

/** Writes the record of each closed charge's call that has none; returns how many it wrote. */
export function recordInterruptedCalls(
  closed: readonly ChargeView[],
  cdr: Pick<CdrStore, "hasCall" | "write">,
  closedAtMs: number,
): number {
  let written = 0;
  for (const charge of closed) {
    if (cdr.hasCall(charge.callId)) continue;
    cdr.write(interruptedCallSummary(charge, closedAtMs));
    written++;
  }
  return written;
}
