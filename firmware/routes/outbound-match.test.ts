import { describe, expect, test } from "bun:test";
import { BUILTIN_CLASSES } from "./dial-permission.ts";
import {
  type CallerContext,
  checkPin,
  matchOutbound,
  type OutboundRoute,
} from "./outbound-match.ts";

function route(id: number, fields: Partial<OutboundRoute>): OutboundRoute {
  return {
    id,
    name: `r${id}`,
    enabled: true,
    patterns: ["X."],
    prefix: "9",
    strip: 0,
    prepend: "",
    trunkIds: [1],
    callerId: "",
    pins: [],
    ...fields,
  };
}

const ROUTES = [
  route(1, { name: "intl", patterns: ["00X."], trunkIds: [2, 1], callerId: "02188880000" }),
  route(2, { name: "mobile", patterns: ["1[3-9]XXXXXXXXX"], trunkIds: [3, 1] }),
  route(3, { name: "off", enabled: false, patterns: ["X."], trunkIds: [9] }),
  route(4, { name: "local", patterns: ["NXXXXXXX"], prepend: "021", trunkIds: [1] }),
  route(5, { name: "pin", prefix: "8", patterns: ["0X."], strip: 1, prepend: "", pins: ["4321"] }),
];

const caller = (level: string): CallerContext => ({
  extension: "101",
  permission: BUILTIN_CLASSES.find((c) => c.name === level)!,
  outboundCallerId: "02155550101",
});

describe("matchOutbound", () => {
  const table: [string, string, Record<string, unknown> | string][] = [
    [
      "90044207946000",
      "international",
      { name: "intl", digits: "0044207946000", trunks: [2, 1], callerId: "02188880000" },
    ],
    [
      "913800138000",
      "local",
      { name: "mobile", digits: "13800138000", trunks: [3, 1], callerId: "02155550101" },
    ],
    [
      "962345678",
      "local",
      { name: "local", digits: "02162345678", trunks: [1], callerId: "02155550101" },
    ],
    ["801062345678", "national", { name: "pin", digits: "1062345678", trunks: [1], pin: true }],
    ["90044207946000", "national", "not-permitted"],
    ["962345678", "internal", "not-permitted"],
    ["9110", "internal", "no-route"],
    ["101", "international", "no-route"],
    ["9", "international", "no-route"],
  ];
  for (const [number, level, expected] of table) {
    test(`${number} by a ${level} caller`, () => {
      const result = matchOutbound(number, caller(level), ROUTES);
      if (typeof expected === "string") {
        expect(result.ok ? "matched" : result.reason).toBe(expected);
        return;
      }
      if (!result.ok) throw new Error(result.reason);
      expect(result.value.route.name).toBe(expected.name as string);
      expect(result.value.digitsToSend).toBe(expected.digits as string);
      expect(result.value.trunkIds).toEqual(expected.trunks as number[]);
      if (expected.callerId) expect(result.value.callerId).toBe(expected.callerId as string);
      expect(result.value.pinRequired).toBe(expected.pin === true);
    });
  }

  test("an emergency number passes every class and never waits for a PIN", () => {
    const routes = [route(1, { patterns: ["11X"], pins: ["1"] })];
    const result = matchOutbound("9110", caller("internal"), routes);
    expect(result.ok && result.value).toMatchObject({
      emergency: true,
      pinRequired: false,
      digitsToSend: "110",
    });
  });

  test("PIN codes", () => {
    expect(checkPin(ROUTES[4]!, "4321")).toBe(true);
    expect(checkPin(ROUTES[4]!, "1234")).toBe(false);
  });
});
