// SPEC EXT-1 through the engine on a hand-driven clock: a department rings its members by its
// strategy, each step for the ring time, skipping members with no phone or in a call, and an
// unanswered call goes to the no-answer destination.

import { describe, expect, test } from "bun:test";
import type { SipRequest } from "../sip/message/message.ts";
import type { Flow } from "../sip/transport/transport.ts";
import {
  answerText,
  authorize,
  Harness,
  inDialogText,
  inviteText,
  sdp,
} from "./call-engine.test-helper.ts";
import { CallRouter } from "./routing/call-router.ts";
import { departmentNoAnswer, NOT_BUILT_STATUS } from "./routing/department-no-answer.ts";
import { type RingPolicy, ringPolicyOf } from "./routing/ring-strategy.ts";

const flow = (port: number): Flow => ({ protocol: "UDP", address: "198.51.100.10", port });
const alice = flow(5062);
const phone: Record<string, Flow> = {
  "201": flow(5201),
  "202": flow(5202),
  "203": flow(5203),
  "301": flow(5301),
};
const RING_MS = 15_000;

let callSeq = 0;

/** A box with extensions 101 (the caller), 201-203 and 301, and departments 600 and 700. */
function box(sales: RingPolicy & { members?: string[] }, registered = ["201", "202", "203"]) {
  const warnings: string[] = [];
  const log = {
    warn: (message: string, fields?: Record<string, unknown>) =>
      warnings.push(`${message} ${JSON.stringify(fields)}`),
  };
  const departments: Record<string, { name: string; members: string[]; ring: RingPolicy }> = {
    "600": { name: "Sales", members: sales.members ?? ["201", "202", "203"], ring: sales },
    "700": {
      name: "Support",
      members: ["301"],
      ring: { strategy: "ring-all", noAnswer: "hangup" },
    },
  };
  const router: CallRouter = new CallRouter({
    lookupIp: (n) => h.directory.get(n),
    department: (n) => departments[n],
    hooks: [departmentNoAnswer((n) => router.resolve(n), log)],
  });
  const h = new Harness(60_000, { router });
  for (const n of ["101", "201", "202", "203", "301"]) h.addExtension(n);
  h.register("101", alice);
  for (const n of [...registered, "301"]) h.register(n, phone[n]!);
  return { h, warnings };
}

async function dial(h: Harness, callee = "600"): Promise<string> {
  const callId = `dept-${callSeq++}@alice`;
  h.send(inviteText(alice, "101", callee, sdp(4000), { callId }), alice);
  const authorization = authorize(h.response(alice, 401), "101", `sip:${callee}@192.0.2.1`);
  h.send(inviteText(alice, "101", callee, sdp(4000), { callId, cseq: 2, authorization }), alice);
  await h.settle();
  return callId;
}

/** The numbers whose phones got an INVITE since the last look (taking them). */
function invited(h: Harness): string[] {
  return Object.entries(phone).flatMap(([number, f]) =>
    h.has(f, (m) => m.kind === "request" && m.method === "INVITE") ? [number] : [],
  );
}

function ringing(h: Harness, number: string): SipRequest {
  const invite = h.request(phone[number]!, "INVITE");
  h.send(answerText(invite, 180, { toTag: `t${number}` }), phone[number]!);
  return invite;
}

function answer(h: Harness, number: string, invite: SipRequest): void {
  const body = sdp(6000, "0 101");
  h.send(
    answerText(invite, 200, {
      toTag: `t${number}`,
      body,
      contact: `sip:${number}@198.51.100.10:${phone[number]!.port}`,
    }),
    phone[number]!,
  );
  h.request(phone[number]!, "ACK");
}

/** The phone that answered `invite` hangs up. */
function hangUp(h: Harness, number: string, invite: SipRequest): void {
  const dialog = {
    uri: "sip:pbx@192.0.2.1",
    from: `${invite.headers.get("to")!};tag=t${number}`,
    to: invite.headers.get("from")!,
    callId: invite.callId!,
    cseq: 1,
  };
  h.send(inDialogText("BYE", phone[number]!, dialog), phone[number]!);
}

describe("a department ringing in order", () => {
  test("one member at a time for the ring time, skipping one with no phone, then the no-answer destination answers", async () => {
    const { h } = box(
      {
        strategy: "in-order",
        ringTimeMs: RING_MS,
        noAnswer: "extension:301",
        members: ["201", "203", "202"],
      },
      ["201", "202"],
    );
    await dial(h);
    expect(invited(h)).toEqual(["201"]);
    ringing(h, "201");
    h.advance(RING_MS - 1);
    expect(invited(h)).toEqual([]);
    h.advance(1);
    h.request(phone["201"]!, "CANCEL");
    // 203 has no registered phone: 202 rings next.
    expect(invited(h)).toEqual(["202"]);
    ringing(h, "202");
    h.advance(RING_MS);
    h.request(phone["202"]!, "CANCEL");
    expect(invited(h)).toEqual(["301"]);
    const invite = ringing(h, "301");
    answer(h, "301", invite);
    h.response(alice, 200);
    hangUp(h, "301", invite);
    expect(h.records.at(-1)).toMatchObject({
      callee: "600",
      finalCallee: "301",
      status: "answered",
    });
  });

  test("a member's busy moves on at once; a member in a call is not rung at all", async () => {
    const { h } = box({ strategy: "in-order", ringTimeMs: RING_MS, noAnswer: "hangup" });
    // 201 takes a call of its own first (direct to 201).
    await dial(h, "201");
    const own = h.request(phone["201"]!, "INVITE");
    answer(h, "201", own);
    h.response(alice, 200);
    await dial(h);
    // 201 is in a call: 202 first; its busy brings 203 at once.
    expect(invited(h)).toEqual(["202"]);
    const invite = h.request(phone["202"]!, "INVITE");
    h.send(answerText(invite, 486, { toTag: "t202" }), phone["202"]!);
    expect(invited(h)).toEqual(["203"]);
    ringing(h, "203");
    h.advance(RING_MS);
    h.request(phone["203"]!, "CANCEL");
    // Nobody answered and the destination is hangup: the caller gets 480.
    h.response(alice, 480);
    expect(h.records.at(-1)).toMatchObject({
      callee: "600",
      status: "not-answered",
      reason: "no-answer",
    });
  });
});

