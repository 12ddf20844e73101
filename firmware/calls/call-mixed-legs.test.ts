// One call model for every mix of legs: a SIP phone calling an analog handset on the simulated
// board (real line drivers, virtual phone), with music on hold of the holding extension's
// class reaching the handset; and the routing step's outcome hook sending a busy call on.

import { describe, expect, test } from "bun:test";
import { goertzelPower } from "../../media/dsp/goertzel.ts";
import { TonePlayer } from "../../media/dsp/tone-player.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { simLines } from "../lines/sim-lines.test-helper.ts";
import { DigestServer } from "../sip/auth/digest-server.ts";
import type { SipRequest } from "../sip/message/message.ts";
import type { Flow } from "../sip/transport/transport.ts";
import {
  answerText,
  authorize,
  extension,
  fakeMediaPort,
  Harness,
  inDialogText,
  inviteText,
  sdp,
} from "./call-engine.test-helper.ts";
import { LegMedia } from "./leg-media.ts";
import { CallRouter } from "./routing/call-router.ts";
import type { RoutingHook } from "./routing/routing-hooks.ts";
import { SipCalleeLeg } from "./sip-callee-leg.ts";

const alice: Flow = { protocol: "UDP", address: "198.51.100.10", port: 5062 };
const bob: Flow = { protocol: "UDP", address: "198.51.100.20", port: 5064 };
const carol: Flow = { protocol: "UDP", address: "198.51.100.30", port: 5066 };

/** Each class's music is a tone of its own, so the test can tell which one is heard. */
const CLASS_HZ: Record<string, number> = { default: 400, lobby: 1000 };
const classMusic = (mohClass: string) =>
  new TonePlayer({
    components: [{ freqHz: CLASS_HZ[mohClass] ?? 400, levelDbm0: -10 }],
    cadenceMs: [],
  });

/** Share of the frames' energy at `hz` (1 = a pure tone). */
function share(frames: readonly Int16Array[], hz: number): number {
  const pcm = new Int16Array(frames.length * 160);
  for (const [i, f] of frames.entries()) pcm.set(f.subarray(0, 160), i * 160);
  let energy = 0;
  for (const s of pcm) energy += s * s;
  if (energy === 0) return 0;
  return (2 * goertzelPower(pcm, 0, pcm.length, hz, 8000)) / pcm.length / energy;
}

async function dial(h: Harness, callee: string, callId: string): Promise<void> {
  h.send(inviteText(alice, "101", callee, sdp(4000), { callId }), alice);
  const challenge = h.response(alice, 401);
  const authorization = authorize(challenge, "101", `sip:${callee}@192.0.2.1`);
  h.send(inviteText(alice, "101", callee, sdp(4000), { callId, cseq: 2, authorization }), alice);
  await h.settle();
}

