// End to end (issue 4 "In the box"): the box speaks, plays music on hold and records, heard
// by real baresip phones. A phone dials **13# and records what it hears: speech where the
// prompts' words should be, for as long as the prompts last. An uploaded MP3 (1 kHz tone)
// becomes the holding extension's music-on-hold class and the held phone hears 1 kHz. An
// extension recording "all" leaves a WAV of the call's length, listed by the API, read by sox.
// "Play on extension" rings a phone and plays an uploaded prompt to it.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goertzelPower } from "../../media/dsp/goertzel.ts";
import { readWav } from "../../media/file/wav-reader.ts";
import { CALL_ENDED, startBaresip } from "../support/baresip.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";

const ROOT = join(import.meta.dir, "..", "..");
const PROMPTS = join(ROOT, "rootfs", "usr", "share", "pbx", "prompts");
const MP3 = join(ROOT, "media", "file", "fixtures", "tone-1khz-44k1-stereo.mp3");

let pbx: RunningPbx;
let token: string;
const dir = mkdtempSync(join(tmpdir(), "media-calls-"));

const api = (path: string, init: RequestInit = {}) => pbx.api(`/api/v1${path}`, { token, ...init });

beforeAll(async () => {
  pbx = await startPbx();
  token = await pbx.adminToken();
  const extensions: Record<string, Record<string, string>> = {
    "401": {},
    "402": { recording: "all" },
    "403": {},
  };
  for (const [number, settings] of Object.entries(extensions)) {
    const res = await api("/extensions", {
      method: "POST",
      body: JSON.stringify({ number, sipPassword: `Pass-${number}!`, ...settings }),
    });
    expect(res.status).toBe(201);
  }
  const sox = requirePeer("sox", "sox");
  await run([
    sox,
    "-n",
    "-r",
    "8000",
    "-c",
    "1",
    "-b",
    "16",
    join(dir, "quiet.wav"),
    "synth",
    "30",
    "sine",
    "300",
    "vol",
    "0.001",
  ]);
  await run([
    sox,
    "-n",
    "-r",
    "8000",
    "-c",
    "1",
    "-b",
    "16",
    join(dir, "a.wav"),
    "synth",
    "30",
    "sine",
    "600",
    "vol",
    "0.4",
  ]);
}, 30_000);

