import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { FIXTURE_MP3, voiceTestBed } from "../../../firmware/voice/test-voice-store.ts";
import type { VoiceFileStore } from "../../../firmware/voice/voice-file-store.ts";
import { createApi } from "../create-api.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let bed: ReturnType<typeof voiceTestBed>;
let store: VoiceFileStore;
let app: ReturnType<typeof createApi>;
let admin: string;

beforeEach(async () => {
  t = await startTestApi();
  bed = voiceTestBed({ limits: { maxUploadBytes: 200_000 } });
  store = bed.open();
  app = createApi({ ...t.services, voiceFiles: store });
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => {
  bed.close();
  t.close();
});

function request(method: string, path: string, token: string, body?: FormData | object) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["Content-Type"] = "application/json";
  }
  return app.request(`http://pbx.lan/api/v1${path}`, { method, headers, body: payload });
}

function form(bytes: Uint8Array | string, fileName: string, name?: string): FormData {
  const f = new FormData();
  f.append("file", new File([bytes as BlobPart], fileName));
  if (name !== undefined) f.append("name", name);
  return f;
}

const mp3 = () => new Uint8Array(readFileSync(FIXTURE_MP3));

/** Sample rate, channels and samples per channel of a 16-bit PCM WAV with a 44-byte header. */
function wavFacts(bytes: ArrayBuffer) {
  const v = new DataView(bytes);
  const tag = new TextDecoder().decode(new Uint8Array(bytes, 8, 4));
  const channels = v.getUint16(22, true);
  return {
    format: tag,
    rateHz: v.getUint32(24, true),
    channels,
    samples: v.getUint32(40, true) / (2 * channels),
  };
}

describe("/api/v1/moh-classes", () => {
  test("create a class, upload an MP3 into it, list, download and delete", async () => {
    const created = await request("POST", "/moh-classes", admin, {
      name: "sales",
      playMode: "random",
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: "sales", playMode: "random", fileCount: 0 });

    const up = await request("POST", "/moh-classes/sales/files", admin, form(mp3(), "Jingle.mp3"));
    expect(up.status).toBe(201);
    const file = (await up.json()) as { name: string; durationMs: number; source: string };
    expect(file).toMatchObject({ name: "Jingle", source: "mp3 44100 Hz stereo" });

    const listed = (await (await request("GET", "/moh-classes/sales/files", admin)).json()) as {
      items: { name: string }[];
    };
    expect(listed.items.map((f) => f.name)).toEqual(["Jingle"]);
    const classes = (await (await request("GET", "/moh-classes", admin)).json()) as {
      items: { name: string; fileCount: number }[];
    };
    expect(classes.items.map((c) => [c.name, c.fileCount])).toEqual([
      ["default", 1],
      ["sales", 1],
    ]);

    const audio = await request("GET", "/moh-classes/sales/files/Jingle/audio", admin);
    expect(audio.status).toBe(200);
    expect(audio.headers.get("Content-Type")).toBe("audio/wav");
    expect(audio.headers.get("Content-Disposition")).toBe(
      "attachment; filename*=UTF-8''Jingle.wav",
    );
    const wav = wavFacts(await audio.arrayBuffer());
    expect(wav).toMatchObject({ format: "WAVE", rateHz: 8000, channels: 1 });
    expect(Math.round(wav.samples / 8)).toBe(file.durationMs);

    expect((await request("DELETE", "/moh-classes/sales/files/Jingle", admin)).status).toBe(204);
    expect((await request("DELETE", "/moh-classes/sales", admin)).status).toBe(204);
    expect((await request("GET", "/moh-classes/sales", admin)).status).toBe(404);
  });

  test("a text file named .mp3 is refused with a clear error and nothing is stored", async () => {
    const res = await request(
      "POST",
      "/moh-classes/default/files",
      admin,
      form("just some words\n".repeat(40), "song.mp3"),
    );
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({
      code: "not_audio",
      message: "file is not a WAV or MP3 file",
      field: "file",
    });
    expect(readdirSync(join(bed.dataDir, "moh", "default"))).toEqual(["melody.wav"]);
  });

  test("uploads over the size limit get 413; JSON uploads 415; unknown fields 400", async () => {
    const big = new Uint8Array(300_000);
    const res = await request("POST", "/prompts", admin, form(big, "big.wav"));
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({ code: "too_large", field: "file" });
    const json = await request("POST", "/prompts", admin, { file: "x" });
    expect(json.status).toBe(415);
    const extra = form(mp3(), "a.mp3");
    extra.append("folder", "../../etc");
    expect(await errorOf(await request("POST", "/prompts", admin, extra))).toMatchObject({
      code: "invalid",
      field: "folder",
    });
  });

  test("path traversal in class, file and prompt names is refused", async () => {
    const cls = await request("POST", "/moh-classes", admin, { name: "../../tmp" });
    expect(cls.status).toBe(400);
    expect((await errorOf(cls)).field).toBe("name");
    for (const fileName of ["../../evil.mp3", "..\\evil.mp3"]) {
      const res = await request("POST", "/prompts", admin, form(mp3(), fileName));
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: "invalid", field: "name" });
    }
    const named = await request(
      "POST",
      "/moh-classes/default/files",
      admin,
      form(mp3(), "a.mp3", "../x"),
    );
    expect((await errorOf(named)).field).toBe("name");
    // Encoded slashes in a path parameter reach nothing outside the folder either.
    expect((await request("GET", "/prompts/..%2F..%2Fpbx.sqlite/audio", admin)).status).toBe(404);
    expect(
      (await request("GET", "/moh-classes/default/files/..%2F..%2Fpbx.sqlite/audio", admin)).status,
    ).toBe(404);
    expect(existsSync(join(bed.dataDir, "evil.wav"))).toBe(false);
    expect(store.prompts.list()).toEqual([]);
  });

  test("the default class cannot be deleted", async () => {
    const res = await request("DELETE", "/moh-classes/default", admin);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe("protected");
  });
});

