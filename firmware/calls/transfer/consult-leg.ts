// The transferring party's voice in its consultation call (SPEC CALL-10 协商转接 "*2+分机号"): the
// party stays a leg of its first call (held there, the other party on music) and this leg lends
// its audio to the second call, which the box places for it toward the third. It is answered
// already: the third's ringing is ringback played to it, the third's answer joins it frame by
// frame (it has no relay side in the second call). Its end is the consultation's end, never a
// hang-up of the party's own leg: that leg belongs to the first call.

import { TonePlayer } from "../../../media/dsp/tone-player.ts";
import { toneSpec } from "../../../media/dsp/tone-tables.ts";
import type {
  CallingLeg,
  EndCause,
  Leg,
  LegListener,
  LegState,
  LegView,
  PartyAudio,
} from "../leg.ts";
import type { PlayingAudio } from "../media-port.ts";

export class ConsultLeg implements CallingLeg {
  readonly relaySide = undefined;
  readonly holding = false;
  readonly #party: Leg;
  readonly #gone: (status: number | undefined) => void;
  #listener: LegListener | undefined;
  #ringback: PlayingAudio | undefined;
  #ended = false;

  /** `party` consults; `gone` hears that the consultation call is over (`status` if unanswered). */
  constructor(party: Leg, gone: (status: number | undefined) => void) {
    this.#party = party;
    this.#gone = gone;
  }

  get id(): string {
    return `${this.#party.id}-consult`;
  }
  get kind() {
    return this.#party.kind;
  }
  get extension(): string {
    return this.#party.extension;
  }
  get state(): LegState {
    return this.#ended ? "ended" : "answered";
  }
  get internal(): boolean {
    return this.#party.internal;
  }
  get digitsInBand(): boolean {
    return this.#party.digitsInBand;
  }
  get wantsDigits(): boolean {
    return this.#party.wantsDigits;
  }
  get audio(): PartyAudio | undefined {
    return this.#party.audio;
  }
  get sipCallId(): string {
    return this.#party.sipCallId;
  }

  listen(listener: LegListener): void {
    this.#listener = listener;
  }

  view(): LegView {
    return { ...this.#party.view(), id: this.id };
  }

  /** The third alerts: the party, answered long ago, hears ringback from the box. */
  progress(): void {
    if (this.#ringback || this.#ended || !this.#party.audio) return;
    this.#ringback = this.#party.audio.play(new TonePlayer(toneSpec("ringback")));
  }

  connect(): boolean {
    this.#stopRingback();
    return !this.#ended;
  }

  /** The consultation call ended (the third refused, hung up, or the call was given up). */
  hangup(status?: number): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#stopRingback();
    this.#gone(status);
  }

  sendDigit(digit: string, durationMs: number): void {
    this.#party.sendDigit(digit, durationMs);
  }

  /** A digit the party keyed during the consultation, for the third. */
  digit(digit: string, durationMs: number): void {
    if (!this.#ended) this.#listener?.onDigit(this, digit, durationMs);
  }

  /** The party leaves the consultation (cancelled, transfer done, hung up): the call ends. */
  end(cause: EndCause = "hangup"): void {
    if (this.#ended) return;
    // The call hangs this leg up as it ends, which tells `gone`; without a call yet, so do we.
    this.#listener?.onEnded(this, cause);
    this.hangup();
  }

  #stopRingback(): void {
    this.#ringback?.stop();
    this.#ringback = undefined;
  }
}
