import { beforeEach, describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { SipStack } from "../core/sip-stack.ts";
import { Dialog } from "../dialog/dialog.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";
import { parseDatagram } from "../message/parser.ts";
import { createResponse } from "../message/response.ts";
import { serialize } from "../message/serializer.ts";
import { T1_MS, TIMEOUT_64T1_MS } from "../transaction/timer-values.ts";
import { LoopTransport } from "../transport/loop-transport.ts";
import type { Flow } from "../transport/transport.ts";
import {
  ALLOW,
  InviteSession,
  type InviteSessionUser,
  type SessionLoss,
} from "./invite-session.ts";

const PHONE: Flow = { protocol: "UDP", address: "192.0.2.5", port: 5062 };
const LOCAL = { sentBy: "192.0.2.1:5060", contact: "<sip:pbx@192.0.2.1:5060>" };
const OFFER = "v=0 offer-from-phone";
const ANSWER = "v=0 answer-from-box";
const OUR_OFFER = "v=0 offer-from-box";

function text(lines: string[], body = ""): string {
  return `${lines.join("\r\n")}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** The phone's dialog-forming INVITE (CSeq 1), the box answering with tag "box1". */
const INVITE = (() => {
  const parsed = parseDatagram(
    Buffer.from(
      text([
        "INVITE sip:102@192.0.2.1 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.5:5062;branch=z9hG4bKinvite",
        "From: <sip:101@192.0.2.1>;tag=phone1",
        "To: <sip:102@192.0.2.1>",
        "Call-ID: call-1@192.0.2.5",
        "CSeq: 1 INVITE",
        "Contact: <sip:101@192.0.2.5:5062>",
        "Max-Forwards: 70",
      ]),
    ),
  );
  if (!parsed.ok || parsed.message.kind !== "request") throw new Error("bad fixture");
  return parsed.message;
})();

let branch = 0;

/** A request from the phone within the dialog. */
function fromPhone(
  method: string,
  cseq: number,
  options: { headers?: string[]; body?: string; contentType?: string } = {},
): string {
  return text(
    [
      `${method} sip:pbx@192.0.2.1:5060 SIP/2.0`,
      `Via: SIP/2.0/UDP 192.0.2.5:5062;branch=z9hG4bKin${++branch}`,
      "From: <sip:101@192.0.2.1>;tag=phone1",
      "To: <sip:102@192.0.2.1>;tag=box1",
      "Call-ID: call-1@192.0.2.5",
      `CSeq: ${cseq} ${method}`,
      "Contact: <sip:101@192.0.2.5:5062>",
      "Max-Forwards: 70",
      ...(options.contentType ? [`Content-Type: ${options.contentType}`] : []),
      ...(options.headers ?? []),
    ],
    options.body ?? "",
  );
}

type Event =
  | { kind: "bye" }
  | { kind: "info"; body: string }
  | { kind: "offer"; body: string }
  | { kind: "answered"; responsesSent: number }
  | { kind: "ack-answer"; body: string }
  | { kind: "lost"; cause: SessionLoss };

function setup(options: { role?: "uac" | "uas"; refuseOffer?: number } = {}) {
  const clock = new ManualClock();
  const loop = new LoopTransport("UDP", "192.0.2.1", 5060);
  const stack = new SipStack({ clock });
  loop.sink = stack;
  stack.addTransport(loop);
  const events: Event[] = [];
  const sent: (SipRequest | SipResponse)[] = [];
  const drain = () => {
    for (const d of loop.take()) {
      const parsed = parseDatagram(d.data);
      if (parsed.ok) sent.push(parsed.message);
    }
  };
  let handlesOther = false;
  const user: InviteSessionUser = {
    answerOffer(offer) {
      events.push({ kind: "offer", body: Buffer.from(offer).toString() });
      return options.refuseOffer
        ? { ok: false, status: options.refuseOffer }
        : { ok: true, answer: ANSWER };
    },
    offerAnswered() {
      drain();
      const finals = sent.filter((m) => m.kind === "response" && m.status >= 200);
      events.push({ kind: "answered", responsesSent: finals.length });
    },
    offer: () => OUR_OFFER,
    lastDescription: () => ANSWER,
    takeAnswer(answer) {
      events.push({ kind: "ack-answer", body: Buffer.from(answer).toString() });
    },
    byeReceived() {
      events.push({ kind: "bye" });
    },
    infoReceived(request) {
      events.push({ kind: "info", body: Buffer.from(request.body).toString() });
    },
    otherRequest(incoming) {
      if (!handlesOther) return false;
      incoming.respond(200);
      return true;
    },
    lost(cause) {
      events.push({ kind: "lost", cause });
    },
  };
  const context = {
    clock,
    request: stack.request.bind(stack),
    sendStateless: stack.sendStateless.bind(stack),
    local: () => LOCAL,
  };
  const session = new InviteSession(context, user, options.role ?? "uas");
  const dialog = Dialog.asUas(INVITE, "box1", PHONE, LOCAL);
  session.attach(dialog);
  const handler = { handle: session.handleRequest.bind(session) };
  for (const method of ["BYE", "INVITE", "UPDATE", "INFO", "PRACK", "OPTIONS"])
    stack.on(method, handler);
  stack.onAck = (ack) => session.handleAck(ack);

  const deliver = (message: string) => loop.deliver(message, PHONE);
  /** Everything the box sent since the last call, requests and responses. */
  const take = (): (SipRequest | SipResponse)[] => {
    drain();
    return sent.splice(0);
  };
  /** Final responses (the INVITE server transaction's 100 Trying left out). */
  const responses = () =>
    take().filter((m): m is SipResponse => m.kind === "response" && m.status >= 200);
  const requests = () => take().filter((m): m is SipRequest => m.kind === "request");
  /** The phone answers one of the box's requests. */
  const reply = (request: SipRequest, status: number, headers: [string, string][] = []) => {
    const response = createResponse(request, status);
    for (const [name, value] of headers) response.headers.add(name, value);
    loop.deliver(serialize(response), PHONE);
  };
  return {
    clock,
    session,
    dialog,
    events,
    deliver,
    responses,
    requests,
    reply,
    handleOther: () => {
      handlesOther = true;
    },
  };
}

describe("requests from the peer within the dialog (RFC 3261 §12.2.2)", () => {
  test("BYE is answered 200 and ends the session for the user", () => {
    const s = setup();
    s.session.establish();
    s.deliver(fromPhone("BYE", 2));
    const [ok] = s.responses();
    expect(ok?.status).toBe(200);
    expect(ok?.cseq?.method).toBe("BYE");
    expect(s.events).toEqual([{ kind: "bye" }]);
  });

  test("a lower or repeated CSeq gets 500 CSeq Out Of Order and reaches nobody", () => {
    const s = setup();
    s.session.establish();
    s.deliver(fromPhone("INFO", 5, { body: "Signal=1", contentType: "application/dtmf-relay" }));
    expect(s.responses().map((r) => r.status)).toEqual([200]);
    s.deliver(fromPhone("BYE", 5));
    s.deliver(fromPhone("BYE", 1));
    const refused = s.responses();
    expect(refused.map((r) => [r.status, r.reason])).toEqual([
      [500, "CSeq Out Of Order"],
      [500, "CSeq Out Of Order"],
    ]);
    expect(s.events).toEqual([{ kind: "info", body: "Signal=1" }]);
  });

  test("INFO is answered 200 and its body handed on", () => {
    const s = setup();
    s.deliver(fromPhone("INFO", 2, { body: "5", contentType: "application/dtmf" }));
    expect(s.responses().map((r) => r.status)).toEqual([200]);
    expect(s.events).toEqual([{ kind: "info", body: "5" }]);
  });

  test("a method the user does not take gets 405 with Allow; one it takes is its to answer", () => {
    const s = setup();
    s.deliver(fromPhone("OPTIONS", 2));
    const [refused] = s.responses();
    expect(refused?.status).toBe(405);
    expect(refused?.headers.get("allow")).toBe(ALLOW);
    s.handleOther();
    s.deliver(fromPhone("PRACK", 3, { headers: ["RAck: 1 1 INVITE"] }));
    expect(s.responses().map((r) => [r.status, r.cseq?.method])).toEqual([[200, "PRACK"]]);
  });
});

describe("offer and answer within the dialog (RFC 3264 §8, RFC 3311, RFC 3261 §14)", () => {
  test("a re-INVITE's offer gets the user's answer in the 200, then the user hears it went", () => {
    const s = setup();
    s.session.establish();
    s.deliver(fromPhone("INVITE", 2, { body: OFFER, contentType: "application/sdp" }));
    const [ok] = s.responses();
    expect(ok?.status).toBe(200);
    expect(ok?.headers.get("content-type")).toBe("application/sdp");
    expect(Buffer.from(ok!.body).toString()).toBe(ANSWER);
    expect(ok?.headers.get("contact")).toBe(LOCAL.contact);
    expect(ok?.headers.get("allow")).toBe(ALLOW);
    // The answer had gone out (one response) when the user was told.
    expect(s.events).toEqual([
      { kind: "offer", body: OFFER },
      { kind: "answered", responsesSent: 1 },
    ]);
  });

  test("a re-offer the user cannot answer gets the user's status, the session stays", () => {
    const s = setup({ refuseOffer: 488 });
    s.session.establish();
    s.deliver(fromPhone("UPDATE", 2, { body: OFFER, contentType: "application/sdp" }));
    expect(s.responses().map((r) => r.status)).toEqual([488]);
    expect(s.events).toEqual([{ kind: "offer", body: OFFER }]);
    s.deliver(fromPhone("BYE", 3));
    expect(s.responses().map((r) => r.status)).toEqual([200]);
  });

  test("the re-INVITE moves the remote target to its Contact", () => {
    const s = setup();
    s.session.establish();
    s.deliver(
      fromPhone("INVITE", 2, { body: OFFER, contentType: "application/sdp" }).replace(
        "Contact: <sip:101@192.0.2.5:5062>",
        "Contact: <sip:101@192.0.2.5:5070>",
      ),
    );
    s.responses();
    s.session.bye();
    const [bye] = s.requests();
    expect(bye?.method).toBe("BYE");
    expect(bye?.uri).toBe("sip:101@192.0.2.5:5070");
  });

  test("an offer-less re-INVITE gets our offer in the 200 and its answer comes in the ACK", () => {
    const s = setup();
    s.session.establish();
    // An ACK with a body before any offer-less re-INVITE carries no answer of ours.
    s.deliver(fromPhone("ACK", 1, { body: "v=0 stray", contentType: "application/sdp" }));
    s.deliver(fromPhone("INVITE", 2));
    const [ok] = s.responses();
    expect(ok?.status).toBe(200);
    expect(Buffer.from(ok!.body).toString()).toBe(OUR_OFFER);
    expect(ok?.headers.get("content-type")).toBe("application/sdp");
    expect(s.events).toEqual([]);
    s.deliver(fromPhone("ACK", 2, { body: "v=0 phone-answer", contentType: "application/sdp" }));
    expect(s.events).toEqual([{ kind: "ack-answer", body: "v=0 phone-answer" }]);
    // A retransmitted ACK does not hand the answer on twice.
    s.deliver(fromPhone("ACK", 2, { body: "v=0 phone-answer", contentType: "application/sdp" }));
    expect(s.events).toHaveLength(1);
  });

  test("an UPDATE without a body is a bare 200", () => {
    const s = setup();
    s.session.establish();
    s.deliver(fromPhone("UPDATE", 2));
    const [ok] = s.responses();
    expect(ok?.status).toBe(200);
    expect(ok?.body.length).toBe(0);
    expect(ok?.headers.has("session-expires")).toBe(false);
    expect(s.events).toEqual([]);
  });
});

describe("session timer (RFC 4028)", () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  test("the peer refreshes: without a refresh, BYE at the interval minus min(32 s, a third)", () => {
    s.session.establish({ intervalS: 120, refresher: "remote" });
    s.clock.advance(88_000 - 1);
    expect(s.requests()).toEqual([]);
    s.clock.advance(1);
    const [bye] = s.requests();
    expect(bye?.method).toBe("BYE");
    expect(s.events).toEqual([{ kind: "lost", cause: "session-expired" }]);
    expect(s.session.terminated).toBe(true);
    expect(s.dialog.state).toBe("terminated");
  });

  test("a refresh from the peer restarts the interval and its 200 echoes Session-Expires", () => {
    s.session.establish({ intervalS: 120, refresher: "remote" });
    s.clock.advance(60_000);
    s.deliver(fromPhone("UPDATE", 2, { headers: ["Session-Expires: 120;refresher=uac"] }));
    const [ok] = s.responses();
    expect(ok?.headers.get("session-expires")).toBe("120;refresher=uac");
    expect(ok?.headers.get("require")).toBe("timer");
    s.clock.advance(88_000 - 1);
    expect(s.requests()).toEqual([]);
    expect(s.events).toEqual([]);
    s.clock.advance(1);
    expect(s.requests().map((r) => r.method)).toEqual(["BYE"]);
    expect(s.events).toEqual([{ kind: "lost", cause: "session-expired" }]);
  });

  test("without a session timer a refresh's Session-Expires is not echoed", () => {
    s.session.establish();
    s.deliver(fromPhone("UPDATE", 2, { headers: ["Session-Expires: 120;refresher=uac"] }));
    const [ok] = s.responses();
    expect(ok?.status).toBe(200);
    expect(ok?.headers.has("session-expires")).toBe(false);
    s.clock.advance(3_600_000);
    expect(s.requests()).toEqual([]);
  });

  test("we refresh at half the interval with UPDATE when the peer allows it", () => {
    const allowsUpdate = fromPhone("UPDATE", 2, {
      headers: ["Allow: INVITE, ACK, BYE, CANCEL, UPDATE"],
    });
    s.session.establish({ intervalS: 120, refresher: "local" });
    s.deliver(allowsUpdate);
    s.responses();
    s.clock.advance(60_000 - 1);
    expect(s.requests()).toEqual([]);
    s.clock.advance(1);
    const [update] = s.requests();
    expect(update?.method).toBe("UPDATE");
    expect(update?.headers.get("session-expires")).toBe("120;refresher=uas");
    expect(update?.headers.get("supported")).toBe("timer");
    expect(update?.body.length).toBe(0);
    s.reply(update!, 200);
    // Answered: the next refresh comes half an interval later.
    s.clock.advance(60_000 - 1);
    expect(s.requests()).toEqual([]);
    s.clock.advance(1);
    expect(s.requests().map((r) => r.method)).toEqual(["UPDATE"]);
  });

  test("a peer that does not allow UPDATE gets a re-INVITE with our description, ACKed", () => {
    const c = setup({ role: "uac" });
    c.session.establish({ intervalS: 90, refresher: "local" });
    c.clock.advance(45_000);
    const [reinvite] = c.requests();
    expect(reinvite?.method).toBe("INVITE");
    expect(reinvite?.headers.get("session-expires")).toBe("90;refresher=uac");
    expect(Buffer.from(reinvite!.body).toString()).toBe(ANSWER);
    expect(reinvite?.headers.get("content-type")).toBe("application/sdp");
    c.reply(reinvite!, 200, [["contact", "<sip:101@192.0.2.5:5062>"]]);
    const [ack] = c.requests();
    expect(ack?.method).toBe("ACK");
    expect(ack?.cseq?.seq).toBe(reinvite!.cseq!.seq);
    expect(c.events).toEqual([]);
  });

  test("a 481 to our refresh ends the session with BYE; a 500 does not", () => {
    s.session.establish({ intervalS: 120, refresher: "local" });
    s.clock.advance(60_000);
    const [first] = s.requests();
    s.reply(first!, 500);
    s.requests();
    expect(s.events).toEqual([]);
    s.clock.advance(60_000);
    const [second] = s.requests();
    expect(second?.method).toBe("INVITE");
    s.reply(second!, 481);
    const sent = s.requests().map((r) => r.method);
    expect(sent).toContain("BYE");
    expect(s.events).toEqual([{ kind: "lost", cause: "refresh-failed" }]);
  });

  test("a refresh nobody answers ends the session when its transaction times out", () => {
    // The peer's 2xx to the initial INVITE allowed UPDATE.
    const answered = createResponse(INVITE, 200, { toTag: "box1" });
    answered.headers.add("allow", "INVITE, UPDATE, BYE");
    s.session.notePeer(answered);
    s.session.establish({ intervalS: 120, refresher: "local" });
    s.clock.advance(60_000);
    expect(s.requests().map((r) => r.method)).toEqual(["UPDATE"]);
    s.clock.advance(TIMEOUT_64T1_MS - T1_MS);
    expect(s.events).toEqual([]);
    s.clock.advance(T1_MS);
    expect(s.events).toEqual([{ kind: "lost", cause: "refresh-failed" }]);
    expect(s.requests().map((r) => r.method)).toContain("BYE");
  });
});

describe("requests the box sends", () => {
  test("INFO carries the body in the dialog; BYE goes once and stops the session timer", () => {
    const s = setup();
    s.session.establish({ intervalS: 120, refresher: "remote" });
    expect(s.session.sendInfo(Buffer.from("Signal=7\r\n"), "application/dtmf-relay")).toBe(true);
    const [info] = s.requests();
    expect(info?.method).toBe("INFO");
    expect(info?.to?.params.get("tag")).toBe("phone1");
    expect(info?.headers.get("content-type")).toBe("application/dtmf-relay");
    expect(Buffer.from(info!.body).toString()).toBe("Signal=7\r\n");
    s.session.bye();
    s.session.bye();
    const sent = s.requests().filter((r) => r.method === "BYE");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.cseq?.seq).toBe(info!.cseq!.seq + 1);
    expect(s.session.sendInfo(Buffer.from("x"), "text/plain")).toBe(false);
    s.clock.advance(3_600_000);
    expect(s.events).toEqual([]);
  });

  test("without a dialog there is nothing to say", () => {
    const clock = new ManualClock();
    const sent: SipRequest[] = [];
    const session = new InviteSession(
      {
        clock,
        request: (request) => sent.push(request),
        sendStateless: () => true,
        local: () => LOCAL,
      },
      {} as InviteSessionUser,
      "uac",
    );
    session.bye();
    expect(session.sendInfo(Buffer.from("1"), "application/dtmf")).toBe(false);
    expect(sent).toEqual([]);
  });
});
