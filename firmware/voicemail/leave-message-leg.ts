// SPEC CALL-7 and the manual (语音留言): "当呼叫的分机忙或无人接听时，IP语音交换系统将会把来电转
// 到被叫分机的语音信箱，并提示主叫方留言". The box answers the caller, plays the mailbox's greeting
// (the recorded one, or the built-in "not available" / "busy" prompt with "record your message
// after the tone"), a beep, and records the caller's audio until # (RFC 4733, SIP INFO or an
// in-band tone), hang-up, or the mailbox's longest message. A message that is too short or
// holds nothing but silence is dropped (a caller who hung up at the greeting).
import { DtmfDetector } from "../../media/dsp/dtmf-detector.ts";
import { PromptPlayer } from "../../media/play/prompt-player.ts";
import { BoxLeg, LEAD_IN_MS } from "../calls/apps/box-leg.ts";
import type { CalledLeg, JoiningLeg, Leg } from "../calls/leg.ts";
import type { PlayingAudio } from "../calls/media-port.ts";
import type { Clock, Timer } from "../sip/clock.ts";
import { beep, isWorthKeeping, joinFrames, silence } from "./voicemail-audio.ts";

/** Audio kept after # is cut by this much: the tone of the key itself. */
const KEY_TAIL_MS = 300;

export interface LeaveMessageOptions {
  clock: Clock;
  /** The greeting's clips (recorded or built-in). */
  greeting: readonly Int16Array[];
  /** Said after # ("your message has been saved", "goodbye"). */
  saved: readonly Int16Array[];
  maxMs: number;
  /** The recording, when it is worth keeping. */
  keep(samples: Int16Array): void;
}

export class LeaveMessageLeg extends BoxLeg implements CalledLeg, JoiningLeg {
  readonly #o: LeaveMessageOptions;
  #playing: PlayingAudio | undefined;
  #timer: Timer | undefined;
  #frames: Int16Array[] | undefined;
  #stopListening: (() => void) | undefined;
  #done = false;
  #audio: Leg["audio"];

  constructor(id: string, mailbox: string, options: LeaveMessageOptions) {
    super(id, mailbox);
    this.#o = options;
  }

  joined(peer: Leg): void {
    if (this.state !== "answered" || !peer.audio) return;
    const audio = peer.audio;
    this.#audio = audio;
    const detector = new DtmfDetector();
    this.#stopListening = audio.listen((pcm) => {
      this.#frames?.push(pcm.slice());
      for (const press of detector.process(pcm)) if (press.digit === "#") this.#stop(true);
    });
    const playing = audio.play(
      new PromptPlayer([silence(LEAD_IN_MS), ...this.#o.greeting, beep()]),
    );
    this.#playing = playing;
    void playing.done.then(() => {
      if (this.#playing !== playing || this.state === "ended") return;
      this.#frames = [];
      this.#timer = this.#o.clock.setTimer(this.#o.maxMs, () => this.#stop(false));
    });
  }

  sendDigit(digit: string): void {
    if (digit === "#") this.#stop(true);
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#timer?.cancel();
    this.#playing?.stop();
    this.#stopListening?.();
    this.#keep(0);
  }

  /** # or the longest message: keep it, say so, hang up. */
  #stop(byKey: boolean): void {
    if (this.#frames === undefined || this.#done) return;
    this.#timer?.cancel();
    this.#keep(byKey ? KEY_TAIL_MS : 0);
    this.#playing?.stop();
    const playing = this.#peerPlay();
    if (!playing) {
      this.finish();
      return;
    }
    void playing.done.then(() => this.finish());
  }

  #peerPlay(): PlayingAudio | undefined {
    if (!this.#audio || this.#o.saved.length === 0) return undefined;
    this.#playing = this.#audio.play(new PromptPlayer([...this.#o.saved, silence(300)]));
    return this.#playing;
  }

  #keep(cutMs: number): void {
    const frames = this.#frames;
    if (this.#done || frames === undefined) return;
    this.#done = true;
    this.#frames = undefined;
    const all = joinFrames(frames);
    const samples = all.subarray(0, Math.max(0, all.length - (cutMs * 8000) / 1000));
    if (isWorthKeeping(samples)) this.#o.keep(samples);
  }
}
