import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOG_FILE_NAME, LogFile } from "./log-file.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), "pbx-log-"));
  dirs.push(d);
  return join(d, "logs");
}

describe("the log file on the data volume", () => {
  test("lines are written on flush, and read back oldest first", () => {
    const at = dir();
    const file = new LogFile(at, { flushMs: 60_000 });
    file.append('{"message":"a"}');
    file.append('{"message":"b"}');
    expect(existsSync(join(at, LOG_FILE_NAME))).toBe(false);
    file.flush();
    expect(readFileSync(join(at, LOG_FILE_NAME), "utf8")).toBe(
      '{"message":"a"}\n{"message":"b"}\n',
    );
    file.append('{"message":"c"}');
    expect(file.read()).toBe('{"message":"a"}\n{"message":"b"}\n{"message":"c"}\n');
    file.close();
  });

  test("rotates past the size, keeps the newest three files, and loses no kept line", () => {
    const at = dir();
    const file = new LogFile(at, { maxBytes: 100, keep: 3, flushMs: 60_000 });
    const lines: string[] = [];
    for (let n = 0; n < 20; n++) {
      const line = `{"message":"line ${String(n).padStart(2, "0")} ${"x".repeat(40)}"}`;
      lines.push(line);
      file.append(line);
      file.flush();
    }
    expect(existsSync(join(at, `${LOG_FILE_NAME}.2`))).toBe(true);
    expect(existsSync(join(at, `${LOG_FILE_NAME}.3`))).toBe(false);
    const kept = file.read().trimEnd().split("\n");
    // What is kept is the newest lines, in order, none missing between them.
    expect(kept).toEqual(lines.slice(lines.length - kept.length));
    expect(kept.length).toBeGreaterThanOrEqual(4);
    file.close();
  });

  test("close writes what is gathered", () => {
    const at = dir();
    const file = new LogFile(at, { flushMs: 60_000 });
    file.append('{"message":"last words"}');
    file.close();
    expect(readFileSync(join(at, LOG_FILE_NAME), "utf8")).toContain("last words");
  });
});
