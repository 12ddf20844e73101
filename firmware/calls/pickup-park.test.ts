// SPEC CALL-8 pickup and CALL-9 park through the engine, with scripted SIP phones on a loop
// transport and the clock driven by hand.

import { beforeEach, describe, expect, test } from "bun:test";
import { DEFAULT_FEATURE_CODES } from "../features/default-feature-codes.ts";
import { PARK_SLOTS } from "../numbering/manual-numbers.ts";
import type { SipRequest } from "../sip/message/message.ts";
import type { Flow } from "../sip/transport/transport.ts";
import {
  answerText,
  authorize,
  type FakeSide,
  Harness,
  inDialogText,
  inviteText,
  sdp,
} from "./call-engine.test-helper.ts";
import { pickupParkOf } from "./pickup-park-codes.ts";
import { CallRouter } from "./routing/call-router.ts";

const alice: Flow = { protocol: "UDP", address: "198.51.100.10", port: 5062 };
const bob: Flow = { protocol: "UDP", address: "198.51.100.20", port: 5064 };
const carol: Flow = { protocol: "UDP", address: "198.51.100.30", port: 5066 };
const dave: Flow = { protocol: "UDP", address: "198.51.100.40", port: 5068 };

/** Sales: 102 and 103; Support: 104. */
const DEPARTMENTS: Record<string, string[]> = { sales: ["102", "103"], support: ["104"] };
const CODES = DEFAULT_FEATURE_CODES.map((c) => ({ ...c, enabled: true }));
/** What the box says, as clips that name the prompt (one frame each). */
const spoken: string[] = [];

let h: Harness;
let seq = 0;

beforeEach(() => {
  spoken.length = 0;
  h = new Harness(60_000, {
    router: new CallRouter({
      lookupIp: (n) => h.directory.get(n),
      featureCode: (n) => pickupParkOf(n, CODES, PARK_SLOTS),
    }),
    pickupGroup: (n) => {
      const members = Object.values(DEPARTMENTS).find((m) => m.includes(n)) ?? [];
      return members.filter((m) => m !== n);
    },
    inCallCodes: () => CODES.filter((c) => c.inCall),
    voice: {
      clip: (_lang, name) => {
        spoken.push(name);
        return new Int16Array(160);
      },
      lanAddress: () => undefined,
      wanAddress: () => undefined,
    },
  });
  for (const [n, flow] of [
    ["101", alice],
    ["102", bob],
    ["103", carol],
    ["104", dave],
  ] as const) {
    h.addExtension(n);
    h.register(n, flow);
  }
});

/** `caller` at `from` dials `callee` with digest; returns the Call-ID. */
async function dial(from: Flow, caller: string, callee: string): Promise<string> {
  const callId = `call-${seq++}@${caller}`;
  h.send(inviteText(from, caller, callee, sdp(4000), { callId }), from);
  const challenge = h.response(from, 401);
  const authorization = authorize(challenge, caller, `sip:${callee}@192.0.2.1`);
  h.send(inviteText(from, caller, callee, sdp(4000), { callId, cseq: 2, authorization }), from);
  await h.settle();
  return callId;
}

/** 101 calls `callee` at `flow`, which rings (180); returns its INVITE. */
async function ringing(callee: string, flow: Flow): Promise<SipRequest> {
  await dial(alice, "101", callee);
  const invite = h.request(flow, "INVITE");
  h.send(answerText(invite, 180, { toTag: `${callee}-tag` }), flow);
  h.response(alice, 180);
  return invite;
}

/** 101 calls 102 and 102 answers; the dialogs of both. */
async function answered() {
  const callId = await dial(alice, "101", "102");
  const invite = h.request(bob, "INVITE");
  h.send(answerText(invite, 200, { toTag: `bob-${seq}`, body: sdp(6000, "0 101") }), bob);
  h.request(bob, "ACK");
  const ok = h.response(alice, 200);
  const aliceDialog = {
    uri: "sip:pbx@192.0.2.1",
    from: ok.headers.get("from")!,
    to: ok.headers.get("to")!,
    callId,
  };
  h.send(inDialogText("ACK", alice, { ...aliceDialog, cseq: 2 }), alice);
  const bobDialog = {
    uri: "sip:pbx@192.0.2.1",
    from: invite.headers.get("to")!.concat(`;tag=bob-${seq}`),
    to: invite.headers.get("from")!,
    callId: invite.callId!,
  };
  return { aliceDialog, bobDialog, session: h.media.sessions.at(-1)! };
}

