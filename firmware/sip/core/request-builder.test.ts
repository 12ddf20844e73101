import { describe, expect, test } from "bun:test";
import { parseDatagram } from "../message/parser.ts";
import { serialize } from "../message/serializer.ts";
import { buildCancel, buildRequest } from "./request-builder.ts";

describe("CANCEL of a client INVITE (RFC 3261 §9.1)", () => {
  test("copies Request-URI, top Via, Route, Max-Forwards, From, To, Call-ID; CSeq method CANCEL", () => {
    const invite = buildRequest({
      method: "INVITE",
      uri: "sip:102@192.0.2.5:5062",
      to: "<sip:102@192.0.2.1>",
      from: '"Alice" <sip:101@192.0.2.1>',
      cseq: 4,
      protocol: "UDP",
      sentBy: "192.0.2.1:5060",
      contact: "<sip:101@192.0.2.1:5060>",
      body: Buffer.from("v=0 offer"),
      contentType: "application/sdp",
    });
    invite.headers.add("route", "<sip:proxy.example;lr>");
    invite.headers.add("via", "SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKsecond");
    const cancel = buildCancel(invite);
    expect(cancel.method).toBe("CANCEL");
    expect(cancel.uri).toBe(invite.uri);
    expect(cancel.headers.getAll("via")).toEqual([invite.headers.getAll("via")[0]!]);
    for (const name of ["route", "max-forwards", "from", "to", "call-id"])
      expect(cancel.headers.getAll(name)).toEqual(invite.headers.getAll(name));
    expect(cancel.cseq).toEqual({ seq: 4, method: "CANCEL" });
    expect(cancel.headers.has("contact")).toBe(false);
    expect(cancel.body.length).toBe(0);
    // What goes on the wire parses back as a valid CANCEL.
    const parsed = parseDatagram(serialize(cancel));
    expect(parsed.ok && parsed.message.kind === "request" && parsed.message.method).toBe("CANCEL");
  });
});
