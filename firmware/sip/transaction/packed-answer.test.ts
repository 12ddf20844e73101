import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import type { SipRequest } from "../message/message.ts";
import { parseDatagram } from "../message/parser.ts";
import { createResponse } from "../message/response.ts";
import { serialize, wireForm } from "../message/serializer.ts";
import type { Flow, WireData } from "../transport/transport.ts";
import { packAnswer, unpackAnswer } from "./packed-answer.ts";
import { TransactionLayer } from "./transaction-layer.ts";

const udp: Flow = { protocol: "UDP", address: "192.0.2.7", port: 5062 };

/** A phone's REGISTER as it arrives, compact header names and all. */
const REGISTER = [
  "REGISTER sip:192.0.2.1 SIP/2.0",
  "v: SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK-524287-1---8a3bd0;rport",
  "Max-Forwards: 70",
  "Contact: <sip:1001@192.0.2.7:5062;rinstance=8c1d>",
  "To: <sip:1001@192.0.2.1>",
  'f: "Front desk" <sip:1001@192.0.2.1>;tag=5a4d1f1e',
  "i: ZjJkMDI0YzQ4OTk4YmI0ZDFjYTg2Mjg5OWVmNzNkNzQ",
  "CSeq: 2 REGISTER",
  "Expires: 120",
  "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE",
  "User-Agent: Z 5.6.1 v2.10.20.1",
  'Authorization: Digest username="1001",realm="pbx",nonce="abc",uri="sip:192.0.2.1",response="0123456789abcdef0123456789abcdef",algorithm=MD5',
  "Content-Length: 0",
  "",
  "",
].join("\r\n");

function parsed(text: string): SipRequest {
  const result = parseDatagram(Buffer.from(text));
  if (!result.ok || result.message.kind !== "request") throw new Error("unparsable");
  return result.message;
}

/** What the store holds and hands back: the kept form as bytes. */
function stored(kept: WireData): Uint8Array {
  return typeof kept === "string" ? Buffer.from(kept) : kept;
}

/** What a transport would put on the wire. */
function wire(data: WireData): string {
  return Buffer.from(data).toString();
}

/** The registrar's answer: the request's echo, a To tag, then its own headers. */
function registrarOk(request: SipRequest) {
  const response = createResponse(request, 200, { toTag: "b7e5c1" });
  response.headers.add("contact", "<sip:1001@192.0.2.7:5062;rinstance=8c1d>;expires=120");
  response.headers.add("date", "Sat, 05 Dec 2026 22:30:00 GMT");
  return response;
}

describe("packed answers (Timer J keeps what a retransmission does not bring again)", () => {
  test("a registrar's 200 OK comes back byte for byte from its retransmitted REGISTER", () => {
    const response = registrarOk(parsed(REGISTER));
    const bytes = serialize(response);
    const kept = stored(
      packAnswer(parsed(REGISTER), 200, response.headers.get("to"), wireForm(response)),
    );
    // Via, From, To, Call-ID and CSeq are not kept: well under half the answer.
    expect(kept.length).toBeLessThan(bytes.length / 2);
    expect(wire(unpackAnswer(kept, parsed(REGISTER)))).toBe(bytes.toString());
  });

  test("Record-Route of a 2xx and an in-dialog To with its tag are put back", () => {
    const withRoute = REGISTER.replace(
      "Max-Forwards: 70",
      "Record-Route: <sip:192.0.2.9;lr>\r\nMax-Forwards: 70",
    ).replace("To: <sip:1001@192.0.2.1>", "To: <sip:1001@192.0.2.1>;tag=dlg-1");
    const request = parsed(withRoute);
    const response = createResponse(request, 202, { toTag: "ignored" });
    response.headers.add("expires", "60");
    const bytes = serialize(response);
    expect(bytes.toString()).toContain("Record-Route: <sip:192.0.2.9;lr>");
    const kept = stored(packAnswer(request, 202, response.headers.get("to"), wireForm(response)));
    expect(kept.length).toBeLessThan(bytes.length / 2);
    expect(wire(unpackAnswer(kept, parsed(withRoute)))).toBe(bytes.toString());
  });

  test("an answer with a body is kept whole, byte for byte", () => {
    const request = parsed(REGISTER);
    const response = createResponse(request, 200, { toTag: "t1", body: Buffer.from([0xff, 0]) });
    response.headers.add("content-type", "application/octet-stream");
    const bytes = serialize(response);
    const kept = stored(packAnswer(request, 200, response.headers.get("to"), wireForm(response)));
    expect(kept.length).toBe(bytes.length + 1);
    expect(Buffer.from(unpackAnswer(kept, parsed(REGISTER))).equals(bytes)).toBe(true);
  });

  test("an answer that does not repeat the request as createResponse does is kept whole", () => {
    const request = parsed(REGISTER);
    const response = registrarOk(request);
    response.headers.set("call-id", "another-call");
    const bytes = serialize(response);
    const kept = stored(packAnswer(request, 200, response.headers.get("to"), wireForm(response)));
    expect(kept.length).toBe(bytes.length + 1);
    expect(wire(unpackAnswer(kept, parsed(REGISTER)))).toBe(bytes.toString());
  });

  test("the transaction layer answers a retransmission during Timer J with the same bytes", () => {
    const clock = new ManualClock();
    const sent: string[] = [];
    const layer = new TransactionLayer(clock, (data) => {
      sent.push(Buffer.from(data).toString());
      return true;
    });
    const request = parsed(REGISTER);
    layer.createServer(request, udp).respond(registrarOk(request));
    clock.advance(1000);
    expect(layer.absorbRetransmission(parsed(REGISTER), udp)).toBe(true);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]!);
    expect(sent[0]).toContain("To: <sip:1001@192.0.2.1>;tag=b7e5c1\r\n");
  });
});
