import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requirePeer } from "../../test/support/peers.ts";
import { probeAudio } from "./audio-probe.ts";
import { FIXTURE_MP3, soxWav } from "./test-voice-store.ts";

describe("probeAudio reads the length from headers", () => {
  test("an MP3's frames add up to its length", () => {
    const r = probeAudio(new Uint8Array(readFileSync(FIXTURE_MP3)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.probe.format).toBe("mp3");
    // 1.5 s of tone plus the encoder's delay and padding, in 26.1 ms frames.
    expect(r.probe.durationMs).toBeGreaterThan(1500);
    expect(r.probe.durationMs).toBeLessThan(1600);
  });

  test("LAME MP3s at MPEG-2 and MPEG-1 rates, with and without an ID3 tag", () => {
    const dir = mkdtempSync(join(tmpdir(), "pbx-probe-"));
    try {
      for (const [rate, seconds] of [
        [22050, 3],
        [48000, 2],
      ] as const) {
        const wav = join(dir, `in-${rate}.wav`);
        soxWav(wav, seconds, rate, 1);
        const mp3 = join(dir, `out-${rate}.mp3`);
        const lame = Bun.spawnSync([
          requirePeer("lame", "lame"),
          "--quiet",
          "--tt",
          "title",
          wav,
          mp3,
        ]);
        if (lame.exitCode !== 0) throw new Error(lame.stderr.toString());
        const r = probeAudio(new Uint8Array(readFileSync(mp3)));
        if (!r.ok) throw new Error(r.error);
        expect(r.probe.durationMs).toBeGreaterThanOrEqual(seconds * 1000);
        expect(r.probe.durationMs).toBeLessThan(seconds * 1000 + 120);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a WAV's length is its data size over its byte rate", () => {
    const dir = mkdtempSync(join(tmpdir(), "pbx-probe-"));
    try {
      const r = probeAudio(soxWav(join(dir, "a.wav"), 1.25, 44100, 2));
      expect(r).toEqual({ ok: true, probe: { format: "wav", durationMs: 1250 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("text, random bytes and stray sync words are not audio", () => {
    const text = new TextEncoder().encode("hello\n".repeat(100));
    expect(probeAudio(text)).toEqual({ ok: false, error: "not a WAV or MP3 file" });
    // One plausible MPEG header followed by no second frame.
    const stray = new Uint8Array(4000);
    stray.set([0xff, 0xfb, 0x90, 0x64], 100);
    expect(probeAudio(stray).ok).toBe(false);
    let seed = 7;
    const noise = Uint8Array.from({ length: 50_000 }, () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 24;
    });
    expect(probeAudio(noise).ok).toBe(false);
  });
});
