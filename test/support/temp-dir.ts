// Temporary directories for tests, removed once all test files have run (temp-dir-cleanup.ts,
// preloaded by bunfig.toml), also after a failed test: for fixtures handed out by factories
// (contract suites) and peers whose files a test reads after stopping them (baresip's
// recordings), where no single afterAll owns them.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = new Set<string>();

/** A fresh directory `<tmp>/<prefix>XXXXXX`, removed at exit (or by removeTempDir). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes a directory from tempDir now. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  made.delete(dir);
}

/** Removes every directory tempDir made and that is still there. */
export function removeAllTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}
