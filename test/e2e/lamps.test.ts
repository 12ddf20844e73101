// The phones' lamps end to end (SPEC PROV-3 BLF, CALL-7 message waiting): the real program,
// two baresip softphones (2001, 2002) and a desk phone's lamp side (2003, raw SIP over UDP).
// 2003 subscribes to 2001's dialog state through the digest challenge and sees it idle; 2002
// calls 2001, 2001 answers, 2002 hangs up: 2003's lamp goes early, confirmed, terminated, in
// that order, naming the caller. Refresh, unsubscribe, 423 for too short an Expires, the
// mailbox's 0/0, the watcher count in the API and on the connection page, NOTIFY check-sync when the operator changes
// a phone's keys, and the end of a subscription with its phone's registration.

import { afterAll, beforeAll, expect, test } from "bun:test";
import type { SipRequest } from "../../firmware/sip/message/message.ts";
import { type Baresip, silentMicrophone, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi } from "../support/box-api.ts";
import { launchBrowser, logIn } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { type SipWatcher, sipWatcher } from "../support/sip-watcher.ts";

const password = (n: string) => `Lamp-${n}-pass`;
let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let watcher: SipWatcher;
const phones: Record<string, Baresip> = {};

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  for (const number of ["2001", "2002", "2003"]) {
    const created = await api("POST", "/extensions", {
      number,
      sipPassword: password(number),
      displayName: `Desk ${number}`,
    });
    expect(created.status).toBe(201);
  }
  const mic = silentMicrophone();
  for (const number of ["2001", "2002"])
    phones[number] = await startRegisteredBaresip({
      extension: number,
      password: password(number),
      pbxPort: pbx.ports.sip,
      displayName: `Desk ${number}`,
      sourceWav: mic,
      codecs: ["PCMU"],
    });
  watcher = await sipWatcher("2003", password("2003"), pbx.ports.sip);
  expect((await watcher.register()).status).toBe(200);
}, SETUP_BOUND_MS);

afterAll(async () => {
  watcher?.close();
  for (const phone of Object.values(phones)) await phone.stop();
  await pbx?.stop();
});

const body = (n: SipRequest) => Buffer.from(n.body).toString();
const dialogState = (n: SipRequest) => /<state>(\w+)<\/state>/.exec(body(n))?.[1];
const sipUri = (user: string) => `sip:${user}@127.0.0.1:${pbx.ports.sip}`;

test("BLF: 2003 watches 2001 go idle, ringing, talking, idle; refresh and unsubscribe", async () => {
  const { response, subscription } = await watcher.subscribe("2001", "dialog", 600);
  expect(response.status).toBe(200);
  expect(subscription!.expires).toBe(600);
  const first = await watcher.waitNotify((n) => n.headers.get("event") === "dialog");
  expect(first.headers.get("content-type")).toBe("application/dialog-info+xml");
  expect(first.headers.get("subscription-state")).toMatch(/^active;expires=\d+$/);
  expect(dialogState(first)).toBe("terminated");
  expect(body(first)).toContain('entity="sip:2001@');
  const mark = watcher.received.length;

  await phones["2002"]!.command("dial", sipUri("2001"));
  const early = await watcher.waitNotify((n) => dialogState(n) === "early", mark);
  expect(body(early)).toMatch(/<remote>\s*<identity display="Desk 2002">sip:2002@/);
  await phones["2001"]!.waitFor(/Incoming call/i);
  await phones["2001"]!.command("accept");
  await watcher.waitNotify((n) => dialogState(n) === "confirmed", mark);
  await phones["2002"]!.command("hangup");
  await watcher.waitNotify((n) => dialogState(n) === "terminated", mark);

  const seen = watcher.received.slice(mark).filter((n) => n.headers.get("event") === "dialog");
  expect(seen.map(dialogState)).toEqual(["early", "confirmed", "terminated"]);
  // Full-state versions and CSeqs only grow.
  const versions = seen.map((n) => Number(/version="(\d+)"/.exec(body(n))![1]));
  expect(versions).toEqual([1, 2, 3]);
  const cseqs = [first, ...seen].map((n) => n.cseq!.seq);
  expect(cseqs).toEqual([...cseqs].sort((a, b) => a - b));

  const watched = await api("GET", "/watchers?extension=2001");
  expect(watched.json.items).toEqual([
    { extension: "2001", dialog: 1, presence: 0, messageSummary: 0 },
  ]);

  const beforeRefresh = watcher.received.length;
  const refreshed = await subscription!.refresh(1200);
  expect(refreshed.status).toBe(200);
  expect(refreshed.headers.get("expires")).toBe("1200");
  const again = await watcher.waitNotify(() => true, beforeRefresh);
  expect(again.headers.get("subscription-state")).toMatch(/^active;expires=1(19\d|200)$/);

  const beforeEnd = watcher.received.length;
  const ended = await subscription!.refresh(0);
  expect(ended.status).toBe(200);
  const last = await watcher.waitNotify(() => true, beforeEnd);
  expect(last.headers.get("subscription-state")).toStartWith("terminated");
  expect((await api("GET", "/watchers?extension=2001")).json.items).toEqual([]);
  // The dialog is gone: a refresh in it is 481.
  expect((await subscription!.refresh(600)).status).toBe(481);
}, 60_000);

