// SPEC ROUTE-4: where an inbound call, an IVR key or a time condition sends a call, written
// "kind:target" like a department's no-answer destination; `voicemail:N` leaves a message in
// extension N's mailbox (SPEC CALL-7), `queue:N` waits in call queue N (SPEC CALL-13).
// Conference is named by the manuals but the box has no such destination yet: refused with a
// clear message rather than accepted and silently dropped.

export type Destination =
  | { kind: "hangup" }
  | { kind: "extension"; number: string }
  | { kind: "department"; number: string }
  | { kind: "voicemail"; number: string }
  | { kind: "queue"; number: string }
  | { kind: "ivr"; id: number }
  | { kind: "time-condition"; id: number };

export type DestinationResult = { ok: true; value: Destination } | { ok: false; message: string };

const NOT_YET = new Set(["conference"]);

/** Parses "hangup", "extension:101", "department:600", "voicemail:101", "queue:800", "ivr:2", "time-condition:1". */
export function parseDestination(text: string): DestinationResult {
  if (text === "hangup") return { ok: true, value: { kind: "hangup" } };
  const colon = text.indexOf(":");
  const kind = colon < 0 ? text : text.slice(0, colon);
  const target = colon < 0 ? "" : text.slice(colon + 1);
  if (NOT_YET.has(kind)) return { ok: false, message: `${kind} is not available yet` };
  if (kind === "extension" || kind === "department" || kind === "voicemail" || kind === "queue") {
    if (!/^[0-9]{1,20}$/.test(target)) return { ok: false, message: `${kind} needs a number` };
    return { ok: true, value: { kind, number: target } };
  }
  if (kind === "ivr" || kind === "time-condition") {
    if (!/^[1-9][0-9]{0,9}$/.test(target)) return { ok: false, message: `${kind} needs an id` };
    return { ok: true, value: { kind, id: Number(target) } };
  }
  return {
    ok: false,
    message:
      "must be hangup, extension:N, department:N, voicemail:N, queue:N, ivr:ID or time-condition:ID",
  };
}

/** The "kind:target" text of a destination. */
export function formatDestination(destination: Destination): string {
  switch (destination.kind) {
    case "hangup":
      return "hangup";
    case "extension":
    case "department":
    case "voicemail":
    case "queue":
      return `${destination.kind}:${destination.number}`;
    default:
      return `${destination.kind}:${destination.id}`;
  }
}
