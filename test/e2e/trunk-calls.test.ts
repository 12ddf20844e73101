// End to end (SPEC ROUTE-1, ROUTE-4): calls into the box from its trunks, routed by the
// admin's inbound routes. A second box plays the carrier: our box registers to it as its
// extension 8000, and a SIPp phone on the carrier dials 8000; the inbound route rings our
// extension 101, a real baresip phone that answers. SIPp sending from 127.0.0.2 plays another
// PBX on a peer trunk (no REGISTER, no digest); 127.0.0.3 is no trunk and gets only the digest
// challenge. An IVR answers DID 8100: key 1 (RFC 4733 events from SIPp's pcap, or DTMF tones
// in the caller's A-law audio) reaches 101 within the same call, key 7 ends the call; another
// menu sends a silent caller on to 101. An FXO line in an analog trunk goes
// through the same routes. A caller whose number is in the phonebook rings with its name.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { alawFromLinear } from "../../media/codec/g711.ts";
import { generateDtmf } from "../../media/dsp/dtmf-generator.ts";
import { writeWav } from "../../media/file/wav-writer.ts";
import { type Baresip, startBaresip } from "../support/baresip.ts";
import { freePort } from "../support/free-port.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { sipp } from "../support/sipp.ts";
import { tempDir } from "../support/temp-dir.ts";

let ours: RunningPbx;
let carrier: RunningPbx;
let ourToken: string;
let carrierToken: string;
let phone: Baresip;
let ivrId: number;
let quietId: number;

const PHONE_PW = "Phone-101-pw";
const TRUNK_PW = "Trunk-8000-pw";
const CALLER_PW = "Caller-7001-pw";

async function post(pbx: RunningPbx, token: string, path: string, body: unknown) {
  const res = await pbx.api(`/api/v1${path}`, {
    method: "POST",
    token,
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: number };
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await Bun.sleep(100);
    value = await read();
  }
  return value;
}

interface CdrItem {
  caller: string;
  callee: string;
  finalCallee: string;
  status: string;
  type: string;
}

async function lastRecord(): Promise<CdrItem | undefined> {
  const res = await ours.api("/api/v1/cdr?limit=1", { token: ourToken });
  return ((await res.json()) as { items: CdrItem[] }).items[0];
}

interface CallItem {
  id: string;
  legs: { extension: string; state: string }[];
}

async function ourCalls(): Promise<CallItem[]> {
  const res = await ours.api("/api/v1/calls", { token: ourToken });
  return ((await res.json()) as { items: CallItem[] }).items;
}

const incomingCount = () => (phone.output().match(/Incoming call/gi) ?? []).length;

/** Waits until the phone rings once more than `before` times, answers, and returns the call. */
async function answerNextCall(before: number): Promise<CallItem | undefined> {
  const deadline = Date.now() + 15_000;
  while (incomingCount() <= before) {
    if (Date.now() > deadline) throw new Error(`101 never rang:\n${ours.output().slice(-3000)}`);
    await Bun.sleep(50);
  }
  await phone.command("accept");
  const calls = await until(ourCalls, (items) => items.some(talkingTo101));
  return calls.find(talkingTo101);
}

const talkingTo101 = (call: CallItem) =>
  call.legs.some((l) => l.extension === "101" && l.state === "answered");

/**
 * A pcap of A-law RTP (PT 8, 20 ms packets) as SIPp replays it: 200 ms of silence, the tones
 * of `key` for 120 ms, then 500 ms of silence.
 */
