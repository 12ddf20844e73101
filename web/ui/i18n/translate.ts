// SPEC WEB-4: Chinese and English, chosen from the browser and switchable; the choice is kept
// in localStorage so a reload keeps it.
import { EN, type MessageKey } from "./en.ts";
import { ZH } from "./zh.ts";

export type Language = "zh" | "en";
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const CATALOGS = { zh: ZH, en: EN } as const;
const STORAGE_KEY = "pbx.language";

/** The stored choice, else the browser's first language we speak, else Chinese. */
export function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === "zh" || stored === "en") return stored;
  for (const tag of globalThis.navigator?.languages ?? []) {
    if (tag.toLowerCase().startsWith("zh")) return "zh";
    if (tag.toLowerCase().startsWith("en")) return "en";
  }
  return "zh";
}

export function rememberLanguage(language: Language): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, language);
}

/** The translate function of one language. */
export function translator(language: Language): Translate {
  const catalog = CATALOGS[language];
  return (key, vars) => {
    const text: string = catalog[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m)) : text;
  };
}
