// SPEC EXT-2 on many extensions: set the same department, codecs, recording, dial permission
// (and other shared settings) on every checked extension. Each field starts "unchanged"; only
// the ones the user picks are sent (POST /extensions/bulk-edit).
import { html } from "htm/preact";
import { useRef, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { CodecOrder } from "../components/codec-order.ts";
import { Dialog } from "../components/dialog.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { CheckField, type Choice, SelectField } from "../components/form-fields.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useForm } from "../use-form.ts";
import type { Department } from "./departments-page.ts";
import { DEFAULT_SETTINGS, fieldChoices, KNOWN_CODECS } from "./extension-fields.ts";

const UNCHANGED = "";
const SELECTS = ["dialPermission", "recording", "language", "transport", "dtmfMode"] as const;
const SWITCHES = ["voicemailEnabled", "webLogin", "qualify", "srtp"] as const;

export interface BulkEditResult {
  updated: string[];
  refused: { number: string; field?: string; message: string }[];
}

export function BulkEditDialog(props: {
  numbers: string[];
  departments: Department[];
  onClose: () => void;
  onSaved: (result: BulkEditResult) => void;
}) {
  const { t, api } = useApp();
  const form = useForm<Record<string, string>>({}, t);
  const [codecs, setCodecs] = useState<string[] | null>(null);
  const c = fieldChoices(t);
  const unchanged: Choice = { value: UNCHANGED, label: t("bulkEdit.unchanged") };
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);

  const changes = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(form.values)) {
      if (value === UNCHANGED) continue;
      if (field === "departmentId") out[field] = value === "none" ? null : Number(value);
      else if ((SWITCHES as readonly string[]).includes(field)) out[field] = value === "on";
      else out[field] = value;
    }
    if (codecs) out.codecs = codecs;
    return out;
  };
  const { busy, onSubmit } = useSubmit(async () => {
    const body = changes();
    if (Object.keys(body).length === 0) {
      form.fail({ status: 400, code: "invalid", message: t("bulkEdit.nothing") });
      return;
    }
    const r = await api.post<BulkEditResult>("/extensions/bulk-edit", {
      numbers: props.numbers,
      ...body,
    });
    if (r.ok) props.onSaved(r.data);
    else form.fail(r);
  });

  const select = (field: string, label: string, options: readonly Choice[]) =>
    html`<${SelectField} name=${field} label=${label} value=${form.values[field] ?? UNCHANGED} options=${[unchanged, ...options]} error=${form.errors[field]} onChange=${(x: string) => form.set(field, x)} />`;
  const onOff = [
    { value: "on", label: t("app.yes") },
    { value: "off", label: t("app.no") },
  ];

  return html`<${Dialog} wide=${true} title=${t("bulkEdit.title", { count: props.numbers.length })} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="bulk-edit">
      <p class="muted">${props.numbers.join(", ")}</p>
      <div class="form-grid">
        ${select("departmentId", t("ext.department"), [
          { value: "none", label: t("app.none") },
          ...props.departments.map((d) => ({
            value: String(d.id),
            label: `${d.number} ${d.name}`,
          })),
        ])}
        ${SELECTS.map((f) => select(f, t(`ext.${f}` as MessageKey), c[f]))}
        ${SWITCHES.map((f) => select(f, t(`ext.${f}` as MessageKey), onOff))}
      </div>
      <${CheckField} name="changeCodecs" label=${t("bulkEdit.changeCodecs")} checked=${codecs !== null} onChange=${(on: boolean) => setCodecs(on ? [...DEFAULT_SETTINGS.codecs] : null)} />
      ${
        codecs
          ? html`<div class=${`field${form.errors.codecs ? " has-error" : ""}`} data-field="codecs">
              <span class="field-label">${t("ext.codecs")}</span>
              <${CodecOrder} value=${codecs} known=${KNOWN_CODECS} unusedLabel=${t("ext.codecsUnused")} onChange=${setCodecs} />
              ${form.errors.codecs ? html`<small class="field-error" role="alert">${form.errors.codecs}</small>` : null}
            </div>`
          : null
      }
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} onCancel=${props.onClose} />
    </form>
  </${Dialog}>`;
}
