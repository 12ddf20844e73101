// A party moved from one call into another (SPEC CALL-10: an attended transfer completes, or a
// phone's REFER with Replaces joins its two calls): the third party's leg, ringing or answered
// in the consultation call, becomes a called leg of the call where the transferred party waits.
// Its RTP stays on the consultation call's relay session, so toward its new call it has no
// relay side: the bridge joins it frame by frame, and that session's digits and no-RTP
// notices are passed on here. The legs moved together share the session; the last one to end
// closes it.

import type { CalledLeg, Leg, LegListener, LegView, PartyAudio } from "../leg.ts";
import type { MediaSession } from "../media-port.ts";

/** A relay session kept open while any leg moved with it lives. */
export class SharedSession {
  #live = 0;
  constructor(readonly session: MediaSession | undefined) {}
  take(): void {
    this.#live += 1;
  }
  release(): void {
    this.#live -= 1;
    if (this.#live === 0) this.session?.close();
  }
}

export class TransferredLeg implements CalledLeg {
  readonly relaySide = undefined;
  readonly #inner: CalledLeg;
  readonly #shared: SharedSession;
  #listener: LegListener | undefined;
  #alerted = false;
  #released = false;

  constructor(inner: CalledLeg, shared: SharedSession) {
    this.#inner = inner;
    this.#shared = shared;
    shared.take();
    const self = (of: Leg) => (of === inner ? this : of);
    inner.listen({
      onRinging: (leg, early) => this.#listener?.onRinging(self(leg), early),
      onAnswered: (leg) => {
        if (this.#alerted) this.#listener?.onAnswered(self(leg));
      },
      onFailed: (leg, status, reason) => {
        this.#release();
        this.#listener?.onFailed(self(leg), status, reason);
      },
      onEnded: (leg, cause) => {
        this.#release();
        this.#listener?.onEnded(self(leg), cause);
      },
      onHold: (leg, holding) => this.#listener?.onHold(self(leg), holding),
      onDigit: (leg, digit, ms) => this.#listener?.onDigit(self(leg), digit, ms),
    });
    const side = inner.relaySide;
    shared.session?.onEvent((event) => {
      if (event.side !== side || inner.state !== "answered") return;
      if (event.type === "digit") this.#listener?.onDigit(this, event.digit, event.durationMs);
      else if (!inner.holding) {
        inner.hangup();
        this.#release();
        this.#listener?.onEnded(this, "no-rtp");
      }
    });
  }

  get id(): string {
    return this.#inner.id;
  }
  get kind() {
    return this.#inner.kind;
  }
  get extension(): string {
    return this.#inner.extension;
  }
  get state() {
    return this.#inner.state;
  }
  get holding(): boolean {
    return this.#inner.holding;
  }
  get internal(): boolean {
    return this.#inner.internal;
  }
  get digitsInBand(): boolean {
    return this.#inner.digitsInBand;
  }
  get wantsDigits(): boolean {
    return this.#inner.wantsDigits;
  }
  get audio(): PartyAudio | undefined {
    return this.#inner.audio;
  }
  get sipCallId(): string {
    return this.#inner.sipCallId;
  }

  listen(listener: LegListener): void {
    this.#listener = listener;
  }

  view(): LegView {
    return this.#inner.view();
  }

  /** Rung in its new call: answered already, it answers now; else its answer will come. */
  alert(): boolean {
    this.#alerted = true;
    if (this.#inner.state === "ended") return false;
    if (this.#inner.state === "answered") this.#listener?.onAnswered(this);
    else this.#listener?.onRinging(this, false);
    return true;
  }

  hangup(status?: number): void {
    this.#inner.hangup(status);
    this.#release();
  }

  sendDigit(digit: string, durationMs: number): void {
    this.#inner.sendDigit(digit, durationMs);
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#shared.release();
  }
}
