import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DtmfDetector, type DtmfEvent } from "./dtmf-detector.ts";
import { dtmfFrequencies, generateDtmfSequence } from "./dtmf-generator.ts";
import { dbm0ToPeak } from "./levels.ts";
import { frames, pcm, rms, seededRandom, sines, whiteNoise } from "./test-signals.ts";

const KEYS = "123A456B789C*0#D";

function detect(signal: ArrayLike<number>): DtmfEvent[] {
  const d = new DtmfDetector();
  const events: DtmfEvent[] = [];
  for (const f of frames(pcm(signal))) events.push(...d.process(f));
  return [...events, ...d.flush()];
}

/** A key as two sines: frequency deviation and per-group levels are the test's knobs. */
function key(
  digit: string,
  ms: number,
  deviation = 0,
  lowDbm0 = -10,
  highDbm0 = -10,
): Float64Array {
  const f = dtmfFrequencies(digit)!;
  return sines(
    [
      [f.rowHz * (1 + deviation), dbm0ToPeak(lowDbm0)],
      [f.colHz * (1 + deviation), dbm0ToPeak(highDbm0)],
    ],
    ms * 8,
  );
}

function sequence(parts: Float64Array[], gapMs = 100): Float64Array {
  const gap = gapMs * 8;
  const out = new Float64Array(parts.reduce((s, p) => s + p.length + gap, gap));
  let at = gap;
  for (const p of parts) {
    out.set(p, at);
    at += p.length + gap;
  }
  return out;
}

const digits = (events: DtmfEvent[]): string => events.map((e) => e.digit).join("");

describe("DtmfDetector (ITU-T Q.24)", () => {
  test("detects all 16 keys in white noise at 15 dB SNR, each once, with its timing", () => {
    const signal = sequence([...KEYS].map((k) => key(k, 50)));
    const noise = whiteNoise(signal.length, rms(key("5", 50)) * 10 ** (-15 / 20), 7);
    for (let i = 0; i < signal.length; i++)
      signal[i] = (signal[i] as number) + (noise[i] as number);
    const events = detect(signal);
    expect(digits(events)).toBe(KEYS);
    events.forEach((e, i) => {
      const start = 800 + i * 1200;
      expect(Math.abs(e.startSample - start)).toBeLessThan(24);
      expect(Math.abs(e.endSample - e.startSample - 400)).toBeLessThan(40);
    });
  });

  test("accepts 6 dB normal twist and 4 dB reverse twist, rejects 12 dB and 7 dB", () => {
    const twisted = (lowOverHighDb: number) =>
      sequence(
        [...KEYS].map((k) => key(k, 60, 0, -10 + lowOverHighDb / 2, -10 - lowOverHighDb / 2)),
      );
    expect(digits(detect(twisted(6)))).toBe(KEYS);
    expect(digits(detect(twisted(-4)))).toBe(KEYS);
    expect(detect(twisted(12))).toEqual([]);
    expect(detect(twisted(-7))).toEqual([]);
  });

  test("accepts 1.5 % frequency deviation and rejects 3.5 %", () => {
    for (const sign of [1, -1]) {
      expect(digits(detect(sequence([...KEYS].map((k) => key(k, 60, sign * 0.015)))))).toBe(KEYS);
      expect(detect(sequence([...KEYS].map((k) => key(k, 60, sign * 0.035))))).toEqual([]);
    }
  });

  test("accepts 40 ms tones and rejects 30 ms tones", () => {
    expect(digits(detect(sequence([...KEYS].map((k) => key(k, 40)))))).toBe(KEYS);
    expect(detect(sequence([...KEYS].map((k) => key(k, 30))))).toEqual([]);
  });

  test("a 40 ms pause separates two presses of the same key; a 10 ms break does not", () => {
    expect(digits(detect(sequence([key("5", 60), key("5", 60)], 40)))).toBe("55");
    expect(digits(detect(sequence([key("5", 60), key("5", 60)], 10)))).toBe("5");
  });

  test("reports a press across frame boundaries and long presses once", () => {
    const events = detect(sequence([key("#", 2000)]));
    expect(digits(events)).toBe("#");
    expect(events[0]!.endSample - events[0]!.startSample).toBeGreaterThan(15900);
  });

  test("decodes generated dialling at phone levels", () => {
    expect(digits(detect(generateDtmfSequence("0123456789*#", 80, 80)))).toBe("0123456789*#");
  });

  test("finds no key in a synthesized chord sequence (harmonic-rich music)", () => {
    const rnd = seededRandom(11);
    const out = new Float64Array(8000 * 6);
    // Chords of three notes from the equal-tempered scale, each note with decaying harmonics.
    for (let c = 0; c < 24; c++) {
      const root = 48 + Math.floor(rnd() * 24);
      const notes = [root, root + 4, root + 7].map((m) => 440 * 2 ** ((m - 69) / 12));
      const start = c * 2000;
      for (const f0 of notes) {
        for (let h = 1; h <= 6; h++) {
          const f = f0 * h;
          if (f >= 3900) break;
          const a = 3000 / h;
          for (let i = 0; i < 2000; i++) {
            const env = Math.exp(-i / 3000);
            out[start + i] =
              (out[start + i] as number) + a * env * Math.sin((2 * Math.PI * f * i) / 8000);
          }
        }
      }
    }
    expect(detect(out)).toEqual([]);
  });

  const haveTools = Bun.which("espeak-ng") !== null && Bun.which("sox") !== null;
  // Under CI a missing espeak-ng must fail, not silently skip.
  const speechTest = haveTools || process.env.CI === "true" ? test : test.skip;
  speechTest("finds no key in seconds of English and Mandarin speech at several levels", () => {
    expect(haveTools).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "dtmf-speech-"));
    try {
      const speech: Int16Array[] = [];
      const texts: [string, string][] = [
        [
          "en-us",
          "Please enter your mailbox number followed by the pound key. You have three new messages. For sales press one, for support press two.",
        ],
        ["cmn", "您好，欢迎致电。请拨分机号码。您拨打的号码正在通话中，请稍后再拨。"],
      ];
      texts.forEach(([voice, text], i) => {
        const wav = join(dir, `s${i}.wav`);
        const raw = join(dir, `s${i}.raw`);
        expect(Bun.spawnSync(["espeak-ng", "-v", voice, "-w", wav, text]).exitCode).toBe(0);
        expect(
          Bun.spawnSync([
            "sox",
            wav,
            "-r",
            "8000",
            "-c",
            "1",
            "-b",
            "16",
            "-e",
            "signed",
            "-t",
            "raw",
            raw,
          ]).exitCode,
        ).toBe(0);
        const b = readFileSync(raw);
        speech.push(new Int16Array(b.buffer, b.byteOffset, b.length >> 1));
      });
      let seconds = 0;
      for (const s of speech) {
        seconds += s.length / 8000;
        for (const gain of [0.5, 1, 3]) {
          expect(detect(Array.from(s, (v) => v * gain))).toEqual([]);
        }
      }
      expect(seconds).toBeGreaterThan(15);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
