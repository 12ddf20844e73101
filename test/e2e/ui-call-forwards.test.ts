// SPEC CALL-2, CALL-11, CALL-14 end to end in Chromium (Chinese interface): the admin sets
// extension 301's forwarding on 电话 -> 高级功能 -> 呼叫转移, is told beside the field when the
// number is not one a phone can dial, turns it off again, and blacklists an outside number (an
// extension's own number is refused); extension 302's user switches on do-not-disturb and sets
// its no-answer forwarding on its own page. The box's API then reports each change.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { type boxApi, until } from "../support/box-api.ts";
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

describe("call forwarding and the blacklist for the admin", () => {
  test("the admin forwards 301 to 302 always, sees a bad number refused, turns it off", async () => {
    await logIn(page, origin(), "admin", pbx.adminPassword);
    await page.click('nav a[data-page="call-forwards"]');
    await page.waitForSelector('section[data-page="call-forwards"]');
    expect(await page.textContent("main h1")).toBe("呼叫转移");

    const form = 'form[data-form="add-forward"]';
    await page.fill(`${form} input[name=extension]`, "301");
    await page.selectOption(`${form} select[name=type]`, "always");
    await page.fill(`${form} input[name=number]`, "30x");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector(`${form} [data-field=number] .field-error`);
    expect((await api("GET", "/call-forwards")).json.items).toEqual([]);

    await page.fill(`${form} input[name=number]`, "302");
    await page.click(`${form} button[type=submit]`);
    const row = 'tr[data-item="301/always"]';
    await page.waitForSelector(row);
    expect(await page.textContent(row)).toContain("始终转移");
    expect(await page.textContent(row)).toContain("302");
    expect((await api("GET", "/call-forwards?extension=301")).json.items).toEqual([
      { extension: "301", type: "always", number: "302", enabled: true },
    ]);
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-call-forwards.png"), fullPage: true });

    await page.click(`${row} button[data-action=toggle]`);
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent?.includes("关闭"),
      `${row} td:nth-child(4)`,
    );
    expect((await api("GET", "/call-forwards?extension=301")).json.items[0].enabled).toBe(false);

    await page.click('nav a[data-page="call-forwards"]');
    await page.check('input[name="passCallerId"]');
    await page.waitForFunction(async () => {
      const r = await fetch("/api/v1/call-forwards/options");
      return (await r.json()).passCallerId === true;
    });
  }, 60_000);

  test("the blacklist page adds an outside number and refuses an extension's", async () => {
    await page.click('nav a[data-page="blacklist"]');
    await page.waitForSelector('section[data-page="blacklist"]');
    const form = 'form[data-form="blacklist-add"]';
    await page.fill(`${form} input[name=number]`, "301");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector(`${form} [data-field=number] .field-error`);
    await page.fill(`${form} input[name=number]`, "13800138000");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector('tr[data-item="13800138000"]');
    expect((await api("GET", "/blacklist")).json.items).toMatchObject([
      { number: "13800138000", addedBy: "admin" },
    ]);
  }, 60_000);
});

describe("an extension user's own page", () => {
  test("302 switches on DND and sets its no-answer forwarding", async () => {
    await browser.browser.clearCookies();
    const own = await browser.browser.newPage();
    try {
      await logIn(own, origin(), "302", "Pass-302-web", "my-extension");
      const card = '[data-form="my-forwarding"]';
      await own.waitForSelector(card);
      await own.check(`${card} input[name=dnd]`);
      await until(
        async () => (await api("GET", "/dnd/302")).json.enabled,
        (on) => on === true,
      );
      await own.fill(`${card} input[name="forward-no-answer"]`, "301");
      await own.click(`${card} button[type=submit]`);
      await own.waitForSelector(`${card} .note`);
      expect((await api("GET", "/call-forwards?extension=302")).json.items).toEqual([
        { extension: "302", type: "no-answer", number: "301", enabled: true },
      ]);
      // Its own extension only: 301's forwarding is not on its page.
      expect(await own.inputValue(`${card} input[name="forward-always"]`)).toBe("");
      await own.screenshot({ path: join(OUTPUT_DIR, "ui-my-forwarding.png"), fullPage: true });
      // The personal fields beside it are saved in place too.
      const mine = '[data-form="my-extension"]';
      await own.fill(`${mine} input[name=email]`, "reception@example.com");
      await own.click(`${mine} button[type=submit]`);
      await own.waitForSelector(`${mine} .note`);
      expect((await api("GET", "/extensions/302")).json.email).toBe("reception@example.com");
    } finally {
      await own.close();
    }
  }, 60_000);
});
