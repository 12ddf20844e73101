import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { CdrStore } from "../../../firmware/cdr/cdr-store.ts";
import type { OpenDatabase } from "../../../firmware/db/open-database.ts";
import { openTestDatabase } from "../../../firmware/db/test-database.ts";
import { createApi } from "../create-api.ts";
import { startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let records: OpenDatabase;
let app: ReturnType<typeof createApi>;
beforeEach(async () => {
  t = await startTestApi();
  records = openTestDatabase();
  app = createApi({ ...t.services, cdr: new CdrStore(records.db) });
});
afterEach(() => {
  records.close();
  t.close();
});

const T0 = Date.parse("2026-03-01T09:00:00Z");

describe("GET /api/v1/cdr/export.csv", () => {
  test("a caller name made to run as a formula is defused; durations stay numbers", async () => {
    const cdr = new CdrStore(records.db);
    cdr.write({
      id: "c1",
      sipCallId: "x@y",
      caller: { number: "+8613800138000", displayName: "-2+3+cmd|' /C calc'!A0" },
      callee: "\uff1dcmd",
      finalCallee: "102",
      startedAtMs: T0,
      answeredAtMs: T0 + 4000,
      endedAtMs: T0 + 64_000,
      status: "answered",
      reason: "hangup",
      recorded: false,
    });
    const token = await t.tokenFor("billing");
    const res = await app.request("http://pbx.lan/api/v1/cdr/export.csv", {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const [, line] = (await res.text()).split("\r\n");
    const cells = line!.split(",");
    expect(cells[3]).toBe("'+8613800138000");
    expect(cells[4]).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(cells[5]).toBe("'\uff1dcmd");
    expect(cells[7]).toBe("64");
    expect(cells[8]).toBe("60");
  });
});

describe("GET /api/v1/cdr filters (SPEC REP-1)", () => {
  function seed(): void {
    const cdr = new CdrStore(records.db);
    const base = {
      sipCallId: "x@y",
      caller: { number: "101", displayName: "Alice" },
      finalCallee: "101",
      startedAtMs: T0,
      endedAtMs: T0 + 10_000,
      status: "not-answered" as const,
      reason: "no-answer" as const,
      recorded: false,
    };
    cdr.write({ ...base, id: "in", callee: "8001", type: "inbound", trunk: "China Telecom" });
    cdr.write({
      ...base,
      id: "out",
      callee: "913800138000",
      type: "outbound",
      trunk: "Unicom line",
      pin: "2580",
    });
    cdr.write({ ...base, id: "int", callee: "102", type: "internal" });
  }

  async function get(query: string, role: "admin" | "operator" | "billing" = "operator") {
    const token = await t.tokenFor(role);
    return app.request(`http://pbx.lan/api/v1/cdr${query}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  }

  async function ids(query: string): Promise<string[]> {
    const res = await get(query);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { callId: string }[] };
    return body.items.map((r) => r.callId).sort();
  }

  test("type, trunk (part of the name, any case) and PIN, alone and together", async () => {
    seed();
    expect(await ids("")).toEqual(["in", "int", "out"]);
    expect(await ids("?type=all")).toEqual(["in", "int", "out"]);
    expect(await ids("?type=inbound")).toEqual(["in"]);
    expect(await ids("?type=outbound")).toEqual(["out"]);
    expect(await ids("?type=internal")).toEqual(["int"]);
    expect(await ids("?trunk=TELECOM")).toEqual(["in"]);
    expect(await ids("?trunk=n")).toEqual(["in", "out"]);
    expect(await ids("?pin=2580")).toEqual(["out"]);
    expect(await ids("?pin=258")).toEqual([]);
    expect(await ids("?type=inbound&trunk=unicom")).toEqual([]);
    // Empty fields of the search form count as absent.
    expect(await ids("?type=&trunk=&pin=&caller=")).toEqual(["in", "int", "out"]);
  });

  test("each record carries its trunk and PIN", async () => {
    seed();
    const body = (await (await get("?type=outbound")).json()) as { items: unknown[] };
    expect(body.items[0]).toMatchObject({
      callee: "913800138000",
      trunk: "Unicom line",
      pin: "2580",
    });
  });

  test("a bad filter is 400 naming the field", async () => {
    const refusal = async (query: string) => {
      const res = await get(query);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { code: string; field: string } }).error;
    };
    expect(await refusal("?type=sideways")).toMatchObject({ code: "one-of", field: "type" });
    expect(await refusal("?pin=12ab")).toMatchObject({ code: "pattern", field: "pin" });
    expect(await refusal("?trunk=" + "x".repeat(65))).toMatchObject({ field: "trunk" });
    expect(await refusal("?limit=600")).toMatchObject({
      code: "out-of-range",
      field: "limit",
      message: "limit must be from 1 to 500",
    });
    expect(await refusal("?offset=-1")).toMatchObject({ code: "out-of-range", field: "offset" });
    expect(await refusal("?limit=ten")).toMatchObject({ code: "type", field: "limit" });
    expect(await refusal("?from=yesterday")).toMatchObject({ field: "from" });
    expect(await refusal("?colour=red")).toMatchObject({ code: "unknown-field", field: "colour" });
  });

  test("the CSV export filters the same way and has the trunk and PIN columns", async () => {
    seed();
    const res = await get("/export.csv?trunk=unicom", "billing");
    expect(res.status).toBe(200);
    const [header, line, end] = (await res.text()).split("\r\n");
    expect(end).toBe("");
    const columns = header!.split(",");
    const cells = line!.split(",");
    expect(cells[columns.indexOf("trunk")]).toBe("Unicom line");
    expect(cells[columns.indexOf("PIN")]).toBe("2580");
    expect(cells[columns.indexOf("type")]).toBe("outbound");
  });

  test("without a login the records are not shown", async () => {
    expect((await app.request("http://pbx.lan/api/v1/cdr?type=inbound")).status).toBe(401);
  });
});
