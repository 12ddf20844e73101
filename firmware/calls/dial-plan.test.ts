import { describe, expect, test } from "bun:test";
import { extension } from "./call-engine.test-helper.ts";
import { CallDialPlan, type Target } from "./dial-plan.ts";

const plan = (featureCodes?: (n: string) => Target | undefined) =>
  new CallDialPlan({
    lookupIp: (n) => (n === "301" || n === "90" ? extension(n) : undefined),
    analogPort: (n) => (n === "8002" ? 2 : undefined),
    outboundPrefixes: () => ["9"],
    ...(featureCodes ? { featureCodes } : {}),
  });

describe("CallDialPlan", () => {
  test("an IP extension, an analog extension and an external number after the prefix 9", () => {
    expect(plan().resolve("301")).toMatchObject({ kind: "ip", number: "301" });
    expect(plan().resolve("8002")).toEqual({ kind: "analog", number: "8002", port: 2 });
    expect(plan().resolve("913800138000")).toEqual({
      kind: "outbound",
      number: "913800138000",
      prefix: "9",
      digits: "13800138000",
    });
  });

  test("an exact number wins over the outbound prefix; the prefix alone is unknown", () => {
    expect(plan().resolve("90").kind).toBe("ip");
    expect(plan().resolve("9").kind).toBe("unknown");
    expect(plan().resolve("555").kind).toBe("unknown");
  });

  test("feature codes come from the hook, before outbound numbers", () => {
    const withCodes = plan((n) =>
      n.startsWith("**") ? { kind: "feature", number: n, code: n, argument: "" } : undefined,
    );
    expect(withCodes.resolve("**11").kind).toBe("feature");
    expect(plan().resolve("**11").kind).toBe("unknown");
  });
});
