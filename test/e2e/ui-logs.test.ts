// The system log page in Chromium against the real box: the admin reads the box's recent
// lines, turns the level up to debug on the page and sees what was quiet before (a malformed
// SIP message from a peer), filters by level, and downloads the log, which the box keeps on
// its data volume with no secret in it.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { boxApi, until } from "../support/box-api.ts";
import { launchBrowser, logIn, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { udpPeer } from "../support/raw-sip.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 30_000);

/** A request in SIP/3.0 from 127.0.0.5: the box answers 505 and logs it at debug level. */
async function sendMalformed(): Promise<void> {
  const peer = await udpPeer(pbx.ports.sip, "127.0.0.5");
  try {
    peer.send(
      [
        `OPTIONS sip:box@127.0.0.1:${pbx.ports.sip} SIP/3.0`,
        `Via: SIP/3.0/UDP 127.0.0.5:${peer.port};branch=z9hG4bK-log-${Date.now()}`,
        "From: <sip:probe@127.0.0.5>;tag=1",
        "To: <sip:box@127.0.0.1>",
        `Call-ID: log-${Date.now()}@127.0.0.5`,
        "CSeq: 1 OPTIONS",
        "Max-Forwards: 70",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    );
    await peer.expect(505, 5_000);
  } finally {
    peer.close();
  }
}

const rows = () => page.locator("table.log-lines tbody tr");

describe("the system log page", () => {
  test("shows the box's recent lines, newest first, in Chinese", async () => {
    await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
    await page.click('nav a[data-page="logs"]');
    await page.waitForSelector("main[data-view=logs] table.log-lines");
    expect(await page.textContent("main h1")).toBe("系统日志");
    const messages = await page.locator("table.log-lines .log-message").allTextContents();
    expect(messages).toContain("serving");
    expect(await page.locator("select[name=boxLevel]").inputValue()).toBe("info");
  }, 60_000);

  test("turned up to debug on the page, a malformed message from a peer shows up", async () => {
    await sendMalformed();
    await page.fill("input[name=q]", "127.0.0.5");
    await page.waitForSelector("main[data-view=logs] [data-empty]");

    await page.selectOption("select[name=boxLevel]", "debug");
    await until(
      async () => (await api("GET", "/logs/level")).json.level,
      (level) => level === "debug",
    );
    await sendMalformed();
    // Followed: the page reads the log again every 3 s by itself.
    const line = page.locator('tr[data-level="debug"]', { hasText: "dropped malformed message" });
    await line.first().waitFor({ timeout: 15_000 });
    expect(await line.first().textContent()).toContain("peer=127.0.0.5");
    expect(await line.first().locator("td").nth(1).textContent()).toBe("调试");

    // From warnings up, the debug line is gone.
    await page.selectOption("select[name=level]", "warn");
    await page.waitForSelector("main[data-view=logs] [data-empty]");
    expect(await rows().count()).toBe(0);
  }, 60_000);

  test("the download and the file on the data volume hold the lines, and no password", async () => {
    const download = page.waitForEvent("download");
    await page.click("[data-action=download-log]");
    const file = await (await download).path();
    const text = readFileSync(file!, "utf8");
    expect(text).toContain('"message":"serving"');
    expect(text).toContain('"message":"dropped malformed message"');
    expect(text).not.toContain(pbx.adminPassword);
    // The log survives a restart: it is on the data volume, written within a second.
    await until(
      async () => readFileSync(join(pbx.dataDir, "logs", "pbx.log"), "utf8"),
      (onDisk) => onDisk.includes("127.0.0.5"),
    );
  }, 60_000);

  test("an operator has no system log", async () => {
    const made = await api("POST", "/accounts", {
      username: "op-logs",
      password: "Operator-9!",
      role: "operator",
    });
    expect(made.status).toBe(201);
    await page.click("[data-action=logout]");
    await page.waitForSelector("form.login-card");
    await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "op-logs", "Operator-9!");
    expect(await page.locator('nav a[data-page="logs"]').count()).toBe(0);
    const res = await page.evaluate(async () => (await fetch("/api/v1/logs")).status);
    expect(res).toBe(403);
  }, 60_000);
});
