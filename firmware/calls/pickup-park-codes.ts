// Which pickup or park number a phone dialled (SPEC CALL-8, CALL-9): the group pickup code
// (*8), the directed pickup code followed by an extension ("**" + 101 + #), or a park slot
// (41-49, + #). The codes are the admin's feature-code table, never literal strings here.

import type { NumberBlock } from "../numbering/manual-numbers.ts";
import { dialledDigits } from "./apps/info-announcement.ts";

export type PickupParkCode = "pickup-group" | "pickup-directed" | "park-retrieve";

export interface PickupParkEntry {
  id: string;
  code: string;
  enabled: boolean;
}

/** What `dialled` asks for, with its argument (the extension, the slot), if anything. */
export function pickupParkOf(
  dialled: string,
  codes: readonly PickupParkEntry[],
  slots: NumberBlock,
): { code: PickupParkCode; argument: string } | undefined {
  const digits = dialledDigits(dialled);
  const enabled = (id: string) => codes.find((c) => c.id === id && c.enabled)?.code;
  const group = enabled("pickup-group");
  if (group && digits === group) return { code: "pickup-group", argument: "" };
  const directed = enabled("pickup-directed");
  if (directed && digits.startsWith(directed)) {
    const extension = digits.slice(directed.length);
    if (/^[0-9]+$/.test(extension)) return { code: "pickup-directed", argument: extension };
  }
  if (isSlot(digits, slots)) return { code: "park-retrieve", argument: digits };
  return undefined;
}

/** Whether `number` is one of the park slots, written as the slot is (41, not 041). */
export function isSlot(number: string, slots: NumberBlock): boolean {
  const n = Number(number);
  return String(n) === number && n >= slots.first && n <= slots.last;
}
