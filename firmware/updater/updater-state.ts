// What the updater remembers on the data volume (shared by both slots): each slot's version and
// whether it was marked good, the update waiting for its first boot, and the last result.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export type SlotName = "a" | "b";

export interface SlotRecord {
  version: string;
  /** Booted and passed its health check (the factory slot counts as good). */
  good: boolean;
  /** When an update wrote it; null for the firmware the box came with. */
  installedAtMs: number | null;
}

export type UpdateOutcome =
  | "installed"
  | "refused"
  | "write-failed"
  | "good"
  | "health-check-failed"
  | "rolled-back";

export interface UpdateResult {
  outcome: UpdateOutcome;
  version: string | null;
  slot: SlotName | null;
  message: string;
  atMs: number;
}

export interface UpdaterState {
  slots: Record<SlotName, SlotRecord | null>;
  /** Installed and switched to, not yet booted and marked good. */
  pending: { slot: SlotName; version: string } | null;
  lastResult: UpdateResult | null;
}

export function loadUpdaterState(path: string): UpdaterState {
  if (existsSync(path)) {
    try {
      return JSON.parse(readFileSync(path, "utf8")) as UpdaterState;
    } catch {
      // A damaged record is rebuilt from what the box knows; the slots themselves are intact.
    }
  }
  return { slots: { a: null, b: null }, pending: null, lastResult: null };
}

export function saveUpdaterState(path: string, state: UpdaterState): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${path}.tmp`, path);
}

export const otherSlot = (slot: SlotName): SlotName => (slot === "a" ? "b" : "a");
