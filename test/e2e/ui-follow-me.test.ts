// SPEC CALL-3 end to end in Chromium (Chinese interface): the admin sets extension 301's
// follow-me on 电话 -> 高级功能 -> 跟随 (a bad number refused beside its field), and extension
// 302's user sets its own (the extension field fixed to 302). The box's API then reports them.
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
  ({ pbx, browser, page, api } = await startUiBox(["301", "302"], { webLogin: true }));
}, SETUP_BOUND_MS);

afterAll(() => stopUiBox({ pbx, browser }), 20_000);

const origin = () => `https://127.0.0.1:${pbx.ports.https}`;
const form = 'form[data-form="follow-me"]';

describe("the follow-me page", () => {
  test("the admin sets 301's follow-me; a bad number is refused beside its field", async () => {
    await logIn(page, origin(), "admin", pbx.adminPassword);
    await page.click('nav a[data-page="follow-me"]');
    await page.waitForSelector('section[data-page="follow-me"]');
    expect(await page.textContent("main h1")).toBe("跟随");

    await page.fill(`${form} input[name=extension]`, "301");
    await page.check(`${form} input[name=enabled]`);
    await page.fill(`${form} input[name=ringFirstS]`, "10");
    await page.selectOption(`${form} select[name=mode]`, "confirm");
    await page.click(`${form} button[data-action=add-step]`);
    await page.fill(`${form} input[name=number-0]`, "30x");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector(`${form} [data-field=number-0] .field-error`);
    expect((await api("GET", "/follow-me")).json.items).toEqual([]);

    await page.fill(`${form} input[name=number-0]`, "302");
    await page.click(`${form} button[data-action=add-step]`);
    await page.fill(`${form} input[name=number-1]`, "13800138000");
    await page.fill(`${form} input[name=ringS-1]`, "25");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector('tr[data-item="301"]');
    expect((await api("GET", "/follow-me/301")).json).toEqual({
      extension: "301",
      enabled: true,
      ringFirstS: 10,
      mode: "confirm",
      numbers: [
        { number: "302", ringS: 20 },
        { number: "13800138000", ringS: 25 },
      ],
    });
    expect(await page.textContent('tr[data-item="301"]')).toContain("302 (20 s) → 13800138000");
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-follow-me.png"), fullPage: true });
  }, 60_000);

  test("an extension user sets its own follow-me", async () => {
    await browser.browser.clearCookies();
    const own = await browser.browser.newPage();
    try {
      await logIn(own, origin(), "302", "Pass-302-web", "my-extension");
      await own.click('nav a[data-page="follow-me"]');
      await own.waitForSelector('section[data-page="follow-me"]');
      await own.waitForFunction(
        (sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === "302",
        `${form} input[name=extension]`,
      );
      await own.check(`${form} input[name=enabled]`);
      await own.click(`${form} button[data-action=add-step]`);
      await own.fill(`${form} input[name=number-0]`, "301");
      await own.click(`${form} button[type=submit]`);
      await own.waitForSelector(`${form} .note`);
      expect((await api("GET", "/follow-me/302")).json).toMatchObject({
        enabled: true,
        mode: "always",
        numbers: [{ number: "301", ringS: 20 }],
      });
    } finally {
      await own.close();
    }
  }, 60_000);
});
