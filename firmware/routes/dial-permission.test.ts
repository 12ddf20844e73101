import { describe, expect, test } from "bun:test";
import { BUILTIN_CLASSES, type DialPermissionClass, levelOf, permits } from "./dial-permission.ts";

const cls = (name: string) => BUILTIN_CLASSES.find((c) => c.name === name)!;

describe("dial permission classes", () => {
  const table: [string, string, boolean][] = [
    ["internal", "62345678", false],
    ["internal", "110", true],
    ["local", "62345678", true],
    ["local", "13800138000", true],
    ["local", "01062345678", false],
    ["national", "01062345678", true],
    ["national", "0044207946000", false],
    ["international", "0044207946000", true],
    ["international", "+44207946000", true],
    ["internal", "119", true],
    ["local", "120", true],
  ];
  for (const [name, number, allowed] of table) {
    test(`${name} ${allowed ? "may" : "may not"} dial ${number}`, () => {
      expect(permits(cls(name), number).ok).toBe(allowed);
    });
  }

  test("custom class: allow and deny patterns on top of a level, deny wins", () => {
    const custom: DialPermissionClass = {
      name: "sales",
      level: "local",
      allow: ["010XXXXXXXX"],
      deny: ["1[3-9]XXXXXXXXX", "0106234567X"],
    };
    expect(permits(custom, "01012345678")).toEqual({ ok: true, emergency: false });
    expect(permits(custom, "01062345670")).toEqual({
      ok: false,
      reason: "not-permitted",
      needs: "national",
    });
    expect(permits(custom, "13800138000").ok).toBe(false);
    expect(permits(custom, "02112345678").ok).toBe(false);
    expect(permits(custom, "62345678").ok).toBe(true);
    expect(permits({ ...custom, deny: ["X."] }, "110")).toEqual({ ok: true, emergency: true });
  });

  test("levels by leading digits", () => {
    expect(["62345678", "01012345678", "0044", "+1"].map(levelOf)).toEqual([
      "local",
      "national",
      "international",
      "international",
    ]);
  });
});
