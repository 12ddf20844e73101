// SPEC CALL-2 option "转移前通知主叫" (announce to the caller before forwarding): the forwarding
// hook hands the routing step an application destination instead of the forwarding target;
// the engine opens it as a `NoticeLeg` that says `ivr/transferring` ("正在为您转接，请稍候")
// and then rings the target in the same call. The target waits here under a token (the
// destination's argument) between the decision and the opening.

import { NoticeLeg } from "../calls/apps/notice-leg.ts";
import type { ApplicationOpener } from "../calls/call-engine.ts";
import type { CallParty } from "../calls/leg.ts";
import type { Destination } from "../calls/routing/destination.ts";

/** The application name the engine opens notices under (`CallEngineOptions.applications`). */
export const FORWARD_NOTICE_APP = "forward-notice";
/** What the caller hears (rootfs prompts.tsv). */
export const FORWARD_NOTICE_PROMPT = "ivr/transferring";
/** Targets decided but not yet opened, at most: a call refused meanwhile leaves one behind. */
const MAX_PENDING = 256;

export class ForwardNotices {
  readonly #pending = new Map<string, Destination>();
  #next = 0;

  /** The destination that says the notice, then rings `target`. */
  hold(target: Destination): Destination {
    const token = String(++this.#next);
    this.#pending.set(token, target);
    if (this.#pending.size > MAX_PENDING) {
      const oldest = this.#pending.keys().next().value;
      if (oldest !== undefined) this.#pending.delete(oldest);
    }
    return { kind: "application", number: target.number, app: FORWARD_NOTICE_APP, argument: token };
  }

  /** The engine's opener: the notice leg, which then forwards the call to the held target. */
  opener(clips: (caller: CallParty) => Int16Array[]): ApplicationOpener {
    return (destination, opening) => {
      const target = this.#pending.get(destination.argument);
      this.#pending.delete(destination.argument);
      if (!target) return { status: 480 };
      return new NoticeLeg(opening.id, destination.number, clips(opening.caller), (leg) =>
        opening.forward(leg, target),
      );
    };
  }
}
