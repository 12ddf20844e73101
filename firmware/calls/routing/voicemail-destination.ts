// SPEC CALL-7: how a routing step names "leave a message in mailbox N" (the busy/no-answer
// hook, a department's or an inbound route's `voicemail:N`): the box's `voicemail`
// application, with which greeting the caller hears.
import type { Destination } from "./destination.ts";

export const VOICEMAIL_APP = "voicemail";

/** The destination leaving a message in `mailbox` (`why`: which greeting the caller hears). */
export function voicemailDestination(mailbox: string, why: "busy" | "unavailable"): Destination {
  return {
    kind: "application",
    number: mailbox,
    app: VOICEMAIL_APP,
    argument: `${why}:${mailbox}`,
  };
}
