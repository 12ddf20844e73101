// SPEC DEV-6 end to end: the vendor sends a box commands over its MQTT broker (mosquitto). The
// box ignores them until the admin turns remote commands on; then it acts only on a command
// signed with the vendor's key, for this box, issued just now, and never twice: a signed
// reboot restarts it, and the same message replayed after the reboot is refused. Each command
// is answered on pbx/<box id>/command-result.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import mqtt, { type MqttClient } from "mqtt";
import { importPrivateKeyPem } from "../../flash/bundle/bundle-signature.ts";
import { DEVELOPMENT_KEY } from "../../flash/bundle/development-key.ts";
import { type RemoteCommand, signCommand } from "../../flash/bundle/signed-command.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type Mosquitto, startMosquitto } from "../support/mosquitto.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";

const BOX_ID = "office-2";
const BOX_PASSWORD = "Broker-box-8";
const vendorKey = await importPrivateKeyPem(readFileSync(DEVELOPMENT_KEY, "utf8"));

let broker: Mosquitto;
let pbx: RunningPbx;
let vendor: MqttClient;
const dataDir = tempDir("pbx-commands-");
const adminPassword = "Adm1n-commands";
// biome-ignore lint/suspicious/noExplicitAny: the box's JSON answers
const results: any[] = [];

async function configure(box: RunningPbx, remoteCommands: boolean) {
  const api = boxApi(box, await box.adminToken());
  const saved = await api("PUT", "/settings/telemetry", {
    enabled: true,
    host: "127.0.0.1",
    port: broker.port,
    tls: false,
    username: "box",
    password: BOX_PASSWORD,
    boxId: BOX_ID,
    remoteCommands,
  });
  expect(saved.status).toBe(200);
  await until(
    async () => (await api("GET", "/settings/telemetry")).json.status,
    (s) => s.connected,
    20_000,
  );
}

const send = (text: string) =>
  new Promise<void>((resolve, reject) =>
    vendor.publish(`pbx/${BOX_ID}/command`, text, { qos: 1 }, (e) => (e ? reject(e) : resolve())),
  );
const signed = (command: Partial<RemoteCommand> & { command: string }) =>
  signCommand(vendorKey, { box: BOX_ID, issuedAtMs: Date.now(), ...command } as RemoteCommand);
const answered = (count: number) =>
  until(
    async () => results.length,
    (n) => n >= count,
    15_000,
  );

beforeAll(async () => {
  broker = await startMosquitto({ box: BOX_PASSWORD, vendor: "Vendor-pw-4" });
  pbx = await startPbx({ dataDir, adminPassword });
  vendor = mqtt.connect({
    host: "127.0.0.1",
    port: broker.port,
    username: "vendor",
    password: "Vendor-pw-4",
    reconnectPeriod: 200,
  });
  vendor.on("message", (topic, payload) => {
    if (topic === `pbx/${BOX_ID}/command-result`) results.push(JSON.parse(payload.toString()));
  });
  await new Promise<void>((resolve, reject) => {
    vendor.once("connect", () =>
      vendor.subscribe(`pbx/${BOX_ID}/command-result`, { qos: 1 }, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    vendor.once("error", reject);
  });
}, SETUP_BOUND_MS);

afterAll(async () => {
  vendor?.end(true);
  await pbx?.stop().catch(() => undefined);
  await broker?.stop();
}, 30_000);

describe("signed remote commands over MQTT", () => {
  test("with remote commands off, even a signed reboot is not heard", async () => {
    await configure(pbx, false);
    await send(await signed({ command: "reboot" }));
    expect(await pbx.exited(3_000)).toBeNull();
    expect(results).toEqual([]);
  }, 60_000);

  test("turned on, unsigned, forged, misaddressed and stale commands are refused and said so", async () => {
    await configure(pbx, true);
    await send("reboot now");
    await send(
      JSON.stringify({ payload: JSON.stringify({ command: "reboot" }), signature: "AA==" }),
    );
    await send(await signed({ command: "reboot", box: "office-9" }));
    await send(await signed({ command: "reboot", issuedAtMs: Date.now() - 3_600_000 }));
    await answered(4);
    expect(results.map((r) => [r.outcome, r.reason])).toEqual([
      ["refused", "not JSON"],
      ["refused", "bad signature"],
      ["refused", "meant for another box"],
      ["refused", "not fresh"],
    ]);
    expect(await pbx.exited(1_000)).toBeNull();
  }, 60_000);

  test("a signed reboot restarts the box; the same message replayed afterwards is refused", async () => {
    const reboot = await signed({ command: "reboot" });
    await send(reboot);
    expect(await pbx.exited(30_000)).toBe(75);
    // Started again as the board's service manager would, on the same data.
    pbx = await startPbx({ dataDir, adminPassword });
    await until(
      async () => results.some((r) => r.command === "reboot" && r.outcome === "done"),
      Boolean,
      30_000,
    );
    // The restarted box listens for commands once it is connected again.
    const api = boxApi(pbx, await pbx.adminToken());
    await until(
      async () => (await api("GET", "/settings/telemetry")).json.status,
      (s) => s.connected,
      30_000,
    );
    const before = results.length;
    await send(reboot);
    await answered(before + 1);
    expect(results.at(-1)).toMatchObject({
      command: "reboot",
      outcome: "refused",
      reason: "already seen",
    });
    expect(await pbx.exited(2_000)).toBeNull();
  }, 120_000);
});
