import { describe, expect, test } from "bun:test";
import { applyGainDb } from "./gain.ts";
import { LevelMeter, peakDbfs, rmsDbfs, SILENCE_DBFS } from "./level-meter.ts";
import { dbm0ToPeak } from "./levels.ts";
import { pcm, sines, whiteNoise } from "./test-signals.ts";
import { VoiceActivityDetector } from "./voice-activity-detector.ts";

const tone = (peak: number, samples = 160) => pcm(sines([[1000, peak]], samples));

describe("gain and level", () => {
  test("+6 dB doubles, -6 dB halves, and loud signals saturate instead of wrapping", () => {
    const x = tone(1000);
    const up = applyGainDb(x, 6.0206);
    expect(up[20]).toBe(Math.round((x[20] as number) * 2));
    expect(applyGainDb(x, -6.0206)[20]).toBe(Math.round((x[20] as number) / 2));
    const hot = applyGainDb(tone(20000), 12);
    expect(Math.max(...hot)).toBe(32767);
    expect(Math.min(...hot)).toBe(-32768);
  });

  test("a 0 dBm0 sine reads about -6.2 dBFS RMS; silence reads the floor", () => {
    expect(rmsDbfs(tone(dbm0ToPeak(0), 800))).toBeCloseTo(-6.2, 1);
    expect(peakDbfs(tone(16384, 800))).toBeCloseTo(-6.02, 1);
    expect(rmsDbfs(new Int16Array(160))).toBe(SILENCE_DBFS);
    const meter = new LevelMeter();
    meter.measure(tone(16384));
    meter.measure(new Int16Array(160));
    expect(meter.levelDbfs).toBe(SILENCE_DBFS);
    expect(meter.peakHoldDbfs).toBeCloseTo(-6.5, 0);
  });
});

describe("VoiceActivityDetector", () => {
  test("speech bursts over background noise, with hangover and a silence count", () => {
    const vad = new VoiceActivityDetector({ hangoverMs: 200 });
    const noise = pcm(whiteNoise(160 * 100, 30, 9));
    const states: boolean[] = [];
    for (let i = 0; i < 50; i++) states.push(vad.process(noise.subarray(i * 160, i * 160 + 160)));
    expect(states.some((s) => s)).toBe(false);
    expect(vad.silenceMs).toBe(1000);
    for (let i = 0; i < 10; i++) expect(vad.process(tone(3000))).toBe(true);
    expect(vad.silenceMs).toBe(0);
    const after: boolean[] = [];
    for (let i = 50; i < 70; i++) after.push(vad.process(noise.subarray(i * 160, i * 160 + 160)));
    // 200 ms of hangover is ten frames.
    expect(after.indexOf(false)).toBe(10);
    expect(vad.silenceMs).toBe(200);
  });
});
