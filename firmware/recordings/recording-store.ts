// SPEC CALL-16 (automatic and one-touch recording), REP-2/3/4 (search, download, delete;
// an extension user sees only recordings its extension took part in). The call engine
// starts a recording with begin(), feeds the media Recorder one frame per tick and calls
// finish(): the WAV is renamed into place, then its row is written (DESIGN "Data"). Files
// live per volume: "data" is <data>/recordings; a USB stick can be added as another (SPEC
// DEV-5). A recording is always written on the data volume and moved to the stick once it is
// whole, in the background: a stick pulled mid-call, or full, never costs a recording, which
// then stays on the data volume.
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { copyFile, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { and, asc, count, desc, eq, exists, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { Recorder, type RecordingLayout } from "../../media/play/recorder.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import {
  type RecordingDirection,
  type RecordingKind,
  recordingExtensions,
  recordings,
} from "../db/schema/recordings.ts";
import { recordingPath } from "./recording-path.ts";
import { type RecordingRepairReport, repairRecordings } from "./recording-repair.ts";

export type { RecordingDirection, RecordingKind };

/** Wall-clock milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

export interface RecordingRecord {
  id: number;
  kind: RecordingKind;
  direction: RecordingDirection;
  /** The box's extensions that took part, sorted. */
  extensions: string[];
  peerNumber: string;
  startedAt: Date;
  durationMs: number;
  bytes: number;
  volume: string;
  callId: string | null;
}

/** What the call engine knows when a recording starts. */
export interface RecordingStart {
  kind: RecordingKind;
  direction: RecordingDirection;
  extensions: readonly string[];
  peerNumber?: string;
  callId?: string;
  /** "mix" (default) or "stereo" (left = first direction written). */
  layout?: RecordingLayout;
  volume?: string;
}

/** A recording in progress: write frames to `recorder`, then finish() or abort(). */
export interface ActiveRecording {
  readonly recorder: Recorder;
  /** The final path of the WAV (it is written at `<path>.part` until finished). */
  readonly path: string;
  /** Closes the WAV, renames it and indexes it; undefined when no audio was recorded. */
  finish(): RecordingRecord | undefined;
  /** Drops the recording: no file, no row. */
  abort(): void;
}

export interface RecordingQuery {
  /** Every one of these extensions took part. */
  extensions?: readonly string[];
  kind?: RecordingKind;
  direction?: RecordingDirection;
  /** Part of the peer number. */
  peer?: string;
  fromMs?: number;
  toMs?: number;
  offset?: number;
  limit?: number;
}

export interface RecordingStoreOptions {
  db: PbxDatabase;
  /** Volume name -> its recordings folder; "data" must be present. */
  volumes: Record<string, string>;
  clock: Clock;
  /** Where new recordings go (default "data"). */
  defaultVolume?: string;
  /** Whether `volume` has room for `bytes` more; a recording that does not fit stays put. */
  hasRoomFor?(volume: string, bytes: number): boolean;
}

export const MAX_PAGE = 200;

/** The index of call, one-touch and conference recordings and their WAV files. */
export class RecordingStore {
  private readonly volumes: Map<string, string>;
  private defaultVolume: string;
  /** Moves to other volumes, one after another. */
  private moves: Promise<void> = Promise.resolve();

  private constructor(
    private readonly options: RecordingStoreOptions,
    /** What the start-up sweep removed. */
    readonly repairs: RecordingRepairReport,
  ) {
    this.volumes = new Map(Object.entries(options.volumes));
    this.defaultVolume = options.defaultVolume ?? "data";
  }

  /** Opens the store, sweeping interrupted recordings and orphans on each present volume. */
  static open(options: RecordingStoreOptions): RecordingStore {
    const report: RecordingRepairReport = {
      partFiles: [],
      filesWithoutRow: [],
      rowsWithoutFile: [],
    };
    for (const [volume, dir] of Object.entries(options.volumes)) {
      repairRecordings(options.db, volume, dir, report);
    }
    return new RecordingStore(options, report);
  }

