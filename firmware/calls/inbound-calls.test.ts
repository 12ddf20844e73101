// Calls from trunks through the engine on a loop transport and a hand-driven clock: admission
// by source address, the inbound routes, the IVR application (RFC 4733 digits, in-band tones,
// timeout and invalid keys with the repeat count, nested menus, direct dialling) handing the
// call on within the same call, and time conditions that switch at closing time.
import { beforeEach, describe, expect, test } from "bun:test";
import { generateDtmf } from "../../media/dsp/dtmf-generator.ts";
import type { InboundRoute } from "../routes/inbound-match.ts";
import type { IvrMenu } from "../routes/ivr.ts";
import { evaluateTimeCondition, parseWeekly } from "../routes/time-condition.ts";
import type { SipRequest, SipResponse } from "../sip/message/message.ts";
import type { Flow } from "../sip/transport/transport.ts";
import { DIRECT_DIAL_GAP_MS } from "./apps/ivr-leg.ts";
import { answerText, Harness, inDialogText, inviteText, sdp } from "./call-engine.test-helper.ts";
import { inboundCalls } from "./inbound-calls.ts";
import { CallRouter } from "./routing/call-router.ts";

const carrier: Flow = { protocol: "UDP", address: "203.0.113.5", port: 5060 };
const stranger: Flow = { protocol: "UDP", address: "203.0.113.77", port: 5060 };
const alice: Flow = { protocol: "UDP", address: "198.51.100.10", port: 5062 };
const bob: Flow = { protocol: "UDP", address: "198.51.100.20", port: 5064 };
const PROMPT = new Int16Array(8000).fill(1000);
/** 2026-12-04 (a Friday) 17:59:00 in Shanghai. */
const FRIDAY_1759_MS = Date.UTC(2026, 11, 4, 9, 59, 0);

let h: Harness;
let routes: InboundRoute[];
let menus: Map<number, IvrMenu>;
let logs: string[];
/** Queues the box answered an inbound call with (SPEC CALL-13). */
let queuesOpened: string[];
let seq = 0;

const route = (destination: string, didPattern = ""): InboundRoute => ({
  id: ++seq,
  name: `r${seq}`,
  enabled: true,
  didPattern,
  callerPattern: "",
  trunkId: null,
  destination,
});

const menu = (id: number, overrides: Partial<IvrMenu> = {}): IvrMenu => ({
  id,
  prompt: "custom/welcome",
  keys: { "1": "extension:101", "2": "extension:102", "9": "ivr:2" },
  directDial: false,
  timeoutS: 5,
  repeat: 2,
  invalidDestination: "hangup",
  timeoutDestination: "extension:101",
  ...overrides,
});

const open = parseWeekly("mon-fri 09:00-18:00");

beforeEach(() => {
  routes = [];
  menus = new Map([
    [1, menu(1)],
    [2, menu(2, { keys: { "1": "extension:102" } })],
  ]);
  logs = [];
  queuesOpened = [];
  const router = new CallRouter({
    lookupIp: (n) => h.directory.get(n),
    application: (n) => (n === "800" ? { app: "queue", argument: n } : undefined),
  });
  const inbound = inboundCalls(router, {
    clock: { now: () => h.clock.now(), setTimer: (ms, fire) => h.clock.setTimer(ms, fire) },
    bindings: { get: (n) => h.bindings.get(n) },
    clip: (prompt) => (prompt === "custom/welcome" ? PROMPT : undefined),
    inboundExtension: () => "101",
    sources: {
      trunkFrom: (address) =>
        address === carrier.address
          ? { id: 1, name: "Carrier", codecs: ["PCMA", "PCMU"], dtmfMode: "rfc4733" }
          : undefined,
      analogTrunkOf: () => undefined,
      routes: () => routes,
      ivr: (id) => menus.get(id),
      timeCondition: (id, atMs) =>
        id === 1 && open.ok
          ? evaluateTimeCondition(
              {
                weekly: [open.value],
                holidays: [],
                matched: "extension:101",
                unmatched: "ivr:2",
              },
              atMs,
              "Asia/Shanghai",
            )
          : undefined,
      log: (message) => logs.push(message),
    },
  });
  h = new Harness(60_000, {
    router,
    applications: {
      ...inbound.applications,
      // Queue 800 is full: the opening is what this test looks at.
      queue: (destination) => {
        queuesOpened.push(destination.argument);
        return { status: 486 };
      },
    },
  });
  h.stack.on("INVITE", inbound.invites(h.engine));
  h.addExtension("101");
  h.addExtension("102");
  h.register("101", alice);
  h.register("102", bob);
});

