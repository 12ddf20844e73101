import { describe, expect, test } from "bun:test";
import { JsonLogger } from "./json-logger.ts";
import { LogOutput } from "./log-output.ts";

describe("JsonLogger", () => {
  test("a line's time is the box's clock (after an NTP step), its children's too; secrets masked", () => {
    const lines: string[] = [];
    const stepped = Date.UTC(2026, 11, 5, 8, 30);
    const log = new JsonLogger("main", new LogOutput("info", (l) => lines.push(l)), () => stepped);
    log.child("sip.core").info("registered", { extension: "101", password: "x" });
    expect(JSON.parse(lines[0]!)).toEqual({
      time: "2026-12-05T08:30:00.000Z",
      level: "info",
      category: "sip.core",
      message: "registered",
      extension: "101",
      password: "***",
    });
  });
});
