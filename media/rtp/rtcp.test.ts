import { describe, expect, test } from "bun:test";
import { buildRtcpCompound } from "./rtcp-build.ts";
import { RTCP_APP, type RtcpPacket, SDES_CNAME, SDES_TOOL } from "./rtcp-packet.ts";
import { parseRtcpCompound } from "./rtcp-parse.ts";

const report = {
  ssrc: 0x11223344,
  fractionLost: 25,
  cumulativeLost: -2,
  extendedHighestSeq: 0x0001_0005,
  jitter: 37,
  lastSr: 0xaabbccdd,
  delaySinceLastSr: 65536,
};

describe("RTCP compound packets", () => {
  test("SR + SDES + BYE build to the RFC 3550 layout and parse back", () => {
    const packets: RtcpPacket[] = [
      {
        type: "sr",
        ssrc: 0xdeadbeef,
        ntpSeconds: 3_900_000_000,
        ntpFraction: 0x80000000,
        rtpTimestamp: 123456,
        packetCount: 50,
        octetCount: 8000,
        reports: [report],
      },
      {
        type: "sdes",
        chunks: [
          {
            ssrc: 0xdeadbeef,
            items: [
              { type: SDES_CNAME, text: "pbx@192.0.2.1" },
              { type: SDES_TOOL, text: "分机" },
            ],
          },
        ],
      },
      { type: "bye", ssrcs: [0xdeadbeef], reason: "hangup" },
    ];
    const wire = buildRtcpCompound(packets);
    expect(wire.length % 4).toBe(0);
    // SR header: V=2, RC=1, PT=200, length = 12 words (52 bytes) - 1.
    expect([...wire.subarray(0, 4)]).toEqual([0x81, 200, 0, 12]);
    const parsed = parseRtcpCompound(wire);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.packets).toEqual(packets);
  });

  test("RR with no reports and a BYE without reason round-trip", () => {
    const packets: RtcpPacket[] = [
      { type: "rr", ssrc: 1, reports: [] },
      { type: "bye", ssrcs: [1, 2] },
    ];
    const wire = buildRtcpCompound(packets);
    expect([...wire.subarray(0, 8)]).toEqual([0x80, 201, 0, 1, 0, 0, 0, 1]);
    const parsed = parseRtcpCompound(wire);
    expect(parsed).toEqual({ ok: true, packets });
  });

  test("unknown packet types are kept opaque", () => {
    const wire = buildRtcpCompound([
      { type: "rr", ssrc: 9, reports: [report] },
      {
        type: "other",
        packetType: RTCP_APP,
        count: 3,
        body: Uint8Array.of(0, 0, 0, 9, 65, 66, 67, 68),
      },
    ]);
    const parsed = parseRtcpCompound(wire);
    if (!parsed.ok) throw new Error(parsed.error);
    const app = parsed.packets[1];
    expect(app?.type).toBe("other");
    if (app?.type === "other") {
      expect(app.packetType).toBe(RTCP_APP);
      expect(app.count).toBe(3);
      expect(app.body.length).toBe(8);
    }
  });

  test("a padded last packet is accepted; inconsistent lengths and versions are errors", () => {
    const rr = buildRtcpCompound([{ type: "rr", ssrc: 5, reports: [] }]);
    const padded = new Uint8Array(12);
    padded.set(rr);
    padded[0] = 0xa0;
    padded[3] = 2;
    padded[11] = 4;
    expect(parseRtcpCompound(padded)).toEqual({
      ok: true,
      packets: [{ type: "rr", ssrc: 5, reports: [] }],
    });
    const short = rr.slice(0, 6);
    expect(parseRtcpCompound(short)).toEqual({ ok: false, error: "bad-length" });
    const v1 = Uint8Array.from(rr);
    v1[0] = 0x40;
    expect(parseRtcpCompound(v1)).toEqual({ ok: false, error: "bad-version" });
    const lying = Uint8Array.from(rr);
    lying[0] = 0x81; // claims one report block it does not have
    expect(parseRtcpCompound(lying)).toEqual({ ok: false, error: "truncated-report" });
  });

  test("random bytes never throw", () => {
    let seed = 3;
    for (let i = 0; i < 2000; i++) {
      const junk = new Uint8Array(4 + (i % 60));
      for (let j = 0; j < junk.length; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        junk[j] = seed >>> 24;
      }
      junk[0] = 0x80 | (junk[0]! & 0x3f);
      expect(() => parseRtcpCompound(junk)).not.toThrow();
    }
  });
});
