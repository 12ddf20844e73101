// An exchange line on an FXO port as a call leg (SPEC DEV-2, ROUTE-2). Calling (inbound): the
// line rang with a caller ID; the box answers it (goes off-hook) when the called extension
// answers, and the exchange caller giving up before that ends the call. Called (outbound): the
// box seizes the line and dials the external number by DTMF; an analog line gives no answer
// signal, so the call counts as answered once the digits are out and the caller hears the
// exchange from then on. A far-end hang-up (loop drop, reversal, busy tone) ends the call.

import type { FxoLine, FxoLineEvent } from "../lines/fxo-line.ts";
import { AnalogAudio } from "./analog-audio.ts";
import type { AnalogLegContext } from "./fxs-leg.ts";
import type { CalledLeg, CallingLeg, Leg, LegListener, LegState, LegView } from "./leg.ts";

export class FxoLeg implements CallingLeg, CalledLeg {
  readonly kind = "fxo";
  readonly id: string;
  /** The exchange caller's number (inbound) or the external number dialled (outbound). */
  readonly extension: string;
  readonly port: string;
  readonly line: FxoLine;
  state: LegState;
  readonly holding = false;
  readonly internal = false;
  readonly digitsInBand = true;
  readonly wantsDigits = false;
  readonly relaySide = undefined;
  readonly sipCallId = "";
  readonly audio: AnalogAudio;
  #listener: LegListener | undefined;
  readonly #digits: string;
  readonly #stop: () => void;

  /** `digits` undefined: the line is ringing in (calling end); else the number to dial out. */
  constructor(
    id: string,
    number: string,
    line: FxoLine,
    context: AnalogLegContext,
    digits?: string,
  ) {
    this.id = id;
    this.extension = number;
    this.line = line;
    this.port = `fxo${line.index}`;
    this.#digits = digits ?? "";
    this.state = digits === undefined ? "ringing" : "calling";
    this.#stop = line.on((e) => this.#event(e));
    this.audio = new AnalogAudio(context.clock, line, context.music, () => false);
  }

  listen(listener: LegListener): void {
    this.#listener = listener;
  }

  view(): LegView {
    return {
      id: this.id,
      kind: "fxo",
      extension: this.extension,
      state: this.state,
      holding: false,
      codec: "PCM",
      remote: this.port.toUpperCase(),
    };
  }

  alert(): boolean {
    if (!this.line.seize().ok) return false;
    if (!this.line.dialDigits(this.#digits).ok) {
      this.line.hangup();
      return false;
    }
    this.state = "ringing";
    return true;
  }

  /** The exchange plays its own progress tones to its caller. */
  progress(): void {}

  connect(_peer: Leg): boolean {
    if (this.state === "ringing" && this.line.state() === "ringing") {
      if (this.line.answer().ok) this.state = "answered";
    }
    return this.state !== "ended";
  }

  /** Releases the line (a line still ringing in is left to ring out: it cannot be refused). */
  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#stop();
    this.audio.close();
    this.line.hangup();
  }

  /** Digits toward the exchange (an IVR at the far end) go as DTMF on the line. */
  sendDigit(digit: string): void {
    if (this.state === "answered") this.line.dialDigits(digit);
  }

  #event(e: FxoLineEvent): void {
    if (this.state === "ended") return;
    if (e.type === "digits-sent" && this.state === "ringing" && this.#digits !== "") {
      this.line.connect();
      this.state = "answered";
      this.#listener?.onAnswered(this);
    } else if (e.type === "ringing-ended" || e.type === "far-end-hangup") {
      this.state = "ended";
      this.#stop();
      this.audio.close();
      this.#listener?.onEnded(this, "hangup");
    }
  }
}