/** The carrier calls `did`; returns the Call-ID. */
async function carrierCalls(did: string, from = carrier): Promise<string> {
  const callId = `trunk-${seq++}@carrier`;
  h.send(inviteText(from, "13800138000", did, sdp(7000, "8 101"), { callId }), from);
  await h.settle();
  return callId;
}

/** The box's 200 to the carrier, ACKed; returns the dialog for a BYE. */
function answeredByBox(callId: string) {
  const ok = h.response(carrier, 200) as SipResponse;
  const dialog = {
    uri: "sip:pbx@192.0.2.1",
    from: ok.headers.get("from")!,
    to: ok.headers.get("to")!,
    callId,
  };
  h.send(inDialogText("ACK", carrier, { ...dialog, cseq: 1 }), carrier);
  return dialog;
}

function phoneAnswers(flow: Flow, tag: string): SipRequest {
  const invite = h.request(flow, "INVITE");
  h.send(
    answerText(invite, 200, { toTag: tag, body: sdp(6000, "8 101"), contact: invite.uri }),
    flow,
  );
  h.request(flow, "ACK");
  return invite;
}

/** Lets the prompt finish playing (the fake relay pulls every frame) and the leg see it. */
async function promptEnds(): Promise<number> {
  const frames = h.media.sessions[0]!.a.drain();
  await h.settle();
  return frames;
}

function digit(d: string): void {
  h.media.sessions[0]!.emit({ type: "digit", side: "a", digit: d, durationMs: 100 });
  h.collect();
}

describe("calls from a trunk", () => {
  test("admitted by address without digest, routed by DID, recorded as inbound with the trunk", async () => {
    routes.push(route("extension:102", "8001"), route("extension:101", "8000"));
    const callId = await carrierCalls("8000");
    expect(h.has(carrier, (m) => m.kind === "response" && m.status === 401)).toBe(false);
    const invite = phoneAnswers(alice, "alice-tag");
    expect(invite.from?.uri).toContain("13800138000");
    const dialog = answeredByBox(callId);
    h.send(inDialogText("BYE", carrier, { ...dialog, cseq: 2 }), carrier);
    expect(h.records).toHaveLength(1);
    expect(h.records[0]).toMatchObject({
      type: "inbound",
      trunk: "Carrier",
      callee: "8000",
      finalCallee: "101",
      status: "answered",
    });
  });

  test("an INVITE from an address that is no trunk gets the digest challenge, no call", async () => {
    routes.push(route("extension:101"));
    await carrierCalls("101", stranger);
    h.response(stranger, 401);
    expect(h.has(alice, (m) => m.kind === "request")).toBe(false);
  });

  test("no matching route: 404 to a SIP trunk, with a record and a log line", async () => {
    routes.push(route("extension:101", "8000"));
    await carrierCalls("9999");
    h.response(carrier, 404);
    expect(h.records[0]).toMatchObject({ type: "inbound", trunk: "Carrier", sipStatus: 404 });
    expect(logs).toContain("inbound call without a matching route");
  });

  test("a route to a conference (not built yet) is refused with 480 and said in the log", async () => {
    routes.push(route("conference:90", "8000"), route("extension:101"));
    await carrierCalls("8000");
    h.response(carrier, 480);
    expect(logs).toContain("inbound destination not available");
    expect(h.has(alice, (m) => m.kind === "request")).toBe(false);
  });

  test("a route to queue:800 opens queue 800 (SPEC CALL-13)", async () => {
    routes.push(route("queue:800", "8000"));
    await carrierCalls("8000");
    expect(queuesOpened).toEqual(["800"]);
    expect(h.has(alice, (m) => m.kind === "request")).toBe(false);
  });

  test("a route to hangup declines; an unknown extension is 404", async () => {
    routes.push(route("hangup", "8000"), route("extension:555", "8001"));
    await carrierCalls("8000");
    h.response(carrier, 603);
    await carrierCalls("8001");
    h.response(carrier, 404);
  });
});

