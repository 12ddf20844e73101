// SPEC EXT-3: add extensions in bulk: start number, count, the first outbound caller ID and
// whether it increases by one or stays the same; the other settings apply to all added.
import { html } from "htm/preact";
import { useRef } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { Dialog } from "../components/dialog.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { CheckField, SelectField, TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";
import type { Department } from "./departments-page.ts";
import { fieldChoices, LIMITS } from "./extension-fields.ts";

export function BulkAddDialog(props: {
  departments: Department[];
  onClose: () => void;
  onSaved: (count: number) => void;
}) {
  const { t, api } = useApp();
  const form = useForm(
    {
      startNumber: "",
      count: 10,
      firstCallerId: "",
      callerIdMode: "increment",
      sipPassword: "",
      departmentId: null as number | null,
      dialPermission: "international",
      transport: "udp",
      recording: "none",
      voicemailEnabled: false,
      webLogin: false,
    },
    t,
  );
  const v = form.values;
  const c = fieldChoices(t);

  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    const { sipPassword, firstCallerId, departmentId, ...rest } = v;
    const body = {
      ...rest,
      ...(sipPassword ? { sipPassword } : {}),
      ...(firstCallerId ? { firstCallerId } : {}),
      ...(departmentId !== null ? { departmentId } : {}),
    };
    const r = await api.post<{ items: unknown[] }>("/extensions/bulk", body);
    if (r.ok) props.onSaved(r.data.items.length);
    else form.fail(r);
  });

  return html`<${Dialog} title=${t("bulk.title")} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="bulk">
      <div class="form-grid">
        <${TextField} name="startNumber" label=${t("bulk.startNumber")} value=${v.startNumber} inputMode="numeric" maxLength=${8} hint=${t("ext.numberHint")} error=${form.errors.startNumber} onInput=${(x: string) => form.set("startNumber", x)} />
        <${TextField} name="count" type="number" label=${t("bulk.count")} value=${v.count} min=${LIMITS.bulkCount.min} max=${LIMITS.bulkCount.max} hint=${t("form.range", LIMITS.bulkCount)} error=${form.errors.count} onInput=${(x: string) => form.set("count", Number(x))} />
        <${TextField} name="firstCallerId" label=${t("bulk.firstCallerId")} value=${v.firstCallerId} inputMode="tel" maxLength=${LIMITS.phoneChars} hint=${t("ext.phoneHint")} error=${form.errors.firstCallerId} onInput=${(x: string) => form.set("firstCallerId", x)} />
        <${SelectField}
          name="callerIdMode"
          label=${t("bulk.callerIdMode")}
          value=${v.callerIdMode}
          options=${[
            { value: "increment", label: t("bulk.increment") },
            { value: "same", label: t("bulk.same") },
          ]}
          onChange=${(x: string) => form.set("callerIdMode", x)}
        />
        <${TextField} name="sipPassword" label=${t("ext.sipPassword")} hint=${t("ext.sipPasswordHint")} value=${v.sipPassword} error=${form.errors.sipPassword} onInput=${(x: string) => form.set("sipPassword", x)} />
        <${SelectField}
          name="departmentId"
          label=${t("ext.department")}
          value=${v.departmentId === null ? "" : String(v.departmentId)}
          options=${[{ value: "", label: t("app.none") }, ...props.departments.map((d) => ({ value: String(d.id), label: `${d.number} ${d.name}` }))]}
          error=${form.errors.departmentId}
          onChange=${(x: string) => form.set("departmentId", x === "" ? null : Number(x))}
        />
        <${SelectField} name="dialPermission" label=${t("ext.dialPermission")} value=${v.dialPermission} options=${c.dialPermission} onChange=${(x: string) => form.set("dialPermission", x)} />
        <${SelectField} name="transport" label=${t("ext.transport")} value=${v.transport} options=${c.transport} onChange=${(x: string) => form.set("transport", x)} />
        <${SelectField} name="recording" label=${t("ext.recording")} value=${v.recording} options=${c.recording} onChange=${(x: string) => form.set("recording", x)} />
        <${CheckField} name="voicemailEnabled" label=${t("ext.voicemailEnabled")} checked=${v.voicemailEnabled} onChange=${(x: boolean) => form.set("voicemailEnabled", x)} />
        <${CheckField} name="webLogin" label=${t("ext.webLogin")} checked=${v.webLogin} onChange=${(x: boolean) => form.set("webLogin", x)} />
      </div>
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} label=${t("app.add")} onCancel=${props.onClose} />
    </form>
  </${Dialog}>`;
}
