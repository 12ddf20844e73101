// SPEC ROUTE-3: the emergency numbers a phone may always dial, whatever its dial permission
// class and toll fuse. The admin keeps the list (setting `routes.emergencyNumbers`); until
// then it is China's: police 110, fire 119, ambulance 120, traffic 122, and 112 (GSM).

import type { SettingsStore } from "../db/settings-store.ts";
import { invalid, type RouteResult } from "./route-result.ts";

export const DEFAULT_EMERGENCY_NUMBERS: readonly string[] = ["110", "119", "120", "122", "112"];
export const EMERGENCY_NUMBERS_KEY = "routes.emergencyNumbers";
/** An emergency number: 2-15 digits (a short code, or a full number such as a site's guard). */
export const EMERGENCY_NUMBER_PATTERN = /^[0-9]{2,15}$/;
export const MAX_EMERGENCY_NUMBERS = 20;

/** The admin's list, or the default when it was never saved. */
export function emergencyNumbers(settings: Pick<SettingsStore, "get">): readonly string[] {
  const stored = settings.get<unknown>(EMERGENCY_NUMBERS_KEY, null);
  return Array.isArray(stored) && stored.every((n) => typeof n === "string")
    ? stored
    : DEFAULT_EMERGENCY_NUMBERS;
}

/** Checks and stores a new list (duplicates dropped, order kept); an empty list is allowed. */
export function saveEmergencyNumbers(
  settings: Pick<SettingsStore, "set">,
  numbers: readonly string[],
): RouteResult<readonly string[]> {
  if (numbers.length > MAX_EMERGENCY_NUMBERS)
    return invalid("numbers", `lists more than ${MAX_EMERGENCY_NUMBERS} numbers`);
  const bad = numbers.find((n) => !EMERGENCY_NUMBER_PATTERN.test(n));
  if (bad !== undefined) return invalid("numbers", `"${bad}" is not 2-15 digits`);
  const list = [...new Set(numbers)];
  settings.set(EMERGENCY_NUMBERS_KEY, list);
  return { ok: true, value: list };
}
