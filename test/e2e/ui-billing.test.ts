// SPEC BILL-1..5, BILL-8 end to end in a real Chromium: the admin creates a billing account;
// the billing user logs in, lands on the billing extensions, tops up one extension (the
// balance and the top-up record show it), adds the manual's rate rule and uses the rule
// tester: which rule rates a number, why the other does not, and what a call costs; edits two
// extensions at once and imports a carrier's rate table of 4,892 prefixes.
// Screenshots go to test/output/.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { a2billingPrefixes } from "../../firmware/billing/rate-rule.fixture.ts";
import { RATE_CSV_HEADER } from "../../firmware/billing/rate-rule-service.ts";
import { launchBrowser, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;

const shot = (name: string) =>
  page.screenshot({ path: join(OUTPUT_DIR, `ui-billing-${name}.png`), fullPage: true });
const open = async (id: string) => {
  await page.click(`nav a[data-page="${id}"]`);
  await page.waitForSelector(`main[data-view="${id}"]`);
};

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "en-US" })]);
  const token = await pbx.adminToken();
  const post = (path: string, body: unknown) =>
    pbx.api(path, { method: "POST", token, body: JSON.stringify(body) });
  expect((await post("/api/v1/extensions", { number: "401", displayName: "Alice" })).status).toBe(
    201,
  );
  expect((await post("/api/v1/extensions", { number: "402", displayName: "Bob" })).status).toBe(
    201,
  );
  const account = await post("/api/v1/accounts", {
    username: "books",
    password: "Billing-pw-1",
    role: "billing",
  });
  expect(account.status).toBe(201);
  page = await browser.browser.newPage();
  await page.goto(`https://127.0.0.1:${pbx.ports.https}/`);
  await page.fill("input[name=username]", "books");
  await page.fill("input[name=password]", "Billing-pw-1");
  await page.click("button[type=submit]");
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 20_000);

