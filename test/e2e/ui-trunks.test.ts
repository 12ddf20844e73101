// SPEC ROUTE-1, ROUTE-2, STAT-3 end to end: in a real Chromium, the admin adds a register trunk
// (here to the box's own registrar, as one of its extensions) and two outbound routes, orders
// the trunks of a route and the routes themselves by drag and drop, and sees the trunk turn
// registered on the connection page without a reload. Screenshots go to test/output/.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, logIn, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let token: string;

const shot = (name: string) =>
  page.screenshot({ path: join(OUTPUT_DIR, `ui-${name}.png`), fullPage: true });
const open = async (id: string) => {
  await page.click(`nav a[data-page="${id}"]`);
  await page.waitForSelector(`main[data-view="${id}"]`);
};

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "en-US" })]);
  token = await pbx.adminToken();
  const ext = await pbx.api("/api/v1/extensions", {
    method: "POST",
    token,
    body: JSON.stringify({ number: "302", sipPassword: "Trunk-pw-302" }),
  });
  expect(ext.status).toBe(201);
  page = await browser.browser.newPage();
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 20_000);

describe("trunks and outbound routes in the web UI", () => {
  test("add a register trunk; a refused field is shown beside it", async () => {
    await open("trunks");
    await page.click("button[data-action=add-trunk]");
    const form = page.locator("form[data-form=trunk]");
    await form.locator("input[name=name]").fill("Loopback");
    await form.locator("input[name=host]").fill("127.0.0.1");
    await form.locator("input[name=port]").fill(String(pbx.ports.sip));
    await form.locator("input[name=username]").fill("302");
    await form.locator("button[type=submit]").click();
    // No password: the box says so beside the field.
    await form.locator("[data-field=password] .field-error").waitFor();
    await form.locator("input[name=password]").fill("Trunk-pw-302");
    await form.locator("button[type=submit]").click();
    await page.waitForSelector("tr[data-item=Loopback]");
    const row = await page.textContent("tr[data-item=Loopback]");
    expect(row).toContain(`127.0.0.1:${pbx.ports.sip}`);
    await shot("trunks");
  }, 30_000);

  test("add two outbound routes, order a route's trunks and the routes by drag", async () => {
    // A second trunk to order against the first.
    await pbx.api("/api/v1/trunks", {
      method: "POST",
      token,
      body: JSON.stringify({ name: "Branch", kind: "peer", host: "192.0.2.50" }),
    });
    await open("outbound-routes");
    for (const [name, pattern] of [
      ["Local", "NXXXXXXX"],
      ["Mobile", "1[3-9]XXXXXXXXX"],
    ] as const) {
      await page.click("button[data-action=add-outbound-route]");
      const form = page.locator("form[data-form=outbound-route]");
      await form.locator("input[name=name]").fill(name);
      await form.locator("textarea[name=patterns]").fill(pattern);
      // Both trunks into use (click), then Loopback dragged above Branch.
      await form.locator(".codec-unused [data-codec=Branch]").click();
      await form.locator(".codec-unused [data-codec=Loopback]").click();
      await form.locator("li[data-codec=Loopback]").dragTo(form.locator("li[data-codec=Branch]"));
      await form.locator("button[type=submit]").click();
      await page.waitForSelector(`tr[data-item=${name}]`);
    }
    await page.locator("tr[data-item=Mobile]").dragTo(page.locator("tr[data-item=Local]"));
    await page.waitForFunction(
      () => document.querySelector("tbody tr")?.getAttribute("data-item") === "Mobile",
    );
    await shot("outbound-routes");
    const res = await pbx.api("/api/v1/outbound-routes", { token });
    const { items } = (await res.json()) as {
      items: { name: string; trunks: string[]; prefix: string }[];
    };
    expect(items.map((r) => r.name)).toEqual(["Mobile", "Local"]);
    expect(items[0]).toMatchObject({ prefix: "9", trunks: ["Loopback", "Branch"] });
  }, 30_000);

  test("the connection page shows the trunk registered, live", async () => {
    await open("connections");
    await page.waitForSelector("[data-trunk=Loopback][data-state=registered]", { timeout: 15_000 });
    expect(await page.textContent("[data-trunk=Loopback]")).toContain("Registered");
    expect(await page.getAttribute("[data-trunk=Branch]", "data-state")).toBe("peer");
    await shot("connections-trunks");
    // Live: disabling the trunk from the API un-registers it; the tile follows without a reload.
    const { items } = (await (await pbx.api("/api/v1/trunks", { token })).json()) as {
      items: { id: number; name: string }[];
    };
    const id = items.find((t) => t.name === "Loopback")!.id;
    await pbx.api(`/api/v1/trunks/${id}`, {
      method: "PATCH",
      token,
      body: JSON.stringify({ enabled: false }),
    });
    await page.waitForSelector("[data-trunk=Loopback][data-state=stopped]", { timeout: 15_000 });
  }, 40_000);

  test("the admin edits the emergency numbers on the dial permissions page", async () => {
    await open("dial-permissions");
    const form = page.locator("form[data-section=emergency-numbers]");
    const field = form.locator("input[name=numbers]");
    await page.waitForFunction(
      () =>
        (
          document.querySelector(
            "form[data-section=emergency-numbers] input[name=numbers]",
          ) as HTMLInputElement | null
        )?.value === "110 119 120 122 112",
    );
    // A number that is not digits is refused beside the field; nothing is stored.
    await field.fill("110 119 12a");
    await form.locator("button[type=submit]").click();
    await form.locator("[data-field=numbers] .field-error").waitFor();
    await field.fill("110 119 120 122 112 88110");
    await form.locator("button[type=submit]").click();
    await form.locator(".note").waitFor();
    const stored = (await (
      await pbx.api("/api/v1/dial-permissions/emergency-numbers", { token })
    ).json()) as { numbers: string[] };
    expect(stored.numbers).toEqual(["110", "119", "120", "122", "112", "88110"]);
    await shot("dial-permissions-emergency");
  }, 30_000);
});
