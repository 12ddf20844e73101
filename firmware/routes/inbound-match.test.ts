import { describe, expect, test } from "bun:test";
import { type InboundRoute, matchInbound } from "./inbound-match.ts";

function route(id: number, fields: Partial<InboundRoute>): InboundRoute {
  return {
    id,
    name: `r${id}`,
    enabled: true,
    didPattern: "",
    callerPattern: "",
    trunkId: null,
    destination: "hangup",
    ...fields,
  };
}

const ROUTES = [
  route(1, { trunkId: 2, didPattern: "88880001", destination: "extension:101" }),
  route(2, { callerPattern: "1[3-9]XXXXXXXXX", trunkId: 2, destination: "department:600" }),
  route(3, { enabled: false, destination: "extension:999" }),
  route(4, { trunkId: 2, destination: "ivr:1" }),
  route(5, { destination: "time-condition:3" }),
];

describe("matchInbound", () => {
  const table: [number, string, string, string][] = [
    [2, "88880001", "13800138000", "extension:101"],
    [2, "88880002", "13800138000", "department:600"],
    [2, "88880002", "62345678", "ivr:1"],
    [2, "", "", "ivr:1"],
    [7, "88880001", "13800138000", "time-condition:3"],
  ];
  for (const [trunkId, did, caller, expected] of table) {
    test(`trunk ${trunkId} DID ${did || "-"} from ${caller || "anonymous"} -> ${expected}`, () => {
      const result = matchInbound({ trunkId, did, caller }, ROUTES);
      expect(
        result.ok &&
          `${result.destination.kind}:${"number" in result.destination ? result.destination.number : "id" in result.destination ? result.destination.id : ""}`,
      ).toBe(expected);
    });
  }

  test("a matching route to a destination the box has no application for is unavailable", () => {
    const room = route(9, { didPattern: "88880009", destination: "conference:90" });
    expect(matchInbound({ trunkId: 2, did: "88880009", caller: "" }, [room])).toEqual({
      ok: false,
      reason: "unavailable",
      route: room,
      message: "conference is not available yet",
    });
  });

  test("no route matches: no-route", () => {
    expect(matchInbound({ trunkId: 7, did: "1", caller: "" }, ROUTES.slice(0, 4))).toEqual({
      ok: false,
      reason: "no-route",
    });
  });
});
