import { describe, expect, test } from "bun:test";
import { compileDialPattern, matchesDialPattern } from "./dial-pattern.ts";

describe("dial patterns", () => {
  const table: [string, string, boolean][] = [
    ["XXXXXXXX", "62345678", true],
    ["XXXXXXXX", "6234567", false],
    ["NXXXXXXX", "12345678", false],
    ["NXXXXXXX", "22345678", true],
    ["ZXX", "012", false],
    ["ZXX", "112", true],
    ["1[3-9]XXXXXXXXX", "13800138000", true],
    ["1[3-9]XXXXXXXXX", "12800138000", false],
    ["[135]X", "52", true],
    ["[135]X", "22", false],
    ["0.", "0", false],
    ["0.", "01012345678", true],
    ["00!", "00", true],
    ["00!", "0044", true],
    ["_9X.", "912", true],
    ["*7X", "*71", true],
    ["110", "110", true],
    ["110", "1100", false],
    ["+X.", "+8610", true],
  ];
  for (const [pattern, number, expected] of table) {
    test(`${pattern} ${expected ? "matches" : "does not match"} ${number}`, () => {
      expect(matchesDialPattern(pattern, number)).toBe(expected);
    });
  }

  const bad: [string, string][] = [
    ["", "is empty"],
    ["X.X", 'has "." before its end'],
    ["[1-", 'has "[" without "]"'],
    ["[a]", "has a bad set [a]"],
    ["9Y", 'has "Y", which is not a digit nor X Z N [ ] . !'],
  ];
  for (const [pattern, message] of bad) {
    test(`refuses ${JSON.stringify(pattern)}: ${message}`, () => {
      expect(compileDialPattern(pattern)).toEqual({ ok: false, message });
      expect(matchesDialPattern(pattern, "9")).toBe(false);
    });
  }
});