describe("the department's own ring time", () => {
  test("in order, each member rings for the department's ring time, not the box's 60 s", async () => {
    const stored = {
      ringStrategy: "in-order",
      ringTimeS: 20,
      noAnswerDestination: "hangup",
    } as const;
    const { h } = box({ ...ringPolicyOf(stored), members: ["201", "202"] });
    await dial(h);
    expect(invited(h)).toEqual(["201"]);
    ringing(h, "201");
    h.advance(19_999);
    expect(invited(h)).toEqual([]);
    h.advance(1);
    h.request(phone["201"]!, "CANCEL");
    expect(invited(h)).toEqual(["202"]);
    ringing(h, "202");
    h.advance(20_000);
    h.request(phone["202"]!, "CANCEL");
    h.response(alice, 480);
  });

  test("no ring time of its own (null or 0) rings for the box's ring time", async () => {
    for (const ringTimeS of [null, 0]) {
      const stored = {
        ringStrategy: "in-order",
        ringTimeS,
        noAnswerDestination: "hangup",
      } as const;
      const { h } = box({ ...ringPolicyOf(stored), members: ["201", "202"] });
      await dial(h);
      expect(invited(h)).toEqual(["201"]);
      ringing(h, "201");
      h.advance(59_999);
      expect(invited(h)).toEqual([]);
      h.advance(1);
      h.request(phone["201"]!, "CANCEL");
      expect(invited(h)).toEqual(["202"]);
    }
  });
});

describe("round robin", () => {
  test("each call starts after the member tried last, remembered across calls", async () => {
    const { h } = box({ strategy: "round-robin", ringTimeMs: RING_MS, noAnswer: "hangup" });
    const firsts: string[] = [];
    for (let i = 0; i < 4; i++) {
      await dial(h);
      const [first] = invited(h);
      firsts.push(first!);
      const invite = ringing(h, first!);
      answer(h, first!, invite);
      hangUp(h, first!, invite);
      h.inbox = [];
    }
    expect(firsts).toEqual(["201", "202", "203", "201"]);
  });
});

describe("ring all", () => {
  test("every member at once for the box's ring time when the department sets none", async () => {
    const { h } = box({ strategy: "ring-all", noAnswer: "department:700" });
    await dial(h);
    expect(invited(h)).toEqual(["201", "202", "203"]);
    for (const n of ["201", "202", "203"]) ringing(h, n);
    h.advance(60_000);
    for (const n of ["201", "202", "203"]) h.request(phone[n]!, "CANCEL");
    // The no-answer destination is department 700, whose member 301 rings.
    expect(invited(h)).toEqual(["301"]);
  });
});

describe("the no-answer destination", () => {
  test("nobody can ring: the no-answer destination rings at once", async () => {
    const { h } = box({ strategy: "in-order", noAnswer: "extension:301" }, []);
    await dial(h);
    expect(invited(h)).toEqual(["301"]);
  });

  test("a department whose no-answer destination is itself ends the call instead of ringing again", async () => {
    const { h } = box({
      strategy: "in-order",
      ringTimeMs: RING_MS,
      noAnswer: "department:600",
      members: ["201"],
    });
    await dial(h);
    ringing(h, "201");
    h.advance(RING_MS);
    h.request(phone["201"]!, "CANCEL");
    expect(invited(h)).toEqual([]);
    h.response(alice, 480);
  });

  test("a queue is not built: the caller gets 501 and the log says why", async () => {
    const { h, warnings } = box({
      strategy: "in-order",
      ringTimeMs: RING_MS,
      noAnswer: "queue:201",
      members: ["201"],
    });
    await dial(h);
    ringing(h, "201");
    h.advance(RING_MS);
    h.request(phone["201"]!, "CANCEL");
    h.response(alice, NOT_BUILT_STATUS);
    expect(warnings.join("\n")).toContain("queue:201");
    expect(h.records.at(-1)).toMatchObject({ status: "not-answered", sipStatus: NOT_BUILT_STATUS });
  });

  test("nobody can ring and the destination is a queue: 501 at once", async () => {
    const { h, warnings } = box({ strategy: "ring-all", noAnswer: "queue:5" }, []);
    await dial(h);
    h.response(alice, NOT_BUILT_STATUS);
    expect(warnings).toHaveLength(1);
  });
});