describe("the IVR application", () => {
  test("answers, plays the prompt, and a key (RFC 4733) hands the call on in the same call", async () => {
    routes.push(route("ivr:1"));
    const callId = await carrierCalls("8000");
    const dialog = answeredByBox(callId);
    expect(await promptEnds()).toBeGreaterThan(PROMPT.length / 160);
    digit("2");
    // The caller, answered already, hears ringback from the box while 102 rings.
    expect(h.media.sessions[0]!.a.played.length).toBe(1);
    phoneAnswers(bob, "bob-tag");
    expect(h.has(carrier, (m) => m.kind === "response" && m.status === 200)).toBe(false);
    expect(h.engine.calls()).toHaveLength(1);
    expect(h.engine.calls()[0]!.legs.map((l) => l.extension)).toEqual(["13800138000", "102"]);
    h.send(inDialogText("BYE", carrier, { ...dialog, cseq: 2 }), carrier);
    h.request(bob, "BYE");
    expect(h.records).toHaveLength(1);
    expect(h.records[0]).toMatchObject({
      type: "inbound",
      trunk: "Carrier",
      finalCallee: "102",
      status: "answered",
    });
  });

  test("a key pressed during the prompt stops it; an in-band tone works like an event", async () => {
    routes.push(route("ivr:1"));
    const callId = await carrierCalls("8000");
    answeredByBox(callId);
    const side = h.media.sessions[0]!.a;
    const tone = generateDtmf("1", { durationMs: 120 });
    const frames = [...Array(6).keys()].map(() => new Int16Array(160));
    for (let at = 0; at < tone.length; at += 160) frames.push(tone.slice(at, at + 160));
    frames.push(...[...Array(10).keys()].map(() => new Int16Array(160)));
    for (const frame of frames) for (const listener of side.listeners) listener(frame);
    h.collect();
    phoneAnswers(alice, "alice-tag");
    expect(h.engine.calls()[0]!.legs.map((l) => l.extension)).toEqual(["13800138000", "101"]);
  });

  test("silence replays the prompt up to the repeat count, then the timeout destination", async () => {
    routes.push(route("ivr:1"));
    const callId = await carrierCalls("8000");
    answeredByBox(callId);
    await promptEnds();
    h.advance(4_999);
    expect(h.media.sessions[0]!.a.played).toHaveLength(0);
    h.advance(1);
    expect(await promptEnds()).toBeGreaterThan(0);
    expect(h.has(alice, (m) => m.kind === "request")).toBe(false);
    h.advance(5_000);
    phoneAnswers(alice, "alice-tag");
  });

  test("an invalid key replays the prompt; past the repeat count the invalid destination", async () => {
    routes.push(route("ivr:1"));
    const callId = await carrierCalls("8000");
    answeredByBox(callId);
    await promptEnds();
    digit("7");
    expect(await promptEnds()).toBeGreaterThan(0);
    digit("7");
    // invalidDestination "hangup": the box hangs up on the carrier.
    const bye = h.request(carrier, "BYE");
    expect(bye.callId).toBe(callId);
    expect(h.records[0]).toMatchObject({ status: "answered", trunk: "Carrier" });
  });

  test("a key whose extension has no phone registered counts as invalid: the menu replays", async () => {
    h.addExtension("103");
    menus.set(1, menu(1, { keys: { "3": "extension:103" } }));
    routes.push(route("ivr:1"));
    const callId = await carrierCalls("8000");
    answeredByBox(callId);
    await promptEnds();
    digit("3");
    expect(logs).toContain("IVR destination cannot take the call");
    expect(await promptEnds()).toBeGreaterThan(0);
    expect(h.engine.calls()[0]!.legs.map((l) => l.extension)).toEqual(["13800138000", "ivr:1"]);
  });

  test("a nested menu, then direct dialling of an extension number ended by the gap", async () => {
    menus.set(2, menu(2, { keys: {}, directDial: true }));
    routes.push(route("ivr:1"));
    const callId = await carrierCalls("8000");
    answeredByBox(callId);
    await promptEnds();
    digit("9");
    expect(await promptEnds()).toBeGreaterThan(0);
    digit("1");
    digit("0");
    digit("2");
    h.advance(DIRECT_DIAL_GAP_MS - 1);
    expect(h.has(bob, (m) => m.kind === "request")).toBe(false);
    h.advance(1);
    phoneAnswers(bob, "bob-tag");
    expect(h.engine.calls()[0]!.legs.map((l) => l.extension)).toEqual(["13800138000", "102"]);
  });
});

describe("time conditions as destinations", () => {
  test("open hours ring 101; after closing time the same route goes to the IVR", async () => {
    routes.push(route("time-condition:1"));
    h.clock.advance(FRIDAY_1759_MS - h.clock.now());
    await carrierCalls("8000");
    h.request(alice, "INVITE");
    h.advance(60_000);
    h.inbox = [];
    await carrierCalls("8000");
    // Closed: the IVR (menu 2) answers instead of ringing 101.
    h.response(carrier, 200);
    expect(h.has(alice, (m) => m.kind === "request" && m.method === "INVITE")).toBe(false);
    expect(h.engine.calls().some((c) => c.legs.some((l) => l.extension === "ivr:2"))).toBe(true);
  });
});
