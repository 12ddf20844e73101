// End to end (SPEC CALL-2, CALL-11, CALL-14 and the manual's 功能码 chapter): the real program,
// real baresip phones as extensions 501 (A), 502 (B) and 503 (C), the simulated board's FXS
// handset 8001, and SIPp as another PBX on a peer trunk (127.0.0.2) calling from 13800138000.
// A dials *71502# and hears the box confirm it; C's call to A then rings B; *071# ends it.
// Busy and no-answer forwarding, *74# DND (A still calls out) and *074#, an A→B→A loop that
// ends with 482, the notice before forwarding, *74# from the FXS handset, and *76# blacklisting the last outside caller,
// whose next call is refused with 403 and rings nobody; *75# asks for a number
// to blacklist and *075 + number removes it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readWav } from "../../media/file/wav-reader.ts";
import { writeWav } from "../../media/file/wav-writer.ts";
import { type Baresip, CALL_ENDED, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { freePort } from "../support/free-port.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { sipp } from "../support/sipp.ts";
import { tempDir } from "../support/temp-dir.ts";

const ROOT = join(import.meta.dir, "..", "..");
const PROMPTS = join(ROOT, "rootfs", "usr", "share", "pbx", "prompts");

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let a: Baresip;
let b: Baresip;
let c: Baresip;

const password = (n: string) => `Pass-${n}!`;
const uri = (user: string) => `sip:${encodeURIComponent(user)}@127.0.0.1:${pbx.ports.sip}`;
const count = (phone: Baresip, pattern: RegExp) =>
  (phone.output().match(new RegExp(pattern.source, "gi")) ?? []).length;

/** Waits until `phone` printed `pattern` more than `before` times. */
async function more(phone: Baresip, pattern: RegExp, before: number, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (count(phone, pattern) <= before) {
    if (Date.now() > deadline)
      throw new Error(`no ${pattern}:\n${phone.output()}\n--- box:\n${pbx.output().slice(-8000)}`);
    await Bun.sleep(50);
  }
}

const RINGS = /Incoming call/;

/** `from` dials `number`; resolves once the box answered and hung up by itself. */
async function dialCode(from: Baresip, code: string) {
  const ended = count(from, CALL_ENDED);
  await from.command("dial", uri(code));
  await more(from, CALL_ENDED, ended, 20_000);
}

/** Hangs up every call of each phone and waits until the box has no call left. */
async function hangUpAll(...phones: Baresip[]) {
  for (const phone of phones) await phone.command("hangup");
  await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 0,
  );
}

/** RMS level per 20 ms frame in dBFS. */
function frameLevels(x: Int16Array): number[] {
  const out: number[] = [];
  for (let at = 0; at + 160 <= x.length; at += 160) {
    let e = 0;
    for (let i = at; i < at + 160; i++) e += x[i]! * x[i]!;
    out.push(10 * Math.log10(e / 160 / 32768 ** 2 + 1e-12));
  }
  return out;
}

/** Frames of speech (above -35 dBFS) in a recording or a prompt file. */
const speech = (samples: Int16Array) => frameLevels(samples).filter((l) => l > -35).length;

function samplesOf(file: string): Int16Array {
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(wav.error);
  return wav.wav.channels[0]!;
}

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  for (const number of ["501", "502", "503"]) {
    const created = await api("POST", "/extensions", {
      number,
      sipPassword: password(number),
      webLogin: true,
    });
    expect(created.status).toBe(201);
  }
  // A quiet microphone (baresip answers only with a source it can open).
  const mic = join(tempDir("forwarding-calls-"), "mic.wav");
  writeFileSync(mic, writeWav(8000, [new Int16Array(8000 * 120)]));
  const phone = (extension: string, record = false) =>
    startRegisteredBaresip({
      extension,
      password: password(extension),
      pbxPort: pbx.ports.sip,
      sourceWav: mic,
      record,
      codecs: ["PCMU"],
    });
  [a, b, c] = await Promise.all([phone("501", true), phone("502"), phone("503")]);
  expect(
    (await api("POST", "/trunks", { name: "Site B", kind: "peer", host: "127.0.0.2" })).status,
  ).toBe(201);
  expect(
    (
      await api("POST", "/inbound-routes", {
        name: "Site B",
        trunk: "Site B",
        didPattern: "8200",
        destination: "extension:501",
      })
    ).status,
  ).toBe(201);
}, SETUP_BOUND_MS);

afterAll(async () => {
  if (process.env.CALL_DEBUG) console.log(a?.output(), pbx?.output());
  await Promise.all([a?.stop(), b?.stop(), c?.stop()]);
  await pbx?.stop();
});