/** Bob keys `digits` as SIP INFO (RFC 6086 dtmf-relay). */
function bobKeys(
  dialog: { uri: string; from: string; to: string; callId: string },
  digits: string,
) {
  let cseq = 10;
  for (const digit of digits) {
    const body = `Signal=${digit}\r\nDuration=160\r\n`;
    h.send(
      inDialogText("INFO", bob, { ...dialog, cseq: cseq++ }, "", [
        "Content-Type: application/dtmf-relay",
      ])
        .replace("Content-Length: 0", `Content-Length: ${body.length}`)
        .concat(body),
      bob,
    );
    h.response(bob, 200, "INFO");
  }
}

/** A frame said on `from` reaches `to` (the bridge joins the two frame by frame). */
function hears(from: FakeSide, to: FakeSide): boolean {
  const frame = new Int16Array(160).fill(1234);
  for (const listener of from.listeners) listener(frame);
  return to.played.some((source) => source.nextFrame()?.[0] === 1234);
}

describe("pickup (CALL-8)", () => {
  test("**102 picks up 102's ringing call: 102 stops ringing, 103 talks with 101", async () => {
    const invite = await ringing("102", bob);
    expect(h.engine.extensionState("102")).toBe("ringing");
    await dial(carol, "103", "**102%23");
    // Carol's own call is answered by the box, alice's call too: both join.
    h.response(carol, 200);
    h.response(alice, 200);
    const cancel = h.request(bob, "CANCEL");
    expect(cancel.callId).toBe(invite.callId);
    expect(h.engine.extensionState("102")).toBe("idle");
    expect(h.engine.extensionState("103")).toBe("busy");
    const [first, second] = h.media.sessions;
    expect(hears(first!.a, second!.a)).toBe(true);
    expect(hears(second!.a, first!.a)).toBe(true);
    expect(h.engine.calls()).toHaveLength(1);
    h.engine.close();
    expect(h.records.map((r) => [r.callee, r.finalCallee, r.status])).toEqual([
      ["102", "103", "answered"],
    ]);
    expect(second!.closed).toBe(true);
  });

  test("*8 picks up a ringing phone of the picker's own department", async () => {
    await ringing("102", bob);
    await dial(carol, "103", "*8");
    h.response(carol, 200);
    h.response(alice, 200);
    h.request(bob, "CANCEL");
    expect(h.engine.calls()[0]?.legs.map((l) => l.extension)).toEqual(["101", "103"]);
  });

  test("*8 leaves a phone of another department ringing and the picker hears a refusal", async () => {
    await ringing("104", dave);
    await dial(carol, "103", "*8");
    // Early media carries "not available", then 480.
    h.response(carol, 183);
    expect(spoken).toContain("call/not-available");
    h.media.sessions.at(-1)!.a.drain();
    await h.settle();
    h.response(carol, 480);
    expect(h.engine.extensionState("104")).toBe("ringing");
    expect(h.has(dave, (m) => m.kind === "request" && m.method === "CANCEL")).toBe(false);
  });

  test("nothing ringing: **102 is refused with a prompt, then 480", async () => {
    await dial(carol, "103", "**102");
    h.response(carol, 183);
    h.media.sessions.at(-1)!.a.drain();
    await h.settle();
    h.response(carol, 480);
    expect(h.records.at(-1)).toMatchObject({ callee: "**102", status: "not-answered" });
  });
});

