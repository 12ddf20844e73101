// SPEC VOICE-2 custom prompts: the operator's own announcements for IVR menus, forwarding and
// queues, uploaded as MP3 or WAV and stored converted at <data>/prompts/custom/<name>.wav.
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { asc, eq } from "drizzle-orm";
import { readWav } from "../../media/file/wav-reader.ts";
import { customPrompts } from "../db/schema/voice-files.ts";
import { writeFileAtomic } from "../services/atomic-file.ts";
import type { AudioUpload } from "./moh-library.ts";
import { convertUpload } from "./upload-audio.ts";
import { customPromptRoot, type VoiceContext } from "./voice-context.ts";
import { fileNameProblem, storedNameOf } from "./voice-names.ts";
import { refuse, type VoiceResult } from "./voice-result.ts";

export interface CustomPromptRecord {
  name: string;
  durationMs: number;
  bytes: number;
  source: string;
  createdAt: Date;
}

/** The operator's prompts: upload, list, download, delete, and their samples for playback. */
export class CustomPromptLibrary {
  private readonly clips = new Map<string, Int16Array>();

  constructor(private readonly ctx: VoiceContext) {}

  list(): CustomPromptRecord[] {
    return this.ctx.db
      .select()
      .from(customPrompts)
      .orderBy(asc(customPrompts.name))
      .all()
      .map(record);
  }

  get(name: string): CustomPromptRecord | undefined {
    const row = this.ctx.db.select().from(customPrompts).where(eq(customPrompts.name, name)).get();
    return row ? record(row) : undefined;
  }

  /** Checks, converts and stores an upload; the file is in place before its row exists. */
  async add(upload: AudioUpload): Promise<VoiceResult<CustomPromptRecord>> {
    const name = storedNameOf(upload.fileName, upload.name);
    const problem = fileNameProblem(name);
    if (problem) return refuse("invalid", problem, "name");
    if (this.get(name)) return refuse("taken", "is already a prompt", "name");
    const converted = await convertUpload(upload.bytes, upload.fileName, this.ctx.limits);
    if (!converted.ok) return converted;
    // Checked again after the await: a concurrent upload may have taken the name.
    if (this.get(name)) return refuse("taken", "is already a prompt", "name");
    const { audio, source } = converted.value;
    mkdirSync(this.folder, { recursive: true });
    writeFileAtomic(this.pathOf(name), audio.wav, this.ctx.writeChunk);
    try {
      this.ctx.db
        .insert(customPrompts)
        .values({
          name,
          durationMs: audio.durationMs,
          bytes: audio.wav.length,
          source,
          createdAt: new Date(this.ctx.clock.now()),
        })
        .run();
    } catch (e) {
      // No row (a full database): the file goes too, so nothing is left half added.
      rmSync(this.pathOf(name), { force: true });
      throw e;
    }
    this.clips.delete(name);
    return { ok: true, value: this.get(name)! };
  }

  delete(name: string): VoiceResult<void> {
    if (!this.get(name)) return refuse("not_found", "no such prompt");
    this.ctx.db.delete(customPrompts).where(eq(customPrompts.name, name)).run();
    rmSync(this.pathOf(name), { force: true });
    this.clips.delete(name);
    return { ok: true, value: undefined };
  }

  /** The stored WAV, for download and for playing in the browser. */
  audio(name: string): Blob | undefined {
    return this.get(name) ? Bun.file(this.pathOf(name)) : undefined;
  }

  /** The prompt's 8 kHz samples for a PromptPlayer, read once and kept. */
  clip(name: string): Int16Array | undefined {
    const cached = this.clips.get(name);
    if (cached) return cached;
    if (!this.get(name)) return undefined;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(this.pathOf(name)));
    } catch {
      return undefined;
    }
    const wav = readWav(bytes);
    const samples = wav.ok ? wav.wav.channels[0] : undefined;
    if (samples) this.clips.set(name, samples);
    return samples;
  }

  get folder(): string {
    return customPromptRoot(this.ctx.dataDir);
  }

  private pathOf(name: string): string {
    return join(this.folder, `${name}.wav`);
  }
}

function record(row: typeof customPrompts.$inferSelect): CustomPromptRecord {
  const { name, durationMs, bytes, source, createdAt } = row;
  return { name, durationMs, bytes, source, createdAt };
}