describe("a SIP phone and an analog handset in one call", () => {
  test("the handset hears the holding extension's music class while the SIP phone holds", async () => {
    const sim = await simLines();
    const media = Object.assign(fakeMediaPort(), { music: classMusic });
    const routed = new Harness(60_000, {
      media,
      router: new CallRouter({
        lookupIp: (n) => (n === "101" ? extension("101") : undefined),
        analogPort: (n) => (n === "8002" ? 2 : undefined),
      }),
      ports: {
        fxs: (port) => sim.lines.fxsLine(port),
        fxsExtension: (port) => (port === 2 ? { number: "8002", name: "" } : undefined),
        fxo: () => sim.lines.fxo,
      },
      profile: (n) => (n === "101" ? { mohClass: "lobby" } : undefined),
    });
    routed.addExtension("101");
    routed.register("101", alice);
    const callId = "moh-fxs@alice";
    await dial(routed, "8002", callId);
    await sim.clock.advanceAsync(500);
    const handset = sim.board.phones[1]!;
    expect(handset.isRinging()).toBe(true);
    handset.offHook();
    await sim.clock.advanceAsync(200);
    routed.collect();
    const ok = routed.response(alice, 200);
    expect(routed.engine.calls()[0]?.legs.map((l) => l.kind)).toEqual(["sip", "fxs"]);
    const dialog = {
      uri: "sip:pbx@192.0.2.1",
      from: ok.headers.get("from")!,
      to: ok.headers.get("to")!,
      callId,
    };
    routed.send(inDialogText("ACK", alice, { ...dialog, cseq: 2 }), alice);

    /** Runs both clocks 20 ms at a time: the engine plays, the board carries it to the phone. */
    const run = async (ms: number) => {
      for (let t = 0; t < ms; t += 20) {
        routed.clock.advance(20);
        await sim.clock.advanceAsync(20);
      }
    };
    routed.send(
      inDialogText("INVITE", alice, { ...dialog, cseq: 3 }, sdp(4000, "0 101", "sendonly")),
      alice,
    );
    expect(Buffer.from(routed.response(alice, 200).body).toString()).toContain("a=recvonly");
    routed.send(inDialogText("ACK", alice, { ...dialog, cseq: 3 }), alice);
    await run(1000);
    const held = handset.heardFrames().slice(-25);
    expect(share(held, 1000)).toBeGreaterThan(0.8);
    expect(share(held, 400)).toBeLessThan(0.1);

    routed.send(inDialogText("INVITE", alice, { ...dialog, cseq: 4 }, sdp(4000, "0 101")), alice);
    const resumed = routed.take(
      alice,
      (m) => m.kind === "response" && m.status === 200 && m.cseq?.seq === 4,
    );
    expect(Buffer.from(resumed.body).toString()).toContain("a=sendrecv");
    routed.send(inDialogText("ACK", alice, { ...dialog, cseq: 4 }), alice);
    await run(1000);
    // Resumed: the music stopped; the handset hears the SIP phone (silent here), not 1 kHz.
    expect(share(handset.heardFrames().slice(-25), 1000)).toBeLessThan(0.1);

    handset.onHook();
    // Longer than a hook flash: the line takes it as hanging up.
    await sim.clock.advanceAsync(1500);
    routed.collect();
    expect(routed.request(alice, "BYE")).toBeDefined();
    expect(routed.records[0]).toMatchObject({
      caller: { number: "101" },
      callee: "8002",
      status: "answered",
      type: "internal",
    });
  });
});

describe("routing hooks in a call", () => {
  test("a hook that sends busy on: 102 answers 486, 103 rings and answers, the record says 103", async () => {
    const redirectBusy: RoutingHook = {
      onOutcome: (destination, outcome) =>
        outcome === "busy" && destination.number === "102" ? router.resolve("103") : undefined,
    };
    const directory = new Map<string, ReturnType<Harness["directory"]["get"]>>();
    const router: CallRouter = new CallRouter({
      lookupIp: (n) => directory.get(n),
      hooks: [redirectBusy],
    });
    const h = new Harness(60_000, { router });
    for (const n of ["101", "102", "103"]) h.addExtension(n);
    for (const [n, v] of h.directory) directory.set(n, v);
    h.register("101", alice);
    h.register("102", bob);
    h.register("103", carol);
    await dial(h, "102", "busy-on@alice");
    const toBob = h.request(bob, "INVITE") as SipRequest;
    h.send(answerText(toBob, 486, { toTag: "bob-busy" }), bob);
    h.collect();
    expect(h.has(alice, (m) => m.kind === "response" && m.status === 486)).toBe(false);
    const toCarol = h.request(carol, "INVITE") as SipRequest;
    expect(toCarol.from?.uri).toBe("sip:101@192.0.2.1");
    h.send(
      answerText(toCarol, 200, {
        toTag: "carol-tag",
        body: sdp(7000, "0 101"),
        contact: "sip:103@198.51.100.30:5066",
      }),
      carol,
    );
    h.response(alice, 200);
    expect(h.engine.calls()[0]?.legs.map((l) => l.extension)).toEqual(["101", "103"]);
    h.engine.close();
    expect(h.records[0]).toMatchObject({ callee: "102", finalCallee: "103", status: "answered" });
  });

  test("without a hook the busy 486 reaches the caller", async () => {
    const h = new Harness();
    h.addExtension("101");
    h.addExtension("102");
    h.register("101", alice);
    h.register("102", bob);
    await dial(h, "102", "busy@alice");
    const toBob = h.request(bob, "INVITE") as SipRequest;
    h.send(answerText(toBob, 486, { toTag: "bob-busy" }), bob);
    h.response(alice, 486);
    expect(h.records[0]).toMatchObject({ reason: "busy", status: "not-answered" });
  });
});

