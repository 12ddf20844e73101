// Paces the box's own audio for one leg: pulls a 20 ms frame from a source (a prompt, music
// on hold, a conference mix) every 20 ms of the clock and hands it on, catching up a few
// frames when a timer fires late so the phone's jitter buffer stays fed.
import type { RelayClock } from "./relay-clock.ts";

/** 20 ms PCM frames (160 samples at 8 kHz or 320 at 16 kHz); undefined when it has ended. */
export interface FrameSource {
  nextFrame(): Int16Array | undefined;
}

const FRAME_MS = 20;
/** Frames sent at once when behind; further behind, the pump skips ahead instead. */
const MAX_CATCH_UP = 5;

export class FramePump {
  readonly #clock: RelayClock;
  readonly #source: FrameSource;
  readonly #deliver: (pcm: Int16Array) => void;
  readonly #onEnd: () => void;
  #startMs = 0;
  #sent = 0;
  #timer: { cancel(): void } | undefined;
  #running = false;

  constructor(
    clock: RelayClock,
    source: FrameSource,
    deliver: (pcm: Int16Array) => void,
    onEnd: () => void,
  ) {
    this.#clock = clock;
    this.#source = source;
    this.#deliver = deliver;
    this.#onEnd = onEnd;
  }

  start(): void {
    this.#running = true;
    this.#startMs = this.#clock.now();
    this.#sent = 0;
    this.#tick();
  }

  /** Stops without calling onEnd. */
  stop(): void {
    this.#running = false;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #tick(): void {
    this.#timer = undefined;
    const now = this.#clock.now();
    let due = Math.floor((now - this.#startMs) / FRAME_MS) + 1;
    if (due - this.#sent > MAX_CATCH_UP) {
      this.#sent = due - MAX_CATCH_UP;
    }
    while (this.#running && this.#sent < due) {
      const frame = this.#source.nextFrame();
      if (frame === undefined) {
        this.stop();
        this.#onEnd();
        return;
      }
      this.#deliver(frame);
      this.#sent++;
      due = Math.max(due, this.#sent);
    }
    if (!this.#running) return;
    const nextMs = this.#startMs + this.#sent * FRAME_MS;
    this.#timer = this.#clock.setTimer(Math.max(0, nextMs - now), () => this.#tick());
  }
}
