// RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled, CRLF
// line ends. A leading =, +, - or @ is prefixed with an apostrophe so a spreadsheet opening
// the export never runs a caller-supplied name as a formula (OWASP "CSV injection").

export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}
