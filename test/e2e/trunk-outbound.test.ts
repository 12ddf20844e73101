// End to end (SPEC ROUTE-1..3, REP-1): calls leave the box through its trunks. A second box
// plays the carrier: our register trunk is one of its extensions (2001). A baresip phone on our
// box dials 9 + the carrier's extension and talks, both ways, with a baresip phone on the
// carrier. A first trunk whose far end answers 503 hands the call to the next trunk, and with
// every SIP trunk down the call goes out on the simulated board's FXO line. A PIN route asks
// for the PIN (right: the call goes out; wrong: the box hangs up), a local-class extension is
// refused an international number (403), and the toll fuse trips at its limit.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Baresip, CALL_ENDED, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { loudShare, toneShare, writeToneWav } from "../support/tone-audio.ts";

let box: RunningPbx;
let carrier: RunningPbx;
let onBox: ReturnType<typeof boxApi>;
let onCarrier: ReturnType<typeof boxApi>;
const dir = mkdtempSync(join(tmpdir(), "trunk-outbound-"));

beforeAll(async () => {
  [box, carrier] = await Promise.all([startPbx(), startPbx()]);
  const [boxToken, carrierToken] = await Promise.all([box.adminToken(), carrier.adminToken()]);
  onBox = boxApi(box, boxToken);
  onCarrier = boxApi(carrier, carrierToken);
  for (const [number, extra] of [
    ["2001", {}],
    ["2002", {}],
  ] as const)
    expect(
      (await onCarrier("POST", "/extensions", { number, sipPassword: `Pass-${number}!`, ...extra }))
        .status,
    ).toBe(201);
  for (const [number, extra] of [
    ["301", {}],
    ["302", { dialPermission: "local" }],
  ] as const)
    expect(
      (await onBox("POST", "/extensions", { number, sipPassword: `Pass-${number}!`, ...extra }))
        .status,
    ).toBe(201);
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
  await writeToneWav(join(dir, "a.wav"), 1000);
  await writeToneWav(join(dir, "b.wav"), 600);
  await until(
    () => onBox("GET", "/trunks"),
    (r) =>
      r.json.items.find((t: { name: string }) => t.name === "Carrier A")?.status.state ===
      "registered",
  );
}, SETUP_BOUND_MS);

afterAll(async () => {
  // Our box first: it un-registers its trunk from a carrier still there to answer.
  await box?.stop();
  await carrier?.stop();
  rmSync(dir, { recursive: true, force: true });
}, SETUP_BOUND_MS);

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
      expect(calls.json.items[0]).toMatchObject({
        state: "answered",
        caller: "301",
        callee: "92002",
      });
      // On the carrier the call came from its extension 2001: our trunk's account.
      const far = await onCarrier("GET", "/calls");
      expect(far.json.items[0]).toMatchObject({
        state: "answered",
        caller: "2001",
        callee: "2002",
      });
      await Bun.sleep(4000);
      await caller.command("hangup");
      await callee.waitFor(CALL_ENDED);
    } finally {
      await caller.stop();
      await callee.stop();
    }
    expect(toneShare(callee.dumps()[0]!, 1000, 1, 3.5)).toBeGreaterThan(0.9);
    expect(toneShare(caller.dumps()[0]!, 600, 1, 3.5)).toBeGreaterThan(0.9);
    const cdr = await onBox("GET", "/cdr?caller=301");
    expect(cdr.json.items[0]).toMatchObject({
      status: "answered",
      type: "outbound",
      callee: "92002",
      trunk: "Carrier A",
      pin: "",
    });
  }, 60_000);
});

/** A far end that answers every INVITE with `status` (a carrier in trouble, or busy). */
function refusingCarrier(status: number) {
  const seen: string[] = [];
  const socket = Bun.udpSocket({
    hostname: "127.0.0.1",
    socket: {
      data(sock, buf, port, address) {
        const text = buf.toString();
        const [first = "", ...lines] = text.split("\r\n\r\n")[0]!.split("\r\n");
        if (!first.startsWith("INVITE ")) return;
        seen.push(first);
        const keep = lines.filter((l) => /^(via|from|to|call-id|cseq):/i.test(l));
        const reply = [
          `SIP/2.0 ${status} Refused`,
          ...keep.map((l) => (/^to:/i.test(l) && !/;tag=/.test(l) ? `${l};tag=far` : l)),
          "Content-Length: 0",
          "",
          "",
        ].join("\r\n");
        sock.send(reply, port, address);
      },
    },
  });
  return socket.then((s) => ({ port: s.port, seen, close: () => s.close() }));
}

