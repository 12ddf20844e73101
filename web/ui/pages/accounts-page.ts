// SPEC WEB-1, WEB-3: the admin manages the web accounts: create admin, operator and billing
// users, reset a password (the box makes one and shows it once), disable, enable, delete. The
// box refuses to lose its last enabled admin (409 last_admin); that refusal is shown here.
import { html } from "htm/preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ApiFailure } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { Dialog } from "../components/dialog.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { SelectField, TextField } from "../components/form-fields.ts";
import type { MessageKey } from "../i18n/en.ts";
import { refusalText } from "../i18n/error-text.ts";
import type { Translate } from "../i18n/translate.ts";
import { useForm } from "../use-form.ts";

interface Account {
  id: number;
  username: string;
  role: "admin" | "operator" | "billing";
  disabled: boolean;
  createdAt: string;
}

const ROLES = ["admin", "operator", "billing"] as const;

/** The API's refusal in the page's language where we know its code. */
function refusal(t: Translate, failure: ApiFailure): string {
  if (failure.code === "last_admin") return t("acct.lastAdmin");
  return refusalText(failure, t) ?? t("app.error", { message: failure.message });
}

export function AccountsPage() {
  const { t, api, me } = useApp();
  const [items, setItems] = useState<Account[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState("");
  const [reset, setReset] = useState<{ username: string; password: string } | null>(null);

  const load = useCallback(async () => {
    const r = await api.get<{ items: Account[] }>("/accounts");
    if (r.ok) setItems(r.data.items);
    else setError(refusal(t, r));
  }, [api, t]);
  useEffect(() => void load(), [load]);

  const act = async (done: Promise<{ ok: boolean } & Partial<ApiFailure>>) => {
    const r = await done;
    setError(r.ok ? "" : refusal(t, r as ApiFailure));
    await load();
  };
  const toggle = (a: Account) =>
    act(api.patch(`/accounts/${encodeURIComponent(a.username)}`, { disabled: !a.disabled }));
  const remove = (a: Account) => {
    if (!confirm(t("app.confirmDelete", { name: a.username }))) return;
    void act(api.delete(`/accounts/${encodeURIComponent(a.username)}`));
  };
  const resetPassword = async (a: Account) => {
    if (!confirm(t("acct.confirmReset", { name: a.username }))) return;
    const r = await api.post<{ password: string }>(
      `/accounts/${encodeURIComponent(a.username)}/password-reset`,
    );
    if (r.ok) setReset({ username: a.username, password: r.data.password });
    setError(r.ok ? "" : refusal(t, r));
  };

  if (!items) return html`<p>${error || t("app.loading")}</p>`;
  return html`<section class="page">
    <div class="page-head">
      <h1>${t("acct.title")}</h1>
      <button type="button" class="primary" data-action="add-account" onClick=${() => setAdding(true)}>${t("acct.add")}</button>
    </div>
    ${error ? html`<p class="form-error" role="alert" data-error="accounts">${error}</p>` : null}
    <div class="table-wrap"><table class="table">
      <thead><tr><th>${t("acct.username")}</th><th>${t("acct.role")}</th><th>${t("acct.state")}</th><th>${t("acct.created")}</th><th></th></tr></thead>
      <tbody>
        ${items.map(
          (a) => html`<tr key=${a.id} data-account=${a.username} data-disabled=${a.disabled}>
            <td>${a.username}${a.username === me.username ? html` <small class="muted">${t("acct.you")}</small>` : null}</td>
            <td>${t(`role.${a.role}` as MessageKey)}</td>
            <td class=${a.disabled ? "muted" : ""}>${a.disabled ? t("acct.disabled") : t("acct.enabled")}</td>
            <td>${new Date(a.createdAt).toLocaleDateString()}</td>
            <td class="actions">
              <button type="button" class="link" data-action="reset" onClick=${() => resetPassword(a)}>${t("acct.reset")}</button>
              <button type="button" class="link" data-action="toggle" onClick=${() => toggle(a)}>${a.disabled ? t("acct.enable") : t("acct.disable")}</button>
              <button type="button" class="link danger" data-action="delete" onClick=${() => remove(a)}>${t("app.delete")}</button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table></div>
    ${
      adding
        ? html`<${AccountDialog}
          onClose=${() => setAdding(false)}
          onSaved=${() => {
            setAdding(false);
            void load();
          }}
        />`
        : null
    }
    ${
      reset
        ? html`<${Dialog} title=${t("acct.resetDone", { name: reset.username })} onClose=${() => setReset(null)}>
          <p>${t("acct.resetOnce")}</p>
          <p><code class="mono secret" data-new-password>${reset.password}</code></p>
          <div class="buttons"><button type="button" class="primary" onClick=${() => setReset(null)}>${t("app.close")}</button></div>
        </${Dialog}>`
        : null
    }
  </section>`;
}

function AccountDialog(props: { onClose: () => void; onSaved: () => void }) {
  const { t, api } = useApp();
  const form = useForm({ username: "", password: "", role: "operator" }, t);
  const v = form.values;
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    const r = await api.post("/accounts", v);
    if (r.ok) props.onSaved();
    else form.fail(r);
  });
  return html`<${Dialog} title=${t("acct.add")} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="account">
      <${TextField} name="username" label=${t("acct.username")} value=${v.username} maxLength=${32} hint=${t("acct.usernameHint")} error=${form.errors.username} onInput=${(x: string) => form.set("username", x)} />
      <${TextField} name="password" type="password" autocomplete="new-password" label=${t("login.password")} hint=${t("acct.passwordHint")} value=${v.password} error=${form.errors.password} onInput=${(x: string) => form.set("password", x)} />
      <${SelectField}
        name="role"
        label=${t("acct.role")}
        value=${v.role}
        error=${form.errors.role}
        options=${ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        onChange=${(x: string) => form.set("role", x)}
      />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} onCancel=${props.onClose} />
    </form>
  </${Dialog}>`;
}
