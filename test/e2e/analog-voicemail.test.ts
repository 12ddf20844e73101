// End to end (SPEC CALL-7 for FXS handsets, issue 12): the real program on the simulated board,
// a baresip phone as IP extension 301 (its microphone a 440 Hz tone made with sox) and the
// virtual analog phone on FXS 1 (extension 8001), driven through /api/v1/sim/fxs/1. The admin
// turns voicemail on for 8001 with PIN 4321 in the analog extension route. 301 calls 8001; the
// handset rings and nobody lifts it: after the ring time the box answers with the greeting and
// records 301's tone into 8001's mailbox. Lifting the handset then gives stutter dial tone;
// *61# and the PIN keyed on the handset open 8001's own mailbox, 1 plays the message (heard,
// saved), 7 deletes it, and the next lift gives plain dial tone again. Then 8001 is busy (FXS 1
// off the hook): FXS 2's call to it goes to the mailbox at once without ringing it, the keys
// FXS 2 presses are the message, FXS 1 stutters until the message is deleted on the web.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Baresip,
  CALL_ENDED,
  seen,
  startRegisteredBaresip,
  untilSeen,
} from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { toneShare, writeToneWav } from "../support/tone-audio.ts";

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let caller: Baresip;
let dir: string;

const handset = () => api("GET", "/sim/fxs/1");
const hears = (sound: string, ms = 15_000) => until(handset, (r) => r.json.hears === sound, ms);
const key = async (digits: string) =>
  expect((await api("POST", "/sim/fxs/1/dial", { digits })).status).toBe(200);
const messages = async () =>
  (await api("GET", "/voicemail/messages?mailbox=8001")).json.items as {
    id: number;
    callerNumber: string;
    status: string;
  }[];

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  const on = await api("PATCH", "/analog-extensions/1", {
    voicemailEnabled: true,
    voicemailPin: "4321",
  });
  expect(on.status).toBe(200);
  expect(on.json).toMatchObject({ number: "8001", voicemailEnabled: true, voicemailPinSet: true });
  expect(
    (await api("POST", "/extensions", { number: "301", sipPassword: "Pass-301!" })).status,
  ).toBe(201);
  expect((await api("PATCH", "/calls/settings", { ringTimeoutS: 5 })).status).toBe(200);
  dir = tempDir("analog-voicemail-");
  const tone = join(dir, "tone.wav");
  await writeToneWav(tone, 440, 120);
  caller = await startRegisteredBaresip({
    extension: "301",
    password: "Pass-301!",
    pbxPort: pbx.ports.sip,
    sourceWav: tone,
    codecs: ["PCMU"],
  });
}, SETUP_BOUND_MS);

afterAll(async () => {
  if (process.env.CALL_DEBUG) console.log(caller?.output(), pbx?.output());
  await caller?.stop();
  await pbx?.stop();
});

