// End to end (SPEC CALL-4, manual 功能码 — 叫醒服务): a real baresip phone as extension 601
// books a wake-up call with *55*MMDDHHMM#, the box confirms it and lists it in the API; at the
// booked minute the box calls the phone, which answers and presses 1: the booking is then
// confirmed. The program has no clock of its own to move forward (the scheduler's Clock is the
// system clock; unit tests give it a manual one), so the test books the next minute of the
// box's zone (UTC here) and waits for it: at most about 75 s.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeWav } from "../../media/file/wav-writer.ts";
import { type Baresip, CALL_ENDED, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let phone: Baresip;

const password = "Pass-601!";
const uri = (user: string) => `sip:${encodeURIComponent(user)}@127.0.0.1:${pbx.ports.sip}`;
const count = (pattern: RegExp) =>
  (phone.output().match(new RegExp(pattern.source, "gi")) ?? []).length;

async function more(pattern: RegExp, before: number, ms: number) {
  const deadline = Date.now() + ms;
  while (count(pattern) <= before) {
    if (Date.now() > deadline)
      throw new Error(`no ${pattern}:\n${phone.output()}\n--- box:\n${pbx.output().slice(-8000)}`);
    await Bun.sleep(100);
  }
}

const RINGS = /Incoming call/;
const pad = (n: number) => String(n).padStart(2, "0");

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  expect((await api("PATCH", "/settings", { timeZone: "UTC" })).status).toBe(200);
  expect((await api("POST", "/extensions", { number: "601", sipPassword: password })).status).toBe(
    201,
  );
  const mic = join(tempDir("wakeup-calls-"), "mic.wav");
  writeFileSync(mic, writeWav(8000, [new Int16Array(8000 * 120)]));
  phone = await startRegisteredBaresip({
    extension: "601",
    password,
    pbxPort: pbx.ports.sip,
    sourceWav: mic,
    codecs: ["PCMU"],
  });
}, SETUP_BOUND_MS);

afterAll(async () => {
  await phone?.stop();
  await pbx?.stop();
});

describe("a wake-up call booked from the phone", () => {
  test("*55*MMDDHHMM# books; at that minute the box calls and 1 confirms", async () => {
    // The next minute, with time to dial the code before it comes.
    const now = Date.now();
    const at = new Date(
      Math.floor(now / 60_000) * 60_000 + (now % 60_000 > 40_000 ? 2 : 1) * 60_000,
    );
    const digits = `${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}`;
    const ended = count(CALL_ENDED);
    await phone.command("dial", uri(`*55*${digits}#`));
    await more(CALL_ENDED, ended, 30_000);
    const booked = (await api("GET", "/wakeup-calls?extension=601")).json.items;
    expect(booked).toMatchObject([
      { extension: "601", atMs: at.getTime(), status: "scheduled", bookedBy: "601" },
    ]);

    const rang = count(RINGS);
    await more(RINGS, rang, at.getTime() - Date.now() + 15_000);
    // Not before the booked minute.
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    await phone.command("accept");
    await phone.waitFor(/established/i);
    await Bun.sleep(500);
    const ending = count(CALL_ENDED);
    await phone.command("sndcode", "1");
    await more(CALL_ENDED, ending, 20_000);
    const done = await until(
      () => api("GET", "/wakeup-calls?all=true"),
      (r) => r.json.items[0]?.status === "confirmed",
    );
    expect(done.json.items).toMatchObject([{ id: booked[0].id, status: "confirmed" }]);
    expect((await api("GET", "/wakeup-calls")).json.items).toEqual([]);
  }, 180_000);
});
