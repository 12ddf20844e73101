import { expect, test } from "bun:test";
import { DEFAULT_FEATURE_CODES } from "../../features/default-feature-codes.ts";
import { pagingCodeOf } from "./paging-codes.ts";

const codes = DEFAULT_FEATURE_CODES.map((c) => ({ ...c, enabled: true }));

test("the manual's codes: *50 / *51 + extension + #, *90 / *91 / *92 + extension", () => {
  expect(pagingCodeOf("*50102#", codes)).toEqual({ code: "intercom", extension: "102" });
  expect(pagingCodeOf("*51102%23", codes)).toEqual({ code: "paging", extension: "102" });
  expect(pagingCodeOf("*90101", codes)).toEqual({ code: "monitor-listen", extension: "101" });
  expect(pagingCodeOf("*91101", codes)).toEqual({ code: "monitor-whisper", extension: "101" });
  expect(pagingCodeOf("*92101#", codes)).toEqual({ code: "monitor-barge", extension: "101" });
});

test("not theirs: a code without an extension, other codes, plain numbers", () => {
  for (const dialled of ["*50", "*51#", "*90", "*9", "*8", "**102#", "102", "*5010a#"])
    expect(pagingCodeOf(dialled, codes)).toBeUndefined();
});

test("follows the admin's table: a changed code, a turned-off code", () => {
  const changed = codes.map((c) =>
    c.id === "intercom"
      ? { ...c, code: "*55" }
      : c.id === "monitor-listen"
        ? { ...c, enabled: false }
        : c,
  );
  expect(pagingCodeOf("*55102#", changed)).toEqual({ code: "intercom", extension: "102" });
  expect(pagingCodeOf("*50102#", changed)).toBeUndefined();
  expect(pagingCodeOf("*90101", changed)).toBeUndefined();
});
