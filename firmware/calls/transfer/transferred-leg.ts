// A party moved from one call into another (SPEC CALL-10: an attended transfer completes, or a
// phone's REFER with Replaces joins its two calls; CALL-5: *0 takes both parties of a call into
// a conference room): the third party's leg, ringing or answered in the consultation call,
// becomes a called leg of the call where the transferred party waits; a party of a call that
// became a conference becomes the calling leg of its own call into the room. Its RTP stays on
// its first call's relay session, so toward its new call it has no relay side: the bridge
// joins it frame by frame, and that session's digits and no-RTP notices are passed on here.
// The legs moved together share the session; the last one to end closes it.

import type { CalledLeg, CallingLeg, Leg, LegListener, LegView, PartyAudio } from "../leg.ts";
import type { MediaEvent, MediaSession } from "../media-port.ts";

/**
 * A relay session kept open while any leg moved with it lives. The session tells one listener
 * of its events; each moved leg hears those of its own side here.
 */
export class SharedSession {
  #live = 0;
  readonly #sides = new Map<string, (event: MediaEvent) => void>();

  constructor(readonly session: MediaSession | undefined) {
    session?.onEvent((event) => this.#sides.get(event.side)?.(event));
  }

  take(): void {
    this.#live += 1;
  }

  release(): void {
    this.#live -= 1;
    if (this.#live === 0) this.session?.close();
  }

  /** `side`'s digits and no-RTP notices go to `listener` (the last one given, per side). */
  onSide(side: "a" | "b", listener: (event: MediaEvent) => void): void {
    this.#sides.set(side, listener);
  }
}

export class TransferredLeg implements CalledLeg, CallingLeg {
  readonly relaySide = undefined;
  readonly #inner: Leg;
  readonly #shared: SharedSession;
  #listener: LegListener | undefined;
  #alerted = false;
  #released = false;
  /** Takes the relay side's events once the moved leg answers (ringing legs share a side). */
  #onSide: (() => void) | undefined;

  constructor(inner: Leg, shared: SharedSession) {
    this.#inner = inner;
    this.#shared = shared;
    shared.take();
    const self = (of: Leg) => (of === inner ? this : of);
    inner.listen({
      onRinging: (leg, early) => this.#listener?.onRinging(self(leg), early),
      onAnswered: (leg) => {
        this.#onSide?.();
        this.#onSide = undefined;
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
    // Ringing legs moved together share a side: the one that answers takes it.
    const onSide = (event: MediaEvent) => {
      if (inner.state !== "answered") return;
      if (event.type === "digit") this.#listener?.onDigit(this, event.digit, event.durationMs);
      else if (!inner.holding) {
        inner.hangup();
        this.#release();
        this.#listener?.onEnded(this, "no-rtp");
      }
    };
    if (side && inner.state === "answered") shared.onSide(side, onSide);
    else if (side) this.#onSide = () => shared.onSide(side, onSide);
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

  /** As a calling leg the party has been answered long ago: progress is not heard. */
  progress(): void {}

  /** As a calling leg: the party is connected already. */
  connect(): boolean {
    return this.#inner.state !== "ended";
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
