// What every page needs from the shell: the translate function and language, who is logged in,
// and an API client carrying the session's CSRF token.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ApiClient } from "./api-client.ts";
import type { Language, Translate } from "./i18n/translate.ts";

export type Role = "admin" | "operator" | "billing" | "extension";

export interface Me {
  role: Role;
  username?: string;
  extension?: string;
  csrfToken: string;
}

export interface AppState {
  t: Translate;
  language: Language;
  setLanguage(language: Language): void;
  me: Me;
  api: ApiClient;
  logout(): void;
  /** Continue on the fresh session the box gave after a password change. */
  renew(me: Me): void;
}

export const AppContext = createContext<AppState | null>(null);

/** The shell's state; pages are only rendered inside it. */
export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error("useApp outside AppContext");
  return state;
}
