// SPEC WEB-1, WEB-3, STAT-1, STAT-2 end to end in Chromium: the admin manages accounts in the
// UI (create an operator, the last admin refused, reset shown once, disable), the operator
// logs in without the accounts menu and changes its own password; then one call between two
// real softphones colours the connection page ringing and busy live and shows on the status
// page's chart, and a USB stick inserted on the simulated board appears there.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { type Baresip, startBaresip } from "../support/baresip.ts";
import { launchBrowser, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let token: string;
let base: string;

const shot = (name: string) =>
  page.screenshot({ path: join(OUTPUT_DIR, `ui-${name}.png`), fullPage: true });
const open = async (id: string) => {
  await page.click(`nav a[data-page="${id}"]`);
  await page.waitForSelector(`main[data-view="${id}"]`);
};
const login = async (username: string, password: string) => {
  await page.waitForSelector("form.login-card");
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
};
const logout = async () => {
  await page.click("[data-action=logout]");
  await page.waitForSelector("form.login-card");
};

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "en-US" })]);
  token = await pbx.adminToken();
  base = `https://127.0.0.1:${pbx.ports.https}/`;
  page = await browser.browser.newPage();
  // confirm() before a reset or delete is answered yes.
  page.on("dialog", (dialog) => void dialog.accept());
  // Each step above waits for a condition (health answered, browser up); this bounds them all.
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 20_000);

describe("accounts and own password in the UI", () => {
  let operatorPassword = "";

  test("the admin creates an operator; the last admin cannot be disabled or deleted", async () => {
    await page.goto(base);
    await login("admin", pbx.adminPassword);
    await page.waitForSelector("nav");
    await open("accounts");
    await page.waitForSelector('tr[data-account="admin"]');

    await page.click("[data-action=add-account]");
    await page.fill(".dialog input[name=username]", "op2");
    await page.fill(".dialog input[name=password]", "short");
    await page.selectOption(".dialog select[name=role]", "operator");
    await page.click(".dialog button[type=submit]");
    await page.waitForSelector(".dialog [data-field=password] .field-error");
    await page.fill(".dialog input[name=password]", "Operator-2!");
    await page.click(".dialog button[type=submit]");
    await page.waitForSelector('tr[data-account="op2"]');
    expect(await page.textContent('tr[data-account="op2"]')).toContain("Operator");

    await page.click('tr[data-account="admin"] [data-action=toggle]');
    await page.waitForSelector("[data-error=accounts]");
    expect(await page.textContent("[data-error=accounts]")).toContain(
      "at least one enabled administrator",
    );
    await page.click('tr[data-account="admin"] [data-action=delete]');
    await page.waitForSelector("[data-error=accounts]");
    expect(await page.getAttribute('tr[data-account="admin"]', "data-disabled")).toBe("false");
    await shot("accounts");
  });

  test("reset shows the new password once; disable and enable", async () => {
    await page.click('tr[data-account="op2"] [data-action=reset]');
    await page.waitForSelector("[data-new-password]");
    operatorPassword = (await page.textContent("[data-new-password]")) ?? "";
    expect(operatorPassword).toHaveLength(16);
    await shot("accounts-reset");
    await page.click(".dialog .buttons button");
    await page.waitForSelector("[data-new-password]", { state: "detached" });

    await page.click('tr[data-account="op2"] [data-action=toggle]');
    await page.waitForSelector('tr[data-account="op2"][data-disabled="true"]');
    await page.click('tr[data-account="op2"] [data-action=toggle]');
    await page.waitForSelector('tr[data-account="op2"][data-disabled="false"]');
  });

  test("the operator has no accounts menu and changes its own password", async () => {
    await logout();
    await login("op2", operatorPassword);
    await page.waitForSelector("nav");
    expect(await page.locator("nav a[data-page=accounts]").count()).toBe(0);
    expect(await page.locator("nav a[data-page=status]").count()).toBe(1);

    await page.click("[data-action=password]");
    await page.waitForSelector("main[data-view=password]");
    await page.fill("input[name=currentPassword]", "not the password");
    await page.fill("input[name=newPassword]", "New-Operator-2!");
    await page.fill("input[name=repeat]", "New-Operator-2!");
    await page.click("form[data-form=password] button[type=submit]");
    await page.waitForSelector("[data-field=currentPassword] .field-error");

    await page.fill("input[name=currentPassword]", operatorPassword);
    await page.click("form[data-form=password] button[type=submit]");
    await page.waitForSelector("[data-saved=password]");
    await shot("password");
    // The fresh session keeps working after the change (new CSRF token).
    await open("status");
    await page.waitForSelector("section[data-ready]");

    await logout();
    await login("op2", operatorPassword);
    await page.waitForSelector(".form-error");
    await login("op2", "New-Operator-2!");
    await page.waitForSelector("nav");
  });
});

