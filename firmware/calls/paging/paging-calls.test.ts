import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { FakeAudio } from "../conference/conference.test-helper.ts";
import type { InviteLeg } from "../conference/invite-leg.ts";
import type { CallingLeg, Leg } from "../leg.ts";
import { PagingCalls } from "./paging-calls.ts";
import type { PagingGroup } from "./paging-group-store.ts";
import type { PagingLeg } from "./paging-leg.ts";

const CALLER = { number: "101", displayName: "Desk 101" };

function setup(
  options: { registered?: string[]; mode?: "simplex" | "duplex"; dnd?: string[] } = {},
) {
  const clock = new ManualClock();
  const group: PagingGroup = {
    id: 1,
    number: "600",
    name: "Dock",
    mode: options.mode ?? "simplex",
    members: ["101", "102", "103", "8001"],
  };
  const rung: { member: string; leg: InviteLeg; from: string }[] = [];
  const registered = new Set(options.registered ?? ["101", "102", "103"]);
  const paging = new PagingCalls({
    clock,
    group: (number) => (number === "600" ? group : undefined),
    isIpExtension: (number) => ["101", "102", "103", "104"].includes(number),
    registered: (number) => registered.has(number),
    refusesCalls: (number) => (options.dnd ?? []).includes(number),
    callMember: async (member, leg: CallingLeg, from) => {
      rung.push({ member, leg: leg as InviteLeg, from: from.number });
      return { ok: true };
    },
  });
  return { clock, paging, rung };
}

/** Opens what `dialled` names as 101's call, and connects 101's audio. */
function dial(s: ReturnType<typeof setup>, dialled: string, audio: FakeAudio) {
  const destination = s.paging.application(dialled);
  if (!destination) throw new Error(`${dialled} is not paging`);
  const opened = s.paging.open(
    { kind: "application", number: dialled, ...destination },
    { id: "c1", callId: "c1", caller: CALLER, forward: () => false },
  );
  if ("status" in opened) return { status: opened.status, ended: () => false };
  const leg = opened as PagingLeg;
  let ended = false;
  leg.listen({
    onRinging: () => {},
    onAnswered: () => {},
    onEnded: () => {
      ended = true;
    },
  } as never);
  leg.alert(CALLER);
  leg.joined({ audio } as unknown as Leg);
  return { leg, ended: () => ended };
}

describe("PagingCalls (CALL-6)", () => {
  test("a group's number is paging; *50 / *51 are rung by the engine, not here", () => {
    const s = setup();
    expect(s.paging.application("600")).toEqual({ app: "paging", argument: "group:600" });
    expect(s.paging.application("601")).toBeUndefined();
    expect(s.paging.application("*50102#")).toBeUndefined();
  });

  test("nobody to page: a group whose only registered member is the caller is 480", () => {
    const s = setup({ registered: ["101"] });
    const audio = new FakeAudio(s.clock, 500);
    // The caller is never paged by its own group, nor an analog member.
    expect(dial(s, "600", audio)).toMatchObject({ status: 480 });
  });

  test("a simplex group: every registered IP member rung as the caller, hears the caller only", () => {
    const s = setup();
    const caller = new FakeAudio(s.clock, 500);
    const call = dial(s, "600", caller);
    expect(s.rung.map((r) => [r.member, r.from])).toEqual([
      ["102", "101"],
      ["103", "101"],
    ]);
    const members = [new FakeAudio(s.clock, 700), new FakeAudio(s.clock, 1100)];
    for (const [i, r] of s.rung.entries()) r.leg.joined({ audio: members[i] } as unknown as Leg);
    s.clock.advance(2000);
    for (const m of members) {
      expect(m.hears(500)).toBeGreaterThan(0.9);
      expect(m.hears(700) + m.hears(1100)).toBe(0);
    }
    expect(caller.hears(700) + caller.hears(1100)).toBe(0);
    // The caller hangs up: every member's call ends.
    call.leg!.hangup();
    expect(s.rung.every((r) => r.leg.state === "ended")).toBe(true);
    expect(s.paging.live()).toEqual([]);
  });

  test("a member on DND is not paged; a group whose members all are is 480", () => {
    const s = setup({ dnd: ["103"] });
    dial(s, "600", new FakeAudio(s.clock, 500));
    expect(s.rung.map((r) => r.member)).toEqual(["102"]);
    const all = setup({ dnd: ["102", "103"] });
    expect(dial(all, "600", new FakeAudio(all.clock, 500))).toMatchObject({ status: 480 });
    expect(all.rung).toEqual([]);
  });

  test("a duplex group: members are heard; the last member hanging up ends the caller's call", () => {
    const s = setup({ mode: "duplex", registered: ["101", "102"] });
    const caller = new FakeAudio(s.clock, 500);
    const call = dial(s, "600", caller);
    const callee = new FakeAudio(s.clock, 700);
    s.rung[0]!.leg.joined({ audio: callee } as unknown as Leg);
    s.clock.advance(2000);
    expect(callee.hears(500)).toBeGreaterThan(0.9);
    expect(caller.hears(700)).toBeGreaterThan(0.9);
    expect(call.ended()).toBe(false);
    s.rung[0]!.leg.hangup();
    expect(call.ended()).toBe(true);
  });
});
