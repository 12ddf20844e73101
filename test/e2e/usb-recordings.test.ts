// SPEC DEV-5 end to end: a USB stick is put into the simulated board and the box notices it;
// a recorded call between two baresip phones ends up on the stick, whole; the stick pulled in
// the middle of a call, or nearly full, leaves the recording on the box, whole; in Chromium
// the admin sees the stick on the settings page, keeps recordings on the box, and ejects it.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { readWav } from "../../media/file/wav-reader.ts";
import { type Baresip, CALL_ENDED, startRegisteredBaresip } from "../support/baresip.ts";
import { accountApi, boxApi, until } from "../support/box-api.ts";
import { launchBrowser, logIn, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { writeToneWav } from "../support/tone-audio.ts";

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let caller: Baresip;
let callee: Baresip;
let browser: TestBrowser;
let page: Page;
const stickRoot = () => join(pbx.dataDir, "sim-usb", "sda1");

interface Recording {
  id: number;
  volume: string;
  durationMs: number;
  bytes: number;
}

/** Files under `dir`, recursively. */
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
    : [];

/** Waits for one more `pattern` in the phone's output than it has printed so far. */
function another(phone: Baresip, pattern: RegExp): () => Promise<void> {
  const count = () => phone.output().match(new RegExp(pattern, "gi"))?.length ?? 0;
  const before = count();
  return async () => {
    await until(
      async () => count(),
      (n) => n > before,
      10_000,
    );
  };
}

/** A call from 401 to 402 of about `talkMs`; `during` runs while they talk. Its recording. */
async function recordedCall(talkMs: number, during?: () => Promise<void>): Promise<Recording> {
  const before = (await api("GET", "/recordings?extension=401")).json.total as number;
  const [incoming, established] = [
    another(callee, /Incoming call/),
    another(caller, /established/),
  ];
  const ended = another(callee, CALL_ENDED);
  await caller.command("dial", `sip:402@127.0.0.1:${pbx.ports.sip}`);
  await incoming();
  await callee.command("accept");
  await established();
  const started = Date.now();
  await during?.();
  await Bun.sleep(Math.max(0, talkMs - (Date.now() - started)));
  await caller.command("hangup");
  await ended();
  const list = await until(
    async () => (await api("GET", "/recordings?extension=401")).json,
    (l) => l.total > before,
  );
  return list.items[0] as Recording;
}

const storage = async () => (await api("GET", "/storage")).json;

beforeAll(async () => {
  const dir = tempDir("usb-recordings-");
  await writeToneWav(join(dir, "tone.wav"), 600);
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  for (const [number, extra] of [
    ["401", { recording: "all" }],
    ["402", {}],
  ] as const)
    expect(
      (await api("POST", "/extensions", { number, sipPassword: `Usb-${number}-pass`, ...extra }))
        .status,
    ).toBe(201);
  const phone = (extension: string) =>
    startRegisteredBaresip({
      extension,
      password: `Usb-${extension}-pass`,
      pbxPort: pbx.ports.sip,
      sourceWav: join(dir, "tone.wav"),
    });
  [caller, callee] = await Promise.all([phone("401"), phone("402")]);
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

afterAll(async () => {
  await Promise.all([caller?.stop(), callee?.stop()]);
  await browser?.close();
  await pbx?.stop();
}, 30_000);

describe("recordings on a USB stick (SPEC DEV-5)", () => {
  test("a stick put in is noticed; a recorded call is moved to it whole", async () => {
    expect(await storage()).toEqual({ usb: null, recordingsTo: "usb", voicemailTo: "internal" });
    expect((await api("POST", "/sim/usb", { inserted: true })).status).toBe(200);
    const mounted = await until(storage, (s) => s.usb !== null, 10_000);
    expect(mounted.usb).toMatchObject({ device: "sda1", fsType: "vfat" });

    const written = await recordedCall(2000);
    const moved = await until(
      async () => (await api("GET", `/recordings/${written.id}`)).json as Recording,
      (r) => r.volume === "usb",
    );
    const onStick = filesUnder(stickRoot()).filter((f) => f.endsWith(".wav"));
    expect(onStick).toHaveLength(1);
    expect(filesUnder(join(pbx.dataDir, "recordings"))).toEqual([]);
    const downloaded = await pbx.api(`/api/v1/recordings/${moved.id}/audio`, {
      token: await pbx.adminToken(),
    });
    const bytes = new Uint8Array(await downloaded.arrayBuffer());
    expect(bytes).toEqual(new Uint8Array(readFileSync(onStick[0]!)));
    const wav = readWav(bytes);
    expect(wav.ok && Math.abs(wav.wav.channels[0]!.length / 8 - moved.durationMs)).toBeLessThan(50);
  }, 60_000);

  test("a stick pulled mid-call leaves that call's recording on the box, whole", async () => {
    const written = await recordedCall(5000, async () => {
      await Bun.sleep(1000);
      expect((await api("POST", "/sim/usb", { inserted: false })).status).toBe(200);
      await until(storage, (s) => s.usb === null, 10_000);
    });
    await Bun.sleep(500);
    const kept = (await api("GET", `/recordings/${written.id}`)).json as Recording;
    expect(kept.volume).toBe("data");
    expect(kept.durationMs).toBeGreaterThan(4000);
    const downloaded = await pbx.api(`/api/v1/recordings/${kept.id}/audio`, {
      token: await pbx.adminToken(),
    });
    const wav = readWav(new Uint8Array(await downloaded.arrayBuffer()));
    expect(wav.ok && Math.abs(wav.wav.channels[0]!.length / 8 - kept.durationMs)).toBeLessThan(50);
    // Only the first call is on the stick.
    expect(filesUnder(stickRoot()).filter((f) => f.endsWith(".wav"))).toHaveLength(1);
  }, 60_000);

  test("a nearly full stick leaves recordings on the box", async () => {
    expect((await api("POST", "/sim/usb", { inserted: true, freeBytes: 100_000 })).status).toBe(
      200,
    );
    await until(storage, (s) => s.usb !== null, 10_000);
    const written = await recordedCall(2000);
    await Bun.sleep(1000);
    expect(((await api("GET", `/recordings/${written.id}`)).json as Recording).volume).toBe("data");
    expect(filesUnder(stickRoot()).filter((f) => f.endsWith(".wav"))).toHaveLength(1);
  }, 60_000);

  test("on the settings page the admin keeps recordings on the box and ejects the stick", async () => {
    await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
    await page.click('nav a[data-page="settings"]');
    const card = page.locator("[data-section=storage]");
    await card.locator("[data-usb-state=mounted]").waitFor();
    expect(await card.locator("[data-usb-state]").textContent()).toContain("sda1");

    await card.locator("select[name=recordingsTo]").selectOption("internal");
    await until(storage, (s) => s.recordingsTo === "internal");
    await card.locator("button[name=eject]").click();
    await card.locator("[data-usb-state=none]").waitFor();
    expect(await card.textContent()).toContain("可以拔下");
    expect(await card.locator("button[name=eject]").isDisabled()).toBe(true);
    expect(await storage()).toEqual({
      usb: null,
      recordingsTo: "internal",
      voicemailTo: "internal",
    });
    // Ejecting again has nothing to eject.
    expect((await api("POST", "/storage/usb/eject")).status).toBe(409);
  }, 60_000);

  test("only the admin changes storage; an operator may look", async () => {
    const desk = await accountApi(pbx, api, {
      username: "desk",
      password: "Desk-password-1",
      role: "operator",
    });
    expect((await desk("GET", "/storage")).status).toBe(200);
    expect((await desk("PUT", "/storage", { recordingsTo: "usb" })).status).toBe(403);
    expect((await desk("POST", "/storage/usb/eject")).status).toBe(403);
    const bad = await api("PUT", "/storage", { recordingsTo: "cloud" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe("recordingsTo");
  }, 30_000);
});
