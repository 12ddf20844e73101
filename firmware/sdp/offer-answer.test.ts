import { describe, expect, test } from "bun:test";
import { type AnswerOptions, createAnswer } from "./create-answer.ts";
import { createOffer } from "./create-offer.ts";
import { negotiate } from "./negotiate.ts";
import { parseSdp } from "./parse-sdp.ts";
import {
  ASTERISK_HOLD_OFFER,
  ASTERISK_OFFER,
  BARESIP_OFFER,
  GRANDSTREAM_OFFER,
  LINPHONE_OFFER,
  OLD_HOLD_OFFER,
  RFC5118_MULT_IP_IN_SDP,
  YEALINK_OFFER,
} from "./phone-offers.fixture.ts";
import { SdpSession } from "./sdp-session.ts";
import { serializeSdp } from "./serialize-sdp.ts";

function parse(text: string) {
  const result = parseSdp(text);
  if (!result.ok) throw new Error(result.error);
  return result.sdp;
}

const box: AnswerOptions = {
  address: "192.168.1.1",
  port: 20000,
  sessionId: "4000",
  sessionVersion: "4000",
  ptimeMs: 20,
};

function answerText(offerText: string, options: Partial<AnswerOptions> = {}): string {
  const result = createAnswer(parse(offerText), { ...box, ...options });
  if (!result.ok) throw new Error(result.reason);
  return serializeSdp(result.answer);
}

describe("createOffer", () => {
  test("default offer: G.711, G.722 and telephone-event 101, sendrecv", () => {
    const sdp = createOffer({
      address: "192.168.1.1",
      port: 20000,
      sessionId: "77",
      sessionVersion: "77",
    });
    expect(serializeSdp(sdp)).toBe(
      [
        "v=0",
        "o=- 77 77 IN IP4 192.168.1.1",
        "s=-",
        "c=IN IP4 192.168.1.1",
        "t=0 0",
        "m=audio 20000 RTP/AVP 0 8 9 101",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:9 G722/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-16",
        "a=sendrecv",
        "",
      ].join("\r\n"),
    );
  });

  test("IPv6 address, hold direction, opus and a=rtcp when not port + 1", () => {
    const sdp = createOffer({
      address: "2001:db8::1",
      port: 30000,
      rtcpPort: 30005,
      codecs: ["opus", "PCMA"],
      direction: "sendonly",
      sessionId: "5",
      sessionVersion: "6",
      ptimeMs: 20,
    });
    const text = serializeSdp(sdp);
    expect(text).toContain("o=- 5 6 IN IP6 2001:db8::1\r\ns=-\r\nc=IN IP6 2001:db8::1\r\n");
    expect(text).toContain("m=audio 30000 RTP/AVP 111 8 101\r\n");
    expect(text).toContain("a=rtpmap:111 opus/48000/2\r\na=fmtp:111 useinbandfec=1\r\n");
    expect(text).toContain("a=ptime:20\r\na=rtcp:30005\r\na=sendonly\r\n");
  });

  test("a dynamic payload type clash moves telephone-event to a free number", () => {
    const sdp = createOffer({
      address: "10.0.0.1",
      port: 4000,
      codecs: [
        { name: "AMR", clockRateHz: 8000, channels: 1, media: "audio", dynamicPayloadType: 101 },
      ],
      sessionId: "1",
      sessionVersion: "1",
    });
    expect(sdp.media[0]!.formats).toEqual(["101", "96"]);
  });

  test("our offer negotiates against itself", () => {
    const sdp = createOffer({
      address: "10.0.0.1",
      port: 4000,
      sessionId: "1",
      sessionVersion: "1",
    });
    const n = negotiate(parse(serializeSdp(sdp)), { codecs: ["G722", "PCMA"] });
    expect(n).toMatchObject({ ok: true, audio: { codecs: [{ name: "G722" }, { name: "PCMA" }] } });
  });
});

