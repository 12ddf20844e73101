// SPEC WEB-1: change one's own password, for every role. An extension user's web password is
// its extension's password, so the phone must be given the new one too. The box ends the
// party's other sessions and hands this page a fresh one (new CSRF token).
import { html } from "htm/preact";
import { useRef, useState } from "preact/hooks";
import { type Me, useApp } from "../app-context.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";

export function PasswordPage() {
  const { t, api, me, renew } = useApp();
  const form = useForm({ currentPassword: "", newPassword: "", repeat: "" }, t);
  const [done, setDone] = useState(false);
  const v = form.values;

  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    setDone(false);
    if (v.newPassword !== v.repeat) {
      form.fail({ status: 400, code: "invalid", message: t("pw.mismatch"), field: "repeat" });
      return;
    }
    const r = await api.post<Me>("/auth/password", {
      currentPassword: v.currentPassword,
      newPassword: v.newPassword,
    });
    if (!r.ok) {
      form.fail(r);
      return;
    }
    form.clear();
    form.set("currentPassword", "");
    form.set("newPassword", "");
    form.set("repeat", "");
    setDone(true);
    renew(r.data);
  });

  return html`<section class="page">
    <h1>${t("pw.title")}</h1>
    ${me.role === "extension" ? html`<p class="muted">${t("pw.extensionNote")}</p>` : null}
    <form class="form card narrow" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="password">
      <${TextField} name="currentPassword" type="password" autocomplete="current-password" label=${t("pw.current")} value=${v.currentPassword} error=${form.errors.currentPassword} onInput=${(x: string) => form.set("currentPassword", x)} />
      <${TextField} name="newPassword" type="password" autocomplete="new-password" label=${t("pw.new")} hint=${me.role === "extension" ? undefined : t("acct.passwordHint")} value=${v.newPassword} error=${form.errors.newPassword} onInput=${(x: string) => form.set("newPassword", x)} />
      <${TextField} name="repeat" type="password" autocomplete="new-password" label=${t("pw.repeat")} value=${v.repeat} error=${form.errors.repeat} onInput=${(x: string) => form.set("repeat", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      ${done ? html`<p class="note" role="status" data-saved="password">${t("pw.changed")}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} disabled=${v.currentPassword === "" || v.newPassword === ""} />
    </form>
  </section>`;
}
