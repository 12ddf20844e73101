// SPEC BILL-7 (manual 2.6 统计): the periods statistics are grouped by, per day, per month or
// per year, as calendar dates in the box's time zone. A call belongs to the day on the box's
// wall clock when it was answered: a call at 00:30 on 1 January in Shanghai (16:30 UTC the day
// before) counts in January and in the new year.

export const PERIOD_KINDS = ["day", "month", "year"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The longest range statistics cover, in days (ten years of days is the longest table). */
export const MAX_RANGE_DAYS = 3660;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === text;
}

/** Days from `from` to `to` (YYYY-MM-DD), both counted. */
export function daysBetween(from: string, to: string): number {
  return (
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  );
}

/** A reusable reader of the calendar date at an instant in `timeZone`. */
export function dateReader(timeZone: string): (atMs: number) => string {
  // One formatter for every row: building one costs far more than formatting with it.
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return (atMs) => {
    const parts = format.formatToParts(new Date(atMs));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")}`;
  };
}

/** The period a calendar date falls in: "2026-01-31", "2026-01" or "2026". */
export function periodOf(date: string, kind: PeriodKind): string {
  return kind === "day" ? date : kind === "month" ? date.slice(0, 7) : date.slice(0, 4);
}

/** Every period from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(from: string, to: string, kind: PeriodKind): string[] {
  const periods: string[] = [];
  let ms = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  while (ms <= end) {
    const period = periodOf(new Date(ms).toISOString().slice(0, 10), kind);
    if (periods.at(-1) !== period) periods.push(period);
    ms += 86_400_000;
  }
  return periods;
}
