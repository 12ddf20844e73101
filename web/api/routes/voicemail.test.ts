import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { openTestDatabase } from "../../../firmware/db/test-database.ts";
import type { MailboxEvent } from "../../../firmware/events/event-bus.ts";
import { startVoicemail, type Voicemail } from "../../../firmware/voicemail/start-voicemail.ts";
import { voicemailFacade } from "../../../firmware/voicemail/voicemail-facade.ts";
import { tempDir } from "../../../test/support/temp-dir.ts";
import { toneWavBytes } from "../../../test/support/tone-audio.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let vm: Voicemail;
let op: string;
let events: MailboxEvent[];
/** While true, greeting writes fail after 1 kB as on a full disk. */
let diskFull: boolean;

const tone = () => {
  const x = new Int16Array(16000);
  for (let i = 0; i < x.length; i++) x[i] = Math.round(8000 * Math.sin(i / 3));
  return x;
};
const leave = (mailbox: string, from: string) =>
  vm.store.add(mailbox, {
    callerNumber: from,
    callerName: "",
    receivedMs: t.clock.now(),
    samples: tone(),
  });

beforeEach(async () => {
  t = await startTestApi();
  await t.login("admin", ADMIN_PASSWORD);
  op = await t.tokenFor("operator");
  for (const number of ["101", "102"])
    t.services.extensions.create({ number, sipPassword: `ext-pw-${number}`, webLogin: true });
  events = [];
  diskFull = false;
  vm = startVoicemail({
    db: openTestDatabase().db,
    dir: tempDir("voicemail-api-"),
    clock: { now: t.clock.now, setTimer: () => ({ cancel() {} }) },
    events: { emit: (e) => (e.type === "mailbox" ? events.push(e) : undefined) },
    owner: (n) => t.services.extensions.get(n),
    language: () => undefined,
    clip: () => undefined,
    featureCodes: () => [],
    log: () => {},
    writeChunk: (fd, bytes, offset, length) => {
      if (!diskFull) return writeSync(fd, bytes, offset, length);
      writeSync(fd, bytes, offset, Math.min(length, 1024));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    },
  });
  t.services.voicemail = voicemailFacade({
    voicemail: vm,
    extension: (n) => t.services.extensions.get(n),
    updateExtension: (n, patch) => t.services.extensions.update(n, patch),
  });
});
afterEach(() => t.close());

