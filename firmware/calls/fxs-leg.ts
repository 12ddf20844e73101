// An analog phone on an FXS port as a call leg (SPEC DEV-2, EXT-5, CALL-1). Calling: the
// handset dialled (dial tone and digit collection are FxsLine's), then hears ringback, busy or
// congestion from the box. Called: the port rings with the country's cadence and the caller's
// number as caller ID; lifting the handset answers. A hook flash during the call holds the
// other party and gives dial tone; a second flash returns to the call.

import type { FxsLine, FxsLineEvent } from "../lines/fxs-line.ts";
import type { Clock } from "../sip/clock.ts";
import { AnalogAudio } from "./analog-audio.ts";
import type {
  CalledLeg,
  CallingLeg,
  CallParty,
  Leg,
  LegListener,
  LegState,
  LegView,
} from "./leg.ts";
import type { FrameSource } from "./media-port.ts";

/** What analog legs need besides their line: the clock and the music-on-hold classes. */
export interface AnalogLegContext {
  clock: Clock;
  music(mohClass: string): FrameSource;
}

export class FxsLeg implements CallingLeg, CalledLeg {
  readonly kind = "fxs";
  readonly id: string;
  readonly extension: string;
  readonly port: string;
  readonly line: FxsLine;
  state: LegState;
  holding = false;
  readonly internal = true;
  readonly digitsInBand = true;
  readonly wantsDigits = false;
  readonly relaySide = undefined;
  readonly sipCallId = "";
  readonly audio: AnalogAudio;
  #listener: LegListener | undefined;
  readonly #calling: boolean;
  readonly #stop: () => void;

  /** `calling`: the handset is off-hook and dialled; otherwise it is to be rung. */
  constructor(
    id: string,
    extension: string,
    line: FxsLine,
    calling: boolean,
    context: AnalogLegContext,
  ) {
    this.id = id;
    this.extension = extension;
    this.line = line;
    this.port = `fxs${line.index}`;
    this.#calling = calling;
    this.state = calling ? "ringing" : "calling";
    this.#stop = line.on((e) => this.#event(e));
    this.audio = new AnalogAudio(context.clock, line, context.music, () => this.holding);
  }

  listen(listener: LegListener): void {
    this.#listener = listener;
  }

  view(): LegView {
    return {
      id: this.id,
      kind: "fxs",
      extension: this.extension,
      state: this.state,
      holding: this.holding,
      codec: "PCM",
      remote: this.port.toUpperCase(),
    };
  }

  alert(caller: CallParty): boolean {
    const name = caller.displayName && caller.displayName !== caller.number;
    const rung = this.line.ring({
      number: caller.number,
      ...(name ? { name: caller.displayName } : {}),
    });
    if (!rung.ok) return false;
    this.state = "ringing";
    this.#listener?.onRinging(this, false);
    return true;
  }

  /** The handset hears ringback while the called side alerts. */
  progress(): void {
    if (this.state === "ended") return;
    this.line.playTone("ringback");
  }

  connect(_peer: Leg): boolean {
    if (this.state === "ended") return false;
    this.state = "answered";
    this.line.connect();
    return true;
  }

  /**
   * Ends the leg: a ringing phone stops; a handset still off-hook hears busy tone, or
   * congestion when `status` says the call failed for another reason than busy.
   */
  hangup(status?: number): void {
    if (this.state === "ended") return;
    const ringing = !this.#calling && this.state !== "answered";
    this.state = "ended";
    this.#stop();
    this.audio.close();
    if (ringing) {
      this.line.stopRing();
      return;
    }
    this.line.farEndHangup();
    if (status !== undefined && status !== 486 && status !== 600) this.line.playTone("congestion");
  }

  /** Digits reach an analog phone in-band, with the other party's audio. */
  sendDigit(): void {}

  #event(e: FxsLineEvent): void {
    if (this.state === "ended") return;
    switch (e.type) {
      case "answer":
        if (this.#calling || this.state !== "ringing") return;
        this.state = "answered";
        this.#listener?.onAnswered(this);
        return;
      case "hangup":
        this.state = "ended";
        this.#stop();
        this.audio.close();
        this.#listener?.onEnded(this, "hangup");
        return;
      case "state":
        // The caller gave up ringing from elsewhere, or the port failed.
        if (e.state === "faulty") {
          this.state = "ended";
          this.#stop();
          this.#listener?.onEnded(this, "hangup");
        }
        return;
      case "flash":
        this.#flash();
        return;
      case "digit":
        this.#listener?.onDigit(this, e.digit, 100);
        return;
      default:
        return;
    }
  }

  /**
   * The number dialled after a flash is being called for this handset (a transfer's
   * consultation, CALL-10): the line carries audio again; the other party stays held by the
   * call, which no longer takes this leg's hold from it.
   */
  consulting(): void {
    if (this.state !== "answered" || !this.holding) return;
    this.holding = false;
    this.line.connect();
  }

  /** Register recall (SPEC DEV-2 hook flash): hold and dial tone, or back to the call. */
  #flash(): void {
    if (this.state !== "answered" || !this.line.offHook()) return;
    this.holding = !this.holding;
    if (this.holding) this.line.collectDigits();
    else this.line.connect();
    this.#listener?.onHold(this, this.holding);
  }
}
