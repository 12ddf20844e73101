// The box itself as a call party (DESIGN "legs (SIP, FXS, FXO, application)"): an application
// leg answers at once when called (the information codes of SPEC CALL-15) or places the call
// itself (VOICE-2 "play on extension"); once joined it speaks its prompt clips to the other
// party through that party's audio (the relay's play tap for a SIP phone, the line for an
// analog one), with a short lead-in and tail, and then hangs up (RFC 3261 §15.1.1 BYE).

//
// Asked to (`ApplicationAsk`, a feature such as *75# "根据系统语音提示输入号码"), it then takes
// keys (RFC 4733, SIP INFO, or a handset's) until #, and speaks what the answer to them is
// before it hangs up; no key within ASK_TIMEOUT_MS of the last one ends the call.

import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type { Clock, Timer } from "../../sip/clock.ts";
import type { CalledLeg, CallingLeg, JoiningLeg, Leg } from "../leg.ts";
import type { PlayingAudio } from "../media-port.ts";
import { BoxLeg, LEAD_IN_MS, TAIL_MS } from "./box-leg.ts";

/** How long the box waits for the next key of an asked number. */
export const ASK_TIMEOUT_MS = 20_000;
/** Longest entry taken (a phone number with its prefix). */
const MAX_ASKED_DIGITS = 32;

/** After its prompt, the leg takes keys until # and says what `answer` gives for them. */
export interface ApplicationAsk {
  clock: Clock;
  answer(digits: string): readonly Int16Array[];
}

export class ApplicationLeg extends BoxLeg implements CallingLeg, CalledLeg, JoiningLeg {
  readonly #clips: readonly Int16Array[];
  readonly #ask: ApplicationAsk | undefined;
  #playing: PlayingAudio | undefined;
  #peer: Leg | undefined;
  #timer: Timer | undefined;
  #entered = "";

  constructor(id: string, extension: string, clips: readonly Int16Array[], ask?: ApplicationAsk) {
    super(id, extension);
    this.#clips = clips;
    this.#ask = ask;
  }

  /** The box placed the call: nothing to hear while it rings. */
  progress(): void {}

  connect(): boolean {
    this.state = "answered";
    return true;
  }

  /** Speaks the clips to `peer`, then hangs up (or, asked to, waits for keys). */
  joined(peer: Leg): void {
    if (!peer.audio || this.state === "ended") return;
    this.#peer = peer;
    this.#speak(this.#clips, !this.#ask);
    if (this.#ask) this.#wait();
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#timer?.cancel();
    this.#playing?.stop();
  }

  /** Keys of an asked number; a plain announcement does not listen. */
  sendDigit(digit: string): void {
    const ask = this.#ask;
    if (!ask || this.state === "ended" || this.#timer === undefined) return;
    if (digit !== "#") {
      this.#entered += digit;
      if (this.#entered.length <= MAX_ASKED_DIGITS) this.#wait();
      else this.finish();
      return;
    }
    this.#timer.cancel();
    this.#timer = undefined;
    this.#speak(ask.answer(this.#entered), true);
  }

  #speak(clips: readonly Int16Array[], thenHangUp: boolean): void {
    const audio = this.#peer?.audio;
    if (!audio) return;
    this.#playing?.stop();
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    const tail = new Int16Array((TAIL_MS * 8000) / 1000);
    const playing = audio.play(new PromptPlayer([lead, ...clips, tail]));
    this.#playing = playing;
    if (thenHangUp)
      void playing.done.then(() => {
        if (this.#playing === playing) this.finish();
      });
  }

  #wait(): void {
    this.#timer?.cancel();
    this.#timer = this.#ask?.clock.setTimer(ASK_TIMEOUT_MS, () => this.finish());
  }
}
