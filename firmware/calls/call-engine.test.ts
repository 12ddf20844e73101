import { beforeEach, describe, expect, test } from "bun:test";
import type { SipRequest, SipResponse } from "../sip/message/message.ts";
import type { Flow } from "../sip/transport/transport.ts";
import {
  answerText,
  authorize,
  Harness,
  inDialogText,
  inviteText,
  sdp,
} from "./call-engine.test-helper.ts";

const alice: Flow = { protocol: "UDP", address: "198.51.100.10", port: 5062 };
const bob: Flow = { protocol: "UDP", address: "198.51.100.20", port: 5064 };
const bobDesk: Flow = { protocol: "TCP", address: "198.51.100.21", port: 5066, connectionId: 3 };

let h: Harness;
let callSeq = 0;

beforeEach(() => {
  h = new Harness();
  h.addExtension("101");
  h.addExtension("102");
  h.register("101", alice);
  h.register("102", bob);
});

/** Alice dials `callee`: challenge, then the authenticated INVITE; returns its Call-ID. */
async function dial(callee = "102", body = sdp(4000), extra: string[] = []): Promise<string> {
  const callId = `call-${callSeq++}@alice`;
  h.send(inviteText(alice, "101", callee, body, { callId, extra }), alice);
  const challenge = h.response(alice, 401);
  const authorization = authorize(challenge, "101", `sip:${callee}@192.0.2.1`);
  h.send(inviteText(alice, "101", callee, body, { callId, cseq: 2, authorization, extra }), alice);
  await h.settle();
  return callId;
}

function bye(
  from: Flow,
  dialog: { uri: string; from: string; to: string; callId: string },
  cseq: number,
) {
  h.send(inDialogText("BYE", from, { ...dialog, cseq }), from);
}

/** A whole answered call; returns what the test needs to go on. */
async function answeredCall() {
  const callId = await dial();
  const invite = h.request(bob, "INVITE");
  h.send(answerText(invite, 180, { toTag: "bob-tag" }), bob);
  h.send(
    answerText(invite, 200, {
      toTag: "bob-tag",
      body: sdp(6000, "0 101"),
      contact: "sip:102@198.51.100.20:5064",
    }),
    bob,
  );
  const ack = h.request(bob, "ACK");
  const ok = h.response(alice, 200);
  h.send(
    inDialogText("ACK", alice, {
      uri: "sip:pbx@192.0.2.1",
      from: ok.headers.get("from")!,
      to: ok.headers.get("to")!,
      callId,
      cseq: 2,
    }),
    alice,
  );
  const aliceDialog = {
    uri: "sip:pbx@192.0.2.1",
    from: ok.headers.get("from")!,
    to: ok.headers.get("to")!,
    callId,
  };
  const bobDialog = {
    uri: "sip:pbx@192.0.2.1",
    from: invite.headers.get("to")!.concat(";tag=bob-tag"),
    to: invite.headers.get("from")!,
    callId: invite.callId!,
  };
  return { callId, invite, ack, ok, aliceDialog, bobDialog };
}

