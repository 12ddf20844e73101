// SPEC CALL-7 greetings, end to end in Chromium (Chinese) and with a baresip caller: the admin
// opens mailbox 611 (voicemail on, no phone registered, so its callers go straight to the
// mailbox), uploads a 16 kHz WAV of a 600 Hz tone (made with sox) as its unavailable greeting
// with the upload's progress shown, and plays it in the page (the audio element decodes the
// box's 8 kHz WAV: 3 s). Extension 612 (baresip) calls 611 and hears the tone, then the 1 kHz
// beep after it. The admin deletes the greeting in the page: the next call hears the built-in
// greeting (speech, no tone) again. The owner, logged in as 611, sees its own greetings and
// uploads its busy greeting; its phone then records the busy greeting over it with *61#, 2, 2.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeWav } from "../../media/file/wav-writer.ts";
import {
  type Baresip,
  CALL_ENDED,
  seen,
  startRegisteredBaresip,
  untilSeen,
} from "../support/baresip.ts";
import { until } from "../support/box-api.ts";
import { audioSeconds, logIn, OUTPUT_DIR } from "../support/browser.ts";
import { SETUP_BOUND_MS } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { loudShare, toneShare, writeToneWav } from "../support/tone-audio.ts";
import { startUiBox, stopUiBox, type UiBox } from "../support/ui-box.ts";

const GREETING_HZ = 600;
const BEEP_HZ = 1000;
const greeting = "[data-greeting=unavailable]";

let ui: UiBox;
let caller: Baresip;
const dir = tempDir("ui-voicemail-greetings-");
const toneFile = join(dir, "greeting.wav");
const notAudio = join(dir, "notes.txt");

beforeAll(async () => {
  ui = await startUiBox(["611", "612"], {
    voicemailEnabled: true,
    voicemailPin: "4321",
    webLogin: true,
  });
  await writeToneWav(toneFile, GREETING_HZ, 3, 16_000);
  writeFileSync(notAudio, "not a sound");
  const quiet = join(dir, "quiet.wav");
  writeFileSync(quiet, writeWav(8000, [new Int16Array(8000 * 120)]));
  caller = await startRegisteredBaresip({
    extension: "612",
    password: "Pass-612-web",
    pbxPort: ui.pbx.ports.sip,
    sourceWav: quiet,
    record: true,
    codecs: ["PCMU"],
  });
}, SETUP_BOUND_MS);

afterAll(async () => {
  await caller?.stop();
  await stopUiBox(ui);
}, 30_000);

/** 612 calls 611 (straight to the mailbox), listens 7 s, hangs up: what it heard. */
async function callMailbox(): Promise<string> {
  const up = seen(caller, /established/);
  const down = seen(caller, CALL_ENDED);
  await caller.command("dial", `sip:611@127.0.0.1:${ui.pbx.ports.sip}`);
  await untilSeen(caller, /established/, up, 15_000, ui.pbx);
  await Bun.sleep(7000);
  await caller.command("hangup");
  await untilSeen(caller, CALL_ENDED, down, 15_000, ui.pbx);
  return caller.dumps().at(-1)!;
}

/** Start times (s) of the 250 ms windows of the first 7 s mostly carrying `hz`. */
function windowsOf(file: string, hz: number): number[] {
  const at: number[] = [];
  // Quarter seconds are whole sample counts at 8 kHz.
  for (let k = 0; k < 28; k++) if (toneShare(file, hz, k / 4, (k + 1) / 4) > 0.5) at.push(k / 4);
  return at;
}

