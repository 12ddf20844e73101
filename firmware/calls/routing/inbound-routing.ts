// SPEC ROUTE-4: where a call from a trunk goes. The admin's inbound routes pick a destination
// by trunk, DID and caller (`matchInbound`); this turns it into the routing step's
// `Destination`: an extension or department through the router (so its hooks apply), an IVR
// as the `ivr` application, a time condition evaluated now on the engine's clock in the box's
// time zone, "hangup" as a refusal. Destinations the box has no application for yet are
// refused with 480 and a log line, never dropped. A decision, no action (DESIGN "Decide, then
// act").

import {
  parseDestination,
  type Destination as RouteDestination,
} from "../../routes/destination.ts";
import { type InboundCall, type InboundRoute, matchInbound } from "../../routes/inbound-match.ts";
import type { CallRouter } from "./call-router.ts";
import type { Destination } from "./destination.ts";
import type { RoutedCall } from "./routing-hooks.ts";
import { voicemailDestination } from "./voicemail-destination.ts";

/** The application name of IVR destinations (`CallEngineOptions.applications`). */
export const IVR_APP = "ivr";
/** Time conditions leading into each other this many times are a loop (482). */
export const MAX_CONDITION_HOPS = 8;

export interface InboundRoutingOptions {
  routes(): readonly InboundRoute[];
  /** Where time condition `id` sends a call at `atMs` (the box's time zone). */
  timeCondition(id: number, atMs: number): { matched: boolean; destination: string } | undefined;
  /** The engine's clock (epoch milliseconds). */
  now(): number;
  log(message: string, fields: Record<string, unknown>): void;
}

export class InboundRouting {
  readonly #router: CallRouter;
  readonly #o: InboundRoutingOptions;

  constructor(router: CallRouter, options: InboundRoutingOptions) {
    this.#router = router;
    this.#o = options;
  }

  /** The first matching route's destination text, or undefined when none matches. */
  match(call: InboundCall): { route: string; destination: string } | undefined {
    const matched = matchInbound(call, this.#o.routes());
    // An unavailable destination is still the route's: `resolve` refuses it with 480.
    if (!matched.ok && matched.reason === "no-route") return undefined;
    return { route: matched.route.name, destination: matched.route.destination };
  }

  /** Where `text` ("extension:101", "ivr:2", "time-condition:1", "hangup") sends `call` now. */
  resolve(text: string, call: RoutedCall): Destination {
    return this.#resolve(text, call, 0);
  }

  #resolve(text: string, call: RoutedCall, hops: number): Destination {
    const parsed = parseDestination(text);
    if (!parsed.ok) {
      this.#o.log("inbound destination not available", { destination: text, why: parsed.message });
      return { kind: "refused", number: text, status: 480, reason: "unavailable" };
    }
    return this.#destination(parsed.value, text, call, hops);
  }

  #destination(d: RouteDestination, text: string, call: RoutedCall, hops: number): Destination {
    switch (d.kind) {
      case "hangup":
        return { kind: "refused", number: "hangup", status: 603, reason: "rejected" };
      case "extension":
      case "department":
      case "queue": {
        const destination = this.#router.route(call, d.number);
        if (destination.kind === "unknown")
          this.#o.log("inbound destination unknown", { destination: text });
        return destination;
      }
      case "voicemail":
        return voicemailDestination(d.number, "unavailable");
      case "ivr":
        return { kind: "application", number: text, app: IVR_APP, argument: String(d.id) };
      case "time-condition": {
        const at = this.#o.now();
        const chosen = this.#o.timeCondition(d.id, at);
        if (!chosen) {
          this.#o.log("time condition missing", { destination: text });
          return { kind: "refused", number: text, status: 404, reason: "rejected" };
        }
        if (hops >= MAX_CONDITION_HOPS)
          return { kind: "refused", number: text, status: 482, reason: "rejected" };
        return this.#resolve(chosen.destination, call, hops + 1);
      }
    }
  }
}
