// SPEC CALL-2 call forwarding and CALL-14 do-not-disturb as a routing hook (DESIGN "hooks
// before ringing and on the outcome"). The manual (功能码 — 呼叫转移, 免打扰):
// - always (无条件转移): the extension never rings, whatever its state, registered or not;
// - busy (遇忙转移): a new call to an extension in a call, or one its phone answers busy;
// - no answer (无人应答转移): after ringing unanswered (an unregistered phone counts too);
// - busy or no answer: either;
// - DND: the extension can call out, nobody can call in: busy forwarding if set, else 486.
// The number is routed as if the forwarding extension dialled it (an outside number takes the
// outbound routes, with that extension's dial permission); a loop ends at the router's hop
// limit (482). A decision only: nothing here rings.
import type { Destination, MemberDestination } from "../calls/routing/destination.ts";
import type { RoutedCall, RouteOutcome, RoutingHook } from "../calls/routing/routing-hooks.ts";
import type { ForwardNotices } from "./forward-notices.ts";
import type { ForwardType } from "./forwarding-store.ts";

export interface ForwardingHookOptions {
  /** The enabled forwarding of `type` for `extension`. */
  active(extension: string, type: ForwardType): string | undefined;
  dnd(extension: string): boolean;
  /** True while the extension is in a call (its BLF state "busy"). */
  inCall(extension: string): boolean;
  /** Setting "forwarding.passCallerId": an outside target sees the original caller's number. */
  passCallerId(): boolean;
  /** Setting "forwarding.announce": the caller hears a notice first (转移前通知主叫). */
  announce?(): boolean;
  notices?: ForwardNotices;
}

export function forwardingHook(o: ForwardingHookOptions): RoutingHook {
  const target = (
    extension: string,
    types: readonly ForwardType[],
    call: RoutedCall,
  ): Destination | undefined => {
    for (const type of types) {
      const number = o.active(extension, type);
      // The caller forwarded to itself would ring its own phone: the extension rings instead.
      if (number === undefined || number === call.caller.number) continue;
      return toward(number, extension, call);
    }
    return undefined;
  };
  const toward = (number: string, extension: string, call: RoutedCall): Destination => {
    const as = { number: extension, displayName: "" };
    if (!o.notices || !o.announce?.()) return passedThrough(call.resolve(number, as), call);
    // Rung only after the notice: its own forwarding and DND are decided now, hooks included.
    const target = passedThrough(call.route(number, as), call);
    return target.kind === "refused" || target.kind === "unknown" ? target : o.notices.hold(target);
  };
  const passedThrough = (destination: Destination, call: RoutedCall): Destination => {
    if (destination.kind !== "outbound" || !o.passCallerId()) return destination;
    const callerId = call.caller.number;
    if (callerId === "") return destination;
    return { ...destination, candidates: destination.candidates.map((c) => ({ ...c, callerId })) };
  };
  return {
    beforeRing(destination, call) {
      if (!isMember(destination)) return undefined;
      const extension = destination.number;
      const always = target(extension, ["always"], call);
      if (always) return always;
      const onBusy = ["busy", "busy-or-no-answer"] as const;
      if (o.dnd(extension))
        return (
          target(extension, onBusy, call) ?? {
            kind: "refused",
            number: extension,
            status: 486,
            reason: "busy",
          }
        );
      if (o.inCall(extension)) return target(extension, onBusy, call);
      return undefined;
    },
    onOutcome(destination, outcome: RouteOutcome, call) {
      if (!isMember(destination)) return undefined;
      const types: readonly ForwardType[] =
        outcome === "busy" ? ["busy", "busy-or-no-answer"] : ["no-answer", "busy-or-no-answer"];
      return target(destination.number, types, call);
    },
  };
}

function isMember(destination: Destination): destination is MemberDestination {
  return destination.kind === "extension" || destination.kind === "analog";
}
