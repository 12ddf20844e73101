// SPEC WEB-3, WEB-4, EXT-2, EXT-4 on a phone: a real Chromium 390 px wide drives the box's UI
// served by the real program. No page scrolls sideways; the menu folds behind its button and
// follows the manual's headings; a refused save is said beside Save and its field scrolled to;
// Save shows it is working; mailing QR codes says per extension why one was not sent; the
// extension list sorts, pages, selects many for bulk edit and bulk delete, and shows where a
// real softphone registered from and its model.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { startBaresip } from "../support/baresip.ts";
import { launchBrowser, logIn, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.ts";

const PHONE = { width: 390, height: 844 };
const PASSWORD = "Ph0ne-pass!";

let pbx: RunningPbx;
let smtp: TestSmtpServer;
let browser: TestBrowser;
let page: Page;
let token: string;

const shot = (name: string, fullPage = true) =>
  page.screenshot({ path: join(OUTPUT_DIR, `ui-phone-${name}.png`), fullPage });
const api = async <T>(path: string, method = "GET", body?: unknown): Promise<T> => {
  const res = await pbx.api(path, {
    method,
    token,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
};
/** Opens a page through the folded menu, as a phone user would. */
const open = async (id: string) => {
  await page.click("[data-action=menu]");
  await page.click(`nav a[data-page="${id}"]`);
  await page.waitForSelector(`main[data-view="${id}"]`);
};
const pageWidth = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
const rowNumbers = () =>
  page.locator("tr[data-extension]").evaluateAll((rows) => rows.map((r) => r.dataset.extension));

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "en-US" })]);
  smtp = startSmtpServer({ refuse: /^nobody@/ });
  token = await pbx.adminToken();
  await api("/api/v1/extensions/bulk", "POST", {
    startNumber: "300",
    count: 12,
    sipPassword: PASSWORD,
  });
  const names = ["Walter", "Anna", "Xu Ming", "Carl", "Bea", "Li Lei"];
  for (const [i, displayName] of names.entries()) {
    await api(`/api/v1/extensions/30${i}`, "PATCH", { displayName });
  }
  await api("/api/v1/extensions/300", "PATCH", { email: "walter@example.com" });
  await api("/api/v1/extensions/301", "PATCH", { email: "nobody@example.com" });
  page = await browser.browser.newPage();
  await page.setViewportSize(PHONE);
  page.on("dialog", (dialog) => void dialog.accept());
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  smtp?.stop();
  await pbx?.stop();
}, 20_000);

