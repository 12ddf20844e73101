// SPEC VOICE-2, a prompt recorded in the browser: in Chromium (English), the operator records
// a custom prompt with the microphone (Chromium's fake capture plays a 1 kHz tone), listens to
// it in the page, names it and saves it; the box lists it with its length, stores it as 8 kHz
// mono, and the tone is in what it serves back. A name already taken is refused beside it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { readWav } from "../../media/file/wav-reader.ts";
import { boxApi } from "../support/box-api.ts";
import { launchBrowser, logIn, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { toneShare, writeToneWav } from "../support/tone-audio.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;
const dir = tempDir("ui-prompt-recording-");

beforeAll(async () => {
  const microphone = join(dir, "microphone.wav");
  await writeToneWav(microphone, 1000, 30, 48_000);
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "en-US", microphone })]);
  api = boxApi(pbx, await pbx.adminToken());
  const operator = { username: "desk", password: "Desk-password-1", role: "operator" };
  expect((await api("POST", "/accounts", operator)).status).toBe(201);
  page = await browser.browser.newPage();
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, operator.username, operator.password);
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 30_000);

async function record(seconds: number) {
  const form = page.locator('[data-form="record"]');
  await form.locator('[data-action="record"]').click();
  await form.locator(`[data-recording-seconds="${seconds}"]`).waitFor({ timeout: 20_000 });
  await form.locator('[data-action="stop-recording"]').click();
  await form.locator("audio[data-preview]").waitFor();
  return form;
}

describe("a prompt recorded in the browser", () => {
  test("recorded, heard in the page, named and saved: the box lists and serves it", async () => {
    await page.goto(`https://127.0.0.1:${pbx.ports.https}/#/prompts`);
    await page.waitForSelector("section.page[data-loaded]");
    const form = await record(3);
    // The preview plays in the page: the browser decodes the recorder's WAV.
    const previewSeconds = await form.locator("audio[data-preview]").evaluate(
      (audio: HTMLAudioElement) =>
        new Promise<number>((resolve, reject) => {
          if (audio.readyState >= 1) resolve(audio.duration);
          audio.addEventListener("loadedmetadata", () => resolve(audio.duration));
          audio.addEventListener("error", () =>
            reject(new Error(`preview: ${audio.error?.message}`)),
          );
          audio.load();
        }),
    );
    expect(previewSeconds).toBeGreaterThan(2.5);
    await form.locator("input[name=record-name]").fill("welcome-rec");
    await form.locator('[data-action="save-recording"]').click();
    await page.locator('tr[data-prompt="welcome-rec"]').waitFor();

    const listed = (await api("GET", "/prompts")).json.items as {
      name: string;
      durationMs: number;
    }[];
    const prompt = listed.find((p) => p.name === "welcome-rec")!;
    expect(prompt.durationMs).toBeGreaterThan(2500);
    expect(prompt.durationMs).toBeLessThan(6000);
    const res = await pbx.api("/api/v1/prompts/welcome-rec/audio", {
      token: await pbx.adminToken(),
    });
    const stored = join(dir, "stored.wav");
    writeFileSync(stored, new Uint8Array(await res.arrayBuffer()));
    const wav = readWav(new Uint8Array(await Bun.file(stored).arrayBuffer()));
    expect(wav.ok && wav.wav.sampleRateHz).toBe(8000);
    expect(wav.ok && wav.wav.channels.length).toBe(1);
    expect(toneShare(stored, 1000, 0.5, 2.5)).toBeGreaterThan(0.8);
  }, 90_000);

  test("a name already taken is refused beside the recording", async () => {
    const form = await record(1);
    await form.locator("input[name=record-name]").fill("welcome-rec");
    await form.locator('[data-action="save-recording"]').click();
    await form.locator('[data-error="record"]').waitFor();
    expect(await page.locator('tr[data-prompt="welcome-rec"]').count()).toBe(1);
  }, 60_000);
});
