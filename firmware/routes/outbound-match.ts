// SPEC ROUTE-2: which outbound route a dialled number takes. Routes are tried in the admin's
// order; a route matches when the number starts with its prefix and the rest matches one of
// its patterns. The digits sent to the trunk are the rest, less `strip` leading digits, with
// `prepend` in front. The caller's dial permission is checked on the rest (emergency numbers
// always pass), so a route cannot be used to get around it. Decide, then act: this returns a
// value; the call engine places the call on the trunks in order (failover).

import { matchesDialPattern } from "./dial-pattern.ts";
import { type DialPermissionClass, permits } from "./dial-permission.ts";
import { DEFAULT_EMERGENCY_NUMBERS } from "./emergency-numbers.ts";

export interface OutboundRoute {
  id: number;
  name: string;
  enabled: boolean;
  patterns: readonly string[];
  prefix: string;
  strip: number;
  prepend: string;
  /** Trunk ids in the order they are tried. */
  trunkIds: readonly number[];
  /** "" keeps the caller's own outbound caller ID. */
  callerId: string;
  /** Non-empty: the caller must enter one of these before the call is placed. */
  pins: readonly string[];
}

export interface CallerContext {
  /** The calling extension (IP or analog) or conference room number. */
  extension: string;
  permission: DialPermissionClass;
  /** The caller's own outbound caller ID (EXT-2), "" when it has none. */
  outboundCallerId: string;
}

export interface OutboundMatch {
  route: OutboundRoute;
  /** The number after the prefix, as the dial permission saw it. */
  dialled: string;
  digitsToSend: string;
  trunkIds: readonly number[];
  callerId: string;
  pinRequired: boolean;
  emergency: boolean;
}

export type OutboundResult =
  | { ok: true; value: OutboundMatch }
  | { ok: false; reason: "no-route" }
  | { ok: false; reason: "not-permitted"; route: OutboundRoute; needs: string };

/**
 * The first enabled route in `routes` (already in order) that takes `number`; a number in
 * `emergency` passes whatever the caller's class.
 */
export function matchOutbound(
  number: string,
  caller: CallerContext,
  routes: readonly OutboundRoute[],
  emergency: readonly string[] = DEFAULT_EMERGENCY_NUMBERS,
): OutboundResult {
  for (const route of routes) {
    if (!route.enabled || !number.startsWith(route.prefix)) continue;
    const dialled = number.slice(route.prefix.length);
    if (dialled === "" || !route.patterns.some((p) => matchesDialPattern(p, dialled))) continue;
    const verdict = permits(caller.permission, dialled, emergency);
    if (!verdict.ok) return { ok: false, reason: "not-permitted", route, needs: verdict.needs };
    return {
      ok: true,
      value: {
        route,
        dialled,
        digitsToSend: route.prepend + dialled.slice(route.strip),
        trunkIds: route.trunkIds,
        callerId: route.callerId || caller.outboundCallerId,
        // An emergency call never waits for a PIN.
        pinRequired: route.pins.length > 0 && !verdict.emergency,
        emergency: verdict.emergency,
      },
    };
  }
  return { ok: false, reason: "no-route" };
}

/** True when `pin` is one of the route's PIN codes (the CDR logs which one was used). */
export function checkPin(route: OutboundRoute, pin: string): boolean {
  return route.pins.includes(pin);
}
