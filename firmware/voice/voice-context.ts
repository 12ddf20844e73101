// What the voice-file libraries share: the database, where the files live, the clock rows
// are stamped with, and the upload limits. Only main.ts (and tests) make one.
import { join } from "node:path";
import type { PbxDatabase } from "../db/open-database.ts";
import type { ChunkWriter } from "../services/atomic-file.ts";
import type { UploadLimits } from "./upload-audio.ts";

/** Wall-clock milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

export interface VoiceContext {
  db: PbxDatabase;
  dataDir: string;
  clock: Clock;
  limits: UploadLimits;
  /** The write(2) call files are written with (tests make the disk fill up with it). */
  writeChunk?: ChunkWriter;
}

/** <data>/moh: one folder per music-on-hold class. */
export function mohRoot(dataDir: string): string {
  return join(dataDir, "moh");
}

/** <data>/prompts/custom: the operator's own prompts. */
export function customPromptRoot(dataDir: string): string {
  return join(dataDir, "prompts", "custom");
}