describe("the web UI at 390 px", () => {
  test("the menu is folded behind its button and follows the manual's headings", async () => {
    expect(await page.isVisible("nav a[data-page=extensions]")).toBe(false);
    await page.click("[data-action=menu]");
    expect(await page.isVisible("nav a[data-page=extensions]")).toBe(true);
    expect(await page.locator("nav .menu-group").allTextContents()).toEqual([
      "Status",
      "Phone",
      "Reports",
      "System",
      "Billing",
    ]);
    expect(await page.locator("nav .menu-sub").allTextContents()).toEqual([
      "Extensions",
      "Advanced functions",
      "Trunks and routes",
      "Voice files",
    ]);
    expect(
      await page
        .locator("nav a[data-page]")
        .evaluateAll((links) => links.map((a) => a.getAttribute("data-page"))),
    ).toEqual([
      "status",
      "connections",
      "departments",
      "extensions",
      "analog",
      "phones",
      "feature-codes",
      "contacts",
      "call-forwards",
      "blacklist",
      "conference-rooms",
      "voicemail",
      "follow-me",
      "wakeup-calls",
      "paging-groups",
      "queues",
      "trunks",
      "outbound-routes",
      "inbound-routes",
      "ivrs",
      "time-conditions",
      "dial-permissions",
      "moh",
      "prompts",
      "call-records",
      "recordings",
      "settings",
      "accounts",
      "backup",
      "logs",
      "firmware",
      "billing",
      "billing-rates",
      "billing-top-ups",
      "billing-calls",
      "billing-statistics",
      "billing-rate-test",
      "billing-settings",
    ]);
    await shot("menu");
    await page.click("[data-action=menu]");
    expect(await page.isVisible("nav a[data-page=extensions]")).toBe(false);
  }, 30_000);

  test("no page scrolls sideways", async () => {
    const ready: Record<string, string> = {
      status: "section[data-ready]",
      connections: "[data-extension]",
      departments: "[data-action=add-department]",
      extensions: "tr[data-extension]",
      analog: "main[data-view=analog] h1",
      "feature-codes": "tr[data-feature]",
      contacts: "[data-view-part=contacts]",
      "call-forwards": "form[data-form=add-forward]",
      blacklist: "form[data-form=blacklist-add]",
      "conference-rooms": 'tr[data-item="91"]',
      phones: "[data-form=pnp]",
      trunks: "section[data-resource=trunk]",
      "outbound-routes": "section[data-resource=outbound-route]",
      "inbound-routes": "section[data-resource=inbound-route]",
      ivrs: "section[data-resource=ivr]",
      "time-conditions": "section[data-resource=time-condition]",
      "dial-permissions": "section[data-resource=dial-permission]",
      settings: "[data-section=network]",
      accounts: "tr[data-account]",
      backup: "form[data-form=restore]",
      logs: "main[data-view=logs] section[data-ready]",
      firmware: "main[data-view=firmware] table[data-section=slots]",
      moh: 'tr[data-class="default"]',
      prompts: 'section[data-loaded="true"]',
      "call-records": "main[data-view=call-records] section[data-shown-query]",
      recordings: "main[data-view=recordings] section[data-shown-query]",
      billing: "tr[data-billing-extension]",
      "billing-rates": "[data-action=add-rate]",
      "billing-top-ups": "main[data-view=billing-top-ups] h1",
      "billing-calls": "main[data-view=billing-calls] section[data-shown-query]",
      "billing-statistics": "svg[data-chart=statistics]",
      "billing-rate-test": "form[data-form=rate-test]",
      "billing-settings": "form[data-form=billing-settings]",
    };
    const widths: Record<string, number> = {};
    for (const [id, selector] of Object.entries(ready)) {
      await open(id);
      await page.waitForSelector(selector);
      widths[id] = await pageWidth();
    }
    await page.click("[data-action=password]");
    await page.waitForSelector("form[data-form=password]");
    widths.password = await pageWidth();
    await open("extensions");
    await page.click('tr[data-extension="300"] [data-action=edit]');
    await page.waitForSelector("form[data-form=extension]");
    widths["extension dialog"] = await pageWidth();
    await page.keyboard.press("Escape");
    expect(Object.keys(widths)).toHaveLength(35);
    expect(Object.entries(widths).filter(([, width]) => width > PHONE.width)).toEqual([]);
  }, 60_000);

  test("a refused save is said beside Save and its field is scrolled to; Save shows it works", async () => {
    await open("extensions");
    await page.click('tr[data-extension="302"] [data-action=edit]');
    const form = page.locator("form[data-form=extension]");
    await form.locator("input[name=voicemailPin]").fill("12ab");
    // Hold the answer back a little so the working state can be seen.
    await page.route("**/api/v1/extensions/302", async (route) => {
      await Bun.sleep(400);
      await route.continue();
    });
    const save = form.locator("button[type=submit]");
    await save.scrollIntoViewIfNeeded();
    await save.click();
    await page.waitForSelector("form[data-form=extension] button[type=submit][data-busy=true]");
    expect(await save.isDisabled()).toBe(true);
    expect(await save.textContent()).toBe("Saving…");
    const beside = form.locator(".buttons [data-save-refusal]");
    await beside.waitFor();
    expect(await beside.textContent()).toContain("Voicemail PIN");
    expect(await beside.textContent()).toContain("4-8 digits");
    expect(await save.isDisabled()).toBe(false);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe(
      "voicemailPin",
    );
    // The refused field and the message beside Save are both in sight inside the dialog.
    const inView = await page.evaluate(() => {
      const body = document.querySelector(".dialog-body")!.getBoundingClientRect();
      const seen = (selector: string) => {
        const r = document.querySelector(selector)!.getBoundingClientRect();
        return r.top >= body.top && r.bottom <= body.bottom;
      };
      return [seen("[data-field=voicemailPin]"), seen("[data-save-refusal]")];
    });
    expect(inView).toEqual([true, true]);
    await shot("save-refused", false);
    await page.unroute("**/api/v1/extensions/302");
    await form.locator("input[name=voicemailPin]").fill("2468");
    await save.click();
    await form.waitFor({ state: "detached" });
    expect(
      (await api<{ voicemailPin: string }>("/api/v1/extensions/302/secrets")).voicemailPin,
    ).toBe("2468");
  }, 30_000);

  test("the no-answer destination and the time zone are picked from lists, with ranges hinted", async () => {
    await open("departments");
    await page.click("[data-action=add-department]");
    const dept = page.locator("form[data-form=department]");
    expect(await dept.locator("[data-field=number] .field-hint").textContent()).toBe(
      "2-8 digits, not starting with 0",
    );
    await dept.locator("input[name=name]").fill("Sales");
    await dept.locator("input[name=number]").fill("600");
    const destinations = await dept
      .locator("select[name=noAnswerDestination] option")
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(destinations).toContain("hangup");
    expect(destinations).toContain("extension:301");
    expect(destinations).toContain("voicemail:301");
    await dept.locator("select[name=noAnswerDestination]").selectOption("voicemail:301");
    await dept.locator("button[type=submit]").click();
    await page.waitForSelector('tr[data-department="600"]');
    const { items } = await api<{ items: { noAnswerDestination: string }[] }>(
      "/api/v1/departments",
    );
    expect(items.map((d) => d.noAnswerDestination)).toEqual(["voicemail:301"]);

    await open("settings");
    const general = page.locator("form[data-section=general]");
    await general.locator("select[name=timeZone]").selectOption("Europe/Berlin");
    await general.locator("button[type=submit]").click();
    await general.locator(".note").waitFor();
    expect(await api<{ timeZone: string }>("/api/v1/settings")).toMatchObject({
      timeZone: "Europe/Berlin",
    });
    expect(await page.textContent("form[data-section=smtp] [data-field=port] .field-hint")).toBe(
      "1 to 65535",
    );
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
    await open("extensions");
  }, 30_000);

  test("mailing QR codes says per extension why one was not sent", async () => {
    for (const n of ["300", "301", "302"]) {
      await page.check(`tr[data-extension="${n}"] td.pick input`);
    }
    expect(await page.textContent("[data-selected-count]")).toBe("3 selected");
    await page.click("[data-action=mail-checked]");
    await page.waitForSelector("[data-mail-results]");
    const reason = (n: string) => page.getAttribute(`li[data-mail="${n}"]`, "data-reason");
    expect([await reason("300"), await reason("301"), await reason("302")]).toEqual([
      "no_smtp",
      "no_smtp",
      "no_email",
    ]);
    expect(await page.textContent('li[data-mail="300"]')).toContain("no mail server (SMTP)");
    expect(await page.textContent('li[data-mail="302"]')).toContain("no email address");
    expect(await page.textContent("[data-mail-results]")).toContain("0 of 3");

    await api("/api/v1/settings/smtp", "PUT", {
      host: "127.0.0.1",
      port: smtp.port,
      security: "none",
      from: "pbx@example.com",
    });
    await page.click("[data-action=mail-checked]");
    await page.waitForSelector('li[data-mail="300"][data-reason="sent"]');
    expect(await reason("301")).toBe("smtp_refused");
    expect(await page.textContent('li[data-mail="301"]')).toContain("550 5.1.1");
    expect(await reason("302")).toBe("no_email");
    expect((await smtp.waitForMails(1)).map((m) => m.to)).toEqual([["walter@example.com"]]);
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
    await shot("mail-results");
    await page.click("[data-action=clear-selection]");
  }, 30_000);

  test("sort by a column, choose the page size, select a page, bulk edit and bulk delete", async () => {
    await page.selectOption("select[name=pageSize]", "10");
    await page.waitForFunction(() => document.querySelectorAll("tr[data-extension]").length === 10);
    expect(await page.textContent("[data-range]")).toBe("1–10 of 12");
    await page.click("button[data-sort=displayName]");
    await page.waitForFunction(
      () => document.querySelector("tr[data-extension]")?.getAttribute("data-extension") === "301",
    );
    expect((await rowNumbers()).slice(0, 6)).toEqual(["301", "304", "303", "305", "300", "302"]);
    await page.click("button[data-sort=displayName]");
    await page.waitForFunction(
      () => document.querySelector("tr[data-extension]")?.getAttribute("data-extension") === "302",
    );
    expect((await rowNumbers()).slice(0, 6)).toEqual(["302", "300", "305", "303", "304", "301"]);
    expect(await page.getAttribute("th[aria-sort]", "aria-sort")).toBe("descending");

    await page.check("[data-action=select-page]");
    expect(await page.textContent("[data-selected-count]")).toBe("10 selected");
    await page.click("[data-action=clear-selection]");

    await page.check('tr[data-extension="306"] td.pick input');
    await page.check('tr[data-extension="307"] td.pick input');
    await page.click("[data-action=bulk-edit]");
    const edit = page.locator("form[data-form=bulk-edit]");
    await edit.locator("select[name=recording]").selectOption("all");
    await edit.locator("select[name=dialPermission]").selectOption("internal");
    await edit.locator("button[type=submit]").click();
    await edit.waitFor({ state: "detached" });
    expect(await page.textContent("p.note")).toBe("2 extensions changed");
    for (const n of ["306", "307"]) {
      expect(await api(`/api/v1/extensions/${n}`)).toMatchObject({
        recording: "all",
        dialPermission: "internal",
      });
    }
    expect(await api(`/api/v1/extensions/308`)).toMatchObject({ recording: "none" });

    await page.click("[data-action=bulk-delete]");
    await page.waitForSelector("p.note:text('2 extensions deleted')");
    expect(await page.textContent("[data-range]")).toBe("1–10 of 10");
    const gone = await pbx.api("/api/v1/extensions/307", { token });
    expect(gone.status).toBe(404);
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
  }, 30_000);

  test("the list shows where a softphone registered from and its model", async () => {
    const phone = await startBaresip({
      extension: "305",
      password: PASSWORD,
      pbxPort: pbx.ports.sip,
    });
    try {
      let registration: { source: string; userAgent: string } | undefined;
      for (let i = 0; i < 100 && !registration; i++) {
        const { items } = await api<{ items: { source: string; userAgent: string }[] }>(
          "/api/v1/registrations?extension=305",
        );
        registration = items[0];
        if (!registration) await Bun.sleep(100);
      }
      expect(registration?.source).toBe(`127.0.0.1:${phone.sipPort}`);
      await open("status");
      await open("extensions");
      const row = page.locator('tr[data-extension="305"]');
      await row.waitFor();
      expect(await row.locator("td[data-address]").textContent()).toBe(
        `127.0.0.1:${phone.sipPort}`,
      );
      const model = await row.locator("td[data-model]").textContent();
      expect(model?.toLowerCase()).toStartWith("baresip");
      expect(registration!.userAgent.startsWith(model!)).toBe(true);
      expect(await row.locator("td[data-model] div").getAttribute("title")).toBe(
        registration!.userAgent,
      );
      expect(await page.textContent('tr[data-extension="304"] td[data-address]')).toBe(
        "Not registered",
      );
      expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
      await shot("extensions");
    } finally {
      await phone.stop();
    }
  }, 30_000);
});
