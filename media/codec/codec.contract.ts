// The one behaviour every Codec must show (STYLE.md: one interface, one contract suite):
// frame and payload sizes of 20 ms packets (RFC 3551 section 4.5), fresh per-stream state,
// allocation-free variants agreeing with the allocating ones, garbage tolerance, and
// round-trip quality of reference signals against per-codec SNR floors.
import { describe, expect, test } from "bun:test";
import type { CodecFactory } from "./codec.ts";
import { peak, roundTrip, sine, snrDb, sweep } from "./signal.ts";

/** What one codec must achieve; levels in dBFS, SNR floors in dB. */
export interface CodecExpectations {
  frameSamples: number;
  frameBytes: number;
  frameTimestampUnits: number;
  /** [frequencyHz, levelDbfs, minimum SNR dB] */
  sines: readonly (readonly [number, number, number])[];
  /** Minimum SNR of a -10 dBFS log sweep across the codec's band. */
  sweepSnrDb: number;
  sweepToHz: number;
  /** Largest sample allowed when encoding digital silence. */
  silencePeak: number;
  /** Longest codec delay in samples to search when aligning output and input. */
  maxDelaySamples: number;
}

/** Registers the contract tests for one codec. */
export function codecContract(factory: CodecFactory, expect_: CodecExpectations): void {
  const rate = factory.sampleRateHz;
  const oneSecond = rate;
  const settle = rate / 10;

  describe(`${factory.name}/${rate} codec contract`, () => {
    test("a 20 ms frame has the expected sample, byte and timestamp counts", () => {
      expect(factory.frameSamples).toBe(expect_.frameSamples);
      expect(factory.frameBytes).toBe(expect_.frameBytes);
      expect(factory.frameTimestampUnits).toBe(expect_.frameTimestampUnits);
      const codec = factory.create();
      const payload = codec.encode(sine(1000, -10, rate, factory.frameSamples));
      expect(payload.length).toBe(expect_.frameBytes);
      expect(codec.decode(payload).length).toBe(expect_.frameSamples);
      expect(codec.payloadBytesFor(expect_.frameSamples)).toBe(expect_.frameBytes);
      expect(codec.samplesFor(expect_.frameBytes)).toBe(expect_.frameSamples);
    });

    test("encodeInto/decodeInto write the same bytes and samples as encode/decode", () => {
      const signal = sweep(200, expect_.sweepToHz, -6, rate, factory.frameSamples * 5);
      const a = factory.create();
      const b = factory.create();
      const payload: Uint8Array = new Uint8Array(factory.frameBytes);
      const pcm: Int16Array = new Int16Array(factory.frameSamples);
      for (let at = 0; at < signal.length; at += factory.frameSamples) {
        const frame = signal.subarray(at, at + factory.frameSamples);
        const expected = a.encode(frame);
        expect(b.encodeInto(frame, payload)).toBe(factory.frameBytes);
        expect(payload).toEqual(expected);
        const decoded = a.decode(expected);
        expect(b.decodeInto(payload, pcm)).toBe(factory.frameSamples);
        expect(pcm).toEqual(decoded);
      }
    });

    test("each create() starts an independent stream state", () => {
      const speechLike = sweep(300, expect_.sweepToHz, -6, rate, factory.frameSamples * 10);
      const other = sine(700, 0, rate, speechLike.length);
      const alone = roundTrip(factory.create(), speechLike, factory.frameSamples);
      const first = factory.create();
      const second = factory.create();
      const interleaved: Int16Array = new Int16Array(speechLike.length);
      for (let at = 0; at < speechLike.length; at += factory.frameSamples) {
        const end = at + factory.frameSamples;
        second.decode(second.encode(other.subarray(at, end)));
        interleaved.set(first.decode(first.encode(speechLike.subarray(at, end))), at);
      }
      expect(interleaved).toEqual(alone);
    });

    for (const [hz, levelDbfs, minSnrDb] of expect_.sines) {
      test(`a ${hz} Hz sine at ${levelDbfs} dBFS survives with SNR >= ${minSnrDb} dB`, () => {
        const signal = sine(hz, levelDbfs, rate, oneSecond);
        const decoded = roundTrip(factory.create(), signal, factory.frameSamples);
        const { snrDb: snr } = snrDb(signal, decoded, expect_.maxDelaySamples, settle);
        expect(snr).toBeGreaterThanOrEqual(minSnrDb);
      });
    }

    test(`a -10 dBFS sweep to ${expect_.sweepToHz} Hz keeps SNR >= ${expect_.sweepSnrDb} dB`, () => {
      const signal = sweep(100, expect_.sweepToHz, -10, rate, oneSecond);
      const decoded = roundTrip(factory.create(), signal, factory.frameSamples);
      const { snrDb: snr } = snrDb(signal, decoded, expect_.maxDelaySamples, settle);
      expect(snr).toBeGreaterThanOrEqual(expect_.sweepSnrDb);
    });

    test("digital silence decodes to near silence", () => {
      const decoded = roundTrip(factory.create(), new Int16Array(oneSecond), factory.frameSamples);
      expect(peak(decoded)).toBeLessThanOrEqual(expect_.silencePeak);
    });

    test("full-scale input neither throws nor wraps around", () => {
      const loud = sine(1000, 0, rate, factory.frameSamples * 5);
      const decoded = roundTrip(factory.create(), loud, factory.frameSamples);
      const { snrDb: snr } = snrDb(loud, decoded, expect_.maxDelaySamples, factory.frameSamples);
      expect(snr).toBeGreaterThan(20);
    });

    test("any payload bytes decode without throwing, to the length the size implies", () => {
      const codec = factory.create();
      const garbage = new Uint8Array(factory.frameBytes);
      let seed = 12345;
      for (let round = 0; round < 20; round++) {
        for (let i = 0; i < garbage.length; i++) {
          seed = (seed * 1103515245 + 12345) >>> 0;
          garbage[i] = seed >>> 24;
        }
        expect(codec.decode(garbage).length).toBe(codec.samplesFor(garbage.length));
      }
      expect(codec.decode(new Uint8Array(0)).length).toBe(0);
    });
  });
}
