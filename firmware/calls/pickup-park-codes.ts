// Which pickup or park number a phone dialled (SPEC CALL-8, CALL-9): the group pickup code
// (*8), the directed pickup code followed by an extension ("**" + 101 + #), or a park slot
// (41-49, + #). The codes are the admin's feature-code table, never literal strings here.

import type { NumberBlock } from "../numbering/manual-numbers.ts";
import { type FeatureCodeEntry, matchFeatureCode } from "./apps/feature-handler.ts";
import { dialledDigits } from "./apps/info-announcement.ts";

export type PickupParkCode = "pickup-group" | "pickup-directed" | "park-retrieve";

const PICKUP_CODES: ReadonlySet<string> = new Set(["pickup-group", "pickup-directed"]);

/**
 * What `dialled` asks for, with its argument (the extension, the slot), if anything: the codes
 * are matched as every feature code is (`matchFeatureCode`), then the park slots.
 */
export function pickupParkOf(
  dialled: string,
  codes: readonly FeatureCodeEntry[],
  slots: NumberBlock,
): { code: PickupParkCode; argument: string } | undefined {
  const pickup = matchFeatureCode(dialled, codes, (id) => PICKUP_CODES.has(id));
  if (pickup?.id === "pickup-group") return { code: "pickup-group", argument: "" };
  if (pickup && /^[0-9]+$/.test(pickup.argument))
    return { code: "pickup-directed", argument: pickup.argument };
  const digits = dialledDigits(dialled);
  if (isSlot(digits, slots)) return { code: "park-retrieve", argument: digits };
  return undefined;
}

/** Whether `number` is one of the park slots, written as the slot is (41, not 041). */
export function isSlot(number: string, slots: NumberBlock): boolean {
  const n = Number(number);
  return String(n) === number && n >= slots.first && n <= slots.last;
}