describe("/api/v1/prompts", () => {
  test("upload under a Chinese name, list, download and delete", async () => {
    const up = await request("POST", "/prompts", admin, form(mp3(), "x.mp3", "欢迎"));
    expect(up.status).toBe(201);
    expect(await up.json()).toMatchObject({ name: "欢迎" });
    expect((await request("POST", "/prompts", admin, form(mp3(), "欢迎.mp3"))).status).toBe(409);
    const list = (await (await request("GET", "/prompts", admin)).json()) as {
      items: { name: string }[];
    };
    expect(list.items.map((p) => p.name)).toEqual(["欢迎"]);
    const audio = await request("GET", `/prompts/${encodeURIComponent("欢迎")}/audio`, admin);
    expect(audio.status).toBe(200);
    expect(audio.headers.get("Content-Disposition")).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent("欢迎.wav")}`,
    );
    expect((await request("DELETE", `/prompts/${encodeURIComponent("欢迎")}`, admin)).status).toBe(
      204,
    );
    expect((await request("GET", `/prompts/${encodeURIComponent("欢迎")}`, admin)).status).toBe(
      404,
    );
  });
});

describe("who may manage voice files (SPEC WEB-3)", () => {
  test("admin and operator may; billing and extension users get 403; no login 401", async () => {
    const operator = await t.tokenFor("operator");
    const billing = await t.tokenFor("billing");
    t.services.extensions.create({ number: "101", sipPassword: "ext-pw-101", webLogin: true });
    const extension = (await t.login("101", "ext-pw-101")).token;
    expect((await request("GET", "/moh-classes", operator)).status).toBe(200);
    expect((await request("POST", "/prompts", operator, form(mp3(), "op.mp3"))).status).toBe(201);
    for (const token of [billing, extension]) {
      expect((await request("GET", "/moh-classes", token)).status).toBe(403);
      expect((await request("GET", "/prompts", token)).status).toBe(403);
      expect((await request("POST", "/prompts", token, form(mp3(), "x.mp3"))).status).toBe(403);
      expect((await request("DELETE", "/prompts/op", token)).status).toBe(403);
    }
    expect((await request("GET", "/prompts", "no-such-token")).status).toBe(401);
    expect(store.prompts.list().map((p) => p.name)).toEqual(["op"]);
  });

  test("without a voice-file store the routes answer 503", async () => {
    const bare = createApi(t.services);
    const res = await bare.request("http://pbx.lan/api/v1/prompts", {
      headers: { Authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(503);
  });
});

describe("a full disk", () => {
  /** A write(2) that, once the disk is "full", writes one 1 KiB chunk and then fails ENOSPC. */
  function fillingDisk() {
    const state = { full: false, wrote: 0 };
    const writeChunk = (fd: number, bytes: Uint8Array, offset: number, length: number) => {
      if (!state.full) return writeSync(fd, bytes, offset, length);
      if (state.wrote > 0) {
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), {
          code: "ENOSPC",
          errno: -28,
          syscall: "write",
        });
      }
      state.wrote = writeSync(fd, bytes, offset, Math.min(length, 1024));
      return state.wrote;
    };
    return { state, writeChunk };
  }

  test("uploads answer 507 disk-full with a clear message and leave no file or row behind", async () => {
    const disk = fillingDisk();
    const fullBed = voiceTestBed({ writeChunk: disk.writeChunk });
    try {
      const fullApp = createApi({ ...t.services, voiceFiles: fullBed.open() });
      const send = (path: string, body: FormData) =>
        fullApp.request(`http://pbx.lan/api/v1${path}`, {
          method: "POST",
          headers: { Authorization: `Bearer ${admin}` },
          body,
        });
      const before = filesUnder(fullBed.dataDir);
      disk.state.full = true;
      for (const path of ["/prompts", "/moh-classes/default/files"]) {
        disk.state.wrote = 0;
        const res = await send(path, form(mp3(), "Jingle.mp3"));
        expect(res.status).toBe(507);
        const error = await errorOf(res);
        expect(error.code).toBe("disk-full");
        expect(error.message).toContain("storage is full");
        expect(disk.state.wrote).toBe(1024);
      }
      expect(filesUnder(fullBed.dataDir)).toEqual(before);
      const prompts = await fullApp.request("http://pbx.lan/api/v1/prompts", {
        headers: { Authorization: `Bearer ${admin}` },
      });
      expect(((await prompts.json()) as { items: unknown[] }).items).toEqual([]);
      // Space freed: the same upload works.
      disk.state.full = false;
      expect((await send("/prompts", form(mp3(), "Jingle.mp3"))).status).toBe(201);
    } finally {
      fullBed.close();
    }
  });
});

/** Every file under `dir` except the database's own, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith("pbx.sqlite"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