describe("failover", () => {
  test("a trunk answering 503 hands the call to the next trunk; with every SIP trunk refusing, an FXO line takes it", async () => {
    const broken = await refusingCarrier(503);
    const busy = await refusingCarrier(486);
    const routes = await onBox("GET", "/outbound-routes");
    const out = routes.json.items.find((r: { name: string }) => r.name === "Out");
    for (const [name, port] of [
      ["Broken", broken.port],
      ["Busy", busy.port],
    ] as const)
      expect(
        (await onBox("POST", "/trunks", { name, kind: "peer", host: "127.0.0.1", port })).status,
      ).toBe(201);
    expect(
      (await onBox("POST", "/trunks", { name: "Lines", kind: "analog", fxoPorts: ["1"] })).status,
    ).toBe(201);
    expect(
      (await onBox("PATCH", `/outbound-routes/${out.id}`, { trunks: ["Broken", "Carrier A"] }))
        .status,
    ).toBe(200);
    const caller = await phone(box, "301", "a.wav");
    const callee = await phone(carrier, "2002", "b.wav");
    try {
      await caller.command("dial", `sip:92002@127.0.0.1:${box.ports.sip}`);
      await callee.waitFor(/Incoming call|ringing/i, 10_000);
      expect(broken.seen).toEqual(["INVITE sip:2002@127.0.0.1:" + broken.port + " SIP/2.0"]);
      await callee.command("accept");
      const answered = await until(
        () => onBox("GET", "/calls"),
        (r) => r.json.items[0]?.state !== "ringing",
      );
      expect(answered.json.items[0]).toMatchObject({ state: "answered", callee: "92002" });
      await caller.command("hangup");
      // Hung up as soon as answered: under a second, which baresip ends without its "Call with
      // ... terminated" line. The phone's only call, so any of its end lines will do.
      await callee.waitFor(/terminated|closed|BYE/i);

      // Both SIP trunks refuse (503, then 486 busy): the analog trunk's FXO line dials out.
      expect(
        (
          await onBox("PATCH", `/outbound-routes/${out.id}`, {
            trunks: ["Broken", "Busy", "Lines"],
          })
        ).status,
      ).toBe(200);
      await until(
        () => onBox("GET", "/calls"),
        (r) => r.json.items.length === 0,
      );
      await caller.command("dial", `sip:912345@127.0.0.1:${box.ports.sip}`);
      await until(
        () => onBox("GET", "/sim/fxo/1"),
        (r) => r.json.pbxOffHook === true,
      );
      expect(broken.seen.length).toBe(2);
      expect(busy.seen).toEqual(["INVITE sip:12345@127.0.0.1:" + busy.port + " SIP/2.0"]);
      expect((await onBox("POST", "/sim/fxo/1/answer")).status).toBe(200);
      const viaLine = await until(
        () => onBox("GET", "/calls"),
        (r) => r.json.items[0]?.state === "answered",
      );
      expect(viaLine.json.items[0].legs.map((l: { kind: string }) => l.kind)).toEqual([
        "sip",
        "fxo",
      ]);
      await caller.command("hangup");
      await until(
        () => onBox("GET", "/sim/fxo/1"),
        (r) => r.json.pbxOffHook === false,
      );
      const records = await until(
        () => onBox("GET", "/cdr?trunk=Lines"),
        (r) => r.json.items.length > 0,
      );
      expect(records.json.items[0]).toMatchObject({ callee: "912345", status: "answered" });
    } finally {
      await caller.stop();
      await callee.stop();
      broken.close();
      busy.close();
      await onBox("PATCH", `/outbound-routes/${out.id}`, { trunks: ["Carrier A"] });
    }
  }, 60_000);
});

describe("who may call out", () => {
  test("302 (class local) is refused an international number with 403 and the reason", async () => {
    const p = await phone(box, "302", "a.wav");
    try {
      await p.command("dial", `sip:90044123456789@127.0.0.1:${box.ports.sip}`);
      await p.waitFor(/403 Not Permitted \(local, needs international\)/);
      // The refused call still leaves a record: not answered.
      const records = await until(
        () => onBox("GET", "/cdr?caller=302"),
        (r) => r.json.items.length > 0,
      );
      expect(records.json.items[0]).toMatchObject({
        callee: "90044123456789",
        status: "not-answered",
      });
    } finally {
      await p.stop();
    }
  }, 30_000);

  test("the toll fuse trips at its limit: the call is refused and the alarm raised", async () => {
    const put = await onBox("PUT", "/dial-permissions/fuses/302", {
      maxConcurrent: 0,
      maxPerHour: 1,
      international: true,
    });
    expect(put.status).toBe(200);
    const p = await phone(box, "302", "a.wav");
    try {
      // The first call goes out (2002 is not registered at the carrier: it is not answered).
      await p.command("dial", `sip:92002@127.0.0.1:${box.ports.sip}`);
      await p.waitFor(/480|terminated|closed/i, 15_000);
      expect(box.output()).not.toContain("refused: too-many-per-hour");
      await until(
        () => onBox("GET", "/calls"),
        (r) => r.json.items.length === 0,
      );
      await p.command("dial", `sip:92002@127.0.0.1:${box.ports.sip}`);
      await p.waitFor(/403 Toll Fuse \(too-many-per-hour\)/);
      // The fuse's alarm reaches the log the admin reads.
      expect(box.output()).toContain("outbound call to 2002 refused: too-many-per-hour");
    } finally {
      await p.stop();
    }
  }, 40_000);
});

