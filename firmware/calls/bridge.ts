// The one bridge between the two answered legs of a call, whatever their kinds (DESIGN "legs
// of any kind joined by one bridge"). Two SIP legs on the call's relay session need nothing:
// the relay forwards their RTP, untouched when the codecs match (the hot path). Any other pair
// is joined frame by frame: what one party says is queued and played to the other (the relay
// transcodes toward a SIP phone). A held party hears the music of the holding party's class;
// each party's audio can be tapped by several listeners at once (recording, the bridge).

import { AnalogFrameQueue } from "./analog-frame-queue.ts";
import { AudioTaps } from "./audio-taps.ts";
import type { Leg, PartyAudio } from "./leg.ts";
import type { FrameSource, PlayingAudio } from "./media-port.ts";
import { MixedSource } from "./mixed-source.ts";

/**
 * The audio toward one party: the other party's frames (or what replaces them, a whisper), or
 * music while it is held.
 */
class Feed {
  readonly #audio: PartyAudio;
  readonly #queue: AnalogFrameQueue | undefined;
  #playing: PlayingAudio | undefined;
  /** Heard instead of the other party's frames until its stop (kept across a hold). */
  #replacement: FrameSource | undefined;
  #music = false;

  /** `queue`: frames to play to the party; none when the relay forwards the other's RTP. */
  constructor(audio: PartyAudio, queue: AnalogFrameQueue | undefined) {
    this.#audio = audio;
    this.#queue = queue;
    this.#resume();
  }

  music(on: boolean, mohClass: string): void {
    if (on === this.#music) return;
    this.#music = on;
    if (on) {
      this.#audio.startMusic(mohClass);
      return;
    }
    this.#audio.stopMusic();
    // Music replaced what was playing: the other party's frames (or the replacement) again.
    this.#resume();
  }

  /** The party hears `source` instead of its usual feed until the returned stop. */
  replace(source: FrameSource): () => void {
    this.#replacement = source;
    if (!this.#music) this.#resume();
    return () => {
      if (this.#replacement !== source) return;
      this.#replacement = undefined;
      if (this.#music) return;
      this.#playing?.stop();
      this.#playing = undefined;
      this.#resume();
    };
  }

  close(): void {
    if (this.#music) this.#audio.stopMusic();
    this.#playing?.stop();
    this.#queue?.close();
  }

  #resume(): void {
    const source = this.#replacement ?? this.#queue;
    if (!source) return;
    this.#playing?.stop();
    this.#playing = this.#audio.play(source);
  }
}

export class Bridge {
  readonly #taps = new Map<Leg, AudioTaps>();
  readonly #feeds = new Map<Leg, Feed>();
  readonly #stops: (() => void)[] = [];

  /** Joins `a` and `b` (both answered). */
  constructor(
    readonly a: Leg,
    readonly b: Leg,
  ) {
    for (const leg of [a, b]) if (leg.audio) this.#taps.set(leg, new AudioTaps(leg.audio));
    const relayed = a.relaySide !== undefined && b.relaySide !== undefined;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      if (!to.audio) continue;
      const taps = this.#taps.get(from);
      const queue = relayed || !taps ? undefined : new AnalogFrameQueue();
      if (queue && taps) this.#stops.push(taps.add((pcm) => queue.push(pcm)));
      this.#feeds.set(to, new Feed(to.audio, queue));
    }
  }

  /** The other leg of the bridge. */
  other(leg: Leg): Leg {
    return leg === this.a ? this.b : this.a;
  }

  /** `holder` holds or resumes: the other party hears `mohClass`'s music meanwhile. */
  hold(holder: Leg, holding: boolean, mohClass: string): void {
    this.#feeds.get(this.other(holder))?.music(holding, mohClass);
  }

  /** What `leg`'s party says, as 20 ms frames; returns the stop. */
  tap(leg: Leg, onFrame: (pcm: Int16Array) => void): () => void {
    return this.#taps.get(leg)?.add(onFrame) ?? (() => {});
  }

  /**
   * `leg`'s party hears `extra` besides the other party (a supervisor whispering or barging in,
   * SPEC CALL-12) until the returned stop; then the bridge feeds it as before.
   */
  overlay(leg: Leg, extra: FrameSource): () => void {
    const feed = this.#feeds.get(leg);
    if (!feed) return () => {};
    const other = new AnalogFrameQueue();
    const untap = this.tap(this.other(leg), (pcm) => other.push(pcm));
    const unplay = feed.replace(new MixedSource([other, extra]));
    return () => {
      untap();
      unplay();
    };
  }

  close(): void {
    for (const stop of this.#stops.splice(0)) stop();
    for (const feed of this.#feeds.values()) feed.close();
    for (const taps of this.#taps.values()) taps.close();
  }
}
