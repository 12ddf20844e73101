// The room on a hand-driven clock: parties with fake audio (each sends its own tone, the
// frames the room plays to it are collected), PIN steps of the conference leg by digits.
import { expect, test } from "bun:test";
import { TonePlayer } from "../../../media/dsp/tone-player.ts";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import type { Leg, LegListener, PartyAudio } from "../leg.ts";
import type { FrameSource } from "../media-port.ts";
import { FakeAudio } from "./conference.test-helper.ts";
import { ConferenceLeg } from "./conference-leg.ts";
import { type ConferenceMember, ConferenceRoom } from "./conference-room.ts";

const MUSIC_HZ = 425;

function music(): FrameSource {
  return new TonePlayer({ components: [{ freqHz: MUSIC_HZ, levelDbm0: -12 }], cadenceMs: [] });
}

function member(
  id: string,
  audio: PartyAudio,
  admin = false,
): ConferenceMember & { gone: boolean } {
  const m = { id, number: id, displayName: "", admin, audio, gone: false, hangup: () => {} };
  m.hangup = () => {
    m.gone = true;
  };
  return m;
}

test("three parties: each hears the other two, not itself; a muted one is not heard", () => {
  const clock = new ManualClock();
  const room = new ConferenceRoom("91", {
    clock,
    waitForAdmin: false,
    music,
    clip: () => undefined,
  });
  const tones = { a: 500, b: 700, c: 1000 } as const;
  const audio = {
    a: new FakeAudio(clock, tones.a),
    b: new FakeAudio(clock, tones.b),
    c: new FakeAudio(clock, tones.c),
  };
  for (const id of ["a", "b", "c"] as const) room.join(member(id, audio[id]));
  clock.advance(2000);
  for (const id of ["a", "b", "c"] as const)
    for (const other of ["a", "b", "c"] as const) {
      const share = audio[id].hears(tones[other]);
      if (other === id) expect(share).toBeLessThan(0.1);
      else expect(share).toBeGreaterThan(0.8);
    }
  expect(room.mute("b", true)).toBe(true);
  clock.advance(1000);
  expect(audio.a.hears(tones.b)).toBeLessThan(0.1);
  expect(audio.a.hears(tones.c)).toBeGreaterThan(0.8);
  expect(audio.b.hears(tones.a)).toBeGreaterThan(0.8);
  expect(room.participants().find((p) => p.id === "b")?.muted).toBe(true);
  // c hears only a (whisper): not b's tone even once b is unmuted.
  room.mute("b", false);
  expect(room.setHears("c", ["a"])).toBe(true);
  clock.advance(1000);
  expect(audio.c.hears(tones.a)).toBeGreaterThan(0.8);
  expect(audio.c.hears(tones.b)).toBeLessThan(0.1);
  expect(audio.a.hears(tones.b)).toBeGreaterThan(0.8);
});

test("wait for the admin: a guest hears music and is not heard until the admin joins", () => {
  const clock = new ManualClock();
  const room = new ConferenceRoom("92", {
    clock,
    waitForAdmin: true,
    music,
    clip: () => undefined,
  });
  const guest = new FakeAudio(clock, 700);
  const other = new FakeAudio(clock, 500);
  room.join(member("g1", guest));
  room.join(member("g2", other));
  clock.advance(1000);
  expect(room.started).toBe(false);
  expect(guest.hears(MUSIC_HZ)).toBeGreaterThan(0.8);
  expect(guest.hears(500)).toBeLessThan(0.1);
  expect(room.participants().every((p) => p.waiting)).toBe(true);
  const admin = new FakeAudio(clock, 1000);
  room.join(member("admin", admin, true));
  clock.advance(1000);
  expect(room.started).toBe(true);
  expect(guest.hears(MUSIC_HZ)).toBeLessThan(0.1);
  expect(guest.hears(1000)).toBeGreaterThan(0.8);
  expect(guest.hears(500)).toBeGreaterThan(0.8);
  expect(admin.hears(700)).toBeGreaterThan(0.8);
});

test("kick ends the member's call and takes it out; the last to leave empties the room", () => {
  const clock = new ManualClock();
  let emptied = false;
  const room = new ConferenceRoom("93", {
    clock,
    waitForAdmin: false,
    music,
    clip: () => undefined,
    emptied: () => {
      emptied = true;
    },
  });
  const a = member("a", new FakeAudio(clock, 500));
  room.join(a);
  room.join(member("b", new FakeAudio(clock, 700)));
  expect(room.kick("a")).toBe(true);
  expect(a.gone).toBe(true);
  expect(room.participants().map((p) => p.id)).toEqual(["b"]);
  room.leave("b");
  expect(emptied).toBe(true);
});

