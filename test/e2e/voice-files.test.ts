// End to end (SPEC VOICE-1, VOICE-2, REP-2): the real program, voice files uploaded over
// HTTPS as multipart/form-data the way the web UI sends them, converted and stored under the
// data directory; role checks on recordings; and a restart after a power cut mid-upload.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWav } from "../../media/file/wav-reader.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { requirePeer } from "../support/peers.ts";

const MP3 = join(
  import.meta.dir,
  "..",
  "..",
  "media",
  "file",
  "fixtures",
  "tone-1khz-44k1-stereo.mp3",
);

let dataDir: string;
let pbx: RunningPbx;
let adminPassword: string;
let token: string;

async function login(username: string, password: string): Promise<string> {
  const res = await pbx.api("/api/v1/auth/login", {
    method: "POST",
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { token?: string };
  if (!body.token) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** POSTs a multipart form as a browser's fetch(FormData) would. */
async function upload(path: string, fileName: string, bytes: Uint8Array | string, as = token) {
  const form = new FormData();
  form.append("file", new File([bytes as BlobPart], fileName));
  const encoded = new Request("https://pbx.lan/", { method: "POST", body: form });
  return pbx.api(`/api/v1${path}`, {
    method: "POST",
    token: as,
    headers: { "Content-Type": encoded.headers.get("Content-Type")! },
    body: await encoded.arrayBuffer(),
  });
}

const get = (path: string, as = token) => pbx.api(`/api/v1${path}`, { token: as });
const files = (...parts: string[]) => readdirSync(join(dataDir, ...parts)).sort();

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "pbx-voice-e2e-"));
  pbx = await startPbx({ dataDir });
  adminPassword = pbx.adminPassword;
  token = await pbx.adminToken();
});

afterAll(async () => {
  await pbx?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("voice files on the running box", () => {
  test("first boot made the default music-on-hold class with one clip", async () => {
    const res = await get("/moh-classes");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      items: [{ name: "default", playMode: "in-order", fileCount: 1 }],
    });
    expect(files("moh", "default")).toEqual(["melody.wav"]);
  });

  test("an MP3 uploaded to a class and a 44.1 kHz stereo WAV prompt are stored as 8 kHz mono", async () => {
    requirePeer("sox", "sox");
    const made = await pbx.api("/api/v1/moh-classes", {
      method: "POST",
      token,
      body: JSON.stringify({ name: "lobby", playMode: "random" }),
    });
    expect(made.status).toBe(201);
    const mp3 = await upload("/moh-classes/lobby/files", "Spring.mp3", readFileSync(MP3));
    expect(mp3.status).toBe(201);
    expect(await mp3.json()).toMatchObject({ name: "Spring", source: "mp3 44100 Hz stereo" });
    const song = readWav(new Uint8Array(readFileSync(join(dataDir, "moh", "lobby", "Spring.wav"))));
    expect(song.ok && [song.wav.sampleRateHz, song.wav.channels.length]).toEqual([8000, 1]);

    const wavPath = join(dataDir, "hello-44k1.wav");
    const sox = Bun.spawnSync([
      "sox",
      "-n",
      "-r",
      "44100",
      "-c",
      "2",
      "-b",
      "16",
      wavPath,
      "synth",
      "2",
      "sine",
      "440",
    ]);
    expect(sox.exitCode).toBe(0);
    const prompt = await upload("/prompts", "hello.wav", readFileSync(wavPath));
    expect(prompt.status).toBe(201);
    const audio = await get("/prompts/hello/audio");
    expect(audio.headers.get("Content-Type")).toBe("audio/wav");
    const wav = readWav(new Uint8Array(await audio.arrayBuffer()));
    expect(wav.ok && [wav.wav.sampleRateHz, wav.wav.channels.length]).toEqual([8000, 1]);
    expect(wav.ok && wav.wav.channels[0]!.length).toBe(16000);
  });

  test("a text file named .mp3 and a path in the file name are refused, leaving nothing", async () => {
    const text = await upload(
      "/moh-classes/lobby/files",
      "minutes.mp3",
      "Agenda: 1. budget\n".repeat(30),
    );
    expect(text.status).toBe(400);
    expect(await text.json()).toEqual({
      error: { code: "not_audio", message: "file is not a WAV or MP3 file", field: "file" },
    });
    const traversal = await upload("/prompts", "../../../pbx.db.mp3", readFileSync(MP3));
    expect(traversal.status).toBe(400);
    expect(((await traversal.json()) as { error: { field: string } }).error.field).toBe("name");
    expect(files("moh", "lobby")).toEqual(["Spring.wav"]);
    expect(files("prompts", "custom")).toEqual(["hello.wav"]);
  });

  test("extension users see only their recordings and no voice files; billing sees neither", async () => {
    const ext = await pbx.api("/api/v1/extensions", {
      method: "POST",
      token,
      body: JSON.stringify({ number: "101", sipPassword: "ext-pw-101", webLogin: true }),
    });
    expect(ext.status).toBe(201);
    const user = await login("101", "ext-pw-101");
    const mine = await get("/recordings", user);
    expect(mine.status).toBe(200);
    expect(await mine.json()).toEqual({ items: [], total: 0 });
    expect((await get("/prompts", user)).status).toBe(403);
    expect((await upload("/prompts", "x.mp3", readFileSync(MP3), user)).status).toBe(403);
    const account = await pbx.api("/api/v1/accounts", {
      method: "POST",
      token,
      body: JSON.stringify({ username: "books", password: "Billing-pw-1", role: "billing" }),
    });
    expect(account.status).toBe(201);
    const billing = await login("books", "Billing-pw-1");
    expect((await get("/recordings", billing)).status).toBe(403);
    expect((await get("/moh-classes", billing)).status).toBe(403);
  });

  test("after a power cut mid-upload the restarted box lists exactly what is on disk", async () => {
    expect(await pbx.stop()).toBe(0);
    // What a cut can leave: a half-written upload, a file renamed but never indexed, a file
    // lost from the storage, an interrupted recording.
    writeFileSync(join(dataDir, "moh", "lobby", "Summer.wav.part"), "RIFF\0\0\0\0WAVE");
    writeFileSync(
      join(dataDir, "prompts", "custom", "orphan.wav"),
      readFileSync(join(dataDir, "prompts", "custom", "hello.wav")),
    );
    rmSync(join(dataDir, "moh", "lobby", "Spring.wav"));
    const recordings = join(dataDir, "recordings", "2025", "06", "01");
    mkdirSync(recordings, { recursive: true });
    writeFileSync(join(recordings, "20250601-090000-call-101-200-abcd.wav.part"), "RIFF");

    pbx = await startPbx({ dataDir, env: { PBX_ADMIN_PASSWORD: adminPassword } });
    token = await login("admin", adminPassword);
    expect(pbx.output()).toContain("removed interrupted or orphaned entries");
    const lobby = (await (await get("/moh-classes/lobby/files")).json()) as { items: unknown[] };
    expect(lobby.items).toEqual([]);
    expect(files("moh", "lobby")).toEqual([]);
    const prompts = (await (await get("/prompts")).json()) as { items: { name: string }[] };
    expect(prompts.items.map((p) => p.name)).toEqual(["hello"]);
    expect(files("prompts", "custom")).toEqual(["hello.wav"]);
    expect(readdirSync(recordings)).toEqual([]);
    expect((await get("/prompts/hello/audio")).status).toBe(200);
  });
});
