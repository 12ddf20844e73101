import { describe, expect, test } from "bun:test";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { parseSessionExpires, SessionTimer } from "./session-timer.ts";

function timer() {
  const clock = new ManualClock();
  const fired: string[] = [];
  const session = new SessionTimer(clock, {
    refresh: () => fired.push(`refresh@${clock.now() - 1_000_000}`),
    expired: () => fired.push(`expired@${clock.now() - 1_000_000}`),
  });
  return { clock, fired, session };
}

describe("SessionTimer (RFC 4028 §10)", () => {
  test("the refresher refreshes at half the interval, again after each refresh", () => {
    const t = timer();
    t.session.start(1800, "local");
    t.clock.advance(900_000);
    expect(t.fired).toEqual(["refresh@900000"]);
    t.session.refreshed();
    t.clock.advance(900_000);
    expect(t.fired).toEqual(["refresh@900000", "refresh@1800000"]);
  });

  test("the other side expires the session min(32 s, a third) before the interval ends", () => {
    const long = timer();
    long.session.start(1800, "remote");
    long.clock.advance(1_768_000);
    expect(long.fired).toEqual(["expired@1768000"]);
    const short = timer();
    short.session.start(90, "remote");
    short.clock.advance(60_000 - 1);
    expect(short.fired).toEqual([]);
    short.clock.advance(1);
    expect(short.fired).toEqual(["expired@60000"]);
  });

  test("a refresh received restarts the count; stop ends it and later refreshes do nothing", () => {
    const t = timer();
    t.session.start(120, "remote");
    t.clock.advance(80_000);
    t.session.refreshed();
    t.clock.advance(88_000 - 1);
    expect(t.fired).toEqual([]);
    t.session.stop();
    expect(t.session.intervalS).toBe(0);
    t.session.refreshed();
    t.clock.advance(3_600_000);
    expect(t.fired).toEqual([]);
  });

  test("refreshed() before any start sets no timer", () => {
    const t = timer();
    t.session.refreshed();
    expect(t.clock.pendingCount).toBe(0);
  });
});

describe("parseSessionExpires (RFC 4028 §4)", () => {
  test("reads the interval and the refresher parameter", () => {
    expect(parseSessionExpires("1800;refresher=uac")).toEqual({
      intervalS: 1800,
      refresher: "uac",
    });
    expect(parseSessionExpires(" 90 ; Refresher=UAS")).toEqual({ intervalS: 90, refresher: "uas" });
    expect(parseSessionExpires("4000")).toEqual({ intervalS: 4000 });
    expect(parseSessionExpires("600;refresher=proxy")).toEqual({ intervalS: 600 });
  });

  test("an absent or malformed header is no session timer", () => {
    expect(parseSessionExpires(undefined)).toBeUndefined();
    expect(parseSessionExpires("")).toBeUndefined();
    expect(parseSessionExpires("soon")).toBeUndefined();
    expect(parseSessionExpires("-5")).toBeUndefined();
  });
});
