// SPEC CALL-4 end to end in Chromium (Chinese interface): the admin books a wake-up call for
// extension 301 on 电话 -> 高级功能 -> 叫醒服务, is told beside the field when the time has
// gone by, moves it and cancels it; extension 302's user books its own (the extension field
// fixed to 302). The box's API then reports each change.
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
const form = 'form[data-form="wakeup-book"]';

describe("the wake-up calls page", () => {
  test("the admin books 301, a past time is refused, moves and cancels it", async () => {
    await logIn(page, origin(), "admin", pbx.adminPassword);
    await page.click('nav a[data-page="wakeup-calls"]');
    await page.waitForSelector('section[data-page="wakeup-calls"]');
    expect(await page.textContent("main h1")).toBe("叫醒服务");

    await page.fill(`${form} input[name=extension]`, "301");
    await page.fill(`${form} input[name=at]`, "2001-01-02T07:30");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector(`${form} [data-field=at] .field-error`);
    expect((await api("GET", "/wakeup-calls")).json.items).toEqual([]);

    await page.fill(`${form} input[name=at]`, "2040-01-02T07:30");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector("tr[data-item]");
    const booked = (await api("GET", "/wakeup-calls")).json.items;
    expect(booked).toMatchObject([
      { extension: "301", at: "2040-01-02T07:30", status: "scheduled", bookedBy: "admin" },
    ]);
    const row = `tr[data-item="${booked[0].id}"]`;
    expect(await page.textContent(row)).toContain("2040-01-02 07:30");
    expect(await page.textContent(row)).toContain("已预约");
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-wakeup-calls.png"), fullPage: true });

    await page.click(`${row} button:not(.danger)`);
    expect(await page.inputValue(`${form} input[name=at]`)).toBe("2040-01-02T07:30");
    await page.fill(`${form} input[name=at]`, "2040-01-03T06:45");
    await page.click(`${form} button[type=submit]`);
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent?.includes("2040-01-03 06:45"),
      row,
    );
    expect((await api("GET", "/wakeup-calls")).json.items[0].at).toBe("2040-01-03T06:45");

    page.once("dialog", (d) => void d.accept());
    await page.click(`${row} button.danger`);
    await page.waitForSelector(row, { state: "detached" });
    expect((await api("GET", "/wakeup-calls?all=true")).json.items).toEqual([]);
  }, 60_000);

  test("an extension user books its own wake-up call", async () => {
    await browser.browser.clearCookies();
    const own = await browser.browser.newPage();
    try {
      await logIn(own, origin(), "302", "Pass-302-web", "my-extension");
      await own.click('nav a[data-page="wakeup-calls"]');
      await own.waitForSelector('section[data-page="wakeup-calls"]');
      expect(await own.inputValue(`${form} input[name=extension]`)).toBe("302");
      await own.fill(`${form} input[name=at]`, "2040-05-06T06:00");
      await own.click(`${form} button[type=submit]`);
      await own.waitForSelector("tr[data-item]");
      expect((await api("GET", "/wakeup-calls")).json.items).toMatchObject([
        { extension: "302", at: "2040-05-06T06:00", bookedBy: "302" },
      ]);
    } finally {
      await own.close();
    }
  }, 60_000);
});
