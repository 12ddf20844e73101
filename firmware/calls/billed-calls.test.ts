// SPEC BILL-2, BILL-8 on the engine with a manual clock and the real ledger (a SQLite file):
// a billed caller out of money hears "insufficient balance" as early media (183) before its
// 403, and nothing rings out; a locked one hears "no permission". An answered call is rated
// and reserved at answer; the caller hears the warning 10 s before a minute it cannot pay, and
// at the end of its paid time both sides get BYE; the charge is settled once, with the record.
// A PIN route is charged from the far end's answer, not while the caller keys the PIN.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { billedExtension101 } from "../billing/billed-extension.test-helper.ts";
import type { BillingService } from "../billing/billing-service.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import type { Flow } from "../sip/transport/transport.ts";
import { WARNING_LEAD_MS } from "./call-charge.ts";
import {
  answerText,
  channelTrunk,
  dialWithDigest,
  extension,
  Harness,
  inDialogText,
  sdp,
} from "./call-engine.test-helper.ts";
import { CallRouter } from "./routing/call-router.ts";
import { trunkChannel } from "./trunk-channel.ts";

const alice: Flow = { protocol: "UDP", address: "198.51.100.10", port: 5062 };
const carrier: Flow = { protocol: "UDP", address: "203.0.113.1", port: 5060 };
/** Prompts by name, each a distinct length so the test can tell which one played. */
const PROMPTS: Record<string, number> = {
  "call/insufficient-balance": 17,
  "call/no-permission": 23,
};

let open: OpenDatabase;
let billing: BillingService;

beforeEach(() => {
  // 0.10 per started minute to numbers starting 0.
  ({ open, billing } = billedExtension101("0"));
});
afterEach(() => open.close());

function harness(pin?: string) {
  const router = new CallRouter({
    lookupIp: (n) => (n === "101" ? extension("101") : undefined),
    outbound: {
      plan: (dialled) =>
        dialled.startsWith("0")
          ? {
              prefix: "0",
              digits: dialled.slice(1),
              candidates: [
                { channel: { kind: "trunk", trunk: "1" } as const, digits: dialled.slice(1) },
              ],
              ...(pin ? { pinCheck: (entered: string) => entered === pin } : {}),
            }
          : undefined,
    },
  });
  const h = new Harness(60_000, {
    router,
    billing,
    voice: {
      clip: (_lang, name) => (PROMPTS[name] ? new Int16Array(160 * PROMPTS[name]) : undefined),
      lanAddress: () => undefined,
      wanAddress: () => undefined,
    },
    channels: {
      trunk: trunkChannel({
        trunk: () => channelTrunk("Carrier", carrier, { kind: "peer" }),
        credentials: () => ({ password: "" }),
        acquire: () => ({ ok: true, release: () => {} }),
      }),
    },
  });
  h.addExtension("101");
  h.register("101", alice);
  return h;
}

/** 101 (alice) dials `callee` with its credentials. */
function dial(h: Harness, callee: string, callId: string): Promise<void> {
  return dialWithDigest(h, alice, "101", callee, callId);
}

/** The 20 ms frames of every prompt played to the caller since the last look. */
function heard(h: Harness): number {
  return h.media.sessions.at(-1)!.a.drain();
}

describe("billed outbound calls", () => {
  test("out of money: the prompt as early media, then 403; nothing rings out", async () => {
    const h = harness();
    await dial(h, "013800138000", "b-1@alice");
    h.response(alice, 183);
    // The lead-in, the prompt and the tail.
    expect(heard(h)).toBe(25 + PROMPTS["call/insufficient-balance"]! + 15);
    await h.settle();
    expect(h.response(alice, 403)).toBeDefined();
    expect(h.has(carrier, (m) => m.kind === "request")).toBe(false);
    expect(h.records[0]).toMatchObject({ status: "not-answered", sipStatus: 403 });
  });

  test("locked: 'no permission', then 403", async () => {
    billing.accounts.topUp(["101"], 100, "billing", 0);
    billing.accounts.update(["101"], { locked: true });
    const h = harness();
    await dial(h, "013800138000", "b-2@alice");
    h.response(alice, 183);
    expect(heard(h)).toBe(25 + PROMPTS["call/no-permission"]! + 15);
    await h.settle();
    h.response(alice, 403);
    expect(h.has(carrier, (m) => m.kind === "request")).toBe(false);
  });

  test("money for two minutes: warned at 110 s, both sides hung up at 120 s, charged 0.20 once", async () => {
    billing.accounts.topUp(["101"], 20, "billing", 0);
    const h = harness();
    await dial(h, "013800138000", "b-3@alice");
    const out = h.request(carrier, "INVITE");
    h.send(answerText(out, 200, { toTag: "far", body: sdp(8000, "8 101") }), carrier);
    const ok = h.response(alice, 200);
    const dialog = {
      uri: "sip:pbx@192.0.2.1",
      from: ok.headers.get("from")!,
      to: ok.headers.get("to")!,
    };
    h.send(inDialogText("ACK", alice, { ...dialog, callId: "b-3@alice", cseq: 2 }), alice);
    expect(billing.accounts.get("101")!.reservedMinor).toBe(10);
    heard(h);
    h.advance(120_000 - WARNING_LEAD_MS - 1);
    expect(heard(h)).toBe(0);
    h.advance(1);
    expect(heard(h)).toBe(PROMPTS["call/insufficient-balance"]!);
    h.inbox = [];
    h.advance(WARNING_LEAD_MS);
    expect(h.request(alice, "BYE")).toBeDefined();
    expect(h.request(carrier, "BYE")).toBeDefined();
    expect(h.records[0]).toMatchObject({ status: "answered", reason: "insufficient-funds" });
    expect(billing.accounts.get("101")).toMatchObject({ balanceMinor: 0, reservedMinor: 0 });
    const [charge] = billing.reports.calls({}).items;
    expect(charge).toMatchObject({ costMinor: 20 });
  });

  test("a PIN route: the time spent keying the PIN is not charged", async () => {
    billing.accounts.topUp(["101"], 100, "billing", 0);
    const h = harness("2580");
    await dial(h, "013800138000", "b-4@alice");
    // The box answers for the prompt: nothing is reserved yet.
    const ok = h.response(alice, 200);
    const dialog = {
      uri: "sip:pbx@192.0.2.1",
      from: ok.headers.get("from")!,
      to: ok.headers.get("to")!,
    };
    h.send(inDialogText("ACK", alice, { ...dialog, callId: "b-4@alice", cseq: 2 }), alice);
    h.advance(15_000);
    expect(billing.accounts.get("101")!.reservedMinor).toBe(0);
    const session = h.media.sessions.at(-1)!;
    for (const digit of "2580#") session.emit({ type: "digit", side: "a", digit, durationMs: 100 });
    await h.settle();
    const out = h.request(carrier, "INVITE");
    h.send(answerText(out, 200, { toTag: "far", body: sdp(8000, "8 101") }), carrier);
    await h.settle();
    expect(billing.accounts.get("101")!.reservedMinor).toBe(10);
    // 50 s of talk after the far end answered: one started minute; the 15 s of PIN are free.
    h.advance(50_000);
    h.engine.close();
    expect(billing.accounts.get("101")).toMatchObject({ balanceMinor: 90, reservedMinor: 0 });
  });
});