  /** Adds or removes a volume (a USB stick mounted or pulled); new recordings go there or not. */
  setVolume(name: string, dir: string | undefined, useForNew = false): void {
    if (dir === undefined) {
      this.volumes.delete(name);
      if (this.defaultVolume === name) this.defaultVolume = "data";
      return;
    }
    this.volumes.set(name, dir);
    if (useForNew) this.defaultVolume = name;
    else if (this.defaultVolume === name) this.defaultVolume = "data";
  }

  /** Resolves once every recording waiting to move to another volume has moved (or stayed). */
  idle(): Promise<void> {
    return this.moves;
  }

  /** Starts a recording now; the caller writes 20 ms frames to `recorder`. */
  begin(start: RecordingStart): ActiveRecording {
    const root = this.volumes.get("data")!;
    const startedAtMs = this.options.clock.now();
    const random = crypto.getRandomValues(new Uint8Array(2));
    const relPath = recordingPath({
      startedAtMs,
      kind: start.kind,
      extensions: start.extensions,
      peerNumber: start.peerNumber ?? "",
      unique: Buffer.from(random).toString("hex"),
    });
    const path = join(root, relPath);
    mkdirSync(dirname(path), { recursive: true });
    const recorder = new Recorder({ path, layout: start.layout ?? "mix" });
    let done = false;
    return {
      recorder,
      path,
      finish: () => {
        if (done) return undefined;
        done = true;
        recorder.close();
        if (recorder.durationMs === 0 || !existsSync(path)) {
          rmSync(path, { force: true });
          return undefined;
        }
        const bytes = statSync(path).size;
        const id = this.insert(start, "data", relPath, startedAtMs, recorder.durationMs, bytes);
        // Where it goes is decided now: a stick put in during the call gets it too.
        const target = start.volume ?? this.defaultVolume;
        if (target !== "data") this.moveLater(id, relPath, bytes, target);
        return this.get(id);
      },
      abort: () => {
        if (done) return;
        done = true;
        recorder.abort();
      },
    };
  }

  private moveLater(id: number, relPath: string, bytes: number, volume: string): void {
    this.moves = this.moves.then(() => this.move(id, relPath, bytes, volume));
  }

  /** Copies the WAV to `volume`, synced, renamed, then points the row at it and drops the old. */
  private async move(id: number, relPath: string, bytes: number, volume: string): Promise<void> {
    const root = this.volumes.get(volume);
    if (!root || !(this.options.hasRoomFor?.(volume, bytes) ?? true)) return;
    const from = join(this.volumes.get("data")!, relPath);
    const to = join(root, relPath);
    const part = `${to}.part`;
    try {
      mkdirSync(dirname(to), { recursive: true });
      await copyFile(from, part);
      const file = await open(part, "r+");
      try {
        await file.sync();
      } finally {
        await file.close();
      }
      // Pulled or ejected while copying: the copy may be cut short; the data volume keeps it.
      if (this.volumes.get(volume) !== root) throw new Error("the volume went away");
      await rename(part, to);
    } catch {
      await rm(part, { force: true }).catch(() => {});
      return;
    }
    const moved = this.options.db
      .update(recordings)
      .set({ volume })
      .where(and(eq(recordings.id, id), eq(recordings.volume, "data")))
      .returning({ id: recordings.id })
      .all();
    // Deleted while it moved: the copy goes too.
    await rm(moved.length > 0 ? from : to, { force: true }).catch(() => {});
  }

  /** Recordings matching `query`, newest first, one page at a time. */
  search(query: RecordingQuery = {}): { items: RecordingRecord[]; total: number } {
    const where = this.conditions(query);
    const { db } = this.options;
    const total = db.select({ n: count() }).from(recordings).where(where).get()?.n ?? 0;
    const limit = Math.max(1, Math.min(query.limit ?? 50, MAX_PAGE));
    const rows = db
      .select()
      .from(recordings)
      .where(where)
      .orderBy(desc(recordings.startedAt), desc(recordings.id))
      .limit(limit)
      .offset(Math.max(0, query.offset ?? 0))
      .all();
    return { items: this.withExtensions(rows), total };
  }