test("an Expires below the minimum is 423 with Min-Expires", async () => {
  const { response } = await watcher.subscribe("2001", "dialog", 5);
  expect(response.status).toBe(423);
  expect(response.headers.get("min-expires")).toBe("60");
});

test("message waiting: 2003's own mailbox, 0/0 and no message waiting; not another's", async () => {
  const mark = watcher.received.length;
  const { response } = await watcher.subscribe("2003", "message-summary", 600);
  expect(response.status).toBe(200);
  const notify = await watcher.waitNotify(
    (n) => n.headers.get("event") === "message-summary",
    mark,
  );
  expect(notify.headers.get("content-type")).toBe("application/simple-message-summary");
  expect(body(notify)).toContain("Messages-Waiting: no");
  expect(body(notify)).toContain("Voice-Message: 0/0 (0/0)");
  expect((await watcher.subscribe("2001", "message-summary", 600)).response.status).toBe(403);
});

test("a phone given new keys is told to fetch them (check-sync); its BLF key names the extension", async () => {
  const mac = "805ec0aa0b0c";
  expect((await api("POST", "/phones", { mac, vendor: "yealink", model: "T46S" })).status).toBe(
    201,
  );
  const mark = watcher.received.length;
  const assigned = await api("PUT", `/phones/${mac}/assignment`, {
    lines: ["2003"],
    blfKeys: [{ extension: "2001", label: "Boss" }],
  });
  expect(assigned.status).toBe(200);
  const sync = await watcher.waitNotify(
    (n) => n.headers.get("event")!.startsWith("check-sync"),
    mark,
  );
  expect(sync.uri).toBe(`sip:2003@127.0.0.1:${watcher.port}`);
  const file = await (await pbx.api(`/api/v1/provisioning/files/${mac}.cfg`)).text();
  expect(file).toContain("linekey.2.type = 16");
  expect(file).toContain("linekey.2.value = 2001");
  // The key picks 2001's ringing call up with the box's directed pickup code.
  expect(file).toContain("features.pickup.direct_pickup_enable = 1");
  expect(file).toContain("features.pickup.direct_pickup_code = **");
});

test("a watcher's subscriptions end when its phone unregisters", async () => {
  const { response } = await watcher.subscribe("2002", "dialog", 600);
  expect(response.status).toBe(200);
  await watcher.waitNotify((n) => body(n).includes('entity="sip:2002@'));
  // The connection page shows that 2002 is watched.
  const browser = await launchBrowser({ locale: "zh-CN" });
  try {
    const page = await browser.browser.newPage();
    await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
    await page.click('nav a[data-page="connections"]');
    const watched = page.locator('[data-extension="2002"] [data-watchers]');
    await watched.waitFor();
    expect(await watched.getAttribute("data-watchers")).toBe("1");
    expect(await watched.textContent()).toBe("1 个监视");
    expect(await page.locator('[data-extension="2001"] [data-watchers]').count()).toBe(0);
  } finally {
    await browser.close();
  }
  const mark = watcher.received.length;
  expect((await watcher.register(0)).status).toBe(200);
  const ends = [
    await watcher.waitNotify((n) => n.headers.get("event") === "dialog", mark),
    await watcher.waitNotify((n) => n.headers.get("event") === "message-summary", mark),
  ];
  for (const end of ends)
    expect(end.headers.get("subscription-state")).toBe("terminated;reason=rejected");
  expect((await api("GET", "/watchers")).json.items).toEqual([]);
  const tiles = (await api("GET", "/connections")).json.extensions as { watchers: number }[];
  expect(tiles.every((x) => x.watchers === 0)).toBe(true);
});

test("a SUBSCRIBE with the wrong password is refused after the challenge", async () => {
  const impostor = await sipWatcher("2003", "not-the-password", pbx.ports.sip);
  try {
    expect((await impostor.subscribe("2001", "dialog", 600)).response.status).toBe(403);
    expect(impostor.received).toEqual([]);
  } finally {
    impostor.close();
  }
});
