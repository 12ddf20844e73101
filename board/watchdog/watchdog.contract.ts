// One contract for every Watchdog backend (STYLE 3).
import { describe, expect, test } from "bun:test";
import type { Watchdog } from "./watchdog.ts";

export function watchdogContract(backend: string, makeWatchdog: () => Watchdog): void {
  describe(`Watchdog contract: ${backend}`, () => {
    test("starts with a valid timeout, kicks, stops; refuses a zero timeout", () => {
      const w = makeWatchdog();
      expect(w.start(0)).toMatchObject({
        ok: false,
        error: { code: "invalid-argument", field: "timeoutS" },
      });
      expect(w.start(30).ok).toBe(true);
      expect(() => w.kick()).not.toThrow();
      expect(() => w.stop()).not.toThrow();
    });
  });
}
