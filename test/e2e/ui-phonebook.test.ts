// SPEC CALL-17 end to end in Chromium (Chinese interface): an operator downloads nothing by
// hand, imports a phonebook sheet with one bad row, is told which row and why and that nothing
// was imported; after fixing the row the import adds the contacts, which the page lists beside
// the extensions and an LDAP search by a phone would then find.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { xlsxSheet } from "../../web/api/export/xlsx-sheet.ts";
import { boxApi } from "../support/box-api.ts";
import { launchBrowser, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), "pbx-phonebook-ui-"));
const HEADER = [
  "姓名 Name",
  "办公电话 Office",
  "手机 Mobile",
  "其他电话 Other",
  "公司 Company",
  "部门 Department",
];

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  const api = boxApi(pbx, await pbx.adminToken());
  expect(
    (await api("POST", "/accounts", { username: "op", password: "Operator-1!", role: "operator" }))
      .status,
  ).toBe(201);
  expect((await api("POST", "/extensions", { number: "301", displayName: "前台" })).status).toBe(
    201,
  );
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 20_000);

const sheetFile = (name: string, rows: string[][]) => {
  const path = join(dir, name);
  writeFileSync(path, xlsxSheet("phonebook", [HEADER, ...rows]));
  return path;
};

describe("the phonebook page", () => {
  test("an import with a bad row names the row and the reason, and adds nothing", async () => {
    await page.goto(`https://127.0.0.1:${pbx.ports.https}/`);
    await page.waitForSelector("form.login-card");
    await page.fill("input[name=username]", "op");
    await page.fill("input[name=password]", "Operator-1!");
    await page.click("button[type=submit]");
    await page.waitForSelector("nav");
    await page.click('nav a[data-page="contacts"]');
    await page.waitForSelector('main[data-view="contacts"]');
    await page.waitForSelector('tr[data-item="前台"]');

    const bad = sheetFile("bad.xlsx", [
      ["张伟", "010-88881234", "", "", "华联", "采购"],
      ["李娜", "", "打电话", "", "", ""],
      ["王芳", "8002"],
    ]);
    await page.setInputFiles("input[data-action=import-contacts]", bad);
    await page.waitForSelector("[data-error=contacts-import] li");
    const alert = await page.textContent("[data-error=contacts-import]");
    expect(alert).toContain("未导入任何联系人");
    expect(await page.textContent('[data-error=contacts-import] li[data-row="3"]')).toContain(
      "第 3 行：手机：不是电话号码",
    );
    expect(await page.locator("[data-error=contacts-import] li").count()).toBe(1);
    await page.screenshot({
      path: join(OUTPUT_DIR, "ui-phonebook-import-error.png"),
      fullPage: true,
    });
    expect(await page.locator('tr[data-item="张伟"]').count()).toBe(0);
  });

  test("the fixed sheet imports every row; the contacts are listed as shared", async () => {
    const good = sheetFile("good.xlsx", [
      ["张伟", "010-88881234", "", "", "华联", "采购"],
      ["李娜", "", "13800001111", "", "", ""],
      ["王芳", "8002"],
    ]);
    await page.setInputFiles("input[data-action=import-contacts]", good);
    await page.waitForSelector('p.note[role="status"]');
    expect(await page.textContent('p.note[role="status"]')).toContain("已导入 3 个联系人");
    await page.waitForSelector('tr[data-item="李娜"]');
    const row = await page.textContent('tr[data-item="张伟"]');
    expect(row).toContain("010-88881234");
    expect(row).toContain("所有人");
    expect(await page.locator("[data-error=contacts-import]").count()).toBe(0);
  });
});
