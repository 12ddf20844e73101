// SPEC ROUTE-2, ROUTE-3: the outbound provider backed by the admin's outbound routes. The
// first route that takes the dialled number decides: the caller's dial permission class is
// checked on it (403 with the class it needs), then the caller's toll fuse (403, and the fuse
// raises its alarm); the admin's emergency numbers pass both, and go out even when no route's prefix was
// dialled. The route's trunks become channel candidates in the route's order, an analog trunk
// one FXO candidate per line of its group. The caller ID is the route's, else the caller's
// own outbound caller ID, else the trunk's account. Decide, then act: this only returns a plan.

import {
  type CallerContext,
  checkPin,
  matchOutbound,
  type OutboundRoute,
} from "../../routes/outbound-match.ts";
import type { FuseVerdict } from "../../routes/toll-fuse.ts";
import type {
  OutboundCandidate,
  OutboundPlan,
  OutboundProvider,
  OutboundRefusal,
} from "./outbound-provider.ts";

/** A trunk as the routes need it. */
export interface RouteTrunk {
  name: string;
  kind: "register" | "peer" | "analog";
  enabled: boolean;
  fromUser: string;
  username: string;
  fxoPorts: readonly number[];
}

export interface RouteOutboundSource {
  /** The enabled and disabled outbound routes, in the order they are tried. */
  routes(): readonly OutboundRoute[];
  /** The calling extension's class and caller ID; undefined for a caller that is none. */
  caller(number: string): CallerContext | undefined;
  trunk(id: number): RouteTrunk | undefined;
  /** The admin's emergency numbers: they pass every class and fuse, also without a prefix. */
  emergencyNumbers(): readonly string[];
  fuse: {
    check(extension: string, number: string): FuseVerdict;
    record(extension: string): () => void;
  };
}

/** The outbound routes as an `OutboundProvider` (asked before the plain FXO prefix). */
export function routeOutbound(source: RouteOutboundSource): OutboundProvider {
  return {
    plan(dialled, caller): OutboundPlan | OutboundRefusal | undefined {
      const context = source.caller(caller.number);
      if (!context) return undefined;
      const routes = source.routes();
      const emergency = source.emergencyNumbers();
      const result = matchOutbound(dialled, context, routes, emergency);
      // A listed number dialled as it is goes out even when a route's prefix also begins it.
      const match = result.ok
        ? result.value
        : emergency.includes(dialled)
          ? emergencyMatch(dialled, context, routes)
          : undefined;
      if (!match && !result.ok && result.reason === "not-permitted")
        return refused(`Not Permitted (${context.permission.name}, needs ${result.needs})`);
      if (!match) return undefined;
      // An emergency call is never stopped by the fuse, whatever the fuse's own list says.
      const fuse = match.emergency
        ? undefined
        : source.fuse.check(context.extension, match.dialled);
      if (fuse && !fuse.ok) return refused(`Toll Fuse (${fuse.reason})`);
      return {
        prefix: match.route.prefix,
        digits: match.dialled,
        candidates: match.trunkIds.flatMap((id) =>
          candidates(source.trunk(id), id, match.digitsToSend, match.callerId),
        ),
        route: match.route.name,
        ...(match.pinRequired ? { pinCheck: (pin: string) => checkPin(match.route, pin) } : {}),
        admit: () => source.fuse.record(context.extension),
      };
    },
  };
}

function refused(phrase: string): OutboundRefusal {
  return { refused: { status: 403, phrase } };
}

/**
 * An emergency number dialled as it is (no route's prefix): it goes out unchanged on the
 * trunks of the first enabled route that has any (SPEC: a phone may always call 110/119/120).
 */
function emergencyMatch(dialled: string, context: CallerContext, routes: readonly OutboundRoute[]) {
  const route = routes.find((r) => r.enabled && r.trunkIds.length > 0);
  if (!route) return undefined;
  return {
    route,
    dialled,
    digitsToSend: dialled,
    trunkIds: route.trunkIds,
    callerId: route.callerId || context.outboundCallerId,
    pinRequired: false,
    emergency: true,
  };
}

/** One trunk's candidates: itself, or one FXO line per port of an analog trunk. */
function candidates(
  trunk: RouteTrunk | undefined,
  id: number,
  digits: string,
  routeCallerId: string,
): OutboundCandidate[] {
  if (!trunk?.enabled) return [];
  if (trunk.kind === "analog")
    return trunk.fxoPorts.map((port) => ({
      channel: { kind: "fxo", port },
      digits,
      trunkName: trunk.name,
      ...(routeCallerId ? { callerId: routeCallerId } : {}),
    }));
  const callerId = routeCallerId || trunk.fromUser || trunk.username;
  return [
    {
      channel: { kind: "trunk", trunk: String(id) },
      digits,
      trunkName: trunk.name,
      ...(callerId ? { callerId } : {}),
    },
  ];
}
