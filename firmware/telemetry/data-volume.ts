// SPEC DEV-6 health: the size and free space of the volume holding the box's data.
import { statfsSync } from "node:fs";

export function dataVolume(directory: string): {
  mountPoint: string;
  sizeBytes: number;
  freeBytes: number;
} {
  const s = statfsSync(directory);
  return { mountPoint: "data", sizeBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
}
