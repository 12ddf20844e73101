// SPEC EXT-2: add or edit one IP extension with every field; the API's refusal shows beside
// the field it names (including the remote-extension password rule).
import { html } from "htm/preact";
import { useRef } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { CodecOrder } from "../components/codec-order.ts";
import { Dialog } from "../components/dialog.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { CheckField, SelectField, TextField } from "../components/form-fields.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useForm } from "../use-form.ts";
import type { Department } from "./departments-page.ts";
import {
  changedFields,
  DEFAULT_SETTINGS,
  type Extension,
  type ExtensionSettings,
  fieldChoices,
  KNOWN_CODECS,
  LIMITS,
} from "./extension-fields.ts";

type Values = ExtensionSettings & { number: string };

export function ExtensionDialog(props: {
  extension: Extension | null;
  departments: Department[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, api } = useApp();
  const ext = props.extension;
  const initial: Values = ext
    ? { ...DEFAULT_SETTINGS, ...ext }
    : { ...DEFAULT_SETTINGS, number: "" };
  const form = useForm<Values>(initial, t);
  const v = form.values;
  const c = fieldChoices(t);
  const label = (f: keyof Values) => t(`ext.${f}` as MessageKey);
  const text = (f: keyof Values, extra: Record<string, unknown> = {}) =>
    html`<${TextField} name=${f} label=${label(f)} value=${v[f] as string} error=${form.errors[f]} onInput=${(x: string) => form.set(f, x as never)} ...${extra} />`;
  const num = (f: keyof Values, range: { min: number; max: number }) =>
    html`<${TextField} name=${f} type="number" label=${label(f)} value=${v[f] as number} min=${range.min} max=${range.max} hint=${t("form.range", range)} error=${form.errors[f]} onInput=${(x: string) => form.set(f, (x === "" ? 0 : Number(x)) as never)} />`;
  const check = (f: keyof Values, hint?: string) =>
    html`<${CheckField} name=${f} label=${label(f)} hint=${hint} checked=${v[f] as boolean} error=${form.errors[f]} onChange=${(x: boolean) => form.set(f, x as never)} />`;
  const select = (f: keyof Values, options: { value: string; label: string }[]) =>
    html`<${SelectField} name=${f} label=${label(f)} value=${v[f] as string} options=${options} error=${form.errors[f]} onChange=${(x: string) => form.set(f, x as never)} />`;

  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    let r: Awaited<ReturnType<typeof api.post>>;
    if (ext) {
      r = await api.patch(`/extensions/${ext.number}`, changedFields(initial, v));
    } else {
      const body: Partial<Values> = { ...changedFields(initial, v), number: v.number };
      r = await api.post("/extensions", body);
    }
    if (r.ok) props.onSaved();
    else form.fail(r);
  });

  const departments = [
    { value: "", label: t("app.none") },
    ...props.departments.map((d) => ({ value: String(d.id), label: `${d.number} ${d.name}` })),
  ];

  return html`<${Dialog} wide=${true} title=${ext ? t("ext.edit", { number: ext.number }) : t("ext.add")} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="extension">
      <h3>${t("ext.sectionBasic")}</h3>
      <div class="form-grid">
        ${text("number", { readOnly: ext !== null, hint: ext ? undefined : t("ext.numberHint"), inputMode: "numeric", maxLength: 8 })}
        ${text("displayName", { maxLength: LIMITS.displayNameChars, hint: t("form.maxChars", { max: LIMITS.displayNameChars }) })}
        ${text("sipPassword", { hint: t("ext.sipPasswordHint"), autocomplete: "new-password" })}
        ${text("email", { type: "email", placeholder: "name@example.com", maxLength: LIMITS.emailChars })}
        ${text("outboundCallerId", { hint: t("ext.phoneHint"), inputMode: "tel", maxLength: LIMITS.phoneChars })}
        ${text("mobile", { hint: t("ext.phoneHint"), inputMode: "tel", maxLength: LIMITS.phoneChars })}
        <${SelectField}
          name="departmentId"
          label=${t("ext.department")}
          value=${v.departmentId === null ? "" : String(v.departmentId)}
          options=${departments}
          error=${form.errors.departmentId}
          onChange=${(x: string) => form.set("departmentId", x === "" ? null : Number(x))}
        />
        ${select("dialPermission", c.dialPermission)}
        ${select("language", c.language)}
        ${select("mohClass", c.mohClass)}
      </div>
      <h3>${t("ext.sectionCalls")}</h3>
      <div class="form-grid">
        ${check("voicemailEnabled")}
        ${text("voicemailPin", { hint: t("ext.voicemailPinHint"), inputMode: "numeric", maxLength: 8 })}
        ${check("remoteExtension", t("ext.remoteHint"))}
        ${check("webLogin")}
        ${check("mayBeMonitored")}
        ${check("video")}
        ${select("videoCodec", c.videoCodec)}
        ${select("recording", c.recording)}
      </div>
      <h3>${t("ext.sectionSip")}</h3>
      <div class="form-grid">
        ${num("maxRegistrations", LIMITS.maxRegistrations)}
        ${num("registrationExpiryS", LIMITS.registrationExpiryS)}
        ${select("transport", c.transport)}
        ${select("dtmfMode", c.dtmfMode)}
        ${check("srtp")}
        ${check("qualify")}
      </div>
      <div class=${`field${form.errors.codecs ? " has-error" : ""}`} data-field="codecs">
        <span class="field-label">${t("ext.codecs")}</span>
        <${CodecOrder} value=${v.codecs} known=${KNOWN_CODECS} unusedLabel=${t("ext.codecsUnused")} onChange=${(x: string[]) => form.set("codecs", x)} />
        ${form.errors.codecs ? html`<small class="field-error" role="alert">${form.errors.codecs}</small>` : null}
      </div>
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} onCancel=${props.onClose} />
    </form>
  </${Dialog}>`;
}
