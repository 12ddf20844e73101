// The built-in voice prompts (issue "Voice prompts"; SPEC CALL-7, CALL-15, ROUTE-4 and every
// feature that speaks): 8 kHz 16-bit mono WAVs, one per catalog row and language, installed
// at /usr/share/pbx/prompts/<lang>/<name>.wav with a manifest. This reader never touches the
// file system itself: main passes `load`, which reads files on a PC and the board, and which
// a compiled binary can answer from prompts embedded in it.
import { readWav } from "../../media/file/wav-reader.ts";

/** The bytes of prompt `name` ("digits/5") in language `lang` ("zh"), or undefined. */
export type PromptLoader = (lang: string, name: string) => Uint8Array | undefined;

export interface SystemPromptsOptions {
  load: PromptLoader;
  /** Every prompt name of the catalog (the manifest's rows), for listings. */
  names?: readonly string[];
  /** Tried in order when a prompt is missing in the asked language. */
  fallbackLanguages?: readonly string[];
}

const LANGUAGE = /^[a-z]{2,3}$/;
const NAME = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;

/** Reads and caches the built-in prompts as 8 kHz samples. */
export class SystemPrompts {
  private readonly clips = new Map<string, Int16Array | null>();
  private readonly fallback: readonly string[];

  constructor(private readonly options: SystemPromptsOptions) {
    this.fallback = options.fallbackLanguages ?? ["en"];
  }

  /** The catalog's prompt names. */
  get names(): readonly string[] {
    return this.options.names ?? [];
  }

  /** The samples of `name` in `lang`, else in a fallback language, else undefined. */
  clip(lang: string, name: string): Int16Array | undefined {
    for (const l of [lang, ...this.fallback.filter((f) => f !== lang)]) {
      const samples = this.exact(l, name);
      if (samples) return samples;
    }
    return undefined;
  }

  /** Whether `name` exists in `lang` itself. */
  has(lang: string, name: string): boolean {
    return this.exact(lang, name) !== undefined;
  }

  private exact(lang: string, name: string): Int16Array | undefined {
    // Names reach a file path in main's loader: nothing outside the catalog's shape passes.
    if (!LANGUAGE.test(lang) || !NAME.test(name)) return undefined;
    const key = `${lang}/${name}`;
    const cached = this.clips.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const bytes = this.options.load(lang, name);
    const wav = bytes ? readWav(bytes) : undefined;
    // The prompt set is made at 8 kHz mono; anything else is a broken install, not audio.
    const samples = wav?.ok && wav.wav.sampleRateHz === 8000 ? (wav.wav.channels[0] ?? null) : null;
    this.clips.set(key, samples);
    return samples ?? undefined;
  }
}
