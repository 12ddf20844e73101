// The prompt loader of a compiled binary (issue "Voice prompts ... embedded in the binary"):
// the built-in prompts are files inside the executable (embedded-prompts.ts, generated), read
// by path like any other file. Running from source the same paths are the repository's files.
import { readFileSync } from "node:fs";
import type { PromptLoader } from "./system-prompts.ts";

/** A loader over a "<lang>/<name>" -> path map. */
export function embeddedPromptLoader(files: ReadonlyMap<string, string>): PromptLoader {
  return (lang, name) => {
    const path = files.get(`${lang}/${name}`);
    if (!path) return undefined;
    try {
      return new Uint8Array(readFileSync(path));
    } catch {
      return undefined;
    }
  };
}

/** The prompt names in the map (each once, whatever its languages). */
export function embeddedPromptNames(files: ReadonlyMap<string, string>): string[] {
  return [...new Set([...files.keys()].map((key) => key.slice(key.indexOf("/") + 1)))].sort();
}
