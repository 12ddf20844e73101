import { describe, expect, test } from "bun:test";
import { dtmfFrequencies, generateDtmf } from "./dtmf-generator.ts";
import { goertzelAmplitude } from "./goertzel.ts";
import { dbm0ToPeak } from "./levels.ts";
import { TonePlayer } from "./tone-player.ts";
import { RING_CADENCES, TONE_TABLES, toneSpec } from "./tone-tables.ts";

/** Plays `seconds` of a tone and returns the PCM. */
function play(player: TonePlayer, seconds: number): Int16Array {
  const out = new Int16Array(seconds * 8000);
  for (let at = 0; at < out.length; at += 160) out.set(player.nextFrame(), at);
  return out;
}

/** On/off runs in ms measured from 5 ms blocks' energy. */
function cadence(x: Int16Array): number[] {
  const runs: number[] = [];
  let on = false;
  let len = 0;
  for (let at = 0; at < x.length; at += 40) {
    let e = 0;
    for (let i = at; i < at + 40; i++) e += (x[i] as number) ** 2;
    const now = e > 40 * 100 ** 2;
    if (now !== on && len > 0) {
      runs.push(len * 5);
      len = 0;
    }
    on = now;
    len++;
  }
  return runs;
}

/** Frequency from positive-going zero crossings over a steady stretch. */
function zeroCrossingHz(x: Int16Array, from: number, count: number): number {
  let crossings = 0;
  for (let i = from + 1; i < from + count; i++) {
    if ((x[i - 1] as number) < 0 && (x[i] as number) >= 0) crossings++;
  }
  return (crossings * 8000) / count;
}

describe("call-progress tones (E.180)", () => {
  test("China dial tone is a steady 450 Hz at -10 dBm0", () => {
    const x = play(new TonePlayer(toneSpec("dial", "cn")), 2);
    expect(cadence(x)).toEqual([]);
    expect(Math.abs(zeroCrossingHz(x, 0, 16000) - 450)).toBeLessThanOrEqual(1);
    expect(goertzelAmplitude(x, 800, 800, 450, 8000) / dbm0ToPeak(-10)).toBeCloseTo(1, 1);
  });

  test("China ringback is 1 s on, 4 s off; busy 0.35/0.35; congestion 0.7/0.7", () => {
    expect(cadence(play(new TonePlayer(toneSpec("ringback", "cn")), 11)).slice(0, 3)).toEqual([
      1000, 4000, 1000,
    ]);
    expect(cadence(play(new TonePlayer(toneSpec("busy")), 3)).slice(0, 4)).toEqual([
      350, 350, 350, 350,
    ]);
    expect(cadence(play(new TonePlayer(toneSpec("congestion")), 3)).slice(0, 3)).toEqual([
      700, 700, 700,
    ]);
  });

  test("US tones are the precise tone plan pairs with their cadences", () => {
    const dial = play(new TonePlayer(toneSpec("dial", "us")), 1);
    const a350 = goertzelAmplitude(dial, 0, 8000, 350, 8000);
    const a440 = goertzelAmplitude(dial, 0, 8000, 440, 8000);
    const a400 = goertzelAmplitude(dial, 0, 8000, 400, 8000);
    expect(a350 / dbm0ToPeak(-13)).toBeCloseTo(1, 1);
    expect(a440 / dbm0ToPeak(-13)).toBeCloseTo(1, 1);
    expect(a400).toBeLessThan(a350 / 50);
    const ring = play(new TonePlayer(toneSpec("ringback", "us")), 7);
    expect(cadence(ring).slice(0, 2)).toEqual([2000, 4000]);
    expect(goertzelAmplitude(ring, 0, 8000, 480, 8000)).toBeGreaterThan(1000);
    expect(cadence(play(new TonePlayer(toneSpec("busy", "us")), 3)).slice(0, 2)).toEqual([
      500, 500,
    ]);
    expect(cadence(play(new TonePlayer(toneSpec("congestion", "us")), 2)).slice(0, 2)).toEqual([
      250, 250,
    ]);
  });

  test("European tones use 425 Hz; unknown countries fall back to China", () => {
    const x = play(new TonePlayer(toneSpec("busy", "eu")), 2);
    expect(zeroCrossingHz(x, 0, 4000)).toBeCloseTo(425, -1);
    expect(toneSpec("dial", "xx")).toBe(TONE_TABLES.cn.dial);
  });

  test("ring cadences for the SLIC", () => {
    expect(RING_CADENCES.cn.cadenceMs).toEqual([1000, 4000]);
    expect(RING_CADENCES.us.cadenceMs).toEqual([2000, 4000]);
  });

  test("reset restarts the cadence", () => {
    const p = new TonePlayer(toneSpec("busy"));
    play(p, 1);
    p.reset();
    expect(cadence(play(p, 1)).slice(0, 1)).toEqual([350]);
  });
});

describe("DTMF generator (Q.23)", () => {
  test("each key carries its row and column frequency at the requested levels", () => {
    for (const k of "0123456789*#ABCD") {
      const f = dtmfFrequencies(k)!;
      const x = generateDtmf(k, { durationMs: 100, lowLevelDbm0: -8, highLevelDbm0: -6 });
      expect(x.length).toBe(800);
      expect(goertzelAmplitude(x, 0, 800, f.rowHz, 8000) / dbm0ToPeak(-8)).toBeCloseTo(1, 1);
      expect(goertzelAmplitude(x, 0, 800, f.colHz, 8000) / dbm0ToPeak(-6)).toBeCloseTo(1, 1);
    }
    expect(generateDtmf("x").length).toBe(0);
  });
});
