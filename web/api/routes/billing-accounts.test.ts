import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let billing: string;
beforeEach(async () => {
  t = await startTestApi();
  billing = await t.tokenFor("billing");
  t.services.extensions.bulkAdd({ startNumber: "100", count: 3, settings: {} });
  t.services.extensions.update("101", { displayName: "Alice" });
});
afterEach(() => t.close());

const call = (method: string, path: string, body?: unknown, token = billing) =>
  t.call(method, `/api/v1/billing/${path}`, { token, body });
const json = async <T = Record<string, unknown>>(res: Response | Promise<Response>) =>
  (await (await res).json()) as T;
type Account = { extension: string; balanceMinor: number; totalTopUpMinor: number };

describe("/api/v1/billing/extensions", () => {
  test("only billing and admin accounts; operators and extensions get 403", async () => {
    expect((await call("GET", "extensions")).status).toBe(200);
    const admin = (await t.login("admin", ADMIN_PASSWORD)).token;
    expect((await call("GET", "extensions", undefined, admin)).status).toBe(200);
    const operator = await t.tokenFor("operator");
    for (const [method, path, body] of [
      ["GET", "extensions"],
      ["POST", "extensions/top-up", { extensions: ["100"], amountMinor: 100 }],
      ["PATCH", "extensions", { extensions: ["100"], locked: true }],
      ["GET", "top-ups"],
      ["GET", "rates"],
      ["POST", "rate-test", { number: "9", extension: "100", talkSeconds: 1 }],
      ["PATCH", "settings", { enabled: true }],
    ] as const)
      expect((await call(method, path, body, operator)).status).toBe(403);
    expect((await t.call("GET", "/api/v1/billing/extensions")).status).toBe(401);
  });

  test("top up many by the same amount; the records show before, amount and after", async () => {
    const res = await call("POST", "extensions/top-up", {
      extensions: ["100", "101"],
      amountMinor: 5000,
    });
    expect(res.status).toBe(200);
    await call("POST", "extensions/top-up", { extensions: ["101"], amountMinor: 1050 });
    const accounts = (await json<{ items: Account[] }>(call("GET", "extensions"))).items;
    expect(accounts.map((a) => [a.extension, a.balanceMinor, a.totalTopUpMinor])).toEqual([
      ["100", 5000, 5000],
      ["101", 6050, 6050],
      ["102", 0, 0],
    ]);
    const records = await json<{ items: Record<string, unknown>[]; total: number }>(
      call("GET", "top-ups?keyword=alice"),
    );
    expect(records.total).toBe(2);
    expect(records.items[0]).toMatchObject({
      extension: "101",
      name: "Alice",
      balanceBeforeMinor: 5000,
      amountMinor: 1050,
      balanceAfterMinor: 6050,
      byAccount: "billing-user",
    });
    const csv = await (await call("GET", "top-ups/export.csv?keyword=101")).text();
    expect(csv.split("\r\n").slice(0, 2)).toEqual([
      "time,extension,name,balance_before,amount,balance_after,by",
      "2025-03-01T08:00:00.000Z,101,Alice,50.00,10.50,60.50,billing-user",
    ]);
    const future = await json<{ total: number }>(call("GET", "top-ups?from=2026-01-01T00:00:00Z"));
    expect(future.total).toBe(0);
  });

  test("bad amounts and unknown extensions are 400 naming the field; nothing changes", async () => {
    const zero = await call("POST", "extensions/top-up", { extensions: ["100"], amountMinor: 0 });
    expect(await errorOf(zero)).toMatchObject({ field: "amountMinor" });
    const decimal = await call("POST", "extensions/top-up", {
      extensions: ["100"],
      amountMinor: 1.5,
    });
    expect(await errorOf(decimal)).toMatchObject({ field: "amountMinor" });
    const unknown = await call("POST", "extensions/top-up", {
      extensions: ["100", "999"],
      amountMinor: 100,
    });
    expect(await errorOf(unknown)).toMatchObject({ field: "extensions" });
    expect((await json<Account>(call("GET", "extensions/100"))).balanceMinor).toBe(0);
  });

  test("bulk edit; filters by lock and payment method; a new method resets the total", async () => {
    await call("POST", "extensions/top-up", { extensions: ["100", "102"], amountMinor: 300 });
    const res = await call("PATCH", "extensions", {
      extensions: ["100", "102"],
      billingEnabled: true,
      paymentMethod: "postpaid",
      creditLimitMinor: 2000,
      locked: true,
    });
    expect(res.status).toBe(200);
    const locked = await json<{ items: Account[] }>(call("GET", "extensions?locked=true"));
    expect(locked.items.map((a) => a.extension)).toEqual(["100", "102"]);
    expect(locked.items[0]).toMatchObject({
      billingEnabled: true,
      paymentMethod: "postpaid",
      creditLimitMinor: 2000,
      balanceMinor: 300,
      totalTopUpMinor: 0,
    });
    const prepaid = await json<{ items: Account[] }>(
      call("GET", "extensions?paymentMethod=prepaid"),
    );
    expect(prepaid.items.map((a) => a.extension)).toEqual(["101"]);
    const search = await json<{ items: Account[] }>(call("GET", "extensions?search=ali"));
    expect(search.items.map((a) => a.extension)).toEqual(["101"]);
    expect(await errorOf(await call("GET", "extensions?paymentMethod=cash"))).toMatchObject({
      field: "paymentMethod",
    });
  });
});
