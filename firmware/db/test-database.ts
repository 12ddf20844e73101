// Test support: a fresh database file in a temporary folder, removed by `close`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type OpenDatabase, openDatabase } from "./open-database.ts";

/** Opens a new database in its own temporary folder. */
export function openTestDatabase(): OpenDatabase {
  const dir = mkdtempSync(join(tmpdir(), "pbx-db-"));
  const open = openDatabase(join(dir, "pbx.sqlite"));
  return {
    ...open,
    close: () => {
      open.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
