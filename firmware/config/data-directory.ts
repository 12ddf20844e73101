// The data directory must be a writable directory before anything is opened in it: a box that
// started on a read-only or full disk would look healthy and then fail every login and save.

import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StartupError } from "./startup-error.ts";

/** Creates the data directory if needed and proves a file can be written in it. */
export function prepareDataDirectory(dir: string): void {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(dir, { throwIfNoEntry: false });
  } catch (error) {
    throw new StartupError(`cannot reach the data directory ${dir} (--data): ${why(error)}`);
  }
  if (stat && !stat.isDirectory())
    throw new StartupError(`data directory ${dir} (--data) is a file, not a directory`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new StartupError(`cannot create the data directory ${dir} (--data): ${why(error)}`);
  }
  // Permission bits say nothing to root and nothing about a read-only mount: write to find out.
  const probe = join(dir, `.write-test-${process.pid}`);
  try {
    writeFileSync(probe, "ok");
  } catch (error) {
    throw new StartupError(`data directory ${dir} (--data) is not writable: ${why(error)}`);
  }
  rmSync(probe, { force: true });
}

function why(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case "EROFS":
      return "the file system is read-only";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "the disk is full";
    case "ENOTDIR":
    case "EEXIST":
      return "a file is in the way of the path";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
