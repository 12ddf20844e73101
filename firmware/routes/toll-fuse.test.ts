import { describe, expect, test } from "bun:test";
import type { AlarmEvent } from "../events/event-bus.ts";
import { type FuseLimits, NO_LIMITS, TollFuse } from "./toll-fuse.ts";

function setup(limits: Partial<FuseLimits>) {
  let now = 0;
  const alarms: AlarmEvent[] = [];
  const fuse = new TollFuse({
    now: () => now,
    limits: (ext) => (ext === "101" ? { ...NO_LIMITS, ...limits } : NO_LIMITS),
    alarm: (e) => alarms.push(e),
  });
  return { fuse, alarms, advance: (ms: number) => (now += ms) };
}

describe("TollFuse", () => {
  test("caps concurrent outbound calls; ending one frees a place", () => {
    const t = setup({ maxConcurrent: 2 });
    const a = t.fuse.record("101");
    t.fuse.record("101");
    expect(t.fuse.check("101", "62345678")).toEqual({ ok: false, reason: "too-many-concurrent" });
    expect(t.alarms).toHaveLength(1);
    expect(t.alarms[0]).toMatchObject({ kind: "toll-fuse", subject: "101" });
    a();
    a();
    expect(t.fuse.active("101")).toBe(1);
    expect(t.fuse.check("101", "62345678")).toEqual({ ok: true });
    expect(t.fuse.check("102", "62345678")).toEqual({ ok: true });
  });

  test("caps calls per rolling hour", () => {
    const t = setup({ maxPerHour: 3 });
    for (let i = 0; i < 3; i++) {
      expect(t.fuse.check("101", "62345678").ok).toBe(true);
      t.fuse.record("101")();
      t.advance(10 * 60_000);
    }
    expect(t.fuse.check("101", "62345678")).toEqual({ ok: false, reason: "too-many-per-hour" });
    // The first call leaves the window one hour after it was placed.
    t.advance(30 * 60_000 + 1);
    expect(t.fuse.check("101", "62345678").ok).toBe(true);
  });

  test("international barred, emergency never refused", () => {
    const t = setup({ international: false, maxConcurrent: 1 });
    expect(t.fuse.check("101", "0044207946000")).toEqual({
      ok: false,
      reason: "international-barred",
    });
    expect(t.fuse.check("101", "01062345678").ok).toBe(true);
    t.fuse.record("101");
    expect(t.fuse.check("101", "110").ok).toBe(true);
    expect(t.alarms.map((a) => a.message)).toEqual([
      "outbound call to 0044207946000 refused: international-barred",
    ]);
  });
});
