// SPEC ROUTE-2: the called leg of an outbound call, made from the plan's ordered candidates.
// An FXO candidate takes an idle, connected line (its port, or any) when its turn comes; any
// other channel kind is opened by the engine's `ChannelOpener` for that kind (a SIP trunk).
// `FailoverLeg` walks them in order.

import type { FxoLine } from "../lines/fxo-line.ts";
import type { ChannelOpener, ChannelOpening } from "./call-engine.ts";
import { type ChannelAttempt, FailoverLeg, type OpenedChannel } from "./failover-leg.ts";
import { FxoLeg } from "./fxo-leg.ts";
import type { AnalogLegContext } from "./fxs-leg.ts";
import type { CalledLeg } from "./leg.ts";
import type { OutboundCandidate } from "./routing/outbound-provider.ts";

export interface OutboundLegDeps {
  /** An idle, connected FXO line (on `port`, or any). */
  fxoLine(port: number | undefined): FxoLine | undefined;
  analog: AnalogLegContext;
  channels: Record<string, ChannelOpener> | undefined;
  /** What an opener is given; undefined when the call has no relay session. */
  opening: Omit<ChannelOpening, "id"> | undefined;
  /** A channel was tried: its trunk's name (the call record's trunk). */
  tried(trunk: string | undefined): void;
}

/** Whether any candidate could take a call now (an idle line, or an opener for its kind). */
export function anyChannel(
  candidates: readonly OutboundCandidate[],
  deps: Pick<OutboundLegDeps, "fxoLine" | "channels">,
): boolean {
  return candidates.some((c) =>
    c.channel.kind === "fxo"
      ? deps.fxoLine(c.channel.port) !== undefined
      : deps.channels?.[c.channel.kind] !== undefined,
  );
}

/** One leg that tries `candidates` in order (failover). */
export function outboundLeg(
  id: string,
  digits: string,
  candidates: readonly OutboundCandidate[],
  deps: OutboundLegDeps,
): FailoverLeg {
  let n = 0;
  const attempts = candidates.map(
    (candidate): ChannelAttempt =>
      () => {
        const legId = `${id}.${++n}`;
        const channel = candidate.channel;
        if (channel.kind === "fxo") {
          const line = deps.fxoLine(channel.port);
          if (!line) return { status: 503 };
          const leg = new FxoLeg(legId, candidate.digits, line, deps.analog, candidate.digits);
          return candidate.trunkName ? { leg, trunk: candidate.trunkName } : { leg };
        }
        const open = deps.channels?.[channel.kind];
        if (!open || !deps.opening) return { status: 503 };
        return opened(open(candidate, { ...deps.opening, id: legId }));
      },
  );
  return new FailoverLeg(id, digits, attempts, { tried: deps.tried });
}

function opened(
  result: CalledLeg | OpenedChannel | { status: number },
): OpenedChannel | { status: number } {
  if ("status" in result && typeof result.status === "number") return result;
  if ("leg" in result) return result;
  return { leg: result as CalledLeg };
}