function inBandPcap(key: string): Uint8Array {
  const tone = generateDtmf(key, { durationMs: 120 });
  const pcm = new Int16Array(1600 + tone.length + 4000);
  pcm.set(tone, 1600);
  const packets: Uint8Array[] = [];
  for (let n = 0; n * 160 < pcm.length; n++) {
    const packet = new Uint8Array(16 + 14 + 20 + 8 + 12 + 160);
    const view = new DataView(packet.buffer);
    view.setUint32(0, Math.floor((n * 20) / 1000), true);
    view.setUint32(4, ((n * 20) % 1000) * 1000, true);
    view.setUint32(8, packet.length - 16, true);
    view.setUint32(12, packet.length - 16, true);
    view.setUint16(16 + 12, 0x0800); // Ethernet: IPv4
    const ip = 16 + 14;
    view.setUint8(ip, 0x45);
    view.setUint16(ip + 2, 20 + 8 + 12 + 160);
    view.setUint8(ip + 8, 64);
    view.setUint8(ip + 9, 17); // UDP
    packet.set([127, 0, 0, 2, 127, 0, 0, 1], ip + 12);
    const udp = ip + 20;
    view.setUint16(udp, 6000);
    view.setUint16(udp + 2, 6002);
    view.setUint16(udp + 4, 8 + 12 + 160);
    const rtp = udp + 8;
    view.setUint8(rtp, 0x80);
    view.setUint8(rtp + 1, 8);
    view.setUint16(rtp + 2, n);
    view.setUint32(rtp + 4, n * 160);
    view.setUint32(rtp + 8, 0x1234);
    for (let i = 0; i < 160; i++) packet[rtp + 12 + i] = alawFromLinear(pcm[n * 160 + i] ?? 0);
    packets.push(packet);
  }
  const header = new Uint8Array(24);
  const h = new DataView(header.buffer);
  h.setUint32(0, 0xa1b2c3d4, true);
  h.setUint16(4, 2, true);
  h.setUint16(6, 4, true);
  h.setUint32(16, 65535, true);
  h.setUint32(20, 1, true); // Ethernet
  return Buffer.concat([header, ...packets]);
}

/** SIPp as another PBX on 127.0.0.2 calling `did`, staying `stayMs` once answered. */
function fromSiteB(
  scenario: string,
  did: string,
  stayMs: number,
  files: Record<string, Uint8Array> = {},
) {
  return (async () =>
    sipp({
      scenario,
      target: ours.ports.sip,
      service: did,
      localIp: "127.0.0.2",
      files,
      extra: ["-mp", String(await freePort()), "-d", String(stayMs)],
      timeoutMs: 40_000,
    }))();
}

beforeAll(async () => {
  [ours, carrier] = await Promise.all([startPbx(), startPbx()]);
  [ourToken, carrierToken] = await Promise.all([ours.adminToken(), carrier.adminToken()]);
  await post(ours, ourToken, "/extensions", { number: "101", sipPassword: PHONE_PW });
  await post(carrier, carrierToken, "/extensions", { number: "8000", sipPassword: TRUNK_PW });
  await post(carrier, carrierToken, "/extensions", { number: "7001", sipPassword: CALLER_PW });
  // baresip answers only with a microphone it can open: 10 s of a quiet 600 Hz tone.
  const wav = join(tempDir("trunk-calls-"), "mic.wav");
  const tone = Int16Array.from({ length: 80_000 }, (_, i) =>
    Math.round(3000 * Math.sin((2 * Math.PI * 600 * i) / 8000)),
  );
  writeFileSync(wav, writeWav(8000, [tone]));
  phone = await startBaresip({
    extension: "101",
    password: PHONE_PW,
    pbxPort: ours.ports.sip,
    sourceWav: wav,
  });
  await phone.waitFor(/200 OK|registered successfully/i, 15_000);
  await post(ours, ourToken, "/trunks", {
    name: "Carrier",
    kind: "register",
    host: "127.0.0.1",
    port: carrier.ports.sip,
    transport: "UDP",
    username: "8000",
    password: TRUNK_PW,
    registerExpiryS: 120,
  });
  await post(ours, ourToken, "/trunks", { name: "Site B", kind: "peer", host: "127.0.0.2" });
  await post(ours, ourToken, "/trunks", { name: "PSTN", kind: "analog", fxoPorts: ["1"] });
  ivrId = (
    await post(ours, ourToken, "/ivrs", {
      name: "Main",
      prompt: "ivr/welcome",
      keys: ["1=extension:101"],
      directDial: false,
      // Longer than the key test's caller stays: only the key can bring it to 101.
      timeoutS: 10,
      repeat: 1,
      invalidDestination: "hangup",
      timeoutDestination: "hangup",
    })
  ).id;
  const quiet = await post(ours, ourToken, "/ivrs", {
    name: "Quiet",
    prompt: "ivr/welcome",
    keys: [],
    directDial: false,
    timeoutS: 1,
    repeat: 1,
    invalidDestination: "hangup",
    timeoutDestination: "extension:101",
  });
  quietId = quiet.id;
  for (const route of [
    { name: "Carrier DID", trunk: "Carrier", didPattern: "8000", destination: "extension:101" },
    { name: "Attendant", didPattern: "8100", destination: `ivr:${ivrId}` },
    { name: "Site B", trunk: "Site B", didPattern: "8200", destination: "extension:101" },
    { name: "Quiet line", didPattern: "8300", destination: `ivr:${quiet.id}` },
    { name: "Lines", trunk: "PSTN", destination: `ivr:${ivrId}` },
  ])
    await post(ours, ourToken, "/inbound-routes", route);
  const trunk = await until(
    async () => {
      const res = await ours.api("/api/v1/trunks", { token: ourToken });
      const { items } = (await res.json()) as {
        items: { name: string; status: { state: string } }[];
      };
      return items.find((t) => t.name === "Carrier")?.status.state;
    },
    (state) => state === "registered",
  );
  expect(trunk).toBe("registered");
}, SETUP_BOUND_MS);

