import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { alawToLinear, mulawToLinear } from "./g711-expand.ts";
import { readWav } from "./wav-reader.ts";
import { writeWav } from "./wav-writer.ts";

const haveSox = Bun.which("sox") !== null;
const soxTest = haveSox || process.env.CI === "true" ? test : test.skip;

describe("WAV write and read", () => {
  test("16-bit mono and stereo round trip at 8 and 16 kHz", () => {
    const left = Int16Array.from({ length: 320 }, (_, i) => ((i * 97) % 65536) - 32768);
    const right = Int16Array.from({ length: 320 }, (_, i) => -i);
    for (const rate of [8000, 16000]) {
      const mono = readWav(writeWav(rate, [left]));
      expect(mono).toEqual({
        ok: true,
        wav: { sampleRateHz: rate, channels: [left], encoding: "pcm16" },
      });
      const stereo = readWav(writeWav(rate, [left, right]));
      expect(stereo.ok && stereo.wav.channels).toEqual([left, right]);
    }
    const bytes = writeWav(8000, [left]);
    expect(bytes.length).toBe(44 + 640);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("RIFF");
  });

  test("broken files are error values, never exceptions", () => {
    const good = writeWav(8000, [new Int16Array(100)]);
    expect(readWav(new Uint8Array(0))).toEqual({ ok: false, error: "not a RIFF/WAVE file" });
    expect(readWav(new TextEncoder().encode("hello world, not audio"))).toEqual({
      ok: false,
      error: "not a RIFF/WAVE file",
    });
    expect(readWav(good.slice(0, 30))).toMatchObject({ ok: false });
    expect(readWav(good.slice(0, 40))).toEqual({ ok: false, error: "missing data chunk" });
    const weird = good.slice();
    weird[20] = 0x55; // format code 0x55 (MPEG Layer III inside WAV)
    expect(readWav(weird)).toEqual({ ok: false, error: "unsupported encoding" });
    const noChannels = good.slice();
    noChannels[22] = 0;
    expect(readWav(noChannels)).toEqual({ ok: false, error: "bad format parameters" });
    // Random garbage after a valid RIFF/WAVE tag.
    const junk = good.slice();
    for (let i = 12; i < junk.length; i++) junk[i] = (i * 131) & 0xff;
    expect(() => readWav(junk)).not.toThrow();
    expect(readWav(junk).ok).toBe(false);
  });

  test("a data size left unset by a streaming writer reads what the file holds", () => {
    const bytes = writeWav(8000, [Int16Array.from([1, 2, 3, 4])]);
    new DataView(bytes.buffer).setUint32(40, 0xffffffff, true);
    const r = readWav(bytes);
    expect(r.ok && Array.from(r.wav.channels[0]!)).toEqual([1, 2, 3, 4]);
  });

  test("G.711 expansion matches the reference code points", () => {
    expect(mulawToLinear(0xff)).toBe(0);
    expect(mulawToLinear(0x80)).toBe(32124);
    expect(mulawToLinear(0x00)).toBe(-32124);
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0xaa)).toBe(32256);
    expect(alawToLinear(0x2a)).toBe(-32256);
  });

  soxTest("reads 8-bit, 24-bit, 32-bit float, A-law and mu-law files made by sox", () => {
    expect(haveSox).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "wav-read-"));
    try {
      const formats: [string, string[]][] = [
        ["pcm8", ["-b", "8", "-e", "unsigned-integer"]],
        ["pcm24", ["-b", "24", "-e", "signed-integer"]],
        ["float32", ["-b", "32", "-e", "floating-point"]],
        ["alaw", ["-b", "8", "-e", "a-law"]],
        ["mulaw", ["-b", "8", "-e", "u-law"]],
      ];
      for (const [encoding, args] of formats) {
        const path = join(dir, `${encoding}.wav`);
        const made = Bun.spawnSync([
          "sox",
          "-n",
          "-r",
          "8000",
          "-c",
          "1",
          ...args,
          path,
          "synth",
          "0.1",
          "sine",
          "1000",
          "vol",
          "0.5",
        ]);
        expect(made.exitCode).toBe(0);
        const r = readWav(new Uint8Array(readFileSync(path)));
        if (!r.ok) throw new Error(`${encoding}: ${r.error}`);
        expect(r.wav.encoding).toBe(encoding);
        expect(r.wav.sampleRateHz).toBe(8000);
        const x = r.wav.channels[0]!;
        expect(x.length).toBe(800);
        const peak = Math.max(...x);
        expect(Math.abs(peak - 16384)).toBeLessThan(600);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
