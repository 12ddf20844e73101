import { describe, expect, test } from "bun:test";
import { DEFAULT_FEATURE_CODES } from "../../features/default-feature-codes.ts";
import { matchFeatureCode } from "./feature-handler.ts";

const codes = DEFAULT_FEATURE_CODES.map((c) => ({ ...c, enabled: true }));
const all = () => true;

describe("matchFeatureCode", () => {
  test("a code with its argument: the digits after it, the closing # dropped, escapes undone", () => {
    expect(matchFeatureCode("*71100#", codes, all)).toEqual({
      id: "forward-always",
      code: "*71",
      argument: "100",
    });
    expect(matchFeatureCode("*72985337106%23", codes, all)).toEqual({
      id: "forward-busy",
      code: "*72",
      argument: "985337106",
    });
    expect(matchFeatureCode("*07513800138000", codes, all)?.argument).toBe("13800138000");
  });

  test("codes without an argument match exactly, with or without #", () => {
    expect(matchFeatureCode("*074#", codes, all)?.id).toBe("dnd-off");
    expect(matchFeatureCode("*74", codes, all)?.id).toBe("dnd-on");
    expect(matchFeatureCode("*741#", codes, all)).toBeUndefined();
    expect(matchFeatureCode("*071#", codes, all)?.id).toBe("forward-always-off");
  });

  test("an exact code wins over a shorter code taking an argument (**13 is not ** + 13)", () => {
    expect(matchFeatureCode("**13#", codes, all)?.id).toBe("announce-extension");
    expect(matchFeatureCode("**101#", codes, all)).toEqual({
      id: "pickup-directed",
      code: "**",
      argument: "101",
    });
  });

  test("only codes someone handles, enabled, with the admin's digits", () => {
    const handled = (id: string) => id.startsWith("forward");
    expect(matchFeatureCode("**101#", codes, handled)).toBeUndefined();
    const changed = codes.map((c) =>
      c.id === "forward-always"
        ? { ...c, code: "*81" }
        : c.id === "dnd-on"
          ? { ...c, enabled: false }
          : c,
    );
    expect(matchFeatureCode("*71100#", changed, all)).toBeUndefined();
    expect(matchFeatureCode("*81100#", changed, all)?.id).toBe("forward-always");
    expect(matchFeatureCode("*74#", changed, all)).toBeUndefined();
  });
});
