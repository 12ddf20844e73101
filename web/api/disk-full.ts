// A full disk is not an internal error: the user can fix it (delete recordings or voice
// files). Any write that fails because the storage is full (ENOSPC from the file system,
// SQLITE_FULL from the database) is answered 507 Insufficient Storage (RFC 4918 section
// 11.5) with code "disk-full". The writers undo their half-done work before the error
// reaches here (atomic files, transactions).
import { ApiError } from "./api-error.ts";

export const DISK_FULL_MESSAGE =
  "the box's storage is full, so nothing was saved; delete old recordings or voice files and try again";

/** True when `err` says the disk (or the database file) is full. */
export function isDiskFull(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code === "ENOSPC" || code === "EDQUOT" || code === "SQLITE_FULL") return true;
  return (
    typeof message === "string" && /database or disk is full|no space left on device/i.test(message)
  );
}

/** The 507 answer for a full disk. */
export function diskFullError(): ApiError {
  return new ApiError(507, "disk-full", DISK_FULL_MESSAGE);
}
