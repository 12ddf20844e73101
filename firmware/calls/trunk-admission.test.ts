import { describe, expect, test } from "bun:test";
import type { Binding } from "../registrar/binding-store.ts";
import type { SipRequest } from "../sip/message/message.ts";
import { parseDatagram } from "../sip/message/parser.ts";
import type { Flow } from "../sip/transport/transport.ts";
import { admitTrunkInvite, type TrunkSource } from "./trunk-admission.ts";

const carrier: TrunkSource = { id: 4, name: "Carrier", codecs: ["PCMA"], dtmfMode: "rfc4733" };
const fromCarrier: Flow = { protocol: "UDP", address: "203.0.113.5", port: 5060 };

function invite(
  requestUri: string,
  to: string,
  from = '"Zhang San" <sip:13800138000@x>',
): SipRequest {
  const text = [
    `INVITE ${requestUri} SIP/2.0`,
    "Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bKtrunk1",
    "Max-Forwards: 70",
    `From: ${from};tag=t1`,
    `To: ${to}`,
    "Call-ID: trunk-call-1",
    "CSeq: 1 INVITE",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  const parsed = parseDatagram(Buffer.from(text));
  if (!parsed.ok || parsed.message.kind !== "request") throw new Error("bad test message");
  return parsed.message;
}

const options = (bindings: Record<string, Flow[]> = {}) => ({
  trunkFrom: (address: string) => (address === "203.0.113.5" ? carrier : undefined),
  bindings: {
    get: (extension: string) =>
      (bindings[extension] ?? []).map((flow) => ({ extension, flow }) as unknown as Binding),
  },
});

describe("trunk INVITE admission", () => {
  test("an INVITE from the trunk's address is the trunk's call, its DID the Request-URI user", () => {
    const call = admitTrunkInvite(
      invite("sip:02161234567@192.0.2.1", "<sip:other@192.0.2.1>"),
      fromCarrier,
      options(),
    );
    expect(call).toEqual({
      trunk: carrier,
      did: "02161234567",
      caller: {
        number: "13800138000",
        displayName: "Zhang San",
        codecs: ["PCMA"],
        dtmfMode: "rfc4733",
        internal: false,
      },
    });
  });

  test("without a user in the Request-URI the DID is the To user; escapes are undone", () => {
    const call = admitTrunkInvite(
      invite("sip:192.0.2.1", "<sip:%2B862161234567@192.0.2.1>"),
      fromCarrier,
      options(),
    );
    expect(call?.did).toBe("+862161234567");
  });

  test("an address that is no trunk is not admitted (the phone's digest flow takes it)", () => {
    const other = { ...fromCarrier, address: "198.51.100.99" };
    expect(admitTrunkInvite(invite("sip:101@192.0.2.1", "<sip:101@x>"), other, options())).toBe(
      undefined,
    );
  });

  test("a phone registered from exactly that address and port is a phone, not the trunk", () => {
    const phone = invite("sip:102@192.0.2.1", "<sip:102@x>", "<sip:101@192.0.2.1>");
    expect(admitTrunkInvite(phone, fromCarrier, options({ "101": [fromCarrier] }))).toBe(undefined);
    // Registered from another port of that host: the INVITE on the trunk's port is the trunk's.
    const elsewhere = options({ "101": [{ ...fromCarrier, port: 5070 }] });
    expect(admitTrunkInvite(phone, fromCarrier, elsewhere)?.trunk).toBe(carrier);
  });

  test("a withheld caller is anonymous", () => {
    const call = admitTrunkInvite(
      invite("sip:8000@192.0.2.1", "<sip:8000@x>", "<sip:192.0.2.99>"),
      fromCarrier,
      options(),
    );
    expect(call?.caller.number).toBe("anonymous");
  });
});
