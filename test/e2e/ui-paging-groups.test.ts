// SPEC CALL-6 end to end in Chromium (Chinese interface): on 电话 -> 高级功能 -> 寻呼与对讲 the
// admin adds a paging group: an extension's number is refused beside the number field (the
// numbering registry holds it), then group 600 is saved with two members in duplex and listed;
// the box's API then reports it. An operator finds the page in its menu too.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { boxApi } from "../support/box-api.ts";
import { logIn, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS } from "../support/pbx-process.ts";
import { startUiBox, stopUiBox } from "../support/ui-box.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;

beforeAll(async () => {
  ({ pbx, browser, page, api } = await startUiBox(["301", "302", "303"]));
}, SETUP_BOUND_MS);

afterAll(() => stopUiBox({ pbx, browser }), 20_000);

const origin = () => `https://127.0.0.1:${pbx.ports.https}`;
const form = 'form[data-form="paging-group"]';

describe("the paging and intercom page", () => {
  test("the admin adds group 600; an extension's number is refused beside the field", async () => {
    await logIn(page, origin(), "admin", pbx.adminPassword);
    await page.click('nav a[data-page="paging-groups"]');
    await page.waitForSelector('section[data-page="paging-groups"]');
    expect(await page.textContent("main h1")).toBe("寻呼与对讲");

    await page.click("button[data-action=add-paging-group]");
    await page.fill(`${form} input[name=number]`, "301");
    await page.fill(`${form} input[name=name]`, "仓库");
    await page.selectOption(`${form} select[name=mode]`, "duplex");
    await page.check(`${form} input[type=checkbox][value="302"]`);
    await page.check(`${form} input[type=checkbox][value="303"]`);
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector(`${form} [data-field=number] .field-error`);
    expect((await api("GET", "/paging-groups")).json.items).toEqual([]);

    await page.fill(`${form} input[name=number]`, "600");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector('tr[data-paging-group="600"]');
    expect((await api("GET", "/paging-groups")).json.items).toMatchObject([
      { number: "600", name: "仓库", mode: "duplex", members: ["302", "303"] },
    ]);
    const row = await page.textContent('tr[data-paging-group="600"]');
    expect(row).toContain("双工");
    expect(row).toContain("302, 303");
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-paging-groups.png"), fullPage: true });
  }, 60_000);

  test("an operator finds the page under the advanced functions", async () => {
    const created = await api("POST", "/accounts", {
      username: "op1",
      password: "Operator-Pass-1",
      role: "operator",
    });
    expect(created.status).toBe(201);
    await browser.browser.clearCookies();
    const op = await browser.browser.newPage();
    try {
      await logIn(op, origin(), "op1", "Operator-Pass-1");
      await op.click('nav a[data-page="paging-groups"]');
      await op.waitForSelector('tr[data-paging-group="600"]');
    } finally {
      await op.close();
    }
  }, 60_000);
});
