import { describe, expect, test } from "bun:test";
import { type AcceptedStream, negotiate } from "./negotiate.ts";
import { parseSdp } from "./parse-sdp.ts";
import {
  ASTERISK_HOLD_OFFER,
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

function offer(text: string) {
  const result = parseSdp(text);
  if (!result.ok) throw new Error(result.error);
  return result.sdp;
}

function audioOf(text: string, prefs: Parameters<typeof negotiate>[1] = {}): AcceptedStream {
  const n = negotiate(offer(text), prefs);
  if (!n.ok) throw new Error(n.reason);
  return n.audio;
}

describe("negotiate: codec choice", () => {
  test("local preference order wins by default: Asterisk offers PCMA first, we pick PCMU", () => {
    const audio = audioOf(ASTERISK_OFFER, { codecs: ["PCMU", "PCMA"] });
    expect(audio.codecs.map((c) => c.name)).toEqual(["PCMU", "PCMA"]);
    expect(audio.codecs[0]!.payloadType).toBe(0);
  });

  test("order: remote follows the offerer's m= order", () => {
    const audio = audioOf(ASTERISK_OFFER, { codecs: ["PCMU", "PCMA"], order: "remote" });
    expect(audio.codecs[0]!.name).toBe("PCMA");
  });

  test("G.722 preferred and offered by Grandstream", () => {
    const audio = audioOf(GRANDSTREAM_OFFER, { codecs: ["G722", "PCMU"] });
    expect(audio.codecs[0]).toEqual({
      payloadType: 9,
      name: "G722",
      clockRateHz: 8000,
      channels: 1,
    });
  });

  test("opus matched by name, rate and channels, with the offerer's PT and fmtp", () => {
    const audio = audioOf(GRANDSTREAM_OFFER, { codecs: ["opus", "PCMU"] });
    expect(audio.codecs[0]!.payloadType).toBe(123);
    expect(audio.codecs[0]!.fmtp).toContain("useinbandfec=1");
  });

  test("telephone-event: the payload type the remote uses is reported", () => {
    expect(audioOf(YEALINK_OFFER).telephoneEvent?.payloadType).toBe(101);
    expect(audioOf(BARESIP_OFFER).telephoneEvent?.fmtp).toBe("0-15");
    expect(audioOf(YEALINK_OFFER, { telephoneEvent: false }).telephoneEvent).toBeUndefined();
  });

  test("Linphone: telephone-event at 8 kHz chosen for PCMU among 48k/16k/8k", () => {
    const audio = audioOf(LINPHONE_OFFER);
    expect(audio.codecs[0]!.name).toBe("PCMU");
    expect(audio.telephoneEvent).toEqual({
      payloadType: 100,
      name: "telephone-event",
      clockRateHz: 8000,
      channels: 1,
    });
  });

  test("codec mismatch gives no-common-codec", () => {
    const n = negotiate(offer(GRANDSTREAM_OFFER), { codecs: ["L16/16000"] });
    expect(n.ok).toBe(false);
    if (!n.ok) expect(n.reason).toBe("no-common-codec");
  });

  test("a disabled first audio stream does not hide the codec mismatch of the second", () => {
    const text =
      YEALINK_OFFER.replace("m=audio 11798", "m=audio 0") + "m=audio 11900 RTP/AVP 18\r\n";
    expect(negotiate(offer(text))).toMatchObject({ ok: false, reason: "no-common-codec" });
    expect(negotiate(offer(text.replace(" 18\r\n", " 8\r\n")))).toMatchObject({ ok: true });
  });

  test("telephone-event alone is not a codec", () => {
    const n = negotiate(offer(YEALINK_OFFER), { codecs: ["telephone-event", "L16"] });
    expect(n).toMatchObject({ ok: false, reason: "no-common-codec" });
  });

  test("RTP/SAVP is refused unless allowed", () => {
    expect(negotiate(offer(YEALINK_SRTP_OFFER))).toMatchObject({
      ok: false,
      reason: "unsupported-proto",
    });
    expect(audioOf(YEALINK_SRTP_OFFER, { protos: ["RTP/AVP", "RTP/SAVP"] }).proto).toBe("RTP/SAVP");
  });
});

describe("negotiate: remote address, RTCP and direction", () => {
  test("remote RTP and RFC 3605 RTCP address/port", () => {
    expect(audioOf(BARESIP_OFFER).remote).toEqual({
      addrType: "IP4",
      address: "192.168.1.50",
      port: 10520,
      rtcpAddress: "192.168.1.50",
      rtcpPort: 10521,
    });
    expect(audioOf(YEALINK_OFFER).remote.rtcpPort).toBe(11799);
  });

  test("media-level c= beats the session's (RFC 5118 §4.8)", () => {
    const audio = audioOf(RFC5118_MULT_IP_IN_SDP);
    expect(audio.remote.address).toBe("192.0.2.1");
    expect(audio.remote.port).toBe(22334);
  });

  test("a re-INVITE with a=sendonly is hold: answer recvonly", () => {
    const audio = audioOf(ASTERISK_HOLD_OFFER);
    expect(audio.remoteDirection).toBe("sendonly");
    expect(audio.direction).toBe("recvonly");
  });

  test("old-style hold c=0.0.0.0 reads as sendonly", () => {
    const audio = audioOf(OLD_HOLD_OFFER);
    expect(audio.remoteDirection).toBe("sendonly");
    expect(audio.direction).toBe("recvonly");
  });

  test("session-level direction applies when the m= section has none", () => {
    const text = YEALINK_OFFER.replace("a=sendrecv\r\n", "").replace(
      "t=0 0",
      "t=0 0\r\na=inactive",
    );
    expect(audioOf(text).remoteDirection).toBe("inactive");
    expect(audioOf(text).direction).toBe("inactive");
  });

  test("media-level direction overrides the session-level one", () => {
    const text = YEALINK_OFFER.replace("t=0 0", "t=0 0\r\na=inactive");
    expect(audioOf(text).remoteDirection).toBe("sendrecv");
  });

  test("a local hold turns an offered sendrecv into a sendonly answer", () => {
    expect(audioOf(ASTERISK_OFFER, { direction: "sendonly" }).direction).toBe("sendonly");
    expect(audioOf(ASTERISK_HOLD_OFFER, { direction: "sendonly" }).direction).toBe("inactive");
  });
});

describe("negotiate: RFC 5118 IPv6 offers", () => {
  test("§4.6: G.726 only, so no common codec with the default list", () => {
    expect(negotiate(offer(RFC5118_IPV6_IN_SDP))).toMatchObject({
      ok: false,
      reason: "no-common-codec",
    });
  });

  test("§4.6 with a G726-32 capable side: IPv6 remote address, video rejected", () => {
    const n = negotiate(offer(RFC5118_IPV6_IN_SDP), { codecs: ["G726-32/8000"] });
    expect(n.ok).toBe(true);
    if (!n.ok) return;
    expect(n.audio.remote).toMatchObject({ addrType: "IP6", address: "2001:db8::20", port: 6000 });
    expect(n.audio.codecs[0]!.payloadType).toBe(2);
    expect(n.streams[1]).toEqual({
      index: 1,
      type: "video",
      accepted: false,
      reason: "unsupported-media",
    });
  });

  test("§4.9: IPv4-mapped address reported as given", () => {
    const audio = audioOf(RFC5118_IPV4_MAPPED_IPV6, { codecs: ["G726-32/8000"] });
    expect(audio.remote.address).toBe("::ffff:192.0.2.2");
  });
});
