import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../test/support/manual-clock.ts";
import type { Leg, PartyAudio } from "../calls/leg.ts";
import { type MailboxAccess, MailboxMenuLeg } from "./mailbox-menu-leg.ts";
import type { GreetingKind } from "./voicemail-store.ts";

/** *61# for mailbox 101 (PIN 1234): what it says, what it plays, and the greetings it saves. */
function setup() {
  const said: string[] = [];
  const played: { finish: () => void }[] = [];
  const saved: { kind: GreetingKind; samples: number }[] = [];
  let hear: (pcm: Int16Array) => void = () => {};
  const audio: PartyAudio = {
    listen(listener) {
      hear = listener;
      return () => {};
    },
    play() {
      let finish = () => {};
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      played.push({ finish });
      return { done, stop: finish };
    },
    startMusic() {},
    stopMusic() {},
  };
  const access: MailboxAccess = {
    login: (mailbox, pin) => mailbox === "101" && pin === "1234",
    counts: () => ({ newMessages: 0, oldMessages: 0 }),
    messages: () => [],
    audio: () => undefined,
    markSaved() {},
    remove() {},
    saveGreeting: (_mailbox, kind, samples) => void saved.push({ kind, samples: samples.length }),
    setPin() {},
  };
  const leg = new MailboxMenuLeg("m1", "*61#", {
    clock: new ManualClock(),
    access,
    own: "101",
    say: (names) => {
      said.push(...names);
      return names.map(() => new Int16Array(80));
    },
    number: (n) => [`digits/${n}`],
  });
  leg.alert({ number: "101", displayName: "" });
  leg.joined({ audio } as Leg);
  const keys = (digits: string) => {
    for (const d of digits) leg.sendDigit(d);
  };
  /** The caller speaks for `seconds` once the prompt before the tone has played. */
  const speak = async (seconds: number) => {
    played.at(-1)?.finish();
    await Promise.resolve();
    for (let i = 0; i < seconds * 50; i++) hear(new Int16Array(160).fill(3000));
  };
  return { said, saved, keys, speak };
}

describe("MailboxMenuLeg greetings", () => {
  test("2 then 1 records the unavailable greeting, 2 then 2 the busy one, each after the tone until #", async () => {
    const t = setup();
    t.keys("1234#");
    expect(t.said.at(-1)).toBe("vm/main-menu");
    t.keys("2");
    expect(t.said.at(-1)).toBe("vm/greeting-menu");
    t.keys("2");
    expect(t.said.at(-1)).toBe("vm/record-after-tone");
    await t.speak(2);
    t.keys("#");
    // 2 s of the caller, less the 0.3 s of the # tone itself.
    expect(t.saved).toEqual([{ kind: "busy", samples: 16000 - 2400 }]);
    expect(t.said.slice(-2)).toEqual(["vm/message-saved", "vm/main-menu"]);
    t.keys("21");
    await t.speak(1);
    t.keys("#");
    expect(t.saved.at(-1)).toEqual({ kind: "unavailable", samples: 8000 - 2400 });
  });

  test("* goes back to the main menu and another key asks again; nothing is recorded", () => {
    const t = setup();
    t.keys("1234#2");
    t.keys("5");
    expect(t.said.slice(-2)).toEqual(["invalid", "vm/greeting-menu"]);
    t.keys("*");
    expect(t.said.at(-1)).toBe("vm/main-menu");
    t.keys("#");
    expect(t.saved).toEqual([]);
  });
});
