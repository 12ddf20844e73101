// The box's log on its data volume: lines gathered and appended once a second (a write per
// line would cost a system call on every REGISTER), rotated at 1 MiB, the newest three files
// kept, so the log survives a restart and never fills the volume.

import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";

export interface LogFileOptions {
  maxBytes?: number;
  /** How many files are kept, the current one included. */
  keep?: number;
  flushMs?: number;
}

export const LOG_FILE_NAME = "pbx.log";

export class LogFile {
  readonly #dir: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  #pending: string[] = [];
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(dir: string, options: LogFileOptions = {}) {
    this.#dir = dir;
    this.#maxBytes = options.maxBytes ?? 1024 * 1024;
    this.#keep = options.keep ?? 3;
    mkdirSync(dir, { recursive: true });
    this.#timer = setInterval(() => this.flush(), options.flushMs ?? 1000);
    this.#timer.unref();
  }

  append(line: string): void {
    this.#pending.push(line);
  }

  /** Writes what is gathered; a full volume loses log lines, never the box. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const chunk = `${this.#pending.join("\n")}\n`;
    this.#pending = [];
    try {
      appendFileSync(this.#path(0), chunk);
      if (statSync(this.#path(0)).size >= this.#maxBytes) this.#rotate();
    } catch {
      // Nothing to tell: the line that would say so could not be written either.
    }
  }

  /** Every kept file, oldest first, as one text (for the download). */
  read(): string {
    this.flush();
    const parts: string[] = [];
    for (let n = this.#keep - 1; n >= 0; n--) {
      const path = this.#path(n);
      if (existsSync(path)) parts.push(readFileSync(path, "utf8"));
    }
    return parts.join("");
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush();
  }

  #rotate(): void {
    for (let n = this.#keep - 1; n >= 1; n--) {
      const from = this.#path(n - 1);
      if (existsSync(from)) renameSync(from, this.#path(n));
    }
  }

  #path(n: number): string {
    return join(this.#dir, n === 0 ? LOG_FILE_NAME : `${LOG_FILE_NAME}.${n}`);
  }
}
