// DESIGN "Data": files are written to a temporary name and renamed, so a power cut leaves
// either the old state or the whole new file under the final name, never a torn one. The
// temporary name ends in ".part"; whatever still ends so at start was interrupted.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";

export const PART_SUFFIX = ".part";

/** The write(2) boundary: writes up to `length` bytes from `offset`, returns how many. */
export type ChunkWriter = (fd: number, bytes: Uint8Array, offset: number, length: number) => number;

/**
 * Writes `bytes` to `<path>.part`, syncs it and renames it to `path`. On any failure (a full
 * disk: ENOSPC) the part file is removed and the error thrown; `path` is untouched. `write`
 * is the write(2) call, replaceable so tests can make the disk fill up mid-file.
 */
export function writeFileAtomic(
  path: string,
  bytes: Uint8Array,
  write: ChunkWriter = writeSync,
): void {
  const temp = path + PART_SUFFIX;
  const fd = openSync(temp, "w");
  try {
    let at = 0;
    while (at < bytes.length) at += write(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
