// The pages show a "taken" refusal in their own language, naming who holds the number.
import { describe, expect, test } from "bun:test";
import { refusalText } from "./error-text.ts";
import { translator } from "./translate.ts";

describe("refusalText", () => {
  const zh = translator("zh");
  const en = translator("en");

  test("names the holder of a taken number by its kind, number and name", () => {
    const refusal = {
      code: "taken",
      message: "600 is department Sales's number",
      field: "number",
      params: { holder: { kind: "department", number: "600", name: "Sales" }, match: "exact" },
    };
    expect(refusalText(refusal, en)).toBe("Extension is already used by department Sales (600)");
    expect(refusalText(refusal, zh)).toContain("部门 Sales（600）");
  });

  test("a holder kind the page does not know still shows its number", () => {
    const refusal = {
      code: "taken",
      message: "",
      field: "number",
      params: { holder: { kind: "pager", number: "700", name: "" } },
    };
    expect(refusalText(refusal, en)).toBe("Extension is already used by 700");
  });

  test("range limits fill the sentence", () => {
    const refusal = {
      code: "out-of-range",
      message: "",
      field: "count",
      params: { min: 1, max: 500 },
    };
    expect(refusalText(refusal, en)).toContain("1");
    expect(refusalText(refusal, en)).toContain("500");
  });

  test("a pattern refusal says the format the field wants", () => {
    const refusal = { code: "pattern", message: "", field: "voicemailPin", params: {} };
    expect(refusalText(refusal, en)).toBe("Voicemail PIN is not in the right format: 4-8 digits");
    expect(refusalText(refusal, zh)).toContain("4-8 位数字");
  });
});
