// SPEC WEB-3: an extension user sees only its own extension and changes the few personal
// fields the API lets it (email, mobile, language, voicemail, voicemail PIN), its QR code, and
// its forwarding and do-not-disturb (SPEC CALL-2, CALL-14).
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";
import { API_BASE } from "../api-client.ts";
import { useApp } from "../app-context.ts";
import { FormActions, useSaveForm } from "../components/form-actions.ts";
import { CheckField, SelectField, TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";
import { changedFields, type Extension, fieldChoices } from "./extension-fields.ts";
import { MyForwarding } from "./my-forwarding.ts";

export function MyExtensionPage() {
  const { t, api, me } = useApp();
  const [ext, setExt] = useState<Extension | null>(null);
  useEffect(() => {
    // The PIN is not in the extension's answer; it comes from the secrets request.
    void Promise.all([
      api.get<Extension>(`/extensions/${me.extension}`),
      api.get<Pick<Extension, "voicemailPin">>(`/extensions/${me.extension}/secrets`),
    ]).then(([r, secret]) => {
      if (r.ok) setExt({ ...r.data, voicemailPin: secret.ok ? secret.data.voicemailPin : "" });
    });
  }, [api, me.extension]);
  if (!ext) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page">
    <h1>${t("me.title")} ${ext.number}</h1>
    <div class="grid">
      <${MyForm} ext=${ext} />
      <div class="card qr">
        <h2>${t("ext.qr")}</h2>
        <img src=${`${API_BASE}/extensions/${ext.number}/qr.png`} alt=${t("ext.qrOf", { number: ext.number })} width="200" height="200" />
        <p class="muted">${t("ext.qrHint")}</p>
      </div>
      <${MyForwarding} extension=${ext.number} />
    </div>
  </section>`;
}

function MyForm(props: { ext: Extension }) {
  const { t, api } = useApp();
  const e = props.ext;
  const initial = {
    email: e.email,
    mobile: e.mobile,
    language: e.language,
    voicemailEnabled: e.voicemailEnabled,
    voicemailPin: e.voicemailPin,
  };
  const form = useForm(initial, t);
  const v = form.values;
  const { formRef, onSubmit, busy, refusal, saved } = useSaveForm(form, t, (values) =>
    api.patch(`/extensions/${e.number}`, changedFields(initial, values)),
  );
  return html`<form class="card form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="my-extension">
    <${TextField} name="email" label=${t("ext.email")} value=${v.email} type="email" placeholder="name@example.com" error=${form.errors.email} onInput=${(x: string) => form.set("email", x)} />
    <${TextField} name="mobile" label=${t("ext.mobile")} value=${v.mobile} inputMode="tel" hint=${t("ext.phoneHint")} error=${form.errors.mobile} onInput=${(x: string) => form.set("mobile", x)} />
    <${SelectField} name="language" label=${t("ext.language")} value=${v.language} options=${fieldChoices(t).language} onChange=${(x: string) => form.set("language", x)} />
    <${CheckField} name="voicemailEnabled" label=${t("ext.voicemailEnabled")} checked=${v.voicemailEnabled} onChange=${(x: boolean) => form.set("voicemailEnabled", x)} />
    <${TextField} name="voicemailPin" label=${t("ext.voicemailPin")} value=${v.voicemailPin} inputMode="numeric" maxLength=${8} hint=${t("ext.voicemailPinHint")} error=${form.errors.voicemailPin} onInput=${(x: string) => form.set("voicemailPin", x)} />
    ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
    <${FormActions} t=${t} busy=${busy} refusal=${refusal} saved=${saved} />
  </form>`;
}
