import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { type IncomingRequest, SipStack } from "../core/sip-stack.ts";
import { Dialog } from "../dialog/dialog.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";
import { parseDatagram } from "../message/parser.ts";
import { T1_MS, TIMEOUT_64T1_MS } from "../transaction/timer-values.ts";
import { LoopTransport } from "../transport/loop-transport.ts";
import type { Flow } from "../transport/transport.ts";
import { prackFor, ReliableProvisionals, requires100rel } from "./reliable-provisionals.ts";

const PHONE: Flow = { protocol: "UDP", address: "192.0.2.5", port: 5062 };

function request(method: string, cseq: number, extra: string[] = []): string {
  return `${[
    `${method} sip:102@192.0.2.1 SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.5:5062;branch=z9hG4bK${method}${cseq}`,
    "From: <sip:101@192.0.2.1>;tag=phone1",
    `To: <sip:102@192.0.2.1>${method === "INVITE" ? "" : ";tag=box1"}`,
    "Call-ID: rel-1@192.0.2.5",
    `CSeq: ${cseq} ${method}`,
    "Contact: <sip:101@192.0.2.5:5062>",
    "Max-Forwards: 70",
    ...extra,
  ].join("\r\n")}\r\nContent-Length: 0\r\n\r\n`;
}

function setup(inviteHeaders = ["Require: 100rel", "Supported: 100rel"]) {
  const clock = new ManualClock();
  const loop = new LoopTransport("UDP", "192.0.2.1", 5060);
  const stack = new SipStack({ clock, supported: ["100rel", "timer"] });
  loop.sink = stack;
  stack.addTransport(loop);
  let invite: IncomingRequest | undefined;
  let gaveUp = 0;
  let reliable: ReliableProvisionals | undefined;
  stack.on("INVITE", {
    handle: (incoming) => {
      invite = incoming;
    },
  });
  stack.on("PRACK", { handle: (incoming) => reliable?.prack(incoming) });
  loop.deliver(request("INVITE", 1, inviteHeaders), PHONE);
  if (!invite) throw new Error("no INVITE");
  reliable = new ReliableProvisionals(clock, invite, () => gaveUp++);
  /** Responses the box sent since the last call, the INVITE's 100 Trying left out. */
  const responses = (): SipResponse[] =>
    loop.take().flatMap((d) => {
      const parsed = parseDatagram(d.data);
      return parsed.ok && parsed.message.kind === "response" && parsed.message.status > 100
        ? [parsed.message]
        : [];
    });
  return {
    clock,
    invite,
    reliable,
    responses,
    gaveUp: () => gaveUp,
    prack: (cseq: number, rack: string) =>
      loop.deliver(request("PRACK", cseq, [`RAck: ${rack}`]), PHONE),
  };
}

