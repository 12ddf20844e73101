// Test support: a voice-file store on a fresh data directory and database, reopenable to
// play a restart, with a fixed clock. Also makes real audio files with sox.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type OpenDatabase, openDatabase } from "../db/open-database.ts";
import { VoiceFileStore, type VoiceFileStoreOptions } from "./voice-file-store.ts";

export const FIXTURE_MP3 = join(
  import.meta.dir,
  "..",
  "..",
  "media",
  "file",
  "fixtures",
  "tone-1khz-44k1-stereo.mp3",
);

/** A data directory and database; `open()` (re)opens the store as a boot would. */
export function voiceTestBed(options: Partial<VoiceFileStoreOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "pbx-voice-"));
  let database: OpenDatabase | undefined;
  const clock = { now: () => Date.UTC(2025, 5, 1, 9, 0, 0) };
  return {
    dataDir,
    open(): VoiceFileStore {
      database?.close();
      database = openDatabase(join(dataDir, "pbx.sqlite"));
      return VoiceFileStore.open({
        db: database.db,
        dataDir,
        clock,
        random: () => 0.5,
        ...options,
      });
    },
    get db() {
      return database!.db;
    },
    close() {
      database?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A WAV made by sox: `seconds` of a 440 Hz tone at `rateHz` with `channels`. */
export function soxWav(
  path: string,
  seconds: number,
  rateHz: number,
  channels: number,
): Uint8Array {
  const args = ["-n", "-r", String(rateHz), "-c", String(channels), "-b", "16", path];
  const run = Bun.spawnSync([
    "sox",
    ...args,
    "synth",
    String(seconds),
    "sine",
    "440",
    "vol",
    "0.5",
  ]);
  if (run.exitCode !== 0) throw new Error(`sox failed: ${run.stderr.toString()}`);
  return new Uint8Array(readFileSync(path));
}
