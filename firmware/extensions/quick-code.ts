// SPEC EXT-4, PROV-1: each IP extension has a random 3-digit quick registration code that a
// phone's first-boot wizard asks for. Codes are drawn among the free ones, so no retry loop;
// when all 900 are taken the extension simply has none.
import { randomInt } from "node:crypto";

export const QUICK_CODE_MIN = 100;
export const QUICK_CODE_MAX = 999;

/** A random code not in `used`, or null when none is left. */
export function pickQuickCode(used: ReadonlySet<string>): string | null {
  const free: string[] = [];
  for (let code = QUICK_CODE_MIN; code <= QUICK_CODE_MAX; code++) {
    if (!used.has(String(code))) free.push(String(code));
  }
  return free.length === 0 ? null : free[randomInt(free.length)]!;
}
