import { describe, expect, test } from "bun:test";
import { parseReferTo, parseReplaces, sipfrag } from "./refer-to.ts";

describe("parseReferTo", () => {
  test("a plain URI is a blind transfer to it", () => {
    const r = parseReferTo("<sip:103@192.0.2.1;user=phone>");
    expect(r.ok && r.kind).toBe("blind");
    if (r.ok) {
      expect(r.target.user).toBe("103");
      expect(r.target.host).toBe("192.0.2.1");
    }
  });

  test("an addr-spec without brackets is accepted", () => {
    const r = parseReferTo("sip:0123456@box");
    expect(r.ok && r.target.user).toBe("0123456");
  });

  test("a Replaces header in the URI makes it attended, %-decoded", () => {
    const r = parseReferTo("<sip:103@box?Replaces=abc%40host%3Bto-tag%3D7743%3Bfrom-tag%3D6472>");
    expect(r.ok && r.kind).toBe("attended");
    if (r.ok && r.kind === "attended") {
      expect(r.replaces).toEqual({
        callId: "abc@host",
        toTag: "7743",
        fromTag: "6472",
        earlyOnly: false,
      });
      expect(r.target.headers).toBeUndefined();
    }
  });

  test("other URI headers alone leave it blind", () => {
    const r = parseReferTo("<sip:103@box?Subject=hi>");
    expect(r.ok && r.kind).toBe("blind");
  });

  test("tel: and garbage are refused with a reason", () => {
    const tel = parseReferTo("<tel:+8610123>");
    expect(tel.ok).toBe(false);
    if (!tel.ok) expect(tel.reason).toContain("tel");
    expect(parseReferTo("<sip:103@box").ok).toBe(false);
    expect(parseReferTo("<sip:103@box?Replaces=abc%3Bto-tag%3D1>").ok).toBe(false);
    expect(parseReferTo("<sip:103@box?Replaces=%E0%A4%A>").ok).toBe(false);
  });
});

describe("parseReplaces", () => {
  test("reads call-id, both tags and early-only", () => {
    expect(
      parseReplaces("98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff;early-only"),
    ).toEqual({
      callId: "98732@sip.example.com",
      toTag: "ff87ff",
      fromTag: "r33th4x0r",
      earlyOnly: true,
    });
  });

  test("a missing tag or call-id is malformed", () => {
    expect(parseReplaces("abc;to-tag=1")).toBeUndefined();
    expect(parseReplaces(";to-tag=1;from-tag=2")).toBeUndefined();
    expect(parseReplaces("abc;to-tag=;from-tag=2")).toBeUndefined();
  });
});

test("sipfrag is a status line", () => {
  expect(sipfrag(100, "Trying")).toBe("SIP/2.0 100 Trying\r\n");
  expect(sipfrag(486, "Busy Here")).toBe("SIP/2.0 486 Busy Here\r\n");
});
