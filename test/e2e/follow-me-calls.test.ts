// End to end (SPEC CALL-3, manual 高级功能 — 跟随), "always connect" mode: four baresip phones.
// 601 has follow-me on: it rings 5 s, then 602 for 5 s, then 603. 604 calls 601; nobody at 601
// or 602 answers, so 603 rings after them and answers, and 604 talks with 603 (the call record
// names 601 as the number called).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeWav } from "../../media/file/wav-writer.ts";
import { type Baresip, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";

const password = (n: string) => `Pass-${n}!`;
let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
const phones: Record<string, Baresip> = {};
const RINGS = /Incoming call/g;
const rings = (n: string) => (phones[n]!.output().match(RINGS) ?? []).length;

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  const mic = join(tempDir("follow-me-"), "mic.wav");
  writeFileSync(mic, writeWav(8000, [new Int16Array(8000 * 60)]));
  for (const number of ["601", "602", "603", "604"]) {
    expect(
      (await api("POST", "/extensions", { number, sipPassword: password(number) })).status,
    ).toBe(201);
    phones[number] = await startRegisteredBaresip({
      extension: number,
      password: password(number),
      pbxPort: pbx.ports.sip,
      sourceWav: mic,
      codecs: ["PCMU"],
    });
  }
}, SETUP_BOUND_MS);

afterAll(async () => {
  for (const phone of Object.values(phones)) await phone.stop();
  await pbx?.stop();
});

test("601 unanswered, then 602 unanswered: 603 rings, answers and talks with the caller", async () => {
  const set = await api("PUT", "/follow-me/601", {
    enabled: true,
    ringFirstS: 5,
    mode: "always",
    numbers: [
      { number: "602", ringS: 5 },
      { number: "603", ringS: 20 },
    ],
  });
  expect(set.status).toBe(200);
  const before = { "601": rings("601"), "602": rings("602"), "603": rings("603") };
  const started = Date.now();
  await phones["604"]!.command("dial", `sip:601@127.0.0.1:${pbx.ports.sip}`);
  await until(
    async () => rings("601"),
    (n) => n > before["601"],
  );
  expect(rings("602")).toBe(before["602"]);
  await until(
    async () => rings("602"),
    (n) => n > before["602"],
    10_000,
  );
  const at602 = Date.now() - started;
  expect(at602).toBeGreaterThan(4000);
  expect(rings("603")).toBe(before["603"]);
  await until(
    async () => rings("603"),
    (n) => n > before["603"],
    10_000,
  );
  expect(Date.now() - started - at602).toBeGreaterThan(4000);
  await phones["603"]!.command("accept");
  await phones["604"]!.waitFor(/established/i);
  const live = await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 1 && r.json.items[0].state === "answered",
  );
  expect(live.json.items[0]).toMatchObject({ caller: "604", callee: "601" });
  await phones["604"]!.command("hangup");
  await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 0,
  );
}, 60_000);
