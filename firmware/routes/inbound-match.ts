// SPEC ROUTE-4: which inbound route a call from a trunk takes: the first enabled route, in the
// admin's order, whose trunk (or any), DID pattern (or any) and caller pattern (or any) match.

import { type Destination, parseDestination } from "./destination.ts";
import { matchesDialPattern } from "./dial-pattern.ts";

export interface InboundRoute {
  id: number;
  name: string;
  enabled: boolean;
  /** "" matches any called number. */
  didPattern: string;
  /** "" matches any caller, including an anonymous one. */
  callerPattern: string;
  /** null: calls from any trunk. */
  trunkId: number | null;
  destination: string;
}

export interface InboundCall {
  trunkId: number;
  /** The called number as the trunk delivered it ("" on an analog line without DID). */
  did: string;
  /** The caller's number, "" when withheld. */
  caller: string;
}

export type InboundResult =
  | { ok: true; route: InboundRoute; destination: Destination }
  /** The route that matched leads to something the box cannot take calls to (yet). */
  | { ok: false; reason: "unavailable"; route: InboundRoute; message: string }
  | { ok: false; reason: "no-route" };

/** The destination of an incoming trunk call. */
export function matchInbound(call: InboundCall, routes: readonly InboundRoute[]): InboundResult {
  for (const route of routes) {
    if (!route.enabled) continue;
    if (route.trunkId !== null && route.trunkId !== call.trunkId) continue;
    if (route.didPattern !== "" && !matchesDialPattern(route.didPattern, call.did)) continue;
    if (route.callerPattern !== "" && !matchesDialPattern(route.callerPattern, call.caller))
      continue;
    const destination = parseDestination(route.destination);
    // Stored destinations were checked when saved; one that does not parse (a queue, a
    // conference, voicemail) is refused by name rather than passed over silently.
    if (!destination.ok)
      return { ok: false, reason: "unavailable", route, message: destination.message };
    return { ok: true, route, destination: destination.value };
  }
  return { ok: false, reason: "no-route" };
}
