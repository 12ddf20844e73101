// SPEC EXT-1 "no-answer destination": when no member of a department answers (every step of
// its hunt rang out, was busy, or nobody could ring), the call goes where the department says:
// another extension, another department, a mailbox (voicemail:N, SPEC CALL-7), or nowhere
// (hangup). Queues are not built yet: such a destination is refused with 501 and a log line,
// so the admin sees why.

import type { Logger } from "../../sip/logger.ts";
import type { Destination } from "./destination.ts";
import type { RoutingHook } from "./routing-hooks.ts";
import { voicemailDestination } from "./voicemail-destination.ts";

/** The status a caller gets when the no-answer destination is a feature the box lacks. */
export const NOT_BUILT_STATUS = 501;

/** A routing hook sending an unanswered department's calls to its no-answer destination. */
export function departmentNoAnswer(
  resolve: (number: string) => Destination,
  log?: Pick<Logger, "warn">,
): RoutingHook {
  return {
    onOutcome(destination) {
      if (destination.kind !== "department" || !destination.ring) return undefined;
      const target = destination.ring.noAnswer;
      if (target === "hangup") return undefined;
      const [kind, number = ""] = target.split(":");
      // A department sending its own unanswered calls to itself would ring again and again.
      if (kind === "department" && number === destination.number) return undefined;
      if (kind === "extension" || kind === "department") {
        const next = resolve(number);
        // The named extension or department was deleted since: the call ends as unanswered.
        return next.kind === "unknown" ? undefined : next;
      }
      if (kind === "voicemail" && number !== "") return voicemailDestination(number, "unavailable");
      log?.warn("department no-answer destination not available", {
        department: destination.number,
        destination: target,
      });
      return { kind: "refused", number, status: NOT_BUILT_STATUS, reason: "rejected" };
    },
  };
}
