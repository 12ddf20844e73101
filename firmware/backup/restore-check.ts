// SPEC DEV-7: the checks and dry run of a restore, before anything on the box changes. The
// uploaded file is unpacked into a staging folder of its own: the archive must be whole (every
// member the manifest lists, of its size and SHA-256), from this board, and from a schema this
// firmware knows (an older one is migrated on the staged copy, as a boot would migrate it);
// then the staged database is compared with the box's. The live database is only read.
import { Database } from "bun:sqlite";
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Migration } from "../db/migrator.ts";
import { applyMigrations } from "../db/migrator.ts";
import {
  type BackupManifest,
  type BoxIdentity,
  DATABASE_NAME,
  MANIFEST_NAME,
  parseManifest,
} from "./backup-manifest.ts";
import { RECORD_FOLDERS, VOICE_FOLDERS } from "./backup-tables.ts";
import { diffConfigurations, type RestoreReport } from "./config-diff.ts";
import { listTar, readEntry, TarError } from "./tar-archive.ts";

export type RefusalCode = "not_a_backup" | "damaged" | "wrong_board" | "newer_schema";

/** Why a backup cannot be restored here, in words for the admin. */
export interface Refusal {
  code: RefusalCode;
  message: string;
}

export interface CheckedBackup {
  manifest: BackupManifest;
  report: RestoreReport;
  /** Migrations run on the staged copy: the backup came from older firmware. */
  migrated: string[];
}

export interface CheckRequest {
  /** The uploaded archive. */
  archive: string;
  /** An empty folder the backup is unpacked into. */
  stagingDir: string;
  live: Database;
  identity: BoxIdentity;
  migrations: readonly Migration[];
}

/** Unpacks and checks the backup, then compares it with the box; never writes the box. */
export function checkBackup(
  request: CheckRequest,
): { ok: true; value: CheckedBackup } | { ok: false; error: Refusal } {
  try {
    return { ok: true, value: check(request) };
  } catch (error) {
    if (error instanceof RefusedError) return { ok: false, error: error.refusal };
    if (error instanceof TarError)
      return refused("not_a_backup", `the file is not a whole backup: ${error.message}`);
    throw error;
  }
}

class RefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

function refused(code: RefusalCode, message: string): { ok: false; error: Refusal } {
  return { ok: false, error: { code, message } };
}

function refuse(code: RefusalCode, message: string): never {
  throw new RefusedError({ code, message });
}

function check(request: CheckRequest): CheckedBackup {
  const entries = listTar(request.archive);
  const manifestEntry = entries.find((e) => e.name === MANIFEST_NAME);
  if (!manifestEntry)
    refuse("not_a_backup", "the file is not a backup of this box: it has no manifest.json");
  const parsed = parseManifest(new TextDecoder().decode(bytesOf(request.archive, manifestEntry)));
  if (!parsed.ok)
    refuse("not_a_backup", `the file is not a backup this firmware reads: ${parsed.reason}`);
  const manifest = parsed.manifest;
  if (manifest.board !== request.identity.board)
    refuse(
      "wrong_board",
      `the backup is from a ${manifest.model} (board "${manifest.board}"); this box is a ` +
        `${request.identity.model} (board "${request.identity.board}")`,
    );
  newerSchema(manifest.schema, request.migrations, manifest.firmwareVersion);

  const folders = [
    ...(manifest.contents.voiceFiles ? VOICE_FOLDERS : []),
    ...(manifest.contents.records ? RECORD_FOLDERS : []),
  ];
  for (const entry of entries) {
    if (entry.name === MANIFEST_NAME) continue;
    const listed = manifest.files[entry.name];
    if (!listed || !safeMemberName(entry.name, folders))
      refuse("damaged", `the backup holds ${entry.name}, which its manifest does not list`);
    if (listed.bytes !== entry.size)
      refuse(
        "damaged",
        `${entry.name} in the backup is ${entry.size} bytes, its manifest says ${listed.bytes}`,
      );
    const sha256 = unpack(request.archive, entry, join(request.stagingDir, entry.name));
    if (sha256 !== listed.sha256)
      refuse("damaged", `${entry.name} in the backup is damaged (checksum)`);
  }
  for (const name of Object.keys(manifest.files))
    if (!entries.some((e) => e.name === name)) refuse("damaged", `the backup lacks ${name}`);
  if (!manifest.files[DATABASE_NAME]) refuse("damaged", "the backup holds no database");

  const staged = openStaged(join(request.stagingDir, DATABASE_NAME));
  try {
    const stagedSchema = staged
      .query<{ name: string }, []>("SELECT name FROM schema_migrations ORDER BY rowid")
      .all()
      .map((r) => r.name);
    newerSchema(stagedSchema, request.migrations, manifest.firmwareVersion);
    const migrated = applyMigrations(staged, request.migrations).applied;
    const report = diffConfigurations(request.live, staged, manifest.contents);
    return { manifest, report, migrated };
  } finally {
    staged.close();
  }
}

function newerSchema(schema: readonly string[], migrations: readonly Migration[], version: string) {
  const known = new Set(migrations.map((m) => m.name));
  const unknown = schema.filter((name) => !known.has(name));
  if (unknown.length > 0)
    refuse(
      "newer_schema",
      `the backup was made by newer firmware (${version}, database ${unknown.at(-1)}); this ` +
        `firmware knows the database up to ${migrations.at(-1)?.name}: update the box first`,
    );
}

function openStaged(path: string): Database {
  let db: Database | undefined;
  try {
    db = new Database(path, { strict: true });
    const result = db.query<{ quick_check: string }, []>("PRAGMA quick_check").get();
    if (result?.quick_check !== "ok") throw new Error(result?.quick_check ?? "no answer");
    db.query("SELECT name FROM schema_migrations LIMIT 1").get();
    return db;
  } catch (error) {
    db?.close();
    return refuse("damaged", `the backup's database cannot be read: ${(error as Error).message}`);
  }
}

/** Only the database and files under the folders the backup says it holds; no "..". */
function safeMemberName(name: string, folders: readonly string[]): boolean {
  if (name === DATABASE_NAME) return true;
  const parts = name.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) return false;
  return folders.some((folder) => name.startsWith(`${folder}/`));
}

function bytesOf(archive: string, entry: { name: string; size: number; offset: number }) {
  if (entry.size > 1024 * 1024) refuse("not_a_backup", "the backup's manifest is too large");
  const chunks: Uint8Array[] = [];
  readEntry(archive, entry, (chunk) => chunks.push(chunk.slice()));
  return Buffer.concat(chunks);
}

/** Copies one member out of the archive, synced; returns its SHA-256. */
function unpack(
  archive: string,
  entry: { name: string; size: number; offset: number },
  to: string,
) {
  mkdirSync(dirname(to), { recursive: true });
  const hasher = new Bun.CryptoHasher("sha256");
  const fd = openSync(to, "w");
  try {
    readEntry(archive, entry, (chunk) => {
      hasher.update(chunk);
      let at = 0;
      while (at < chunk.length) at += writeSync(fd, chunk, at, chunk.length - at);
    });
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return hasher.digest("hex");
}