describe("a call between two softphones on the status pages", () => {
  const phones: Baresip[] = [];
  const silence = join(tmpdir(), `silence-${crypto.randomUUID()}.wav`);
  afterAll(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    rmSync(silence, { force: true });
  });

  test("the connection page shows ringing then busy live; the chart counts the call", async () => {
    await pbx.api("/api/v1/extensions/bulk", {
      method: "POST",
      token,
      body: JSON.stringify({ startNumber: "401", count: 2 }),
    });
    writeFileSync(silence, silentWav(4));
    for (const number of ["401", "402"]) {
      const res = await pbx.api(`/api/v1/extensions/${number}/secrets`, { token });
      const { sipPassword } = (await res.json()) as { sipPassword: string };
      phones.push(
        await startBaresip({
          extension: number,
          password: sipPassword,
          pbxPort: pbx.ports.sip,
          sourceWav: silence,
        }),
      );
    }
    const [caller, callee] = phones as [Baresip, Baresip];

    await open("connections");
    await page.waitForSelector('[data-live="true"]');
    await page.waitForSelector('[data-extension="401"][data-state="online"]', { timeout: 10_000 });
    await page.waitForSelector('[data-extension="402"][data-state="online"]', { timeout: 10_000 });

    await caller.command("dial", `sip:402@127.0.0.1:${pbx.ports.sip}`);
    await page.waitForSelector('[data-extension="402"][data-state="ringing"]', { timeout: 10_000 });
    await page.waitForSelector('[data-extension="401"][data-state="busy"]');
    await page.waitForTimeout(400); // the colour fades in
    await shot("connections-ringing");

    await callee.waitFor(/Incoming call|ringing/i);
    await callee.command("accept");
    await page.waitForSelector('[data-extension="402"][data-state="busy"]', { timeout: 10_000 });
    await page.waitForTimeout(400);
    await shot("connections-busy");

    // A USB stick on the simulated board shows on the status page with the call.
    await pbx.api("/api/v1/sim/usb", {
      method: "POST",
      token,
      body: JSON.stringify({ inserted: true }),
    });
    await open("status");
    await page.waitForFunction(
      () => (document.querySelector("svg.chart")?.getAttribute("data-samples") ?? "").includes("1"),
      undefined,
      { timeout: 5000 },
    );
    expect(await page.textContent("[data-stat=usb]")).toContain("sda1");
    await shot("status-call");

    await caller.command("hangup");
    await open("connections");
    await page.waitForSelector('[data-extension="401"][data-state="online"]', { timeout: 10_000 });
    await page.waitForSelector('[data-extension="402"][data-state="online"]', { timeout: 10_000 });
  }, 40_000);
});

/** A 16-bit mono 8 kHz WAV of silence (RIFF/WAVE, PCM). */
function silentWav(seconds: number): Uint8Array {
  const dataBytes = seconds * 8000 * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  text(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 16000, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, dataBytes, true);
  return out;
}
