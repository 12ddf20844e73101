import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, START_MS, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => t.close());

const OFFICE = {
  name: "office",
  weekly: ["mon-fri 09:00-18:00"],
  holidays: ["2025-10-01..2025-10-07"],
  matched: "extension:101",
  unmatched: "hangup",
};

describe("/api/v1/time-conditions", () => {
  test("where a call goes now follows the box's time zone setting", async () => {
    const tc = (await (
      await t.call("POST", "/api/v1/time-conditions", { token: admin, body: OFFICE })
    ).json()) as { id: number };
    // START_MS is Saturday 2025-03-01 08:00 UTC: 16:00 in Shanghai (closed, Saturday).
    expect(new Date(START_MS).toISOString()).toBe("2025-03-01T08:00:00.000Z");
    t.clock.ms = Date.UTC(2025, 2, 3, 2, 0); // Monday 10:00 in Shanghai, 03:00 in Berlin
    admin = (await t.login("admin", ADMIN_PASSWORD)).token;
    const now = async () =>
      (await t.call("GET", `/api/v1/time-conditions/${tc.id}/now`, { token: admin })).json();
    expect(await now()).toEqual({ matched: true, destination: "extension:101" });
    await t.call("PATCH", "/api/v1/settings", {
      token: admin,
      body: { timeZone: "Europe/Berlin" },
    });
    expect(await now()).toEqual({ matched: false, destination: "hangup" });
  });

  test("bad hours are a 400 naming the field; operators get 403", async () => {
    const res = await t.call("POST", "/api/v1/time-conditions", {
      token: admin,
      body: { ...OFFICE, weekly: ["weekdays 9-6"] },
    });
    expect(await errorOf(res)).toMatchObject({ field: "weekly" });
    const op = await t.tokenFor("operator");
    expect((await t.call("GET", "/api/v1/time-conditions", { token: op })).status).toBe(403);
  });
});
