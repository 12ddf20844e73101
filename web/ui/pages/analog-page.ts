// SPEC EXT-5: analog extensions, one per FXS port: channel, number (fixed) and name; staff
// edit the alias, department, recording, language, dial permission and the two gains, and
// (SPEC CALL-7) voicemail as on an IP extension: on/off, e-mail address, PIN (write-only).
import { html } from "htm/preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { AnalogMailboxView } from "../../../firmware/voicemail/analog-mailboxes.ts";
import { useApp } from "../app-context.ts";
import { Dialog } from "../components/dialog.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { CheckField, SelectField, TextField } from "../components/form-fields.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useForm } from "../use-form.ts";
import type { Department } from "./departments-page.ts";
import { changedFields, fieldChoices, LIMITS } from "./extension-fields.ts";

type Analog = AnalogMailboxView;

/** The gains the box accepts (firmware/lines/analog-extension-service.ts GAIN_MIN_DB..MAX). */
const GAIN_DB = { min: -24, max: 12 };

export function AnalogPage() {
  const { t, api } = useApp();
  const [items, setItems] = useState<Analog[] | null>(null);
  const [departments, setDepartments] = useState<Department[]>([]);
  const [editing, setEditing] = useState<Analog | null>(null);
  const load = useCallback(async () => {
    const [a, d] = await Promise.all([
      api.get<{ items: Analog[] }>("/analog-extensions"),
      api.get<{ items: Department[] }>("/departments"),
    ]);
    if (a.ok) setItems(a.data.items);
    if (d.ok) setDepartments(d.data.items);
  }, [api]);
  useEffect(() => void load(), [load]);

  if (!items) return html`<p>${t("app.loading")}</p>`;
  const c = fieldChoices(t);
  const labelOf = (options: { value: string; label: string }[], value: string) =>
    options.find((o) => o.value === value)?.label ?? value;
  return html`<section class="page">
    <h1>${t("analog.title")}</h1>
    ${
      items.length === 0
        ? html`<p class="muted">${t("analog.empty")}</p>`
        : html`<div class="table-wrap"><table class="table">
          <thead><tr>
            <th>${t("analog.channel")}</th><th>${t("ext.number")}</th><th>${t("analog.name")}</th><th>${t("analog.alias")}</th>
            <th>${t("ext.department")}</th><th>${t("ext.recording")}</th><th>${t("ext.language")}</th><th>${t("ext.dialPermission")}</th>
            <th>${t("analog.rxGainDb")}</th><th>${t("analog.txGainDb")}</th><th>${t("ext.voicemailEnabled")}</th><th></th>
          </tr></thead>
          <tbody>
            ${items.map(
              (a) => html`<tr key=${a.channel} data-channel=${a.channel}>
                <td>${a.channel}</td><td>${a.number}</td><td>${a.name}</td><td>${a.alias}</td>
                <td>${departments.find((d) => d.id === a.departmentId)?.name ?? ""}</td>
                <td>${labelOf(c.recording, a.recording)}</td><td>${labelOf(c.language, a.language)}</td>
                <td>${labelOf(c.dialPermission, a.dialPermission)}</td>
                <td>${a.rxGainDb}</td><td>${a.txGainDb}</td>
                <td data-col="voicemail">${a.voicemailEnabled ? t("app.yes") : t("app.no")}</td>
                <td><button type="button" class="link" onClick=${() => setEditing(a)}>${t("app.edit")}</button>
                  <a href=${`#/port-diagnostics?port=fxs${a.channel}`} data-action="diagnostics">${t("diag.open")}</a></td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    ${
      editing
        ? html`<${AnalogDialog} analog=${editing} departments=${departments} onClose=${() => setEditing(null)} onSaved=${() => {
            setEditing(null);
            void load();
          }} />`
        : null
    }
  </section>`;
}

function AnalogDialog(props: {
  analog: Analog;
  departments: Department[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, api } = useApp();
  const a = props.analog;
  const initial = {
    alias: a.alias,
    departmentId: a.departmentId,
    recording: a.recording,
    language: a.language,
    dialPermission: a.dialPermission,
    rxGainDb: a.rxGainDb,
    txGainDb: a.txGainDb,
    voicemailEnabled: a.voicemailEnabled,
    email: a.email,
    // Write-only: empty unless the admin types a new PIN.
    voicemailPin: "",
  };
  const form = useForm(initial, t);
  const v = form.values;
  const c = fieldChoices(t);
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    const r = await api.patch(`/analog-extensions/${a.channel}`, changedFields(initial, v));
    if (r.ok) props.onSaved();
    else form.fail(r);
  });
  const select = (
    f: "recording" | "language" | "dialPermission",
    options: { value: string; label: string }[],
  ) =>
    html`<${SelectField} name=${f} label=${t(`ext.${f}` as MessageKey)} value=${v[f]} options=${options} error=${form.errors[f]} onChange=${(x: string) => form.set(f, x)} />`;
  const gain = (f: "rxGainDb" | "txGainDb") =>
    html`<${TextField} name=${f} type="number" label=${t(`analog.${f}` as MessageKey)} value=${v[f]} min=${GAIN_DB.min} max=${GAIN_DB.max} hint=${t("form.range", GAIN_DB)} error=${form.errors[f]} onInput=${(x: string) => form.set(f, Number(x))} />`;
  return html`<${Dialog} title=${t("analog.edit", { number: a.number })} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="analog">
      <div class="form-grid">
        <${TextField} name="alias" label=${t("analog.alias")} value=${v.alias} maxLength=${64} hint=${t("form.maxChars", { max: 64 })} error=${form.errors.alias} onInput=${(x: string) => form.set("alias", x)} />
        <${SelectField}
          name="departmentId"
          label=${t("ext.department")}
          value=${v.departmentId === null ? "" : String(v.departmentId)}
          options=${[{ value: "", label: t("app.none") }, ...props.departments.map((d) => ({ value: String(d.id), label: `${d.number} ${d.name}` }))]}
          error=${form.errors.departmentId}
          onChange=${(x: string) => form.set("departmentId", x === "" ? null : Number(x))}
        />
        ${select("recording", c.recording)}
        ${select("language", c.language)}
        ${select("dialPermission", c.dialPermission)}
        ${gain("rxGainDb")}
        ${gain("txGainDb")}
      </div>
      <h3>${t("ext.voicemailEnabled")}</h3>
      <div class="form-grid">
        <${CheckField} name="voicemailEnabled" label=${t("ext.voicemailEnabled")} hint=${t("analog.voicemailHint")} checked=${v.voicemailEnabled} error=${form.errors.voicemailEnabled} onChange=${(x: boolean) => form.set("voicemailEnabled", x)} />
        <${TextField} name="voicemailPin" label=${t("ext.voicemailPin")} value=${v.voicemailPin} inputMode="numeric" maxLength=${8} autocomplete="new-password" hint=${a.voicemailPinSet ? t("analog.voicemailPinSetHint") : t("ext.voicemailPinHint")} error=${form.errors.voicemailPin} onInput=${(x: string) => form.set("voicemailPin", x)} />
        <${TextField} name="email" type="email" label=${t("ext.email")} value=${v.email} placeholder="name@example.com" maxLength=${LIMITS.emailChars} error=${form.errors.email} onInput=${(x: string) => form.set("email", x)} />
      </div>
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} onCancel=${props.onClose} />
    </form>
  </${Dialog}>`;
}
