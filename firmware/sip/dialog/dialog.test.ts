import { describe, expect, test } from "bun:test";
import type { SipRequest, SipResponse } from "../message/message.ts";
import { parseDatagram } from "../message/parser.ts";
import type { Flow } from "../transport/transport.ts";
import { Dialog } from "./dialog.ts";
import { DialogTable } from "./dialog-table.ts";

const flow: Flow = { protocol: "UDP", address: "192.0.2.5", port: 5062 };
const local = { sentBy: "192.0.2.1:5060", contact: "<sip:pbx@192.0.2.1:5060>" };

function parse(text: string): SipRequest | SipResponse {
  const result = parseDatagram(Buffer.from(text.replaceAll("\n", "\r\n")));
  if (!result.ok) throw new Error(result.reason);
  return result.message;
}

const invite = parse(`INVITE sip:102@pbx SIP/2.0
Via: SIP/2.0/UDP 192.0.2.5:5062;branch=z9hG4bKaaa
Record-Route: <sip:p1.example;lr>, <sip:p2.example;lr>
From: "Alice" <sip:101@pbx>;tag=alice1
To: <sip:102@pbx>
Call-ID: call-1@192.0.2.5
CSeq: 7 INVITE
Contact: <sip:101@192.0.2.5:5062>
Content-Length: 0

`) as SipRequest;

describe("UAS dialog (RFC 3261 §12.1.1)", () => {
  test("takes the remote target from Contact, the route set in order, remote CSeq", () => {
    const dialog = Dialog.asUas(invite, "box1", flow, local);
    expect(dialog.remoteTarget).toBe("sip:101@192.0.2.5:5062");
    expect(dialog.routeSet).toEqual(["<sip:p1.example;lr>", "<sip:p2.example;lr>"]);
    expect(dialog.remoteSeq).toBe(7);
    const bye = dialog.createRequest("BYE");
    expect(bye.uri).toBe("sip:101@192.0.2.5:5062");
    expect(bye.headers.getAll("route")).toEqual(["<sip:p1.example;lr>", "<sip:p2.example;lr>"]);
    expect(bye.from?.params.get("tag")).toBe("box1");
    expect(bye.to?.params.get("tag")).toBe("alice1");
    expect(bye.to?.uri).toBe("sip:101@pbx");
    expect(bye.callId).toBe("call-1@192.0.2.5");
    expect(bye.headers.get("via")).toStartWith("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK");
  });

  test("a lower or repeated CSeq from the peer is refused (500), a higher one accepted", () => {
    const dialog = Dialog.asUas(invite, "box1", flow, local);
    const bye = (seq: number) =>
      parse(`BYE sip:pbx SIP/2.0
Via: SIP/2.0/UDP 192.0.2.5:5062;branch=z9hG4bKbbb${seq}
From: <sip:101@pbx>;tag=alice1
To: <sip:102@pbx>;tag=box1
Call-ID: call-1@192.0.2.5
CSeq: ${seq} BYE
Content-Length: 0

`) as SipRequest;
    expect(dialog.acceptRemoteSeq(bye(7))).toBe(false);
    expect(dialog.acceptRemoteSeq(bye(8))).toBe(true);
    const table = new DialogTable<string>();
    table.add(dialog, "leg-a");
    expect(table.find(bye(9))).toBe("leg-a");
  });
});

describe("UAC dialog (RFC 3261 §12.1.2)", () => {
  test("reverses the route set, counts CSeq up, follows target refreshes", () => {
    const ours = parse(`INVITE sip:102@192.0.2.9:5070 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKccc
From: <sip:101@pbx>;tag=box2
To: <sip:102@pbx>
Call-ID: out-1@pbx
CSeq: 1 INVITE
Content-Length: 0

`) as SipRequest;
    const ok = parse(`SIP/2.0 200 OK
Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKccc
Record-Route: <sip:p2.example;lr>, <sip:p1.example;lr>
From: <sip:101@pbx>;tag=box2
To: <sip:102@pbx>;tag=bob7
Call-ID: out-1@pbx
CSeq: 1 INVITE
Contact: <sip:102@192.0.2.9:5070>
Content-Length: 0

`) as SipResponse;
    const dialog = Dialog.asUac(ours, ok, flow, local);
    expect(dialog.state).toBe("confirmed");
    expect(dialog.routeSet).toEqual(["<sip:p1.example;lr>", "<sip:p2.example;lr>"]);
    const ack = dialog.createRequest("ACK", { cseq: 1 });
    expect(ack.cseq).toEqual({ seq: 1, method: "ACK" });
    const reinvite = dialog.createRequest("INVITE");
    expect(reinvite.cseq?.seq).toBe(2);
    expect(reinvite.headers.get("contact")).toBe(local.contact);
    expect(reinvite.to?.params.get("tag")).toBe("bob7");
    dialog.refreshTarget(
      parse(`SIP/2.0 200 OK
Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKddd
From: <sip:101@pbx>;tag=box2
To: <sip:102@pbx>;tag=bob7
Call-ID: out-1@pbx
CSeq: 2 INVITE
Contact: <sip:102@198.51.100.3:6000>
Content-Length: 0

`) as SipResponse,
    );
    expect(dialog.createRequest("BYE").uri).toBe("sip:102@198.51.100.3:6000");
  });

  test("a strict router gets the Request-URI and the target goes last in Route", () => {
    const uas = parse(`INVITE sip:102@pbx SIP/2.0
Via: SIP/2.0/UDP 192.0.2.5:5062;branch=z9hG4bKeee
Record-Route: <sip:strict.example>
From: <sip:101@pbx>;tag=a
To: <sip:102@pbx>
Call-ID: c2
CSeq: 1 INVITE
Contact: <sip:101@192.0.2.5>
Content-Length: 0

`) as SipRequest;
    const bye = Dialog.asUas(uas, "b", flow, local).createRequest("BYE");
    expect(bye.uri).toBe("sip:strict.example");
    expect(bye.headers.getAll("route")).toEqual(["<sip:101@192.0.2.5>"]);
  });
});
