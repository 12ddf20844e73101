// SPEC ROUTE-2 failover, on the engine with a manual clock: an outbound call tries its trunks
// in order. A trunk that never answers is given up after Timer B (64*T1, driven by hand), one
// answering busy or 503 or with every channel in use hands the call on, a 404 does not; the
// call record names the trunk that carried the call.
import { describe, expect, test } from "bun:test";
import { DigestServer } from "../sip/auth/digest-server.ts";
import type { SipRequest } from "../sip/message/message.ts";
import { TIMEOUT_64T1_MS } from "../sip/transaction/timer-values.ts";
import type { Flow } from "../sip/transport/transport.ts";
import {
  answerText,
  channelTrunk,
  dialWithDigest,
  extension,
  Harness,
  sdp,
} from "./call-engine.test-helper.ts";
import { failsOver } from "./failover-leg.ts";
import { CallRouter } from "./routing/call-router.ts";
import { type ChannelTrunk, trunkChannel } from "./trunk-channel.ts";

const alice: Flow = { protocol: "UDP", address: "198.51.100.10", port: 5062 };
const flows: Record<number, Flow> = {
  1: { protocol: "UDP", address: "203.0.113.1", port: 5060 },
  2: { protocol: "UDP", address: "203.0.113.2", port: 5070 },
  3: { protocol: "UDP", address: "203.0.113.3", port: 5080 },
};

function trunk(id: number, overrides: Partial<ChannelTrunk> = {}): ChannelTrunk {
  return channelTrunk(`Carrier ${id}`, flows[id]!, { username: `acct${id}`, ...overrides });
}

/** An engine whose route "0" tries trunks 1, 2, 3; `maxCalls` per trunk (0: no limit). */
function harness(
  maxCalls: Record<number, number> = {},
  trunks = [1, 2, 3],
  kinds: Record<number, ChannelTrunk["kind"]> = {},
) {
  const inUse = new Map<number, number>();
  const released: number[] = [];
  const router = new CallRouter({
    lookupIp: (n) => (n === "101" ? extension("101") : undefined),
    outbound: {
      plan: (dialled) =>
        dialled.startsWith("0")
          ? {
              prefix: "0",
              digits: dialled.slice(1),
              candidates: trunks.map((id) => ({
                channel: { kind: "trunk", trunk: String(id) } as const,
                digits: dialled.slice(1),
                callerId: "02112345678",
              })),
            }
          : undefined,
    },
  });
  const h = new Harness(60_000, {
    router,
    channels: {
      trunk: trunkChannel({
        trunk: (id) => (flows[id] ? trunk(id, kinds[id] ? { kind: kinds[id] } : {}) : undefined),
        credentials: (id) => ({ password: `pw${id}` }),
        acquire: (id) => {
          const n = inUse.get(id) ?? 0;
          if (maxCalls[id] !== undefined && n >= maxCalls[id])
            return { ok: false, reason: "all-busy" };
          inUse.set(id, n + 1);
          return {
            ok: true,
            release: () => {
              released.push(id);
              inUse.set(id, (inUse.get(id) ?? 1) - 1);
            },
          };
        },
      }),
    },
  });
  h.addExtension("101");
  h.register("101", alice);
  return { h, inUse, released };
}

/** 101 (alice) dials `callee` with its credentials. */
function dial(h: Harness, callee: string, callId: string): Promise<void> {
  return dialWithDigest(h, alice, "101", callee, callId);
}

