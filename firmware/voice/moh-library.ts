// SPEC VOICE-1 music on hold: classes (a folder and a play mode, random or in order) and
// their clips, uploaded as MP3 or WAV and stored converted at <data>/moh/<class>/<name>.wav.
// Each class plays as one shared stream (media/play MusicOnHoldClasses) that every held
// caller of the class hears; a change to the class's files or play mode restarts its stream.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { and, asc, eq, sql } from "drizzle-orm";
import { readWav } from "../../media/file/wav-reader.ts";
import { writeWav } from "../../media/file/wav-writer.ts";
import {
  MusicOnHoldClasses,
  type MusicOnHoldSource,
} from "../../media/play/music-on-hold-source.ts";
import { extensions } from "../db/schema/extensions.ts";
import { type MohPlayMode, mohClasses, mohFiles } from "../db/schema/voice-files.ts";
import { writeFileAtomic } from "../services/atomic-file.ts";
import { convertUpload } from "./upload-audio.ts";
import { mohRoot, type VoiceContext } from "./voice-context.ts";
import {
  classNameProblem,
  DEFAULT_MOH_CLASS,
  fileNameProblem,
  storedNameOf,
} from "./voice-names.ts";
import { refuse, type VoiceResult } from "./voice-result.ts";

export interface MohClassRecord {
  name: string;
  playMode: MohPlayMode;
  fileCount: number;
  durationMs: number;
  createdAt: Date;
}

export interface MohFileRecord {
  className: string;
  name: string;
  durationMs: number;
  bytes: number;
  source: string;
  createdAt: Date;
}

/** An uploaded file: its bytes, the name the browser gave it, and an optional stored name. */
export interface AudioUpload {
  bytes: Uint8Array;
  fileName: string;
  name?: string;
}

const notFound = () => refuse("not_found", "no such music-on-hold class");

/** Music-on-hold classes, their files, and the shared stream of each. */
export class MohLibrary {
  private readonly streams: MusicOnHoldClasses;
  // MusicOnHoldClasses asks its loader on every source() call: keep what was read.
  private readonly loaded = new Map<string, { clips: Int16Array[]; order: MohPlayMode }>();

  constructor(
    private readonly ctx: VoiceContext,
    random: () => number = Math.random,
  ) {
    this.streams = new MusicOnHoldClasses((name) => this.loadClips(name), random);
  }

  /** Every class with its file count and total length, by name. */
  listClasses(): MohClassRecord[] {
    return this.classQuery().orderBy(asc(mohClasses.name)).all();
  }

  getClass(name: string): MohClassRecord | undefined {
    return this.classQuery().where(eq(mohClasses.name, name)).get();
  }

  createClass(input: { name: string; playMode?: MohPlayMode }): VoiceResult<MohClassRecord> {
    const problem = classNameProblem(input.name);
    if (problem) return refuse("invalid", problem, "name");
    if (this.getClass(input.name)) return refuse("taken", "is already a class", "name");
    this.ctx.db
      .insert(mohClasses)
      .values({
        name: input.name,
        playMode: input.playMode ?? "in-order",
        createdAt: new Date(this.ctx.clock.now()),
      })
      .run();
    mkdirSync(this.folderOf(input.name), { recursive: true });
    return { ok: true, value: this.getClass(input.name)! };
  }

  updateClass(name: string, patch: { playMode?: MohPlayMode }): VoiceResult<MohClassRecord> {
    if (!this.getClass(name)) return notFound();
    if (patch.playMode !== undefined) {
      this.ctx.db
        .update(mohClasses)
        .set({ playMode: patch.playMode })
        .where(eq(mohClasses.name, name))
        .run();
      this.restart(name);
    }
    return { ok: true, value: this.getClass(name)! };
  }

  /** Deletes a class and its files; "default" and classes extensions use are kept. */
  deleteClass(name: string): VoiceResult<void> {
    if (!this.getClass(name)) return notFound();
    if (name === DEFAULT_MOH_CLASS) {
      return refuse("protected", "the default class is what every other class falls back to");
    }
    const users = this.ctx.db
      .select({ number: extensions.number })
      .from(extensions)
      .where(eq(extensions.mohClass, name))
      .all()
      .map((r) => r.number);
    if (users.length > 0) {
      const shown = users.slice(0, 5).join(", ") + (users.length > 5 ? ", ..." : "");
      return refuse("in_use", `is the music on hold of extension ${shown}`);
    }
    // Rows first: a power cut before the folder goes leaves only files without rows, which
    // the start-up sweep removes.
    this.ctx.db.delete(mohClasses).where(eq(mohClasses.name, name)).run();
    rmSync(this.folderOf(name), { recursive: true, force: true });
    this.restart(name);
    return { ok: true, value: undefined };
  }

  listFiles(className: string): VoiceResult<MohFileRecord[]> {
    const cls = this.classRow(className);
    if (!cls) return notFound();
    const rows = this.ctx.db
      .select()
      .from(mohFiles)
      .where(eq(mohFiles.classId, cls.id))
      .orderBy(asc(mohFiles.name))
      .all();
    return { ok: true, value: rows.map((r) => fileRecord(className, r)) };
  }

  getFile(className: string, name: string): MohFileRecord | undefined {
    const cls = this.classRow(className);
    const row = cls && this.fileRow(cls.id, name);
    return row ? fileRecord(className, row) : undefined;
  }

