import { describe, expect, test } from "bun:test";
import { RingValidator, type RingValidatorEvent } from "./ring-validator.ts";

function run(segments: Array<[boolean, number]>): RingValidatorEvent[] {
  const v = new RingValidator();
  const out: RingValidatorEvent[] = [];
  let t = 0;
  for (const [on, ms] of segments) {
    for (let i = 0; i < ms; i += 10) {
      out.push(...v.sample(on, t));
      t += 10;
    }
  }
  return out;
}

describe("RingValidator", () => {
  test("China cadence: two bursts, then ringing ends 6 s after the last", () => {
    expect(
      run([
        [true, 1000],
        [false, 4000],
        [true, 1000],
        [false, 7000],
      ]),
    ).toEqual([
      { type: "ring-start", atMs: 0, burst: 1 },
      { type: "ring-stop", atMs: 1000, onMs: 1000 },
      { type: "ring-start", atMs: 5000, burst: 2 },
      { type: "ring-stop", atMs: 6000, onMs: 1000 },
      { type: "ringing-ended", atMs: 12_000 },
    ]);
  });

  test("a 100 ms blip is not a ring, and a 50 ms dropout does not split a burst", () => {
    expect(
      run([
        [true, 100],
        [false, 500],
      ]),
    ).toEqual([]);
    expect(
      run([
        [true, 500],
        [false, 50],
        [true, 500],
        [false, 200],
      ]).map((e) => e.type),
    ).toEqual(["ring-start", "ring-stop"]);
  });
});
