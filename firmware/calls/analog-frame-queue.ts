// The analog line's 20 ms frames (pushed on the board's clock) as a FrameSource the relay pulls
// on its own clock. The two clocks tick at the same rate but not in step: the queue absorbs the
// phase and keeps at most a few frames, so delay never builds up (a late frame is replaced by
// silence, the oldest is dropped when the reader falls behind).

import type { FrameSource } from "./media-port.ts";

/** Frames kept at most (100 ms): enough for timer jitter, short enough for conversation. */
const MAX_FRAMES = 5;
const FRAME_SAMPLES = 160;

export class AnalogFrameQueue implements FrameSource {
  readonly #frames: Int16Array[] = [];
  #closed = false;

  push(frame: Int16Array): void {
    this.#frames.push(frame);
    if (this.#frames.length > MAX_FRAMES) this.#frames.shift();
  }

  /** Ends the source: the next pull returns undefined. */
  close(): void {
    this.#closed = true;
  }

  nextFrame(): Int16Array | undefined {
    if (this.#closed) return undefined;
    return this.#frames.shift() ?? new Int16Array(FRAME_SAMPLES);
  }
}