afterAll(async () => {
  if (process.env.CALL_DEBUG) console.log(phone?.output(), ours?.output());
  await phone?.stop();
  await Promise.all([ours?.stop(), carrier?.stop()]);
});

describe("calls in over a register trunk", () => {
  test("the carrier's caller dials our DID 8000 and the inbound route rings 101", async () => {
    const before = incomingCount();
    const caller = (async () =>
      sipp({
        scenario: "call-uac.xml",
        target: carrier.ports.sip,
        service: "8000",
        user: "7001",
        password: CALLER_PW,
        extra: [
          "-key",
          "caller",
          "7001",
          "-mp",
          String(await freePort()),
          "-auth_uri",
          `8000@127.0.0.1:${carrier.ports.sip}`,
        ],
        timeoutMs: 40_000,
      }))();
    expect(await answerNextCall(before)).toBeDefined();
    const run = await caller;
    expect(run.errors).toBe("");
    expect(run.code).toBe(0);
    expect(phone.output()).toMatch(/7001/);
    const record = await until(lastRecord, (r) => r?.callee === "8000");
    expect(record).toMatchObject({
      caller: "7001",
      callee: "8000",
      finalCallee: "101",
      status: "answered",
      type: "inbound",
    });
  }, 60_000);
});

describe("calls in over a peer trunk", () => {
  test("the peer's INVITE needs no registration or digest and rings 101", async () => {
    const before = incomingCount();
    const caller = fromSiteB("trunk-peer-uac.xml", "8200", 1500);
    expect(await answerNextCall(before)).toBeDefined();
    const run = await caller;
    expect(run.errors).toBe("");
    expect(run.code).toBe(0);
    const record = await until(lastRecord, (r) => r?.callee === "8200");
    expect(record).toMatchObject({ finalCallee: "101", status: "answered", type: "inbound" });
  }, 60_000);

  test("a caller in the phonebook rings 101 with the contact's name, not the carrier's", async () => {
    await post(ours, ourToken, "/contacts", { name: "王总", mobile: "138 0013 8000" });
    const before = incomingCount();
    const caller = fromSiteB("trunk-peer-uac.xml", "8200", 500);
    expect(await answerNextCall(before)).toBeDefined();
    expect((await caller).code).toBe(0);
    const rings = phone.output().split(/Incoming call from/i);
    expect(rings[rings.length - 1]).toContain("王总");
    expect(rings[rings.length - 2]).toContain("Site B");
  }, 60_000);

  test("an INVITE from an address that is no trunk gets the challenge and no call", async () => {
    const before = incomingCount();
    const replies: string[] = [];
    const socket = await Bun.udpSocket({
      hostname: "127.0.0.3",
      socket: { data: (_s, data) => void replies.push(Buffer.from(data).toString()) },
    });
    const body =
      "v=0\r\no=- 1 1 IN IP4 127.0.0.3\r\ns=-\r\nc=IN IP4 127.0.0.3\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
    socket.send(
      [
        `INVITE sip:8200@127.0.0.1:${ours.ports.sip} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.3:${socket.port};branch=z9hG4bKstranger1;rport`,
        "Max-Forwards: 70",
        "From: <sip:13900000000@127.0.0.3>;tag=s1",
        `To: <sip:8200@127.0.0.1>`,
        "Call-ID: stranger-1@127.0.0.3",
        "CSeq: 1 INVITE",
        `Contact: <sip:13900000000@127.0.0.3:${socket.port}>`,
        "Content-Type: application/sdp",
        `Content-Length: ${body.length}`,
        "",
        body,
      ].join("\r\n"),
      ours.ports.sip,
      "127.0.0.1",
    );
    const answered = await until(
      async () => replies.find((r) => /^SIP\/2\.0 [2-6]\d\d/.test(r)),
      (r) => r !== undefined,
      5000,
    );
    socket.close();
    expect(answered).toMatch(/^SIP\/2\.0 401 /);
    await Bun.sleep(500);
    expect(incomingCount()).toBe(before);
  }, 30_000);
});

