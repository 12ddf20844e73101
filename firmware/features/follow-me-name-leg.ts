// SPEC CALL-3 "record the caller's name and play it to the answerer first": before follow-me
// rings its list in confirm mode, the box answers the caller, asks it to say its name after the
// tone ("请在提示音后说出您的姓名") and keeps `NAME_MS` of what it says; then the call goes on
// to the list in the same call (`Call.redirect`: the caller hears ringback). If the call
// cannot go on, the box hangs up.

import { TonePlayer } from "../../media/dsp/tone-player.ts";
import { PromptPlayer } from "../../media/play/prompt-player.ts";
import { BoxLeg, LEAD_IN_MS } from "../calls/apps/box-leg.ts";
import type { CalledLeg, JoiningLeg, Leg } from "../calls/leg.ts";
import type { PlayingAudio } from "../calls/media-port.ts";
import type { Clock, Timer } from "../sip/clock.ts";

/** How long the caller's recorded name is (as a conference joiner's). */
export const NAME_MS = 3000;

export interface FollowMeNameLegOptions {
  clock: Clock;
  /** "Please say your name after the tone", in the caller's language. */
  ask: readonly Int16Array[];
  /** Hands the call on with the name said; false when it cannot. */
  goOn(leg: Leg, name: Int16Array): boolean;
}

export class FollowMeNameLeg extends BoxLeg implements CalledLeg, JoiningLeg {
  readonly #o: FollowMeNameLegOptions;
  #playing: PlayingAudio | undefined;
  #stopListening: (() => void) | undefined;
  #timer: Timer | undefined;
  readonly #name: Int16Array[] = [];

  constructor(id: string, extension: string, o: FollowMeNameLegOptions) {
    super(id, extension);
    this.#o = o;
  }

  joined(peer: Leg): void {
    if (this.state === "ended") return;
    const audio = peer.audio;
    if (!audio) {
      if (!this.#o.goOn(this, new Int16Array(0))) this.finish();
      return;
    }
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    const gap = new Int16Array(1600);
    const playing = audio.play(new PromptPlayer([lead, ...this.#o.ask, gap, beep()]));
    this.#playing = playing;
    void playing.done.then(() => {
      if (this.#playing !== playing || this.state === "ended") return;
      this.#stopListening = audio.listen((pcm) => this.#name.push(pcm.slice()));
      this.#timer = this.#o.clock.setTimer(NAME_MS, () => this.#said());
    });
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#stop();
  }

  sendDigit(): void {}

  #said(): void {
    this.#stop();
    if (this.state === "ended") return;
    if (!this.#o.goOn(this, concat(this.#name))) this.finish();
  }

  #stop(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#playing?.stop();
    this.#stopListening?.();
    this.#stopListening = undefined;
  }
}

/** The tone after which the caller speaks: 1 kHz for 200 ms. */
function beep(): Int16Array {
  const tone = new TonePlayer({ components: [{ freqHz: 1000, levelDbm0: -10 }], cadenceMs: [] });
  return concat(Array.from({ length: 10 }, () => tone.nextFrame() ?? new Int16Array(160)));
}

function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
