import { describe, expect, test } from "bun:test";
import { decodeCallerIdFsk, encodeCallerIdFsk } from "./caller-id-fsk.ts";
import {
  decodeCallerIdMessage,
  encodeMdmf,
  encodeSdmf,
  findCallerIdMessage,
} from "./caller-id-message.ts";
import {
  decodeDtmfCallerId,
  decodeDtmfCallerIdAudio,
  encodeDtmfCallerId,
  encodeDtmfCallerIdAudio,
} from "./dtmf-caller-id.ts";
import { FskDemodulator } from "./fsk-demodulator.ts";
import { BELL202, modulateFsk, uartBits, V23 } from "./fsk-modulator.ts";
import { goertzelAmplitude } from "./goertzel.ts";
import { rms, whiteNoise } from "./test-signals.ts";

const INFO = {
  dateTime: { month: 3, day: 14, hour: 9, minute: 26 },
  number: "13812345678",
  name: "ZHANG SAN",
};

/** Transmission between silences, plus white noise `snrDb` below the signal. */
function line(signal: Int16Array, snrDb: number, seed = 3): Float64Array {
  const x = new Float64Array(signal.length + 3200);
  x.set(signal, 1600);
  const noise = whiteNoise(x.length, rms(signal) * 10 ** (-snrDb / 20), seed);
  for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) + (noise[i] as number);
  return x;
}

describe("caller ID messages (GR-30 / EN 300 659-3)", () => {
  test("SDMF layout and checksum", () => {
    const m = encodeSdmf(INFO);
    expect(m[0]).toBe(0x04);
    expect(m[1]).toBe(8 + 11);
    expect(new TextDecoder().decode(m.subarray(2, 10))).toBe("03140926");
    expect(m.reduce((a, b) => a + b, 0) & 0xff).toBe(0);
  });

  test("MDMF parameters round trip, absence reasons included", () => {
    const r = decodeCallerIdMessage(encodeMdmf(INFO));
    expect(r).toMatchObject({ ok: true, format: "mdmf", info: INFO });
    const anon = decodeCallerIdMessage(encodeMdmf({ numberAbsence: "P", nameAbsence: "O" }));
    expect(anon).toMatchObject({ ok: true, info: { numberAbsence: "P", nameAbsence: "O" } });
    const m = encodeMdmf(INFO);
    expect([m[2], m[3]]).toEqual([0x01, 8]);
  });

  test("a corrupted byte fails the checksum; seizure bytes before a message are skipped", () => {
    const m = encodeMdmf(INFO);
    m[5] = (m[5] as number) ^ 0x10;
    expect(decodeCallerIdMessage(m)).toEqual({ ok: false, error: "bad checksum" });
    const withNoise = [0x55, 0x55, 0x04, 0x55, ...encodeSdmf({ number: "12345" })];
    expect(findCallerIdMessage(withNoise)).toMatchObject({ ok: true, info: { number: "12345" } });
  });
});

describe("FSK modem", () => {
  test("V.23 marks at 1300 Hz and spaces at 2100 Hz", () => {
    const mark = modulateFsk(new Array(120).fill(1), V23);
    const space = modulateFsk(new Array(120).fill(0), V23);
    expect(goertzelAmplitude(mark, 0, 800, 1300, 8000)).toBeGreaterThan(
      20 * goertzelAmplitude(mark, 0, 800, 2100, 8000),
    );
    expect(goertzelAmplitude(space, 0, 800, 2100, 8000)).toBeGreaterThan(
      20 * goertzelAmplitude(space, 0, 800, 1300, 8000),
    );
  });

  test("async bytes survive the modem at -40 dBm0", () => {
    const bytes = [0x00, 0xff, 0x55, 0xaa, 0x31, 0x80];
    const bits = [...new Array(30).fill(1), ...uartBits(bytes), 1, 1];
    for (const std of [V23, BELL202]) {
      const rx = new FskDemodulator(std).process(modulateFsk(bits, std, -40));
      expect(rx.map((b) => b.value)).toEqual(bytes);
    }
  });

  test("silence and noise alone decode to nothing", () => {
    expect(new FskDemodulator(V23).process(new Float64Array(8000))).toEqual([]);
    expect(new FskDemodulator(V23).process(whiteNoise(8000, 10, 5))).toEqual([]);
  });
});

describe("FSK caller ID over the line", () => {
  for (const std of [V23, BELL202]) {
    for (const format of ["sdmf", "mdmf"] as const) {
      test(`${std.name} ${format} at -30 dBm0 with 15 dB SNR noise`, () => {
        const audio = encodeCallerIdFsk(INFO, { standard: std, format, levelDbm0: -30 });
        const r = decodeCallerIdFsk(line(audio, 15), std);
        const expected =
          format === "sdmf" ? { dateTime: INFO.dateTime, number: INFO.number } : INFO;
        expect(r).toMatchObject({ ok: true, format, info: expected });
      });
    }
  }

  test("the transmission has the seizure, mark and message lengths of the standard", () => {
    const audio = encodeCallerIdFsk(INFO, { format: "mdmf" });
    const bits = 300 + 180 + encodeMdmf(INFO).length * 10 + 4;
    expect(audio.length).toBe(Math.round((bits * 8000) / 1200));
  });
});

describe("DTMF caller ID (EN 300 659-1 Annex B)", () => {
  test("key strings", () => {
    expect(encodeDtmfCallerId({ number: "138-1234" })).toBe("A1381234C");
    expect(encodeDtmfCallerId({ number: "88886666" }, "D")).toBe("D88886666C");
    expect(encodeDtmfCallerId({ absence: "private" })).toBe("D10C");
    expect(decodeDtmfCallerId("D00C")).toEqual({ ok: true, callerId: { absence: "unavailable" } });
    expect(decodeDtmfCallerId("12A555C")).toEqual({ ok: true, callerId: { number: "555" } });
    expect(decodeDtmfCallerId("A555")).toEqual({ ok: false, error: "no end key" });
  });

  test("audio round trip with both start keys", () => {
    for (const start of ["A", "D"] as const) {
      const audio = encodeDtmfCallerIdAudio({ number: "13812345678" }, start);
      expect(decodeDtmfCallerIdAudio(audio)).toEqual({
        ok: true,
        callerId: { number: "13812345678" },
      });
    }
  });
});
