import { describe, expect, test } from "bun:test";
import { g722 } from "./g722.ts";
import { pcma } from "./pcma.ts";
import { pcmu } from "./pcmu.ts";
import { sine, snrDb } from "./signal.ts";
import { Transcoder } from "./transcoder.ts";

function encodeStream(factory: typeof pcmu, signal: Int16Array): Uint8Array[] {
  const codec = factory.create();
  const frames: Uint8Array[] = [];
  for (let at = 0; at < signal.length; at += factory.frameSamples) {
    frames.push(codec.encode(signal.subarray(at, at + factory.frameSamples)));
  }
  return frames;
}

function decodeStream(factory: typeof pcmu, frames: Uint8Array[]): Int16Array {
  const codec = factory.create();
  const out = new Int16Array(frames.length * factory.frameSamples);
  for (const [i, f] of frames.entries()) out.set(codec.decode(f), i * factory.frameSamples);
  return out;
}

describe("Transcoder", () => {
  test("PCMU -> PCMA keeps 160-byte frames and the tone", () => {
    const tone = sine(1000, -10, 8000, 8000);
    const t = new Transcoder(pcmu.create(), pcma.create());
    const out = encodeStream(pcmu, tone).map((p) => t.transcode(p));
    expect(out.every((p) => p.length === 160)).toBe(true);
    expect(snrDb(tone, decodeStream(pcma, out), 0, 800).snrDb).toBeGreaterThan(33);
  });

  test("PCMU -> G.722 gives 160-byte frames of the same tone at 16 kHz", () => {
    const tone = sine(1000, -10, 8000, 8000);
    const t = new Transcoder(pcmu.create(), g722.create());
    const out = encodeStream(pcmu, tone).map((p) => t.transcode(p));
    expect(out.every((p) => p.length === 160)).toBe(true);
    const heard = decodeStream(g722, out);
    expect(snrDb(sine(1000, -10, 16000, 16000), heard, 120, 1600).snrDb).toBeGreaterThan(30);
  });

  test("G.722 -> PCMU gives 160-byte frames of the same tone at 8 kHz", () => {
    const wide = sine(1000, -10, 16000, 16000);
    const t = new Transcoder(g722.create(), pcmu.create());
    const payload = new Uint8Array(160);
    const out = encodeStream(g722, wide).map((p) => {
      expect(t.transcodeInto(p, payload)).toBe(160);
      return payload.slice();
    });
    expect(
      snrDb(sine(1000, -10, 8000, 8000), decodeStream(pcmu, out), 60, 800).snrDb,
    ).toBeGreaterThan(30);
  });

  test("output size follows the input size (30 ms packets)", () => {
    const t = new Transcoder(pcmu.create(), g722.create());
    expect(t.outputBytesFor(240)).toBe(240);
    expect(t.transcode(new Uint8Array(240).fill(0xff)).length).toBe(240);
  });
});