describe("a route that asks for a PIN", () => {
  test("the right PIN places the call; a wrong one hears the error and is hung up", async () => {
    const created = await onBox("POST", "/outbound-routes", {
      name: "With PIN",
      prefix: "6", // 8 with X. would take the FXS numbers 8001-8004: refused
      patterns: ["X."],
      trunks: ["Carrier A"],
      pins: ["4321"],
    });
    expect(created.status).toBe(201);
    const caller = await phone(box, "301", "a.wav");
    const callee = await phone(carrier, "2002", "b.wav");
    try {
      await caller.command("dial", `sip:62002@127.0.0.1:${box.ports.sip}`);
      // The box answers itself and asks for the PIN; the carrier sees nothing yet.
      await until(
        () => onBox("GET", "/calls"),
        (r) => r.json.items[0]?.state === "answered",
      );
      expect((await onCarrier("GET", "/calls")).json.items).toEqual([]);
      await Bun.sleep(1000);
      await caller.command("sndcode", "4321#");
      await callee.waitFor(/Incoming call|ringing/i, 10_000);
      await callee.command("accept");
      await until(
        () => onCarrier("GET", "/calls"),
        (r) => r.json.items[0]?.state === "answered",
      );
      await Bun.sleep(3000);
      await caller.command("hangup");
      await callee.waitFor(CALL_ENDED);
      // The box asked for the PIN (speech after the 0.5 s lead-in); after it the two phones
      // hear each other.
      expect(loudShare(caller.dumps()[0]!, 0.6, 1.6)).toBeGreaterThan(0.5);
      expect(toneShare(callee.dumps()[0]!, 1000, 0.5, 2.5)).toBeGreaterThan(0.8);
      const withPin = await until(
        () => onBox("GET", "/cdr?pin=4321"),
        (r) => r.json.items.length > 0,
      );
      expect(withPin.json.items[0]).toMatchObject({
        callee: "62002",
        type: "outbound",
        trunk: "Carrier A",
        pin: "4321",
        status: "answered",
      });

      await until(
        () => onBox("GET", "/calls"),
        (r) => r.json.items.length === 0,
      );
      const farCalls = (await onCarrier("GET", "/cdr")).json.items.length;
      await caller.command("dial", `sip:62002@127.0.0.1:${box.ports.sip}`);
      await until(
        () => onBox("GET", "/calls"),
        (r) => r.json.items[0]?.state === "answered",
      );
      await Bun.sleep(1000);
      await caller.command("sndcode", "1111#");
      // "Invalid entry", "goodbye", then the box hangs up; nothing reached the carrier.
      await until(
        () => onBox("GET", "/calls"),
        (r) => r.json.items.length === 0,
        15_000,
      );
      expect((await onCarrier("GET", "/cdr")).json.items.length).toBe(farCalls);
    } finally {
      await caller.stop();
      await callee.stop();
    }
  }, 60_000);

  test("an analog handset (FXS 1, 8001) keys its PIN; its call leaves on the trunk and it hears the far end", async () => {
    const callee = await phone(carrier, "2002", "b.wav");
    try {
      expect((await onBox("POST", "/sim/fxs/1/offhook")).status).toBe(200);
      await until(
        () => onBox("GET", "/sim/fxs/1"),
        (r) => r.json.hears === "dial-tone",
      );
      expect((await onBox("POST", "/sim/fxs/1/dial", { digits: "62002#" })).status).toBe(200);
      // The box answers and speaks the PIN prompt to the handset.
      await until(
        () => onBox("GET", "/sim/fxs/1"),
        (r) => r.json.hears === "audio",
      );
      expect((await onCarrier("GET", "/calls")).json.items).toEqual([]);
      expect((await onBox("POST", "/sim/fxs/1/dial", { digits: "4321#" })).status).toBe(200);
      await callee.waitFor(/Incoming call|ringing/i, 10_000);
      await callee.command("accept");
      await until(
        () => onCarrier("GET", "/calls"),
        (r) => r.json.items[0]?.state === "answered",
      );
      await Bun.sleep(1000);
      // 2002's 600 Hz tone reaches the handset.
      expect((await onBox("GET", "/sim/fxs/1")).json.hears).toBe("audio");
      await onBox("POST", "/sim/fxs/1/onhook");
      await callee.waitFor(CALL_ENDED);
      const records = await until(
        () => onBox("GET", "/cdr?caller=8001"),
        (r) => r.json.items.length > 0,
      );
      expect(records.json.items[0]).toMatchObject({
        type: "outbound",
        trunk: "Carrier A",
        pin: "4321",
        status: "answered",
      });
    } finally {
      await callee.stop();
    }
  }, 60_000);
});

/** A registered baresip phone of `pbx` speaking `wav`, recording what it hears. */
function phone(pbx: RunningPbx, extension: string, wav: string): Promise<Baresip> {
  return startRegisteredBaresip({
    extension,
    password: `Pass-${extension}!`,
    pbxPort: pbx.ports.sip,
    sourceWav: join(dir, wav),
    record: true,
  });
}
