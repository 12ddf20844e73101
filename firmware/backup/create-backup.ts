// SPEC DEV-7: a backup of the live box as one ustar file. The database is copied with
// `VACUUM INTO`, a consistent snapshot taken while calls and saves go on; the optional parts'
// files are taken from the folders their snapshot rows name. Secrets stay as stored: account
// passwords hashed, SIP and trunk passwords as the box needs them, so a backup file must be
// kept as safe as the box itself.
import { Database } from "bun:sqlite";
import { closeSync, existsSync, openSync, readdirSync, readSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import {
  BACKUP_FORMAT,
  type BackupContents,
  type BackupManifest,
  type BoxIdentity,
  DATABASE_NAME,
  MANIFEST_NAME,
} from "./backup-manifest.ts";
import {
  RECORD_FOLDERS,
  RECORD_TABLES,
  SESSION_TABLES,
  VOICE_FOLDERS,
  VOICE_TABLES,
} from "./backup-tables.ts";
import { type TarInput, writeTar } from "./tar-archive.ts";

export interface BackupRequest {
  sqlite: Database;
  dataDir: string;
  /** Where the archive is written (a folder on the data disk). */
  workDir: string;
  identity: BoxIdentity;
  include: BackupContents;
  nowMs: number;
}

export interface WrittenBackup {
  path: string;
  /** pbx-backup-<board>-<YYYYMMDD-HHMMSS>.tar, for the download. */
  fileName: string;
  bytes: number;
  manifest: BackupManifest;
}

/** Writes a backup file under `workDir`; the caller removes it once it has been sent. */
export function createBackup(request: BackupRequest): WrittenBackup {
  const id = crypto.randomUUID();
  const snapshot = join(request.workDir, `${id}.db`);
  const path = join(request.workDir, `${id}.tar`);
  try {
    request.sqlite.run("VACUUM INTO ?", [snapshot]);
    const schema = trimSnapshot(snapshot, request.include);
    const members: { name: string; file: string }[] = [{ name: DATABASE_NAME, file: snapshot }];
    const folders = [
      ...(request.include.voiceFiles ? VOICE_FOLDERS : []),
      ...(request.include.records ? RECORD_FOLDERS : []),
    ];
    for (const folder of folders)
      for (const file of filesUnder(join(request.dataDir, folder)))
        members.push({ name: relative(request.dataDir, file), file });
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      ...request.identity,
      schema,
      createdAtMs: Math.round(request.nowMs),
      contents: { config: true, ...request.include },
      files: Object.fromEntries(members.map((m) => [m.name, digestOf(m.file)])),
    };
    const inputs: TarInput[] = [
      { name: MANIFEST_NAME, bytes: new TextEncoder().encode(JSON.stringify(manifest, null, 2)) },
      ...members,
    ];
    const fd = openSync(path, "w");
    let bytes: number;
    try {
      bytes = writeTar(fd, inputs, request.nowMs);
    } finally {
      closeSync(fd);
    }
    return {
      path,
      fileName: backupFileName(request.identity.board, request.nowMs),
      bytes,
      manifest,
    };
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  } finally {
    rmSync(snapshot, { force: true });
  }
}

/** Empties what the backup leaves out; returns the snapshot's migrations, oldest first. */
function trimSnapshot(file: string, include: BackupContents): string[] {
  const copy = new Database(file);
  try {
    const drop = [
      ...SESSION_TABLES,
      ...(include.records ? [] : RECORD_TABLES),
      ...(include.voiceFiles ? [] : VOICE_TABLES),
    ];
    // A database from older firmware may lack some of them.
    const present = new Set(
      copy
        .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((t) => t.name),
    );
    copy.run("PRAGMA foreign_keys = OFF");
    copy.transaction(() => {
      for (const table of drop) if (present.has(table)) copy.run(`DELETE FROM ${table}`);
    })();
    copy.run("VACUUM");
    return copy
      .query<{ name: string }, []>("SELECT name FROM schema_migrations ORDER BY rowid")
      .all()
      .map((r) => r.name);
  } finally {
    copy.close();
  }
}

/** Regular files under `dir`, recursively, in name order; half-written ".part" files left out. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isDirectory()) found.push(...filesUnder(path));
    else if (stat?.isFile() && !name.endsWith(".part")) found.push(path);
  }
  return found;
}

/** Size and SHA-256 of a file, read in chunks. */
export function digestOf(file: string): { bytes: number; sha256: string } {
  const hasher = new Bun.CryptoHasher("sha256");
  let bytes = 0;
  const fd = openSync(file, "r");
  try {
    const chunk = new Uint8Array(1024 * 1024);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      hasher.update(chunk.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hasher.digest("hex") };
}

function backupFileName(board: string, nowMs: number): string {
  const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `pbx-backup-${board}-${stamp}.tar`;
}
