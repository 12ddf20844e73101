// Calls into the box from its trunks (SPEC ROUTE-1, ROUTE-4), wired for `startCalls`: SIP
// trunk INVITEs admitted by source (`trunk-admission.ts`), FXO lines named by their analog
// trunk, both routed by the admin's inbound routes (`routing/inbound-routing.ts`) to an
// extension, a department, an IVR (`apps/ivr-leg.ts`), a time condition or a refusal. With no
// matching route an FXO line keeps ringing its inbound extension (setting
// "fxo.inboundExtension") and a SIP trunk call gets 404.

import type { InboundRoute } from "../routes/inbound-match.ts";
import type { IvrMenu } from "../routes/ivr.ts";
import type { MethodHandler } from "../sip/core/sip-stack.ts";
import { IvrLeg } from "./apps/ivr-leg.ts";
import type {
  ApplicationOpener,
  CallEngine,
  CallEngineOptions,
  InboundPlacement,
} from "./call-engine.ts";
import type { CallRouter } from "./routing/call-router.ts";
import type { Destination } from "./routing/destination.ts";
import { InboundRouting, IVR_APP } from "./routing/inbound-routing.ts";
import type { RoutedCall } from "./routing/routing-hooks.ts";
import {
  type TrunkAdmissionOptions,
  type TrunkSource,
  trunkInviteHandler,
} from "./trunk-admission.ts";

/** What inbound calls read of trunks and routes (from `startTrunks`). */
export interface InboundSources {
  trunkFrom(address: string, port: number): TrunkSource | undefined;
  /** The analog trunk an FXO port belongs to. */
  analogTrunkOf(port: number): { id: number; name: string } | undefined;
  routes(): readonly InboundRoute[];
  ivr(id: number): IvrMenu | undefined;
  /** Where time condition `id` sends a call at `atMs`, in the box's time zone. */
  timeCondition(id: number, atMs: number): { matched: boolean; destination: string } | undefined;
  log(message: string, fields: Record<string, unknown>): void;
  /** CALL-11: outside callers refused before any route, and who rang which extension. */
  screen?: {
    refuses(caller: string): boolean;
    rang(caller: string, destination: Destination): void;
  };
  /** CALL-17: the phonebook's name for an outside caller's number, shown on the called phone. */
  callerName?(number: string): string | undefined;
}

export interface InboundWiring {
  clock: CallEngineOptions["clock"];
  bindings: TrunkAdmissionOptions["bindings"];
  /** A prompt's audio by name (built-in, or "custom/<name>"). */
  clip(prompt: string): Int16Array | undefined;
  /** Where an FXO call goes without a matching route. */
  inboundExtension(): string;
  sources: InboundSources;
}

export interface InboundCalls {
  /** The engine's applications (`ivr`). */
  applications: Record<string, ApplicationOpener>;
  /** The INVITE handler: trunk calls first, the rest to the engine. */
  invites(engine: CallEngine): MethodHandler;
  /** How a call ringing in on FXO `port` is routed and recorded. */
  fromLine(port: number, caller: string): InboundPlacement;
  /** The name the called phone shows for an outside caller: the phonebook's, else its own. */
  callerName(number: string, given: string): string;
}

export function inboundCalls(router: CallRouter, w: InboundWiring): InboundCalls {
  const s = w.sources;
  const routing = new InboundRouting(router, {
    routes: () => s.routes(),
    timeCondition: (id, atMs) => s.timeCondition(id, atMs),
    now: () => w.clock.now(),
    log: (message, fields) => s.log(message, fields),
  });
  /** Routes a call from `trunk`; `fallback` when no route matches. */
  const placement = (
    trunk: { id: number; name: string } | undefined,
    did: string,
    caller: string,
    fallback: (routed: RoutedCall) => Destination,
  ): InboundPlacement => ({
    trunk: trunk?.name ?? "",
    route: (routed) => {
      const call = { trunk: trunk?.name ?? "", did, caller };
      if (s.screen?.refuses(caller)) {
        s.log("blacklisted caller refused", call);
        return { kind: "refused", number: did || caller, status: 403, reason: "rejected" };
      }
      const matched = routing.match({ trunkId: trunk?.id ?? -1, did, caller });
      if (!matched) s.log("inbound call without a matching route", call);
      else s.log("inbound call", { ...call, ...matched });
      const destination = matched ? routing.resolve(matched.destination, routed) : fallback(routed);
      s.screen?.rang(caller, destination);
      return destination;
    },
  });
  const callerName = (number: string, given: string) => (number && s.callerName?.(number)) || given;
  const isExtension = (number: string) => {
    const kind = router.resolve(number).kind;
    return kind === "extension" || kind === "analog";
  };
  const ivr: ApplicationOpener = (destination, opening) => {
    const menu = s.ivr(Number(destination.argument));
    if (!menu) {
      s.log("IVR missing", { destination: destination.number });
      return { status: 404 };
    }
    return new IvrLeg(opening.id, menu, {
      clock: w.clock,
      menu: (id) => s.ivr(id),
      clip: (prompt) => w.clip(prompt),
      isExtension,
      resolve: (text, caller) => routing.resolve(text, router.begin(caller, text)),
      forward: opening.forward,
      log: (message, fields) => s.log(message, fields),
    });
  };
  return {
    applications: { [IVR_APP]: ivr },
    invites: (engine) =>
      trunkInviteHandler(
        engine,
        { trunkFrom: (address, port) => s.trunkFrom(address, port), bindings: w.bindings },
        {
          accept(incoming, call) {
            const caller = call.caller.number === "anonymous" ? "" : call.caller.number;
            const refused = (): Destination => ({
              kind: "refused",
              number: call.did,
              status: 404,
              reason: "rejected",
            });
            const via = placement(call.trunk, call.did, caller, refused);
            const party = {
              ...call.caller,
              displayName: callerName(caller, call.caller.displayName),
            };
            engine.acceptInvite(incoming, party, call.did, "inbound", via);
          },
        },
      ),
    callerName,
    fromLine: (port, caller) =>
      placement(s.analogTrunkOf(port), "", caller, (routed) =>
        router.route(routed, w.inboundExtension()),
      ),
  };
}
