// What every leg the box itself answers shares (an announcement, an IVR menu): it is an
// application party with no audio of its own (it speaks through its peer's), it answers the
// moment it is called, and it tells its call once when it is over.

import type { CallParty, EndCause, Leg, LegListener, LegState, LegView } from "../leg.ts";

/** Silence before the first word, so the phone's audio path is up when speech starts. */
export const LEAD_IN_MS = 500;
/** Silence after the last word before BYE, so the end is not clipped by jitter buffers. */
export const TAIL_MS = 300;

export abstract class BoxLeg implements Leg {
  readonly kind = "application";
  readonly id: string;
  /** What the leg stands for: the dialled code, `ivr:<id>`, or "" when the box calls. */
  readonly extension: string;
  state: LegState = "calling";
  readonly holding = false;
  readonly internal = false;
  readonly digitsInBand = false;
  readonly wantsDigits = true;
  readonly audio = undefined;
  readonly relaySide = undefined;
  readonly sipCallId = "";
  /** Who called (for an answered leg), as the call said. */
  protected caller: CallParty = { number: "", displayName: "" };
  /** The call, once it listens. */
  protected listener: LegListener | undefined;

  constructor(id: string, extension: string) {
    this.id = id;
    this.extension = extension;
  }

  listen(listener: LegListener): void {
    this.listener = listener;
  }

  view(): LegView {
    return {
      id: this.id,
      kind: "application",
      extension: this.extension,
      state: this.state,
      holding: false,
    };
  }

  /** Called: the box answers at once. */
  alert(caller: CallParty): boolean {
    this.caller = caller;
    this.state = "answered";
    this.listener?.onAnswered(this);
    return true;
  }

  /** Stops what the leg is doing; the call ended it (or `finish` did). */
  abstract hangup(): void;

  abstract sendDigit(digit: string, durationMs: number): void;

  /** The leg is over by itself: stop, then tell the call (once). */
  protected finish(cause: EndCause = "hangup"): void {
    if (this.state === "ended") return;
    this.hangup();
    this.state = "ended";
    this.listener?.onEnded(this, cause);
  }
}
