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