describe("a call between two extensions", () => {
  test("rings, answers with media on both relay sides, and hangs up on both legs", async () => {
    const callId = await dial();
    h.response(alice, 100);
    const invite = h.request(bob, "INVITE") as SipRequest;
    // Caller ID: the caller's extension number and display name reach the callee.
    expect(invite.from?.uri).toBe("sip:101@192.0.2.1");
    expect(invite.from?.displayName).toBe("User 101");
    expect(invite.uri).toBe("sip:102@198.51.100.20:5064");
    const offer = Buffer.from(invite.body).toString();
    expect(offer).toContain("m=audio 20002 RTP/AVP 0 8 9 101");
    expect(h.engine.extensionState("102")).toBe("idle");

    h.send(answerText(invite, 180, { toTag: "bob-tag" }), bob);
    h.response(alice, 180);
    expect(h.engine.extensionState("102")).toBe("ringing");
    expect(h.engine.extensionState("101")).toBe("busy");

    h.clock.advance(3000);
    h.send(
      answerText(invite, 200, {
        toTag: "bob-tag",
        body: sdp(6000, "8 101"),
        contact: "sip:102@198.51.100.20:5064",
      }),
      bob,
    );
    const ack = h.request(bob, "ACK");
    expect(ack.cseq?.seq).toBe(invite.cseq?.seq);
    const ok = h.response(alice, 200) as SipResponse;
    const answer = Buffer.from(ok.body).toString();
    // Bob chose PCMA; Alice offered it too, so both legs use it and packets pass untouched.
    expect(answer).toContain("m=audio 20000 RTP/AVP 8 101");
    const session = h.media.sessions[0]!;
    expect(session.a.calls).toContain("remote 198.51.100.10:4000");
    expect(session.a.calls).toContain("codec PCMA/8");
    expect(session.b.calls).toContain("remote 198.51.100.10:6000");
    expect(h.engine.calls()[0]?.state).toBe("answered");
    expect(h.engine.calls()[0]?.legs.map((l) => l.state)).toEqual(["answered", "answered"]);

    h.clock.advance(10_000);
    bye(
      alice,
      {
        uri: "sip:pbx@192.0.2.1",
        from: ok.headers.get("from")!,
        to: ok.headers.get("to")!,
        callId,
      },
      3,
    );
    h.response(alice, 200, "BYE");
    const byeToBob = h.request(bob, "BYE");
    expect(byeToBob.to?.params.get("tag")).toBe("bob-tag");
    expect(byeToBob.uri).toBe("sip:102@198.51.100.20:5064");
    expect(session.closed).toBe(true);
    expect(h.engine.count).toBe(0);
    const record = h.records[0]!;
    expect(record.status).toBe("answered");
    expect(record.caller).toEqual({ number: "101", displayName: "User 101" });
    expect(record.callee).toBe("102");
    expect(record.answeredAtMs! - record.startedAtMs).toBe(3000);
    expect(record.endedAtMs - record.answeredAtMs!).toBe(10_000);
    expect(h.engine.extensionState("101")).toBe("idle");
    expect(h.engine.extensionState("102")).toBe("idle");
  });

  test("transcodes when the phones share no codec: each leg keeps its own", async () => {
    h.addExtension("102", { codecs: ["G722"] });
    await dial("102", sdp(4000, "0 101"));
    const invite = h.request(bob, "INVITE");
    expect(Buffer.from(invite.body).toString()).toContain("m=audio 20002 RTP/AVP 9 101");
    h.send(answerText(invite, 200, { toTag: "t", body: sdp(6000, "9 101") }), bob);
    const ok = h.response(alice, 200);
    expect(Buffer.from(ok.body).toString()).toContain("RTP/AVP 0 101");
    const session = h.media.sessions[0]!;
    expect(session.a.calls).toContain("codec PCMU/0");
    expect(session.b.calls).toContain("codec G722/9");
  });

  test("the callee hanging up ends the caller's leg too", async () => {
    const { bobDialog } = await answeredCall();
    bye(bob, bobDialog, 10);
    h.response(bob, 200, "BYE");
    h.request(alice, "BYE");
    expect(h.engine.count).toBe(0);
  });
});

