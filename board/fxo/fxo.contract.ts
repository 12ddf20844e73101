// One contract for every FxoPort backend (STYLE 3): the behaviour the call engine relies on.
import { describe, expect, test } from "bun:test";
import type { ManualClock } from "../manual-clock.ts";
import { PCM_FRAME_SAMPLES } from "../pcm/pcm-channel.ts";
import type { FxoEvent, FxoPort } from "./fxo.ts";

/** A started port plus the exchange end of its line and the clock driving both. */
export interface FxoHarness {
  readonly port: FxoPort;
  readonly clock: ManualClock;
  readonly exchange: {
    ring(): void;
    stopRinging(): void;
    hangup(): void;
    play(frames: readonly Int16Array[]): void;
    heard(): readonly Int16Array[];
    unplug(): void;
  };
}

const frameOf = (value: number): Int16Array => new Int16Array(PCM_FRAME_SAMPLES).fill(value);

export function fxoContract(backend: string, makeHarness: () => Promise<FxoHarness>): void {
  describe(`FxoPort contract: ${backend}`, () => {
    const started = async (): Promise<{ h: FxoHarness; events: FxoEvent[] }> => {
      const h = await makeHarness();
      const events: FxoEvent[] = [];
      h.port.onEvent((e) => events.push(e));
      h.clock.advance(100);
      return { h, events };
    };

    test("starts idle on a live line: on-hook, battery voltage, no loop current", async () => {
      const { h } = await started();
      expect(h.port.state()).toMatchObject({
        kind: "fxo",
        hook: "on",
        ringing: false,
        lineConnected: true,
        fault: null,
      });
      const volts = h.port.readLineVoltageV();
      expect(volts.ok && volts.value).toBeGreaterThan(20);
      expect(h.port.readLoopCurrentMa()).toEqual({ ok: true, value: 0 });
    });

    test("reports validated ring bursts, then ringing-ended when the caller gives up", async () => {
      const { h, events } = await started();
      h.exchange.ring();
      h.clock.advance(5500);
      expect(events.filter((e) => e.type === "ring-start").length).toBe(2);
      expect(h.port.state().ringing).toBe(true);
      h.exchange.stopRinging();
      h.clock.advance(7000);
      expect(events.at(-1)?.type).toBe("ringing-ended");
      expect(h.port.state().ringing).toBe(false);
    });

    test("seizing draws loop current and stops the ringing; release drops it", async () => {
      const { h } = await started();
      h.exchange.ring();
      h.clock.advance(300);
      expect(h.port.seize().ok).toBe(true);
      h.clock.advance(300);
      expect(h.port.state()).toMatchObject({ hook: "off", ringing: false });
      const current = h.port.readLoopCurrentMa();
      expect(current.ok && current.value).toBeGreaterThan(15);
      expect(h.port.release().ok).toBe(true);
      h.clock.advance(50);
      expect(h.port.readLoopCurrentMa()).toEqual({ ok: true, value: 0 });
    });

    test("detects the far end hanging up while off-hook", async () => {
      const { h, events } = await started();
      h.port.seize();
      h.clock.advance(1000);
      h.exchange.hangup();
      h.clock.advance(1000);
      expect(events.filter((e) => e.type === "disconnect").length).toBe(1);
    });

    test("moves audio both ways while off-hook", async () => {
      const { h } = await started();
      const received: Int16Array[] = [];
      h.port.onAudio((f) => received.push(f));
      h.port.seize();
      h.clock.advance(100);
      h.port.writeAudio(frameOf(321));
      expect(h.exchange.heard().at(-1)?.[0]).toBe(321);
      h.exchange.play([frameOf(-5)]);
      h.clock.advance(40);
      expect(received.some((f) => f[0] === -5)).toBe(true);
    });

    test("an unplugged line is reported as disconnected", async () => {
      const { h, events } = await started();
      h.exchange.unplug();
      h.clock.advance(1500);
      expect(h.port.state().lineConnected).toBe(false);
      expect(events.at(-1)).toMatchObject({ type: "line-status", connected: false });
    });
  });
}
