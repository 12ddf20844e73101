// SPEC BILL-6, BILL-7 end to end in a real Chromium, in Chinese: the billing user searches the
// call records with cost (通话记录) by extension, reads each call's cost and the search's
// total, downloads the CSV, then opens the statistics (统计) per month for two extensions and
// reads the chart's bars and labels. The charges and call records are rows of the box's own
// SQLite file, written as the call engine writes them (one charge per billed call, settled at
// hang-up; the record when the call ends, with the same call id).

import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;

/** [call id, extension, number dialled, answered (UTC), talk s, cost in fen, trunk, state]. */
const CALLS = [
  ["c1", "101", "913800138000", "2025-12-10T02:00:00Z", 65, 120, "China Telecom", "settled"],
  // 00:30 on 1 January in Shanghai (the box's zone): January's, though December's in UTC.
  ["c2", "101", "913900139000", "2025-12-31T16:30:00Z", 30, 50, "Unicom line", "settled"],
  ["c3", "102", "90512345678", "2026-01-20T03:00:00Z", 100, 200, "China Telecom", "settled"],
  ["c4", "103", "913700137000", "2026-01-21T03:00:00Z", 40, 70, "Unicom line", "settled"],
  // Nothing owed (failed before talk): not a billed call.
  ["c5", "101", "913600136000", "2026-01-22T03:00:00Z", 0, 0, "Unicom line", "released"],
] as const;

const open = async (id: string) => {
  await page.click(`nav a[data-page="${id}"]`);
  await page.waitForSelector(`main[data-view="${id}"]`);
};

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  const token = await pbx.adminToken();
  const post = (path: string, body: unknown) =>
    pbx.api(path, { method: "POST", token, body: JSON.stringify(body) });
  for (const [number, displayName] of [
    ["101", "Alice"],
    ["102", "Bob"],
    ["103", "Carol"],
  ])
    expect((await post("/api/v1/extensions", { number, displayName })).status).toBe(201);
  const account = { username: "books", password: "Billing-pw-1", role: "billing" };
  expect((await post("/api/v1/accounts", account)).status).toBe(201);

  const db = new Database(join(pbx.dataDir, "pbx.db"));
  const charge = db.prepare(
    `INSERT INTO billing_charges (call_id, extension, number, rule, answered_at_ms,
       reserved_minor, covers_s, state, charged_minor, talk_s, ended_at_ms)
     VALUES (?, ?, ?, '{}', ?, ?, 60, ?, ?, ?, ?)`,
  );
  const record = db.prepare(
    `INSERT INTO call_records (call_id, started_at, answered_at, ended_at, caller, callee,
       final_callee, duration_ms, talk_ms, type, status, reason, trunk)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'outbound', 'answered', 'hangup', ?)`,
  );
  for (const [id, ext, number, answered, talkS, cost, trunk, state] of CALLS) {
    const at = Date.parse(answered);
    const end = at + talkS * 1000;
    charge.run(id, ext, number, at, cost, state, cost, talkS, end);
    record.run(
      id,
      at - 5000,
      at,
      end,
      ext,
      number,
      number,
      talkS * 1000 + 5000,
      talkS * 1000,
      trunk,
    );
  }
  db.close();

  page = await browser.browser.newPage();
  await page.goto(`https://127.0.0.1:${pbx.ports.https}/`);
  await page.fill("input[name=username]", "books");
  await page.fill("input[name=password]", "Billing-pw-1");
  await page.click("button[type=submit]");
  await page.waitForSelector("tr[data-billing-extension]");
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 20_000);

/** Each shown row once the page answers `query`: extension|number|talk|trunk|cost. */
const shownCalls = async (query: string) => {
  await page.waitForSelector(`section[data-shown-query="${query}"]`);
  return page.$$eval("tr[data-billed-call]", (rows) =>
    rows.map((r) =>
      [
        r.getAttribute("data-extension"),
        r.querySelector("[data-number]")?.textContent,
        r.querySelector("[data-talk]")?.textContent,
        r.querySelector("[data-trunk]")?.textContent,
        r.querySelector("[data-cost]")?.textContent,
      ].join("|"),
    ),
  );
};

