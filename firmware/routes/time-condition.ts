// SPEC ROUTE-4: time conditions. Weekly opening hours and holidays, read in the box's time zone
// (the system.timeZone setting, an IANA name) with Intl, so daylight-saving changes follow the
// zone's rules: 09:00 is 09:00 on the wall clock on either side of a change. A holiday closes
// the whole day whatever the weekly hours say.

export interface WeeklySpan {
  /** 0 = Sunday ... 6 = Saturday. */
  days: readonly number[];
  /** Minutes after midnight; end is exclusive; end < start spans midnight. */
  startMin: number;
  endMin: number;
}

export interface HolidaySpan {
  /** "YYYY-MM-DD", inclusive. */
  from: string;
  to: string;
}

export interface TimeCondition {
  weekly: readonly WeeklySpan[];
  holidays: readonly HolidaySpan[];
  matched: string;
  unmatched: string;
}

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Parses "mon-fri 09:00-18:00", "sat,sun 10:00-12:00", "daily 22:00-06:00". */
export function parseWeekly(line: string): Parsed<WeeklySpan> {
  const match = /^\s*([a-z,-]+)\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})\s*$/i.exec(line);
  if (!match) return { ok: false, message: `"${line}" is not like "mon-fri 09:00-18:00"` };
  const days = parseDays(match[1]!.toLowerCase());
  if (!days)
    return { ok: false, message: `"${match[1]}" is not a day list like mon-fri or sat,sun` };
  const [h1, m1, h2, m2] = [match[2], match[3], match[4], match[5]].map(Number) as number[];
  if (h1! > 23 || m1! > 59 || h2! > 24 || m2! > 59 || (h2 === 24 && m2 !== 0))
    return { ok: false, message: `"${line}" has a time out of range` };
  const startMin = h1! * 60 + m1!;
  const endMin = h2! * 60 + m2!;
  if (startMin === endMin) return { ok: false, message: `"${line}" is an empty span` };
  return { ok: true, value: { days, startMin, endMin } };
}

function parseDays(text: string): number[] | undefined {
  if (text === "daily") return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of text.split(",")) {
    const [a, b] = part.split("-");
    const from = DAYS.indexOf(a ?? "");
    const to = b === undefined ? from : DAYS.indexOf(b);
    if (from < 0 || to < 0) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return [...days].sort();
}

/** Parses "2026-10-01" or "2026-10-01..2026-10-07". */
export function parseHoliday(line: string): Parsed<HolidaySpan> {
  const match = /^\s*(\d{4}-\d{2}-\d{2})(?:\s*\.\.\s*(\d{4}-\d{2}-\d{2}))?\s*$/.exec(line);
  const from = match?.[1];
  const to = match?.[2] ?? from;
  if (!from || !to || !validDate(from) || !validDate(to))
    return {
      ok: false,
      message: `"${line}" is not a date like 2026-10-01 or 2026-10-01..2026-10-07`,
    };
  if (to < from) return { ok: false, message: `"${line}" ends before it starts` };
  return { ok: true, value: { from, to } };
}

function validDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Wall-clock date, weekday and minute of day at `atMs` in `timeZone`. */
export function wallClock(
  atMs: number,
  timeZone: string,
): { date: string; weekday: number; minute: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(atMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    date: `${get("year")}-${get("month")}-${get("day")}`,
    weekday: DAYS.indexOf(get("weekday").toLowerCase().slice(0, 3)),
    minute: Number(get("hour")) * 60 + Number(get("minute")),
  };
}

/** True when `timeZone` is a zone Intl knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Inside the weekly hours and not a holiday, at `atMs` in `timeZone`? */
export function isOpen(
  condition: Pick<TimeCondition, "weekly" | "holidays">,
  atMs: number,
  timeZone: string,
): boolean {
  const now = wallClock(atMs, timeZone);
  if (condition.holidays.some((h) => h.from <= now.date && now.date <= h.to)) return false;
  return condition.weekly.some((span) => {
    if (span.startMin < span.endMin)
      return (
        span.days.includes(now.weekday) && now.minute >= span.startMin && now.minute < span.endMin
      );
    // Past midnight: the evening part on the listed day, the morning part on the day after.
    if (span.days.includes(now.weekday) && now.minute >= span.startMin) return true;
    return span.days.includes((now.weekday + 6) % 7) && now.minute < span.endMin;
  });
}

/** The destination the condition sends a call to at `atMs`. */
export function evaluateTimeCondition(
  condition: TimeCondition,
  atMs: number,
  timeZone: string,
): { matched: boolean; destination: string } {
  const matched = isOpen(condition, atMs, timeZone);
  return { matched, destination: matched ? condition.matched : condition.unmatched };
}
