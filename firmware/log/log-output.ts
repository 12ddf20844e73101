// Where every logger of the box writes: one level for all of them, changed at run time from the
// web UI; each line goes to stdout (the service manager's journal), to the rotating log file
// in the data directory (kept across restarts, downloaded from the UI) and to a window of
// recent lines the log viewer searches.

import type { LogFile } from "./log-file.ts";

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One logged line as the viewer gets it back. */
export interface LogRecord {
  time: string;
  level: LogLevel;
  category: string;
  message: string;
  [field: string]: unknown;
}

export interface LogQuery {
  /** The lowest level shown (warn: warnings and errors). */
  level?: LogLevel;
  /** A category or its parent ("sip" matches "sip.core"). */
  category?: string;
  /** Text anywhere in the line, case-insensitive. */
  text?: string;
  limit: number;
}

/** How many recent lines the viewer can search without reading the files. */
export const RECENT_LINES = 5000;

export class LogOutput {
  #level: LogLevel;
  readonly #write: (line: string) => void;
  // A ring of JSON lines: parsed only when the viewer asks.
  readonly #recent: string[] = [];
  #next = 0;
  #file: LogFile | null = null;

  constructor(level: LogLevel, write: (line: string) => void) {
    this.#level = level;
    this.#write = write;
  }

  get level(): LogLevel {
    return this.#level;
  }

  setLevel(level: LogLevel): void {
    this.#level = level;
  }

  enabled(level: LogLevel): boolean {
    return LOG_RANK[level] >= LOG_RANK[this.#level];
  }

  /** From now on lines also go to `file` (once the data directory is known to be usable). */
  attachFile(file: LogFile): void {
    this.#file = file;
  }

  emit(line: string): void {
    this.#write(line);
    this.#file?.append(line);
    if (this.#recent.length < RECENT_LINES) this.#recent.push(line);
    else this.#recent[this.#next] = line;
    this.#next = (this.#next + 1) % RECENT_LINES;
  }

  /** Recent lines matching `query`, newest first. */
  recent(query: LogQuery): LogRecord[] {
    const floor = LOG_RANK[query.level ?? "debug"];
    const category = query.category?.toLowerCase();
    const text = query.text?.toLowerCase();
    const found: LogRecord[] = [];
    const count = this.#recent.length;
    for (let i = 1; i <= count && found.length < query.limit; i++) {
      const line = this.#recent[(this.#next - i + count) % count]!;
      if (text && !line.toLowerCase().includes(text)) continue;
      const record = JSON.parse(line) as LogRecord;
      if (LOG_RANK[record.level] < floor) continue;
      if (category && !isWithin(record.category.toLowerCase(), category)) continue;
      found.push(record);
    }
    return found;
  }
}

function isWithin(category: string, wanted: string): boolean {
  return category === wanted || category.startsWith(`${wanted}.`);
}
