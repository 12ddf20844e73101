// SPEC EXT-1: departments: list, add, edit, delete; members are chosen among the extensions
// not in another department (one extension belongs to at most one).
import { html } from "htm/preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { Dialog } from "../components/dialog.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { type Choice, SelectField, TextField } from "../components/form-fields.ts";
import type { MessageKey } from "../i18n/en.ts";
import type { Translate } from "../i18n/translate.ts";
import { useForm } from "../use-form.ts";

export interface Department {
  id: number;
  name: string;
  number: string;
  ringStrategy: string;
  noAnswerDestination: string;
  /** Seconds each member (or all, ringing together) rings; null: the box's ring time. */
  ringTimeS: number | null;
  members: string[];
}

export interface ExtensionBrief {
  number: string;
  displayName: string;
  departmentId: number | null;
}

const STRATEGIES = ["ring-all", "in-order", "round-robin", "least-recent"];
/** The API's range for a department's own ring time, in seconds. */
const RING_TIME_S = { min: 5, max: 300 };

export function DepartmentsPage() {
  const { t, api } = useApp();
  const [items, setItems] = useState<Department[] | null>(null);
  const [extensions, setExtensions] = useState<ExtensionBrief[]>([]);
  const [editing, setEditing] = useState<Department | "new" | null>(null);

  const load = useCallback(async () => {
    const [d, e] = await Promise.all([
      api.get<{ items: Department[] }>("/departments"),
      api.get<{ items: ExtensionBrief[] }>("/extensions?limit=500"),
    ]);
    if (d.ok) setItems(d.data.items);
    if (e.ok) setExtensions(e.data.items);
  }, [api]);
  useEffect(() => void load(), [load]);

  const remove = async (d: Department) => {
    if (!confirm(t("app.confirmDelete", { name: d.name }))) return;
    await api.delete(`/departments/${d.id}`);
    await load();
  };

  if (!items) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page">
    <div class="page-head">
      <h1>${t("dept.title")}</h1>
      <button type="button" class="primary" data-action="add-department" onClick=${() => setEditing("new")}>${t("dept.add")}</button>
    </div>
    ${
      items.length === 0
        ? html`<p class="muted">${t("dept.empty")}</p>`
        : html`<div class="table-wrap"><table class="table">
          <thead><tr><th>${t("dept.name")}</th><th>${t("dept.number")}</th><th>${t("dept.strategy")}</th><th>${t("dept.ringTime")}</th><th>${t("dept.members")}</th><th></th></tr></thead>
          <tbody>
            ${items.map(
              (d) => html`<tr key=${d.id} data-department=${d.number}>
                <td>${d.name}</td><td>${d.number}</td>
                <td>${t(`strategy.${d.ringStrategy}` as MessageKey)}</td>
                <td>${d.ringTimeS ? t("dept.seconds", { n: d.ringTimeS }) : t("dept.ringTimeDefault")}</td>
                <td>${d.members.join(", ")}</td>
                <td class="actions">
                  <button type="button" class="link" onClick=${() => setEditing(d)}>${t("app.edit")}</button>
                  <button type="button" class="link danger" onClick=${() => remove(d)}>${t("app.delete")}</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    ${
      editing
        ? html`<${DepartmentDialog}
          department=${editing === "new" ? null : editing}
          departments=${items}
          extensions=${extensions}
          onClose=${() => setEditing(null)}
          onSaved=${() => {
            setEditing(null);
            void load();
          }}
        />`
        : null
    }
  </section>`;
}

/**
 * Where an unanswered department call goes, as choices instead of the "kind:number" syntax:
 * hang up, ring an extension, its voicemail, or another department. A destination the page
 * cannot build (a queue, an IVR...) stays listed as it is.
 */
export function destinationChoices(
  t: Translate,
  extensions: readonly ExtensionBrief[],
  departments: readonly Department[],
  current: string,
): Choice[] {
  const choices: Choice[] = [
    { value: "hangup", label: t("dest.hangup") },
    ...extensions.map((e) => ({
      value: `extension:${e.number}`,
      label: `${e.number} ${e.displayName}`.trim(),
      group: t("dest.extensions"),
    })),
    ...extensions.map((e) => ({
      value: `voicemail:${e.number}`,
      label: t("dest.voicemailOf", { number: e.number }),
      group: t("dest.voicemail"),
    })),
    ...departments.map((d) => ({
      value: `department:${d.number}`,
      label: `${d.number} ${d.name}`,
      group: t("dest.departments"),
    })),
  ];
  if (!choices.some((c) => c.value === current)) choices.push({ value: current, label: current });
  return choices;
}

function DepartmentDialog(props: {
  department: Department | null;
  departments: Department[];
  extensions: ExtensionBrief[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, api } = useApp();
  const d = props.department;
  const form = useForm(
    {
      name: d?.name ?? "",
      number: d?.number ?? "",
      ringStrategy: d?.ringStrategy ?? "ring-all",
      noAnswerDestination: d?.noAnswerDestination ?? "hangup",
      ringTimeS: d?.ringTimeS ? String(d.ringTimeS) : "",
      members: d?.members ?? [],
    },
    t,
  );
  const v = form.values;
  const candidates = props.extensions.filter(
    (e) => e.departmentId === null || e.departmentId === d?.id,
  );
  const toggle = (number: string, on: boolean) =>
    form.set("members", on ? [...v.members, number] : v.members.filter((m) => m !== number));

  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    // Empty rings for the box's ring time; anything else goes as typed for the API to check.
    const body = { ...v, ringTimeS: v.ringTimeS.trim() === "" ? null : Number(v.ringTimeS) };
    const r = d
      ? await api.patch(`/departments/${d.id}`, body)
      : await api.post("/departments", body);
    if (r.ok) props.onSaved();
    else form.fail(r);
  });
  const others = props.departments.filter((x) => x.id !== d?.id);

  return html`<${Dialog} title=${d ? t("dept.edit", { name: d.name }) : t("dept.add")} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="department">
      <${TextField} name="name" label=${t("dept.name")} value=${v.name} maxLength=${64} hint=${t("form.maxChars", { max: 64 })} error=${form.errors.name} onInput=${(x: string) => form.set("name", x)} />
      <${TextField} name="number" label=${t("dept.number")} value=${v.number} inputMode="numeric" maxLength=${8} hint=${t("ext.numberHint")} error=${form.errors.number} onInput=${(x: string) => form.set("number", x)} />
      <${SelectField}
        name="ringStrategy"
        label=${t("dept.strategy")}
        value=${v.ringStrategy}
        error=${form.errors.ringStrategy}
        options=${STRATEGIES.map((s) => ({ value: s, label: t(`strategy.${s}` as MessageKey) }))}
        onChange=${(x: string) => form.set("ringStrategy", x)}
      />
      <${TextField} name="ringTimeS" type="number" label=${t("dept.ringTime")} value=${v.ringTimeS} min=${RING_TIME_S.min} max=${RING_TIME_S.max} placeholder=${t("dept.ringTimeDefault")} hint=${t("dept.ringTimeHint", RING_TIME_S)} error=${form.errors.ringTimeS} onInput=${(x: string) => form.set("ringTimeS", x)} />
      <${SelectField}
        name="noAnswerDestination"
        label=${t("dept.noAnswer")}
        value=${v.noAnswerDestination}
        error=${form.errors.noAnswerDestination}
        options=${destinationChoices(t, props.extensions, others, v.noAnswerDestination)}
        onChange=${(x: string) => form.set("noAnswerDestination", x)}
      />
      <fieldset class=${`field members${form.errors.members ? " has-error" : ""}`} data-field="members">
        <legend>${t("dept.members")} <small>${t("dept.membersHint")}</small></legend>
        <div class="checks">
          ${candidates.map(
            (e) => html`<label key=${e.number} class="check">
              <input type="checkbox" value=${e.number} checked=${v.members.includes(e.number)} onChange=${(ev: Event) => toggle(e.number, (ev.currentTarget as HTMLInputElement).checked)} />
              ${e.number} ${e.displayName}
            </label>`,
          )}
        </div>
        ${form.errors.members ? html`<small class="field-error" role="alert">${form.errors.members}</small>` : null}
      </fieldset>
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <${FormActions} t=${t} busy=${busy} refusal=${refusal} onCancel=${props.onClose} />
    </form>
  </${Dialog}>`;
}
