// SPEC REP-1 end to end: in a real Chromium, in Chinese, an operator's call records page
// (报告 -> 通话记录) filters by type, trunk name (part of it) and PIN, shows each call's trunk
// and PIN, and exports the same search as CSV. The records are rows of the box's own SQLite
// file, written as the call engine writes them (trunk calls fill trunk and PIN).

import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, logIn, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;

const T0 = Date.parse("2026-03-02T09:30:00Z");

/** Call records as the store writes them: [callee, type, trunk, PIN]. */
const CALLS = [
  ["8001", "inbound", "China Telecom", ""],
  ["913800138000", "outbound", "Unicom line", "2580"],
  ["913900139000", "outbound", "China Telecom", "7777"],
  ["102", "internal", "", ""],
] as const;

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  const token = await pbx.adminToken();
  const operator = await pbx.api("/api/v1/accounts", {
    method: "POST",
    token,
    body: JSON.stringify({ username: "desk", password: "Desk-password-1", role: "operator" }),
  });
  expect(operator.status).toBe(201);
  const db = new Database(join(pbx.dataDir, "pbx.db"));
  const insert = db.prepare(
    `INSERT INTO call_records (call_id, started_at, answered_at, ended_at, caller, callee,
       final_callee, duration_ms, talk_ms, type, status, reason, trunk, pin)
     VALUES (?, ?, ?, ?, '101', ?, ?, 65000, 60000, ?, 'answered', 'hangup', ?, ?)`,
  );
  for (const [i, [callee, type, trunk, pin]] of CALLS.entries()) {
    const start = T0 + i * 60_000;
    insert.run(`c${i}`, start, start + 5000, start + 65_000, callee, callee, type, trunk, pin);
  }
  db.close();
  page = await browser.browser.newPage();
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "desk", "Desk-password-1");
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 20_000);

/** The rows shown once the page answers `query` (its search, as the export link carries it). */
const shown = async (query = "") => {
  await page.waitForSelector(`section[data-shown-query="${query}"]`);
  return page.$$eval("tr[data-record]", (rows) =>
    rows.map((r) =>
      [
        r.querySelector("td:nth-child(3)")?.textContent,
        r.querySelector("[data-trunk]")?.textContent,
        r.querySelector("[data-pin]")?.textContent,
      ].join("|"),
    ),
  );
};

const searchFor = async (fields: { type: string; trunk?: string; pin?: string }) => {
  // Under "all" every field is editable; the type is chosen after the text fields.
  const type = "[data-form=cdr-search] select[name=type]";
  await page.selectOption(type, "all");
  await page.fill("[data-form=cdr-search] input[name=trunk]", fields.trunk ?? "");
  await page.fill("[data-form=cdr-search] input[name=pin]", fields.pin ?? "");
  await page.selectOption(type, fields.type);
  await page.click("[data-action=search-cdr]");
};

describe("the call records page", () => {
  test("under 报告 for an operator: every call, newest first, with trunk and PIN", async () => {
    expect(await page.textContent("nav")).toContain("报告");
    await page.click('nav a[data-page="call-records"]');
    await page.waitForSelector('main[data-view="call-records"]');
    expect(await page.textContent("h1")).toBe("通话记录");
    expect(await shown()).toEqual([
      "102||",
      "913900139000|China Telecom|7777",
      "913800138000|Unicom line|2580",
      "8001|China Telecom|",
    ]);
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-call-records.png"), fullPage: true });
  }, 30_000);

  test("filters by type, trunk part and PIN; the export link carries the same search", async () => {
    await searchFor({ type: "outbound" });
    expect(await shown("type=outbound")).toEqual([
      "913900139000|China Telecom|7777",
      "913800138000|Unicom line|2580",
    ]);
    await searchFor({ type: "all", trunk: "telecom" });
    expect(await shown("trunk=telecom")).toEqual([
      "913900139000|China Telecom|7777",
      "8001|China Telecom|",
    ]);
    await searchFor({ type: "all", pin: "2580" });
    expect(await shown("pin=2580")).toEqual(["913800138000|Unicom line|2580"]);
    await searchFor({ type: "inbound", trunk: "unicom" });
    await shown("type=inbound&trunk=unicom");
    expect(await page.textContent("[data-empty=cdr]")).toBe("没有符合条件的通话记录。");
    // Internal calls use no trunk: the field is read-only and says so.
    await page.selectOption("[data-form=cdr-search] select[name=type]", "internal");
    expect(await page.getAttribute("input[name=trunk]", "readonly")).not.toBeNull();
    expect(await page.textContent("[data-field=trunk]")).toContain("内部通话不使用中继");

    await searchFor({ type: "outbound", trunk: "telecom" });
    await shown("type=outbound&trunk=telecom");
    const href = (await page.getAttribute("[data-action=export-cdr]", "href"))!;
    expect(href).toBe("/api/v1/cdr/export.csv?type=outbound&trunk=telecom");
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    const lines = csv.trimEnd().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",China Telecom,7777,outbound,answered,");
  }, 30_000);
});
