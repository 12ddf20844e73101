// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled, CRLF
// line ends. A text cell starting with a character a spreadsheet may read as the start of a
// formula (=, +, -, @, tab, CR, and their fullwidth forms) gets a leading apostrophe, so a
// caller-supplied name like "-2+3+cmd|' /C calc'!A0" is never run (OWASP "CSV injection").
// Numeric columns pass numbers, which are written as they are and stay numbers.

/** First characters that make a spreadsheet treat a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** One CSV field: a number as is, text defused and quoted as needed. */
export function csvField(value: string | number): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV line with its CRLF. */
export function csvLine(fields: readonly (string | number)[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}