test("the recording holds every party; an announcement is heard by the others", () => {
  const clock = new ManualClock();
  const written: Int16Array[] = [];
  let finished = false;
  const room = new ConferenceRoom("94", {
    clock,
    waitForAdmin: false,
    music,
    clip: () => new Int16Array(800),
    recordings: {
      begin: () => ({
        recorder: { write: (f) => void written.push(f) },
        finish: () => {
          finished = true;
        },
        abort: () => {},
      }),
    },
  });
  const a = new FakeAudio(clock, 500);
  room.join(member("a", a));
  room.join(member("b", new FakeAudio(clock, 700)));
  expect(room.startRecording()).toBe(true);
  clock.advance(1000);
  const heard = new FakeAudio(clock, 0);
  heard.heard = written;
  expect(heard.hears(500)).toBeGreaterThan(0.8);
  expect(heard.hears(700)).toBeGreaterThan(0.8);
  // A joiner's name (here 0.5 s of 1400 Hz) is played to the room.
  const name = new TonePlayer({ components: [{ freqHz: 1400, levelDbm0: -12 }], cadenceMs: [] });
  const clip = new Int16Array(4000);
  for (let i = 0; i < 25; i++) clip.set(name.nextFrame(), i * 160);
  const c = new FakeAudio(clock, 1000);
  room.join({ ...member("c", c), nameClip: clip });
  clock.advance(400);
  expect(a.hears(1400, 15)).toBeGreaterThan(0.8);
  // The joiner does not hear its own name, but hears the others meanwhile.
  expect(c.hears(1400, 15)).toBeLessThan(0.1);
  expect(c.hears(500, 15)).toBeGreaterThan(0.8);
  expect(room.stopRecording()).toBe(true);
  expect(finished).toBe(true);
});

/** A conference leg joined to a fake caller; digits are signalled as RFC 4733 would. */
function pinCall(settings: { guestPin: string; adminPin: string; announceJoiners: boolean }) {
  const clock = new ManualClock();
  const audio = new FakeAudio(clock, 700);
  const entered: ConferenceMember[] = [];
  let ended = false;
  const leg = new ConferenceLeg("leg-1", "91", {
    clock,
    room: () => settings,
    clip: () => new Int16Array(1600),
    enter: (m) => void entered.push(m),
    left: () => {},
  });
  const listener: LegListener = {
    onRinging: () => {},
    onAnswered: () => {},
    onFailed: () => {},
    onEnded: () => {
      ended = true;
    },
    onHold: () => {},
    onDigit: () => {},
  };
  leg.listen(listener);
  leg.alert({ number: "301", displayName: "Desk" });
  leg.joined({ audio } as unknown as Leg);
  const keys = async (digits: string) => {
    for (const d of digits) leg.sendDigit(d);
    await Promise.resolve();
  };
  const settle = async (ms: number) => {
    for (let t = 0; t < ms; t += 100) {
      clock.advance(100);
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { leg, entered, keys, settle, ended: () => ended };
}

test("the guest PIN enters as a guest, the admin PIN as the admin", async () => {
  for (const [pin, admin] of [
    ["1234", false],
    ["2345", true],
  ] as const) {
    const call = pinCall({ guestPin: "1234", adminPin: "2345", announceJoiners: false });
    await call.settle(1000);
    await call.keys(`${pin}#`);
    expect(call.entered).toHaveLength(1);
    expect(call.entered[0]).toMatchObject({ number: "301", admin });
  }
});

test("a wrong PIN may be tried again; three wrong ones end the call", async () => {
  const call = pinCall({ guestPin: "1234", adminPin: "2345", announceJoiners: false });
  await call.settle(1000);
  await call.keys("9999#");
  await call.settle(1000);
  expect(call.ended()).toBe(false);
  await call.keys("1111#");
  await call.keys("2222#");
  await call.settle(2000);
  expect(call.entered).toHaveLength(0);
  expect(call.ended()).toBe(true);
});

test("announce joiners: the joiner's 3 s of audio after the prompt is its name", async () => {
  const call = pinCall({ guestPin: "1234", adminPin: "2345", announceJoiners: true });
  await call.settle(1000);
  await call.keys("1234#");
  expect(call.entered).toHaveLength(0);
  await call.settle(5000);
  expect(call.entered).toHaveLength(1);
  expect(call.entered[0]!.nameClip!.length).toBeGreaterThanOrEqual(8000 * 2.9);
});
