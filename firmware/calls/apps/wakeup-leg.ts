// SPEC CALL-4 and the operator's manual (叫醒服务): the box's side of a wake-up call. The box
// places the call with this leg calling; once the extension answers it says "this is your
// wake-up call, press 1 to confirm, press 2 to snooze", listens for the key (RFC 4733, SIP
// INFO, or in-band tones through the Q.24 detector, as the IVR does), says what was chosen and
// hangs up. `outcome` tells the scheduler how the ring ended.
import { DtmfDetector } from "../../../media/dsp/dtmf-detector.ts";
import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type { Clock, Timer } from "../../sip/clock.ts";
import type { CallingLeg, JoiningLeg, Leg } from "../leg.ts";
import type { PlayingAudio } from "../media-port.ts";
import { BoxLeg, LEAD_IN_MS, TAIL_MS } from "./box-leg.ts";

/** The prompt is said this many times before a silent answerer is left (counted as woken). */
export const WAKEUP_PROMPT_TIMES = 3;
/** Silence after each prompt for the key. */
export const WAKEUP_KEY_WAIT_MS = 5000;
/** A signalled digit this soon after the same digit heard in-band is the same key press. */
const SAME_PRESS_MS = 500;

export type WakeupLegOutcome = "confirmed" | "snoozed" | "answered" | "unanswered";

export interface WakeupLegOptions {
  clock: Clock;
  /** "This is your wake-up call. Press 1 to confirm. Press 2 to snooze." */
  prompt: readonly Int16Array[];
  /** Said after 1. */
  confirmed: readonly Int16Array[];
  /** Said after 2 (the snooze minutes included). */
  snoozed: readonly Int16Array[];
}

export class WakeupLeg extends BoxLeg implements CallingLeg, JoiningLeg {
  readonly #o: WakeupLegOptions;
  readonly outcome: Promise<WakeupLegOutcome>;
  #settle: (outcome: WakeupLegOutcome) => void = () => {};
  #result: WakeupLegOutcome = "unanswered";
  #peer: Leg | undefined;
  #playing: PlayingAudio | undefined;
  #timer: Timer | undefined;
  #said = 0;
  #chosen = false;
  #stopListening: (() => void) | undefined;
  #inBand: { digit: string; atMs: number } | undefined;

  constructor(id: string, options: WakeupLegOptions) {
    super(id, "");
    this.#o = options;
    this.outcome = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  /** The extension rings: nothing to hear. */
  progress(): void {}

  connect(): boolean {
    this.state = "answered";
    this.#result = "answered";
    return true;
  }

  joined(peer: Leg): void {
    if (this.state === "ended" || !peer.audio) return;
    this.#peer = peer;
    const detector = new DtmfDetector();
    this.#stopListening = peer.audio.listen((pcm) => {
      for (const press of detector.process(pcm)) {
        this.#inBand = { digit: press.digit, atMs: this.#o.clock.now() };
        this.#key(press.digit);
      }
    });
    this.#prompt();
  }

  /** A digit signalled by the phone (RFC 4733 event, SIP INFO). */
  sendDigit(digit: string): void {
    const heard = this.#inBand;
    if (heard?.digit === digit && this.#o.clock.now() - heard.atMs < SAME_PRESS_MS) return;
    this.#key(digit);
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#timer?.cancel();
    this.#playing?.stop();
    this.#stopListening?.();
    this.#settle(this.#result);
  }

  #prompt(): void {
    if (this.#said >= WAKEUP_PROMPT_TIMES) {
      this.finish();
      return;
    }
    this.#said++;
    const lead = this.#said === 1 ? [silence(LEAD_IN_MS)] : [];
    this.#play([...lead, ...this.#o.prompt], () => {
      this.#timer = this.#o.clock.setTimer(WAKEUP_KEY_WAIT_MS, () => this.#prompt());
    });
  }

  #key(digit: string): void {
    if (this.state === "ended" || this.#chosen || (digit !== "1" && digit !== "2")) return;
    this.#chosen = true;
    this.#timer?.cancel();
    this.#result = digit === "1" ? "confirmed" : "snoozed";
    const said = digit === "1" ? this.#o.confirmed : this.#o.snoozed;
    this.#play([...said, silence(TAIL_MS)], () => this.finish());
  }

  #play(clips: readonly Int16Array[], then: () => void): void {
    const audio = this.#peer?.audio;
    if (!audio) return;
    this.#playing?.stop();
    const playing = audio.play(new PromptPlayer(clips));
    this.#playing = playing;
    void playing.done.then(() => {
      if (this.#playing === playing && this.state !== "ended") then();
    });
  }
}

function silence(ms: number): Int16Array {
  return new Int16Array((ms * 8000) / 1000);
}