describe("calls that are not answered", () => {
  test("unknown number 404, unregistered extension 480, both recorded", async () => {
    await dial("555");
    h.response(alice, 404);
    h.addExtension("103");
    await dial("103");
    expect(h.response(alice, 480).reason).toBe("Not Registered");
    expect(h.records.map((r) => [r.callee, r.status, r.sipStatus])).toEqual([
      ["555", "not-answered", 404],
      ["103", "not-answered", 480],
    ]);
  });

  test("a wrong password gets 403 and counts toward a ban", async () => {
    const callId = "bad@alice";
    h.send(inviteText(alice, "101", "102", sdp(4000), { callId }), alice);
    const challenge = h.response(alice, 401);
    const client = authorize(challenge, "101", "sip:102@192.0.2.1").replace(
      /response="[0-9a-f]+"/,
      'response="00000000000000000000000000000000"',
    );
    h.send(
      inviteText(alice, "101", "102", sdp(4000), { callId, cseq: 2, authorization: client }),
      alice,
    );
    h.response(alice, 403);
    expect(h.has(bob, () => true)).toBe(false);
  });

  test("busy: the phone's 486 reaches the caller", async () => {
    await dial();
    const invite = h.request(bob, "INVITE");
    h.send(answerText(invite, 486, { toTag: "b" }), bob);
    h.request(bob, "ACK");
    h.response(alice, 486);
    expect(h.records[0]?.reason).toBe("busy");
    expect(h.media.sessions[0]?.closed).toBe(true);
  });

  test("no answer within the ring time: CANCEL to the phone, 480 to the caller", async () => {
    await dial();
    const invite = h.request(bob, "INVITE");
    h.send(answerText(invite, 180, { toTag: "b" }), bob);
    h.advance(60_000);
    const cancel = h.request(bob, "CANCEL");
    expect(cancel.headers.getAll("via")[0]).toBe(invite.headers.getAll("via")[0]);
    expect(cancel.cseq).toEqual({ seq: invite.cseq!.seq, method: "CANCEL" });
    h.response(alice, 480);
    expect(h.records[0]?.reason).toBe("no-answer");
  });

  test("the caller's CANCEL: 487 to it, CANCEL to the ringing phone", async () => {
    const callId = await dial();
    const invite = h.request(bob, "INVITE");
    h.send(answerText(invite, 180, { toTag: "b" }), bob);
    const via = h.response(alice, 180).headers.getAll("via")[0]!;
    const branch = /branch=([^;]+)/.exec(via)![1];
    h.send(
      [
        "CANCEL sip:102@192.0.2.1 SIP/2.0",
        `Via: SIP/2.0/UDP 198.51.100.10:5062;branch=${branch};rport`,
        'From: "Alice" <sip:101@192.0.2.1>;tag=caller-tag',
        "To: <sip:102@192.0.2.1>",
        `Call-ID: ${callId}`,
        "CSeq: 2 CANCEL",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
      alice,
    );
    h.response(alice, 200, "CANCEL");
    h.response(alice, 487);
    h.request(bob, "CANCEL");
    expect(h.records[0]?.reason).toBe("cancelled");
  });

  test("malformed SDP gets 400, an offer without a usable codec 488, and the box serves on", async () => {
    await dial("102", "v=0\r\nthis is not sdp\r\n");
    h.response(alice, 400);
    await dial("102", sdp(4000, "18"));
    h.response(alice, 488);
    await dial();
    h.request(bob, "INVITE");
  });
});

describe("forking", () => {
  test("rings every contact; the first to answer wins and the others get CANCEL", async () => {
    h.register("102", bobDesk, "sip:102@198.51.100.21:5066;transport=tcp");
    await dial();
    const first = h.request(bob, "INVITE");
    const second = h.request(bobDesk, "INVITE");
    expect(second.headers.get("via")).toStartWith("SIP/2.0/TCP");
    h.send(answerText(first, 180, { toTag: "x1" }), bob);
    h.send(answerText(second, 180, { toTag: "x2" }), bobDesk);
    h.send(answerText(second, 200, { toTag: "x2", body: sdp(7000, "0") }), bobDesk);
    h.request(bobDesk, "ACK");
    h.request(bob, "CANCEL");
    h.response(alice, 200);
    h.send(answerText(first, 487, { toTag: "x1" }), bob);
    expect(h.engine.calls()[0]?.legs.map((l) => l.remote)).toEqual([
      "UDP 198.51.100.10:5062",
      "TCP 198.51.100.21:5066",
    ]);
  });
});

describe("during a call", () => {
  test("hold from either phone plays music to the other; resume stops it", async () => {
    const { aliceDialog } = await answeredCall();
    const session = h.media.sessions[0]!;
    h.send(
      inDialogText("INVITE", alice, { ...aliceDialog, cseq: 3 }, sdp(4000, "0 101", "sendonly")),
      alice,
    );
    const held = h.response(alice, 200);
    expect(Buffer.from(held.body).toString()).toContain("a=recvonly");
    expect(session.b.music).toBe(true);
    expect(session.a.calls).toContain("direction sendonly");
    expect(h.engine.calls()[0]?.legs[0]?.holding).toBe(true);
    h.send(inDialogText("INVITE", alice, { ...aliceDialog, cseq: 4 }, sdp(4000, "0 101")), alice);
    expect(Buffer.from(h.response(alice, 200).body).toString()).toContain("a=sendrecv");
    expect(session.b.music).toBe(false);
  });

  test("SIP INFO digits from one phone reach the other", async () => {
    const { aliceDialog } = await answeredCall();
    const body = "Signal=5\r\nDuration=160\r\n";
    h.send(
      inDialogText("INFO", alice, { ...aliceDialog, cseq: 3 }, "", [
        "Content-Type: application/dtmf-relay",
      ])
        .replace("Content-Length: 0", `Content-Length: ${body.length}`)
        .concat(body),
      alice,
    );
    h.response(alice, 200, "INFO");
    expect(h.media.sessions[0]!.b.digits).toEqual(["5"]);
  });

  test("a phone that stops sending RTP ends the call on both legs, unless on hold", async () => {
    const { aliceDialog } = await answeredCall();
    const session = h.media.sessions[0]!;
    h.send(
      inDialogText("INVITE", alice, { ...aliceDialog, cseq: 3 }, sdp(4000, "0 101", "inactive")),
      alice,
    );
    h.response(alice, 200);
    session.emit({ type: "no-rtp", side: "a" });
    expect(h.engine.count).toBe(1);
    h.send(inDialogText("INVITE", alice, { ...aliceDialog, cseq: 4 }, sdp(4000, "0 101")), alice);
    h.response(alice, 200);
    session.emit({ type: "no-rtp", side: "a" });
    h.collect();
    h.request(alice, "BYE");
    h.request(bob, "BYE");
    expect(h.records[0]?.reason).toBe("no-rtp");
  });

  test("session timer: no refresh from the phone ends the call (RFC 4028 §10)", async () => {
    const callId = await dial("102", sdp(4000), [
      "Session-Expires: 120;refresher=uac",
      "Supported: timer",
    ]);
    const invite = h.request(bob, "INVITE");
    expect(invite.headers.get("session-expires")).toBe("1800");
    h.send(answerText(invite, 200, { toTag: "t", body: sdp(6000, "0") }), bob);
    const ok = h.response(alice, 200);
    expect(ok.headers.get("session-expires")).toBe("120;refresher=uac");
    expect(ok.headers.get("require")).toBe("timer");
    const fields = {
      uri: "sip:pbx@192.0.2.1",
      from: ok.headers.get("from")!,
      to: ok.headers.get("to")!,
    };
    h.send(inDialogText("ACK", alice, { ...fields, callId, cseq: 2 }), alice);
    // A refresh at 60 s restarts the interval; then none comes: BYE at 120 - min(32, 120/3) s.
    h.advance(60_000);
    h.send(
      inDialogText("UPDATE", alice, { ...fields, callId, cseq: 3 }, "", [
        "Session-Expires: 120;refresher=uac",
      ]),
      alice,
    );
    h.response(alice, 200, "UPDATE");
    h.advance(88_000 - 1);
    expect(h.engine.count).toBe(1);
    h.advance(2);
    h.request(alice, "BYE");
    h.request(bob, "BYE");
    expect(h.records[0]?.reason).toBe("session-expired");
  });

  test("a lower CSeq in the dialog gets 500; an unknown dialog 481", async () => {
    const { aliceDialog } = await answeredCall();
    h.send(inDialogText("INFO", alice, { ...aliceDialog, cseq: 1 }), alice);
    h.response(alice, 500, "INFO");
    h.send(inDialogText("BYE", alice, { ...aliceDialog, callId: "nope", cseq: 9 }), alice);
    h.response(alice, 481, "BYE");
  });
});

describe("reliable provisional responses (RFC 3262)", () => {
  test("a caller requiring 100rel gets 180 with RSeq, retransmitted until its PRACK", async () => {
    const callId = await dial("102", sdp(4000), ["Require: 100rel", "Supported: 100rel"]);
    const invite = h.request(bob, "INVITE");
    h.send(answerText(invite, 180, { toTag: "b" }), bob);
    const ringing = h.response(alice, 180);
    expect(ringing.headers.get("require")).toBe("100rel");
    expect(ringing.headers.get("rseq")).toBe("1");
    h.advance(500);
    h.response(alice, 180);
    const fields = {
      uri: "sip:pbx@192.0.2.1",
      from: ringing.headers.get("from")!,
      to: ringing.headers.get("to")!,
      callId,
    };
    h.send(inDialogText("PRACK", alice, { ...fields, cseq: 3 }, "", ["RAck: 1 2 INVITE"]), alice);
    h.response(alice, 200, "PRACK");
    h.advance(4000);
    expect(h.has(alice, (m) => m.kind === "response" && m.status === 180)).toBe(false);
  });

  test("a callee sending 180 reliably gets a PRACK from the box", async () => {
    await dial();
    const invite = h.request(bob, "INVITE");
    expect(invite.headers.get("supported")).toContain("100rel");
    h.send(answerText(invite, 180, { toTag: "b", extra: ["Require: 100rel", "RSeq: 7"] }), bob);
    const prack = h.request(bob, "PRACK");
    expect(prack.headers.get("rack")).toBe(`7 ${invite.cseq!.seq} INVITE`);
    expect(prack.to?.params.get("tag")).toBe("b");
  });
});
