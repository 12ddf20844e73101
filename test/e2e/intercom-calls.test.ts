// Intercom and paging to one extension end to end (SPEC CALL-6, manual 寻呼与对讲): the real
// program, baresip phones sending their own tones and recording what they hear, and a bare
// SIP phone (the test's own socket, registered as 503) that shows the INVITE the box sends.
// *50 + extension rings the phone with the auto-answer headers (Call-Info answer-after=0 and
// the alert-autoanswer Alert-Info for a phone of unknown make); baresip 502, which answers
// by itself, then talks both ways with 501. *51 + extension pages: the INVITE offers
// a=sendonly, 502 hears 501, and 501 hears nothing from 502. An extension on DND is refused as
// busy and left out of its paging group's page.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { readWav } from "../../media/file/wav-reader.ts";
import {
  type Baresip,
  CALL_ENDED,
  seen,
  startRegisteredBaresip,
  untilSeen as untilPhoneSeen,
} from "../support/baresip.ts";
import { boxApi } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { type SipWatcher, sipWatcher } from "../support/sip-watcher.ts";
import { tempDir } from "../support/temp-dir.ts";
import { toneShare, writeToneWav } from "../support/tone-audio.ts";

const TONE_HZ: Record<string, number> = { "501": 500, "502": 700 };
const password = (n: string) => `Pass-${n}!`;
const ESTABLISHED = /Call established/;

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let bare: SipWatcher;
const phones: Record<string, Baresip> = {};

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  const dir = tempDir("intercom-");
  for (const number of ["501", "502", "503"])
    expect(
      (await api("POST", "/extensions", { number, sipPassword: password(number) })).status,
    ).toBe(201);
  for (const number of ["501", "502"]) {
    const wav = join(dir, `${number}.wav`);
    await writeToneWav(wav, TONE_HZ[number]!, 120);
    phones[number] = await startRegisteredBaresip({
      extension: number,
      password: password(number),
      pbxPort: pbx.ports.sip,
      sourceWav: wav,
      record: true,
      autoAnswer: number === "502",
    });
  }
  bare = await sipWatcher("503", password("503"), pbx.ports.sip);
  expect((await bare.register()).status).toBe(200);
}, SETUP_BOUND_MS);

afterAll(async () => {
  if (process.env.CALL_DEBUG) console.log(pbx.output());
  bare?.close();
  for (const phone of Object.values(phones)) await phone.stop();
  await pbx?.stop();
});

const untilSeen = (phone: Baresip, pattern: RegExp, moreThan: number, ms?: number) =>
  untilPhoneSeen(phone, pattern, moreThan, ms, pbx);
const sipUri = (user: string) => `sip:${encodeURIComponent(user)}@127.0.0.1:${pbx.ports.sip}`;

/** The 2 s of `number`'s last recording that end at least 0.6 s before it, as whole seconds. */
function lastSeconds(number: string): { file: string; from: number; to: number } {
  const file = phones[number]!.dumps()
    .sort((x, y) => statSync(x).mtimeMs - statSync(y).mtimeMs)
    .at(-1);
  if (!file) throw new Error(`${number} recorded nothing:\n${phones[number]!.output()}`);
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(wav.error);
  const to = Math.floor(wav.wav.channels[0]!.length / wav.wav.sampleRateHz - 0.6);
  return { file, from: to - 2, to };
}

/** 501 dials `code`; 502 answers by itself; they stay 4 s; 501 hangs up. */
async function callOn(code: string): Promise<void> {
  const [up, down] = [seen(phones["501"]!, ESTABLISHED), seen(phones["502"]!, CALL_ENDED)];
  await phones["501"]!.command("dial", sipUri(code));
  await untilSeen(phones["501"]!, ESTABLISHED, up);
  await Bun.sleep(4000);
  await phones["501"]!.command("hangup");
  await untilSeen(phones["502"]!, CALL_ENDED, down);
}

/** The INVITE the bare phone 503 gets when 501 dials `code` (501 then hangs up). */
async function inviteFor(code: string) {
  const mark = bare.received.length;
  await phones["501"]!.command("dial", sipUri(code));
  const deadline = Date.now() + 10_000;
  while (!bare.received.slice(mark).some((r) => r.method === "INVITE")) {
    if (Date.now() > deadline)
      throw new Error(`no INVITE for ${code}:\n${pbx.output().slice(-4000)}`);
    await Bun.sleep(50);
  }
  await phones["501"]!.command("hangup");
  await Bun.sleep(500);
  return bare.received.slice(mark).find((r) => r.method === "INVITE")!;
}

describe("intercom and paging to one extension (CALL-6)", () => {
  test("*50 and *51 ring the phone with the headers that make it answer by itself", async () => {
    for (const code of ["*50503", "*51503#"]) {
      const invite = await inviteFor(code);
      expect(invite.headers.get("call-info")).toMatch(/^<sip:[^>]+>;answer-after=0$/);
      expect(invite.headers.get("alert-info")).toBe("info=alert-autoanswer");
    }
  }, 60_000);

  test("*50 intercom: the phone answers by itself and both talk", async () => {
    await callOn("*50502");
    const at502 = lastSeconds("502");
    expect(toneShare(at502.file, TONE_HZ["501"]!, at502.from, at502.to)).toBeGreaterThan(0.6);
    const at501 = lastSeconds("501");
    expect(toneShare(at501.file, TONE_HZ["502"]!, at501.from, at501.to)).toBeGreaterThan(0.6);
  }, 60_000);

  test("*51 page: the paged phone hears the caller, the caller does not hear it", async () => {
    await callOn("*51502");
    const at502 = lastSeconds("502");
    expect(toneShare(at502.file, TONE_HZ["501"]!, at502.from, at502.to)).toBeGreaterThan(0.6);
    const at501 = lastSeconds("501");
    expect(toneShare(at501.file, TONE_HZ["502"]!, at501.from, at501.to, 0.2)).toBeLessThan(0.05);
  }, 60_000);

  test("an extension on DND is neither called by *50 / *51 (486) nor paged with its group", async () => {
    expect((await api("PUT", "/dnd/502", { enabled: true })).status).toBe(200);
    const callee = phones["502"]!;
    const rings = seen(callee, /Incoming call/);
    for (const code of ["*50502", "*51502#"]) {
      const busy = seen(phones["501"]!, /486/);
      await phones["501"]!.command("dial", sipUri(code));
      await untilSeen(phones["501"]!, /486/, busy);
    }
    // The group's other member is paged; 502 is not.
    const group = await api("POST", "/paging-groups", {
      number: "650",
      name: "Dock",
      mode: "simplex",
      members: ["502", "503"],
    });
    expect(group.status).toBe(201);
    const invite = await inviteFor("650");
    expect(invite.headers.get("call-info")).toMatch(/answer-after=0$/);
    await Bun.sleep(1000);
    expect(seen(callee, /Incoming call/)).toBe(rings);
    expect((await api("PUT", "/dnd/502", { enabled: false })).status).toBe(200);
  }, 60_000);
});
