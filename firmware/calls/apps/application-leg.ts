// The box itself as a call party (DESIGN "legs (SIP, FXS, FXO, application)"): an application
// leg answers at once when called (the information codes of SPEC CALL-15) or places the call
// itself (VOICE-2 "play on extension"); once joined it speaks its prompt clips to the other
// party through that party's audio (the relay's play tap for a SIP phone, the line for an
// analog one), with a short lead-in and tail, and then hangs up (RFC 3261 §15.1.1 BYE).

import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type {
  CalledLeg,
  CallingLeg,
  JoiningLeg,
  Leg,
  LegListener,
  LegState,
  LegView,
} from "../leg.ts";
import type { PlayingAudio } from "../media-port.ts";

/** Silence before the first word, so the phone's audio path is up when speech starts. */
export const LEAD_IN_MS = 500;
/** Silence after the last word before BYE, so the end is not clipped by jitter buffers. */
export const TAIL_MS = 300;

export class ApplicationLeg implements CallingLeg, CalledLeg, JoiningLeg {
  readonly kind = "application";
  readonly id: string;
  /** What the application stands for: the dialled code, or "" when the box calls. */
  readonly extension: string;
  state: LegState = "calling";
  readonly holding = false;
  readonly internal = false;
  readonly digitsInBand = false;
  readonly wantsDigits = true;
  readonly audio = undefined;
  readonly relaySide = undefined;
  readonly sipCallId = "";
  readonly #clips: readonly Int16Array[];
  #listener: LegListener | undefined;
  #playing: PlayingAudio | undefined;

  constructor(id: string, extension: string, clips: readonly Int16Array[]) {
    this.id = id;
    this.extension = extension;
    this.#clips = clips;
  }

  listen(listener: LegListener): void {
    this.#listener = listener;
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
  alert(): boolean {
    this.state = "answered";
    this.#listener?.onAnswered(this);
    return true;
  }

  /** The box placed the call: nothing to hear while it rings. */
  progress(): void {}

  connect(): boolean {
    this.state = "answered";
    return true;
  }

  /** Speaks the clips to `peer`, then hangs up. */
  joined(peer: Leg): void {
    if (!peer.audio || this.state === "ended") return;
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    const tail = new Int16Array((TAIL_MS * 8000) / 1000);
    const playing = peer.audio.play(new PromptPlayer([lead, ...this.#clips, tail]));
    this.#playing = playing;
    void playing.done.then(() => {
      if (this.state === "ended" || this.#playing !== playing) return;
      this.state = "ended";
      this.#listener?.onEnded(this, "hangup");
    });
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#playing?.stop();
  }

  /** Digits reach an application (an IVR menu later); these prompts do not listen. */
  sendDigit(): void {}
}
