// SPEC ROUTE-2 "PIN codes for outbound calls (logged in CDR)": when the matched outbound route
// asks for a PIN, the box answers the caller, says "please enter your PIN, then press pound",
// collects the caller's digits (RFC 4733 or INFO, as the call delivers them) until #, and
// checks them. A right PIN places the outbound call (the route's channels, with failover) and
// from then on this leg stands for it: its answer, its digits, its end. A wrong PIN, or none
// within PIN_TIMEOUT_MS of the last key, hears "invalid entry" and "goodbye", then the box
// hangs up. A SIP caller's media stays on relay side a and the outbound leg takes side b, so
// once the far end answers the relay carries the audio as in any call. For an analog caller
// the bridge joins a `LaterAudio` that speaks the prompts and takes the far end's audio when
// it answers (a prompt played straight to the line would replace the bridge's feed for good).

import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type { Clock, Timer } from "../../sip/clock.ts";
import type {
  CalledLeg,
  CallParty,
  EndCause,
  JoiningLeg,
  Leg,
  LegListener,
  LegState,
  LegView,
} from "../leg.ts";
import type { PlayingAudio } from "../media-port.ts";
import { LEAD_IN_MS, TAIL_MS } from "./box-leg.ts";
import { LaterAudio } from "./later-audio.ts";

/** How long the box waits for the next key before it gives up on the PIN. */
export const PIN_TIMEOUT_MS = 20_000;
/** Longest PIN taken; more keys than this is a wrong one. */
const MAX_PIN_DIGITS = 20;

/** Built-in prompts it says (rootfs prompts.tsv). */
export const PIN_PROMPTS = { ask: ["vm/enter-pin"], wrong: ["invalid", "goodbye"] } as const;

export interface PinLegOptions {
  clock: Clock;
  /** The clips of PIN_PROMPTS in the caller's language. */
  clips: { ask: Int16Array[]; wrong: Int16Array[] };
  check(pin: string): boolean;
  /** The PIN was right: the outbound leg to ring now. */
  place(pin: string): CalledLeg;
  /** "b" when the caller's media is on the relay (a SIP caller): the outbound leg's side. */
  relaySide: "b" | undefined;
  /** The far end answered (the call was answered by the box earlier, for the prompt). */
  farEndAnswered?(): void;
}

export class PinLeg implements CalledLeg, JoiningLeg, LegListener {
  readonly kind = "application";
  readonly id: string;
  readonly extension: string;
  readonly internal = false;
  readonly digitsInBand = false;
  /** For an analog caller: the far end's audio, once there. */
  readonly audio: LaterAudio | undefined;
  /** The outbound leg's side of the relay session: a SIP caller's RTP reaches it there. */
  readonly relaySide: "b" | undefined;
  readonly #o: PinLegOptions;
  #state: LegState = "calling";
  #listener: LegListener | undefined;
  #caller: CallParty = { number: "", displayName: "" };
  #peer: Leg | undefined;
  #playing: PlayingAudio | undefined;
  #timer: Timer | undefined;
  #entered = "";
  #outbound: CalledLeg | undefined;

  constructor(id: string, number: string, options: PinLegOptions) {
    this.id = id;
    this.extension = number;
    this.#o = options;
    this.relaySide = options.relaySide;
    this.audio = options.relaySide ? undefined : new LaterAudio();
  }

  get state(): LegState {
    return this.#state;
  }
  get holding(): boolean {
    return this.#outbound?.holding ?? false;
  }
  /** Digits come here while the PIN is collected; afterwards as the outbound leg wants them. */
  get wantsDigits(): boolean {
    return this.#outbound ? this.#outbound.wantsDigits : true;
  }
  get sipCallId(): string {
    return this.#outbound?.sipCallId ?? "";
  }

  listen(listener: LegListener): void {
    this.#listener = listener;
  }

  view(): LegView {
    return (
      this.#outbound?.view() ?? {
        id: this.id,
        kind: "application",
        extension: this.extension,
        state: this.#state,
        holding: false,
      }
    );
  }

  /** The box answers at once: the caller must hear the prompt. */
  alert(caller: CallParty): boolean {
    this.#caller = caller;
    this.#state = "answered";
    this.#listener?.onAnswered(this);
    return true;
  }

  joined(peer: Leg): void {
    this.#peer = peer;
    this.#say(this.#o.clips.ask);
    this.#wait();
  }

  sendDigit(digit: string, durationMs: number): void {
    if (this.#outbound) {
      this.#outbound.sendDigit(digit, durationMs);
      return;
    }
    if (this.#state === "ended" || this.#timer === undefined) return;
    this.#playing?.stop();
    if (digit === "#") {
      this.#timer.cancel();
      this.#timer = undefined;
      this.#checked(this.#entered);
      return;
    }
    this.#entered += digit;
    if (this.#entered.length > MAX_PIN_DIGITS) this.#checked("");
    else this.#wait();
  }

  hangup(status?: number): void {
    if (this.#state === "ended") return;
    this.#state = "ended";
    this.#timer?.cancel();
    this.#playing?.stop();
    this.#outbound?.hangup(status);
  }

  #checked(pin: string): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    if (!pin || !this.#o.check(pin)) {
      this.#say(this.#o.clips.wrong, () => this.#end("hangup"));
      return;
    }
    const outbound = this.#o.place(pin);
    this.#outbound = outbound;
    outbound.listen(this);
    if (!outbound.alert(this.#caller)) this.#end("hangup");
  }

  #wait(): void {
    this.#timer?.cancel();
    this.#timer = this.#o.clock.setTimer(PIN_TIMEOUT_MS, () => this.#checked(""));
  }

  /** Speaks to the caller: through its relay side, or (analog) as the bridge's far party. */
  #say(clips: readonly Int16Array[], then?: () => void): void {
    const audio = this.#peer?.audio;
    if (!audio || this.#state === "ended") {
      then?.();
      return;
    }
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    const tail = new Int16Array((TAIL_MS * 8000) / 1000);
    const prompt = new PromptPlayer([lead, ...clips, tail]);
    const playing = this.audio ? this.audio.say(prompt, this.#o.clock) : audio.play(prompt);
    this.#playing = playing;
    if (then)
      void playing.done.then(() => {
        if (this.#playing === playing) then();
      });
  }

  #end(cause: EndCause): void {
    if (this.#state === "ended") return;
    this.#state = "ended";
    this.#timer?.cancel();
    this.#playing?.stop();
    this.#listener?.onEnded(this, cause);
  }

  // --- the outbound leg, once the PIN was right ----------------------------------------------

  onRinging(): void {}

  onAnswered(leg: Leg): void {
    if (leg !== this.#outbound) {
      leg.hangup();
      return;
    }
    if (leg.audio) this.audio?.attach(leg.audio);
    this.#o.farEndAnswered?.();
  }

  onFailed(leg: Leg): void {
    if (leg === this.#outbound) this.#end("hangup");
  }

  onEnded(leg: Leg, cause: EndCause): void {
    if (leg === this.#outbound) this.#end(cause);
  }

  onHold(leg: Leg, holding: boolean): void {
    if (leg === this.#outbound) this.#listener?.onHold(this, holding);
  }

  onDigit(leg: Leg, digit: string, durationMs: number): void {
    if (leg === this.#outbound) this.#listener?.onDigit(this, digit, durationMs);
  }
}
