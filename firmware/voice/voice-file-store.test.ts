import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { convertToBoxFormat } from "../../media/file/convert-to-box-format.ts";
import { readWav } from "../../media/file/wav-reader.ts";
import { requirePeer } from "../../test/support/peers.ts";
import { extensions } from "../db/schema/extensions.ts";
import { FIXTURE_MP3, soxWav, voiceTestBed } from "./test-voice-store.ts";
import { DEFAULT_CLIP_NAME, type VoiceFileStore } from "./voice-file-store.ts";

let bed: ReturnType<typeof voiceTestBed>;
let store: VoiceFileStore;
beforeEach(() => {
  bed = voiceTestBed();
  store = bed.open();
});
afterEach(() => bed.close());

const mp3 = () => new Uint8Array(readFileSync(FIXTURE_MP3));
const stored = (...parts: string[]) => new Uint8Array(readFileSync(join(bed.dataDir, ...parts)));
const filesIn = (...parts: string[]) => readdirSync(join(bed.dataDir, ...parts)).sort();

describe("uploads are converted once to 8 kHz 16-bit mono", () => {
  test("an MP3 (44.1 kHz stereo) becomes an 8 kHz mono WAV of the same length", async () => {
    store.moh.createClass({ name: "lobby" });
    const added = await store.moh.addFile("lobby", { bytes: mp3(), fileName: "Tone.mp3" });
    expect(added.ok).toBe(true);
    if (!added.ok) return;
    expect(added.value.name).toBe("Tone");
    expect(added.value.source).toBe("mp3 44100 Hz stereo");
    const wav = readWav(stored("moh", "lobby", "Tone.wav"));
    expect(wav.ok).toBe(true);
    if (!wav.ok) return;
    expect(wav.wav.sampleRateHz).toBe(8000);
    expect(wav.wav.channels.length).toBe(1);
    expect(wav.wav.encoding).toBe("pcm16");
    // 1.5 s of tone; the MP3 encoder's delay and padding add at most a few frames.
    expect(wav.wav.channels[0]!.length).toBeGreaterThanOrEqual(12000);
    expect(wav.wav.channels[0]!.length).toBeLessThan(12000 + 8 * 60);
    expect(added.value.durationMs).toBe(Math.round(wav.wav.channels[0]!.length / 8));
  });

  test("a 44.1 kHz stereo WAV made by sox becomes 8 kHz mono with the exact length", async () => {
    const bytes = soxWav(join(bed.dataDir, "in.wav"), 2, 44100, 2);
    const added = await store.prompts.add({ bytes, fileName: "welcome.wav" });
    expect(added.ok).toBe(true);
    const wav = readWav(stored("prompts", "custom", "welcome.wav"));
    if (!wav.ok) throw new Error(wav.error);
    expect(wav.wav.sampleRateHz).toBe(8000);
    expect(wav.wav.channels.length).toBe(1);
    expect(wav.wav.channels[0]!.length).toBe(16000);
    expect(store.prompts.get("welcome")).toMatchObject({
      durationMs: 2000,
      source: "wav 44100 Hz stereo",
    });
    // The 440 Hz tone survived: about 0.5 * 32767 / sqrt(2) RMS.
    const x = wav.wav.channels[0]!.subarray(2000, 14000);
    const rms = Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    expect(rms).toBeGreaterThan(10000);
    expect(rms).toBeLessThan(13000);
  });

  test("a text file named .mp3 is refused with a clear error and leaves nothing behind", async () => {
    store.moh.createClass({ name: "lobby" });
    const text = new TextEncoder().encode("these are the meeting notes, not music\n".repeat(50));
    const added = await store.moh.addFile("lobby", { bytes: text, fileName: "notes.mp3" });
    expect(added).toEqual({
      ok: false,
      error: { code: "not_audio", message: "is not a WAV or MP3 file", field: "file" },
    });
    expect(filesIn("moh", "lobby")).toEqual([]);
    expect(store.moh.listFiles("lobby")).toEqual({ ok: true, value: [] });
    const prompt = await store.prompts.add({ bytes: text, fileName: "notes.wav" });
    expect(prompt.ok ? "" : prompt.error.code).toBe("not_audio");
    expect(store.prompts.list()).toEqual([]);
  });

  test("a WAV with its data chunk cut off is refused as broken", async () => {
    const bytes = soxWav(join(bed.dataDir, "in.wav"), 0.5, 8000, 1).subarray(0, 36);
    const added = await store.prompts.add({ bytes, fileName: "cut.wav" });
    expect(added.ok ? "" : added.error.message).toBe("is a broken WAV file (missing data chunk)");
  });

  test("a file over the length or size limit is refused before it is decoded", async () => {
    const strict = voiceTestBed({ limits: { maxDurationMs: 1000, maxUploadBytes: 40_000 } });
    try {
      const s = strict.open();
      const long = soxWav(join(strict.dataDir, "long.wav"), 2.1, 8000, 1);
      const tooLong = await s.prompts.add({ bytes: long, fileName: "long.wav" });
      expect(tooLong.ok ? undefined : tooLong.error).toEqual({
        code: "too_long",
        message: "is longer than 1 seconds",
        field: "file",
      });
      const big = soxWav(join(strict.dataDir, "big.wav"), 0.5, 44100, 1);
      const tooBig = await s.prompts.add({ bytes: big, fileName: "big.wav" });
      expect(tooBig.ok ? "" : tooBig.error.code).toBe("too_large");
      expect(s.prompts.list()).toEqual([]);
    } finally {
      strict.close();
    }
  });
});

