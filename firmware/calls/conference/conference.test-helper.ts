// Test support for the conference rooms: a party's audio on a hand-driven clock.
import { goertzelPower } from "../../../media/dsp/goertzel.ts";
import { TonePlayer } from "../../../media/dsp/tone-player.ts";
import type { ManualClock } from "../../../test/support/manual-clock.ts";
import { every } from "../../lines/clock.ts";
import type { PartyAudio } from "../leg.ts";
import type { FrameSource, PlayingAudio } from "../media-port.ts";

/** A party that sends `hz` every 20 ms and keeps what the box plays to it. */
export class FakeAudio implements PartyAudio {
  heard: Int16Array[] = [];
  #listener: ((pcm: Int16Array) => void) | undefined;
  #playing: { stop(): void } | undefined;
  constructor(
    readonly clock: ManualClock,
    hz: number,
  ) {
    const tone = new TonePlayer({ components: [{ freqHz: hz, levelDbm0: -12 }], cadenceMs: [] });
    every(clock, 20, () => this.#listener?.(tone.nextFrame()));
  }
  listen(onFrame: (pcm: Int16Array) => void): () => void {
    this.#listener = onFrame;
    return () => {
      if (this.#listener === onFrame) this.#listener = undefined;
    };
  }
  play(source: FrameSource): PlayingAudio {
    this.#playing?.stop();
    let finish = () => {};
    const done = new Promise<void>((r) => {
      finish = r;
    });
    const stopTick = every(this.clock, 20, () => {
      const frame = source.nextFrame();
      if (!frame) handle.stop();
      else this.heard.push(frame);
    });
    const handle = {
      stop: () => {
        stopTick();
        finish();
      },
    };
    this.#playing = handle;
    return { done, stop: handle.stop };
  }
  startMusic(): void {}
  stopMusic(): void {}
  /** Share of the last `frames` frames in which `hz` carries a fair part of the energy. */
  hears(hz: number, frames = 50): number {
    const last = this.heard.slice(-frames);
    let yes = 0;
    for (const f of last) {
      let energy = 0;
      for (const s of f) energy += s * s;
      const tone = (2 * goertzelPower(f, 0, f.length, hz, 8000)) / f.length;
      if (energy > 160 * 100 * 100 && tone > 0.2 * energy) yes++;
    }
    return last.length === 0 ? 0 : yes / last.length;
  }
}