describe("createAnswer", () => {
  test("Yealink offer: one codec, telephone-event with the offerer's PT and fmtp", () => {
    expect(answerText(YEALINK_OFFER)).toBe(
      [
        "v=0",
        "o=- 4000 4000 IN IP4 192.168.1.1",
        "s=-",
        "c=IN IP4 192.168.1.1",
        "t=0 0",
        "m=audio 20000 RTP/AVP 0 101",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-15",
        "a=ptime:20",
        "a=sendrecv",
        "",
      ].join("\r\n"),
    );
  });

  test("all common codecs on request, in local order, offerer's numbers", () => {
    const text = answerText(BARESIP_OFFER, {
      codecs: ["PCMA", "opus", "G722"],
      allCommonCodecs: true,
    });
    expect(text).toContain("m=audio 20000 RTP/AVP 8 111 9 101\r\n");
    expect(text).toContain("a=rtpmap:111 opus/48000/2\r\n");
  });

  test("hold offer (sendonly) gets recvonly; old-style c=0.0.0.0 too", () => {
    expect(answerText(ASTERISK_HOLD_OFFER)).toContain("a=recvonly\r\n");
    expect(answerText(OLD_HOLD_OFFER)).toContain("a=recvonly\r\n");
  });

  test("inactive offer gets inactive", () => {
    const text = answerText(YEALINK_OFFER.replace("a=sendrecv", "a=inactive"));
    expect(text).toContain("a=inactive\r\n");
  });

  test("video rejected with port 0, m= count and order kept", () => {
    const text = answerText(LINPHONE_OFFER);
    const mLines = text.split("\r\n").filter((l) => l.startsWith("m="));
    expect(mLines).toEqual(["m=audio 20000 RTP/AVP 0 100", "m=video 0 RTP/AVP 96 97"]);
  });

  test("video accepted when allowed and a video port is given", () => {
    const result = createAnswer(parse(LINPHONE_OFFER), {
      ...box,
      video: ["H264"],
      videoPort: 20002,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.negotiation.video?.codecs[0]).toMatchObject({ payloadType: 97, name: "H264" });
    const text = serializeSdp(result.answer);
    expect(text).toContain("m=video 20002 RTP/AVP 97\r\na=rtpmap:97 H264/90000\r\n");
    expect(text).toContain("a=fmtp:97 profile-level-id=42801F\r\n");
  });

  test("unknown media and a second audio stream are rejected, first audio kept", () => {
    const offer = YEALINK_OFFER + "m=application 9 UDP/BFCP *\r\n" + "m=audio 11900 RTP/AVP 0\r\n";
    const mLines = answerText(offer)
      .split("\r\n")
      .filter((l) => l.startsWith("m="));
    expect(mLines).toEqual([
      "m=audio 20000 RTP/AVP 0 101",
      "m=application 0 UDP/BFCP *",
      "m=audio 0 RTP/AVP 0",
    ]);
  });

  test("a stream the offerer disabled stays disabled; the next audio is used", () => {
    const offer =
      YEALINK_OFFER.replace("m=audio 11798", "m=audio 0") + "m=audio 11900 RTP/AVP 8\r\n";
    const result = createAnswer(parse(offer), box);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.answer.media.map((m) => m.port)).toEqual([0, 20000]);
      expect(result.negotiation.audio.index).toBe(1);
    }
  });

  test("no common codec: no answer, the caller sends 488", () => {
    expect(createAnswer(parse(GRANDSTREAM_OFFER), { ...box, codecs: ["L16"] })).toEqual({
      ok: false,
      reason: "no-common-codec",
    });
  });

  test("answer timing equals the offer's and IPv6 local address is written as IP6", () => {
    const result = createAnswer(parse(RFC5118_MULT_IP_IN_SDP), { ...box, address: "2001:db8::2" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = serializeSdp(result.answer);
    expect(text).toContain("c=IN IP6 2001:db8::2\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0\r\n");
    expect(text).toContain("m=video 0 RTP/AVP 107\r\n");
  });
});

describe("hold and resume across re-INVITEs", () => {
  test("B2BUA answers hold recvonly, resume sendrecv, version bumps each change", () => {
    const session = new SdpSession({ sessionId: "4000" });
    const answerTo = (text: string) => {
      const result = createAnswer(parse(text), box);
      if (!result.ok) throw new Error(result.reason);
      return session.stamp(result.answer);
    };
    const initial = answerTo(ASTERISK_OFFER);
    const hold = answerTo(ASTERISK_HOLD_OFFER);
    const resumeOffer = ASTERISK_OFFER.replace("1686740186 1686740186", "1686740186 1686740188");
    const resume = answerTo(resumeOffer);
    expect([initial, hold, resume].map((a) => a.media[0]!.direction)).toEqual([
      "sendrecv",
      "recvonly",
      "sendrecv",
    ]);
    expect([initial, hold, resume].map((a) => a.origin.sessionVersion)).toEqual([
      "4000",
      "4001",
      "4002",
    ]);
    expect(SdpSession.unchanged(parse(ASTERISK_OFFER), parse(resumeOffer))).toBe(false);
  });
});

describe("SdpSession", () => {
  const offerAt = (port: number, direction: "sendrecv" | "sendonly" = "sendrecv") =>
    createOffer({ address: "192.168.1.1", port, direction, sessionId: "0", sessionVersion: "0" });

  test("keeps id, bumps version only when content changes (RFC 3264 §8)", () => {
    const session = new SdpSession({ sessionId: "1700000000", username: "pbx" });
    const first = session.stamp(offerAt(20000));
    expect(first.origin).toMatchObject({
      username: "pbx",
      sessionId: "1700000000",
      sessionVersion: "1700000000",
    });
    expect(session.stamp(offerAt(20000)).origin.sessionVersion).toBe("1700000000");
    const hold = session.stamp(offerAt(20000, "sendonly"));
    expect(hold.origin.sessionVersion).toBe("1700000001");
    const resume = session.stamp(offerAt(20000));
    expect(resume.origin.sessionVersion).toBe("1700000002");
    expect(resume.origin.sessionId).toBe("1700000000");
    expect(session.stamp(offerAt(20000)).origin.sessionVersion).toBe("1700000002");
  });

  test("versions beyond 2^53 are incremented exactly", () => {
    const session = new SdpSession({ sessionId: "1", sessionVersion: "971731711378798081" });
    session.stamp(offerAt(20000));
    expect(session.stamp(offerAt(20002)).origin.sessionVersion).toBe("971731711378798082");
  });

  test("unchanged() tells a peer's repeated SDP from a new one", () => {
    const a = parse(ASTERISK_HOLD_OFFER);
    expect(SdpSession.unchanged(a, parse(ASTERISK_HOLD_OFFER))).toBe(true);
    expect(
      SdpSession.unchanged(parse(ASTERISK_HOLD_OFFER.replace("1686740187", "1686740188")), a),
    ).toBe(false);
  });
});
