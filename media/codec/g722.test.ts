// Interoperability fixtures: testdata/g722-input.s16le (1 s at 16 kHz: sweep, two tones,
// full-scale square and noise, silence, low-level noise, shaped noise), the code words an
// independent fixed-point implementation of the G.722 algorithm produced from it (with the
// ITU-T G.191 reference code's 15-bit limit on the QMF outputs), the PCM it decoded from
// them, and its output for 4000 random code words and for 4000 code words in long runs of
// extreme values (which drive the zero predictor into saturation). Matching bit for bit is what lets this box
// talk to phones: decoders must agree exactly, or their predictors drift apart.
import { describe, expect, test } from "bun:test";
import { G722Codec } from "./g722.ts";
import { G722Decoder } from "./g722-decoder.ts";
import { G722Encoder } from "./g722-encoder.ts";

async function bytes(name: string): Promise<Uint8Array> {
  return new Uint8Array(
    await Bun.file(new URL(`./testdata/${name}`, import.meta.url)).arrayBuffer(),
  );
}

async function pcm(name: string): Promise<Int16Array> {
  const raw = await bytes(name);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Int16Array(raw.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(2 * i, true);
  return out;
}

describe("G.722 bit exactness", () => {
  test("encoding the reference input gives the reference code words", async () => {
    const input = await pcm("g722-input.s16le");
    const expected = await bytes("g722-input.g722");
    const codec = new G722Codec();
    const out: Uint8Array = new Uint8Array(expected.length);
    for (let at = 0; at < input.length; at += 320) {
      codec.encodeInto(input.subarray(at, at + 320), out.subarray(at / 2));
    }
    expect(out).toEqual(expected);
  });

  test("decoding the reference code words gives the reference PCM", async () => {
    const codes = await bytes("g722-input.g722");
    const expected = await pcm("g722-input-decoded.s16le");
    expect(new G722Codec().decode(codes)).toEqual(expected);
  });

  test("decoding random code words matches, including saturated predictor states", async () => {
    const codes = await bytes("g722-random.g722");
    const expected = await pcm("g722-random-decoded.s16le");
    expect(new G722Codec().decode(codes)).toEqual(expected);
  });

  test("decoding runs of extreme code words saturates the predictor exactly as G.191 does", async () => {
    const codes = await bytes("g722-stress.g722");
    const expected = await pcm("g722-stress-decoded.s16le");
    expect(new G722Codec().decode(codes)).toEqual(expected);
  });

  test("state carries across calls: odd-sized chunks give the same stream", async () => {
    const input = await pcm("g722-input.s16le");
    const expected = await bytes("g722-input.g722");
    const encoder = new G722Encoder();
    const out: Uint8Array = new Uint8Array(expected.length);
    let written = 0;
    for (let at = 0; at < input.length; at += 46) {
      written += encoder.encodeInto(input.subarray(at, at + 46), out.subarray(written));
    }
    expect(out).toEqual(expected);
    const decoder = new G722Decoder();
    const decoded: Int16Array = new Int16Array(expected.length * 2);
    let samples = 0;
    for (let at = 0; at < expected.length; at += 7) {
      samples += decoder.decodeInto(expected.subarray(at, at + 7), decoded.subarray(samples));
    }
    expect(decoded).toEqual(await pcm("g722-input-decoded.s16le"));
  });
});
