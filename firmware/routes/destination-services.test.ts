import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { matchInbound } from "./inbound-match.ts";
import { InboundRouteService } from "./inbound-route-service.ts";
import { IvrService } from "./ivr-service.ts";
import { TimeConditionService } from "./time-condition-service.ts";

let db: OpenDatabase;
let inbound: InboundRouteService;
let ivrs: IvrService;
let times: TimeConditionService;
beforeEach(() => {
  db = openTestDatabase();
  inbound = new InboundRouteService(db.db, { list: () => [{ id: 1, name: "ChinaTel" }] });
  ivrs = new IvrService(db.db, { has: (n) => n === "welcome" || n === "custom/acme" });
  times = new TimeConditionService(db.db, () => "Asia/Shanghai");
});
afterEach(() => db.close());

describe("inbound routes, IVRs and time conditions as stored", () => {
  test("an office-hours chain: inbound route -> time condition -> IVR -> nested IVR", () => {
    const sub = ivrs.create({ name: "support", keys: ["1=extension:102"] });
    if (!sub.ok) throw new Error(sub.error.message);
    const main = ivrs.create({
      name: "main",
      prompt: "custom/acme",
      keys: ["1=extension:101", "2=department:600", `9=ivr:${sub.value.id}`, "0=hangup"],
      directDial: false,
      timeoutS: 7,
      repeat: 2,
      invalidDestination: "extension:100",
    });
    if (!main.ok) throw new Error(main.error.message);
    expect(main.value.keys).toEqual({
      "1": "extension:101",
      "2": "department:600",
      "9": `ivr:${sub.value.id}`,
      "0": "hangup",
    });
    const tc = times.create({
      name: "office",
      weekly: ["mon-fri 09:00-18:00"],
      holidays: ["2026-10-01..2026-10-07"],
      matched: `ivr:${main.value.id}`,
      unmatched: "extension:100",
    });
    if (!tc.ok) throw new Error(tc.error.message);
    const route = inbound.create({
      name: "main line",
      trunk: "ChinaTel",
      didPattern: "8888XXXX",
      destination: `time-condition:${tc.value.id}`,
    });
    if (!route.ok) throw new Error(route.error.message);
    expect(route.value).toMatchObject({ trunk: "ChinaTel", trunkId: 1 });
    const hit = matchInbound({ trunkId: 1, did: "88880001", caller: "" }, inbound.list());
    expect(hit.ok && hit.destination).toEqual({ kind: "time-condition", id: tc.value.id });
    // Friday 10:00 in Shanghai: open; 1 October: the holiday.
    expect(times.evaluate(tc.value.id, Date.parse("2026-12-04T02:00:00Z"))?.destination).toBe(
      `ivr:${main.value.id}`,
    );
    expect(times.evaluate(tc.value.id, Date.parse("2026-10-01T02:00:00Z"))?.destination).toBe(
      "extension:100",
    );
  });

  const refused: [
    () => { ok: boolean; error?: { field?: string; message: string } },
    string,
    string,
  ][] = [
    [
      () => inbound.create({ name: "q", destination: "conference:90" }),
      "destination",
      "conference is not available yet",
    ],
    [
      () => inbound.create({ name: "c", destination: "conference:90" }),
      "destination",
      "conference is not available yet",
    ],
    [() => inbound.create({ name: "i", destination: "ivr:42" }), "destination", "has no IVR 42"],
    [
      () => inbound.create({ name: "t", destination: "extension:1", trunk: "Other" }),
      "trunk",
      "has no trunk named Other",
    ],
    [
      () => inbound.create({ name: "d", destination: "extension:1", didPattern: "8[" }),
      "didPattern",
      'has "[" without "]"',
    ],
    [
      () => ivrs.create({ name: "x", prompt: "custom/missing" }),
      "prompt",
      "has no prompt named custom/missing",
    ],
    [
      () => ivrs.create({ name: "x", keys: ["A=hangup"] }),
      "keys",
      '"A=hangup" is not like 1=extension:101 (keys 0-9 * #)',
    ],
    [
      () => ivrs.create({ name: "x", keys: ["1=hangup", "1=hangup"] }),
      "keys",
      "key 1 is given twice",
    ],
    [
      () => ivrs.create({ name: "x", keys: ["5=conference:91"] }),
      "keys",
      "key 5 conference is not available yet",
    ],
    [() => ivrs.create({ name: "x", repeat: 0 }), "repeat", "must be 1 to 10"],
    [
      () => times.create({ name: "x", weekly: [], matched: "hangup", unmatched: "hangup" }),
      "weekly",
      "needs at least one line like mon-fri 09:00-18:00",
    ],
    [
      () =>
        times.create({
          name: "x",
          weekly: ["mon 09:00-10:00"],
          holidays: ["10/1"],
          matched: "hangup",
          unmatched: "hangup",
        }),
      "holidays",
      '"10/1" is not a date like 2026-10-01 or 2026-10-01..2026-10-07',
    ],
  ];
  for (const [run, field, message] of refused) {
    test(`refused: ${field} ${message}`, () => {
      const result = run();
      expect(result.ok).toBe(false);
      expect(result.error).toMatchObject({ code: "invalid", field, message });
    });
  }
});
