// The rooms service on a hand-driven clock: a caller dials in through the conference leg the
// engine would open, keys the admin PIN, and invites with 0, the number, then *# or **. The
// engine's placing of the invitation is played by the test (it answers with a fake party).
import { expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { openTestDatabase } from "../../db/test-database.ts";
import type { CalledLeg, CallingLeg, JoiningLeg, Leg, LegListener } from "../leg.ts";
import { FakeAudio } from "./conference.test-helper.ts";
import { ConferenceRoomStore } from "./conference-room-store.ts";
import { ConferenceRooms } from "./conference-rooms.ts";

const listener: LegListener = {
  onRinging: () => {},
  onAnswered: () => {},
  onFailed: () => {},
  onEnded: () => {},
  onHold: () => {},
  onDigit: () => {},
};

function setUp() {
  const clock = new ManualClock();
  const placed: { calling: CallingLeg & JoiningLeg; number: string; from: string }[] = [];
  const rooms = new ConferenceRooms({
    clock,
    store: new ConferenceRoomStore(openTestDatabase().db),
    music: () => ({ nextFrame: () => new Int16Array(160) }),
    clip: () => new Int16Array(800),
    isExtension: () => true,
    place: (calling, from, number) =>
      void placed.push({ calling: calling as CallingLeg & JoiningLeg, number, from: from.number }),
  });
  /** `number` calls room 91 with its own tone and keys `pin`#. */
  const dialIn = async (number: string, hz: number, pin: string) => {
    const audio = new FakeAudio(clock, hz);
    const opened = rooms.open(
      { kind: "application", number: "91", app: "conference", argument: "91" },
      {
        id: `leg-${number}`,
        callId: `call-${number}`,
        caller: { number, displayName: "" },
        forward: () => false,
      },
    ) as CalledLeg & JoiningLeg;
    opened.listen(listener);
    opened.alert({ number, displayName: "" });
    opened.joined({ audio } as unknown as Leg);
    clock.advance(500);
    await keys(opened, `${pin}#`);
    return { leg: opened, audio };
  };
  const keys = async (leg: Leg, digits: string) => {
    for (const d of digits) leg.sendDigit(d, 100);
    await Promise.resolve();
  };
  return { clock, rooms, placed, dialIn, keys };
}

test("the admin's 0, number, #: the invitation is placed as the admin; *# drops it and the admin hears the room again", async () => {
  const { clock, rooms, placed, dialIn, keys } = setUp();
  const guest = await dialIn("302", 700, "1234");
  const admin = await dialIn("301", 500, "2345");
  expect(rooms.get("91")!.participants.map((p) => [p.number, p.admin])).toEqual([
    ["302", false],
    ["301", true],
  ]);
  clock.advance(1000);
  expect(admin.audio.hears(700)).toBeGreaterThan(0.8);
  await keys(admin.leg, "0");
  clock.advance(1000);
  expect(admin.audio.hears(700, 25)).toBeLessThan(0.1);
  await keys(admin.leg, "303#");
  expect(placed.map((p) => [p.number, p.from])).toEqual([["303", "301"]]);
  // The invited party answers: the admin talks with it alone; the guest hears nobody.
  const invited = new FakeAudio(clock, 1100);
  const inviteLeg = placed[0]!.calling;
  inviteLeg.listen(listener);
  inviteLeg.joined({ audio: invited } as unknown as Leg);
  clock.advance(1000);
  expect(admin.audio.hears(1100)).toBeGreaterThan(0.8);
  expect(admin.audio.hears(700)).toBeLessThan(0.1);
  expect(invited.hears(500)).toBeGreaterThan(0.8);
  expect(guest.audio.hears(500)).toBeLessThan(0.1);
  await keys(admin.leg, "*#");
  expect(inviteLeg.state).toBe("ended");
  clock.advance(1000);
  expect(admin.audio.hears(700)).toBeGreaterThan(0.8);
  expect(guest.audio.hears(500)).toBeGreaterThan(0.8);
  expect(rooms.get("91")!.participants).toHaveLength(2);
});

test("a room with a dial permission class invites as itself: the outbound routes apply the room's class", async () => {
  const { rooms, placed, dialIn, keys } = setUp();
  expect(rooms.outboundCaller("91")).toBeUndefined();
  rooms.update("91", { dialPermission: "local" });
  expect(rooms.outboundCaller("91")).toEqual({ dialPermission: "local", outboundCallerId: "" });
  const admin = await dialIn("301", 500, "2345");
  await keys(admin.leg, "0913800138000#");
  expect(placed.map((p) => [p.number, p.from])).toEqual([["913800138000", "91"]]);
});

test("** brings the invited party in; a guest's 0 invites nobody", async () => {
  const { clock, rooms, placed, dialIn, keys } = setUp();
  const guest = await dialIn("302", 700, "1234");
  await keys(guest.leg, "0303#");
  expect(placed).toHaveLength(0);
  const admin = await dialIn("301", 500, "2345");
  await keys(admin.leg, "0303#");
  const invited = new FakeAudio(clock, 1100);
  placed[0]!.calling.listen(listener);
  placed[0]!.calling.joined({ audio: invited } as unknown as Leg);
  clock.advance(500);
  await keys(admin.leg, "**");
  clock.advance(1000);
  expect(rooms.get("91")!.participants.map((p) => p.number)).toEqual(["302", "301", "303"]);
  expect(guest.audio.hears(1100, 25)).toBeGreaterThan(0.8);
  expect(invited.hears(700, 25)).toBeGreaterThan(0.8);
});

test("*0: the other party enters the lowest free room at once as a guest; the presser is asked for the PIN; the next call made a conference goes to the next room", async () => {
  const { clock, rooms, keys } = setUp();
  expect(rooms.inCall.freeRoom()).toBe("90");
  const take = (number: string, askPin: boolean) => {
    const leg = rooms.inCall.opener("90", askPin)(
      { kind: "application", number: "90", app: "conference", argument: "90" },
      {
        id: `leg-${number}`,
        callId: `call-${number}`,
        caller: { number, displayName: "" },
        forward: () => false,
      },
    ) as CalledLeg & JoiningLeg;
    leg.listen(listener);
    leg.alert({ number, displayName: "" });
    leg.joined({ audio: new FakeAudio(clock, 500) } as unknown as Leg);
    return leg;
  };
  take("302", false);
  expect(rooms.get("90")!.participants.map((p) => [p.number, p.admin])).toEqual([["302", false]]);
  expect(rooms.inCall.freeRoom()).toBe("91");
  const presser = take("301", true);
  clock.advance(500);
  expect(rooms.get("90")!.participants).toHaveLength(1);
  await keys(presser, "2345#");
  expect(rooms.get("90")!.participants.map((p) => [p.number, p.admin])).toEqual([
    ["302", false],
    ["301", true],
  ]);
});
