// SPEC BILL-6, BILL-7 over HTTP on a real SQLite file: the charges and call records are rows
// as the call engine writes them (a charge settled at hang-up, the record when the call ends,
// joined by call id).
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let billing: string;

/** Answer instants chosen around the turn of the year in Shanghai (UTC+8). */
const AT = {
  // 2026-01-01 00:30 in Shanghai, still 2025-12-31 in UTC.
  newYear: Date.parse("2025-12-31T16:30:00Z"),
  // 2025-12-31 23:00 in Shanghai.
  oldYear: Date.parse("2025-12-31T15:00:00Z"),
  // 2026-02-01 01:00 in Shanghai, 2026-01-31 in UTC.
  february: Date.parse("2026-01-31T17:00:00Z"),
  midJanuary: Date.parse("2026-01-15T02:00:00Z"),
};

interface Seed {
  callId: string;
  extension: string;
  number: string;
  atMs: number;
  state?: "open" | "settled" | "released";
  chargedMinor?: number;
  talkS?: number | null;
  /** The call record's trunk and talk time; absent: the charge has no record. */
  record?: { trunk: string; talkMs: number };
}

function seed(s: Seed): void {
  const state = s.state ?? "settled";
  const talkS = s.talkS === undefined ? 60 : s.talkS;
  const ended = s.atMs + (talkS ?? 0) * 1000;
  t.sqlite.run(
    `INSERT INTO billing_charges (call_id, extension, number, rule, answered_at_ms,
       reserved_minor, covers_s, state, charged_minor, talk_s, ended_at_ms)
     VALUES (?, ?, ?, '{}', ?, 0, 60, ?, ?, ?, ?)`,
    [
      s.callId,
      s.extension,
      s.number,
      s.atMs,
      state,
      state === "open" ? null : (s.chargedMinor ?? 0),
      state === "open" ? null : talkS,
      state === "open" ? null : ended,
    ],
  );
  if (s.record)
    t.sqlite.run(
      `INSERT INTO call_records (call_id, started_at, answered_at, ended_at, caller, callee,
         final_callee, duration_ms, talk_ms, type, status, reason, trunk)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'outbound', 'answered', 'hangup', ?)`,
      [
        s.callId,
        s.atMs - 5000,
        s.atMs,
        s.atMs + s.record.talkMs,
        s.extension,
        s.number,
        s.number,
        s.record.talkMs + 5000,
        s.record.talkMs,
        s.record.trunk,
      ],
    );
}

beforeEach(async () => {
  t = await startTestApi();
  billing = await t.tokenFor("billing");
  t.services.extensions.bulkAdd({ startNumber: "101", count: 3, settings: {} });
  t.services.extensions.update("101", { displayName: "Alice" });
  t.services.extensions.update("102", { displayName: "Bob" });
  const telecom = { trunk: "China Telecom", talkMs: 65_000 };
  seed({
    callId: "a",
    extension: "101",
    number: "913800138000",
    atMs: AT.newYear,
    chargedMinor: 120,
    talkS: 65,
    record: telecom,
  });
  seed({
    callId: "b",
    extension: "102",
    number: "913912345678",
    atMs: AT.oldYear,
    chargedMinor: 50,
    talkS: 30,
    record: { trunk: "Unicom line", talkMs: 30_000 },
  });
  // No record (the box stopped before writing it): number and times from the charge.
  seed({
    callId: "c",
    extension: "101",
    number: "+442071234567",
    atMs: AT.february,
    chargedMinor: 200,
    talkS: 100,
  });
  // Settled at start for what it had reserved: the talk time comes from its record.
  seed({
    callId: "f",
    extension: "103",
    number: "90512345678",
    atMs: AT.midJanuary,
    chargedMinor: 33,
    talkS: null,
    record: { trunk: "China Telecom", talkMs: 61_500 },
  });
  // Released (nothing owed) and still open: neither is a billed call.
  seed({
    callId: "d",
    extension: "101",
    number: "913800000000",
    atMs: AT.midJanuary,
    state: "released",
    record: telecom,
  });
  seed({
    callId: "e",
    extension: "102",
    number: "913800000001",
    atMs: AT.midJanuary,
    state: "open",
  });
});
afterEach(() => t.close());

const get = (path: string, token = billing) => t.call("GET", `/api/v1/billing/${path}`, { token });
const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;

interface Calls {
  items: {
    callId: string;
    extension: string;
    name: string;
    number: string;
    talkS: number | null;
    trunk: string;
    costMinor: number;
    atMs: number;
    endedAtMs: number | null;
  }[];
  total: number;
  totalTalkS: number;
  totalCostMinor: number;
}
interface Totals {
  calls: number;
  talkS: number;
  averageTalkS: number;
  costMinor: number;
}
interface Stats {
  timeZone: string;
  periods: (Totals & { period: string })[];
  extensions: (Totals & { extension: string; name: string })[];
  total: Totals;
}
const ids = (calls: Calls) => calls.items.map((c) => c.callId);

