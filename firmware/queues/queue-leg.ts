// SPEC CALL-13 (manual 呼叫队列, 通话保持音乐 "主叫方在队列中排队等候时播放的音乐"): the box's
// side of one caller's call into a queue. It answers, says "all agents are busy, please hold"
// and the caller's position, plays the queue's music on hold, and says the position again every
// `announceEveryS`. Once an agent answers, the caller and the agent hear each other through it,
// frame by frame (the agent's call is a call of its own, placed by the box and left out of the
// call records: the caller's record names the agent as the one who answered, and when; a
// caller who leaves before any agent answers is recorded as not answered, with no talk time).
import { PromptPlayer } from "../../media/play/prompt-player.ts";
import { AnalogFrameQueue } from "../calls/analog-frame-queue.ts";
import { BoxLeg, LEAD_IN_MS } from "../calls/apps/box-leg.ts";
import { AudioTaps } from "../calls/audio-taps.ts";
import type { AudioTap } from "../calls/call-recording.ts";
import type { CalledLeg, CallParty, JoiningLeg, Leg, PartyAudio } from "../calls/leg.ts";
import type { PlayingAudio } from "../calls/media-port.ts";
import type { Clock, Timer } from "../sip/clock.ts";

export interface QueueLegOptions {
  clock: Clock;
  mohClass: string;
  announceEveryMs: number;
  /** The clips that say the caller's position now (the queue knows it). */
  position(leg: QueueLeg): Int16Array[];
  /** The clips said once on entering, before the position. */
  greeting(): Int16Array[];
  /** The caller is answered and hears the queue: it may be offered to agents. */
  entered(leg: QueueLeg): void;
  /** The caller hung up, or the call ended otherwise. */
  left(leg: QueueLeg): void;
  /**
   * The caller and `agent` talk from now on: a recording of the two when the agent's settings
   * want one (CALL-16), given each party's frames.
   */
  record?(
    agent: string,
    parties: readonly [caller: AudioTap, agent: AudioTap],
  ): { finish(): unknown } | undefined;
}

export class QueueLeg extends BoxLeg implements CalledLeg, JoiningLeg {
  readonly #o: QueueLegOptions;
  #audio: PartyAudio | undefined;
  #timer: Timer | undefined;
  #playing: PlayingAudio | undefined;
  #talking: (() => void) | undefined;
  #answeredBy: { extension: string; atMs: number; recorded?: boolean } | undefined;

  constructor(id: string, queue: string, options: QueueLegOptions) {
    super(id, queue);
    this.#o = options;
  }

  /** Who is waiting. */
  get party(): CallParty {
    return this.caller;
  }

  /** Talking with an agent. */
  get talking(): boolean {
    return this.#talking !== undefined;
  }

  joined(peer: Leg): void {
    if (this.state !== "answered") return;
    this.#audio = peer.audio;
    const lead = new Int16Array((LEAD_IN_MS * 8000) / 1000);
    this.#say([lead, ...this.#o.greeting(), ...this.#o.position(this)]);
    this.#o.entered(this);
  }

  /** The agent who answered and when, and whether it was recorded (the caller's record). */
  answeredBy(): { extension: string; atMs: number; recorded?: boolean } | undefined {
    return this.#answeredBy;
  }

  /** The caller and agent `number` hear each other from now on; the music and prompts stop. */
  connect(agent: PartyAudio, number: string): void {
    const caller = this.#audio;
    if (!caller || this.state === "ended") return;
    this.#answeredBy = { extension: number, atMs: this.#o.clock.now() };
    this.#quiet();
    const toAgent = new AnalogFrameQueue();
    const toCaller = new AnalogFrameQueue();
    // Each party is heard by the other and, when the agent records, by the recording.
    const [callerSays, agentSays] = [new AudioTaps(caller), new AudioTaps(agent)];
    callerSays.add((pcm) => toAgent.push(pcm));
    agentSays.add((pcm) => toCaller.push(pcm));
    const playAgent = agent.play(toAgent);
    const playCaller = caller.play(toCaller);
    const recording = this.#o.record?.(number, [
      (onFrame) => callerSays.add(onFrame),
      (onFrame) => agentSays.add(onFrame),
    ]);
    this.#talking = () => {
      if (recording && recording.finish() !== undefined && this.#answeredBy)
        this.#answeredBy.recorded = true;
      callerSays.close();
      agentSays.close();
      toAgent.close();
      toCaller.close();
      playAgent.stop();
      playCaller.stop();
    };
  }

  /** Ends the caller's call (the agent hung up, or the queue sends nobody anywhere). */
  end(): void {
    this.finish();
  }

  hangup(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#quiet();
    this.#talking?.();
    this.#talking = undefined;
    this.#o.left(this);
  }

  /** Stops the queue's prompts, music and position timer (leaving for a destination). */
  stopWaiting(): void {
    this.#quiet();
  }

  sendDigit(): void {}

  #say(clips: Int16Array[]): void {
    const audio = this.#audio;
    if (!audio || this.state === "ended" || this.#talking) return;
    this.#playing?.stop();
    audio.stopMusic();
    const playing = audio.play(new PromptPlayer(clips));
    this.#playing = playing;
    void playing.done.then(() => {
      if (this.#playing !== playing || this.state === "ended" || this.#talking) return;
      this.#playing = undefined;
      audio.startMusic(this.#o.mohClass);
      this.#announceLater();
    });
  }

  #announceLater(): void {
    this.#timer?.cancel();
    if (this.#o.announceEveryMs <= 0) return;
    this.#timer = this.#o.clock.setTimer(this.#o.announceEveryMs, () =>
      this.#say(this.#o.position(this)),
    );
  }

  #quiet(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#playing?.stop();
    this.#playing = undefined;
    this.#audio?.stopMusic();
  }
}
