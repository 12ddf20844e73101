// SPEC ROUTE-3: dial permission classes. Four built-in levels, each allowing what the one
// before allows: internal (extensions only), local (numbers without a leading 0: local lines,
// mobiles, service numbers), long distance (0 + area code), international (00 + country).
// A custom class starts from a level and adds allowed patterns and denied ones (deny wins).
// Emergency numbers are always allowed, whatever the class (SPEC: a phone may always call
// 110/119/120/122); the admin keeps the list (`emergency-numbers.ts`).

import { DIAL_LEVELS, type DialLevel } from "../db/schema/routes.ts";
import { matchesDialPattern } from "./dial-pattern.ts";
import { DEFAULT_EMERGENCY_NUMBERS } from "./emergency-numbers.ts";

export { DIAL_LEVELS, type DialLevel };

export interface DialPermissionClass {
  name: string;
  level: DialLevel;
  allow: readonly string[];
  deny: readonly string[];
}

/** The built-in classes, named after their level. */
export const BUILTIN_CLASSES: readonly DialPermissionClass[] = DIAL_LEVELS.map((level) => ({
  name: level,
  level,
  allow: [],
  deny: [],
}));

/** The level an outside number needs, from its leading digits. */
export function levelOf(number: string): Exclude<DialLevel, "internal"> {
  if (number.startsWith("00") || number.startsWith("+")) return "international";
  if (number.startsWith("0")) return "national";
  return "local";
}

export type PermissionVerdict =
  | { ok: true; emergency: boolean }
  | { ok: false; reason: "not-permitted"; needs: DialLevel };

/** May a caller of class `cls` dial the outside number `number` (digits as dialled, no prefix)? */
export function permits(
  cls: DialPermissionClass,
  number: string,
  emergency: readonly string[] = DEFAULT_EMERGENCY_NUMBERS,
): PermissionVerdict {
  if (emergency.includes(number)) return { ok: true, emergency: true };
  const needs = levelOf(number);
  if (cls.deny.some((p) => matchesDialPattern(p, number)))
    return { ok: false, reason: "not-permitted", needs };
  if (cls.allow.some((p) => matchesDialPattern(p, number))) return { ok: true, emergency: false };
  if (DIAL_LEVELS.indexOf(cls.level) >= DIAL_LEVELS.indexOf(needs))
    return { ok: true, emergency: false };
  return { ok: false, reason: "not-permitted", needs };
}
