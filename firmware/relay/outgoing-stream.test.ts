import { describe, expect, test } from "bun:test";
import { OutgoingStream } from "./outgoing-stream.ts";

describe("OutgoingStream", () => {
  test("forwards one source with its own numbering shifted onto the box's line", () => {
    const out = new OutgoingStream(0x1234, 500, 9000);
    expect(out.map(77, 40, 1600, 0, 1)).toBe(true);
    expect([out.seq, out.timestamp]).toEqual([500, 9000]);
    expect(out.map(77, 41, 1760, 20, 1)).toBe(false);
    expect([out.seq, out.timestamp]).toEqual([501, 9160]);
    // A gap in the source stays a gap (the phone's loss figures stay true).
    out.map(77, 43, 2080, 60, 1);
    expect([out.seq, out.timestamp]).toEqual([503, 9480]);
  });

  test("a new source continues the sequence by one and the timestamp by the time passed", () => {
    const out = new OutgoingStream(1, 100, 0);
    out.map(5, 7000, 50_000, 0, 1);
    out.map(5, 7001, 50_160, 20, 1);
    // The other phone was replaced after a re-INVITE: new SSRC, unrelated numbers, 100 ms later.
    expect(out.map(6, 3, 999, 120, 1)).toBe(true);
    expect(out.seq).toBe(102);
    expect(out.timestamp).toBe(160 + 800);
    out.map(6, 4, 1159, 140, 1);
    expect([out.seq, out.timestamp]).toEqual([103, 1120]);
  });

  test("a restart of the same source (sequence jump) is also rebased", () => {
    const out = new OutgoingStream(1, 0, 0);
    out.map(5, 10, 0, 0, 1);
    expect(out.map(5, 40_000, 123_456, 20, 1)).toBe(true);
    expect(out.seq).toBe(1);
    expect(out.timestamp).toBe(160);
  });

  test("late packets keep their place without moving the line back", () => {
    const out = new OutgoingStream(1, 0, 0);
    out.map(5, 10, 1600, 0, 1);
    out.map(5, 12, 1920, 40, 1);
    out.map(5, 11, 1760, 45, 1);
    expect([out.seq, out.timestamp]).toEqual([1, 160]);
    out.map(5, 13, 2080, 60, 1);
    expect(out.seq).toBe(3);
  });

  test("box frames and forwarded packets share one line, with markers at each switch", () => {
    const out = new OutgoingStream(1, 65534, 2 ** 32 - 160);
    out.map(5, 1, 0, 0, 1);
    expect(out.next(160, 20)).toBe(true);
    expect([out.seq, out.timestamp]).toEqual([65535, 0]);
    expect(out.next(160, 40)).toBe(false);
    expect([out.seq, out.timestamp]).toEqual([0, 160]);
    out.rebase();
    expect(out.map(5, 4, 480, 60, 1)).toBe(true);
    expect([out.seq, out.timestamp]).toEqual([1, 320]);
  });

  test("timestamps scale when the legs' clock rates differ", () => {
    const out = new OutgoingStream(1, 0, 0, 16000);
    out.map(5, 1, 1000, 0, 2);
    out.map(5, 2, 1160, 20, 2);
    expect(out.timestamp).toBe(320);
  });
});
