// The audio of a party that is not there yet (the far end a PIN leg places after the PIN):
// the bridge is built when the box answers, so it listens and plays here; once the real
// party's audio arrives (`attach`), every listener and the one source playing move to it.
// Until then the box may speak in the party's place (`say`): its frames reach the listeners,
// so the bridge carries them to the other party and its own feed stays in place.

import { every } from "../../lines/clock.ts";
import type { Clock } from "../../sip/clock.ts";
import type { PartyAudio } from "../leg.ts";
import type { FrameSource, PlayingAudio } from "../media-port.ts";

type Pending = { source: FrameSource; finish: () => void; playing?: PlayingAudio };

export class LaterAudio implements PartyAudio {
  #target: PartyAudio | undefined;
  readonly #listeners = new Map<(pcm: Int16Array) => void, (() => void) | undefined>();
  #pending: Pending | undefined;

  /** The party's real audio: what waited for it starts now. */
  attach(target: PartyAudio): void {
    this.#target = target;
    for (const listener of this.#listeners.keys())
      this.#listeners.set(listener, target.listen(listener));
    const pending = this.#pending;
    if (pending) {
      pending.playing = target.play(pending.source);
      void pending.playing.done.then(pending.finish);
    }
  }

  listen(onFrame: (pcm: Int16Array) => void): () => void {
    this.#listeners.set(onFrame, this.#target?.listen(onFrame));
    return () => {
      this.#listeners.get(onFrame)?.();
      this.#listeners.delete(onFrame);
    };
  }

  play(source: FrameSource): PlayingAudio {
    if (this.#target) return this.#target.play(source);
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const pending: Pending = { source, finish };
    this.#pending = pending;
    return {
      done,
      stop: () => {
        pending.playing?.stop();
        if (this.#pending === pending) this.#pending = undefined;
        finish();
      },
    };
  }

  /** Speaks `source` to the listeners, one frame every 20 ms, until it ends or is stopped. */
  say(source: FrameSource, clock: Clock): PlayingAudio {
    let finish = () => {};
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let stopTicks = () => {};
    const stop = () => {
      stopTicks();
      finish();
    };
    stopTicks = every(clock, 20, () => {
      const frame = source.nextFrame();
      if (!frame) stop();
      else for (const listener of this.#listeners.keys()) listener(frame);
    });
    return { done, stop };
  }

  startMusic(mohClass?: string): void {
    this.#target?.startMusic(mohClass);
  }

  stopMusic(): void {
    this.#target?.stopMusic();
  }
}
