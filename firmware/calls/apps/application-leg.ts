// The box itself as a call party (DESIGN "legs (SIP, FXS, FXO, application)"): an application
// leg answers at once when called (the information codes of SPEC CALL-15) or places the call
// itself (VOICE-2 "play on extension"); once joined it speaks its prompt clips to the other
// party through that party's audio (the relay's play tap for a SIP phone, the line for an
// analog one), with a short lead-in and tail, and then hangs up (RFC 3261 §15.1.1 BYE).

import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type { CalledLeg, CallingLeg, JoiningLeg, Leg } from "../leg.ts";
import type { PlayingAudio } from "../media-port.ts";
import { BoxLeg, LEAD_IN_MS, TAIL_MS } from "./box-leg.ts";

export class ApplicationLeg extends BoxLeg implements CallingLeg, CalledLeg, JoiningLeg {
  readonly #clips: readonly Int16Array[];
  #playing: PlayingAudio | undefined;

  constructor(id: string, extension: string, clips: readonly Int16Array[]) {
    super(id, extension);
    this.#clips = clips;
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
      if (this.#playing === playing) this.finish();
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
