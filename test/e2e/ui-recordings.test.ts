// SPEC REP-2..4 end to end: in a real Chromium, in Chinese, the operator opens 报告 -> 通话录音,
// searches the box's recordings, plays one in the page (the audio element decodes the WAV the
// box serves: its length is the recording's), downloads it and deletes another after
// confirming. Extension 301, logged in with its number and SIP password, finds the page under
// 报告 too and sees only the recordings it took part in, with no delete button. The recordings
// are rows of the box's own SQLite file and WAV files in its recordings folder, as the
// recorder leaves them.

import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { boxApi } from "../support/box-api.ts";
import {
  audioSeconds,
  launchBrowser,
  logIn,
  OUTPUT_DIR,
  type TestBrowser,
} from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { writeToneWav } from "../support/tone-audio.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;

const T0 = Date.parse("2026-03-02T09:30:00Z");

/** Recordings as the store writes them: [kind, direction, extensions, peer, seconds]. */
const RECORDINGS = [
  ["call", "outbound", ["301"], "913800138000", 3],
  ["call", "inbound", ["302"], "8001", 2],
  ["one-touch", "internal", ["301", "302"], "", 2],
] as const;

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  for (const number of ["301", "302"])
    expect(
      (
        await api("POST", "/extensions", {
          number,
          sipPassword: `Web-${number}-pass`,
          webLogin: true,
        })
      ).status,
    ).toBe(201);
  const operator = { username: "desk", password: "Desk-password-1", role: "operator" };
  expect((await api("POST", "/accounts", operator)).status).toBe(201);

  const folder = join(pbx.dataDir, "recordings", "seeded");
  mkdirSync(folder, { recursive: true });
  const db = new Database(join(pbx.dataDir, "pbx.db"));
  const insert = db.prepare(
    `INSERT INTO recordings (kind, direction, peer_number, started_at, duration_ms, bytes, volume, path)
     VALUES (?, ?, ?, ?, ?, ?, 'data', ?) RETURNING id`,
  );
  const took = db.prepare(
    "INSERT INTO recording_extensions (recording_id, extension) VALUES (?, ?)",
  );
  for (const [i, [kind, direction, extensions, peer, seconds]] of RECORDINGS.entries()) {
    const file = join(folder, `${i}.wav`);
    await writeToneWav(file, 600 + 200 * i, seconds);
    const at = T0 + i * 60_000;
    const row = insert.get(
      kind,
      direction,
      peer,
      at,
      seconds * 1000,
      statSync(file).size,
      `seeded/${i}.wav`,
    ) as { id: number };
    for (const extension of extensions) took.run(row.id, extension);
  }
  db.close();

  page = await browser.browser.newPage();
  await login("desk", "Desk-password-1");
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 20_000);

/** Logs in and waits for the role's home page: the status page, or the extension's own. */
async function login(username: string, password: string, home = "status") {
  await browser.browser.clearCookies();
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, username, password, home);
}

/** The rows shown once the page answers `query`: extensions|other party. */
const shown = async (query: string) => {
  await page.waitForSelector(`section[data-shown-query="${query}"]`);
  return page.$$eval("tr[data-recording]", (rows) =>
    rows.map((r) =>
      [
        r.querySelector("td:nth-child(2)")?.textContent,
        r.querySelector("td:nth-child(3)")?.textContent,
      ].join("|"),
    ),
  );
};

describe("the call recordings page", () => {
  test("under 报告 for an operator: play a recording in the page, download it", async () => {
    await page.click('nav a[data-page="recordings"]');
    await page.waitForSelector('main[data-view="recordings"]');
    expect(await page.textContent("h1")).toBe("通话录音");
    expect(await shown("kind=call")).toEqual(["302|8001", "301|913800138000"]);

    const first = "tr[data-recording]:last-child";
    await page.click(`${first} [data-action=play]`);
    const seconds = await audioSeconds(page, `${first} audio`);
    expect(seconds).toBeCloseTo(3, 1);

    const href = (await page.getAttribute(`${first} [data-action=download]`, "href"))!;
    const header = await page.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      return new TextDecoder().decode(bytes.slice(0, 4));
    }, href);
    expect(header).toBe("RIFF");
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-recordings.png"), fullPage: true });
  }, 30_000);

  test("search by extension and kind; delete after confirming", async () => {
    await page.fill("[data-form=recording-search] input[name=extension]", "302");
    await page.click("[data-action=search-recordings]");
    expect(await shown("kind=call&extension=302")).toEqual(["302|8001"]);

    await page.selectOption("[data-form=recording-search] select[name=kind]", "one-touch");
    await page.fill("[data-form=recording-search] input[name=extension]", "");
    await page.click("[data-action=search-recordings]");
    expect(await shown("kind=one-touch")).toEqual(["301, 302|"]);

    await page.selectOption("[data-form=recording-search] select[name=kind]", "call");
    await page.click("[data-action=search-recordings]");
    await shown("kind=call");
    const id = await page.getAttribute("tr[data-recording]:first-child", "data-recording");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.click("tr[data-recording]:first-child [data-action=delete]");
    await page.waitForSelector(`tr[data-recording="${id}"]`, { state: "detached" });
    expect(await shown("kind=call")).toEqual(["301|913800138000"]);
    expect((await api("GET", `/recordings/${id}`)).status).toBe(404);
  }, 30_000);

  test("extension 301 sees only its own recordings, and cannot delete", async () => {
    await login("301", "Web-301-pass", "my-extension");
    const menu = await page.$$eval("nav a[data-page]", (links) =>
      links.map((a) => a.getAttribute("data-page")),
    );
    expect(menu).toEqual([
      "my-extension",
      "contacts",
      "voicemail",
      "follow-me",
      "wakeup-calls",
      "recordings",
    ]);
    await page.click('nav a[data-page="recordings"]');
    expect(await page.$("[data-form=recording-search] input[name=extension]")).toBeNull();
    expect(await shown("kind=call")).toEqual(["301|913800138000"]);
    expect(await page.$("[data-action=delete]")).toBeNull();
    await page.selectOption("[data-form=recording-search] select[name=kind]", "one-touch");
    await page.click("[data-action=search-recordings]");
    expect(await shown("kind=one-touch")).toEqual(["301, 302|"]);
  }, 30_000);
});
