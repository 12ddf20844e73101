// Outbound calls (SPEC ROUTE-2): which channels an external number may leave on, in order,
// with the digits each one sends. The routing step asks its provider; today's provider is the
// outbound prefix ("the manuals use 9") out on an FXO line. Trunks and outbound routes plug in
// as another provider (and another channel kind), without the routing step changing.

/** A way out of the box. `fxo` without a port: any idle, connected FXO line. */
export type OutboundChannel = { kind: "fxo"; port?: number } | { kind: "trunk"; trunk: string };

export interface OutboundCandidate {
  channel: OutboundChannel;
  /** What this channel sends (after prefix stripping or adding, per route). */
  digits: string;
  /** The number the far end sees, when the route sets one. */
  callerId?: string;
  /** The trunk this channel belongs to, by name (the call record's trunk). */
  trunkName?: string;
}

/** An outbound route that matched: the prefix dialled, the number after it, the channels. */
export interface OutboundPlan {
  prefix: string;
  digits: string;
  candidates: OutboundCandidate[];
  /** The outbound route's name, when a stored route matched. */
  route?: string;
  /** The route asks for a PIN first: true when `pin` is one of its codes. */
  pinCheck?: (pin: string) => boolean;
  /** Counts the call against the caller's toll fuse; the returned function releases it. */
  admit?: () => () => void;
}

/** The number is an outbound one, but this caller may not dial it (ROUTE-3, toll fuse). */
export interface OutboundRefusal {
  refused: { status: number; phrase: string };
}

/** Who is dialling out (routes may differ per caller: dial permission classes later). */
export interface OutboundCaller {
  number: string;
}

export interface OutboundProvider {
  /** The plan for `dialled`, a refusal, or undefined when no outbound route matches it. */
  plan(dialled: string, caller: OutboundCaller): OutboundPlan | OutboundRefusal | undefined;
}

/**
 * An outbound prefix (setting "dialplan.outboundPrefixes", default ["9"]) followed by an
 * external number (digits, * and # only: an FXO line dials it by DTMF) goes out on an FXO line.
 */
export function prefixOutbound(prefixes: () => Iterable<string>): OutboundProvider {
  return {
    plan(dialled) {
      for (const prefix of prefixes()) {
        const digits = dialled.slice(prefix.length);
        if (dialled.startsWith(prefix) && /^[0-9*#]+$/.test(digits))
          return { prefix, digits, candidates: [{ channel: { kind: "fxo" }, digits }] };
      }
      return undefined;
    },
  };
}

/** Providers asked in order; the first plan wins (trunk routes before the FXO prefix). */
export function firstOutbound(providers: readonly OutboundProvider[]): OutboundProvider {
  return {
    plan(dialled, caller) {
      for (const provider of providers) {
        const plan = provider.plan(dialled, caller);
        if (plan) return plan;
      }
      return undefined;
    },
  };
}
