// A party that dialled its way into a call already under way (SPEC CALL-8 pickup, CALL-9
// retrieving a parked call): its own calling leg, answered by the box, joins the other call as
// the leg that answers it. Its RTP runs through the relay session opened for its own INVITE,
// not the joined call's, so toward that call it has no relay side: the bridge joins it frame by
// frame (as an analog party), and its own session's digits and no-RTP notices are passed on
// here. It owns that session and closes it when it ends.

import type {
  CalledLeg,
  CallingLeg,
  EndCause,
  Leg,
  LegListener,
  LegView,
  PartyAudio,
} from "./leg.ts";
import type { MediaSession } from "./media-port.ts";

export class AdoptedLeg implements CalledLeg {
  readonly #inner: CallingLeg;
  readonly #session: MediaSession | undefined;
  readonly #peer: Leg;
  #listener: LegListener | undefined;
  readonly relaySide = undefined;

  /** `inner` dialled; `peer` is the party it will talk to (a SIP answer prefers its codec). */
  constructor(inner: CallingLeg, session: MediaSession | undefined, peer: Leg) {
    this.#inner = inner;
    this.#session = session;
    this.#peer = peer;
    const forward = (of: Leg) => (of === inner ? this : of);
    inner.listen({
      onRinging: (leg, early) => this.#listener?.onRinging(forward(leg), early),
      onAnswered: (leg) => this.#listener?.onAnswered(forward(leg)),
      onFailed: (leg, status, reason) => this.#listener?.onFailed(forward(leg), status, reason),
      onEnded: (leg, cause) => this.#ended(forward(leg), cause),
      onHold: (leg, holding) => this.#listener?.onHold(forward(leg), holding),
      onDigit: (leg, digit, ms) => this.#listener?.onDigit(forward(leg), digit, ms),
    });
    const side = inner.relaySide;
    session?.onEvent((event) => {
      if (event.side !== side || inner.state !== "answered") return;
      if (event.type === "digit") this.#listener?.onDigit(this, event.digit, event.durationMs);
      else if (!inner.holding) {
        inner.hangup();
        this.#ended(this, "no-rtp");
      }
    });
  }

  /** The party's own leg (an FXS handset's, a SIP phone's). */
  get inner(): CallingLeg {
    return this.#inner;
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

  /** Joined: the box answers the party's own call (200 OK, or the handset connects). */
  alert(): boolean {
    if (!this.#inner.connect(this.#peer)) return false;
    this.#listener?.onAnswered(this);
    return true;
  }

  hangup(status?: number): void {
    this.#inner.hangup(status);
    this.#session?.close();
  }

  sendDigit(digit: string, durationMs: number): void {
    this.#inner.sendDigit(digit, durationMs);
  }

  #ended(leg: Leg, cause: EndCause): void {
    this.#session?.close();
    this.#listener?.onEnded(leg, cause);
  }
}
