// The routing step (SPEC CALL-1, EXT-1, EXT-5, ROUTE-2; DESIGN "Decide, then act"): what a
// dialled number is, for a SIP phone, an FXS handset, an exchange line or an application
// alike. Exact numbers win (an IP extension, an analog extension 8001.., a department), then
// the feature-code table, then the outbound provider (prefix 9 on an FXO line today). The
// hooks then may redirect or refuse before anything rings, and say where an unanswered call
// goes next. Every answer is a Destination value; the engine acts on it.

import type { ExtensionAuth } from "../../extensions/extension-types.ts";
import type { CallParty } from "../leg.ts";
import type { Destination, MemberDestination } from "./destination.ts";
import type { OutboundProvider } from "./outbound-provider.ts";
import type { RingPolicy } from "./ring-strategy.ts";
import type { RoutedCall, RouteOutcome, RoutingHook } from "./routing-hooks.ts";

/** Destinations one call may pass through before the routing step refuses it (a loop). */
export const MAX_ROUTE_HOPS = 8;

export interface CallRouterOptions {
  lookupIp(number: string): ExtensionAuth | undefined;
  /** The FXS port of an analog extension number. */
  analogPort?(number: string): number | undefined;
  /** A department's name, member numbers (IP and analog extensions) and ring policy. */
  department?(
    number: string,
  ): { name: string; members: readonly string[]; ring?: RingPolicy } | undefined;
  /** A number the box answers itself (a conference room): the application and its argument. */
  application?(number: string): { app: string; argument: string } | undefined;
  /** What a feature code means, from the admin's feature-code table. */
  featureCode?(number: string): { code: string; argument: string } | undefined;
  outbound?: OutboundProvider;
  hooks?: readonly RoutingHook[];
}

interface Routed extends RoutedCall {
  path: string[];
}

export class CallRouter {
  readonly #o: CallRouterOptions;

  constructor(options: CallRouterOptions) {
    this.#o = options;
  }

  /** A call about to be routed. */
  begin(caller: CallParty, dialled: string): RoutedCall {
    const call: Routed = {
      caller,
      dialled,
      path: [],
      resolve: (number, as = caller) => this.resolve(number, as),
      route: (number, as = caller) => this.#beforeRing(this.resolve(number, as), call),
    };
    return call;
  }

  /** Where `number` (the dialled one by default) goes for `call`, after the hooks. */
  route(call: RoutedCall, number = call.dialled): Destination {
    return this.#beforeRing(this.resolve(number, call.caller), call as Routed);
  }

  /** Where an unanswered `destination` sends the call next, or undefined to end it. */
  next(call: RoutedCall, destination: Destination, outcome: RouteOutcome): Destination | undefined {
    for (const hook of this.#o.hooks ?? []) {
      const next = hook.onOutcome?.(destination, outcome, call);
      if (next) return this.#beforeRing(next, call as Routed);
    }
    return undefined;
  }

  /** What `number` is, without hooks. */
  resolve(number: string, caller: CallParty = { number: "", displayName: "" }): Destination {
    const member = this.#member(number);
    if (member) return member;
    const department = this.#o.department?.(number);
    if (department) {
      const members = department.members.flatMap((n) => this.#member(n) ?? []);
      const ring = department.ring ? { ring: department.ring } : {};
      return { kind: "department", number, name: department.name, members, ...ring };
    }
    const application = this.#o.application?.(number);
    if (application) return { kind: "application", number, ...application };
    const feature = this.#o.featureCode?.(number);
    if (feature) return { kind: "feature", number, ...feature };
    const plan = this.#o.outbound?.plan(number, { number: caller.number });
    if (plan && "refused" in plan)
      return { kind: "refused", number, reason: "rejected", ...plan.refused };
    if (plan) return { kind: "outbound", number, ...plan };
    return { kind: "unknown", number };
  }

  #member(number: string): MemberDestination | undefined {
    const extension = this.#o.lookupIp(number);
    if (extension) return { kind: "extension", number, extension };
    const port = this.#o.analogPort?.(number);
    if (port !== undefined) return { kind: "analog", number, port };
    return undefined;
  }

  /** Asks the before-ringing hooks until none redirects; too many hops is a loop (482). */
  #beforeRing(first: Destination, call: Routed): Destination {
    let destination = first;
    for (;;) {
      call.path.push(destination.number);
      if (call.path.length > MAX_ROUTE_HOPS)
        return { kind: "refused", number: destination.number, status: 482, reason: "rejected" };
      const redirect = this.#redirect(destination, call);
      if (!redirect) break;
      destination = redirect;
    }
    if (destination.kind !== "department") return destination;
    // Each member is asked too: one on DND does not ring, one forwarded rings elsewhere.
    const members = destination.members.flatMap((member) => {
      const redirect = this.#redirect(member, call);
      if (!redirect) return [member];
      return redirect.kind === "extension" || redirect.kind === "analog" ? [redirect] : [];
    });
    return { ...destination, members };
  }

  #redirect(destination: Destination, call: RoutedCall): Destination | undefined {
    // A refusal is final: no hook is asked about it again.
    if (destination.kind === "refused") return undefined;
    for (const hook of this.#o.hooks ?? []) {
      const next: Destination | undefined = hook.beforeRing?.(destination, call);
      if (next && next !== destination) return next;
    }
    return undefined;
  }
}
