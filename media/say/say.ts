// "Say" helpers (SPEC CALL-4, CALL-7, CALL-9, CALL-13, CALL-15): digits, numbers, IPv4
// addresses, dates and times as sequences of prompt names, in English or Mandarin. The
// names are paths under rootfs/usr/share/pbx/prompts/<lang>/ without ".wav".
import { sayNumberEn } from "./say-number-en.ts";
import { sayNumberZh } from "./say-number-zh.ts";

export type SayLanguage = "en" | "zh";

const DIGIT_CHARS: Record<string, string> = { "*": "star", "#": "pound", ".": "dot" };

/** Each character on its own: "192.168" -> digits/1, digits/9, digits/2, dot, ... */
export function sayDigits(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    if (ch >= "0" && ch <= "9") out.push(`digits/${ch}`);
    else if (DIGIT_CHARS[ch]) out.push(DIGIT_CHARS[ch] as string);
  }
  return out;
}

/** A whole number; an empty list for what cannot be said (negative, fractional, too large). */
export function sayNumber(n: number, lang: SayLanguage): string[] {
  const max = lang === "zh" ? 1e12 : 1e9;
  if (!Number.isInteger(n) || n < 0 || n >= max) return [];
  return lang === "zh" ? sayNumberZh(n) : sayNumberEn(n);
}

/** An IPv4 address digit by digit with "dot"; undefined if it is not dotted-quad. */
export function sayIpv4(address: string): string[] | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  if (!parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return sayDigits(parts.map((p) => String(Number(p))).join("."));
}

export interface SayTime {
  hour: number;
  minute: number;
}

export interface SayDate {
  year: number;
  month: number;
  day: number;
}

/** A time of day: "seven thirty a m", "上午 七 点 三十 分". */
export function sayTime(t: SayTime, lang: SayLanguage): string[] {
  const half = t.hour < 12 ? "time/am" : "time/pm";
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  if (lang === "zh") {
    const hour = hour12 === 2 ? ["digits/liang"] : sayNumberZh(hour12);
    const minute =
      t.minute === 0
        ? ["time/oclock"]
        : [...(t.minute < 10 ? ["digits/0"] : []), ...sayNumberZh(t.minute), "time/minute"];
    return [half, ...hour, "time/hour", ...minute];
  }
  const minute =
    t.minute === 0
      ? ["time/oclock"]
      : t.minute < 10
        ? ["digits/oh", `digits/${t.minute}`]
        : sayNumberEn(t.minute);
  return [...sayNumberEn(hour12), ...minute, half];
}

/** A calendar date: "March fourteen twenty twenty five", "二零二五 年 三 月 十四 日". */
export function sayDate(d: SayDate, lang: SayLanguage): string[] {
  if (lang === "zh") {
    return [
      ...sayDigits(String(d.year)),
      "date/year",
      ...sayNumberZh(d.month),
      "date/month",
      ...sayNumberZh(d.day),
      "date/day",
    ];
  }
  return [`month/${d.month}`, ...sayNumberEn(d.day), ...sayYearEn(d.year)];
}

/** English years in pairs ("nineteen ninety nine", "twenty twenty five"), 2000-2009 whole. */
function sayYearEn(year: number): string[] {
  const hi = Math.floor(year / 100);
  const lo = year % 100;
  if (year % 1000 < 10 || year >= 10000) return sayNumberEn(year);
  if (lo === 0) return [...sayNumberEn(hi), "digits/hundred"];
  return [...sayNumberEn(hi), ...(lo < 10 ? ["digits/oh"] : []), ...sayNumberEn(lo)];
}

/** Every prompt name the helpers above can produce, for checking the prompt catalog. */
export function sayPromptNames(): string[] {
  const names = new Set<string>(["dot", "star", "pound", "digits/liang", "digits/oh"]);
  for (let i = 0; i <= 19; i++) names.add(`digits/${i}`);
  for (let t = 20; t <= 90; t += 10) names.add(`digits/${t}`);
  for (const n of ["hundred", "thousand", "million", "ten-thousand", "hundred-million"]) {
    names.add(`digits/${n}`);
  }
  for (let m = 1; m <= 12; m++) names.add(`month/${m}`);
  for (const n of ["time/am", "time/pm", "time/oclock", "time/hour", "time/minute"]) names.add(n);
  for (const n of ["date/year", "date/month", "date/day"]) names.add(n);
  return [...names].sort();
}