describe("call forwarding from the phone's feature codes", () => {
  test("*71502# is confirmed by the box; C's call to A then rings B; *071# ends it", async () => {
    await dialCode(a, "*71502#");
    // What A heard: the box's "呼叫转移已启用" (forward/enabled), as long as the prompt.
    const heard = samplesOf(a.dumps().at(-1)!);
    const prompt = samplesOf(join(PROMPTS, "zh", "forward/enabled.wav"));
    expect(speech(heard)).toBeGreaterThan(0.8 * speech(prompt));
    expect(speech(heard)).toBeLessThan(1.2 * speech(prompt));
    const set = await api("GET", "/call-forwards?extension=501");
    expect(set.json.items).toEqual([
      { extension: "501", type: "always", number: "502", enabled: true },
    ]);

    const [aRang, bRang] = [count(a, RINGS), count(b, RINGS)];
    await c.command("dial", uri("501"));
    await more(b, RINGS, bRang);
    await b.command("accept");
    await b.waitFor(/established/i);
    expect(count(a, RINGS)).toBe(aRang);
    const record = await until(
      () => api("GET", "/calls"),
      (r) => r.json.items.length === 1 && r.json.items[0].state === "answered",
    );
    expect(record.json.items[0]).toMatchObject({ caller: "503", callee: "501" });
    await hangUpAll(c, b);

    await dialCode(a, "*071#");
    expect((await api("GET", "/call-forwards?extension=501")).json.items[0].enabled).toBe(false);
    const aBefore = count(a, RINGS);
    await c.command("dial", uri("501"));
    await more(a, RINGS, aBefore);
    expect(count(b, RINGS)).toBe(bRang + 1);
    await hangUpAll(c, a);
  }, 90_000);

  test("busy: while A talks to C, the FXS handset's call to A rings B", async () => {
    await dialCode(a, "*72502#");
    const cRang = count(c, RINGS);
    await a.command("dial", uri("503"));
    await more(c, RINGS, cRang);
    await c.command("accept");
    await a.waitFor(/established/i);
    const bRang = count(b, RINGS);
    expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
    expect((await api("POST", "/sim/fxs/1/dial", { digits: "501#" })).status).toBe(200);
    await more(b, RINGS, bRang);
    await api("POST", "/sim/fxs/1/onhook");
    await hangUpAll(a, c, b);
    await dialCode(a, "*072#");
  }, 90_000);

  test("no answer: A rings for the ring time, then B rings", async () => {
    expect((await api("PATCH", "/calls/settings", { ringTimeoutS: 5 })).status).toBe(200);
    await dialCode(a, "*73502#");
    const [aRang, bRang] = [count(a, RINGS), count(b, RINGS)];
    const started = Date.now();
    await c.command("dial", uri("501"));
    await more(a, RINGS, aRang);
    expect(count(b, RINGS)).toBe(bRang);
    await more(b, RINGS, bRang, 15_000);
    expect(Date.now() - started).toBeGreaterThan(4000);
    await hangUpAll(c, a, b);
    await dialCode(a, "*073#");
    expect((await api("PATCH", "/calls/settings", { ringTimeoutS: 60 })).status).toBe(200);
  }, 90_000);

  test("forwarding A→B and B→A ends with 482 instead of ringing", async () => {
    await dialCode(a, "*71502#");
    expect((await api("PUT", "/call-forwards/502/always", { number: "501" })).status).toBe(200);
    const [aRang, bRang] = [count(a, RINGS), count(b, RINGS)];
    const refused = count(c, /482/);
    await c.command("dial", uri("501"));
    await more(c, /482/, refused);
    expect([count(a, RINGS), count(b, RINGS)]).toEqual([aRang, bRang]);
    await dialCode(a, "*071#");
    expect((await api("DELETE", "/call-forwards/502/always")).status).toBe(204);
    await hangUpAll(c);
  }, 60_000);
});

describe("announce before forwarding (转移前通知主叫)", () => {
  test("the box answers C and says it is forwarding, then B rings in the same call", async () => {
    expect((await api("PATCH", "/call-forwards/options", { announce: true })).status).toBe(200);
    expect((await api("PUT", "/call-forwards/501/always", { number: "502" })).status).toBe(200);
    const [aRang, bRang, cUp] = [count(a, RINGS), count(b, RINGS), count(c, /established/)];
    await c.command("dial", uri("501"));
    // Answered by the box first (the notice), before anything rings.
    await more(c, /established/, cUp);
    expect(count(b, RINGS)).toBe(bRang);
    await more(b, RINGS, bRang);
    await b.command("accept");
    const talking = await until(
      () => api("GET", "/calls"),
      (r) =>
        r.json.items.length === 1 &&
        r.json.items[0].legs.some(
          (l: { extension: string; state: string }) =>
            l.extension === "502" && l.state === "answered",
        ),
    );
    expect(talking.json.items[0]).toMatchObject({ caller: "503", callee: "501" });
    expect(count(a, RINGS)).toBe(aRang);
    await hangUpAll(c, b);
    expect((await api("PATCH", "/call-forwards/options", { announce: false })).status).toBe(200);
    expect((await api("DELETE", "/call-forwards/501/always")).status).toBe(204);
  }, 60_000);
});

