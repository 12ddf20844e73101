import { describe, expect, test } from "bun:test";
import { MusicOnHoldSource } from "../../media/play/music-on-hold-source.ts";
import { holdMusic } from "./hold-music.ts";

describe("holdMusic", () => {
  test("two parties held at once hear the same frame of the class's stream", () => {
    const clip = new Int16Array(1600).map((_, i) => i);
    const shared = new MusicOnHoldSource([clip]);
    let nowMs = 1000;
    const first = holdMusic(shared, () => nowMs);
    const second = holdMusic(shared, () => nowMs);
    const a0 = first.nextFrame()!;
    const b0 = second.nextFrame()!;
    expect([...b0]).toEqual([...a0]);
    nowMs += 20;
    const a1 = first.nextFrame()!;
    // The stream moved on one frame (160 samples) for the next tick.
    expect(a1[0]! - a0[0]!).toBe(160);
  });
});
