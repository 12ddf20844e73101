// Structured logs: one JSON object a line (time, level, category, message, fields), so the
// web log viewer and telemetry can read them back. Categories follow folders ("sip.core").
// Secrets never reach a log line: callers pass no passwords, and known secret fields are masked.

import type { Logger } from "../sip/logger.ts";

type Level = "debug" | "info" | "warn" | "error";
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_FIELDS = /pass(word)?|secret|token|authorization|ha1|pin/i;

export class JsonLogger implements Logger {
  readonly #category: string;
  readonly #minimum: number;
  readonly #write: (line: string) => void;

  constructor(category: string, level: Level, write: (line: string) => void) {
    this.#category = category;
    this.#minimum = RANK[level];
    this.#write = write;
  }

  /** A logger for a sub-category sharing this one's level and output. */
  child(category: string): JsonLogger {
    const level = (Object.keys(RANK) as Level[]).find((l) => RANK[l] === this.#minimum) ?? "info";
    return new JsonLogger(category, level, this.#write);
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.#log("debug", message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.#log("info", message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.#log("warn", message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.#log("error", message, fields);
  }

  #log(level: Level, message: string, fields?: Record<string, unknown>): void {
    if (RANK[level] < this.#minimum) return;
    const record: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      category: this.#category,
      message,
    };
    for (const [key, value] of Object.entries(fields ?? {}))
      record[key] = SECRET_FIELDS.test(key) ? "***" : value;
    this.#write(JSON.stringify(record));
  }
}
