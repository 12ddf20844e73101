// One contract for every Rtc backend (STYLE 3).
import { describe, expect, test } from "bun:test";
import type { Rtc } from "./rtc.ts";

export interface RtcHarness {
  readonly rtc: Rtc;
  advance(ms: number): void;
}

export function rtcContract(backend: string, makeHarness: () => RtcHarness): void {
  describe(`Rtc contract: ${backend}`, () => {
    test("the time set is the time read, to the second, and it keeps counting", () => {
      const h = makeHarness();
      const t = Date.UTC(2025, 2, 14, 9, 26, 53);
      h.rtc.setEpochMs(t + 400);
      expect(h.rtc.readEpochMs()).toBe(t);
      h.advance(61_000);
      expect(h.rtc.readEpochMs()).toBe(t + 61_000);
    });
  });
}
