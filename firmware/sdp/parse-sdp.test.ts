import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { mediaCodecs } from "./codec.ts";
import { mediaDirection } from "./direction.ts";
import { parseSdp, type SdpErrorCode } from "./parse-sdp.ts";
import {
  BARESIP_OFFER,
  GRANDSTREAM_OFFER,
  LINPHONE_OFFER,
  RFC5118_IPV4_MAPPED_IPV6,
  RFC5118_IPV6_IN_SDP,
  RFC5118_MULT_IP_IN_SDP,
  YEALINK_OFFER,
} from "./phone-offers.fixture.ts";
import type { SessionDescription } from "./session-description.ts";

function parsed(text: string): SessionDescription {
  const result = parseSdp(text);
  if (!result.ok) throw new Error(`parse failed: ${result.error} at line ${result.line}`);
  return result.sdp;
}

describe("parseSdp on phone offers", () => {
  test("baresip: origin, connection, opus channels, rtcp port, unknown attributes kept", () => {
    const sdp = parsed(BARESIP_OFFER);
    expect(sdp.origin).toEqual({
      username: "-",
      sessionId: "3860186538",
      sessionVersion: "3860186538",
      netType: "IN",
      addrType: "IP4",
      address: "192.168.1.50",
    });
    expect(sdp.connection?.address).toBe("192.168.1.50");
    expect(sdp.attributes).toEqual([{ name: "tool", value: "baresip 3.10.1" }]);
    const audio = sdp.media[0]!;
    expect(audio.port).toBe(10520);
    expect(audio.formats).toEqual(["111", "9", "0", "8", "101"]);
    expect(audio.rtpmaps[0]).toEqual({
      payloadType: 111,
      encodingName: "opus",
      clockRateHz: 48000,
      channels: 2,
    });
    expect(audio.fmtps).toContainEqual({ format: "101", parameters: "0-15" });
    expect(audio.rtcp).toEqual({
      port: 10521,
      netType: "IN",
      addrType: "IP4",
      address: "192.168.1.50",
    });
    expect(audio.ptimeMs).toBe(20);
    expect(audio.bandwidths).toEqual([{ type: "AS", value: 64 }]);
    expect(audio.direction).toBe("sendrecv");
    expect(audio.attributes.map((a) => a.name)).toEqual(["label", "ssrc", "rtcp-rsize"]);
  });

  test("Yealink: G.729 fmtp and telephone-event fmtp before its rtpmap", () => {
    const audio = parsed(YEALINK_OFFER).media[0]!;
    const codecs = mediaCodecs(audio).map((c) => `${c.payloadType} ${c.name}/${c.clockRateHz}`);
    expect(codecs).toEqual([
      "0 PCMU/8000",
      "8 PCMA/8000",
      "18 G729/8000",
      "9 G722/8000",
      "101 telephone-event/8000",
    ]);
    expect(mediaCodecs(audio)[4]!.fmtp).toBe("0-15");
  });

  test("Grandstream: attributes after a=sendrecv still belong to the m= section", () => {
    const audio = parsed(GRANDSTREAM_OFFER).media[0]!;
    expect(audio.rtpmaps.find((r) => r.payloadType === 101)?.encodingName).toBe("telephone-event");
    expect(audio.fmtps.find((f) => f.format === "123")?.parameters).toContain("useinbandfec=1");
  });

  test("Linphone: two m= sections with the same PT number in each", () => {
    const sdp = parsed(LINPHONE_OFFER);
    expect(sdp.media.map((m) => `${m.type} ${m.port}`)).toEqual(["audio 7078", "video 9078"]);
    expect(mediaCodecs(sdp.media[1]!).map((c) => c.name)).toEqual(["VP8", "H264"]);
    expect(mediaCodecs(sdp.media[0]!)[0]!.name).toBe("opus");
  });

  test("LF-only line ends and trailing blanks are tolerated", () => {
    const sdp = parsed(YEALINK_OFFER.replaceAll("\r\n", " \n"));
    expect(sdp.media[0]!.formats).toHaveLength(5);
    expect(sdp.sessionName).toBe("SDP data");
  });

  test("a static payload type without rtpmap resolves through RFC 3551", () => {
    const sdp = parsed(RFC5118_MULT_IP_IN_SDP);
    expect(mediaCodecs(sdp.media[0]!)).toEqual([
      { payloadType: 0, name: "PCMU", clockRateHz: 8000, channels: 1 },
    ]);
  });
});

