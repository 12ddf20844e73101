import { afterEach, describe, expect, test } from "bun:test";
import type { CallSummary } from "../calls/call.ts";
import type { OpenDatabase } from "../db/open-database.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { CdrStore } from "./cdr-store.ts";
import { csvField } from "./csv.ts";

let open: OpenDatabase | undefined;
afterEach(() => open?.close());

const T0 = Date.parse("2026-03-01T09:00:00Z");

function summary(overrides: Partial<CallSummary>): CallSummary {
  return {
    id: "c1",
    sipCallId: "x@y",
    caller: { number: "101", displayName: "Alice" },
    callee: "102",
    finalCallee: "102",
    startedAtMs: T0,
    answeredAtMs: T0 + 4000,
    endedAtMs: T0 + 64_000,
    status: "answered",
    reason: "hangup",
    recorded: false,
    ...overrides,
  };
}

describe("call records (SPEC REP-1)", () => {
  test("trunk and PIN come from the call's summary; searched by type, trunk part and PIN; in the CSV", () => {
    open = openTestDatabase();
    const store = new CdrStore(open.db);
    store.write(summary({ id: "in", type: "inbound", trunk: "China Telecom", callee: "8001" }));
    store.write(
      summary({
        id: "out",
        type: "outbound",
        trunk: "Telecom backup",
        pin: "4321",
        callee: "9138",
      }),
    );
    const internal = store.write(summary({ id: "int" }));
    expect(internal).toMatchObject({ type: "internal", trunk: "", pin: "" });
    const ids = (q: Parameters<CdrStore["search"]>[0]) =>
      store
        .search(q)
        .items.map((r) => r.callId)
        .sort();
    expect(ids({ trunk: "telecom" })).toEqual(["in", "out"]);
    expect(ids({ trunk: "backup" })).toEqual(["out"]);
    expect(ids({ pin: "4321" })).toEqual(["out"]);
    expect(ids({ pin: "432" })).toEqual([]);
    expect(ids({ type: "inbound" })).toEqual(["in"]);
    expect(ids({ type: "outbound", trunk: "telecom" })).toEqual(["out"]);
    const lines = store.csv({ type: "outbound" }).trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    const header = lines[0]!.split(",");
    const cells = lines[1]!.split(",");
    expect(cells[header.indexOf("trunk")]).toBe("Telecom backup");
    expect(cells[header.indexOf("PIN")]).toBe("4321");
    expect(cells[header.indexOf("type")]).toBe("outbound");
  });

  test("keeps duration, talk time and status; searches by caller, callee, status, time", () => {
    open = openTestDatabase();
    const store = new CdrStore(open.db);
    const first = store.write(summary({}));
    expect(first.durationMs).toBe(64_000);
    expect(first.talkMs).toBe(60_000);
    expect(first.type).toBe("internal");
    store.write(
      summary({
        id: "c2",
        caller: { number: "103", displayName: "Carol" },
        callee: "101",
        finalCallee: "101",
        startedAtMs: T0 + 3_600_000,
        answeredAtMs: undefined,
        endedAtMs: T0 + 3_630_000,
        status: "not-answered",
        reason: "no-answer",
        sipStatus: 480,
      }),
    );
    expect(store.search().items.map((r) => r.callId)).toEqual(["c2", "c1"]);
    expect(store.search({ caller: "103" }).items.map((r) => r.callId)).toEqual(["c2"]);
    expect(store.search({ callee: "102" }).total).toBe(1);
    expect(store.search({ status: "not-answered" }).items[0]?.talkMs).toBe(0);
    expect(store.search({ type: "outbound" }).total).toBe(0);
    expect(store.search({ fromMs: T0 + 1, toMs: T0 + 7_200_000 }).total).toBe(1);
    const page = store.search({ limit: 1, offset: 1 });
    expect(page.total).toBe(2);
    expect(page.items.map((r) => r.callId)).toEqual(["c1"]);
  });

  test("exports CSV with a header and one line per call", () => {
    open = openTestDatabase();
    const store = new CdrStore(open.db);
    store.write(summary({ caller: { number: "101", displayName: 'Al, "the boss"' } }));
    const lines = store.csv().trimEnd().split("\r\n");
    expect(lines[0]).toStartWith("start time,answer time,end time,caller,caller name,callee");
    expect(lines[1]).toBe(
      '2026-03-01T09:00:00.000Z,2026-03-01T09:00:04.000Z,2026-03-01T09:01:04.000Z,101,"Al, ""the boss""",102,102,64,60,,,internal,answered,no',
    );
  });

  test("a name that looks like a formula is defused; numeric columns stay numbers", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    for (const start of ["+", "-", "@", "\t", "\uff1d", "\uff0b", "\uff0d", "\uff20"]) {
      expect(csvField(`${start}1+1`)).toBe(`'${start}1+1`);
    }
    expect(csvField("\r=1+1")).toBe(`"'\r=1+1"`);
    expect(csvField("+8613800138000")).toBe("'+8613800138000");
    expect(csvField(-12)).toBe("-12");
    expect(csvField(64)).toBe("64");
    expect(csvField("Alice")).toBe("Alice");
  });

  test("records of calls ending in one turn are written together at its end; a search finds them at once", async () => {
    open = openTestDatabase();
    const store = new CdrStore(open.db);
    const count = () =>
      (open!.sqlite.query("select count(*) as n from call_records").get() as { n: number }).n;
    store.record(summary({ id: "a" }));
    store.record(summary({ id: "b", answeredAtMs: undefined, status: "not-answered" }));
    expect(count()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(count()).toBe(2);
    store.record(summary({ id: "c" }));
    expect(store.search({}).items.map((r) => r.callId)).toContain("c");
    expect(store.search({ status: "not-answered" }).items[0]?.answeredAt).toBeNull();
  });
});
