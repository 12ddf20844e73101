// SPEC DEV-7: carrying out a checked restore so that a power cut at any moment leaves the box
// on its old configuration or on the new one, never a mix. The staged folder is completed
// (parts the backup does not hold copied from the box, everything fsynced) and renamed to
// <data>/restore-ready: that rename is the commit point. The box then restarts, and before the
// database is opened each start finishes a committed restore, one idempotent step per item
// (remove the old, rename the new in), so a cut half-way is completed at the next start.
import { Database } from "bun:sqlite";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import type { BackupContents } from "./backup-manifest.ts";
import { DATABASE_NAME } from "./backup-manifest.ts";
import { RECORD_FOLDERS, RECORD_TABLES, VOICE_FOLDERS, VOICE_TABLES } from "./backup-tables.ts";

export const READY_DIR = "restore-ready";
export const STAGING_DIR = "restore-staging";
const PLAN = "restore.json";

/**
 * Completes the checked backup unpacked in `stagingDir` and commits it as the next start's
 * configuration. The box's database at `livePath` is only read.
 */
export function commitRestore(options: {
  stagingDir: string;
  dataDir: string;
  livePath: string;
  contents: BackupContents;
}): void {
  const { stagingDir, dataDir, contents } = options;
  const staged = new Database(join(stagingDir, DATABASE_NAME), { strict: true });
  try {
    staged.run("PRAGMA foreign_keys = OFF");
    staged.run("ATTACH DATABASE ? AS live", [options.livePath]);
    const kept = [
      ...(contents.records ? [] : RECORD_TABLES),
      ...(contents.voiceFiles ? [] : VOICE_TABLES),
    ];
    staged.transaction(() => {
      for (const table of kept) {
        const columns = staged
          .query<{ name: string }, []>(`PRAGMA main.table_info(${table})`)
          .all()
          .map((c) => `"${c.name}"`)
          .join(", ");
        staged.run(`DELETE FROM main.${table}`);
        staged.run(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM live.${table}`);
      }
    })();
    staged.run("DETACH DATABASE live");
    // One file, no -wal beside it, before it is moved into place.
    staged.run("PRAGMA journal_mode = DELETE");
  } finally {
    staged.close();
  }
  const items = [
    DATABASE_NAME,
    ...(contents.voiceFiles ? VOICE_FOLDERS : []),
    ...(contents.records ? RECORD_FOLDERS : []),
  ];
  // An included folder the backup had no file in replaces the box's with an empty one.
  for (const item of items.slice(1)) mkdirSync(join(stagingDir, item), { recursive: true });
  writeFileSync(join(stagingDir, PLAN), JSON.stringify({ items }));
  syncTree(stagingDir);
  const ready = join(dataDir, READY_DIR);
  rmSync(ready, { recursive: true, force: true });
  renameSync(stagingDir, ready);
  syncDirectory(dataDir);
}

/**
 * Finishes a committed restore, if one is waiting; run at start before the database is opened.
 * Also drops a staged upload nobody confirmed. Returns the items put in place, or null.
 */
export function applyPendingRestore(dataDir: string): string[] | null {
  rmSync(join(dataDir, STAGING_DIR), { recursive: true, force: true });
  const ready = join(dataDir, READY_DIR);
  if (!existsSync(join(ready, PLAN))) {
    // Renamed without its plan cannot happen (the plan is written first); a stray folder goes.
    rmSync(ready, { recursive: true, force: true });
    return null;
  }
  const { items } = JSON.parse(readFileSync(join(ready, PLAN), "utf8")) as { items: string[] };
  for (const item of items) {
    const source = join(ready, item);
    if (!existsSync(source)) continue; // moved in before a power cut
    const target = join(dataDir, item);
    if (item === DATABASE_NAME) {
      // The old database's WAL would be replayed onto the new file: it goes first.
      rmSync(`${target}-wal`, { force: true });
      rmSync(`${target}-shm`, { force: true });
    }
    rmSync(target, { recursive: true, force: true });
    mkdirSync(dirname(target), { recursive: true });
    renameSync(source, target);
    syncDirectory(dirname(target));
  }
  rmSync(ready, { recursive: true, force: true });
  syncDirectory(dataDir);
  return items;
}

function syncTree(path: string): void {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path)) syncTree(join(path, name));
    syncDirectory(path);
    return;
  }
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
