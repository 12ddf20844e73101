import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { openTestDatabase } from "../../../firmware/db/test-database.ts";
import type { MailboxEvent } from "../../../firmware/events/event-bus.ts";
import { startVoicemail, type Voicemail } from "../../../firmware/voicemail/start-voicemail.ts";
import { voicemailFacade } from "../../../firmware/voicemail/voicemail-facade.ts";
import { tempDir } from "../../../test/support/temp-dir.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let vm: Voicemail;
let op: string;
let events: MailboxEvent[];

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
