// One party's audio heard by several listeners at once (the other party, a recording): a
// party's audio takes one listener only (a relay side), so the taps share it.
import type { PartyAudio } from "./leg.ts";

/** `audio`'s frames to every tap added; the audio is listened to while any tap is. */
export class AudioTaps {
  readonly #audio: PartyAudio;
  readonly #listeners = new Set<(pcm: Int16Array) => void>();
  #stop: (() => void) | undefined;

  constructor(audio: PartyAudio) {
    this.#audio = audio;
  }

  add(onFrame: (pcm: Int16Array) => void): () => void {
    this.#listeners.add(onFrame);
    this.#stop ??= this.#audio.listen((pcm) => {
      for (const listener of this.#listeners) listener(pcm);
    });
    return () => {
      this.#listeners.delete(onFrame);
      if (this.#listeners.size === 0) {
        this.#stop?.();
        this.#stop = undefined;
      }
    };
  }

  close(): void {
    this.#listeners.clear();
    this.#stop?.();
    this.#stop = undefined;
  }
}
