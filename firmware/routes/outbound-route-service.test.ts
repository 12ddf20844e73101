import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { BUILTIN_CLASSES } from "./dial-permission.ts";
import { matchOutbound } from "./outbound-match.ts";
import { OutboundRouteService } from "./outbound-route-service.ts";

let db: OpenDatabase;
let routes: OutboundRouteService;
const TRUNKS = [
  { id: 1, name: "ChinaTel" },
  { id: 2, name: "Lines" },
];
beforeEach(() => {
  db = openTestDatabase();
  routes = new OutboundRouteService(db.db, { list: () => TRUNKS });
});
afterEach(() => db.close());

describe("OutboundRouteService", () => {
  test("stores routes in order, names their trunks, and reorders them", () => {
    const a = routes.create({
      name: "local",
      prefix: "9",
      patterns: ["NXXXXXXX"],
      trunks: ["Lines", "ChinaTel"],
    });
    const b = routes.create({ name: "all", prefix: "9", patterns: ["X."], trunks: ["ChinaTel"] });
    if (!a.ok || !b.ok) throw new Error("create");
    expect(a.value).toMatchObject({ trunkIds: [2, 1], trunks: ["Lines", "ChinaTel"], position: 1 });
    expect(routes.list().map((r) => r.name)).toEqual(["local", "all"]);
    const caller = { extension: "101", permission: BUILTIN_CLASSES[3]!, outboundCallerId: "" };
    expect(matchOutbound("962345678", caller, routes.list()).ok && "local").toBe("local");
    routes.reorder([b.value.id, a.value.id]);
    const first = matchOutbound("962345678", caller, routes.list());
    expect(first.ok && first.value.route.name).toBe("all");
    expect(routes.reorder([a.value.id]).ok).toBe(false);
  });

  const bad: [Record<string, unknown>, string, string][] = [
    [{ patterns: [] }, "patterns", "needs at least one dial pattern"],
    [{ patterns: ["9Q"] }, "patterns", '9Q has "Q", which is not a digit nor X Z N [ ] . !'],
    [{ trunks: [] }, "trunks", "needs at least one trunk"],
    [{ trunks: ["Nope"] }, "trunks", "has no trunk named Nope"],
    [{ pins: ["12"] }, "pins", "must be 3 to 12 digits each"],
    [{ prefix: "9a" }, "prefix", "must be up to 10 digits"],
    [{ name: "" }, "name", "is required"],
  ];
  for (const [patch, field, message] of bad) {
    test(`refuses ${field}: ${message}`, () => {
      const result = routes.create({ name: "r", patterns: ["X."], trunks: ["ChinaTel"], ...patch });
      expect(result.ok ? undefined : result.error).toEqual({ code: "invalid", field, message });
    });
  }
});
