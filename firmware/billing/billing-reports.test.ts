import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { CdrStore } from "../cdr/cdr-store.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import { SettingsStore } from "../db/settings-store.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { ExtensionService } from "../extensions/extension-service.ts";
import { BillingService } from "./billing-service.ts";
import { ruleOf } from "./rate-rule.fixture.ts";
import { isCalendarDate, periodsBetween } from "./report-periods.ts";

let open: OpenDatabase;
let billing: BillingService;
let cdr: CdrStore;
let settings: SettingsStore;

beforeEach(() => {
  open = openTestDatabase();
  const extensions = new ExtensionService(open.db, { realm: "pbx", clock: { now: () => 0 } });
  extensions.create({ number: "101", displayName: "Alice" });
  extensions.create({ number: "102", displayName: "Bob" });
  settings = new SettingsStore(open.db);
  billing = new BillingService(open.db, settings);
  cdr = new CdrStore(open.db);
  billing.accounts.topUp(["101", "102"], 10_000, "billing", 0);
});
afterEach(() => open.close());

/** 10 minor units per started minute. */
const RULE = ruleOf({ rateMinor: 10, periodS: 60 });

/** A call as the engine bills it: reserved at answer, settled at hang-up, recorded at the end. */
function billedCall(callId: string, extension: string, answeredAtMs: number, talkS: number) {
  const reserved = billing.ledger.reserve({
    callId,
    extension,
    number: "913800138000",
    rule: RULE,
    atMs: answeredAtMs,
  });
  if (!reserved.ok) throw new Error(reserved.reason);
  const endedAtMs = answeredAtMs + talkS * 1000;
  billing.ledger.settle(reserved.value.id, talkS, endedAtMs);
  cdr.write({
    id: callId,
    sipCallId: `${callId}@phone`,
    caller: { number: extension, displayName: "" },
    callee: "913800138000",
    finalCallee: "913800138000",
    startedAtMs: answeredAtMs - 4000,
    answeredAtMs,
    endedAtMs,
    status: "answered",
    reason: "hangup",
    recorded: false,
    type: "outbound",
    trunk: "China Telecom",
  });
}

describe("BillingReports (BILL-6, BILL-7)", () => {
  test("a call the ledger settled shows with its record's trunk and the rated cost, once", () => {
    billedCall("x", "101", Date.parse("2026-03-02T01:00:00Z"), 100);
    // A second record under the same call id (written again after a retry) does not double it.
    cdr.write({
      id: "x",
      sipCallId: "x@phone",
      caller: { number: "101", displayName: "" },
      callee: "913800138000",
      finalCallee: "913800138000",
      startedAtMs: Date.parse("2026-03-02T00:59:56Z"),
      answeredAtMs: Date.parse("2026-03-02T01:00:00Z"),
      endedAtMs: Date.parse("2026-03-02T01:01:40Z"),
      status: "answered",
      reason: "hangup",
      recorded: false,
      type: "outbound",
      trunk: "Unicom line",
    });
    const calls = billing.reports.calls();
    expect(calls.items.map((c) => [c.callId, c.name, c.trunk, c.talkS, c.costMinor])).toEqual([
      ["x", "Alice", "Unicom line", 100, 20],
    ]);
    expect([calls.total, calls.totalCostMinor]).toEqual([1, 20]);
  });

  test("a charge a stop left open and the start settled: no record, talk unknown, its reserved cost", () => {
    const reserved = billing.ledger.reserve({
      callId: "cut",
      extension: "102",
      number: "90512345678",
      rule: RULE,
      atMs: Date.parse("2026-03-02T02:00:00Z"),
    });
    if (!reserved.ok) throw new Error(reserved.reason);
    billing.ledger.extend(reserved.value.id);
    billing.ledger.closeUnfinished(Date.parse("2026-03-02T03:00:00Z"));
    expect(billing.reports.calls().items).toMatchObject([
      { callId: "cut", number: "90512345678", trunk: "", talkS: null, costMinor: 20 },
    ]);
    const stats = billing.reports.statistics({ from: "2026-03-01", to: "2026-03-31", by: "month" });
    expect(stats.ok && stats.value.total).toEqual({
      calls: 1,
      talkS: 0,
      averageTalkS: 0,
      costMinor: 20,
    });
  });

  test("west of UTC: a call at 22:00 on 31 December in New York is that year's, though 2026 in UTC", () => {
    settings.set("system.timeZone", "America/New_York");
    billedCall("late", "101", Date.parse("2026-01-01T03:00:00Z"), 30);
    billedCall("next", "102", Date.parse("2026-01-01T06:00:00Z"), 61);
    const years = billing.reports.statistics({ from: "2025-01-01", to: "2026-12-31", by: "year" });
    expect(years.ok && years.value.periods).toEqual([
      { period: "2025", calls: 1, talkS: 30, averageTalkS: 30, costMinor: 10 },
      { period: "2026", calls: 1, talkS: 61, averageTalkS: 61, costMinor: 20 },
    ]);
    expect(years.ok && years.value.timeZone).toBe("America/New_York");
  });
});

describe("report periods", () => {
  test("every day, month or year of a range, in order, and real dates only", () => {
    expect(periodsBetween("2025-12-30", "2026-01-02", "day")).toEqual([
      "2025-12-30",
      "2025-12-31",
      "2026-01-01",
      "2026-01-02",
    ]);
    expect(periodsBetween("2025-11-15", "2026-02-01", "month")).toEqual([
      "2025-11",
      "2025-12",
      "2026-01",
      "2026-02",
    ]);
    expect(periodsBetween("2024-06-01", "2026-01-01", "year")).toEqual(["2024", "2025", "2026"]);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-1-05")).toBe(false);
  });
});