test("the admin uploads and plays 611's unavailable greeting; a caller hears it before the beep; deleted, the built-in one is back", async () => {
  const { page, pbx } = ui;
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword, "status");
  await page.click('nav a[data-page="voicemail"]');
  await page.fill("[data-form=mailbox-pick] input[name=mailbox]", "611");
  await page.click("[data-action=open-mailbox]");
  await page.waitForSelector(`${greeting}[data-recorded=no]`);
  expect(await page.textContent("[data-section=greetings] h2")).toBe("问候语");

  // Not audio: refused beside that upload, nothing stored.
  await page.setInputFiles(`${greeting} input[type=file]`, notAudio);
  await page.click(`${greeting} [data-action=upload]`);
  await page.waitForSelector(`${greeting} [data-error=upload]`);
  expect(await page.textContent(`${greeting} [data-error=upload]`)).toContain("not a WAV or MP3");

  await page.setInputFiles(`${greeting} input[type=file]`, toneFile);
  await page.click(`${greeting} [data-action=upload]`);
  await page.waitForSelector(`${greeting}[data-recorded=yes]`);
  expect(await page.getAttribute(`${greeting} [data-progress]`, "value")).toBe("1");
  expect(await page.$(`${greeting} [data-error=upload]`)).toBeNull();
  expect(await page.getAttribute("[data-greeting=busy]", "data-recorded")).toBe("no");

  await page.click(`${greeting} [data-action=play-greeting]`);
  const seconds = await audioSeconds(page, `${greeting} audio`);
  expect(seconds).toBeCloseTo(3, 1);
  await page.screenshot({ path: join(OUTPUT_DIR, "ui-voicemail-greetings.png"), fullPage: true });

  // The caller hears the uploaded tone (about 3 s of it), and the beep only after it.
  const heard = await callMailbox();
  const tone = windowsOf(heard, GREETING_HZ);
  const beep = windowsOf(heard, BEEP_HZ);
  // At least 2.5 s of the 3 s tone.
  expect(tone.length).toBeGreaterThanOrEqual(10);
  expect(beep.length).toBeGreaterThan(0);
  expect(Math.max(...tone)).toBeLessThan(Math.min(...beep));

  // Deleted in the page: the built-in greeting (speech) again, no tone.
  page.once("dialog", (dialog) => void dialog.accept());
  await page.click(`${greeting} [data-action=delete-greeting]`);
  await page.waitForSelector(`${greeting}[data-recorded=no]`);
  expect((await ui.api("GET", "/voicemail/mailboxes/611")).json.unavailableGreeting).toBe(false);
  const builtIn = await callMailbox();
  expect(windowsOf(builtIn, GREETING_HZ)).toEqual([]);
  expect(loudShare(builtIn, 0, 5)).toBeGreaterThan(0.3);
}, 90_000);

test("the owner sees its own mailbox's greetings and uploads its busy greeting", async () => {
  const { page, pbx } = ui;
  await ui.browser.browser.clearCookies();
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "611", "Pass-611-web", "my-extension");
  await page.click('nav a[data-page="voicemail"]');
  await page.waitForSelector("[data-greeting=busy][data-recorded=no]");
  await page.setInputFiles("[data-greeting=busy] input[type=file]", toneFile);
  await page.click("[data-greeting=busy] [data-action=upload]");
  await page.waitForSelector("[data-greeting=busy][data-recorded=yes]");
  expect((await ui.api("GET", "/voicemail/mailboxes/611")).json.busyGreeting).toBe(true);
}, 30_000);

test("by phone: *61#, the PIN, 2 then 2 records the busy greeting over the uploaded one", async () => {
  const microphone = join(dir, "owner.wav");
  await writeToneWav(microphone, 800, 120);
  const owner = await startRegisteredBaresip({
    extension: "611",
    password: "Pass-611-web",
    pbxPort: ui.pbx.ports.sip,
    sourceWav: microphone,
    codecs: ["PCMU"],
  });
  try {
    const up = seen(owner, /established/);
    await owner.command("dial", `sip:${encodeURIComponent("*61#")}@127.0.0.1:${ui.pbx.ports.sip}`);
    await untilSeen(owner, /established/, up, 15_000, ui.pbx);
    await Bun.sleep(1500);
    await owner.command("sndcode", "4321#");
    await Bun.sleep(1500);
    await owner.command("sndcode", "2");
    await Bun.sleep(1000);
    await owner.command("sndcode", "2");
    // "Record your message after the tone", the beep, then about 3 s of the owner's tone.
    await Bun.sleep(7000);
    await owner.command("sndcode", "#");
    const token = await ui.pbx.adminToken();
    await until(
      async () => {
        const res = await ui.pbx.api("/api/v1/voicemail/mailboxes/611/greetings/busy/audio", {
          token,
        });
        return res.status === 200 ? new Uint8Array(await res.arrayBuffer()) : undefined;
      },
      (bytes) => busyToneShare(bytes) > 0.8,
      15_000,
    );
    await owner.command("hangup");
  } finally {
    await owner.stop();
  }
}, 60_000);

/** How much of the first 2 s of a served greeting carries the owner's 800 Hz tone. */
function busyToneShare(bytes: Uint8Array | undefined): number {
  if (!bytes) return 0;
  const file = join(dir, "busy.wav");
  writeFileSync(file, bytes);
  return toneShare(file, 800, 0.5, 2);
}