describe("/api/v1/voicemail", () => {
  test("the owner lists, plays, saves and deletes its own messages; another's is 404", async () => {
    const mine = leave("101", "102");
    const theirs = leave("102", "101");
    const ext = (await t.login("101", "ext-pw-101")).token;
    const list = await t.call("GET", "/api/v1/voicemail/messages", { token: ext });
    expect(list.status).toBe(200);
    const items = ((await list.json()) as { items: { id: number; status: string }[] }).items;
    expect(items.map((m) => m.id)).toEqual([mine.id]);
    const audio = await t.call("GET", `/api/v1/voicemail/messages/${mine.id}/audio`, {
      token: ext,
    });
    expect(audio.headers.get("content-type")).toBe("audio/wav");
    // A RIFF/WAVE file whose fmt chunk says 8 kHz.
    const wav = Buffer.from(await audio.arrayBuffer());
    expect(wav.toString("latin1", 0, 4) + wav.toString("latin1", 8, 12)).toBe("RIFFWAVE");
    expect(wav.readUInt32LE(24)).toBe(8000);
    for (const path of [
      `/api/v1/voicemail/messages/${theirs.id}/audio`,
      "/api/v1/voicemail/messages?mailbox=102",
    ])
      expect((await t.call("GET", path, { token: ext })).status).toBe(404);
    const saved = await t.call("PATCH", `/api/v1/voicemail/messages/${mine.id}`, {
      token: ext,
      body: { status: "saved" },
    });
    expect(((await saved.json()) as { status: string }).status).toBe("saved");
    expect(events.at(-1)).toMatchObject({ extension: "101", newMessages: 0, oldMessages: 1 });
    const gone = await t.call("DELETE", `/api/v1/voicemail/messages/${mine.id}`, { token: ext });
    expect(gone.status).toBe(204);
    expect(events.at(-1)).toMatchObject({ extension: "101", newMessages: 0, oldMessages: 0 });
    expect(vm.store.list("101")).toEqual([]);
  });

  test("staff manage a mailbox: on, e-mail, PIN (never shown), longest message; bad input 400", async () => {
    const put = await t.call("PUT", "/api/v1/voicemail/mailboxes/101", {
      token: op,
      body: { enabled: true, email: "a@example.com", pin: "2468", maxMessageS: 60 },
    });
    expect(put.status).toBe(200);
    const view = await put.json();
    expect(view).toMatchObject({
      enabled: true,
      email: "a@example.com",
      pinSet: true,
      maxMessageS: 60,
    });
    expect(JSON.stringify(view)).not.toContain("2468");
    expect(t.services.extensions.get("101")?.voicemailEnabled).toBe(true);
    const extensionPin = t.services.extensions.get("101")!.voicemailPin;
    expect(vm.store.checkPin("101", "2468", extensionPin)).toBe(true);
    const bad = await t.call("PUT", "/api/v1/voicemail/mailboxes/101", {
      token: op,
      body: { pin: "12" },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("pin");
    expect(
      (
        await t.call("PUT", "/api/v1/voicemail/mailboxes/999", {
          token: op,
          body: { enabled: true },
        })
      ).status,
    ).toBe(404);
    const ext = (await t.login("101", "ext-pw-101")).token;
    expect(
      (
        await t.call("PUT", "/api/v1/voicemail/mailboxes/101", {
          token: ext,
          body: { enabled: false },
        })
      ).status,
    ).toBe(403);
    expect((await t.call("GET", "/api/v1/voicemail/messages", { token: op })).status).toBe(400);
  });
});

/** A 16 kHz stereo WAV of `seconds` of a `hz` tone: the box must make it 8 kHz mono. */
function toneWav(seconds: number, hz = 440): Uint8Array {
  return toneWavBytes(seconds, hz, 16000, 2);
}

function greetingForm(bytes: Uint8Array, fileName = "greeting.wav"): FormData {
  const form = new FormData();
  form.append("file", new File([bytes as BlobPart], fileName));
  return form;
}

function send(method: string, path: string, token: string, body?: BodyInit, type?: string) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (type) headers["Content-Type"] = type;
  return t.app.request(`http://pbx.lan/api/v1/voicemail${path}`, { method, headers, body });
}

/** Sample rate and channels from a WAV's fmt chunk (44-byte header). */
function wavFacts(bytes: ArrayBuffer) {
  const v = new DataView(bytes);
  return { rateHz: v.getUint32(24, true), channels: v.getUint16(22, true) };
}

describe("/api/v1/voicemail/mailboxes/{number}/greetings", () => {
  test("staff upload any mailbox's greeting, stored 8 kHz mono; the owner its own; delete brings back the built-in", async () => {
    const up = await send(
      "POST",
      "/mailboxes/101/greetings/unavailable",
      op,
      greetingForm(toneWav(2)),
    );
    expect(up.status).toBe(200);
    expect(await up.json()).toMatchObject({ unavailableGreeting: true, busyGreeting: false });
    const path = vm.store.greetingPath("101", "unavailable");
    expect(wavFacts(readFileSync(path).buffer as ArrayBuffer)).toEqual({
      rateHz: 8000,
      channels: 1,
    });

    const ext = (await t.login("101", "ext-pw-101")).token;
    const audio = await send("GET", "/mailboxes/101/greetings/unavailable/audio", ext);
    expect(audio.status).toBe(200);
    expect(audio.headers.get("content-type")).toBe("audio/wav");
    const wav = await audio.arrayBuffer();
    expect(wavFacts(wav)).toEqual({ rateHz: 8000, channels: 1 });
    // 2 s at 8 kHz, 16-bit, behind the 44-byte header.
    expect(Math.abs(wav.byteLength - 44 - 32000)).toBeLessThan(400);
    expect(
      (await send("POST", "/mailboxes/101/greetings/busy", ext, greetingForm(toneWav(1)))).status,
    ).toBe(200);
    expect(vm.store.settings("101")).toMatchObject({
      busyGreeting: true,
      unavailableGreeting: true,
    });

    // Another extension's mailbox is not there for 101.
    await send("POST", "/mailboxes/102/greetings/busy", op, greetingForm(toneWav(1)));
    for (const [method, path, body] of [
      ["POST", "/mailboxes/102/greetings/busy", greetingForm(toneWav(1))],
      ["GET", "/mailboxes/102/greetings/busy/audio", undefined],
      ["DELETE", "/mailboxes/102/greetings/busy", undefined],
    ] as const)
      expect((await send(method, path, ext, body)).status).toBe(404);
    expect(vm.store.hasGreeting("102", "busy")).toBe(true);
    // Not a greeting kind, not an extension.
    expect((await send("GET", "/mailboxes/101/greetings/welcome/audio", op)).status).toBe(404);
    expect(
      (await send("POST", "/mailboxes/999/greetings/busy", op, greetingForm(toneWav(1)))).status,
    ).toBe(404);
    // Billing accounts have no voicemail.
    const billing = await t.tokenFor("billing");
    expect((await send("GET", "/mailboxes/101/greetings/busy/audio", billing)).status).toBe(403);

    const gone = await send("DELETE", "/mailboxes/101/greetings/unavailable", ext);
    expect(gone.status).toBe(204);
    expect(existsSync(path)).toBe(false);
    expect(vm.store.settings("101").unavailableGreeting).toBe(false);
    expect((await send("GET", "/mailboxes/101/greetings/unavailable/audio", ext)).status).toBe(404);
    expect((await send("DELETE", "/mailboxes/101/greetings/unavailable", op)).status).toBe(404);
    const view = await t.call("GET", "/api/v1/voicemail/mailboxes/101", { token: op });
    expect(await view.json()).toMatchObject({ unavailableGreeting: false, busyGreeting: true });
  });

  test("bad files are refused with a clear message and leave the greeting as it was", async () => {
    const url = "/mailboxes/101/greetings/busy";
    expect((await send("POST", url, op, greetingForm(toneWav(1)))).status).toBe(200);
    const before = readFileSync(vm.store.greetingPath("101", "busy"));
    const refused = async (body: BodyInit, type?: string) => {
      const res = await send("POST", url, op, body, type);
      return { status: res.status, error: await errorOf(res) };
    };
    expect(await refused(greetingForm(new TextEncoder().encode("hello"), "notes.txt"))).toEqual({
      status: 400,
      error: expect.objectContaining({
        code: "not_audio",
        field: "file",
        message: "file is not a WAV or MP3 file",
      }),
    });
    expect(await refused(greetingForm(toneWav(65)))).toEqual({
      status: 400,
      error: expect.objectContaining({
        code: "too_long",
        field: "file",
        message: "file is longer than 1 minute",
      }),
    });
    expect((await refused(greetingForm(new Uint8Array(21 * 1024 * 1024)))).status).toBe(413);
    expect((await refused(JSON.stringify({ file: "x" }), "application/json")).status).toBe(415);
    expect(readFileSync(vm.store.greetingPath("101", "busy"))).toEqual(before);
  });

  test("an upload cut short, or a disk full mid-write, leaves the old greeting whole", async () => {
    const url = "/mailboxes/101/greetings/unavailable";
    expect((await send("POST", url, op, greetingForm(toneWav(1, 440)))).status).toBe(200);
    const path = vm.store.greetingPath("101", "unavailable");
    const before = readFileSync(path);

    // The connection drops half way through the body.
    const whole = new Uint8Array(await new Response(greetingForm(toneWav(3, 1000))).arrayBuffer());
    const boundary = new TextDecoder().decode(whole.subarray(2, 60)).split("\r\n")[0];
    const cut = await send(
      "POST",
      url,
      op,
      whole.subarray(0, whole.length / 2),
      `multipart/form-data; boundary=${boundary}`,
    );
    expect(cut.status).toBe(400);
    expect(readFileSync(path)).toEqual(before);

    // The disk fills while the new greeting is written: 507, the old one stays, no scraps.
    diskFull = true;
    const full = await send("POST", url, op, greetingForm(toneWav(3, 1000)));
    expect(full.status).toBe(507);
    expect((await errorOf(full)).code).toBe("disk-full");
    expect(readFileSync(path)).toEqual(before);
    expect(readdirSync(dirname(path)).filter((f) => f.endsWith(".part"))).toEqual([]);
    expect(vm.store.settings("101").unavailableGreeting).toBe(true);
    const heard = await send("GET", `${url}/audio`, op);
    expect(Buffer.from(await heard.arrayBuffer())).toEqual(before);

    diskFull = false;
    expect((await send("POST", url, op, greetingForm(toneWav(3, 1000)))).status).toBe(200);
    expect(readFileSync(path)).not.toEqual(before);
  });
});
