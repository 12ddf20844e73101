// The numbering registry seen through the API: every number the box answers is refused for a
// new extension, department or feature code, with the holder named in words and in params.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  // Four FXS ports numbered as the simulated board numbers them.
  t = await startTestApi({ analogNumbers: ["8001", "8002", "8003", "8004"] });
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => t.close());

const total = async () =>
  (
    (await (await t.call("GET", "/api/v1/extensions", { token: admin })).json()) as {
      total: number;
    }
  ).total;

describe("numbers held elsewhere in the box", () => {
  test("an extension may not take an FXS port's, a room's, a park slot's or a prefixed number", async () => {
    for (const [number, message, holder] of [
      ["8001", "number 8001 is FXS port 1", { kind: "analog", number: "8001", name: "FXS 1" }],
      ["91", "number 91 is conference room 91", { kind: "conference-room", number: "91" }],
      ["41", "number 41 is park slot 41", { kind: "park-slot", number: "41" }],
      [
        "9123",
        "number 9123 starts with the outbound prefix 9",
        { kind: "outbound-prefix", number: "9" },
      ],
    ] as const) {
      const res = await t.call("POST", "/api/v1/extensions", { token: admin, body: { number } });
      expect(res.status).toBe(409);
      const error = await errorOf(res);
      expect(error).toMatchObject({ code: "taken", field: "number", message });
      expect(error.params).toMatchObject({ holder });
    }
    expect(await total()).toBe(0);
    // The numbers beside them are free.
    const free = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "89" },
    });
    expect(free.status).toBe(201);
  });

  test("a bulk range over an FXS port is refused whole, naming the first clash", async () => {
    const res = await t.call("POST", "/api/v1/extensions/bulk", {
      token: admin,
      body: { startNumber: "7995", count: 10 },
    });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({
      code: "taken",
      field: "startNumber",
      message: "startNumber 8001 is FXS port 1",
      params: { holder: { kind: "analog", number: "8001", name: "FXS 1" }, match: "exact" },
    });
    expect(await total()).toBe(0);
  });

  test("a department may not take an FXS port's number", async () => {
    const res = await t.call("POST", "/api/v1/departments", {
      token: admin,
      body: { name: "Sales", number: "8003" },
    });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({
      code: "taken",
      field: "number",
      message: "number 8003 is FXS port 3",
      params: { holder: { kind: "analog", number: "8003", name: "FXS 3" } },
    });
    const list = await t.call("GET", "/api/v1/departments", { token: admin });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });

  test("an extension may not take a department's number, nor a department an extension's", async () => {
    await t.call("POST", "/api/v1/departments", {
      token: admin,
      body: { name: "Sales", number: "600" },
    });
    const ext = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "600" },
    });
    expect(ext.status).toBe(409);
    expect(await errorOf(ext)).toMatchObject({
      message: "number 600 is department Sales",
      params: { holder: { kind: "department", number: "600", name: "Sales" } },
    });
    await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "100", displayName: "Reception" },
    });
    const dept = await t.call("POST", "/api/v1/departments", {
      token: admin,
      body: { name: "Support", number: "100" },
    });
    expect(dept.status).toBe(409);
    expect((await errorOf(dept)).params).toMatchObject({
      holder: { kind: "extension", number: "100", name: "Reception" },
    });
  });

  test("a feature code may not be changed to an extension's number (codes start with * or #)", async () => {
    await t.call("POST", "/api/v1/extensions", { token: admin, body: { number: "100" } });
    const res = await t.call("PATCH", "/api/v1/feature-codes/dnd-on", {
      token: admin,
      body: { code: "100" },
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: "pattern", field: "code" });
    const codes = await t.call("GET", "/api/v1/feature-codes", { token: admin });
    const { items } = (await codes.json()) as { items: { id: string; code: string }[] };
    expect(items.find((f) => f.id === "dnd-on")?.code).toBe("*74");
  });

  test("an outbound route may not take an extension's number, and then holds the numbers it takes", async () => {
    await t.call("POST", "/api/v1/extensions", { token: admin, body: { number: "300" } });
    await t.call("POST", "/api/v1/trunks", {
      token: admin,
      body: { name: "Lines", kind: "analog", fxoPorts: ["1"] },
    });
    const route = (prefix: string, name: string) =>
      t.call("POST", "/api/v1/outbound-routes", {
        token: admin,
        body: { name, patterns: ["X."], prefix, trunks: ["Lines"] },
      });
    const shadowing = await route("3", "Three");
    expect(shadowing.status).toBe(409);
    expect(await errorOf(shadowing)).toMatchObject({
      code: "taken",
      field: "patterns",
      params: { holder: { kind: "extension", number: "300" } },
    });
    // Two routes may share the manual's prefix 9, above the conference rooms 90-99.
    expect((await route("9", "Local")).status).toBe(201);
    expect((await route("9", "Mobile")).status).toBe(201);
    expect((await route("7", "Branch")).status).toBe(201);
    // 7 followed by one digit is not what X. takes (two or more): that number stays free.
    const free = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "71" },
    });
    expect(free.status).toBe(201);
    const under = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "7001" },
    });
    expect(under.status).toBe(409);
    expect((await errorOf(under)).params).toMatchObject({
      holder: { kind: "outbound-route", number: "7", name: "Branch" },
      match: "starts-with",
    });
  });
});
