import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWav } from "../file/wav-reader.ts";
import { MusicOnHoldClasses, MusicOnHoldSource } from "./music-on-hold-source.ts";
import { PromptPlayer } from "./prompt-player.ts";
import { Recorder } from "./recorder.ts";

const ramp = (from: number, n: number) => Int16Array.from({ length: n }, (_, i) => from + i);

describe("PromptPlayer", () => {
  test("plays clips back to back in 20 ms frames, pads the last, then reports done", () => {
    const p = new PromptPlayer([ramp(0, 200), new Int16Array(0), ramp(1000, 100)]);
    const f1 = p.nextFrame()!;
    const f2 = p.nextFrame()!;
    expect(f1.length).toBe(160);
    expect(f1[159]).toBe(159);
    expect([f2[39], f2[40], f2[139], f2[140]]).toEqual([199, 1000, 1099, 0]);
    expect(p.done).toBe(true);
    expect(p.nextFrame()).toBeUndefined();
  });

  test("interrupt stops at once", () => {
    const p = new PromptPlayer([ramp(0, 1600)]);
    p.nextFrame();
    p.interrupt();
    expect(p.done).toBe(true);
    expect(p.nextFrame()).toBeUndefined();
    expect(new PromptPlayer([]).nextFrame()).toBeUndefined();
  });
});

describe("MusicOnHoldSource", () => {
  const clips = [
    new Int16Array(320).fill(1),
    new Int16Array(320).fill(2),
    new Int16Array(320).fill(3),
  ];

  test("every listener of a tick gets the same frame; the stream moves once per tick", () => {
    const moh = new MusicOnHoldSource(clips);
    const a = moh.frame(10);
    expect(moh.frame(10)).toBe(a);
    expect(moh.frame(9)).toBe(a);
    const seen: number[] = [];
    for (let t = 11; t < 17; t++) seen.push(moh.frame(t)[0]!, moh.frame(t)[0]!);
    expect(seen).toEqual([1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1]);
  });

  test("random order shuffles each round with the injected randomness", () => {
    const values = [0.9, 0.1, 0.5, 0.7, 0.2, 0.3];
    let k = 0;
    const moh = new MusicOnHoldSource(clips, {
      order: "random",
      random: () => values[k++ % values.length]!,
    });
    const order: number[] = [];
    for (let t = 0; t < 12; t += 2) {
      moh.frame(t);
      order.push(moh.clipIndex);
    }
    expect([...order.slice(0, 3)].sort()).toEqual([0, 1, 2]);
    expect([...order.slice(3, 6)].sort()).toEqual([0, 1, 2]);
    expect(order[3]).not.toBe(order[2]);
  });

  test("classes share one stream, unknown classes fall back to default, none means silence", () => {
    const classes = new MusicOnHoldClasses((name) =>
      name === "default" ? { clips, order: "in-order" } : undefined,
    );
    expect(classes.source("sales")).toBe(classes.source("default"));
    expect(classes.source("x").frame(0)[0]).toBe(1);
    const empty = new MusicOnHoldClasses(() => undefined);
    expect(Math.max(...empty.source("any").frame(0))).toBe(0);
  });
});

describe("Recorder", () => {
  test("stereo and mixed recordings read back; the final name appears only on close", () => {
    const dir = mkdtempSync(join(tmpdir(), "rec-"));
    try {
      const path = join(dir, "call.wav");
      const rec = new Recorder({ path, layout: "stereo" });
      for (let i = 0; i < 150; i++)
        rec.write(new Int16Array(160).fill(100), new Int16Array(160).fill(-50));
      expect(existsSync(path)).toBe(false);
      expect(existsSync(rec.tempPath)).toBe(true);
      expect(rec.close()).toEqual({ ok: true, path, durationMs: 3000, bytes: 44 + 150 * 160 * 4 });
      expect(existsSync(rec.tempPath)).toBe(false);
      const stereo = readWav(new Uint8Array(readFileSync(path)));
      if (!stereo.ok) throw new Error(stereo.error);
      expect(stereo.wav.channels.map((c) => [c.length, c[0], c[23999]])).toEqual([
        [24000, 100, 100],
        [24000, -50, -50],
      ]);

      const mixPath = join(dir, "mix.wav");
      const mix = new Recorder({ path: mixPath });
      mix.write(new Int16Array(160).fill(30000), new Int16Array(160).fill(30000));
      mix.write(new Int16Array(160).fill(7));
      mix.close();
      const m = readWav(new Uint8Array(readFileSync(mixPath)));
      if (!m.ok) throw new Error(m.error);
      expect(m.wav.channels.length).toBe(1);
      expect([m.wav.channels[0]![0], m.wav.channels[0]![200]]).toEqual([32767, 7]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("abort leaves nothing behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "rec-"));
    try {
      const rec = new Recorder({ path: join(dir, "x.wav") });
      rec.write(new Int16Array(160));
      rec.abort();
      expect(existsSync(join(dir, "x.wav"))).toBe(false);
      expect(existsSync(rec.tempPath)).toBe(false);
      expect(rec.close()).toEqual({ ok: false, error: "already closed" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
