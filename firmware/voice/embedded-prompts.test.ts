import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { embedModule } from "../../rootfs/tools/make-prompt-embed.ts";
import { embeddedPromptLoader, embeddedPromptNames } from "./embedded-prompt-loader.ts";
import { EMBEDDED_PROMPTS } from "./embedded-prompts.ts";
import { promptNamesOf } from "./prompt-files.ts";
import { SystemPrompts } from "./system-prompts.ts";

const PROMPTS = join(import.meta.dir, "..", "..", "rootfs", "usr", "share", "pbx", "prompts");

describe("embedded prompts", () => {
  test("the generated module is current (rerun rootfs/tools/make-prompt-embed.ts)", () => {
    const names = promptNamesOf(PROMPTS);
    expect(embeddedPromptNames(EMBEDDED_PROMPTS)).toEqual(names);
    // Every language of every prompt, each key pointing at its own WAV.
    expect(EMBEDDED_PROMPTS.size).toBe(2 * names.length);
    for (const [key, path] of EMBEDDED_PROMPTS) expect(path.endsWith(`/${key}.wav`)).toBe(true);
    // The module holds one import per entry, as the generator writes them (order aside).
    const lines = (text: string) =>
      text
        .split("\n")
        .filter((l) => l.startsWith("import "))
        .sort();
    const current = readFileSync(join(import.meta.dir, "embedded-prompts.ts"), "utf8");
    expect(lines(current)).toEqual(lines(embedModule(names)));
  });

  test("a prompt read through the embedded map is speech at 8 kHz, in both languages", () => {
    const prompts = new SystemPrompts({ load: embeddedPromptLoader(EMBEDDED_PROMPTS) });
    const zh = prompts.clip("zh", "info/your-extension-is");
    const en = prompts.clip("en", "info/your-extension-is");
    // "您的分机号码是" and "Your extension is": roughly a second of speech each.
    expect(zh!.length).toBeGreaterThan(4000);
    expect(en!.length).toBeGreaterThan(4000);
    expect(zh).not.toEqual(en);
    expect(prompts.clip("zh", "no/such-prompt")).toBeUndefined();
  });
});
