import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { A2BILLING_CSV } from "../../../firmware/billing/rate-rule.fixture.ts";
import { readXlsx } from "../export/xlsx-reader.ts";
import { XLSX_TYPE, xlsxSheet } from "../export/xlsx-sheet.ts";
import { errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let billing: string;
beforeEach(async () => {
  t = await startTestApi();
  billing = await t.tokenFor("billing");
  t.services.extensions.bulkAdd({ startNumber: "100", count: 2, settings: {} });
});
afterEach(() => t.close());

const call = (method: string, path: string, body?: unknown) =>
  t.call(method, `/api/v1/billing/${path}`, { token: billing, body });
const json = async <T = Record<string, unknown>>(res: Response | Promise<Response>) =>
  (await (await res).json()) as T;

// The manual's example (2.3): prefix 9, 12 digits, the first minute 0.20, then 0.10 per 55 s.
const MOBILE = {
  remark: "mobile",
  prefix: "9",
  numberLength: 12,
  initialFeeMinor: 20,
  initialTimeS: 60,
  rateMinor: 10,
  periodS: 55,
};

describe("/api/v1/billing/rates", () => {
  test("CRUD with fields checked by name", async () => {
    const created = await json<{ id: number }>(call("POST", "rates", MOBILE));
    expect((await call("PATCH", `rates/${created.id}`, { remark: "mobile 2" })).status).toBe(200);
    expect((await json(call("GET", `rates/${created.id}`))).remark).toBe("mobile 2");
    const short = await call("POST", "rates", { ...MOBILE, prefix: "9010", numberLength: 3 });
    expect(await errorOf(short)).toMatchObject({ field: "numberLength" });
    const money = await call("POST", "rates", { ...MOBILE, rateMinor: 0.1 });
    expect(await errorOf(money)).toMatchObject({ field: "rateMinor" });
    expect((await call("DELETE", `rates/${created.id}`)).status).toBe(204);
    expect((await call("GET", `rates/${created.id}`)).status).toBe(404);
  });

  test("the rule tester: matched rule, why not the others, the cost breakdown", async () => {
    await call("POST", "rates", MOBILE);
    await call("POST", "rates", { remark: "any", prefix: "9", rateMinor: 5, periodS: 60 });
    await call("POST", "rates", {
      remark: "night",
      prefix: "91",
      rateMinor: 1,
      activeFromMin: 22 * 60,
      activeToMin: 6 * 60,
    });
    const test = await json<{
      rule: { remark: string };
      rejected: { remark: string; reason: string }[];
      cost: Record<string, number>;
      outbound: Record<string, unknown>;
    }>(
      call("POST", "rate-test", {
        number: "913812345678",
        extension: "100",
        time: "10:30",
        talkSeconds: 116,
      }),
    );
    expect(test.rule.remark).toBe("mobile");
    expect(Object.fromEntries(test.rejected.map((r) => [r.remark, r.reason]))).toEqual({
      night: "outside-hours",
      any: "exact-length",
    });
    expect(test.cost).toEqual({
      initialFeeMinor: 20,
      periodSeconds: 56,
      periods: 2,
      periodsMinor: 20,
      totalMinor: 40,
    });
    expect(test.outbound).toEqual({ allowed: true, charged: false, why: "billing-off" });
    const night = await json<{ rule: { remark: string } }>(
      call("POST", "rate-test", {
        number: "913812345678",
        extension: "100",
        time: "23:00",
        talkSeconds: 60,
      }),
    );
    expect(night.rule.remark).toBe("night");
    const bad = await call("POST", "rate-test", { number: "9x", extension: "100", talkSeconds: 1 });
    expect(await errorOf(bad)).toMatchObject({ field: "number" });
  });

  test("export CSV and xlsx, import back; a bad line names itself and changes nothing", async () => {
    await call("POST", "rates", { ...MOBILE, extensions: ["100"] });
    const csv = await (await call("GET", "rates/export.csv")).text();
    expect(csv).toContain("1,mobile,9,12,0.20,60,0.10,55,00:00,00:00,100");
    const xlsx = await call("GET", "rates/export.xlsx");
    const { rows } = readXlsx(new Uint8Array(await xlsx.arrayBuffer()));
    expect(rows[1]).toEqual([
      "1",
      "mobile",
      "9",
      "12",
      "0.20",
      "60",
      "0.10",
      "55",
      "00:00",
      "00:00",
      "100",
    ]);
    const again = await json(call("POST", "rates/import", { csv, replace: false }));
    expect(again).toEqual({ added: 1 });
    expect((await json<{ items: unknown[] }>(call("GET", "rates"))).items.length).toBe(2);
    const bad = await call("POST", "rates/import", { csv: `${csv}1,x,9,0,abc,0,0,60,,,\r\n` });
    expect(await errorOf(bad)).toMatchObject({ field: "file" });
    expect((await json<{ items: unknown[] }>(call("GET", "rates"))).items.length).toBe(2);
  });

  test("an .xlsx in the export's columns imports all rows or none; not a workbook is 400", async () => {
    await call("POST", "rates", { ...MOBILE, extensions: ["100"] });
    const xlsx = new Uint8Array(await (await call("GET", "rates/export.xlsx")).arrayBuffer());
    const upload = (bytes: Uint8Array, query = "") =>
      t.app.request(
        `http://pbx.lan/api/v1/billing/rates/import.xlsx${query}`,
        {
          method: "POST",
          headers: { Authorization: `Bearer ${billing}`, "Content-Type": XLSX_TYPE },
          body: bytes as Uint8Array<ArrayBuffer>,
        },
        { requestIP: () => ({ address: "192.0.2.10" }) },
      );
    expect(await json(upload(xlsx))).toEqual({ added: 1 });
    expect(await json(upload(xlsx, "?replace=true"))).toEqual({ added: 1 });
    const listed = await json<{ items: { remark: string; periodS: number }[] }>(
      call("GET", "rates"),
    );
    expect(listed.items.map((r) => [r.remark, r.periodS])).toEqual([["mobile", 55]]);
    // A carrier's sheet with one bad amount: nothing changes, the line is named.
    const rows = readXlsx(xlsx).rows;
    const bad = xlsxSheet("rates", [
      ...rows,
      ["1", "x", "8", "0", "abc", "0", "0", "60", "", "", ""],
    ]);
    const refused = await upload(bad);
    expect(refused.status).toBe(400);
    const error = await errorOf(refused);
    expect(error).toMatchObject({ field: "file" });
    expect(error.message).toContain("line 3");
    expect((await json<{ items: unknown[] }>(call("GET", "rates"))).items).toHaveLength(1);
    const text = await upload(new TextEncoder().encode("enabled,remark\n1,x\n"));
    expect(text.status).toBe(400);
  });

  test("the a2billing table imports through the API and the tester finds prefixes", async () => {
    const lines = readFileSync(A2BILLING_CSV, "utf8").trim().split("\n").slice(1);
    const csv = lines
      .map((l) => {
        const [prefix, destination] = l.split(",");
        return `1,${destination},${prefix},0,0.50,60,0.10,60,,,`;
      })
      .join("\n");
    expect(await json(call("POST", "rates/import", { csv, replace: true }))).toEqual({
      added: 4892,
    });
    const tested = await json<{ rule: { remark: string }; cost: { totalMinor: number } }>(
      call("POST", "rate-test", { number: "442071234567", extension: "101", talkSeconds: 61 }),
    );
    expect(tested.rule.remark).toMatch(/United Kingdom/);
    expect(tested.cost.totalMinor).toBe(60);
  });
});

describe("/api/v1/billing/settings", () => {
  test("on/off and currency; a currency's decimals follow ISO 4217", async () => {
    expect(await json(call("GET", "settings"))).toEqual({
      enabled: false,
      currency: "CNY",
      minorDigits: 2,
    });
    expect(await json(call("PATCH", "settings", { enabled: true, currency: "JPY" }))).toEqual({
      enabled: true,
      currency: "JPY",
      minorDigits: 0,
    });
    expect(await errorOf(await call("PATCH", "settings", { currency: "yuan" }))).toMatchObject({
      field: "currency",
    });
    expect(await errorOf(await call("PATCH", "settings", { currency: "ABC" }))).toMatchObject({
      field: "currency",
    });
  });
});
