// Money on the billing pages (SPEC BILL): the API counts integer minor units (fen for CNY);
// people read and type decimals. Converted as text, never through floating point, with the
// currency's decimals from the billing settings.

/** 1234 with 2 digits as "12.34". */
export function formatMoney(minor: number, digits: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, "0")}`;
}

/** "12.34" as 1234 with 2 digits; undefined when it is not a plain amount with those digits. */
export function parseMoney(text: string, digits: number): number | undefined {
  const m = /^(\d{1,12})(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[2] ?? "";
  if (fraction.length > digits) return undefined;
  return Number(m[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}

/** Minutes after midnight as "HH:MM". */
export function timeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** "HH:MM" as minutes after midnight, or undefined. */
export function minutesOf(text: string): number | undefined {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}
