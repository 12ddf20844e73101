// English cardinal numbers as prompt names, the way IVRs read them: "one hundred five",
// "twenty one", "two million three hundred thousand" (no "and").

function belowHundred(n: number): string[] {
  if (n < 20) return [`digits/${n}`];
  const tens = `digits/${Math.floor(n / 10) * 10}`;
  return n % 10 === 0 ? [tens] : [tens, `digits/${n % 10}`];
}

function belowThousand(n: number): string[] {
  const out: string[] = [];
  if (n >= 100) out.push(`digits/${Math.floor(n / 100)}`, "digits/hundred");
  if (n % 100 !== 0 || n === 0) out.push(...belowHundred(n % 100));
  return out;
}

/** Prompt names for 0 <= n < 1e9 in English. */
export function sayNumberEn(n: number): string[] {
  if (n === 0) return ["digits/0"];
  const out: string[] = [];
  const millions = Math.floor(n / 1e6);
  const thousands = Math.floor((n % 1e6) / 1000);
  const rest = n % 1000;
  if (millions) out.push(...belowThousand(millions), "digits/million");
  if (thousands) out.push(...belowThousand(thousands), "digits/thousand");
  if (rest) out.push(...belowThousand(rest));
  return out;
}
