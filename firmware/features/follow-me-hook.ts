// SPEC CALL-3 follow-me as a routing hook (DESIGN "hooks before ringing and on the outcome"),
// manual 高级功能 — 跟随: a call to an extension with follow-me on rings the extension for its
// own ring time (振铃时长); unanswered (or busy, or with no phone reachable) it goes to each
// number of the list in turn, each ringing for its own time; the last one unanswered ends the
// call. A list number is routed as if the extension dialled it (an outside number takes the
// outbound routes with its dial permission). Forwarding set on the extension comes first (its
// hook is asked before this one). In confirm mode the list goes through `names`: the caller
// says its name first, and each number's answerer must press 1 (`accept` on the step, carried
// from one step to the next). A decision only: nothing here rings.
import type { AnswerAcceptance, Destination } from "../calls/routing/destination.ts";
import type { RoutedCall, RoutingHook } from "../calls/routing/routing-hooks.ts";
import type { FollowMeNames } from "./follow-me-names.ts";
import type { FollowMe } from "./follow-me-store.ts";

export interface FollowMeHookOptions {
  /** The extension's follow-me settings. */
  get(extension: string): FollowMe;
  /** Confirm mode's name recording and press 1; without it every mode connects at once. */
  names?: FollowMeNames;
}

export function followMeHook(o: FollowMeHookOptions): RoutingHook {
  const enabled = (number: string): FollowMe | undefined => {
    const f = o.get(number);
    return f.enabled && f.numbers.length > 0 ? f : undefined;
  };
  const step = (
    owner: FollowMe,
    index: number,
    call: RoutedCall,
    accept?: AnswerAcceptance,
  ): Destination | undefined => {
    const s = owner.numbers[index];
    if (!s) return undefined;
    const d = call.resolve(s.number, { number: owner.extension, displayName: "" });
    if (d.kind !== "extension" && d.kind !== "analog" && d.kind !== "outbound") return d;
    return { ...d, ringTimeMs: s.ringS * 1000, ...(accept ? { accept } : {}) };
  };
  return {
    beforeRing(destination) {
      // A step of a list already carries its ring time: its own follow-me is not asked.
      if (destination.kind !== "extension" && destination.kind !== "analog") return undefined;
      if (destination.ringTimeMs !== undefined) return undefined;
      const f = enabled(destination.number);
      return f ? { ...destination, ringTimeMs: f.ringFirstS * 1000 } : undefined;
    },
    onOutcome(destination, _outcome, call) {
      // A step: the next number of the list of the extension this call came through.
      for (const number of [...call.path].reverse()) {
        if (number === destination.number) continue;
        const f = enabled(number);
        const at = f?.numbers.findIndex((s) => s.number === destination.number) ?? -1;
        const accept = "accept" in destination ? destination.accept : undefined;
        if (f && at >= 0) return step(f, at + 1, call, accept);
      }
      // The extension itself: the list's first number (confirm mode: the caller's name first).
      const own = isMember(destination) ? enabled(destination.number) : undefined;
      if (!own) return undefined;
      const first = step(own, 0, call);
      if (own.mode !== "confirm" || !o.names || !first || !isStep(first)) return first;
      return o.names.hold(own.extension, first);
    },
  };
}

function isStep(
  d: Destination,
): d is Extract<Destination, { kind: "extension" | "analog" | "outbound" }> {
  return d.kind === "extension" || d.kind === "analog" || d.kind === "outbound";
}

function isMember(d: Destination): boolean {
  return d.kind === "extension" || d.kind === "analog";
}
