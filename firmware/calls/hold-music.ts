// SPEC VOICE-1 music on hold: a class's stream is shared by every held caller, "like a radio"
// (media/play MusicOnHoldSource). It is indexed by media tick; the relay pulls one frame per
// 20 ms of the clock, so the tick is the clock's time in 20 ms steps and two callers held at
// once hear the same frame.
import type { FrameSource } from "./media-port.ts";

const FRAME_MS = 20;

/** What media/play MusicOnHoldSource offers. */
export interface SharedMusic {
  frame(tick: number): Int16Array;
}

/** One held party's view of a shared class stream, paced by `nowMs`. */
export function holdMusic(music: SharedMusic, nowMs: () => number): FrameSource {
  return {
    // A copy: the relay may encode after the next listener's tick replaced the shared frame.
    nextFrame: () => music.frame(Math.floor(nowMs() / FRAME_MS)).slice(),
  };
}
