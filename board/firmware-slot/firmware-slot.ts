// SPEC DEV-4: one of the two A/B firmware slots as the updater writes it. A slot is either a
// directory (the simulated board keeps both under the data directory) or a partition of the
// board's flash (`/dev/mmcblk0p2`); the updater writes the same files into either through
// this contract: `begin` gives an empty directory, `commit` makes what was written there the
// slot's content, `abort` leaves the slot unbootable or as it was. A slot is only ever written
// while the box runs from the other one, and U-Boot is pointed at it only after a commit.
import { DirectorySlot } from "./directory-slot.ts";
import { PartitionSlot } from "./partition-slot.ts";

export interface FirmwareSlot {
  /** Where the slot is: a directory or a block device. */
  readonly location: string;
  /** An empty directory to write the slot's new files into. */
  begin(): Promise<string>;
  /** What was written since `begin` becomes the slot's content, on stable storage. */
  commit(): Promise<void>;
  /** Drops what was written since `begin`. */
  abort(): Promise<void>;
}

/** The slot at `location`, as the board definition names it: a block device or a directory. */
export function firmwareSlotAt(location: string): FirmwareSlot {
  return location.startsWith("/dev/") ? new PartitionSlot(location) : new DirectorySlot(location);
}
