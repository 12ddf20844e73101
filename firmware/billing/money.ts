// DESIGN "Data": money is integer minor units. Amounts typed by people ("0.10", "12") and
// written to CSV are decimal text converted here without floating point, so 0.1 + 0.2 never
// becomes 0.30000000000000004 fen.

/** Minor digits of an ISO 4217 currency (CNY 2, JPY 0...), from Intl. */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** True when `code` is an ISO 4217 currency Intl knows. */
export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code);
}

/** "12.34" as 1234 with 2 digits; undefined when it is not a plain amount of those digits. */
export function parseMoney(text: string, digits: number): number | undefined {
  const m = /^(-?)(\d{1,12})(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[3] ?? "";
  if (fraction.length > digits) return undefined;
  const minor = Number(m[2]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return m[1] === "-" ? -minor : minor;
}

/** 1234 with 2 digits as "12.34". */
export function formatMoney(minor: number, digits: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, "0")}`;
}