describe("the billing user's call records with cost and statistics", () => {
  test("通话记录: every billed call, then one extension's calls with their costs and total", async () => {
    await open("billing-calls");
    expect(await page.textContent("main h1")).toBe("通话记录");
    expect(await shownCalls("")).toEqual([
      "103|913700137000|0:40|Unicom line|0.70",
      "102|90512345678|1:40|China Telecom|2.00",
      "101|913900139000|0:30|Unicom line|0.50",
      "101|913800138000|1:05|China Telecom|1.20",
    ]);
    const heads = await page.$$eval("table[data-table=billed-calls] th", (ths) =>
      ths.map((th) => th.textContent),
    );
    expect(heads).toEqual([
      "时间",
      "分机",
      "用户名",
      "外线号码",
      "通话时长",
      "中继线路",
      "通话费用（CNY）",
    ]);

    await page.fill("[data-form=billed-calls-search] input[name=keyword]", "101");
    await page.click("[data-action=search-billed-calls]");
    expect(await shownCalls("keyword=101")).toEqual([
      "101|913900139000|0:30|Unicom line|0.50",
      "101|913800138000|1:05|China Telecom|1.20",
    ]);
    expect(await page.textContent("[data-total]")).toBe(
      "共 2 条记录，通话时长合计 1:35，费用合计 1.70 CNY",
    );
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-billing-calls.png"), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("[data-action=export-billed-calls]"),
    ]);
    expect(download.suggestedFilename()).toBe("billed-calls.csv");
    const csv = readFileSync((await download.path())!, "utf8")
      .trimEnd()
      .split("\r\n");
    expect(csv).toEqual([
      "time,extension,name,number,talk_s,trunk,cost",
      "2025-12-31T16:30:00.000Z,101,Alice,913900139000,30,Unicom line,0.50",
      "2025-12-10T02:00:00.000Z,101,Alice,913800138000,65,China Telecom,1.20",
      "total,,,,95,,1.70",
    ]);
  }, 60_000);

  test("统计: per month for two extensions, the chart's bars and labels on the box's clock", async () => {
    await open("billing-statistics");
    expect(await page.textContent("main h1")).toBe("通话统计");
    const form = "[data-form=statistics-search]";
    await page.fill(`${form} input[name=from]`, "2025-12-01");
    await page.fill(`${form} input[name=to]`, "2026-01-31");
    await page.selectOption(`${form} select[name=by]`, "month");
    await page.fill(`${form} input[name=extensions]`, "101, 102");
    await page.click("[data-action=search-statistics]");
    await page.waitForSelector(
      'section[data-shown-query="from=2025-12-01&to=2026-01-31&by=month&extensions=101%2C102"]',
    );
    const chart = "svg[data-chart=statistics]";
    const bars = await page.$$eval(`${chart} g[data-bar]`, (gs) =>
      gs.map((g) => [
        g.getAttribute("data-bar"),
        g.getAttribute("data-value"),
        g.querySelector("title")?.textContent,
        g.querySelector("text")?.textContent,
        Number(g.querySelector("rect")?.getAttribute("height")),
      ]),
    );
    expect(bars.map((b) => b.slice(0, 4))).toEqual([
      ["2025-12", "120", "2025-12: 1.20", "2025-12"],
      ["2026-01", "250", "2026-01: 2.50", "2026-01"],
    ]);
    // January's bar (2.50) stands taller than December's (1.20), in proportion.
    const [december, january] = bars.map((b) => b[4] as number);
    expect(january! / december!).toBeCloseTo(250 / 120, 1);
    expect(await page.textContent(`${chart} title`)).toBe("总通话费用，按月，101, 102");

    const rows = await page.$$eval("table[data-table=statistics] tr[data-period]", (trs) =>
      trs.map((tr) =>
        Array.from(tr.querySelectorAll("td, th"))
          .map((c) => c.textContent)
          .join("|"),
      ),
    );
    expect(rows).toEqual([
      "2025-12|1|1:05|1:05|1.20",
      "2026-01|2|2:10|1:05|2.50",
      "合计|3|3:15|1:05|3.70",
    ]);
    expect(
      await page.$$eval("tr[data-statistics-extension]", (trs) =>
        trs.map((tr) => tr.getAttribute("data-statistics-extension")),
      ),
    ).toEqual(["101", "102"]);

    // The chart shows the number of calls instead.
    await page.selectOption("select[name=metric]", "calls");
    await page.waitForFunction(
      () => document.querySelector('g[data-bar="2026-01"]')?.getAttribute("data-value") === "2",
    );
    expect(await page.textContent(`${chart} title`)).toBe("总外呼通话数，按月，101, 102");
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-billing-statistics.png"), fullPage: true });
  }, 60_000);
});