describe("an outbound provider and a channel opener of another kind", () => {
  test("a trunk candidate: the opener's SIP leg answers the far end's 407 with credentials", async () => {
    const trunk: Flow = { protocol: "UDP", address: "203.0.113.5", port: 5060 };
    const far = new DigestServer({ realm: "carrier", clock: new ManualClock() });
    const router = new CallRouter({
      lookupIp: (n) => (n === "101" ? extension("101") : undefined),
      outbound: {
        plan: (dialled) =>
          dialled.startsWith("0")
            ? {
                prefix: "0",
                digits: dialled.slice(1),
                candidates: [
                  { channel: { kind: "trunk", trunk: "carrier" }, digits: dialled.slice(1) },
                ],
              }
            : undefined,
      },
    });
    const h = new Harness(60_000, {
      router,
      channels: {
        trunk: (candidate, opening) => {
          const media = new LegMedia(opening.media.session.b, opening.media.address, ["PCMA"]);
          const target = {
            uri: `sip:${candidate.digits}@203.0.113.5`,
            flow: trunk,
            number: candidate.digits,
            domain: "203.0.113.5",
            fromUri: "sip:acct42@203.0.113.5",
            credentials: { username: "acct42", password: "trunk-pass" },
          };
          return new SipCalleeLeg(
            opening.id,
            target,
            media,
            "rfc4733",
            opening.sip,
            media.offer(),
            {
              side: "b",
              internal: false,
            },
          );
        },
      },
    });
    h.addExtension("101");
    h.register("101", alice);
    await dial(h, "013800138000", "out@alice");
    const first = h.request(trunk, "INVITE") as SipRequest;
    expect(first.uri).toBe("sip:13800138000@203.0.113.5");
    expect(first.from?.uri).toBe("sip:acct42@203.0.113.5");
    const challenge = answerText(first, 407, {
      extra: far.challenge().map((c) => `Proxy-Authenticate: ${c}`),
    });
    h.send(challenge, trunk);
    const second = h.request(trunk, "INVITE") as SipRequest;
    expect(second.callId).toBe(first.callId);
    expect(second.cseq?.seq).toBe(2);
    const verified = far.verify(
      second.headers.get("proxy-authorization") ?? "",
      { method: "INVITE" },
      () => ({ password: "trunk-pass" }),
    );
    expect(verified).toMatchObject({ ok: true, username: "acct42" });
    h.send(
      answerText(second, 200, {
        toTag: "far",
        body: sdp(8000, "8 101"),
        contact: "sip:x@203.0.113.5",
      }),
      trunk,
    );
    h.response(alice, 200);
    expect(h.engine.calls()[0]?.legs.map((l) => l.extension)).toEqual(["101", "13800138000"]);
    h.engine.close();
    expect(h.records[0]).toMatchObject({
      callee: "013800138000",
      type: "outbound",
      status: "answered",
    });
  });
});

describe("a SIP caller admitted elsewhere (a trunk's far end)", () => {
  test("acceptInvite: an external caller reaches an extension; the call is inbound, no BLF for it", async () => {
    const h = new Harness();
    h.addExtension("102");
    h.register("102", bob);
    const trunk: Flow = { protocol: "UDP", address: "203.0.113.5", port: 5060 };
    h.stack.on("INVITE", {
      handle: (incoming) =>
        h.engine.acceptInvite(
          incoming,
          {
            number: "13800138000",
            displayName: "",
            codecs: ["PCMA"],
            dtmfMode: "rfc4733",
            internal: false,
          },
          "102",
          "inbound",
        ),
    });
    h.send(
      inviteText(trunk, "13800138000", "+8657112345", sdp(9000, "8 101"), { callId: "in@trunk" }),
      trunk,
    );
    await h.settle();
    const invite = h.request(bob, "INVITE") as SipRequest;
    expect(invite.from?.uri).toBe("sip:13800138000@192.0.2.1");
    h.send(
      answerText(invite, 200, { toTag: "b", body: sdp(6000, "0 101"), contact: "sip:102@x" }),
      bob,
    );
    h.response(trunk, 200);
    expect(h.engine.extensionState("102")).toBe("busy");
    expect(h.engine.extensionState("13800138000")).toBe("idle");
    h.engine.close();
    expect(h.records[0]).toMatchObject({ type: "inbound", status: "answered", callee: "102" });
  });
});