describe("reliable provisional responses, UAS side (RFC 3262 §3)", () => {
  test("an INVITE with Require: 100rel asks for them; Supported alone does not", () => {
    expect(requires100rel(setup().invite)).toBe(true);
    expect(requires100rel(setup(["Supported: 100rel"]).invite)).toBe(false);
  });

  test("the provisional carries Require and RSeq, its own headers and body", () => {
    const s = setup();
    s.reliable.send(183, {
      headers: [["contact", "<sip:pbx@192.0.2.1>"]],
      body: Buffer.from("v=0 early"),
      contentType: "application/sdp",
    });
    const [early] = s.responses();
    expect(early?.status).toBe(183);
    expect(early?.headers.get("contact")).toBe("<sip:pbx@192.0.2.1>");
    expect(early?.headers.get("require")).toBe("100rel");
    expect(early?.headers.get("rseq")).toBe("1");
    expect(Buffer.from(early!.body).toString()).toBe("v=0 early");
  });

  test("retransmitted at T1, doubling, until the PRACK naming its RSeq; one at a time", () => {
    const s = setup();
    expect(s.reliable.send(180)).toBe(true);
    expect(s.responses()).toHaveLength(1);
    expect(s.reliable.send(180)).toBe(false);
    expect(s.responses()).toHaveLength(0);
    s.clock.advance(T1_MS);
    expect(s.responses().map((r) => r.headers.get("rseq"))).toEqual(["1"]);
    s.clock.advance(2 * T1_MS - 1);
    expect(s.responses()).toHaveLength(0);
    s.clock.advance(1);
    expect(s.responses()).toHaveLength(1);
    // A PRACK for another RSeq is 481 and changes nothing.
    s.prack(2, "9 1 INVITE");
    expect(s.responses().map((r) => [r.status, r.cseq?.method])).toEqual([[481, "PRACK"]]);
    expect(s.reliable.pending).toBe(true);
    s.prack(3, "1 1 INVITE");
    expect(s.responses().map((r) => [r.status, r.cseq?.method])).toEqual([[200, "PRACK"]]);
    expect(s.reliable.pending).toBe(false);
    s.clock.advance(TIMEOUT_64T1_MS);
    expect(s.responses()).toHaveLength(0);
    // The next one takes the next RSeq.
    s.reliable.send(183);
    expect(s.responses().map((r) => r.headers.get("rseq"))).toEqual(["2"]);
    expect(s.gaveUp()).toBe(0);
  });

  test("no PRACK within 64*T1: the user hears it 64*T1 after the first send (RFC 3262 §3)", () => {
    const s = setup();
    s.reliable.send(180);
    // Sent at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s; given up at 64*T1 = 32 s, not when the
    // next retransmission would be due (63.5 s).
    s.clock.advance(31_500);
    expect(s.responses()).toHaveLength(7);
    s.clock.advance(TIMEOUT_64T1_MS - 31_500 - 1);
    expect(s.gaveUp()).toBe(0);
    s.clock.advance(1);
    expect(s.gaveUp()).toBe(1);
    expect(s.reliable.pending).toBe(false);
    s.clock.advance(TIMEOUT_64T1_MS);
    expect(s.responses()).toHaveLength(0);
  });

  test("stop() ends the retransmissions (the final response went out)", () => {
    const s = setup();
    s.reliable.send(180);
    s.reliable.stop();
    s.clock.advance(TIMEOUT_64T1_MS);
    expect(s.responses()).toHaveLength(1);
    expect(s.gaveUp()).toBe(0);
  });
});

describe("reliable provisional responses, UAC side (RFC 3262 §4, §7.2)", () => {
  const parse = (lines: string[]) => {
    const parsed = parseDatagram(Buffer.from(`${lines.join("\r\n")}\r\nContent-Length: 0\r\n\r\n`));
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.message;
  };
  const invite = parse([
    "INVITE sip:102@192.0.2.5:5062 SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKout",
    "From: <sip:101@192.0.2.1>;tag=box1",
    "To: <sip:102@192.0.2.1>",
    "Call-ID: out-1@192.0.2.1",
    "CSeq: 5 INVITE",
    "Max-Forwards: 70",
  ]) as SipRequest;
  const ringing = (...extra: string[]) =>
    parse([
      "SIP/2.0 180 Ringing",
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKout",
      "From: <sip:101@192.0.2.1>;tag=box1",
      "To: <sip:102@192.0.2.1>;tag=phone9",
      "Call-ID: out-1@192.0.2.1",
      "CSeq: 5 INVITE",
      "Contact: <sip:102@192.0.2.5:5062>",
      ...extra,
    ]) as SipResponse;
  const local = { sentBy: "192.0.2.1:5060", contact: "<sip:pbx@192.0.2.1:5060>" };

  test("a reliable provisional gets a PRACK in its early dialog, RAck naming RSeq and CSeq", () => {
    const response = ringing("Require: 100rel", "RSeq: 7");
    const dialog = Dialog.asUac(invite, response, PHONE, local);
    const prack = prackFor(dialog, response, 5);
    expect(prack?.method).toBe("PRACK");
    expect(prack?.headers.get("rack")).toBe("7 5 INVITE");
    expect(prack?.uri).toBe("sip:102@192.0.2.5:5062");
    expect(prack?.to?.params.get("tag")).toBe("phone9");
    expect(prack?.cseq?.seq).toBe(6);
  });

  test("an unreliable provisional, or one without RSeq, gets none", () => {
    const plain = ringing();
    expect(prackFor(Dialog.asUac(invite, plain, PHONE, local), plain, 5)).toBeUndefined();
    const noRseq = ringing("Require: 100rel");
    expect(prackFor(Dialog.asUac(invite, noRseq, PHONE, local), noRseq, 5)).toBeUndefined();
  });
});
