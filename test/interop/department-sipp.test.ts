// SPEC EXT-1 with real phones: SIPp extension 101 dials department 600 (in order: 102, then
// 103; no-answer destination extension 104). 102 rings for the ring time and is cancelled,
// then 103 rings and is cancelled, then 104 answers and the call goes on with RTP both ways.
// The call record says the department was dialled and 104 took the call.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { freePort } from "../support/free-port.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { sipp } from "../support/sipp.ts";

const RING_S = 5;
const password = (number: string) => `Dept-${number}-pw`;

let pbx: RunningPbx;
let token: string;

async function api(path: string, method: string, body: unknown): Promise<Response> {
  return pbx.api(`/api/v1${path}`, { method, token, body: JSON.stringify(body) });
}

beforeAll(async () => {
  pbx = await startPbx();
  token = await pbx.adminToken();
  for (const number of ["101", "102", "103", "104"]) {
    const created = await api("/extensions", "POST", {
      number,
      sipPassword: password(number),
      displayName: `Ext ${number}`,
    });
    expect(created.status).toBe(201);
  }
  const department = await api("/departments", "POST", {
    name: "Sales",
    number: "600",
    ringStrategy: "in-order",
    noAnswerDestination: "extension:104",
    members: ["102", "103"],
  });
  expect(department.status).toBe(201);
  expect((await api("/calls/settings", "PATCH", { ringTimeoutS: RING_S })).status).toBe(200);
}, 30_000);

afterAll(async () => {
  await pbx.stop();
});

/** Registers `number` from a fresh port and runs `scenario` there as the called phone. */
async function phone(number: string, scenario: string) {
  const port = await freePort();
  const registered = await sipp({
    scenario: "register.xml",
    target: pbx.ports.sip,
    service: number,
    user: number,
    password: password(number),
    extra: ["-p", String(port)],
  });
  expect(registered.errors).toBe("");
  const run = sipp({
    scenario,
    target: pbx.ports.sip,
    service: number,
    extra: ["-p", String(port), "-mp", String(await freePort())],
    timeoutMs: 40_000,
  });
  // Wrapped: an async function returning the bare promise would wait for the whole run.
  return { done: run.then((result) => ({ ...result, endedAtMs: Date.now() })) };
}

test("in order: 102 rings out, 103 rings out, the no-answer destination 104 answers", async () => {
  const first = await phone("102", "call-uas-ring.xml");
  const second = await phone("103", "call-uas-ring.xml");
  const destination = await phone("104", "call-uas.xml");
  await Bun.sleep(300);
  const dialledAtMs = Date.now();
  const caller = await sipp({
    scenario: "call-uac.xml",
    target: pbx.ports.sip,
    service: "600",
    user: "101",
    password: password("101"),
    extra: [
      "-key",
      "caller",
      "101",
      "-mp",
      String(await freePort()),
      "-auth_uri",
      `600@127.0.0.1:${pbx.ports.sip}`,
    ],
    timeoutMs: 40_000,
  });
  const [a, b, c] = await Promise.all([first.done, second.done, destination.done]);
  expect(caller.errors).toBe("");
  expect(caller.code).toBe(0);
  // Each ringing member was rung, then cancelled when its ring time ran out; 104 answered.
  expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
  // 102 was cancelled after one ring time; 103 rang only after that, for one more.
  expect(a.endedAtMs - dialledAtMs).toBeGreaterThanOrEqual(RING_S * 1000 - 500);
  expect(b.endedAtMs - a.endedAtMs).toBeGreaterThanOrEqual(RING_S * 1000 - 1000);
  const records = (await (await pbx.api("/api/v1/cdr?limit=1", { token })).json()) as {
    items: { caller: string; callee: string; finalCallee: string; status: string }[];
  };
  expect(records.items[0]).toMatchObject({
    caller: "101",
    callee: "600",
    finalCallee: "104",
    status: "answered",
  });
}, 60_000);