describe("GET /api/v1/billing/calls (BILL-6)", () => {
  test("settled charges only, newest first, joined to their records; a charge without one still shows", async () => {
    const calls = await json<Calls>(get("calls"));
    expect(ids(calls)).toEqual(["c", "f", "a", "b"]);
    expect(
      calls.items.map((c) => [c.extension, c.name, c.number, c.talkS, c.trunk, c.costMinor]),
    ).toEqual([
      ["101", "Alice", "+442071234567", 100, "", 200],
      ["103", "", "90512345678", 62, "China Telecom", 33],
      ["101", "Alice", "913800138000", 65, "China Telecom", 120],
      ["102", "Bob", "913912345678", 30, "Unicom line", 50],
    ]);
    expect(calls.items[0]).toMatchObject({ atMs: AT.february, endedAtMs: AT.february + 100_000 });
    expect([calls.total, calls.totalTalkS, calls.totalCostMinor]).toEqual([4, 257, 403]);
  });

  test("filters: extension number or name, part of the dialled number, trunk part, time range; totals follow the search", async () => {
    const alice = await json<Calls>(get("calls?keyword=alice"));
    expect(ids(alice)).toEqual(["c", "a"]);
    expect([alice.total, alice.totalTalkS, alice.totalCostMinor]).toEqual([2, 165, 320]);
    expect(ids(await json<Calls>(get("calls?keyword=103")))).toEqual(["f"]);
    expect(ids(await json<Calls>(get("calls?number=1380")))).toEqual(["a"]);
    expect(ids(await json<Calls>(get("calls?trunk=telecom")))).toEqual(["f", "a"]);
    expect(ids(await json<Calls>(get("calls?trunk=TELECOM&keyword=101")))).toEqual(["a"]);
    const january = await json<Calls>(
      get("calls?from=2026-01-01T00:00:00%2B08:00&to=2026-02-01T00:00:00%2B08:00"),
    );
    expect(ids(january)).toEqual(["f", "a"]);
    expect(january.totalCostMinor).toBe(153);
    // Empty parameters count as absent; paging keeps the search's totals.
    const second = await json<Calls>(get("calls?keyword=&limit=1&offset=1"));
    expect(ids(second)).toEqual(["f"]);
    expect([second.total, second.totalCostMinor]).toEqual([4, 403]);
  });

  test("CSV of the same search: money in yuan, a total line, dialled numbers defused", async () => {
    const res = await get("calls/export.csv?keyword=alice");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect((await res.text()).split("\r\n")).toEqual([
      "time,extension,name,number,talk_s,trunk,cost",
      "2026-01-31T17:00:00.000Z,101,Alice,'+442071234567,100,,2.00",
      "2025-12-31T16:30:00.000Z,101,Alice,913800138000,65,China Telecom,1.20",
      "total,,,,165,,3.20",
      "",
    ]);
    t.services.billing!.updateSettings({ currency: "JPY" });
    const yen = (await (await get("calls/export.csv?number=1380")).text()).split("\r\n");
    expect(yen[1]).toEndWith(",China Telecom,120");
  });

  test("a bad query is 400 naming the field", async () => {
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["offset=-1", "offset"],
      ["from=yesterday", "from"],
      ["to=2026-99-99", "to"],
      ["trunk=" + "x".repeat(65), "trunk"],
      ["extension=101", "extension"],
    ] as const) {
      const res = await get(`calls?${query}`);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
  });
});

