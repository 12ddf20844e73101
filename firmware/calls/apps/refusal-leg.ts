// A call the box refuses with a reason the caller should hear (SPEC BILL-2: a locked extension,
// or no money left for the call), as exchanges do: the caller gets early media (183 with SDP,
// or the handset's line) carrying the prompt, then the refusal itself (403, busy tone). The
// call is never answered, so its record says not answered, with the status.

import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import type { CalledLeg, PartyAudio } from "../leg.ts";
import type { PlayingAudio } from "../media-port.ts";
import { BoxLeg, LEAD_IN_MS, TAIL_MS } from "./box-leg.ts";

export class RefusalLeg extends BoxLeg implements CalledLeg {
  readonly #clips: readonly Int16Array[];
  readonly #callerAudio: PartyAudio | undefined;
  readonly #status: number;
  readonly #phrase: string;
  #playing: PlayingAudio | undefined;

  constructor(
    id: string,
    number: string,
    refusal: {
      clips: readonly Int16Array[];
      callerAudio: PartyAudio | undefined;
      status: number;
      phrase: string;
    },
  ) {
    super(id, number);
    this.#clips = refusal.clips;
    this.#callerAudio = refusal.callerAudio;
    this.#status = refusal.status;
    this.#phrase = refusal.phrase;
  }

  /** Rung: early media with the prompt, then the refusal. */
  override alert(): boolean {
    const audio = this.#callerAudio;
    if (!audio || this.#clips.length === 0) {
      queueMicrotask(() => this.#refuse());
      return true;
    }
    this.listener?.onRinging(this, true);
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    const tail = new Int16Array((TAIL_MS * 8000) / 1000);
    const playing = audio.play(new PromptPlayer([lead, ...this.#clips, tail]));
    this.#playing = playing;
    void playing.done.then(() => {
      if (this.#playing === playing) this.#refuse();
    });
    return true;
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    const playing = this.#playing;
    this.#playing = undefined;
    playing?.stop();
  }

  sendDigit(): void {}

  #refuse(): void {
    if (this.state === "ended") return;
    this.hangup();
    this.listener?.onFailed(this, this.#status, this.#phrase);
  }
}
