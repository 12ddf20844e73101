// The routing step's hooks (DESIGN "hooks before ringing and on the outcome"): forwarding,
// DND, follow-me and voicemail are modules that implement these; the routing step asks them
// and returns their answer as a value. A hook never rings anything itself.

import type { CallParty } from "../leg.ts";
import type { Destination } from "./destination.ts";

/** The call being routed, as hooks see it. */
export interface RoutedCall {
  caller: CallParty;
  /** The number first dialled. */
  dialled: string;
  /** Destinations this call has been sent to so far (loop protection). */
  readonly path: readonly string[];
  /**
   * What `number` is, as if `caller` (the call's caller by default) dialled it, without hooks:
   * how a hook names where it sends the call (a forwarding number, a voicemail box).
   */
  resolve(number: string, caller?: CallParty): Destination;
  /**
   * Where `number` goes for this call with the hooks asked too, counted against the call's hop
   * limit: a target decided now but rung later (after an announcement).
   */
  route(number: string, caller?: CallParty): Destination;
}

/** What an unanswered destination came to. */
export type RouteOutcome = "busy" | "no-answer" | "unavailable";

export interface RoutingHook {
  /**
   * Before `destination` rings: another destination to go to instead (forward always, follow
   * me), a `refused` one (DND), or undefined to ring it.
   */
  beforeRing?(destination: Destination, call: RoutedCall): Destination | undefined;
  /**
   * `destination` was busy, did not answer or had no reachable phone: where the call goes next
   * (forward on busy / no answer, voicemail), or undefined to end the call.
   */
  onOutcome?(
    destination: Destination,
    outcome: RouteOutcome,
    call: RoutedCall,
  ): Destination | undefined;
}
