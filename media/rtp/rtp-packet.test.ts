import { describe, expect, test } from "bun:test";
import { parseRtpPacket, type RtpPacket, serializeRtpPacket } from "./rtp-packet.ts";

// A PCMU packet as a phone sends it: V=2, PT 0, seq 0x1234, ts 0xdeadbeef, SSRC 0x01020304.
const WIRE = Uint8Array.of(
  0x80,
  0x00,
  0x12,
  0x34,
  0xde,
  0xad,
  0xbe,
  0xef,
  0x01,
  0x02,
  0x03,
  0x04,
  0xff,
  0xfe,
  0x7f,
);

describe("RTP packet", () => {
  test("parses the fixed header and payload of a captured packet", () => {
    const r = parseRtpPacket(WIRE);
    if (!r.ok) throw new Error(r.error);
    expect(r.packet).toMatchObject({
      marker: false,
      payloadType: 0,
      sequenceNumber: 0x1234,
      timestamp: 0xdeadbeef,
      ssrc: 0x01020304,
      csrcs: [],
      paddingBytes: 0,
    });
    expect([...r.packet.payload]).toEqual([0xff, 0xfe, 0x7f]);
  });

  test("CSRCs, extension, marker and padding survive serialize then parse", () => {
    const packet: RtpPacket = {
      marker: true,
      payloadType: 101,
      sequenceNumber: 65535,
      timestamp: 0xffffffff,
      ssrc: 0xcafebabe,
      csrcs: [1, 0x80000000],
      extension: { profile: 0xbede, data: Uint8Array.of(0x10, 0xaa, 0, 0) },
      payload: Uint8Array.of(1, 2, 3, 4, 5),
      paddingBytes: 3,
    };
    const wire = serializeRtpPacket(packet);
    expect(wire.length).toBe(12 + 8 + 8 + 5 + 3);
    expect(wire[0]).toBe(0x80 | 0x20 | 0x10 | 2);
    expect(wire[wire.length - 1]).toBe(3);
    const r = parseRtpPacket(wire);
    if (!r.ok) throw new Error(r.error);
    expect(r.packet.marker).toBe(true);
    expect(r.packet.csrcs).toEqual([1, 0x80000000]);
    expect(r.packet.extension?.profile).toBe(0xbede);
    expect([...(r.packet.extension?.data ?? [])]).toEqual([0x10, 0xaa, 0, 0]);
    expect([...r.packet.payload]).toEqual([1, 2, 3, 4, 5]);
    expect(r.packet.paddingBytes).toBe(3);
  });

  test("serializes into a caller's buffer without allocating a new one", () => {
    const out = new Uint8Array(1500);
    const r = parseRtpPacket(WIRE);
    if (!r.ok) throw new Error(r.error);
    const wire = serializeRtpPacket(r.packet, out);
    expect(wire.buffer).toBe(out.buffer);
    expect([...wire]).toEqual([...WIRE]);
  });

  test("garbage gives an error result, never an exception", () => {
    expect(parseRtpPacket(new Uint8Array(5))).toEqual({ ok: false, error: "too-short" });
    expect(parseRtpPacket(Uint8Array.of(0x40, ...WIRE.subarray(1)))).toEqual({
      ok: false,
      error: "bad-version",
    });
    const manyCsrc = Uint8Array.from(WIRE);
    manyCsrc[0] = 0x8f;
    expect(parseRtpPacket(manyCsrc)).toEqual({ ok: false, error: "truncated-csrc" });
    const badExt = Uint8Array.of(0x90, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0xbe, 0xde, 0, 9);
    expect(parseRtpPacket(badExt)).toEqual({ ok: false, error: "truncated-extension" });
    const badPad = Uint8Array.from(WIRE);
    badPad[0] = 0xa0;
    badPad[badPad.length - 1] = 200;
    expect(parseRtpPacket(badPad)).toEqual({ ok: false, error: "bad-padding" });
    let seed = 1;
    for (let i = 0; i < 2000; i++) {
      const junk = new Uint8Array(i % 40);
      for (let j = 0; j < junk.length; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        junk[j] = seed >>> 24;
      }
      expect(() => parseRtpPacket(junk)).not.toThrow();
    }
  });
});