describe("park (CALL-9)", () => {
  test("*4# parks 101 in slot 41: music for 101, the slot said to 102, then 102's leg ends", async () => {
    const { bobDialog, session } = await answered();
    bobKeys(bobDialog, "*4#");
    expect(session.a.music).toBe(true);
    expect(spoken).toEqual(["park/parked-at", "digits/4", "digits/1"]);
    expect(h.engine.parkedCalls()).toMatchObject([{ slot: "41", parked: "101", parker: "102" }]);
    session.b.drain();
    await h.settle();
    h.request(bob, "BYE");
    expect(h.has(alice, (m) => m.kind === "request" && m.method === "BYE")).toBe(false);
    expect(h.engine.extensionState("102")).toBe("idle");
  });

  test("103 dials 41 and talks with the parked 101; the slot is free again", async () => {
    const { bobDialog, session } = await answered();
    bobKeys(bobDialog, "*4#");
    await dial(carol, "103", "41");
    h.response(carol, 200);
    expect(session.a.music).toBe(false);
    const retriever = h.media.sessions.at(-1)!;
    expect(hears(session.a, retriever.a)).toBe(true);
    expect(hears(retriever.a, session.a)).toBe(true);
    expect(h.engine.parkedCalls()).toEqual([]);
    // The slot now holds nothing: dialling it again is refused.
    await dial(dave, "104", "41");
    h.response(dave, 183);
  });

  test("unretrieved for 45 s, the parked call rings 102 back; 102 answers and talks with 101", async () => {
    const { bobDialog, session } = await answered();
    bobKeys(bobDialog, "*4#");
    session.b.drain();
    await h.settle();
    h.request(bob, "BYE");
    h.advance(44_999);
    expect(h.has(bob, (m) => m.kind === "request" && m.method === "INVITE")).toBe(false);
    h.advance(1);
    const again = h.request(bob, "INVITE");
    expect(again.from?.uri).toBe("sip:101@192.0.2.1");
    // The parked party hears ringback instead of music while 102 rings.
    expect(session.a.music).toBe(false);
    expect(session.a.played.length).toBeGreaterThan(0);
    expect(h.engine.parkedCalls()).toEqual([]);
    h.send(answerText(again, 200, { toTag: "back", body: sdp(6100, "0 101") }), bob);
    h.request(bob, "ACK");
    expect(h.engine.calls()[0]?.legs.map((l) => [l.extension, l.state])).toEqual([
      ["101", "answered"],
      ["102", "answered"],
    ]);
    expect(session.b.calls).toContain("remote 198.51.100.10:6100");
  });

  test("the parked party hanging up frees the slot and ends the call", async () => {
    const { aliceDialog, bobDialog } = await answered();
    bobKeys(bobDialog, "*4#");
    expect(h.engine.parkedCalls()).toHaveLength(1);
    h.send(inDialogText("BYE", alice, { ...aliceDialog, cseq: 5 }), alice);
    h.response(alice, 200, "BYE");
    expect(h.engine.parkedCalls()).toEqual([]);
    expect(h.engine.count).toBe(0);
    h.advance(45_000);
    expect(h.has(bob, (m) => m.kind === "request" && m.method === "INVITE")).toBe(false);
  });

  test("with all nine slots taken the tenth parker hears so and stays in its call", async () => {
    for (let i = 0; i < 9; i++) {
      const { bobDialog } = await answered();
      bobKeys(bobDialog, "*4#");
    }
    expect(h.engine.parkedCalls().map((p) => p.slot)).toEqual([
      "41",
      "42",
      "43",
      "44",
      "45",
      "46",
      "47",
      "48",
      "49",
    ]);
    spoken.length = 0;
    const { bobDialog, session } = await answered();
    bobKeys(bobDialog, "*4#");
    expect(spoken).toEqual(["call/not-available"]);
    expect(session.a.music).toBe(false);
    session.b.drain();
    await h.settle();
    h.advance(5000);
    expect(
      h.has(
        bob,
        (m) => m.kind === "request" && m.method === "BYE" && m.callId === bobDialog.callId,
      ),
    ).toBe(false);
    expect(h.engine.calls().filter((c) => c.state === "answered")).toHaveLength(10);
  });

  test("RFC 4733 digits park too", async () => {
    const { session } = await answered();
    for (const digit of "*4#") session.emit({ type: "digit", side: "b", digit, durationMs: 100 });
    expect(h.engine.parkedCalls()).toHaveLength(1);
  });
});