  get(id: number): RecordingRecord | undefined {
    const row = this.options.db.select().from(recordings).where(eq(recordings.id, id)).get();
    return row ? this.withExtensions([row])[0] : undefined;
  }

  /** The WAV, for download; undefined when its volume is not present now. */
  audio(id: number): Blob | undefined {
    const path = this.fileOf(id);
    return path && existsSync(path) ? Bun.file(path) : undefined;
  }

  /** Deletes the row, then the file; false when there was no such recording. */
  delete(id: number): boolean {
    const path = this.fileOf(id);
    const deleted = this.options.db
      .delete(recordings)
      .where(eq(recordings.id, id))
      .returning()
      .all();
    if (deleted.length === 0) return false;
    if (path) rmSync(path, { force: true });
    return true;
  }

  private fileOf(id: number): string | undefined {
    const row = this.options.db
      .select({ volume: recordings.volume, path: recordings.path })
      .from(recordings)
      .where(eq(recordings.id, id))
      .get();
    const root = row && this.volumes.get(row.volume);
    return row && root ? join(root, row.path) : undefined;
  }

  private insert(
    start: RecordingStart,
    volume: string,
    path: string,
    startedAtMs: number,
    durationMs: number,
    bytes: number,
  ): number {
    return this.options.db.transaction((tx) => {
      const row = tx
        .insert(recordings)
        .values({
          kind: start.kind,
          direction: start.direction,
          peerNumber: start.peerNumber ?? "",
          startedAt: new Date(startedAtMs),
          durationMs,
          bytes,
          volume,
          path,
          callId: start.callId ?? null,
        })
        .returning({ id: recordings.id })
        .get();
      const parties = [...new Set(start.extensions)];
      if (parties.length > 0) {
        tx.insert(recordingExtensions)
          .values(parties.map((extension) => ({ recordingId: row.id, extension })))
          .run();
      }
      return row.id;
    });
  }

  private conditions(query: RecordingQuery): SQL | undefined {
    const { db } = this.options;
    const all: SQL[] = [];
    for (const extension of query.extensions ?? []) {
      all.push(
        exists(
          db
            .select({ one: recordingExtensions.recordingId })
            .from(recordingExtensions)
            .where(
              and(
                eq(recordingExtensions.recordingId, recordings.id),
                eq(recordingExtensions.extension, extension),
              ),
            ),
        ),
      );
    }
    if (query.kind) all.push(eq(recordings.kind, query.kind));
    if (query.direction) all.push(eq(recordings.direction, query.direction));
    if (query.peer) {
      const pattern = `%${escapeLike(query.peer)}%`;
      all.push(sql`${recordings.peerNumber} LIKE ${pattern} ESCAPE '\\'`);
    }
    if (query.fromMs !== undefined) all.push(gte(recordings.startedAt, new Date(query.fromMs)));
    if (query.toMs !== undefined) all.push(lt(recordings.startedAt, new Date(query.toMs)));
    return all.length > 0 ? and(...all) : undefined;
  }

  private withExtensions(rows: (typeof recordings.$inferSelect)[]): RecordingRecord[] {
    if (rows.length === 0) return [];
    const parties = this.options.db
      .select()
      .from(recordingExtensions)
      .where(
        inArray(
          recordingExtensions.recordingId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(recordingExtensions.extension))
      .all();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      direction: r.direction,
      extensions: parties.filter((p) => p.recordingId === r.id).map((p) => p.extension),
      peerNumber: r.peerNumber,
      startedAt: r.startedAt,
      durationMs: r.durationMs,
      bytes: r.bytes,
      volume: r.volume,
      callId: r.callId,
    }));
  }
}

/** LIKE treats % and _ as wildcards; a searched "1_2" means the characters. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
