// SPEC CALL-12 call monitoring (manual 通话监听): the box's side of a supervisor's call to
// *90, *91 or *92 + an extension. It answers and finds the extension's call under way:
// - listen (一般监听): the supervisor hears both parties, neither hears the supervisor;
// - whisper (悄悄话): as listen, and the monitored extension hears the supervisor too, the
//   other party does not;
// - barge (强插监听): all three hear each other.
// The monitored call goes on as it was when the supervisor hangs up; when it ends, the
// supervisor's call ends too. An extension that is not in a call, or that the admin has not
// allowed to be monitored, is refused with "not available" and the box hangs up.

import { PromptPlayer } from "../../../media/play/prompt-player.ts";
import { AnalogFrameQueue } from "../analog-frame-queue.ts";
import { BoxLeg, LEAD_IN_MS, TAIL_MS } from "../apps/box-leg.ts";
import type { CalledLeg, JoiningLeg, Leg } from "../leg.ts";
import type { FrameSource, PlayingAudio } from "../media-port.ts";
import { MixedSource } from "../mixed-source.ts";

export type MonitorMode = "listen" | "whisper" | "barge";

/** The monitored extension's answered call, as a supervisor joins it. */
export interface MonitoredCall {
  /** What the monitored extension's party ("monitored") or the other party says. */
  tap(party: "monitored" | "other", onFrame: (pcm: Int16Array) => void): () => void;
  /** The party hears `extra` besides the other party, until the returned stop. */
  overlay(party: "monitored" | "other", extra: FrameSource): () => void;
  /** The call is over. */
  ended(): boolean;
}

export interface MonitorLegOptions {
  mode: MonitorMode;
  /** The monitored extension's call now; undefined when it is in none or may not be monitored. */
  find(): MonitoredCall | undefined;
  /** A built-in prompt in the supervisor's language. */
  clip(name: string): Int16Array | undefined;
  log?(message: string, fields: Record<string, unknown>): void;
}

export class MonitorLeg extends BoxLeg implements CalledLeg, JoiningLeg {
  readonly #o: MonitorLegOptions;
  readonly #stops: (() => void)[] = [];
  #playing: PlayingAudio | undefined;

  /** `target`: the monitored extension. */
  constructor(id: string, target: string, options: MonitorLegOptions) {
    super(id, target);
    this.#o = options;
  }

  joined(peer: Leg): void {
    if (this.state !== "answered" || !peer.audio) return;
    const call = this.#o.find();
    if (!call) {
      this.#o.log?.("monitoring refused", { target: this.extension, by: this.caller.number });
      this.#say(peer, "call/not-available");
      return;
    }
    this.#o.log?.("monitoring", {
      target: this.extension,
      by: this.caller.number,
      mode: this.#o.mode,
    });
    const heard = (party: "monitored" | "other") => {
      const queue = new AnalogFrameQueue();
      this.#stops.push(call.tap(party, (pcm) => queue.push(pcm)));
      return queue;
    };
    // The supervisor hears both parties; the mix ends with the call.
    this.#playing = peer.audio.play(
      new MixedSource([heard("monitored"), heard("other")], () => call.ended()),
    );
    void this.#playing.done.then(() => this.finish());
    if (this.#o.mode === "listen") return;
    const hearers: ("monitored" | "other")[] =
      this.#o.mode === "whisper" ? ["monitored"] : ["monitored", "other"];
    // The supervisor's voice, one queue per party that hears it (a party's audio has one tap).
    const voices = hearers.map(() => new AnalogFrameQueue());
    this.#stops.push(
      peer.audio.listen((pcm) => {
        for (const voice of voices) voice.push(pcm);
      }),
    );
    for (const [i, party] of hearers.entries()) this.#stops.push(call.overlay(party, voices[i]!));
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#playing?.stop();
    for (const stop of this.#stops.splice(0)) stop();
  }

  /** The supervisor's keys do nothing. */
  sendDigit(): void {}

  #say(peer: Leg, name: string): void {
    const clip = this.#o.clip(name);
    const silence = (ms: number) => new Int16Array((ms * 8000) / 1000);
    const source = new PromptPlayer([
      silence(LEAD_IN_MS),
      ...(clip ? [clip] : []),
      silence(TAIL_MS),
    ]);
    this.#playing = peer.audio?.play(source);
    void (this.#playing?.done ?? Promise.resolve()).then(() => this.finish());
  }
}
