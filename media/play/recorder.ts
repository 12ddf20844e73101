// Call recording to WAV (SPEC CALL-16, REP-2): one or two directions per frame, mixed to
// mono or kept as stereo (left = first direction). Samples stream to "<path>.part"; close()
// patches the header, syncs and renames, so a power cut never leaves a half file under the
// final name (DESIGN: files written to a temporary name and renamed).
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { interleave, wavHeader } from "../file/wav-writer.ts";

export type RecordingLayout = "mix" | "stereo";

export interface RecorderOptions {
  path: string;
  layout?: RecordingLayout;
  sampleRateHz?: number;
}

export type RecorderCloseResult =
  | { ok: true; path: string; durationMs: number; bytes: number }
  | { ok: false; error: "already closed" };

const FLUSH_BYTES = 32000;

export class Recorder {
  readonly tempPath: string;
  private readonly fd: number;
  private readonly layout: RecordingLayout;
  private readonly rate: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private dataBytes = 0;
  private samples = 0;
  private closed = false;

  constructor(private readonly options: RecorderOptions) {
    this.layout = options.layout ?? "mix";
    this.rate = options.sampleRateHz ?? 8000;
    this.tempPath = `${options.path}.part`;
    this.fd = openSync(this.tempPath, "w");
    writeSync(this.fd, wavHeader(0, this.rate, this.channels));
  }

  private get channels(): number {
    return this.layout === "stereo" ? 2 : 1;
  }

  /** Adds one frame per direction; a missing second direction is silence. */
  write(first: Int16Array, second?: Int16Array): void {
    if (this.closed) return;
    const other = second ?? new Int16Array(first.length);
    let bytes: Uint8Array;
    if (this.layout === "stereo") {
      bytes = interleave([first, other]);
    } else {
      const mix = new Int16Array(first.length);
      for (let i = 0; i < mix.length; i++) {
        const v = (first[i] as number) + ((other[i] as number) ?? 0);
        mix[i] = Math.max(-32768, Math.min(32767, v));
      }
      bytes = interleave([mix]);
    }
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.samples += first.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  /** Length recorded so far. */
  get durationMs(): number {
    return Math.round((this.samples * 1000) / this.rate);
  }

  /** Finishes the file and moves it to its final name. */
  close(): RecorderCloseResult {
    if (this.closed) return { ok: false, error: "already closed" };
    this.flush();
    writeSync(this.fd, wavHeader(this.dataBytes, this.rate, this.channels), 0, 44, 0);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.closed = true;
    renameSync(this.tempPath, this.options.path);
    return {
      ok: true,
      path: this.options.path,
      durationMs: this.durationMs,
      bytes: 44 + this.dataBytes,
    };
  }

  /** Drops the recording: nothing is left on disk. */
  abort(): void {
    if (this.closed) return;
    closeSync(this.fd);
    this.closed = true;
    rmSync(this.tempPath, { force: true });
  }

  private flush(): void {
    for (const chunk of this.pending) {
      writeSync(this.fd, chunk);
      this.dataBytes += chunk.length;
    }
    this.pending = [];
    this.pendingBytes = 0;
  }
}
