// SPEC PROV-2 end to end in Chromium (Chinese interface): the operator turns PnP on in the
// page, a Grandstream phone announces itself (a real GRP2612W SUBSCRIBE over loopback), the
// operator scans, opens 快速配置, gives it two accounts and a BLF key, and the file the phone
// then fetches carries them; the page lists who assigned it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { boxApi } from "../support/box-api.ts";
import { launchBrowser, logIn, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { announcePnp, nextOf } from "../support/pnp-phone.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  const api = boxApi(pbx, await pbx.adminToken());
  expect(
    (await api("POST", "/accounts", { username: "op", password: "Operator-1!", role: "operator" }))
      .status,
  ).toBe(201);
  for (const number of ["301", "302", "303"])
    expect(
      (
        await api("POST", "/extensions", {
          number,
          displayName: `分机${number}`,
          sipPassword: `Pw-${number}-x`,
        })
      ).status,
    ).toBe(201);
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 20_000);

describe("话机自动配置", () => {
  test("the operator turns PnP on, sees the phone PnP found and assigns it accounts and a BLF key", async () => {
    await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "op", "Operator-1!");
    await page.click('nav a[data-page="phones"]');
    await page.waitForSelector('main[data-view="phones"] [data-form=pnp]');
    expect(await page.textContent("main h1")).toBe("话机自动配置");
    await page.check("[data-field=pnp] input");
    await page.waitForFunction(
      () => (document.querySelector("[data-field=pnp] input") as HTMLInputElement | null)?.checked,
    );

    const phone = await announcePnp(pbx.ports.sip, "grandstream_grp2612w_subscribe.sip");
    expect((await nextOf(phone.responses, "200")).status).toBe(200);
    const url = Buffer.from((await nextOf(phone.received, "NOTIFY")).body).toString();
    phone.close();
    expect(url).toBe((await page.textContent("[data-provisioning-url]")) ?? "");

    await page.click("[data-action=scan]");
    const row = 'tr[data-phone="c074ad112233"]';
    await page.waitForSelector(row);
    expect(await page.textContent(row)).toContain("GRP2612W");
    await page.click(`${row} [data-action=configure]`);
    await page.waitForSelector("form[data-form=assign-phone]");
    // A 2-account phone: two line choices, not four.
    expect(await page.locator("form[data-form=assign-phone] select[name^=line]").count()).toBe(2);
    await page.selectOption("select[name=line1]", "301");
    await page.selectOption("select[name=line2]", "302");
    await page.click("[data-action=add-blf]");
    await page.selectOption("select[name=blf1]", "303");
    await page.fill("input[name=blfLabel1]", "经理");
    await page.selectOption("select[name=blfLine1]", "2");
    await page.fill("input[name=idleText]", "华联公司");
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-phones-assign.png"), fullPage: true });
    await page.click("form[data-form=assign-phone] button[type=submit]");
    await page.waitForSelector("form[data-form=assign-phone]", { state: "detached" });
    await page.waitForFunction(
      (sel) => document.querySelector(`${sel} [data-lines]`)?.textContent === "301, 302",
      row,
    );
    expect(await page.textContent(`${row} [data-blf]`)).toBe("303");
    expect(await page.textContent(row)).toContain("op");

    const file = await fetch(`${url}cfgc074ad112233.xml`, {
      headers: { "User-Agent": "Grandstream GRP2612W 1.0.5.67" },
    });
    expect(file.status).toBe(200);
    const xml = await file.text();
    expect(xml).toContain("<P35>301</P35>");
    expect(xml).toContain("<P34>Pw-301-x</P34>");
    expect(xml).toContain("<P404>302</P404>");
    expect(xml).toContain("<P406>Pw-302-x</P406>");
    expect(xml).toContain("<P270>华联公司</P270>");
    expect(xml).toContain("<P301>1</P301>");
    expect(xml).toContain("<P302>经理</P302>");
    expect(xml).toContain("<P303>303</P303>");
  }, 60_000);
});