describe("do not disturb", () => {
  test("*74#: calls to A are busy while A still calls out; *074# ends it", async () => {
    await dialCode(a, "*74#");
    expect((await api("GET", "/dnd/501")).json.enabled).toBe(true);
    const aRang = count(a, RINGS);
    const busy = count(c, /486/);
    await c.command("dial", uri("501"));
    await more(c, /486/, busy);
    expect(count(a, RINGS)).toBe(aRang);
    await hangUpAll(c);
    const cRang = count(c, RINGS);
    await a.command("dial", uri("503"));
    await more(c, RINGS, cRang);
    await hangUpAll(a, c);
    await dialCode(a, "*074#");
    expect((await api("GET", "/dnd/501")).json.enabled).toBe(false);
    await c.command("dial", uri("501"));
    await more(a, RINGS, aRang);
    await hangUpAll(c, a);
  }, 60_000);

  test("the FXS handset dials *74#, hears the box, and is then not rung", async () => {
    expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
    expect((await api("POST", "/sim/fxs/1/dial", { digits: "*74#" })).status).toBe(200);
    const spoken = await until(
      () => api("GET", "/sim/fxs/1"),
      (r) => r.json.hears === "audio",
    );
    expect(spoken.json.hears).toBe("audio");
    await until(
      () => api("GET", "/dnd/8001"),
      (r) => r.json.enabled === true,
    );
    await api("POST", "/sim/fxs/1/onhook");
    await until(
      () => api("GET", "/calls"),
      (r) => r.json.items.length === 0,
    );
    const busy = count(c, /486/);
    await c.command("dial", uri("8001"));
    await more(c, /486/, busy);
    expect((await api("GET", "/sim/fxs/1")).json.ringing).toBe(false);
    await hangUpAll(c);
    expect((await api("PUT", "/dnd/8001", { enabled: false })).status).toBe(200);
  }, 60_000);
});

describe("the blacklist", () => {
  test("*76# adds the last outside caller; its next call is refused and rings nobody", async () => {
    const aRang = count(a, RINGS);
    // Answered for 2 s: a call of about a second may end without baresip's end line.
    const caller = (async () =>
      sipp({
        scenario: "trunk-peer-uac.xml",
        target: pbx.ports.sip,
        service: "8200",
        localIp: "127.0.0.2",
        extra: ["-mp", String(await freePort()), "-d", "2000"],
      }))();
    await more(a, RINGS, aRang);
    expect(a.output()).toMatch(/13800138000/);
    const aEnded = count(a, CALL_ENDED);
    await a.command("accept");
    const call = await caller;
    expect(call.code, call.errors).toBe(0);
    // This call's end on the phone is counted before the feature code's call is placed.
    await more(a, CALL_ENDED, aEnded);
    await until(
      () => api("GET", "/calls"),
      (r) => r.json.items.length === 0,
    );

    await dialCode(a, "*76#");
    const listed = await api("GET", "/blacklist");
    expect(listed.json.items).toMatchObject([{ number: "13800138000", addedBy: "501" }]);

    const rang = [a, b, c].map((p) => count(p, RINGS));
    const refused = await sipp({
      scenario: "trunk-peer-refused.xml",
      target: pbx.ports.sip,
      service: "8200",
      localIp: "127.0.0.2",
    });
    expect(refused.code, refused.errors).toBe(0);
    expect([a, b, c].map((p) => count(p, RINGS))).toEqual(rang);
    expect(pbx.output()).toMatch(/blacklisted caller refused/);

    expect((await api("DELETE", "/blacklist/13800138000")).status).toBe(204);
  }, 90_000);

  test("*75# asks for a number and adds it; *075 + number removes it", async () => {
    const ended = count(a, CALL_ENDED);
    await a.command("dial", uri("*75#"));
    await a.waitFor(/established/i);
    // The box asks first ("请输入号码，按井号键结束"); keys then come as RFC 4733 events.
    await Bun.sleep(1500);
    await a.command("sndcode", "13700137000#");
    await more(a, CALL_ENDED, ended, 20_000);
    const listed = await api("GET", "/blacklist");
    expect(listed.json.items).toMatchObject([{ number: "13700137000", addedBy: "501" }]);
    await dialCode(a, "*07513700137000#");
    expect((await api("GET", "/blacklist")).json.items).toEqual([]);
  }, 60_000);
});
