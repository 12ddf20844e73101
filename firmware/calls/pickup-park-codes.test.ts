import { describe, expect, test } from "bun:test";
import { DEFAULT_FEATURE_CODES } from "../features/default-feature-codes.ts";
import { PARK_SLOTS } from "../numbering/manual-numbers.ts";
import { pickupParkOf } from "./pickup-park-codes.ts";

const codes = DEFAULT_FEATURE_CODES.map((c) => ({ ...c, enabled: true }));
const of = (dialled: string, table = codes) => pickupParkOf(dialled, table, PARK_SLOTS);

describe("pickupParkOf", () => {
  test("the manual's codes: *8, ** + extension + #, a slot 41-49 + #", () => {
    expect(of("*8")).toEqual({ code: "pickup-group", argument: "" });
    expect(of("*8#")).toEqual({ code: "pickup-group", argument: "" });
    expect(of("**102%23")).toEqual({ code: "pickup-directed", argument: "102" });
    expect(of("**8001#")).toEqual({ code: "pickup-directed", argument: "8001" });
    expect(of("41#")).toEqual({ code: "park-retrieve", argument: "41" });
    expect(of("49")).toEqual({ code: "park-retrieve", argument: "49" });
  });

  test("not theirs: other slots' look-alikes, ** without a number, other codes", () => {
    for (const dialled of ["40", "50", "041", "**", "**12a", "*80", "*4", "102"])
      expect(of(dialled)).toBeUndefined();
  });

  test("follows the admin's table: a changed code, a turned-off code", () => {
    const changed = codes.map((c) =>
      c.id === "pickup-group"
        ? { ...c, code: "*88" }
        : c.id === "pickup-directed"
          ? { ...c, enabled: false }
          : c,
    );
    expect(of("*8", changed)).toBeUndefined();
    expect(of("*88", changed)).toEqual({ code: "pickup-group", argument: "" });
    expect(of("**102", changed)).toBeUndefined();
  });
});