describe("failover between trunks", () => {
  test("no answer until Timer B, then busy, then the third trunk answers; the record names it", async () => {
    const { h, inUse, released } = harness();
    await dial(h, "013800138000", "fo-1@alice");
    const first = h.request(flows[1]!, "INVITE");
    expect(first.uri).toBe("sip:13800138000@203.0.113.1:5060");
    expect(first.from?.uri).toBe("sip:acct1@203.0.113.1");
    expect(first.headers.get("p-asserted-identity")).toBe("<sip:02112345678@203.0.113.1>");
    // The trunk's codec order, not the caller's.
    expect(Buffer.from(first.body).toString()).toMatch(/m=audio \d+ RTP\/AVP 8 0/);
    expect(h.has(flows[2]!, (m) => m.kind === "request")).toBe(false);
    h.advance(TIMEOUT_64T1_MS - 1);
    expect(h.has(flows[2]!, (m) => m.kind === "request")).toBe(false);
    h.inbox = [];
    h.advance(1);
    const second = h.request(flows[2]!, "INVITE");
    expect(released).toEqual([1]);
    h.send(answerText(second, 486, { toTag: "busy" }), flows[2]!);
    const third = h.request(flows[3]!, "INVITE") as SipRequest;
    expect(released).toEqual([1, 2]);
    h.send(
      answerText(third, 200, {
        toTag: "far",
        body: sdp(8000, "8 101"),
        contact: "sip:x@203.0.113.3",
      }),
      flows[3]!,
    );
    h.response(alice, 200);
    expect(h.engine.calls()[0]?.legs.map((l) => l.extension)).toEqual(["101", "13800138000"]);
    expect(inUse.get(3)).toBe(1);
    h.engine.close();
    expect(inUse.get(3)).toBe(0);
    expect(h.records[0]).toMatchObject({
      type: "outbound",
      status: "answered",
      trunk: "Carrier 3",
    });
  });

  test("a trunk with every channel in use is skipped; a 503 hands on; the last refusal reaches the caller", async () => {
    const { h } = harness({ 1: 0 });
    await dial(h, "013800138000", "fo-2@alice");
    expect(h.has(flows[1]!, (m) => m.kind === "request")).toBe(false);
    const second = h.request(flows[2]!, "INVITE");
    h.send(answerText(second, 503, { toTag: "down" }), flows[2]!);
    const third = h.request(flows[3]!, "INVITE");
    h.send(answerText(third, 486, { toTag: "busy" }), flows[3]!);
    h.response(alice, 486);
    expect(h.records[0]).toMatchObject({
      status: "not-answered",
      reason: "busy",
      trunk: "Carrier 3",
    });
  });

  test("a trunk whose connection fails (refused, TLS refused) hands on at once, as a 503", async () => {
    const { h, released } = harness({}, [1, 2]);
    await dial(h, "013800138000", "fo-6@alice");
    h.request(flows[1]!, "INVITE");
    // What the stream transport reports when the connect is refused; no protocol time passes.
    h.stack.unreachable(flows[1]!, "ECONNREFUSED");
    await h.settle();
    h.request(flows[2]!, "INVITE");
    expect(released).toEqual([1]);
    h.stack.unreachable(flows[2]!, "TLS: DEPTH_ZERO_SELF_SIGNED_CERT");
    await h.settle();
    expect(released).toEqual([1, 2]);
    // With no trunk left the caller hears the engine's "unavailable", still without Timer B.
    h.response(alice, 480);
  });

  test("a 404 is the number's answer: no other trunk is tried", async () => {
    const { h } = harness();
    await dial(h, "0999", "fo-3@alice");
    const first = h.request(flows[1]!, "INVITE");
    h.send(answerText(first, 404, { toTag: "nope" }), flows[1]!);
    h.collect();
    expect(h.has(flows[2]!, (m) => m.kind === "request")).toBe(false);
    h.response(alice, 404);
  });

  test("a trunk that challenges gets its account's credentials", async () => {
    const { h } = harness({}, [2]);
    const far = new DigestServer({ realm: "carrier", clock: h.clock });
    await dial(h, "013800138000", "fo-4@alice");
    const first = h.request(flows[2]!, "INVITE");
    h.send(
      answerText(first, 401, { extra: far.challenge().map((c) => `WWW-Authenticate: ${c}`) }),
      flows[2]!,
    );
    const second = h.request(flows[2]!, "INVITE");
    const verified = far.verify(
      second.headers.get("authorization") ?? "",
      { method: "INVITE" },
      () => ({
        password: "pw2",
      }),
    );
    expect(verified).toMatchObject({ ok: true, username: "acct2" });
  });

  test("a peer trunk (another PBX, no account) gets the caller ID in From, without P-Asserted-Identity", async () => {
    const { h } = harness({}, [2], { 2: "peer" });
    await dial(h, "013800138000", "fo-5@alice");
    const invite = h.request(flows[2]!, "INVITE");
    expect(invite.from?.uri).toBe("sip:02112345678@203.0.113.2");
    expect(invite.headers.get("p-asserted-identity")).toBeUndefined();
  });

  test("which final answers fail over", () => {
    expect([408, 486, 500, 503, 600].every(failsOver)).toBe(true);
    expect([403, 404, 484, 487, 488].some(failsOver)).toBe(false);
  });
});
