import { describe, expect, test } from "bun:test";
import { bookingTime, sayWakeupTime, utcOf, wallTimeAt } from "./wakeup-time.ts";

const SHANGHAI = "Asia/Shanghai";

describe("bookingTime", () => {
  // 2026-03-01 10:00 in Shanghai (UTC+8).
  const now = Date.UTC(2026, 2, 1, 2, 0);

  test("*55*03061456 books 6 March 14:56 in the box's time zone", () => {
    expect(bookingTime("03061456", now, SHANGHAI)).toEqual({
      ok: true,
      atMs: Date.UTC(2026, 2, 6, 6, 56),
    });
    expect(bookingTime("03061456", now, "UTC")).toEqual({
      ok: true,
      atMs: Date.UTC(2026, 2, 6, 14, 56),
    });
  });

  test("earlier today is refused as past; a January date in December is next year", () => {
    expect(bookingTime("03010959", now, SHANGHAI)).toEqual({ ok: false, error: "past" });
    const december = Date.UTC(2026, 11, 20, 4, 0);
    expect(bookingTime("01050700", december, SHANGHAI)).toEqual({
      ok: true,
      atMs: Date.UTC(2027, 0, 4, 23, 0),
    });
  });

  test("not a date and time is invalid", () => {
    for (const digits of ["13011200", "02301200", "03062460", "0306145", "abcdefgh"])
      expect(bookingTime(digits, now, SHANGHAI)).toEqual({ ok: false, error: "invalid" });
  });

  test("wall time round trip across daylight saving", () => {
    const t = { year: 2026, month: 3, day: 29, hour: 9, minute: 30 };
    expect(wallTimeAt(utcOf(t, "Europe/Berlin"), "Europe/Berlin")).toEqual(t);
  });

  test("spoken: month, day and time of day", () => {
    const at = Date.UTC(2026, 2, 6, 6, 56);
    expect(sayWakeupTime(at, SHANGHAI, "en")).toEqual([
      "month/3",
      "digits/6",
      "digits/2",
      "digits/50",
      "digits/6",
      "time/pm",
    ]);
    expect(sayWakeupTime(at, SHANGHAI, "zh").slice(0, 4)).toEqual([
      "digits/3",
      "date/month",
      "digits/6",
      "date/day",
    ]);
  });
});