describe("an IVR on an inbound route", () => {
  test("key 1 as RFC 4733 events reaches 101 within the same call", async () => {
    const before = incomingCount();
    const caller = fromSiteB("trunk-ivr-key1.xml", "8100", 6000);
    const atIvr = await until(ourCalls, (calls) =>
      calls.some((c) => c.legs.some((l) => l.extension === `ivr:${ivrId}`)),
    );
    const callId = atIvr[0]!.id;
    const joined = await answerNextCall(before);
    // The same call: the IVR handed it on, the caller was never answered twice.
    expect(joined?.id).toBe(callId);
    expect(joined?.legs.map((l) => l.extension)).toEqual(["13800138000", "101"]);
    const run = await caller;
    expect(run.errors).toBe("");
    expect(run.code).toBe(0);
    const record = await until(lastRecord, (r) => r?.callee === "8100");
    expect(record).toMatchObject({
      caller: "13800138000",
      finalCallee: "101",
      status: "answered",
      type: "inbound",
    });
  }, 60_000);

  test("key 1 as tones in the caller's audio (in-band) reaches 101 the same way", async () => {
    const before = incomingCount();
    const caller = fromSiteB("trunk-ivr-inband1.xml", "8100", 6000, {
      "inband-1.pcap": inBandPcap("1"),
    });
    const atIvr = await until(ourCalls, (calls) =>
      calls.some((c) => c.legs.some((l) => l.extension === `ivr:${ivrId}`)),
    );
    const joined = await answerNextCall(before);
    expect(joined?.id).toBe(atIvr[0]!.id);
    const run = await caller;
    // SIPp notes that it found the pcap in its working directory, not beside the scenario.
    const notice = /^.*couldn't be found next to the scenario.*$/m;
    expect(
      run.errors.replace(notice, "").replace("The following events occurred:", "").trim(),
    ).toBe("");
    expect(run.code).toBe(0);
  }, 60_000);

  test("a key that leads nowhere, past the repeat count, ends the call: the box hangs up", async () => {
    const before = incomingCount();
    const run = await fromSiteB("trunk-ivr-key7.xml", "8100", 0);
    expect(run.errors).toBe("");
    expect(run.code).toBe(0);
    expect(incomingCount()).toBe(before);
    const record = await until(lastRecord, (r) => r?.finalCallee === `ivr:${ivrId}`);
    expect(record).toMatchObject({ callee: "8100", status: "answered", type: "inbound" });
  }, 60_000);

  test("a caller who presses nothing reaches the timeout destination, 101", async () => {
    const before = incomingCount();
    const caller = fromSiteB("trunk-peer-uac.xml", "8300", 6000);
    const atIvr = await until(ourCalls, (calls) =>
      calls.some((c) => c.legs.some((l) => l.extension === `ivr:${quietId}`)),
    );
    expect(incomingCount()).toBe(before);
    expect((await answerNextCall(before))?.id).toBe(atIvr[0]!.id);
    const run = await caller;
    expect(run.code).toBe(0);
    const record = await until(lastRecord, (r) => r?.callee === "8300" && r.finalCallee === "101");
    expect(record).toMatchObject({ status: "answered", type: "inbound" });
  }, 60_000);
});

describe("an FXO line in an analog trunk", () => {
  test("rings in and goes where the trunk's route says: the IVR answers the line", async () => {
    const api = (method: string, path: string, body?: unknown) =>
      ours.api(`/api/v1${path}`, {
        method,
        token: ourToken,
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const before = incomingCount();
    expect((await api("POST", "/sim/fxo/1/ring", { callerId: "13800138000" })).status).toBe(200);
    // Without the route 101 would ring and the line stay on-hook until someone answered.
    const line = await until(
      async () => (await (await api("GET", "/sim/fxo/1")).json()) as { pbxOffHook: boolean },
      (l) => l.pbxOffHook === true,
    );
    expect(line.pbxOffHook).toBe(true);
    expect(incomingCount()).toBe(before);
    await api("POST", "/sim/fxo/1/hangup");
    const record = await until(
      lastRecord,
      (r) => r?.finalCallee === `ivr:${ivrId}` && r.callee !== "8100",
    );
    expect(record).toMatchObject({ caller: "13800138000", type: "inbound" });
  }, 60_000);
});
