// One contract for every Leds backend (STYLE 3).
import { describe, expect, test } from "bun:test";
import type { LedMode, Leds } from "./leds.ts";

export interface LedsHarness {
  readonly leds: Leds;
  /** Whether the named LED is lit right now, where the backend can tell (undefined otherwise). */
  lit(name: string): boolean | undefined;
  advance(ms: number): void;
}

export function ledsContract(backend: string, makeHarness: () => LedsHarness): void {
  describe(`Leds contract: ${backend}`, () => {
    test("lists the board's LEDs: power, sip and one per port", () => {
      const names = makeHarness().leds.names();
      expect(names).toContain("power");
      expect(names).toContain("sip");
      expect(names).toContain("fxs1");
      expect(names).toContain("fxo4");
    });

    test("each mode set is the mode read back", () => {
      const h = makeHarness();
      for (const mode of ["on", "blink-slow", "blink-fast", "off"] as LedMode[]) {
        expect(h.leds.set("sip", mode).ok).toBe(true);
        expect(h.leds.get("sip")).toEqual({ ok: true, value: mode });
      }
    });

    test("on lights the LED, off darkens it", () => {
      const h = makeHarness();
      h.leds.set("power", "on");
      expect(h.lit("power") ?? true).toBe(true);
      h.leds.set("power", "off");
      expect(h.lit("power") ?? false).toBe(false);
    });

    test("an unknown LED is an invalid-argument error naming the field", () => {
      const r = makeHarness().leds.set("disco", "on");
      expect(r.ok ? null : r.error).toMatchObject({ code: "invalid-argument", field: "name" });
    });
  });
}