afterAll(async () => {
  await pbx.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A softphone that dumps what it hears; heard() gives the samples of its first call. */
async function startPhone(extension: string, sourceWav: string) {
  const phone = await startBaresip({
    extension,
    password: `Pass-${extension}!`,
    pbxPort: pbx.ports.sip,
    sourceWav,
    record: true,
    codecs: ["PCMU"],
  });
  return {
    ...phone,
    heard(): Int16Array {
      const dump = phone.dumps()[0];
      if (!dump) throw new Error(`baresip ${extension} recorded nothing:\n${phone.output()}`);
      const wav = readWav(new Uint8Array(readFileSync(dump)));
      if (!wav.ok) throw new Error(wav.error);
      expect(wav.wav.sampleRateHz).toBe(8000);
      return wav.wav.channels[0]!;
    },
  };
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

function promptSamples(lang: string, name: string): Int16Array {
  const wav = readWav(new Uint8Array(readFileSync(join(PROMPTS, lang, `${name}.wav`))));
  if (!wav.ok) throw new Error(wav.error);
  return wav.wav.channels[0]!;
}

test("**13# is answered by the box, which says the caller's extension in Chinese", async () => {
  const phone = await startPhone("401", join(dir, "quiet.wav"));
  try {
    await phone.waitFor(/200 OK|registered successfully/i);
    await phone.command("dial", `sip:**13%23@127.0.0.1:${pbx.ports.sip}`);
    await phone.waitFor(/established/i);
    // The box hangs up by itself once everything is said.
    await phone.waitFor(CALL_ENDED, 15_000);
  } finally {
    await phone.stop();
  }
  const heard = phone.heard();
  const clips = ["info/your-extension-is", "digits/4", "digits/0", "digits/1"].map((n) =>
    promptSamples("zh", n),
  );
  const levels = frameLevels(heard);
  const first = levels.findIndex((l) => l > -35);
  const last = levels.length - 1 - [...levels].reverse().findIndex((l) => l > -35);
  expect(first).toBeGreaterThan(0);
  // Where each prompt's own speech lies, relative to the first word.
  let at = 0;
  for (const clip of clips) {
    const clipLevels = frameLevels(clip);
    const own = clipLevels.filter((l) => l > -35).length;
    const heardThere = levels.slice(first + at, first + at + clipLevels.length);
    const loud = heardThere.filter((l) => l > -35).length;
    // Energy where the prompt has energy (G.711 through the box, within a few frames).
    expect(loud).toBeGreaterThan(0.7 * own);
    at += clipLevels.length;
  }
  const spokenFrames = at;
  // The speech heard lasts as long as the prompts (trimmed silence aside), within 10 %.
  expect(last - first + 1).toBeGreaterThan(0.85 * spokenFrames);
  expect(last - first + 1).toBeLessThan(1.1 * spokenFrames);
  const cdr = (await (await api("/cdr?caller=401")).json()) as {
    items: { callee: string; status: string }[];
  };
  expect(cdr.items[0]?.status).toBe("answered");
}, 40_000);

test("an uploaded MP3 is the held party's music; recording 'all' leaves the call's WAV", async () => {
  // A music-on-hold class with the 1 kHz MP3, for extension 402.
  expect(
    (await api("/moh-classes", { method: "POST", body: JSON.stringify({ name: "lobby" }) })).status,
  ).toBe(201);
  const form = new FormData();
  form.append("file", new File([readFileSync(MP3)], "tone.mp3"));
  const encoded = new Request("https://pbx.lan/", { method: "POST", body: form });
  const uploaded = await api("/moh-classes/lobby/files", {
    method: "POST",
    headers: { "Content-Type": encoded.headers.get("Content-Type")! },
    body: await encoded.arrayBuffer(),
  });
  expect(uploaded.status).toBe(201);
  expect(
    (await api("/extensions/402", { method: "PATCH", body: JSON.stringify({ mohClass: "lobby" }) }))
      .status,
  ).toBe(200);

  const caller = await startPhone("402", join(dir, "a.wav"));
  const callee = await startPhone("403", join(dir, "quiet.wav"));
  let talkMs = 0;
  try {
    await caller.waitFor(/200 OK|registered successfully/i);
    await callee.waitFor(/200 OK|registered successfully/i);
    await caller.command("dial", `sip:403@127.0.0.1:${pbx.ports.sip}`);
    await callee.waitFor(/Incoming call|ringing/i);
    await callee.command("accept");
    await caller.waitFor(/established/i);
    const started = Date.now();
    await Bun.sleep(2000);
    await caller.command("hold");
    await Bun.sleep(3000);
    await caller.command("resume");
    await Bun.sleep(1000);
    await caller.command("hangup");
    talkMs = Date.now() - started;
    await callee.waitFor(CALL_ENDED);
  } finally {
    await caller.stop();
    await callee.stop();
  }
  // While 402 held (about 2.5-4.5 s into the call), 403 heard the MP3's 1 kHz tone.
  const heard = callee.heard();
  let toneFrames = 0;
  let frames = 0;
  for (let at = 3 * 8000; at + 160 <= 4.5 * 8000; at += 160) {
    let e = 0;
    for (let i = at; i < at + 160; i++) e += heard[i]! * heard[i]!;
    const tone = (2 * goertzelPower(heard, at, 160, 1000, 8000)) / 160;
    frames++;
    if (e > 160 * 300 * 300 && tone > 0.6 * e) toneFrames++;
  }
  expect(toneFrames).toBeGreaterThan(0.8 * frames);

  // The recording: listed, as long as the call, a WAV sox reads.
  await Bun.sleep(300);
  const list = (await (await api("/recordings?extension=402")).json()) as {
    items: { id: number; durationMs: number; extensions: string[]; kind: string }[];
  };
  const rec = list.items[0];
  expect(rec?.kind).toBe("call");
  expect(rec?.extensions).toEqual(["402", "403"]);
  expect(Math.abs(rec!.durationMs - talkMs)).toBeLessThan(800);
  const wavPath = join(dir, "recording.wav");
  writeFileSync(
    wavPath,
    new Uint8Array(await (await api(`/recordings/${rec!.id}/audio`)).arrayBuffer()),
  );
  const sox = requirePeer("sox", "sox");
  const info = await run([sox.replace(/sox$/, "soxi"), "-D", wavPath]);
  expect(Math.abs(Number(info.stdout.trim()) * 1000 - rec!.durationMs)).toBeLessThan(50);
  // Left channel (the caller) carries 402's 600 Hz tone in the first second of talk.
  const wav = readWav(new Uint8Array(readFileSync(wavPath)));
  if (!wav.ok) throw new Error(wav.error);
  expect(wav.wav.channels.length).toBe(2);
  const left = wav.wav.channels[0]!;
  const tone = (2 * goertzelPower(left, 8000, 1600, 600, 8000)) / 1600;
  let e = 0;
  for (let i = 8000; i < 9600; i++) e += left[i]! * left[i]!;
  expect(tone).toBeGreaterThan(0.6 * e);
  const cdr = (await (await api("/cdr?caller=402")).json()) as { items: { recorded: boolean }[] };
  expect(cdr.items[0]?.recorded).toBe(true);
}, 60_000);

test("play on extension: the box calls the phone and plays the uploaded prompt to it", async () => {
  // A custom prompt: 1.5 s of 700 Hz, uploaded as the web UI does.
  const chime = join(dir, "chime.wav");
  await run([
    requirePeer("sox", "sox"),
    "-n",
    "-r",
    "8000",
    "-c",
    "1",
    "-b",
    "16",
    chime,
    "synth",
    "1.5",
    "sine",
    "700",
    "vol",
    "0.5",
  ]);
  const form = new FormData();
  form.append("file", new File([readFileSync(chime)], "chime.wav"));
  form.append("name", "chime");
  const encoded = new Request("https://pbx.lan/", { method: "POST", body: form });
  const uploaded = await api("/prompts", {
    method: "POST",
    headers: { "Content-Type": encoded.headers.get("Content-Type")! },
    body: await encoded.arrayBuffer(),
  });
  expect(uploaded.status).toBe(201);

  const phone = await startPhone("401", join(dir, "quiet.wav"));
  try {
    await phone.waitFor(/200 OK|registered successfully/i);
    const played = await api("/prompts/chime/play", {
      method: "POST",
      body: JSON.stringify({ extension: "401" }),
    });
    expect(played.status).toBe(202);
    await phone.waitFor(/Incoming call|ringing/i);
    await phone.command("accept");
    // The box hangs up by itself once the prompt has played.
    await phone.waitFor(CALL_ENDED, 15_000);
  } finally {
    await phone.stop();
  }
  const heard = phone.heard();
  let chimeFrames = 0;
  for (let at = 0; at + 160 <= heard.length; at += 160) {
    let e = 0;
    for (let i = at; i < at + 160; i++) e += heard[i]! * heard[i]!;
    const tone = (2 * goertzelPower(heard, at, 160, 700, 8000)) / 160;
    if (e > 160 * 300 * 300 && tone > 0.6 * e) chimeFrames++;
  }
  // Most of the 75 frames of the prompt arrive as a clear 700 Hz tone.
  expect(chimeFrames).toBeGreaterThan(50);
}, 40_000);
