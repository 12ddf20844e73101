// Checks the committed voice prompt set against its catalog (rootfs/tools/prompts.tsv):
// a stale or partial prompt set fails here rather than on a caller's phone.
import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readWav } from "../file/wav-reader.ts";
import { sayPromptNames } from "./say.ts";

const root = join(import.meta.dir, "..", "..", "rootfs");
const promptsDir = join(root, "usr", "share", "pbx", "prompts");

interface Row {
  name: string;
  en: string;
  zh: string;
}

function catalog(): Row[] {
  return readFileSync(join(root, "tools", "prompts.tsv"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#") && !l.startsWith("name\t"))
    .map((l) => {
      const [name = "", en = "", zh = ""] = l.split("\t");
      return { name, en, zh };
    });
}

const manifest = JSON.parse(readFileSync(join(promptsDir, "manifest.json"), "utf8")) as {
  settings: string;
  rows: Record<string, string>;
};

// The same hash as rootfs/tools/make-prompts.ts writes.
const rowHash = (r: Row) =>
  createHash("sha256")
    .update(`${manifest.settings}\t${r.name}\t${r.en}\t${r.zh}`)
    .digest("hex")
    .slice(0, 16);

describe("voice prompts", () => {
  const rows = catalog();

  test("the catalog is well formed and names are unique", () => {
    expect(rows.length).toBeGreaterThan(90);
    for (const r of rows) {
      expect(r.name).toMatch(/^[a-z0-9/-]+$/);
      expect(r.en.length).toBeGreaterThan(0);
      expect(r.zh.length).toBeGreaterThan(0);
    }
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  test("the manifest matches the catalog (rerun make-prompts.ts when this fails)", () => {
    const expected = Object.fromEntries(rows.map((r) => [r.name, rowHash(r)]));
    expect(manifest.rows).toEqual(expected);
  });

  test("every row has an English and a Chinese WAV, 8 kHz mono, with speech in it", () => {
    let totalBytes = 0;
    for (const r of rows) {
      for (const lang of ["en", "zh"]) {
        const path = join(promptsDir, lang, `${r.name}.wav`);
        expect(existsSync(path)).toBe(true);
        const bytes = new Uint8Array(readFileSync(path));
        totalBytes += bytes.length;
        const wav = readWav(bytes);
        if (!wav.ok) throw new Error(`${lang}/${r.name}: ${wav.error}`);
        expect(wav.wav.sampleRateHz).toBe(8000);
        expect(wav.wav.channels.length).toBe(1);
        const x = wav.wav.channels[0]!;
        expect(x.length).toBeGreaterThan(800);
        // Speech: some 20 ms frame well above -30 dBFS.
        let loudest = 0;
        for (let at = 0; at + 160 <= x.length; at += 160) {
          let e = 0;
          for (let i = at; i < at + 160; i++) e += (x[i] as number) ** 2;
          loudest = Math.max(loudest, Math.sqrt(e / 160));
        }
        expect(20 * Math.log10(loudest / 32768)).toBeGreaterThan(-30);
      }
    }
    expect(totalBytes).toBeLessThan(4.2 * 1024 * 1024);
  });

  test("every prompt the say helpers use is in the catalog", () => {
    const names = new Set(rows.map((r) => r.name));
    expect(sayPromptNames().filter((n) => !names.has(n))).toEqual([]);
  });
});
