import { describe, expect, test } from "bun:test";
import {
  ALAW,
  alawFromLinear,
  linearFromAlaw,
  linearFromUlaw,
  ULAW,
  ulawFromLinear,
} from "./g711.ts";
import { pcma } from "./pcma.ts";
import { pcmu } from "./pcmu.ts";

describe("G.711 mu-law", () => {
  test("known code points of G.711 table 2a", () => {
    expect(ulawFromLinear(0)).toBe(0xff);
    expect(ulawFromLinear(-1)).toBe(0x7f); // negative zero
    expect(ulawFromLinear(32767)).toBe(0x80);
    expect(ulawFromLinear(-32768)).toBe(0x00);
    expect(linearFromUlaw(0xff)).toBe(0);
    expect(linearFromUlaw(0x7f)).toBe(0);
    expect(linearFromUlaw(0x80)).toBe(32124);
    expect(linearFromUlaw(0x00)).toBe(-32124);
    expect(linearFromUlaw(0xef)).toBe(132); // first step of segment 1
  });

  test("encoding each decoded level gives the code back (except negative zero)", () => {
    for (let code = 0; code < 256; code++) {
      const back = ULAW.encode[ULAW.decode[code]! & 0xffff];
      expect(back).toBe(code === 0x7f ? 0xff : code);
    }
  });

  test("the 64K table agrees with the segment method and decodes monotonically", () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (let s = -32768; s < 32768; s++) {
      const code = ULAW.encode[s & 0xffff]!;
      expect(code).toBe(ulawFromLinear(s));
      const level = ULAW.decode[code]!;
      expect(level).toBeGreaterThanOrEqual(previous);
      previous = level;
    }
  });

  test("a PCMU frame of silence is all 0xFF on the wire", () => {
    expect(pcmu.create().encode(new Int16Array(160))).toEqual(new Uint8Array(160).fill(0xff));
  });
});

describe("G.711 A-law", () => {
  test("known code points of G.711 table 1a", () => {
    expect(alawFromLinear(0)).toBe(0xd5);
    expect(alawFromLinear(-1)).toBe(0x55);
    expect(alawFromLinear(32767)).toBe(0xaa);
    expect(alawFromLinear(-32768)).toBe(0x2a);
    expect(linearFromAlaw(0xd5)).toBe(8);
    expect(linearFromAlaw(0x55)).toBe(-8);
    expect(linearFromAlaw(0xaa)).toBe(32256);
    expect(linearFromAlaw(0x2a)).toBe(-32256);
  });

  test("encoding each decoded level gives the code back", () => {
    for (let code = 0; code < 256; code++) {
      expect(ALAW.encode[ALAW.decode[code]! & 0xffff]).toBe(code);
    }
  });

  test("the 64K table agrees with the segment method and decodes monotonically", () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (let s = -32768; s < 32768; s++) {
      const code = ALAW.encode[s & 0xffff]!;
      expect(code).toBe(alawFromLinear(s));
      const level = ALAW.decode[code]!;
      expect(level).toBeGreaterThanOrEqual(previous);
      previous = level;
    }
  });

  test("a PCMA frame of silence is all 0xD5 on the wire", () => {
    expect(pcma.create().encode(new Int16Array(160))).toEqual(new Uint8Array(160).fill(0xd5));
  });
});
