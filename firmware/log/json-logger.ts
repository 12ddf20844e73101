// Structured logs: one JSON object a line (time, level, category, message, fields), so the
// web log viewer and telemetry can read them back. Categories follow folders ("sip.core").
// Secrets never reach a log line: callers pass no passwords, and known secret fields are masked.

import type { Logger } from "../sip/logger.ts";
import type { LogLevel, LogOutput } from "./log-output.ts";

const SECRET_FIELDS = /pass(word)?|secret|token|authorization|ha1|pin/i;

export class JsonLogger implements Logger {
  readonly #category: string;
  readonly #output: LogOutput;
  readonly #now: () => number;

  /** `now`: the box's clock (NTP-stepped, SPEC DEV-7), so log times agree with records. */
  constructor(category: string, output: LogOutput, now: () => number = Date.now) {
    this.#category = category;
    this.#output = output;
    this.#now = now;
  }

  /** A logger for a sub-category sharing this one's output (and so its level) and clock. */
  child(category: string): JsonLogger {
    return new JsonLogger(category, this.#output, this.#now);
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

  #log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (!this.#output.enabled(level)) return;
    const record: Record<string, unknown> = {
      time: new Date(this.#now()).toISOString(),
      level,
      category: this.#category,
      message,
    };
    for (const [key, value] of Object.entries(fields ?? {}))
      record[key] = SECRET_FIELDS.test(key) ? "***" : value;
    this.#output.emit(JSON.stringify(record));
  }
}
