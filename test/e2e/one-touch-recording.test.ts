// End to end (SPEC CALL-16, REP-4, manual 功能码 — 一键录音 *1): two baresip phones, 701 and
// 702 (no automatic recording), each sending its own tone. 701 calls 702; during the call 701
// keys *1# and the box records from then; 702 keys *1# and the recording stops; 701 keys *1#
// again and a second recording runs until the call ends. The API lists both as kind one-touch,
// and each holds both parties' tones (left = the caller, right = the answerer).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { type Baresip, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { splitChannels, toneShare, writeToneWav } from "../support/tone-audio.ts";

const TONE_HZ: Record<string, number> = { "701": 1000, "702": 600 };
const password = (n: string) => `Pass-${n}!`;

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
const phones: Record<string, Baresip> = {};
const dir = tempDir("one-touch-");

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  for (const number of ["701", "702"]) {
    expect(
      (await api("POST", "/extensions", { number, sipPassword: password(number) })).status,
    ).toBe(201);
    const wav = join(dir, `${number}.wav`);
    await writeToneWav(wav, TONE_HZ[number]!, 120);
    phones[number] = await startRegisteredBaresip({
      extension: number,
      password: password(number),
      pbxPort: pbx.ports.sip,
      sourceWav: wav,
      codecs: ["PCMU"],
    });
  }
}, SETUP_BOUND_MS);

afterAll(async () => {
  for (const phone of Object.values(phones)) await phone.stop();
  await pbx?.stop();
});

/** The recording's audio, one mono WAV file per channel. */
async function channels(id: number): Promise<string[]> {
  const audio = await pbx.api(`/api/v1/recordings/${id}/audio`, { token: await pbx.adminToken() });
  expect(audio.status).toBe(200);
  return splitChannels(new Uint8Array(await audio.arrayBuffer()), dir, `rec-${id}`);
}

test("*1# records from then until *1# again (either party) or the end of the call", async () => {
  const [a, b] = [phones["701"]!, phones["702"]!];
  const rang = (b.output().match(/Incoming call/g) ?? []).length;
  await a.command("dial", `sip:702@127.0.0.1:${pbx.ports.sip}`);
  await until(
    async () => (b.output().match(/Incoming call/g) ?? []).length,
    (n) => n > rang,
  );
  await b.command("accept");
  await a.waitFor(/established/i);
  await Bun.sleep(1500);
  expect((await api("GET", "/recordings?kind=one-touch")).json.items).toEqual([]);

  await a.command("sndcode", "*1#");
  await Bun.sleep(4000);
  await b.command("sndcode", "*1#");
  const first = await until(
    () => api("GET", "/recordings?kind=one-touch"),
    (r) => r.json.items.length === 1,
  );
  await Bun.sleep(1000);
  await a.command("sndcode", "*1#");
  await Bun.sleep(3000);
  await a.command("hangup");
  await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 0,
  );
  const all = await until(
    () => api("GET", "/recordings?kind=one-touch"),
    (r) => r.json.items.length === 2,
  );
  expect((await api("GET", "/recordings?kind=call")).json.items).toEqual([]);
  const stopped = first.json.items[0];
  expect(stopped).toMatchObject({ kind: "one-touch" });
  expect(stopped.extensions).toEqual(["701", "702"]);
  // From 701's *1# to 702's: about 4 s.
  expect(stopped.durationMs).toBeGreaterThan(3000);
  expect(stopped.durationMs).toBeLessThan(6000);
  const second = all.json.items.find((r: { id: number }) => r.id !== stopped.id);
  expect(second.durationMs).toBeGreaterThan(2000);
  expect(second.durationMs).toBeLessThan(5000);
  for (const record of [stopped, second]) {
    const [left, right] = await channels(record.id);
    const to = Math.floor(record.durationMs / 1000) - 0.5;
    expect(toneShare(left!, TONE_HZ["701"]!, 0.5, to)).toBeGreaterThan(0.7);
    expect(toneShare(right!, TONE_HZ["702"]!, 0.5, to)).toBeGreaterThan(0.7);
  }
}, 90_000);