describe("parseSdp on RFC 5118 IPv6 bodies", () => {
  test("§4.6 c=IN IP6 without brackets", () => {
    const sdp = parsed(RFC5118_IPV6_IN_SDP);
    expect(sdp.connection).toEqual({ netType: "IN", addrType: "IP6", address: "2001:db8::20" });
    expect(sdp.origin.sessionId).toBe("971731711378798081");
    expect(sdp.timings).toEqual([{ start: "3338481189", stop: "3370017201", repeats: [] }]);
    expect(sdp.media.map((m) => m.rtpmaps[0]!.encodingName)).toEqual(["G726-32", "H263-1998"]);
  });

  test("§4.8 one stream on IPv4 and one on IPv6, no session-level c=", () => {
    const sdp = parsed(RFC5118_MULT_IP_IN_SDP);
    expect(sdp.connection).toBeUndefined();
    expect(sdp.media[0]!.connections[0]).toEqual({
      netType: "IN",
      addrType: "IP4",
      address: "192.0.2.1",
    });
    expect(sdp.media[1]!.connections[0]).toEqual({
      netType: "IN",
      addrType: "IP6",
      address: "2001:db8::1",
    });
    expect(sdp.origin.address).toBe("host.example.com");
  });

  test("§4.9 IPv4-mapped IPv6 address", () => {
    const sdp = parsed(RFC5118_IPV4_MAPPED_IPV6);
    expect(sdp.connection?.address).toBe("::ffff:192.0.2.2");
    expect(sdp.origin.addrType).toBe("IP6");
  });

  const corpus = "/work/shared/corpus/rfc5118";
  const files = ["ipv6-in-sdp.sip", "mult-ip-in-sdp.sip", "ipv4-mapped-ipv6.sip"];
  test.skipIf(!existsSync(corpus))(
    "wire corpus bodies: CL-fixed parse whole, LF-counted truncation does not throw",
    () => {
      for (const name of files) {
        for (const dir of [`${corpus}/wire-cl-fixed`, corpus]) {
          const message = readFileSync(`${dir}/${name}`, "latin1");
          const split = message.indexOf("\r\n\r\n");
          const length = Number(/Content-Length: (\d+)/.exec(message)![1]);
          const body = message.slice(split + 4, split + 4 + length);
          const result = parseSdp(body);
          if (dir.endsWith("wire-cl-fixed")) {
            expect(result.ok).toBe(true);
            if (result.ok) expect(result.sdp.media).toHaveLength(2);
          } else {
            expect(typeof result.ok).toBe("boolean");
          }
        }
      }
    },
  );
});

describe("parseSdp on malformed input returns an error value", () => {
  const cases: [string, string, SdpErrorCode][] = [
    ["missing v=", YEALINK_OFFER.replace("v=0\r\n", ""), "missing-version"],
    ["v=1", YEALINK_OFFER.replace("v=0", "v=1"), "bad-version"],
    [
      "m= with a non-numeric port",
      YEALINK_OFFER.replace("m=audio 11798", "m=audio abc"),
      "bad-media",
    ],
    ["m= with no formats", YEALINK_OFFER.replace("RTP/AVP 0 8 18 9 101", "RTP/AVP"), "bad-media"],
    ["m= with a port above 65535", YEALINK_OFFER.replace("11798", "70000"), "bad-media"],
    [
      "RTP format that is not a payload type",
      YEALINK_OFFER.replace("RTP/AVP 0 8", "RTP/AVP PCMU 8"),
      "bad-media",
    ],
    ["o= with five fields", YEALINK_OFFER.replace("o=- 20019 20019", "o=- 20019"), "bad-origin"],
    ["no o= at all", YEALINK_OFFER.replace(/o=[^\r]*\r\n/, ""), "missing-origin"],
    [
      "c= with two fields",
      YEALINK_OFFER.replace("c=IN IP4 192.168.1.101", "c=IN 192.168.1.101"),
      "bad-connection",
    ],
    [
      "IPv6 address declared IP4",
      YEALINK_OFFER.replace("IP4 192.168.1.101\r\nt", "IP4 2001:db8::1\r\nt"),
      "bad-connection",
    ],
    [
      "no c= anywhere",
      YEALINK_OFFER.replace("c=IN IP4 192.168.1.101\r\n", ""),
      "missing-connection",
    ],
    ["a line without =", YEALINK_OFFER.replace("s=SDP data", "s SDP data"), "bad-line"],
    ["empty body", "", "empty"],
    ["an HTML page", "<html><body>hello</body></html>", "missing-version"],
  ];
  for (const [name, text, error] of cases) {
    test(name, () => {
      const result = parseSdp(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toBe(error);
    });
  }

  test("never throws on mutated offers", () => {
    // Deterministic LCG so a failure reproduces.
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const alphabet = "v=om/:0123456789 \r\naIN IP46.-ctsb";
    for (const base of [BARESIP_OFFER, LINPHONE_OFFER, RFC5118_MULT_IP_IN_SDP]) {
      for (let i = 0; i < 500; i++) {
        const chars = [...base];
        for (let k = 0; k < 1 + (next() % 6); k++) {
          chars[next() % chars.length] = alphabet[next() % alphabet.length]!;
        }
        const result = parseSdp(chars.join(""));
        if (result.ok) {
          for (const m of result.sdp.media)
            expect(() => mediaDirection(result.sdp, m)).not.toThrow();
        }
      }
    }
    expect(parseSdp(undefined as unknown as string).ok).toBe(false);
  });

  test("a body above the size limit is refused without scanning it", () => {
    const result = parseSdp("v=0\r\n" + "a=x\r\n".repeat(20000));
    expect(result).toEqual({ ok: false, error: "too-large" });
  });
});
