// A short notice from the box before a call goes on (SPEC CALL-2 "转移前通知主叫": the caller
// hears that the call is being forwarded): the box answers, speaks its clips to the caller,
// then hands the call on within the same call (`Call.redirect`: new legs ring, the caller
// hears ringback, one record). If the call cannot go on, the box hangs up.

import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type { CalledLeg, JoiningLeg, Leg } from "../leg.ts";
import type { PlayingAudio } from "../media-port.ts";
import { BoxLeg, LEAD_IN_MS } from "./box-leg.ts";

export class NoticeLeg extends BoxLeg implements CalledLeg, JoiningLeg {
  readonly #clips: readonly Int16Array[];
  readonly #then: (leg: Leg) => boolean;
  #playing: PlayingAudio | undefined;

  /** `then` hands the call on once the clips are said; false when it cannot. */
  constructor(
    id: string,
    extension: string,
    clips: readonly Int16Array[],
    then: (leg: Leg) => boolean,
  ) {
    super(id, extension);
    this.#clips = clips;
    this.#then = then;
  }

  joined(peer: Leg): void {
    if (this.state === "ended") return;
    if (!peer.audio) {
      if (!this.#then(this)) this.finish();
      return;
    }
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    const playing = peer.audio.play(new PromptPlayer([lead, ...this.#clips]));
    this.#playing = playing;
    void playing.done.then(() => {
      if (this.#playing !== playing || this.state === "ended") return;
      if (!this.#then(this)) this.finish();
    });
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#playing?.stop();
  }

  sendDigit(): void {}
}
