import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { filePromptLoader, promptNamesOf } from "./prompt-files.ts";
import { SystemPrompts } from "./system-prompts.ts";

const PROMPTS = join(import.meta.dir, "..", "..", "rootfs", "usr", "share", "pbx", "prompts");

describe("SystemPrompts over the installed prompt folder", () => {
  const asked: string[] = [];
  const load = filePromptLoader(PROMPTS);
  const prompts = new SystemPrompts({
    load: (lang, name) => {
      asked.push(`${lang}/${name}`);
      return load(lang, name);
    },
    names: promptNamesOf(PROMPTS),
  });

  test("lists the catalog and reads spoken digits in English and Chinese", () => {
    expect(prompts.names).toContain("digits/5");
    expect(prompts.names.length).toBeGreaterThan(100);
    const en = prompts.clip("en", "digits/5")!;
    const zh = prompts.clip("zh", "digits/5")!;
    // A spoken word: a few hundred milliseconds, with energy.
    for (const clip of [en, zh]) {
      expect(clip.length).toBeGreaterThan(1600);
      expect(clip.length).toBeLessThan(16000);
      expect(Math.max(...clip)).toBeGreaterThan(3000);
    }
    expect(en).not.toEqual(zh);
  });

  test("reads each prompt once, and falls back to English for a missing language", () => {
    asked.length = 0;
    prompts.clip("en", "goodbye");
    prompts.clip("en", "goodbye");
    expect(asked).toEqual(["en/goodbye"]);
    expect(prompts.clip("fr", "goodbye")).toBe(prompts.clip("en", "goodbye")!);
    expect(prompts.has("fr", "goodbye")).toBe(false);
  });

  test("names shaped like paths never reach the loader", () => {
    asked.length = 0;
    for (const name of ["../manifest", "/etc/passwd", "digits/../../x", "Digits/5"]) {
      expect(prompts.clip("en", name)).toBeUndefined();
    }
    expect(asked).toEqual([]);
    // A language shaped like a path is never read either; the fallback language answers.
    expect(prompts.clip("../en", "goodbye")).toBe(prompts.clip("en", "goodbye")!);
    expect(asked.filter((a) => a.includes(".."))).toEqual([]);
  });
});