  /** Checks, converts and stores an upload; the file is in place before its row exists. */
  async addFile(className: string, upload: AudioUpload): Promise<VoiceResult<MohFileRecord>> {
    if (!this.classRow(className)) return notFound();
    const name = storedNameOf(upload.fileName, upload.name);
    const problem = fileNameProblem(name);
    if (problem) return refuse("invalid", problem, "name");
    if (this.getFile(className, name)) return refuse("taken", "is already in this class", "name");
    const converted = await convertUpload(upload.bytes, upload.fileName, this.ctx.limits);
    if (!converted.ok) return converted;
    const { audio, source } = converted.value;
    // Checked again after the await: another upload may have taken the class or the name.
    return this.storeWav(className, name, audio.wav, audio.durationMs, source);
  }

  /** Stores samples already in the box's format (the built-in default clip). */
  storeClip(className: string, name: string, samples: Int16Array): VoiceResult<MohFileRecord> {
    const durationMs = Math.round(samples.length / 8);
    return this.storeWav(className, name, writeWav(8000, [samples]), durationMs, "built-in");
  }

  deleteFile(className: string, name: string): VoiceResult<void> {
    const cls = this.classRow(className);
    const row = cls && this.fileRow(cls.id, name);
    if (!row) return refuse("not_found", "no such file in this class");
    this.ctx.db.delete(mohFiles).where(eq(mohFiles.id, row.id)).run();
    rmSync(this.pathOf(className, name), { force: true });
    this.restart(className);
    return { ok: true, value: undefined };
  }

  /** The stored WAV of a file, for download. */
  fileAudio(className: string, name: string): Blob | undefined {
    return this.getFile(className, name) ? Bun.file(this.pathOf(className, name)) : undefined;
  }

  /** The class's shared stream; an unknown class plays "default", an empty one silence. */
  source(className: string): MusicOnHoldSource {
    return this.streams.source(className);
  }

  /** Where a class's files live. */
  folderOf(className: string): string {
    return join(mohRoot(this.ctx.dataDir), className);
  }

  private pathOf(className: string, name: string): string {
    return join(this.folderOf(className), `${name}.wav`);
  }

  private storeWav(
    className: string,
    name: string,
    wav: Uint8Array,
    durationMs: number,
    source: string,
  ): VoiceResult<MohFileRecord> {
    const cls = this.classRow(className);
    if (!cls) return notFound();
    if (this.fileRow(cls.id, name)) return refuse("taken", "is already in this class", "name");
    mkdirSync(this.folderOf(className), { recursive: true });
    writeFileAtomic(this.pathOf(className, name), wav, this.ctx.writeChunk);
    try {
      this.ctx.db
        .insert(mohFiles)
        .values({
          classId: cls.id,
          name,
          durationMs,
          bytes: wav.length,
          source,
          createdAt: new Date(this.ctx.clock.now()),
        })
        .run();
    } catch (e) {
      // No row (a full database): the file goes too, so nothing is left half added.
      rmSync(this.pathOf(className, name), { force: true });
      throw e;
    }
    this.restart(className);
    return { ok: true, value: this.getFile(className, name)! };
  }

  /** Forgets a class's clips and stream so the next listener hears the new state. */
  private restart(className: string): void {
    this.loaded.delete(className);
    this.streams.reload(className);
  }

  private loadClips(className: string): { clips: Int16Array[]; order: MohPlayMode } | undefined {
    const cached = this.loaded.get(className);
    if (cached) return cached;
    const cls = this.classRow(className);
    if (!cls) return undefined;
    const rows = this.ctx.db
      .select({ name: mohFiles.name })
      .from(mohFiles)
      .where(eq(mohFiles.classId, cls.id))
      .orderBy(asc(mohFiles.name))
      .all();
    const clips: Int16Array[] = [];
    for (const { name } of rows) {
      const wav = readWav(readFileBytes(this.pathOf(className, name)));
      if (wav.ok && wav.wav.channels[0]) clips.push(wav.wav.channels[0]);
    }
    const loaded = { clips, order: cls.playMode };
    this.loaded.set(className, loaded);
    return loaded;
  }

  private classQuery() {
    return this.ctx.db
      .select({
        name: mohClasses.name,
        playMode: mohClasses.playMode,
        fileCount: sql<number>`count(${mohFiles.id})`.mapWith(Number),
        durationMs: sql<number>`coalesce(sum(${mohFiles.durationMs}), 0)`.mapWith(Number),
        createdAt: mohClasses.createdAt,
      })
      .from(mohClasses)
      .leftJoin(mohFiles, eq(mohFiles.classId, mohClasses.id))
      .groupBy(mohClasses.id)
      .$dynamic();
  }

  private classRow(name: string) {
    return this.ctx.db.select().from(mohClasses).where(eq(mohClasses.name, name)).get();
  }

  private fileRow(classId: number, name: string) {
    return this.ctx.db
      .select()
      .from(mohFiles)
      .where(and(eq(mohFiles.classId, classId), eq(mohFiles.name, name)))
      .get();
  }
}

function fileRecord(className: string, row: typeof mohFiles.$inferSelect): MohFileRecord {
  const { name, durationMs, bytes, source, createdAt } = row;
  return { className, name, durationMs, bytes, source, createdAt };
}

function readFileBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch {
    return new Uint8Array(0);
  }
}
