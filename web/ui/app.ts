// The browser entry (bundled by bundle.ts): reads the session back from /auth/me, shows the
// login page or the shell with the pages the role may see (SPEC WEB-3), in the chosen
// language (WEB-4). Pages are hash routes (#/extensions) so the box serves one HTML shell.
import "./styles.css";
import { html } from "htm/preact";
import { render } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { ApiClient, request } from "./api-client.ts";
import { AppContext, type AppState, type Me } from "./app-context.ts";
import { initialLanguage, type Language, rememberLanguage, translator } from "./i18n/translate.ts";
import { LoginPage } from "./pages/login-page.ts";
import { Shell } from "./pages/shell.ts";

function App() {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const t = useMemo(() => translator(language), [language]);

  useEffect(() => {
    document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
    document.title = t("app.title");
  }, [language, t]);

  useEffect(() => {
    void request<Me>("GET", "/auth/me").then((r) => setMe(r.ok ? r.data : null));
  }, []);

  const setLanguage = useCallback((next: Language) => {
    rememberLanguage(next);
    setLanguageState(next);
  }, []);
  const lost = useCallback(() => setMe(null), []);
  const api = useMemo(() => new ApiClient(me?.csrfToken ?? "", lost), [me, lost]);
  const logout = useCallback(() => {
    void api.post("/auth/logout").then(() => setMe(null));
  }, [api]);

  if (me === undefined) return html`<div class="loading">${t("app.loading")}</div>`;
  if (me === null) {
    return html`<${LoginPage} t=${t} language=${language} setLanguage=${setLanguage} onLogin=${setMe} />`;
  }
  const state: AppState = { t, language, setLanguage, me, api, logout, renew: setMe };
  return html`<${AppContext.Provider} value=${state}><${Shell} /></${AppContext.Provider}>`;
}

render(html`<${App} />`, document.getElementById("app")!);
