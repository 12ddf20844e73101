import { describe, expect, test } from "bun:test";
import {
  evaluateTimeCondition,
  isTimeZone,
  parseHoliday,
  parseWeekly,
  type TimeCondition,
  wallClock,
} from "./time-condition.ts";

function condition(weekly: string[], holidays: string[] = []): TimeCondition {
  return {
    weekly: weekly.map((w) => {
      const p = parseWeekly(w);
      if (!p.ok) throw new Error(p.message);
      return p.value;
    }),
    holidays: holidays.map((h) => {
      const p = parseHoliday(h);
      if (!p.ok) throw new Error(p.message);
      return p.value;
    }),
    matched: "extension:101",
    unmatched: "ivr:1",
  };
}

const at = (iso: string) => Date.parse(iso);

describe("time conditions", () => {
  const office = condition(
    ["mon-fri 09:00-18:00", "sat 09:00-12:00"],
    ["2026-10-01..2026-10-07", "2026-01-01"],
  );
  const table: [string, string, string, boolean][] = [
    // Shanghai is UTC+8 all year.
    ["Asia/Shanghai", "2026-12-04T01:00:00Z", "Friday 09:00", true],
    ["Asia/Shanghai", "2026-12-04T00:59:00Z", "Friday 08:59", false],
    ["Asia/Shanghai", "2026-12-04T09:59:00Z", "Friday 17:59", true],
    ["Asia/Shanghai", "2026-12-04T10:00:00Z", "Friday 18:00 (end is exclusive)", false],
    ["Asia/Shanghai", "2026-12-05T03:59:00Z", "Saturday 11:59", true],
    ["Asia/Shanghai", "2026-12-06T03:00:00Z", "Sunday", false],
    ["Asia/Shanghai", "2026-10-08T01:00:00Z", "Thursday after the holiday", true],
    ["Asia/Shanghai", "2026-10-07T01:00:00Z", "Wednesday in the National Day holiday", false],
    [
      "Asia/Shanghai",
      "2025-12-31T16:30:00Z",
      "New Year's Day 00:30 local, still 31 Dec UTC",
      false,
    ],
    // Europe/Berlin: summer time starts 2026-03-29 (02:00 -> 03:00), ends 2026-10-25.
    ["Europe/Berlin", "2026-03-27T08:00:00Z", "Friday 09:00 CET", true],
    ["Europe/Berlin", "2026-03-30T07:00:00Z", "Monday 09:00 CEST", true],
    ["Europe/Berlin", "2026-03-30T06:59:00Z", "Monday 08:59 CEST (09:59 would be wrong)", false],
    ["Europe/Berlin", "2026-10-26T08:00:00Z", "Monday 09:00 CET after the change back", true],
    ["Europe/Berlin", "2026-10-26T07:59:00Z", "Monday 08:59 CET", false],
    // New York: summer time starts 2026-03-08.
    ["America/New_York", "2026-03-09T13:00:00Z", "Monday 09:00 EDT", true],
    ["America/New_York", "2026-03-06T13:30:00Z", "Friday 08:30 EST", false],
  ];
  for (const [zone, iso, what, open] of table) {
    test(`${zone} ${what}: ${open ? "matched" : "unmatched"}`, () => {
      expect(evaluateTimeCondition(office, at(iso), zone)).toEqual({
        matched: open,
        destination: open ? "extension:101" : "ivr:1",
      });
    });
  }

  test("a span past midnight covers the evening and the next morning", () => {
    const night = condition(["fri 22:00-06:00"]);
    expect(evaluateTimeCondition(night, at("2026-12-04T14:30:00Z"), "Asia/Shanghai").matched).toBe(
      true,
    ); // Fri 22:30
    expect(evaluateTimeCondition(night, at("2026-12-04T21:30:00Z"), "Asia/Shanghai").matched).toBe(
      true,
    ); // Sat 05:30
    expect(evaluateTimeCondition(night, at("2026-12-05T14:30:00Z"), "Asia/Shanghai").matched).toBe(
      false,
    ); // Sat 22:30
  });

  test("wall clock in the zone, on the repeated hour of a DST end", () => {
    expect(wallClock(at("2026-10-25T00:30:00Z"), "Europe/Berlin")).toEqual({
      date: "2026-10-25",
      weekday: 0,
      minute: 150,
    });
    expect(wallClock(at("2026-10-25T01:30:00Z"), "Europe/Berlin")).toEqual({
      date: "2026-10-25",
      weekday: 0,
      minute: 150,
    });
  });

  const badWeekly: [string, string][] = [
    ["mon-fri 9:00-18:00", '"mon-fri 9:00-18:00" is not like "mon-fri 09:00-18:00"'],
    ["funday 09:00-18:00", '"funday" is not a day list like mon-fri or sat,sun'],
    ["mon 25:00-26:00", '"mon 25:00-26:00" has a time out of range'],
    ["mon 09:00-09:00", '"mon 09:00-09:00" is an empty span'],
  ];
  for (const [line, message] of badWeekly) {
    test(`weekly ${line} refused`, () => expect(parseWeekly(line)).toEqual({ ok: false, message }));
  }
  test("holidays: a day, a range; bad dates refused", () => {
    expect(parseHoliday("2026-05-01")).toEqual({
      ok: true,
      value: { from: "2026-05-01", to: "2026-05-01" },
    });
    expect(parseHoliday("2026-02-30").ok).toBe(false);
    expect(parseHoliday("2026-10-07..2026-10-01")).toEqual({
      ok: false,
      message: '"2026-10-07..2026-10-01" ends before it starts',
    });
    expect(parseWeekly("sat-mon 10:00-11:00")).toEqual({
      ok: true,
      value: { days: [0, 1, 6], startMin: 600, endMin: 660 },
    });
  });
  test("time zones", () => {
    expect(isTimeZone("Asia/Shanghai")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
