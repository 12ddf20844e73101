import { describe, expect, test } from "bun:test";
import { Resampler } from "./resampler.ts";
import { peak, sine, snrDb } from "./signal.ts";

function inFrames(resampler: Resampler, input: Int16Array, frame: number): Int16Array {
  const out = new Int16Array(resampler.outputSamplesFor(input.length));
  let written = 0;
  for (let at = 0; at < input.length; at += frame) {
    const chunk = input.subarray(at, at + frame);
    written += resampler.processInto(chunk, out.subarray(written));
  }
  return out;
}

describe("Resampler 8 kHz -> 16 kHz", () => {
  test("a telephone-band tone comes out the same tone at twice the rate", () => {
    for (const hz of [300, 1000, 3000]) {
      const out = inFrames(new Resampler(8000, 16000), sine(hz, -10, 8000, 8000), 160);
      expect(out.length).toBe(16000);
      expect(snrDb(sine(hz, -10, 16000, 16000), out, 80, 800).snrDb).toBeGreaterThan(60);
    }
  });

  test("frame boundaries are seamless: 20 ms frames equal one block", () => {
    const input = sine(1234, -6, 8000, 1600);
    const whole = new Resampler(8000, 16000).process(input);
    expect(inFrames(new Resampler(8000, 16000), input, 160)).toEqual(whole);
  });
});

describe("Resampler 16 kHz -> 8 kHz", () => {
  test("in-band tones pass with high SNR", () => {
    for (const hz of [300, 1000, 3000]) {
      const out = inFrames(new Resampler(16000, 8000), sine(hz, -10, 16000, 16000), 320);
      expect(snrDb(sine(hz, -10, 8000, 8000), out, 40, 400).snrDb).toBeGreaterThan(60);
    }
  });

  test("tones above 4.6 kHz are suppressed instead of aliasing", () => {
    for (const hz of [4700, 5500, 7000]) {
      const out = inFrames(new Resampler(16000, 8000), sine(hz, 0, 16000, 16000), 320);
      // 0 dBFS in, below -60 dBFS out (32767 / 1000).
      expect(peak(out.subarray(200))).toBeLessThan(33);
    }
  });

  test("8k -> 16k -> 8k keeps a 1 kHz tone at 70 dB SNR", () => {
    const input = sine(1000, -10, 8000, 8000);
    const back = inFrames(
      new Resampler(16000, 8000),
      new Resampler(8000, 16000).process(input),
      320,
    );
    expect(snrDb(input, back, 80, 400).snrDb).toBeGreaterThan(70);
  });
});

test("equal rates pass samples through unchanged", () => {
  const input = sine(500, -3, 8000, 160);
  expect(new Resampler(8000, 8000).process(input)).toEqual(input);
});
