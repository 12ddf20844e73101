import { describe, expect, test } from "bun:test";
import { callerIdSequence } from "./caller-id-sequence.ts";

describe("callerIdSequence", () => {
  test("increments by one, keeping leading zeros and a leading +", () => {
    expect(callerIdSequence("075583210098", 3, "increment")).toEqual([
      "075583210098",
      "075583210099",
      "075583210100",
    ]);
    expect(callerIdSequence("+8675583210009", 2, "increment")).toEqual([
      "+8675583210009",
      "+8675583210010",
    ]);
  });

  test("keeps one caller ID for all, or none when the first is empty", () => {
    expect(callerIdSequence("88886666", 3, "same")).toEqual(["88886666", "88886666", "88886666"]);
    expect(callerIdSequence("", 2, "increment")).toEqual(["", ""]);
  });

  test("does not lose precision past 2^53", () => {
    expect(callerIdSequence("99999999999999999999", 2, "increment")[1]).toBe(
      "100000000000000000000",
    );
  });
});
