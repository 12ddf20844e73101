// SPEC WEB-1: the login page. Accounts log in by user name, extension users by their number
// and extension password (when web login is on); the API rate-limits failures (429).
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { request } from "../api-client.ts";
import type { Me } from "../app-context.ts";
import { TextField } from "../components/form-fields.ts";
import type { Language, Translate } from "../i18n/translate.ts";

export function LoginPage(props: {
  t: Translate;
  language: Language;
  setLanguage: (language: Language) => void;
  onLogin: (me: Me) => void;
}) {
  const { t } = props;
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await request<Me>("POST", "/auth/login", undefined, { username, password });
    setBusy(false);
    if (r.ok) props.onLogin(r.data);
    else if (r.status === 429) setError(t("login.tooMany", { seconds: r.retryAfterS ?? 60 }));
    else setError(t("login.failed"));
  };

  return html`<main class="login">
    <form class="card login-card" onSubmit=${submit}>
      <div class="login-head">
        <h1>${t("login.title")}</h1>
        <button type="button" class="link lang-switch" onClick=${() => props.setLanguage(props.language === "zh" ? "en" : "zh")}>
          ${t("app.language")}
        </button>
      </div>
      <${TextField} name="username" label=${t("login.username")} value=${username} onInput=${setUsername} autocomplete="username" />
      <${TextField} name="password" type="password" label=${t("login.password")} value=${password} onInput=${setPassword} autocomplete="current-password" />
      ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
      <button type="submit" class="primary" disabled=${busy || username === ""}>${t("login.submit")}</button>
    </form>
  </main>`;
}
