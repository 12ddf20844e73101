// One contract for every FxsPort backend (STYLE 3): the behaviour the call engine relies on.
import { describe, expect, test } from "bun:test";
import type { ManualClock } from "../manual-clock.ts";
import { PCM_FRAME_SAMPLES } from "../pcm/pcm-channel.ts";
import type { FxsEvent, FxsPort } from "./fxs.ts";

/** A started port plus the far end: a handset on the line and the clock that drives both. */
export interface FxsHarness {
  readonly port: FxsPort;
  readonly clock: ManualClock;
  readonly handset: {
    lift(): void;
    replace(): void;
    isRinging(): boolean;
    speak(frames: readonly Int16Array[]): void;
    heard(): readonly Int16Array[];
  };
}

const frameOf = (value: number): Int16Array => new Int16Array(PCM_FRAME_SAMPLES).fill(value);

export function fxsContract(backend: string, makeHarness: () => Promise<FxsHarness>): void {
  describe(`FxsPort contract: ${backend}`, () => {
    const started = async (): Promise<{ h: FxsHarness; events: FxsEvent[] }> => {
      const h = await makeHarness();
      const events: FxsEvent[] = [];
      h.port.onEvent((e) => events.push(e));
      return { h, events };
    };

    test("starts idle: on-hook, not ringing, line fed, no fault", async () => {
      const { h } = await started();
      expect(h.port.state()).toMatchObject({
        kind: "fxs",
        hook: "on",
        ringing: false,
        linefeed: "forward-active",
        fault: null,
      });
    });

    test("lifting and replacing the handset gives hook-off then hook-on", async () => {
      const { h, events } = await started();
      h.handset.lift();
      h.clock.advance(100);
      expect(events.map((e) => e.type)).toEqual(["hook-off"]);
      expect(h.port.state().hook).toBe("off");
      h.handset.replace();
      h.clock.advance(1000);
      expect(events.map((e) => e.type)).toEqual(["hook-off", "hook-on"]);
      expect(h.port.state().hook).toBe("on");
    });

    test("rings with the cadence until answered; answering stops the ringer at once", async () => {
      const { h, events } = await started();
      expect(h.port.ring({ cadence: { onOffMs: [1000, 4000] } }).ok).toBe(true);
      h.clock.advance(10);
      expect(h.handset.isRinging()).toBe(true);
      h.clock.advance(1500);
      expect(h.handset.isRinging()).toBe(false);
      h.clock.advance(4000);
      expect(h.handset.isRinging()).toBe(true);
      h.handset.lift();
      h.clock.advance(100);
      expect(h.handset.isRinging()).toBe(false);
      expect(h.port.state().ringing).toBe(false);
      expect(events.map((e) => e.type)).toEqual(["ring-start", "ring-stop", "hook-off"]);
      expect(events[1]).toMatchObject({ type: "ring-stop", reason: "answered" });
    });

    test("stopRing ends ringing; ringing an off-hook port or a bad cadence is refused", async () => {
      const { h, events } = await started();
      h.port.ring();
      h.clock.advance(300);
      expect(h.port.stopRing().ok).toBe(true);
      expect(h.handset.isRinging()).toBe(false);
      expect(events.at(-1)).toMatchObject({ type: "ring-stop", reason: "stopped" });
      const bad = h.port.ring({ cadence: { onOffMs: [1000] } });
      expect(bad.ok ? null : bad.error.code).toBe("invalid-argument");
      h.handset.lift();
      h.clock.advance(100);
      const busy = h.port.ring();
      expect(busy.ok ? null : busy.error.code).toBe("invalid-state");
    });

    test("moves audio both ways while off-hook", async () => {
      const { h } = await started();
      const received: Int16Array[] = [];
      h.port.onAudio((f) => received.push(f));
      h.handset.lift();
      h.clock.advance(100);
      h.port.writeAudio(frameOf(1234));
      expect(h.handset.heard().at(-1)?.[0]).toBe(1234);
      h.handset.speak([frameOf(-77)]);
      h.clock.advance(40);
      expect(received.some((f) => f[0] === -77)).toBe(true);
    });

    test("polarity reversal switches the line to reverse active", async () => {
      const { h } = await started();
      expect(h.port.setPolarity("reversed").ok).toBe(true);
      expect(h.port.state()).toMatchObject({ polarity: "reversed", linefeed: "reverse-active" });
    });
  });
}