describe("GET /api/v1/billing/statistics (BILL-7)", () => {
  test("per month in the box's time zone: a call at 00:30 on 1 January in Shanghai counts in January", async () => {
    const stats = await json<Stats>(get("statistics?from=2025-12-01&to=2026-02-28&by=month"));
    expect(stats.timeZone).toBe("Asia/Shanghai");
    expect(stats.periods).toEqual([
      { period: "2025-12", calls: 1, talkS: 30, averageTalkS: 30, costMinor: 50 },
      { period: "2026-01", calls: 2, talkS: 127, averageTalkS: 64, costMinor: 153 },
      { period: "2026-02", calls: 1, talkS: 100, averageTalkS: 100, costMinor: 200 },
    ]);
    expect(stats.total).toEqual({ calls: 4, talkS: 257, averageTalkS: 64, costMinor: 403 });
    expect(stats.extensions.map((e) => [e.extension, e.name, e.calls, e.costMinor])).toEqual([
      ["101", "Alice", 2, 320],
      ["102", "Bob", 1, 50],
      ["103", "", 1, 33],
    ]);

    // The same calls on a box set to UTC: the new-year call is December's, February's January's.
    t.services.settings.set("system.timeZone", "UTC");
    const utc = await json<Stats>(get("statistics?from=2025-12-01&to=2026-02-28&by=month"));
    expect(utc.periods.map((p) => [p.period, p.calls, p.costMinor])).toEqual([
      ["2025-12", 2, 170],
      ["2026-01", 2, 233],
      ["2026-02", 0, 0],
    ]);
  });

  test("per year and per day across the boundary; the range's last day counts whole", async () => {
    const years = await json<Stats>(get("statistics?from=2025-01-01&to=2026-12-31&by=year"));
    expect(years.periods.map((p) => [p.period, p.calls, p.costMinor])).toEqual([
      ["2025", 1, 50],
      ["2026", 3, 353],
    ]);
    const days = await json<Stats>(get("statistics?from=2025-12-31&to=2026-01-01&by=day"));
    expect(days.periods.map((p) => [p.period, p.calls, p.talkS, p.costMinor])).toEqual([
      ["2025-12-31", 1, 30, 50],
      ["2026-01-01", 1, 65, 120],
    ]);
    // A range ending on 31 January leaves out the call at 01:00 on 1 February.
    const january = await json<Stats>(get("statistics?from=2026-01-01&to=2026-01-31&by=month"));
    expect(january.total).toEqual({ calls: 2, talkS: 127, averageTalkS: 64, costMinor: 153 });
  });

  test("some extensions or one; the CSV has a line per period and the total", async () => {
    const two = await json<Stats>(
      get("statistics?from=2025-12-01&to=2026-02-28&by=month&extensions=101,102"),
    );
    expect(two.periods.map((p) => [p.period, p.calls, p.costMinor])).toEqual([
      ["2025-12", 1, 50],
      ["2026-01", 1, 120],
      ["2026-02", 1, 200],
    ]);
    expect(two.extensions.map((e) => [e.extension, e.calls, e.talkS, e.averageTalkS])).toEqual([
      ["101", 2, 165, 83],
      ["102", 1, 30, 30],
    ]);
    const one = await json<Stats>(get("statistics?from=2025-12-01&to=2026-02-28&extensions=103"));
    expect(one.total).toEqual({ calls: 1, talkS: 62, averageTalkS: 62, costMinor: 33 });

    const csv = await (
      await get("statistics/export.csv?from=2025-12-01&to=2026-02-28&by=month&extensions=101,102")
    ).text();
    expect(csv.split("\r\n")).toEqual([
      "month,calls,talk_s,average_talk_s,cost",
      "2025-12,1,30,30,0.50",
      "2026-01,1,65,65,1.20",
      "2026-02,1,100,100,2.00",
      "total,3,195,65,3.70",
      "",
    ]);
  });

  test("a bad query is 400 naming the field", async () => {
    for (const [query, field] of [
      ["to=2026-01-31", "from"],
      ["from=2026-01-01", "to"],
      ["from=2026-02-30&to=2026-03-01", "from"],
      ["from=2026-01-01&to=1 Feb", "to"],
      ["from=2026-02-01&to=2026-01-01", "to"],
      ["from=2000-01-01&to=2026-01-01", "to"],
      ["from=2026-01-01&to=2026-01-31&by=week", "by"],
      ["from=2026-01-01&to=2026-01-31&extensions=101;102", "extensions"],
      ["from=2026-01-01&to=2026-01-31&group=all", "group"],
    ] as const) {
      for (const path of ["statistics", "statistics/export.csv"]) {
        const res = await get(`${path}?${query}`);
        expect(res.status).toBe(400);
        expect((await errorOf(res)).field).toBe(field);
      }
    }
  });
});

describe("who may read them", () => {
  test("billing users and admins; operators and extension users are refused", async () => {
    const admin = (await t.login("admin", ADMIN_PASSWORD)).token;
    const operator = await t.tokenFor("operator");
    t.services.extensions.update("101", { sipPassword: "ext-pw-101", webLogin: true });
    const extension = (await t.login("101", "ext-pw-101")).token;
    const paths = [
      "calls",
      "calls/export.csv",
      "statistics?from=2026-01-01&to=2026-01-31",
      "statistics/export.csv?from=2026-01-01&to=2026-01-31",
    ];
    for (const path of paths) {
      expect((await get(path)).status).toBe(200);
      expect((await get(path, admin)).status).toBe(200);
      expect((await get(path, operator)).status).toBe(403);
      expect((await get(path, extension)).status).toBe(403);
      expect((await t.call("GET", `/api/v1/billing/${path}`)).status).toBe(401);
    }
  });
});
