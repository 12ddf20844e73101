// The limit on calls in progress (issue 16), end to end: a box started with --sip-max-calls 1
// (as PBX_SIP_MAX_CALLS) carries one call between two baresip phones; a third phone's call to an
// idle fourth then gets 503 (without Retry-After, so the phone does not take the box for down),
// while the number the admin lists as an emergency number still rings. The admin reads the
// refusals in the log and on the status page. Once the first call ends, the refused call goes
// through.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  type Baresip,
  seen,
  silentMicrophone,
  startRegisteredBaresip,
  untilSeen,
} from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { launchBrowser, logIn } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

const NUMBERS = ["611", "612", "613", "614", "615"] as const;
const RINGS = /Incoming call/;
const REFUSED = /SIP\/2\.0 503 Maximum Calls In Progress/;
const password = (n: string) => `Pass-${n}!`;

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let phones: Record<(typeof NUMBERS)[number], Baresip>;

beforeAll(async () => {
  pbx = await startPbx({ env: { PBX_SIP_MAX_CALLS: "1" } });
  api = boxApi(pbx, await pbx.adminToken());
  for (const number of NUMBERS)
    expect(
      (await api("POST", "/extensions", { number, sipPassword: password(number) })).status,
    ).toBe(201);
  // 614 stands for the guard's room: the admin lists it beside the public emergency numbers.
  const listed = await api("PUT", "/dial-permissions/emergency-numbers", {
    numbers: ["110", "119", "120", "614"],
  });
  expect(listed.status).toBe(200);
  const mic = silentMicrophone();
  const started = await Promise.all(
    NUMBERS.map((extension) =>
      startRegisteredBaresip({
        extension,
        password: password(extension),
        pbxPort: pbx.ports.sip,
        sourceWav: mic,
        // The refused phone prints the SIP it receives, to show the refusal's Retry-After.
        sipTrace: extension === "613",
      }),
    ),
  );
  phones = Object.fromEntries(NUMBERS.map((n, i) => [n, started[i]!])) as typeof phones;
}, SETUP_BOUND_MS);

afterAll(async () => {
  await Promise.all(Object.values(phones ?? {}).map((p) => p.stop()));
  await pbx?.stop();
}, 30_000);

const dial = (from: Baresip, number: string) =>
  from.command("dial", `sip:${number}@127.0.0.1:${pbx.ports.sip}`);

async function callsInProgress(): Promise<number> {
  return (await api("GET", "/calls")).json.items.length;
}

/** `from` calls `to`, which answers; resolves once the box shows the call answered. */
async function talk(from: Baresip, number: string, to: Baresip): Promise<void> {
  const rings = seen(to, RINGS);
  await dial(from, number);
  await untilSeen(to, RINGS, rings, 15_000, pbx);
  await to.command("accept");
  await until(
    async () => (await api("GET", "/calls")).json.items as { legs: { state: string }[] }[],
    (calls) => calls.some((c) => c.legs.filter((l) => l.state === "answered").length === 2),
  );
}

describe("a box limited to one call in progress", () => {
  test("a second call gets 503 and rings no one", async () => {
    await talk(phones["611"], "612", phones["612"]);
    const refused = seen(phones["613"], REFUSED);
    const rings = seen(phones["615"], RINGS);
    await dial(phones["613"], "615");
    await untilSeen(phones["613"], REFUSED, refused, 15_000, pbx);
    expect(phones["613"].output()).not.toMatch(/^Retry-After:/im);
    // Given a moment, the idle phone still has not rung.
    await Bun.sleep(500);
    expect(seen(phones["615"], RINGS)).toBe(rings);
    expect(await callsInProgress()).toBe(1);
    // The admin finds why in the box's log.
    const log = await api("GET", "/logs?level=warn&q=calls%20refused");
    expect(log.status).toBe(200);
    expect(log.json.lines.length).toBe(1);
    expect(JSON.stringify(log.json.lines[0])).toContain('"limit":1');
  }, 60_000);

  test("a listed emergency number still rings at the limit", async () => {
    const rings = seen(phones["614"], RINGS);
    const refused = seen(phones["613"], REFUSED);
    await dial(phones["613"], "614");
    await untilSeen(phones["614"], RINGS, rings, 15_000, pbx);
    expect(seen(phones["613"], REFUSED)).toBe(refused);
    expect(await callsInProgress()).toBe(2);
    await phones["613"].command("hangup");
    await until(callsInProgress, (n) => n === 1);
  }, 60_000);

  test("the status page tells the admin how many calls the limit refused", async () => {
    const status = await api("GET", "/status");
    expect(status.json.callLimit).toEqual({ limit: 1, refused: 1 });
    const browser = await launchBrowser({ locale: "en-US" });
    try {
      const page = await browser.browser.newPage();
      await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
      expect(await page.textContent('[data-stat="calls-refused"]')).toBe(
        "Calls refused since the start: 1 (limit on calls in progress: 1)",
      );
    } finally {
      await browser.close();
    }
  }, 60_000);

  test("once the call in progress ends, the refused phone's call goes through", async () => {
    await phones["611"].command("hangup");
    await until(callsInProgress, (n) => n === 0);
    await talk(phones["613"], "615", phones["615"]);
    await phones["613"].command("hangup");
    await until(callsInProgress, (n) => n === 0);
  }, 60_000);
});