describe("the billing user's pages", () => {
  test("lands on the billing extensions and tops one up", async () => {
    await page.waitForSelector('tr[data-billing-extension="401"]');
    expect(
      await page
        .locator("nav a[data-page]")
        .evaluateAll((links) => links.map((a) => a.getAttribute("data-page"))),
    ).toEqual([
      "billing",
      "billing-rates",
      "billing-top-ups",
      "billing-calls",
      "billing-statistics",
      "billing-rate-test",
      "billing-settings",
    ]);
    await page.click('tr[data-billing-extension="401"] [data-action=top-up]');
    const form = page.locator("form[data-form=top-up]");
    await form.locator("input[name=amountMinor]").fill("0.001");
    await form.locator("button[type=submit]").click();
    // Three decimals in yuan: refused beside the field, nothing topped up.
    await form.locator("[data-field=amountMinor] .field-error").waitFor();
    await form.locator("input[name=amountMinor]").fill("50.5");
    await form.locator("button[type=submit]").click();
    await page.waitForSelector("[data-note]");
    await page.waitForFunction(
      () =>
        document.querySelector('tr[data-billing-extension="401"] [data-balance]')?.textContent ===
        "50.50",
    );
    expect(await page.textContent('tr[data-billing-extension="402"] [data-balance]')).toBe("0.00");
    await shot("extensions");

    await open("billing-top-ups");
    await page.waitForSelector('tr[data-top-up="401"]');
    expect(await page.textContent('tr[data-top-up="401"]')).toContain("50.50");
    const account = await (
      await pbx.api("/api/v1/billing/extensions/401", {
        token: await loginToken(),
      })
    ).json();
    expect(account).toMatchObject({ balanceMinor: 5050, totalTopUpMinor: 5050 });
  }, 30_000);

  test("adds the manual's rate and the rule tester explains the rating", async () => {
    await open("billing-rates");
    await page.click("button[data-action=add-rate]");
    const form = page.locator("form[data-form=rate]");
    await form.locator("input[name=remark]").fill("mobile");
    await form.locator("input[name=prefix]").fill("9");
    await form.locator("input[name=numberLength]").fill("12");
    await form.locator("input[name=initialFeeMinor]").fill("0.20");
    await form.locator("input[name=initialTimeS]").fill("60");
    await form.locator("input[name=rateMinor]").fill("0.10");
    await form.locator("input[name=periodS]").fill("55");
    await form.locator("button[type=submit]").click();
    await page.waitForSelector("tr[data-item]");
    await page.click("button[data-action=add-rate]");
    await form.locator("input[name=remark]").fill("any");
    await form.locator("input[name=prefix]").fill("9");
    await form.locator("input[name=rateMinor]").fill("0.05");
    await form.locator("button[type=submit]").click();
    await page.waitForFunction(() => document.querySelectorAll("tr[data-item]").length === 2);
    await shot("rates");

    await open("billing-rate-test");
    const test = page.locator("form[data-form=rate-test]");
    await test.locator("input[name=number]").fill("913812345678");
    await test.locator("input[name=extension]").fill("401");
    await test.locator("input[name=time]").fill("10:30");
    await test.locator("input[name=talkSeconds]").fill("116");
    await test.locator("button[type=submit]").click();
    await page.waitForSelector("[data-test-result]");
    expect(await page.textContent("[data-matched]")).toContain("mobile");
    // 0.20 for the first minute, then two started 55 s periods at 0.10.
    expect(await page.textContent("[data-total]")).toBe("0.40 CNY");
    expect(await page.textContent("[data-rejected] [data-reason=exact-length]")).toContain("any");
    await shot("rate-test");
  }, 30_000);

  test("edits two extensions at once: billing on, postpaid, a credit of 50.00", async () => {
    await open("billing");
    await page.check('tr[data-billing-extension="401"] td.pick input');
    await page.check('tr[data-billing-extension="402"] td.pick input');
    await page.click("button[data-action=edit-checked]");
    const form = page.locator("form[data-form=billing-account]");
    await form.locator("select[name=billingEnabled]").selectOption("on");
    await form.locator("select[name=paymentMethod]").selectOption("postpaid");
    await form.locator("input[name=creditLimitMinor]").fill("50.00");
    await form.locator("button[type=submit]").click();
    await page.waitForSelector("form[data-form=billing-account]", { state: "detached" });
    // The list is read again after the save.
    await page.waitForFunction(() =>
      ["401", "402"].every((n) =>
        document.querySelector(`tr[data-billing-extension="${n}"]`)?.textContent?.includes("50.00"),
      ),
    );
    for (const number of ["401", "402"]) {
      const row = await page.textContent(`tr[data-billing-extension="${number}"]`);
      expect(row).toContain("50.00");
      expect(row).toContain("Postpaid");
    }
  }, 30_000);

  test("imports a carrier's rate table of 4,892 prefixes as CSV, then the Excel export over it", async () => {
    await open("billing-rates");
    const rows = a2billingPrefixes().map(([prefix, destination]) =>
      [
        "1",
        `"${destination.replaceAll('"', '""')}"`,
        prefix,
        "0",
        "0",
        "0",
        "0.12",
        "60",
        "00:00",
        "00:00",
        "",
      ].join(","),
    );
    const csv = `${RATE_CSV_HEADER.join(",")}\n${rows.join("\n")}\n`;
    await page.check(".rate-files input[type=checkbox]");
    await page.setInputFiles("input[data-action=import-rates]", {
      name: "carrier.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    await page.waitForSelector("[data-view-part=rates] p.note");
    expect(await page.textContent("[data-view-part=rates] p.note")).toContain(String(rows.length));
    const token = await loginToken();
    const listed = await pbx.api("/api/v1/billing/rates", { token });
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(rows.length);
    // The export as Excel, imported back over the table: the same rules.
    const xlsx = await pbx.api("/api/v1/billing/rates/export.xlsx", { token });
    await page.setInputFiles("input[data-action=import-rates]", {
      name: "rates.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from(await xlsx.arrayBuffer()),
    });
    await page.waitForFunction(
      (n) => document.querySelector("[data-view-part=rates] p.note")?.textContent?.includes(n),
      String(rows.length),
    );
    const again = await pbx.api("/api/v1/billing/rates", { token });
    expect(((await again.json()) as { items: unknown[] }).items).toHaveLength(rows.length);
  }, 60_000);
});

async function loginToken(): Promise<string> {
  const res = await pbx.api("/api/v1/auth/login", {
    method: "POST",
    body: JSON.stringify({ username: "books", password: "Billing-pw-1" }),
  });
  return ((await res.json()) as { token: string }).token;
}
