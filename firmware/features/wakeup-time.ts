// SPEC CALL-4: a wake-up time is booked as a wall-clock time in the box's time zone (the
// system.timeZone setting, as time conditions use it) and kept as UTC milliseconds, so a
// change of the zone or of daylight saving does not move a booking already made.
import { type SayLanguage, sayNumber, sayTime } from "../../media/say/say.ts";
import { wallClock } from "../routes/time-condition.ts";

/** A wall-clock time: "2026-03-06T14:56". */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export type BookingTime =
  | { ok: true; atMs: number }
  /** `invalid`: not a date and time; `past`: the time has gone by. */
  | { ok: false; error: "invalid" | "past" };

/** A booking this far behind now is meant for next year (*55*0105... dialled in December). */
const NEXT_YEAR_AFTER_MS = 31 * 24 * 3600_000;

/** The wall-clock time at `atMs` in `timeZone`. */
export function wallTimeAt(atMs: number, timeZone: string): WallTime {
  const { date, minute } = wallClock(atMs, timeZone);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return { year, month, day, hour: Math.floor(minute / 60), minute: minute % 60 };
}

/** UTC milliseconds of wall time `t` in `timeZone` (the first of two in a repeated hour). */
export function utcOf(t: WallTime, timeZone: string): number {
  const wanted = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  let guess = wanted;
  // Two corrections settle the zone's offset, across a daylight-saving change too.
  for (let i = 0; i < 2; i++) {
    const seen = wallTimeAt(guess, timeZone);
    const shown = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    guess += wanted - shown;
  }
  return guess;
}

/** A valid calendar date and time of day. */
export function isWallTime(t: WallTime): boolean {
  if (![t.year, t.month, t.day, t.hour, t.minute].every(Number.isInteger)) return false;
  if (t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59) return false;
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day));
  return d.getUTCMonth() === t.month - 1 && d.getUTCDate() === t.day && t.year >= 2000;
}

/**
 * The time "*55*MMDDHHMM" books (manual 功能码—叫醒服务: *55*03061456 is 6 March 14:56): this
 * year's, or next year's when that date is well behind (dialled in December for January);
 * a time earlier today or in the last weeks is `past`.
 */
export function bookingTime(digits: string, nowMs: number, timeZone: string): BookingTime {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(digits);
  if (!m) return { ok: false, error: "invalid" };
  const [month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number];
  const year = wallTimeAt(nowMs, timeZone).year;
  for (const y of [year, year + 1]) {
    const t = { year: y, month, day, hour, minute };
    if (!isWallTime(t)) continue;
    const atMs = utcOf(t, timeZone);
    if (atMs > nowMs) return { ok: true, atMs };
    if (nowMs - atMs <= NEXT_YEAR_AFTER_MS) return { ok: false, error: "past" };
  }
  return {
    ok: false,
    error: isWallTime({ year: 2024, month, day, hour, minute }) ? "past" : "invalid",
  };
}

/** A booked time as spoken: "March six, two fifty six P M", "三月 六 日 下午 两 点 五十六 分". */
export function sayWakeupTime(atMs: number, timeZone: string, lang: SayLanguage): string[] {
  const t = wallTimeAt(atMs, timeZone);
  const date =
    lang === "zh"
      ? [...sayNumber(t.month, "zh"), "date/month", ...sayNumber(t.day, "zh"), "date/day"]
      : [`month/${t.month}`, ...sayNumber(t.day, "en")];
  return [...date, ...sayTime(t, lang)];
}