describe("names never leave their folder", () => {
  test.each(["../evil", "a/b", "..", "x\\..\\y", ".hidden", ""])(
    "file name %p is refused",
    async (name) => {
      const fileName = name === "" ? ".mp3" : `${name}.mp3`;
      const added = await store.prompts.add({ bytes: mp3(), fileName });
      expect(added.ok ? "" : `${added.error.code} ${added.error.field}`).toBe("invalid name");
      const moh = await store.moh.addFile("default", { bytes: mp3(), fileName: "ok.mp3", name });
      expect(moh.ok ? "" : moh.error.code).toBe(name === "" ? "" : "invalid");
    },
  );

  test("class names are plain words", () => {
    for (const name of ["../moh", "a b", "a/b", "", "x".repeat(33)]) {
      const made = store.moh.createClass({ name });
      expect(made.ok ? "" : made.error.field).toBe("name");
    }
    expect(existsSync(join(bed.dataDir, "moh"))).toBe(true);
    expect(filesIn("moh")).toEqual(["default"]);
  });

  test("Chinese titles are kept as typed", async () => {
    const added = await store.prompts.add({ bytes: mp3(), fileName: "欢迎词 (新).mp3" });
    expect(added.ok && added.value.name).toBe("欢迎词 (新)");
    expect(filesIn("prompts", "custom")).toEqual(["欢迎词 (新).wav"]);
  });
});

describe("crash safety: the index and the folders agree after a restart", () => {
  test("leftover .part files, files without rows and rows without files are all removed", async () => {
    store.moh.createClass({ name: "lobby" });
    await store.moh.addFile("lobby", { bytes: mp3(), fileName: "kept.mp3" });
    await store.moh.addFile("lobby", { bytes: mp3(), fileName: "lost.mp3" });
    await store.prompts.add({ bytes: mp3(), fileName: "greeting.mp3" });
    // A power cut while writing, one between rename and insert, a file lost from storage,
    // and a class folder whose row was already deleted.
    writeFileSync(join(bed.dataDir, "moh", "lobby", "half.wav.part"), "RIFF....");
    writeFileSync(join(bed.dataDir, "prompts", "custom", "next.wav.part"), "RIFF");
    writeFileSync(
      join(bed.dataDir, "moh", "lobby", "unindexed.wav"),
      stored("moh", "lobby", "kept.wav"),
    );
    rmSync(join(bed.dataDir, "moh", "lobby", "lost.wav"));
    mkdirSync(join(bed.dataDir, "moh", "gone"));
    writeFileSync(join(bed.dataDir, "moh", "gone", "a.wav"), "x");

    store = bed.open();
    expect(store.repairs).toEqual({
      partFiles: ["moh/lobby/half.wav.part", "prompts/custom/next.wav.part"],
      filesWithoutRow: ["moh/gone/a.wav", "moh/lobby/unindexed.wav"],
      rowsWithoutFile: ["moh/lobby/lost.wav"],
    });
    expect(filesIn("moh")).toEqual(["default", "lobby"]);
    expect(filesIn("moh", "lobby")).toEqual(["kept.wav"]);
    const files = store.moh.listFiles("lobby");
    expect(files.ok && files.value.map((f) => f.name)).toEqual(["kept"]);
    expect(filesIn("prompts", "custom")).toEqual(["greeting.wav"]);
    expect(store.prompts.list().map((p) => p.name)).toEqual(["greeting"]);

    // A clean start finds nothing to do.
    expect(bed.open().repairs).toEqual({ partFiles: [], filesWithoutRow: [], rowsWithoutFile: [] });
  });
});

