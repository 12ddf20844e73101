// SPEC DEV-7: backup and restore as the web API sees them. One checked upload waits at a time
// (a new check replaces it); restoring it commits it and asks the box to restart, which puts
// it in place before the database is opened (pending-restore.ts). Work files live under
// <data>/restore-staging and <data>/backup-work, never beside the live configuration.
import type { Database } from "bun:sqlite";
import { closeSync, mkdirSync, openSync, readSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Migration } from "../db/migrator.ts";
import type { BackupContents, BackupManifest, BoxIdentity } from "./backup-manifest.ts";
import type { RestoreReport } from "./config-diff.ts";
import { createBackup, type WrittenBackup } from "./create-backup.ts";
import { commitRestore, STAGING_DIR } from "./pending-restore.ts";
import { checkBackup, type Refusal } from "./restore-check.ts";

const WORK_DIR = "backup-work";

export interface BackupServiceOptions {
  sqlite: Database;
  dataDir: string;
  databasePath: string;
  identity: BoxIdentity;
  migrations: readonly Migration[];
  now: () => number;
  /** Called once a restore is committed: the box restarts to put it in place. */
  onRestoreCommitted: () => void;
}

/** The dry run of an uploaded backup, and the token that restores exactly it. */
export interface RestoreCheck {
  token: string;
  manifest: Omit<BackupManifest, "files">;
  migrated: string[];
  report: RestoreReport;
}

/** A backup being downloaded. */
export interface BackupDownload {
  fileName: string;
  bytes: number;
  stream: ReadableStream<Uint8Array>;
}

export type BackupOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: Refusal | { code: "not_found"; message: string } };

export class BackupService {
  private pending: { token: string; dir: string; contents: BackupContents } | null = null;
  private committed = false;

  constructor(private readonly o: BackupServiceOptions) {
    rmSync(join(o.dataDir, WORK_DIR), { recursive: true, force: true });
  }

  /**
   * A backup as a stream of its bytes. The file is written first, opened and unlinked at once:
   * an interrupted download leaves nothing behind on the box.
   */
  download(include: BackupContents): BackupDownload {
    const written = this.create(include);
    const fd = openSync(written.path, "r");
    written.done();
    let closed = false;
    const close = () => {
      if (!closed) closeSync(fd);
      closed = true;
    };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = new Uint8Array(256 * 1024);
        const n = readSync(fd, chunk, 0, chunk.length, null);
        if (n === 0) {
          close();
          controller.close();
        } else controller.enqueue(chunk.subarray(0, n));
      },
      cancel: close,
    });
    return { fileName: written.fileName, bytes: written.bytes, stream };
  }

  /** Writes a backup file; the caller reads it and then calls `done`. */
  create(include: BackupContents): WrittenBackup & { done(): void } {
    const workDir = join(this.o.dataDir, WORK_DIR);
    mkdirSync(workDir, { recursive: true });
    const written = createBackup({
      sqlite: this.o.sqlite,
      dataDir: this.o.dataDir,
      workDir,
      identity: this.o.identity,
      include,
      nowMs: this.o.now(),
    });
    return { ...written, done: () => rmSync(written.path, { force: true }) };
  }

  /**
   * Checks the uploaded archive written by `writeUpload` to the path it is given, and reports
   * what restoring it would change. The box's configuration is not touched.
   */
  async check(writeUpload: (path: string) => Promise<void>): Promise<BackupOutcome<RestoreCheck>> {
    this.discard();
    const token = crypto.randomUUID();
    const dir = join(this.o.dataDir, STAGING_DIR, token);
    mkdirSync(dir, { recursive: true });
    const archive = join(this.o.dataDir, STAGING_DIR, `${token}.tar`);
    try {
      await writeUpload(archive);
      const checked = checkBackup({
        archive,
        stagingDir: dir,
        live: this.o.sqlite,
        identity: this.o.identity,
        migrations: this.o.migrations,
      });
      if (!checked.ok) {
        rmSync(dir, { recursive: true, force: true });
        return checked;
      }
      const { files: _files, ...manifest } = checked.value.manifest;
      this.pending = { token, dir, contents: manifest.contents };
      return {
        ok: true,
        value: { token, manifest, migrated: checked.value.migrated, report: checked.value.report },
      };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    } finally {
      rmSync(archive, { force: true });
    }
  }

  /** Commits the checked backup named by `token` and asks for the restart that applies it. */
  restore(token: string): BackupOutcome<{ contents: BackupContents }> {
    const pending = this.pending;
    if (!pending || pending.token !== token || this.committed)
      return {
        ok: false,
        error: { code: "not_found", message: "no checked backup has this token: upload it again" },
      };
    commitRestore({
      stagingDir: pending.dir,
      dataDir: this.o.dataDir,
      livePath: this.o.databasePath,
      contents: pending.contents,
    });
    this.pending = null;
    this.committed = true;
    this.o.onRestoreCommitted();
    return { ok: true, value: { contents: pending.contents } };
  }

  /** Drops a checked upload that will not be restored. */
  discard(): void {
    if (this.pending) rmSync(this.pending.dir, { recursive: true, force: true });
    this.pending = null;
  }
}
