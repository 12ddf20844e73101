// DESIGN "Data": a recording streams to "<file>.part" and is renamed when the call ends;
// its row is written after the rename. At start nothing is recording, so every ".part" file
// is an interrupted recording, every WAV without a row lost its row to a power cut, and a
// row whose file is gone points at nothing: each is removed so the index and the folder
// agree. Only volumes present now are swept; rows of an absent USB stick are kept.
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { and, eq } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { recordings } from "../db/schema/recordings.ts";

/** What the sweep removed, as "<volume>:<relative path>". */
export interface RecordingRepairReport {
  partFiles: string[];
  filesWithoutRow: string[];
  rowsWithoutFile: string[];
}

/** Sweeps one volume's recordings folder against the index. */
export function repairRecordings(
  db: PbxDatabase,
  volume: string,
  dir: string,
  report: RecordingRepairReport,
): void {
  const rows = db
    .select({ id: recordings.id, path: recordings.path })
    .from(recordings)
    .where(eq(recordings.volume, volume))
    .all();
  const known = new Set(rows.map((r) => r.path));
  for (const path of walk(dir)) {
    const rel = relative(dir, path).split("\\").join("/");
    if (rel.endsWith(".part")) {
      rmSync(path, { force: true });
      report.partFiles.push(`${volume}:${rel}`);
    } else if (rel.endsWith(".wav") && !known.has(rel)) {
      rmSync(path, { force: true });
      report.filesWithoutRow.push(`${volume}:${rel}`);
    }
  }
  for (const row of rows) {
    if (existsSync(join(dir, row.path))) continue;
    db.delete(recordings)
      .where(and(eq(recordings.id, row.id), eq(recordings.volume, volume)))
      .run();
    report.rowsWithoutFile.push(`${volume}:${row.path}`);
  }
}

function walk(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (isDir) out.push(...walk(path));
    else out.push(path);
  }
  return out;
}
