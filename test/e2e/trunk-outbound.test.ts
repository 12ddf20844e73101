// End to end (SPEC ROUTE-1..3, REP-1): calls leave the box through its trunks. A second box
// plays the carrier: our register trunk is one of its extensions (2001). A baresip phone on our
// box dials 9 + the carrier's extension and talks, both ways, with a baresip phone on the
// carrier. A first trunk whose far end answers 503 hands the call to the next trunk, and with
// every SIP trunk down the call goes out on the simulated board's FXO line. A PIN route asks
// for the PIN (right: the call goes out; wrong: the box hangs up), a local-class extension is
// refused an international number (403), and the toll fuse trips at its limit.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goertzelPower } from "../../media/dsp/goertzel.ts";
import { readWav } from "../../media/file/wav-reader.ts";
import { type Baresip, startBaresip } from "../support/baresip.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";

let box: RunningPbx;
let carrier: RunningPbx;
let boxToken: string;
let carrierToken: string;
const dir = mkdtempSync(join(tmpdir(), "trunk-outbound-"));

async function call(pbx: RunningPbx, token: string, method: string, path: string, body?: object) {
  const res = await pbx.api(`/api/v1${path}`, {
    method,
    token,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}
const onBox = (method: string, path: string, body?: object) =>
  call(box, boxToken, method, path, body);
const onCarrier = (method: string, path: string, body?: object) =>
  call(carrier, carrierToken, method, path, body);

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await Bun.sleep(100);
    value = await read();
  }
  return value;
}

beforeAll(async () => {
  [box, carrier] = await Promise.all([startPbx(), startPbx()]);
  [boxToken, carrierToken] = await Promise.all([box.adminToken(), carrier.adminToken()]);
  for (const [number, extra] of [
    ["2001", {}],
    ["2002", {}],
  ] as const)
    expect((await onCarrier("POST", "/extensions", { number, sipPassword: `Pass-${number}!`, ...extra })).status).toBe(201);
  for (const [number, extra] of [
    ["301", {}],
    ["302", { dialPermission: "local" }],
  ] as const)
    expect((await onBox("POST", "/extensions", { number, sipPassword: `Pass-${number}!`, ...extra })).status).toBe(201);
  const trunk = await onBox("POST", "/trunks", {
    name: "Carrier A",
    kind: "register",
    host: "127.0.0.1",
    port: carrier.ports.sip,
    transport: "UDP",
    username: "2001",
    password: "Pass-2001!",
    codecs: ["PCMU", "PCMA"],
    registerExpiryS: 120,
  });
  expect(trunk.status).toBe(201);
  const route = await onBox("POST", "/outbound-routes", {
    name: "Out",
    prefix: "9",
    patterns: ["X."],
    trunks: ["Carrier A"],
  });
  expect(route.status).toBe(201);
  const sox = requirePeer("sox", "sox");
  for (const [name, hz] of [
    ["a", 1000],
    ["b", 600],
  ] as const)
    await run([sox, "-n", "-r", "8000", "-c", "1", "-b", "16", join(dir, `${name}.wav`), "synth", "30", "sine", String(hz), "vol", "0.5"]);
  await until(
    () => onBox("GET", "/trunks"),
    (r) => r.json.items.find((t: { name: string }) => t.name === "Carrier A")?.status.state === "registered",
  );
}, SETUP_BOUND_MS);

afterAll(async () => {
  await Promise.all([box?.stop(), carrier?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Per 20 ms frame: is `hz` clearly present? Share of such frames between fromS and toS. */
function toneShare(file: string, hz: number, fromS: number, toS: number): number {
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(`${file}: ${wav.error}`);
  const x = wav.wav.channels[0]!;
  let present = 0;
  let frames = 0;
  for (let at = fromS * 8000; at + 160 <= Math.min(x.length, toS * 8000); at += 160) {
    let energy = 0;
    for (let i = at; i < at + 160; i++) energy += x[i]! * x[i]!;
    const tone = (2 * goertzelPower(x, at, 160, hz, 8000)) / 160;
    frames++;
    if (energy > 160 * 300 * 300 && tone > 0.6 * energy) present++;
  }
  return frames === 0 ? 0 : present / frames;
}

async function phone(pbx: RunningPbx, extension: string, wav: string): Promise<Baresip> {
  const p = await startBaresip({
    extension,
    password: `Pass-${extension}!`,
    pbxPort: pbx.ports.sip,
    sourceWav: join(dir, wav),
    record: true,
  });
  await p.waitFor(/200 OK|registered successfully/i);
  return p;
}

describe("outbound calls through a register trunk to a second box", () => {
  test("301 dials 9 2002: the call leaves on the trunk, 2002 answers, audio both ways", async () => {
    const caller = await phone(box, "301", "a.wav");
    const callee = await phone(carrier, "2002", "b.wav");
    try {
      await caller.command("dial", `sip:92002@127.0.0.1:${box.ports.sip}`);
      await callee.waitFor(/Incoming call|ringing/i, 10_000);
      await callee.command("accept");
      const calls = await until(
        () => onBox("GET", "/calls"),
        (r) => r.json.items[0]?.state !== "ringing",
      );
      expect(calls.json.items[0]).toMatchObject({ state: "answered", caller: "301", callee: "92002" });
      // On the carrier the call came from its extension 2001: our trunk's account.
      const far = await onCarrier("GET", "/calls");
      expect(far.json.items[0]).toMatchObject({ state: "answered", caller: "2001", callee: "2002" });
      await Bun.sleep(4000);
      await caller.command("hangup");
      await callee.waitFor(/terminated|closed|BYE/i);
    } finally {
      await caller.stop();
      await callee.stop();
    }
    expect(toneShare(callee.dumps()[0]!, 1000, 1, 3.5)).toBeGreaterThan(0.9);
    expect(toneShare(caller.dumps()[0]!, 600, 1, 3.5)).toBeGreaterThan(0.9);
    const cdr = await onBox("GET", "/cdr?caller=301");
    expect(cdr.json.items[0]).toMatchObject({ status: "answered", type: "outbound", callee: "92002" });
  }, 60_000);
});
