// End to end (SPEC CALL-7 and the manual's 语音留言): the real program, baresip phones as
// extensions 601 (the mailbox's owner, voicemail on, PIN 4321, an e-mail address) and 602 (the
// caller, whose microphone is a 440 Hz tone made with sox), a SIP watcher for 601's message
// waiting (RFC 3842), and a tiny SMTP server. 602 calls 601, who does not answer: after the
// ring time the box plays the greeting and the beep and records the tone until 602 hangs up.
// The watcher sees "Messages-Waiting: yes" with one new message, the mail arrives with the WAV
// (the tone in it); 601 dials *61#, enters the PIN, presses 1 and hears the tone, presses 7 to
// delete it, and the watcher sees the lamp go off; 3 sets a new PIN (kept hashed, not in the
// log). A caller who hangs up during the greeting leaves nothing.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SipRequest } from "../../firmware/sip/message/message.ts";
import { writeWav } from "../../media/file/wav-writer.ts";
import { type Baresip, CALL_ENDED, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { type SipWatcher, sipWatcher } from "../support/sip-watcher.ts";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server.ts";
import { tempDir } from "../support/temp-dir.ts";
import { toneShare, writeToneWav } from "../support/tone-audio.ts";

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let owner: Baresip;
let caller: Baresip;
let watcher: SipWatcher;
let smtp: TestSmtpServer;
let dir: string;

const password = (n: string) => `Pass-${n}!`;
const uri = (user: string) => `sip:${encodeURIComponent(user)}@127.0.0.1:${pbx.ports.sip}`;
const body = (n: SipRequest) => new TextDecoder().decode(n.body);
const count = (phone: Baresip, pattern: RegExp) =>
  (phone.output().match(new RegExp(pattern.source, "gi")) ?? []).length;

async function more(phone: Baresip, pattern: RegExp, before: number, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (count(phone, pattern) <= before) {
    if (Date.now() > deadline)
      throw new Error(`no ${pattern}:\n${phone.output()}\n--- box:\n${pbx.output().slice(-8000)}`);
    await Bun.sleep(50);
  }
}

const RINGS = /Incoming call/;
const ESTABLISHED = /established/;

beforeAll(async () => {
  smtp = startSmtpServer();
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  const smtpSet = await api("PUT", "/settings/smtp", {
    host: "127.0.0.1",
    port: smtp.port,
    security: "none",
    from: "pbx@example.com",
  });
  expect(smtpSet.status).toBe(200);
  const made = await api("POST", "/extensions", {
    number: "601",
    sipPassword: password("601"),
    voicemailEnabled: true,
    voicemailPin: "4321",
    email: "owner@example.com",
  });
  expect(made.status).toBe(201);
  expect(
    (await api("POST", "/extensions", { number: "602", sipPassword: password("602") })).status,
  ).toBe(201);
  expect((await api("PATCH", "/calls/settings", { ringTimeoutS: 5 })).status).toBe(200);
  dir = tempDir("voicemail-");
  const quiet = join(dir, "quiet.wav");
  writeFileSync(quiet, writeWav(8000, [new Int16Array(8000 * 120)]));
  const tone = join(dir, "tone.wav");
  await writeToneWav(tone, 440, 120);
  [owner, caller] = await Promise.all([
    startRegisteredBaresip({
      extension: "601",
      password: password("601"),
      pbxPort: pbx.ports.sip,
      sourceWav: quiet,
      record: true,
      codecs: ["PCMU"],
    }),
    startRegisteredBaresip({
      extension: "602",
      password: password("602"),
      pbxPort: pbx.ports.sip,
      sourceWav: tone,
      codecs: ["PCMU"],
    }),
  ]);
  watcher = await sipWatcher("601", password("601"), pbx.ports.sip);
}, SETUP_BOUND_MS);

afterAll(async () => {
  if (process.env.CALL_DEBUG) console.log(owner?.output(), pbx?.output());
  watcher?.close();
  await Promise.all([owner?.stop(), caller?.stop()]);
  await pbx?.stop();
  smtp?.stop();
});

test("an unanswered call leaves a message; the lamp, the mail, *61# to hear and delete it", async () => {
  const mark = watcher.received.length;
  const { response } = await watcher.subscribe("601", "message-summary", 600);
  expect(response.status).toBe(200);
  const first = await watcher.waitNotify((n) => n.headers.get("event") === "message-summary", mark);
  expect(body(first)).toContain("Messages-Waiting: no");

  // 602 calls 601, who lets it ring: the box answers with the greeting after the ring time.
  const rang = count(owner, RINGS);
  const up = count(caller, ESTABLISHED);
  const down = count(caller, CALL_ENDED);
  await caller.command("dial", uri("601"));
  await more(owner, RINGS, rang);
  await more(caller, ESTABLISHED, up, 15_000);
  // Greeting ("not available", "record your message after the tone") and the beep, then 4 s
  // of the caller's tone.
  await Bun.sleep(12_000);
  await caller.command("hangup");
  await more(caller, CALL_ENDED, down);

  const lit = await watcher.waitNotify(
    (n) =>
      n.headers.get("event") === "message-summary" && body(n).includes("Messages-Waiting: yes"),
    mark,
    15_000,
  );
  expect(body(lit)).toContain("Voice-Message: 1/0");

  // The owner's mail, with the message attached as a WAV holding the tone.
  const [mail] = await smtp.waitForMails(1, 15_000);
  expect(mail!.to.join(",")).toContain("owner@example.com");
  const wav = mail!.parts.find((p) => (p.headers["content-type"] ?? "").includes("audio/wav"));
  expect(wav).toBeDefined();
  const attached = join(dir, "attached.wav");
  writeFileSync(attached, wav!.body);
  expect(toneShare(attached, 440, 0, 60)).toBeGreaterThan(0.5);

  // *61#: the PIN, 1 to hear the message (the tone), 7 to delete it, * to leave.
  const ownerUp = count(owner, ESTABLISHED);
  const ownerDown = count(owner, CALL_ENDED);
  const beforeOff = watcher.received.length;
  await owner.command("dial", uri("*61#"));
  await more(owner, ESTABLISHED, ownerUp);
  await Bun.sleep(1500);
  await owner.command("sndcode", "4321#");
  await Bun.sleep(1500);
  await owner.command("sndcode", "1");
  await Bun.sleep(7000);
  // Heard, the message is saved: the lamp goes off with one saved message.
  const heardOff = await watcher.waitNotify(
    (n) => n.headers.get("event") === "message-summary" && body(n).includes("Messages-Waiting: no"),
    beforeOff,
    15_000,
  );
  expect(body(heardOff)).toContain("Voice-Message: 0/1");
  await owner.command("sndcode", "7");
  const off = await watcher.waitNotify(
    (n) => n.headers.get("event") === "message-summary" && body(n).includes("Voice-Message: 0/0"),
    beforeOff,
    15_000,
  );
  expect(body(off)).toContain("Messages-Waiting: no");
  await Bun.sleep(1500);
  // 3: a new PIN, kept hashed (the mailbox says a PIN was set, never which).
  await owner.command("sndcode", "3");
  await Bun.sleep(1000);
  await owner.command("sndcode", "2468#");
  await until(
    () => api("GET", "/voicemail/mailboxes/601"),
    (r) => r.json.pinSet === true,
  );
  await owner.command("sndcode", "*");
  await more(owner, CALL_ENDED, ownerDown, 30_000);
  const heard = owner.dumps().at(-1)!;
  // The tone was heard for a good part of the 7 s the message had to play.
  expect(toneShare(heard, 440, 0, 60) * 60).toBeGreaterThan(2);
  expect(pbx.output()).not.toContain("2468");
}, 120_000);

test("a caller who hangs up during the greeting leaves no message", async () => {
  const rang = count(owner, RINGS);
  const up = count(caller, ESTABLISHED);
  const down = count(caller, CALL_ENDED);
  await caller.command("dial", uri("601"));
  await more(owner, RINGS, rang);
  await more(caller, ESTABLISHED, up, 15_000);
  await Bun.sleep(2000);
  await caller.command("hangup");
  await more(caller, CALL_ENDED, down);
  await Bun.sleep(1000);
  expect((await api("GET", "/voicemail/messages?mailbox=601")).json.items).toEqual([]);
  expect(smtp.mails).toHaveLength(1);
}, 60_000);