describe("music-on-hold classes", () => {
  test("first boot makes a default class whose clip sounds, once", () => {
    expect(store.moh.listClasses()).toMatchObject([
      { name: "default", playMode: "in-order", fileCount: 1 },
    ]);
    const clip = store.moh.getFile("default", DEFAULT_CLIP_NAME)!;
    expect(clip.durationMs).toBeGreaterThan(5000);
    expect(clip.bytes).toBeLessThan(200_000);
    let energy = 0;
    const source = store.mohSource("default");
    for (let tick = 0; tick < 100; tick++) for (const v of source.frame(tick)) energy += v * v;
    expect(Math.sqrt(energy / 16000)).toBeGreaterThan(1000);

    // Deleted by the operator, it stays deleted across a restart.
    expect(store.moh.deleteFile("default", DEFAULT_CLIP_NAME).ok).toBe(true);
    store = bed.open();
    expect(store.moh.getClass("default")?.fileCount).toBe(0);
  });

  test("a class plays its clips in order; changing the files restarts its stream", async () => {
    store.moh.createClass({ name: "queue", playMode: "in-order" });
    const rate8k = (s: number) => soxWav(join(bed.dataDir, `in${s}.wav`), s, 8000, 1);
    await store.moh.addFile("queue", { bytes: rate8k(0.1), fileName: "a.wav" });
    const one = store.mohSource("queue");
    expect(one).toBe(store.mohSource("queue"));
    await store.moh.addFile("queue", { bytes: rate8k(0.2), fileName: "b.wav" });
    const two = store.mohSource("queue");
    expect(two).not.toBe(one);
    const clips: number[] = [];
    for (let tick = 0; tick < 30; tick++) {
      two.frame(tick);
      clips.push(two.clipIndex);
    }
    // 0.1 s = 5 frames of a, 0.2 s = 10 frames of b, then a again.
    expect(clips.slice(0, 16)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(store.mohSource("no-such-class")).toBe(store.mohSource("default"));
  });

  test("play mode changes, and deletions refuse the default class and classes in use", () => {
    store.moh.createClass({ name: "sales" });
    expect(store.moh.createClass({ name: "sales" })).toMatchObject({
      ok: false,
      error: { code: "taken" },
    });
    expect(store.moh.updateClass("sales", { playMode: "random" })).toMatchObject({
      ok: true,
      value: { playMode: "random" },
    });
    expect(store.moh.deleteClass("default")).toMatchObject({
      ok: false,
      error: { code: "protected" },
    });
    bed.db
      .insert(extensions)
      .values({
        number: "101",
        mohClass: "sales",
        sipPassword: "x",
        ha1Md5: "",
        ha1Sha256: "",
      } as never)
      .run();
    expect(store.moh.deleteClass("sales")).toMatchObject({
      ok: false,
      error: { code: "in_use", message: "is the music on hold of extension 101" },
    });
    store.moh.createClass({ name: "spare" });
    expect(store.moh.deleteClass("spare").ok).toBe(true);
    expect(existsSync(join(bed.dataDir, "moh", "spare"))).toBe(false);
  });
});

describe("prompt clips for the call engine", () => {
  test("custom/<name> is an uploaded prompt, read as 8 kHz samples", async () => {
    await store.prompts.add({ bytes: mp3(), fileName: "closed.mp3" });
    const clip = store.promptClip("en", "custom/closed");
    expect(clip?.length).toBeGreaterThanOrEqual(12000);
    expect(store.promptClip("en", "custom/missing")).toBeUndefined();
    expect(store.prompts.delete("closed").ok).toBe(true);
    expect(store.promptClip("en", "custom/closed")).toBeUndefined();
    expect(filesIn("prompts", "custom")).toEqual([]);
  });
});

describe("long MP3 uploads are converted piece by piece", () => {
  test("a 12 s LAME MP3 at 22.05 kHz comes out as long as the whole-file conversion", async () => {
    const wav = join(bed.dataDir, "long.wav");
    soxWav(wav, 12, 22050, 1);
    const mp3Path = join(bed.dataDir, "long.mp3");
    const lame = Bun.spawnSync([requirePeer("lame", "lame"), "--quiet", wav, mp3Path]);
    if (lame.exitCode !== 0) throw new Error(lame.stderr.toString());
    const bytes = new Uint8Array(readFileSync(mp3Path));
    const whole = await convertToBoxFormat(bytes, "long.mp3");
    const added = await store.prompts.add({ bytes, fileName: "long.mp3" });
    if (!whole.ok || !added.ok) throw new Error("conversion failed");
    const stored = readWav(
      new Uint8Array(readFileSync(join(bed.dataDir, "prompts", "custom", "long.wav"))),
    );
    if (!stored.ok) throw new Error(stored.error);
    // The same samples as converting the whole file at once: pieces join without seams.
    expect(stored.wav.channels[0]).toEqual(whole.audio.samples);
    expect(added.value.source).toStartWith("mp3 22050 Hz");
  });
});
