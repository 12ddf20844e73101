import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { convertToBoxFormat } from "./convert-to-box-format.ts";
import { decodeMp3 } from "./mp3-decoder.ts";
import { resample } from "./resampler.ts";
import { readWav } from "./wav-reader.ts";
import { writeWav } from "./wav-writer.ts";

const haveSox = Bun.which("sox") !== null;
const soxTest = haveSox || process.env.CI === "true" ? test : test.skip;

function power(
  x: ArrayLike<number>,
  freqHz: number,
  rateHz: number,
  from = 0,
  n = x.length - from,
): number {
  const coeff = 2 * Math.cos((2 * Math.PI * freqHz) / rateHz);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < from + n; i++) {
    const s0 = (x[i] as number) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (n * n);
}

/** The strongest frequency among 100..3900 Hz in 50 Hz steps. */
function dominantHz(x: ArrayLike<number>, rateHz: number): number {
  let best = 0;
  let bestP = -1;
  for (let f = 100; f < 3950; f += 50) {
    const p = power(x, f, rateHz, 800, 4000);
    if (p > bestP) {
      bestP = p;
      best = f;
    }
  }
  return best;
}

describe("resampler", () => {
  test("44.1 kHz -> 8 kHz keeps a 1 kHz tone and removes a 6 kHz one (no aliasing at 2 kHz)", () => {
    const n = 44100;
    const x = Float32Array.from(
      { length: n },
      (_, i) =>
        0.4 * Math.sin((2 * Math.PI * 1000 * i) / 44100) +
        0.4 * Math.sin((2 * Math.PI * 6000 * i) / 44100),
    );
    const y = resample(x, 44100, 8000);
    expect(y.length).toBe(8000);
    const a1k = Math.sqrt(power(y, 1000, 8000, 1000, 6000)) * 2;
    const a2k = Math.sqrt(power(y, 2000, 8000, 1000, 6000)) * 2;
    expect(a1k).toBeCloseTo(0.4, 2);
    expect(a2k).toBeLessThan(0.4 / 1000);
  });

  test("8 kHz -> 16 kHz upsampling keeps amplitude and frequency", () => {
    const x = Float32Array.from(
      { length: 8000 },
      (_, i) => 0.5 * Math.sin((2 * Math.PI * 700 * i) / 8000),
    );
    const y = resample(x, 8000, 16000);
    expect(y.length).toBe(16000);
    expect(Math.sqrt(power(y, 700, 16000, 2000, 8000)) * 2).toBeCloseTo(0.5, 2);
  });
});

describe("convertToBoxFormat", () => {
  soxTest(
    "a sox-made 44.1 kHz stereo WAV becomes 8 kHz mono with the 1 kHz tone intact",
    async () => {
      expect(haveSox).toBe(true);
      const dir = mkdtempSync(join(tmpdir(), "convert-"));
      try {
        const path = join(dir, "tone.wav");
        const made = Bun.spawnSync([
          "sox",
          "-n",
          "-r",
          "44100",
          "-c",
          "2",
          "-b",
          "16",
          path,
          "synth",
          "2",
          "sine",
          "1000",
          "vol",
          "0.5",
        ]);
        expect(made.exitCode).toBe(0);
        const r = await convertToBoxFormat(new Uint8Array(readFileSync(path)), "tone.wav");
        if (!r.ok) throw new Error(r.error);
        expect(r.audio.source).toEqual({ format: "wav", sampleRateHz: 44100, channels: 2 });
        expect(r.audio.samples.length).toBe(16000);
        expect(r.audio.durationMs).toBe(2000);
        expect(dominantHz(r.audio.samples, 8000)).toBe(1000);
        const back = readWav(r.audio.wav);
        expect(back.ok && back.wav.sampleRateHz).toBe(8000);
        expect(back.ok && back.wav.channels.length).toBe(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test("a real MP3 (44.1 kHz stereo, ID3 tag) decodes and converts", async () => {
    const mp3 = new Uint8Array(
      readFileSync(join(import.meta.dir, "fixtures", "tone-1khz-44k1-stereo.mp3")),
    );
    const decoded = await decodeMp3(mp3);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.audio.sampleRateHz).toBe(44100);
    expect(decoded.audio.channels.length).toBe(2);
    const r = await convertToBoxFormat(mp3, "upload.mp3");
    if (!r.ok) throw new Error(r.error);
    expect(r.audio.source.format).toBe("mp3");
    // 1.5 s of audio plus the encoder's frame padding.
    expect(r.audio.durationMs).toBeGreaterThanOrEqual(1490);
    expect(r.audio.durationMs).toBeLessThan(1600);
    expect(dominantHz(r.audio.samples, 8000)).toBe(1000);
  });

  test("an 8 kHz mono WAV passes through unchanged", async () => {
    const samples = Int16Array.from({ length: 800 }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    const r = await convertToBoxFormat(writeWav(8000, [samples]), "x.wav");
    expect(r.ok && r.audio.samples).toEqual(samples);
  });

  test("anything else is a clear error", async () => {
    expect(
      await convertToBoxFormat(new TextEncoder().encode("<html>not audio</html>"), "song.wav"),
    ).toEqual({
      ok: false,
      error: "not a WAV or MP3 file",
    });
    expect(await convertToBoxFormat(new Uint8Array([1, 2, 3, 4, 5, 6]), "song.mp3")).toEqual({
      ok: false,
      error: "not a WAV or MP3 file",
    });
    expect(await convertToBoxFormat(new Uint8Array(0), "a.wav")).toEqual({
      ok: false,
      error: "empty file",
    });
    const bad = await convertToBoxFormat(new TextEncoder().encode("RIFF\0\0\0\0WAVEjunk"), "a.wav");
    expect(bad.ok).toBe(false);
  });
});
