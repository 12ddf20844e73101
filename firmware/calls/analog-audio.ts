// An analog line's audio as the bridge sees a party (PartyAudio): what the handset or the
// exchange says comes from the line's 20 ms frames; what the box plays to it is pulled one
// frame every 20 ms of the clock and written to the line. One source plays at a time (the
// other party's frames, music on hold, a prompt); while the party holds (hook flash) it
// neither hears nor is heard.

import { every } from "../lines/clock.ts";
import type { Clock } from "../sip/clock.ts";
import type { PartyAudio } from "./leg.ts";
import type { FrameSource, PlayingAudio } from "./media-port.ts";

/** What an FXS or FXO line offers for audio. */
export interface LineAudio {
  onAudio(listener: (frame: Int16Array) => void): () => void;
  writeAudio(frame: Int16Array): void;
}

export class AnalogAudio implements PartyAudio {
  readonly #clock: Clock;
  readonly #line: LineAudio;
  readonly #music: (mohClass: string) => FrameSource;
  readonly #muted: () => boolean;
  #current: { stop(): void } | undefined;
  #musicPlaying: PlayingAudio | undefined;

  constructor(
    clock: Clock,
    line: LineAudio,
    music: (mohClass: string) => FrameSource,
    muted: () => boolean,
  ) {
    this.#clock = clock;
    this.#line = line;
    this.#music = music;
    this.#muted = muted;
  }

  listen(onFrame: (pcm: Int16Array) => void): () => void {
    return this.#line.onAudio((frame) => {
      if (!this.#muted()) onFrame(frame);
    });
  }

  play(source: FrameSource): PlayingAudio {
    this.#current?.stop();
    let finish = (): void => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let stopTicks = (): void => {};
    const handle = {
      stop: () => {
        stopTicks();
        if (this.#current === handle) this.#current = undefined;
        finish();
      },
    };
    this.#current = handle;
    stopTicks = every(this.#clock, 20, () => {
      const frame = source.nextFrame();
      if (!frame) handle.stop();
      else if (!this.#muted()) this.#line.writeAudio(frame);
    });
    return { done, stop: handle.stop };
  }

  startMusic(mohClass = "default"): void {
    this.#musicPlaying = this.play(this.#music(mohClass));
  }

  stopMusic(): void {
    this.#musicPlaying?.stop();
    this.#musicPlaying = undefined;
  }

  /** Stops whatever plays (the leg ended). */
  close(): void {
    this.#current?.stop();
  }
}
