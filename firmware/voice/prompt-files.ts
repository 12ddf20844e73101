// The prompt loader for an installed prompt folder (rootfs/usr/share/pbx/prompts on a PC,
// /usr/share/pbx/prompts on the board): <dir>/<lang>/<name>.wav and <dir>/manifest.json,
// whose "rows" name every prompt of the catalog. A compiled binary passes its own loader.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PromptLoader } from "./system-prompts.ts";

/** A loader reading `<dir>/<lang>/<name>.wav`. */
export function filePromptLoader(dir: string): PromptLoader {
  return (lang, name) => {
    try {
      return new Uint8Array(readFileSync(join(dir, lang, `${name}.wav`)));
    } catch {
      return undefined;
    }
  };
}

/** The prompt names listed in `<dir>/manifest.json`, or none when it is missing. */
export function promptNamesOf(dir: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
      rows?: Record<string, string>;
    };
    return Object.keys(manifest.rows ?? {}).sort();
  } catch {
    return [];
  }
}
