// SPEC DEV-6 end to end: the admin points the box at a real MQTT broker (mosquitto) on the
// settings page in Chromium; a subscriber of the vendor's sees the box come online, its health
// reports and a phone registering; the broker goes away and comes back and no report is lost;
// the box dies and the broker says so for it.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import mqtt, { type MqttClient } from "mqtt";
import type { Page } from "playwright-core";
import { startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { launchBrowser, logIn, type TestBrowser } from "../support/browser.ts";
import { type Mosquitto, startMosquitto } from "../support/mosquitto.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

const BOX_PASSWORD = "Broker-box-7";
const BOX_ID = "office-1";

interface Received {
  topic: string;
  retain: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: each topic has its own body
  body: any;
}

let broker: Mosquitto;
let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;
let watcher: MqttClient;
const received: Received[] = [];
/** For each of the watcher's connections: whether the broker still had its session. */
const sessions: boolean[] = [];

const on = (kind: string) => received.filter((m) => m.topic === `pbx/${BOX_ID}/${kind}`);
const healthSeqs = () => [...new Set(on("health").map((m) => m.body.seq as number))];
/** Every numbered message's seq, once each: one counter runs across all topics. */
const allSeqs = () =>
  [...new Set(received.filter((m) => typeof m.body.seq === "number").map((m) => m.body.seq))].sort(
    (a, b) => a - b,
  );
async function seen(what: () => boolean, ms = 15_000): Promise<void> {
  await until(async () => what(), Boolean, ms);
}

beforeAll(async () => {
  broker = await startMosquitto({ box: BOX_PASSWORD, watcher: "Watcher-pw-3" });
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  page = await browser.browser.newPage();
  // The vendor's side: a durable session, so what arrives while it is reconnecting waits.
  watcher = mqtt.connect({
    host: "127.0.0.1",
    port: broker.port,
    username: "watcher",
    password: "Watcher-pw-3",
    clientId: "vendor-watcher",
    clean: false,
    reconnectPeriod: 200,
  });
  watcher.on("message", (topic, payload, packet) => {
    received.push({ topic, retain: packet.retain, body: JSON.parse(payload.toString()) });
  });
  watcher.on("connect", (connack) => {
    sessions.push(connack.sessionPresent);
    // When the broker stops just as the watcher acknowledges a message (the box's last will,
    // which mosquitto hands out as it stops), the reset that answers it can leave Bun's socket
    // ended but never closed; mqtt.js reconnects only on close, and would stay deaf until its
    // keepalive gave up a minute later. An ended connection is closed here at once.
    const stream = watcher.stream;
    stream.once("end", () => stream.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once("connect", () =>
      watcher.subscribe("pbx/#", { qos: 1 }, (error) => (error ? reject(error) : resolve())),
    );
    watcher.once("error", reject);
  });
}, SETUP_BOUND_MS);

afterAll(async () => {
  watcher?.end(true);
  await browser?.close();
  await pbx?.stop().catch(() => undefined);
  await broker?.stop();
}, 30_000);

const card = () => page.locator("form[data-section=telemetry]");
async function saveTelemetry(fields: { password: string }) {
  const form = card();
  await form.locator("input[name=enabled]").check();
  await form.locator("input[name=host]").fill("127.0.0.1");
  await form.locator("input[name=port]").fill(String(broker.port));
  await form.locator("input[name=tls]").uncheck();
  await form.locator("input[name=username]").fill("box");
  await form.locator("input[name=password]").fill(fields.password);
  await form.locator("input[name=boxId]").fill(BOX_ID);
  await form.locator("input[name=healthIntervalS]").fill("1");
  await form.locator("button[type=submit]").click();
}

describe("telemetry to a real MQTT broker", () => {
  test("the settings page refuses a bad field, says a wrong password, then connects", async () => {
    await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
    await page.click('nav a[data-page="settings"]');
    await card().waitFor();
    expect(await card().getAttribute("data-section")).toBe("telemetry");
    expect(
      await card().locator("[data-telemetry-state]").getAttribute("data-telemetry-state"),
    ).toBe("off");

    // Turned on without a broker: refused beside the host field, nothing stored.
    await card().locator("input[name=enabled]").check();
    await card().locator("button[type=submit]").click();
    const hostError = card().locator('[data-field="host"] .field-error');
    await hostError.waitFor();
    expect(await hostError.textContent()).toContain("服务器"); // the field's own label
    expect((await api("GET", "/settings/telemetry")).json.enabled).toBe(false);

    await saveTelemetry({ password: "not-the-password" });
    await page.waitForSelector("[data-telemetry-state=disconnected]", { timeout: 20_000 });
    const refused = await until(
      async () => (await api("GET", "/settings/telemetry")).json.status,
      (s) => typeof s.lastError === "string" && s.lastError !== "",
    );
    expect(refused.connected).toBe(false);
    expect(refused.lastError.toLowerCase()).toMatch(/not authori[sz]ed|bad user ?name or password/);
    // The password is never read back, not even to its owner.
    const view = (await api("GET", "/settings/telemetry")).json;
    expect(view.passwordSet).toBe(true);
    expect(JSON.stringify(view)).not.toContain("not-the-password");

    await saveTelemetry({ password: BOX_PASSWORD });
    await page.waitForSelector("[data-telemetry-state=connected]", { timeout: 20_000 });
    expect(await card().locator("[data-telemetry-state]").textContent()).toContain("已连接");
  }, 90_000);

  test("the vendor sees the box online, its health every second, and a phone registering", async () => {
    await seen(() => on("status").some((m) => m.body.state === "online"));
    const birth = on("status").find((m) => m.body.state === "online")!;
    expect(typeof birth.body.firmwareVersion).toBe("string");
    await seen(() => healthSeqs().length >= 3);
    const health = on("health").at(-1)!.body;
    expect(health.uptimeS).toBeGreaterThan(0);
    expect(health.memoryTotalBytes).toBeGreaterThan(0);
    expect(health.calls).toMatchObject({ active: 0 });

    const made = await api("POST", "/extensions", { number: "301" });
    expect(made.status).toBe(201);
    const phone = await startRegisteredBaresip({
      extension: "301",
      password: made.json.sipPassword,
      pbxPort: pbx.ports.sip,
    });
    try {
      await seen(() =>
        on("registration").some((m) => m.body.extension === "301" && m.body.state === "registered"),
      );
    } finally {
      await phone.stop();
    }
    await seen(() => on("registration").some((m) => m.body.state === "unregistered"));
    // No phone's address, no SIP password leaves the box.
    const said = JSON.stringify(on("registration"));
    expect(said).not.toContain("127.0.0.1");
    expect(said).not.toContain(made.json.sipPassword);
  }, 60_000);

  test("reports made while the broker is away arrive when it is back, none lost", async () => {
    await broker.stop();
    const connections = sessions.length;
    const waiting = await until(
      async () => (await api("GET", "/settings/telemetry")).json.status,
      (s) => !s.connected && s.queued >= 3,
    );
    expect(waiting.dropped).toBe(0);
    // The page says so too (it reads the link's state every 5 s).
    await page.waitForSelector("[data-telemetry-state=disconnected]", { timeout: 15_000 });
    const lastBefore = Math.max(...healthSeqs());

    await broker.start();
    // The watcher is back, on the session the broker kept for it over the restart.
    await seen(() => sessions.length > connections);
    expect(sessions.at(-1)).toBe(true);
    // The box retries at most every 8 s, and an attempt that reached the broker as it went
    // down may wait out its 10 s connect timeout first.
    await until(
      async () => (await api("GET", "/settings/telemetry")).json.status,
      (s) => s.connected && s.queued === 0,
      40_000,
    );
    await seen(() => healthSeqs().some((seq) => seq > lastBefore + waiting.queued));
    // Every report from the first to the last arrived (QoS 1 may repeat, never skip).
    const seqs = allSeqs();
    const first = seqs[0]!;
    expect(seqs).toEqual(seqs.map((_, i) => first + i));
    await page.waitForSelector("[data-telemetry-state=connected]", { timeout: 15_000 });
  }, 120_000);

  test("a box that dies is reported offline by the broker's last will", async () => {
    const before = on("status").length;
    process.kill(pbx.pid, "SIGKILL");
    await seen(() =>
      on("status")
        .slice(before)
        .some((m) => m.body.state === "offline"),
    );
  }, 30_000);
});
