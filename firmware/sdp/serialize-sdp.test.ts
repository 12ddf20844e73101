import { describe, expect, test } from "bun:test";
import { parseSdp } from "./parse-sdp.ts";
import {
  ASTERISK_OFFER,
  BARESIP_OFFER,
  GRANDSTREAM_OFFER,
  LINPHONE_OFFER,
  OLD_HOLD_OFFER,
  RFC5118_IPV4_MAPPED_IPV6,
  RFC5118_IPV6_IN_SDP,
  RFC5118_MULT_IP_IN_SDP,
  YEALINK_OFFER,
  YEALINK_SRTP_OFFER,
} from "./phone-offers.fixture.ts";
import { serializeSdp } from "./serialize-sdp.ts";

function mustParse(text: string) {
  const result = parseSdp(text);
  if (!result.ok) throw new Error(result.error);
  return result.sdp;
}

describe("serializeSdp", () => {
  const fixtures = {
    BARESIP_OFFER,
    YEALINK_OFFER,
    YEALINK_SRTP_OFFER,
    GRANDSTREAM_OFFER,
    LINPHONE_OFFER,
    ASTERISK_OFFER,
    OLD_HOLD_OFFER,
    RFC5118_IPV6_IN_SDP,
    RFC5118_MULT_IP_IN_SDP,
    RFC5118_IPV4_MAPPED_IPV6,
  };
  for (const [name, text] of Object.entries(fixtures)) {
    test(`${name} survives parse -> serialize -> parse`, () => {
      const once = mustParse(text);
      const written = serializeSdp(once);
      expect(mustParse(written)).toEqual(once);
      expect(written.endsWith("\r\n")).toBe(true);
      expect(written.split("\r\n").every((l) => !l.includes("\n"))).toBe(true);
    });
  }

  test("Asterisk offer is written back byte for byte", () => {
    expect(serializeSdp(mustParse(ASTERISK_OFFER))).toBe(ASTERISK_OFFER);
  });

  test("lines come out in RFC 8866 order whatever order they arrived in", () => {
    const scrambled = [
      "v=0",
      "o=- 1 1 IN IP4 10.0.0.1",
      "s=x",
      "a=recvonly",
      "t=0 0",
      "k=prompt",
      "b=CT:128",
      "c=IN IP4 224.2.36.42/127",
      "p=+1 617 555-6011",
      "e=j.doe@example.com",
      "u=http://www.example.com/seminars/sdp.pdf",
      "i=A Seminar",
      "z=2882844526 -1h",
      "r=7d 1h 0 25h",
      "m=audio 49170/2 RTP/AVP 0",
      "a=ptime:20",
      "b=AS:64",
      "c=IN IP6 FF15::101/3",
      "i=voice",
    ].join("\r\n");
    const written = serializeSdp(mustParse(scrambled));
    const letters = written
      .trimEnd()
      .split("\r\n")
      .map((l) => l[0])
      .join("");
    expect(letters).toBe("vosiuepcbtrzkamicba");
    expect(written).toContain("c=IN IP4 224.2.36.42/127\r\n");
    expect(written).toContain("c=IN IP6 FF15::101/3\r\n");
    expect(written).toContain("m=audio 49170/2 RTP/AVP 0\r\n");
    expect(written).toContain("a=recvonly\r\nm=");
  });

  test("rtpmap and fmtp are grouped per format in m= order, direction last", () => {
    const written = serializeSdp(mustParse(YEALINK_OFFER));
    const media = written.slice(written.indexOf("m=audio"));
    expect(media).toBe(
      [
        "m=audio 11798 RTP/AVP 0 8 18 9 101",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:18 G729/8000",
        "a=fmtp:18 annexb=no",
        "a=rtpmap:9 G722/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=ptime:20",
        "a=sendrecv",
        "",
      ].join("\r\n"),
    );
  });

  test("an empty session name is written as s=- (RFC 8866 §5.3 needs one character)", () => {
    expect(serializeSdp(mustParse(RFC5118_MULT_IP_IN_SDP))).toContain("\r\ns=-\r\n");
  });
});
