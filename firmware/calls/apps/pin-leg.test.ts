import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import type { CalledLeg, Leg, LegListener, PartyAudio } from "../leg.ts";
import type { FrameSource } from "../media-port.ts";
import { PIN_TIMEOUT_MS, PinLeg } from "./pin-leg.ts";

const ASK = new Int16Array(80).fill(1000);
const WRONG = new Int16Array(80).fill(-1000);

/** The caller as the PIN leg sees it: what is played to it, and how each play ends. */
function caller() {
  const played: { source: FrameSource; finish: () => void }[] = [];
  const audio: PartyAudio = {
    listen: () => () => {},
    play(source) {
      let finish = () => {};
      const done = new Promise<void>((resolve) => {
        finish = resolve;
      });
      played.push({ source, finish });
      return { done, stop: finish };
    },
    startMusic() {},
    stopMusic() {},
  };
  return { peer: { audio } as Leg, played };
}

function setup(options: { alert?: boolean } = {}) {
  const clock = new ManualClock();
  const events: string[] = [];
  const placed: string[] = [];
  let outbound: (CalledLeg & { listener?: LegListener }) | undefined;
  const leg = new PinLeg("p1", "82002", {
    clock,
    clips: { ask: [ASK], wrong: [WRONG] },
    check: (pin) => pin === "4321",
    relaySide: "b",
    place: (pin) => {
      placed.push(pin);
      outbound = {
        id: "o1",
        kind: "sip",
        extension: "2002",
        state: "calling",
        holding: false,
        internal: false,
        digitsInBand: false,
        wantsDigits: false,
        audio: undefined,
        relaySide: "b",
        sipCallId: "out@box",
        listen(l) {
          this.listener = l;
        },
        view: () => ({
          id: "o1",
          kind: "sip",
          extension: "2002",
          state: "calling",
          holding: false,
        }),
        hangup: () => events.push("outbound hangup"),
        sendDigit: (d) => events.push(`outbound digit ${d}`),
        alert: () => options.alert ?? true,
      };
      return outbound;
    },
  });
  leg.listen({
    onRinging: () => events.push("ringing"),
    onAnswered: () => events.push("answered"),
    onFailed: (_l, s) => events.push(`failed ${s}`),
    onEnded: (_l, cause) => events.push(`ended ${cause}`),
    onHold: () => {},
    onDigit: () => {},
  });
  const party = caller();
  return { clock, events, placed, leg, party, outbound: () => outbound };
}

const keys = (leg: PinLeg, digits: string) => {
  for (const d of digits) leg.sendDigit(d, 100);
};

describe("PinLeg", () => {
  test("answers, asks for the PIN, and with the right one places the call, which it then stands for", () => {
    const t = setup();
    expect(t.leg.alert({ number: "301", displayName: "" })).toBe(true);
    expect(t.events).toEqual(["answered"]);
    t.leg.joined(t.party.peer);
    expect(t.party.played).toHaveLength(1);
    expect(t.leg.wantsDigits).toBe(true);
    keys(t.leg, "4321#");
    expect(t.placed).toEqual(["4321"]);
    expect(t.leg.sipCallId).toBe("out@box");
    // From now on digits go on to the far end, as the outbound leg wants them.
    expect(t.leg.wantsDigits).toBe(false);
    t.leg.sendDigit("5", 100);
    expect(t.events).toContain("outbound digit 5");
    t.outbound()!.listener!.onEnded(t.outbound()!, "hangup");
    expect(t.events.at(-1)).toBe("ended hangup");
  });

  test("a wrong PIN hears the error prompt, then the box hangs up; nothing is placed", async () => {
    const t = setup();
    t.leg.alert({ number: "301", displayName: "" });
    t.leg.joined(t.party.peer);
    keys(t.leg, "1111#");
    expect(t.placed).toEqual([]);
    expect(t.party.played).toHaveLength(2);
    expect(t.events).toEqual(["answered"]);
    t.party.played[1]!.finish();
    await Promise.resolve();
    expect(t.events).toEqual(["answered", "ended hangup"]);
  });

  test("no key for PIN_TIMEOUT_MS counts as a wrong PIN; each key restarts the wait", async () => {
    const t = setup();
    t.leg.alert({ number: "301", displayName: "" });
    t.leg.joined(t.party.peer);
    t.clock.advance(PIN_TIMEOUT_MS - 1);
    keys(t.leg, "43");
    t.clock.advance(PIN_TIMEOUT_MS - 1);
    expect(t.party.played).toHaveLength(1);
    t.clock.advance(1);
    expect(t.party.played).toHaveLength(2);
    t.party.played[1]!.finish();
    await Promise.resolve();
    expect(t.events.at(-1)).toBe("ended hangup");
    expect(t.placed).toEqual([]);
  });

  test("a call that cannot be placed after the right PIN ends", () => {
    const t = setup({ alert: false });
    t.leg.alert({ number: "301", displayName: "" });
    t.leg.joined(t.party.peer);
    keys(t.leg, "4321#");
    expect(t.events.at(-1)).toBe("ended hangup");
  });
});
