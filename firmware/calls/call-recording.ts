// SPEC CALL-16 automatic recording (EXT-2 "recording": none, inbound, outbound, all): while
// a call is answered both parties are taken from the bridge's taps, whatever their legs' kinds
// (SIP, FXS, FXO), and written as a stereo WAV (left = the caller, right = the answering party). The taps deliver frames as
// packets arrive; the recording is paced by the clock instead, one frame per 20 ms from each
// direction (silence when a phone sent none, e.g. on hold), so its length is the talk time.

import type { Clock, Timer } from "../sip/clock.ts";

/** One party's audio as 20 ms frames; returns the stop (Bridge.tap). */
export type AudioTap = (onFrame: (pcm: Int16Array) => void) => () => void;

const FRAME_MS = 20;
const FRAME_SAMPLES = 160;
/** Frames kept per direction before the oldest are dropped (a burst after a stall). */
const MAX_QUEUED = 25;

export type RecordingMode = "none" | "inbound" | "outbound" | "all";

/** What the recordings store offers (firmware/recordings RecordingStore.begin). */
export interface CallRecordings {
  begin(start: {
    /** "one-touch": started by a party's *1 during the call (REP-4). */
    kind: "call" | "one-touch";
    direction: "inbound" | "outbound" | "internal";
    extensions: readonly string[];
    peerNumber?: string;
    callId?: string;
    layout?: "mix" | "stereo";
  }): {
    recorder: { write(first: Int16Array, second?: Int16Array): void };
    finish(): unknown;
    abort(): void;
  };
}

/** Whether a call between these two extensions is recorded by their settings. */
export function wantsRecording(callerMode: RecordingMode, calleeMode: RecordingMode): boolean {
  const outbound = callerMode === "outbound" || callerMode === "all";
  const inbound = calleeMode === "inbound" || calleeMode === "all";
  return outbound || inbound;
}

export class CallRecording {
  readonly #clock: Clock;
  readonly #active: ReturnType<CallRecordings["begin"]>;
  readonly #queues: [Int16Array[], Int16Array[]] = [[], []];
  readonly #stops: (() => void)[];
  readonly #startMs: number;
  #written = 0;
  #timer: Timer | undefined;
  #open = true;

  /** Starts recording the two parties now (call it when the call is answered). */
  constructor(
    clock: Clock,
    store: CallRecordings,
    parties: readonly [caller: AudioTap, answerer: AudioTap],
    start: Parameters<CallRecordings["begin"]>[0],
  ) {
    this.#clock = clock;
    this.#active = store.begin({ ...start, layout: "stereo" });
    this.#startMs = clock.now();
    this.#stops = [
      parties[0]((pcm) => this.#queue(0, pcm)),
      parties[1]((pcm) => this.#queue(1, pcm)),
    ];
    this.#schedule();
  }

  /** Stops the taps, writes what is due and finishes the WAV (indexed by the store). */
  finish(): unknown {
    if (!this.#open) return undefined;
    this.#tick();
    this.#open = false;
    this.#timer?.cancel();
    for (const stop of this.#stops) stop();
    return this.#active.finish();
  }

  #queue(direction: 0 | 1, pcm: Int16Array): void {
    const queue = this.#queues[direction];
    queue.push(pcm);
    if (queue.length > MAX_QUEUED) queue.shift();
  }

  #schedule(): void {
    const nextMs = this.#startMs + (this.#written + 1) * FRAME_MS;
    this.#timer = this.#clock.setTimer(Math.max(1, nextMs - this.#clock.now()), () => {
      this.#tick();
      if (this.#open) this.#schedule();
    });
  }

  #tick(): void {
    if (!this.#open) return;
    const due = Math.floor((this.#clock.now() - this.#startMs) / FRAME_MS);
    while (this.#written < due) {
      const first = take(this.#queues[0]);
      const second = take(this.#queues[1]);
      this.#active.recorder.write(first, second);
      this.#written++;
    }
  }
}

function take(queue: Int16Array[]): Int16Array {
  const frame = queue.shift();
  if (!frame) return new Int16Array(FRAME_SAMPLES);
  if (frame.length === FRAME_SAMPLES) return frame;
  const out = new Int16Array(FRAME_SAMPLES);
  out.set(frame.subarray(0, FRAME_SAMPLES));
  return out;
}
