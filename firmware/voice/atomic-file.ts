// DESIGN "Data": files are written to a temporary name and renamed, so a power cut leaves
// either the old state or the whole new file under the final name, never a torn one. The
// temporary name ends in ".part"; whatever still ends so at start was interrupted.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

export const PART_SUFFIX = ".part";

/** Writes `bytes` to `<path>.part`, syncs it and renames it to `path`. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const temp = path + PART_SUFFIX;
  const fd = openSync(temp, "w");
  try {
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(temp, path);
}