test("nobody lifts 8001: the caller leaves a message, the handset hears stutter dial tone until *61# plays and deletes it", async () => {
  // Nothing waits yet: plain dial tone.
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await hears("dial-tone");
  expect((await api("POST", "/sim/fxs/1/onhook")).status).toBe(200);
  await Bun.sleep(1500);

  // 301 calls 8001: the handset rings showing 301, nobody lifts it, the box answers.
  const up = seen(caller, /established/);
  const down = seen(caller, CALL_ENDED);
  await caller.command("dial", `sip:8001@127.0.0.1:${pbx.ports.sip}`);
  // Caller ID comes after the first ring burst (1 s on, 4 s off).
  const ringing = await until(
    handset,
    (r) => r.json.ringBursts.length > 0 && r.json.callerId !== null,
  );
  expect(ringing.json.callerId.number).toBe("301");
  await untilSeen(caller, /established/, up, 20_000, pbx);
  // The handset stopped ringing: it is off the call.
  const bursts = (await handset()).json.ringBursts.length;
  await Bun.sleep(5500);
  expect((await handset()).json).toMatchObject({ ringing: false, hook: "on" });
  expect((await handset()).json.ringBursts.length).toBe(bursts);
  // Greeting ("not available", "record after the tone") and the beep, then 301's tone.
  await Bun.sleep(6500);
  await caller.command("hangup");
  await untilSeen(caller, CALL_ENDED, down, 15_000, pbx);

  const [left] = await until(messages, (items) => items.length === 1);
  expect(left).toMatchObject({ callerNumber: "301", status: "new" });
  const audio = await pbx.api(`/api/v1/voicemail/messages/${left!.id}/audio`, {
    token: await pbx.adminToken(),
  });
  expect(audio.status).toBe(200);
  const wav = join(dir, "message.wav");
  writeFileSync(wav, new Uint8Array(await audio.arrayBuffer()));
  expect(toneShare(wav, 440, 0, 60)).toBeGreaterThan(0.5);
  // The admin's voicemail page sees the analog mailbox as any other.
  expect((await api("GET", "/voicemail/mailboxes/8001")).json).toMatchObject({
    enabled: true,
    pinSet: true,
    newMessages: 1,
    oldMessages: 0,
  });

  // The handset lifted: stutter dial tone, and it keeps stuttering while it waits for digits.
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await hears("stutter-dial-tone");
  await Bun.sleep(2500);
  expect((await handset()).json.hears).toBe("stutter-dial-tone");

  // *61#: the box asks the PIN of 8001's own mailbox; 1 plays the message (now heard).
  await key("*61#");
  await hears("audio");
  await key("4321#");
  await Bun.sleep(1500);
  await key("1");
  await until(messages, (items) => items[0]?.status === "saved");
  await hears("audio");
  await Bun.sleep(1500);
  await key("7");
  await until(messages, (items) => items.length === 0);
  expect((await api("POST", "/sim/fxs/1/onhook")).status).toBe(200);
  await Bun.sleep(1500);

  // Nothing waits any more: plain dial tone again.
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await hears("dial-tone");
  await Bun.sleep(2500);
  expect((await handset()).json.hears).toBe("dial-tone");
  expect((await api("POST", "/sim/fxs/1/onhook")).status).toBe(200);
  expect(pbx.output()).not.toContain("4321");
}, 120_000);

test("8001 busy: FXS 2's call goes to the mailbox at once; the message deleted on the web ends the stutter", async () => {
  // FXS 1 off the hook (waiting for digits) is busy.
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await hears("dial-tone");
  const bursts = (await handset()).json.ringBursts.length;
  expect((await api("POST", "/sim/fxs/2/offhook")).status).toBe(200);
  await until(
    () => api("GET", "/sim/fxs/2"),
    (r) => r.json.hears === "dial-tone",
  );
  await api("POST", "/sim/fxs/2/dial", { digits: "8001#" });
  // The box answers for 8001 at once: the busy greeting, the beep.
  await until(
    () => api("GET", "/sim/fxs/2"),
    (r) => r.json.hears === "audio",
    5000,
  );
  // 8001 never rang.
  expect((await handset()).json.ringBursts).toHaveLength(bursts);
  // Greeting and beep over, the box listens (the earpiece goes quiet).
  await until(
    () => api("GET", "/sim/fxs/2"),
    (r) => r.json.hears === "silence",
  );
  // Something to keep: the handset's keys are sound on the line.
  await api("POST", "/sim/fxs/2/dial", { digits: "1234567890" });
  await Bun.sleep(2500);
  expect((await api("POST", "/sim/fxs/2/onhook")).status).toBe(200);
  const [left] = await until(messages, (items) => items.length === 1);
  expect(left).toMatchObject({ callerNumber: "8002", status: "new" });

  expect((await api("POST", "/sim/fxs/1/onhook")).status).toBe(200);
  await Bun.sleep(1500);
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await hears("stutter-dial-tone");
  expect((await api("POST", "/sim/fxs/1/onhook")).status).toBe(200);
  expect((await api("DELETE", `/voicemail/messages/${left!.id}`)).status).toBe(204);
  await Bun.sleep(1500);
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await hears("dial-tone");
  await Bun.sleep(2500);
  expect((await handset()).json.hears).toBe("dial-tone");
  expect((await api("POST", "/sim/fxs/1/onhook")).status).toBe(200);
}, 60_000);
