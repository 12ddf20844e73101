import { describe, expect, test } from "bun:test";
import { JsonLogger } from "./json-logger.ts";
import { LogOutput, RECENT_LINES } from "./log-output.ts";

function output(level: "debug" | "info" | "warn" | "error" = "info") {
  const printed: string[] = [];
  const out = new LogOutput(level, (line) => printed.push(line));
  return { out, printed, log: new JsonLogger("sip.core", out) };
}

describe("one level for every logger", () => {
  test("a change reaches loggers made before it, children included", () => {
    const { out, printed, log } = output("info");
    const child = log.child("sip.transport");
    child.debug("quiet");
    expect(printed).toHaveLength(0);
    out.setLevel("debug");
    child.debug("heard", { peer: "192.0.2.7:5060" });
    log.debug("heard too");
    expect(printed.map((l) => JSON.parse(l).message)).toEqual(["heard", "heard too"]);
    out.setLevel("error");
    log.warn("not now");
    expect(printed).toHaveLength(2);
  });

  test("secret fields are masked in every copy of a line", () => {
    const { out, printed, log } = output();
    log.info("login", { user: "admin", password: "hunter2", sipPassword: "x", pin: "1234" });
    expect(printed[0]).not.toContain("hunter2");
    const [line] = out.recent({ limit: 1 });
    expect(line).toMatchObject({ user: "admin", password: "***", sipPassword: "***", pin: "***" });
  });
});

describe("recent lines for the viewer", () => {
  test("newest first, by lowest level, category with what is under it, and text", () => {
    const { out, log } = output("debug");
    log.debug("one");
    log.child("sip.transport").warn("two", { peer: "198.51.100.9" });
    log.child("sipx").error("three");
    log.child("web.api").error("four");
    expect(out.recent({ limit: 10 }).map((r) => r.message)).toEqual([
      "four",
      "three",
      "two",
      "one",
    ]);
    expect(out.recent({ level: "warn", limit: 10 }).map((r) => r.message)).toEqual([
      "four",
      "three",
      "two",
    ]);
    expect(out.recent({ category: "sip", limit: 10 }).map((r) => r.message)).toEqual([
      "two",
      "one",
    ]);
    expect(out.recent({ text: "198.51", limit: 10 }).map((r) => r.message)).toEqual(["two"]);
    expect(out.recent({ limit: 2 }).map((r) => r.message)).toEqual(["four", "three"]);
  });

  test(`keeps the last ${RECENT_LINES} lines`, () => {
    const { out, log } = output();
    for (let n = 0; n < RECENT_LINES + 10; n++) log.info(`line ${n}`);
    const all = out.recent({ limit: RECENT_LINES + 10 });
    expect(all).toHaveLength(RECENT_LINES);
    expect(all[0]!.message).toBe(`line ${RECENT_LINES + 9}`);
    expect(all.at(-1)!.message).toBe("line 10");
  });
});
