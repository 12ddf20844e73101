import { describe, expect, test } from "bun:test";
import { HookDetector, type HookDetectorEvent } from "./hook-detector.ts";

/** Feeds a raw hook waveform sampled every 10 ms: [offHook, durationMs] segments. */
function run(segments: Array<[boolean, number]>): HookDetectorEvent[] {
  const d = new HookDetector();
  const events: HookDetectorEvent[] = [];
  let t = 0;
  for (const [off, ms] of segments) {
    for (let i = 0; i < ms; i += 10) {
      events.push(...d.sample(off, t));
      t += 10;
    }
  }
  return events;
}

describe("HookDetector", () => {
  test("off-hook is reported once it has held for the debounce time", () => {
    expect(
      run([
        [false, 100],
        [true, 20],
        [false, 50],
      ]),
    ).toEqual([]);
    expect(
      run([
        [false, 100],
        [true, 100],
      ]),
    ).toEqual([{ type: "hook-off", atMs: 100 }]);
  });

  test("an on-hook break of 80..600 ms is a flash, not a hang-up", () => {
    expect(
      run([
        [false, 50],
        [true, 500],
        [false, 300],
        [true, 500],
      ]),
    ).toEqual([
      { type: "hook-off", atMs: 50 },
      { type: "flash", atMs: 850, durationMs: 300 },
    ]);
  });

  test("on-hook past 600 ms is a hang-up reported at 600 ms", () => {
    expect(
      run([
        [false, 50],
        [true, 500],
        [false, 2000],
      ]),
    ).toEqual([
      { type: "hook-off", atMs: 50 },
      { type: "hook-on", atMs: 1150 },
    ]);
  });

  test("breaks shorter than the flash minimum are ignored", () => {
    expect(
      run([
        [false, 50],
        [true, 500],
        [false, 50],
        [true, 500],
      ]),
    ).toEqual([{ type: "hook-off", atMs: 50 }]);
  });
});
