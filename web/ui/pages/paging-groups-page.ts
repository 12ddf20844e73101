// SPEC CALL-6 (manual: 电话->高级功能->寻呼与对讲): paging groups: list, add, edit, delete.
// A group has a number, a name, a mode (simplex: members only listen; duplex: they talk back)
// and members chosen among the IP extensions (analog phones cannot auto-answer).
import { html } from "htm/preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { Dialog } from "../components/dialog.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { SelectField, TextField } from "../components/form-fields.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useForm } from "../use-form.ts";

export interface PagingGroup {
  id: number;
  number: string;
  name: string;
  mode: "simplex" | "duplex";
  members: string[];
}

interface ExtensionBrief {
  number: string;
  displayName: string;
}

const MODES = ["simplex", "duplex"] as const;

export function PagingGroupsPage() {
  const { t, api } = useApp();
  const [items, setItems] = useState<PagingGroup[] | null>(null);
  const [extensions, setExtensions] = useState<ExtensionBrief[]>([]);
  const [editing, setEditing] = useState<PagingGroup | "new" | null>(null);

  const load = useCallback(async () => {
    const [g, e] = await Promise.all([
      api.get<{ items: PagingGroup[] }>("/paging-groups"),
      api.get<{ items: ExtensionBrief[] }>("/extensions?limit=500"),
    ]);
    if (g.ok) setItems(g.data.items);
    if (e.ok) setExtensions(e.data.items);
  }, [api]);
  useEffect(() => void load(), [load]);

  const remove = async (g: PagingGroup) => {
    if (!confirm(t("app.confirmDelete", { name: g.name }))) return;
    await api.delete(`/paging-groups/${g.id}`);
    await load();
  };

  if (!items) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page" data-page="paging-groups">
    <div class="page-head">
      <h1>${t("paging.title")}</h1>
      <button type="button" class="primary" data-action="add-paging-group" onClick=${() => setEditing("new")}>${t("paging.add")}</button>
    </div>
    <p class="muted">${t("paging.intro")}</p>
    ${
      items.length === 0
        ? html`<p class="muted">${t("paging.empty")}</p>`
        : html`<div class="table-wrap"><table class="table">
          <thead><tr><th>${t("paging.number")}</th><th>${t("paging.name")}</th><th>${t("paging.mode")}</th><th>${t("paging.members")}</th><th></th></tr></thead>
          <tbody>
            ${items.map(
              (g) => html`<tr key=${g.id} data-paging-group=${g.number}>
                <td>${g.number}</td><td>${g.name}</td>
                <td>${t(`paging.mode.${g.mode}` as MessageKey)}</td>
                <td>${g.members.join(", ")}</td>
                <td class="actions">
                  <button type="button" class="link" onClick=${() => setEditing(g)}>${t("app.edit")}</button>
                  <button type="button" class="link danger" onClick=${() => remove(g)}>${t("app.delete")}</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    ${
      editing
        ? html`<${PagingGroupDialog}
          group=${editing === "new" ? null : editing}
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

function PagingGroupDialog(props: {
  group: PagingGroup | null;
  extensions: ExtensionBrief[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, api } = useApp();
  const g = props.group;
  const form = useForm(
    {
      number: g?.number ?? "",
      name: g?.name ?? "",
      mode: g?.mode ?? "simplex",
      members: g?.members ?? [],
    },
    t,
  );
  const v = form.values;
  const toggle = (number: string, on: boolean) =>
    form.set("members", on ? [...v.members, number] : v.members.filter((m) => m !== number));

  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    const r = g
      ? await api.patch(`/paging-groups/${g.id}`, v)
      : await api.post("/paging-groups", v);
    if (r.ok) props.onSaved();
    else form.fail(r);
  });

  return html`<${Dialog} title=${g ? t("paging.edit", { name: g.name }) : t("paging.add")} onClose=${props.onClose}>
    <form class="form" ref=${formRef} onSubmit=${onSubmit} noValidate data-form="paging-group">
      <${TextField} name="number" label=${t("paging.number")} value=${v.number} inputMode="numeric" maxLength=${8} hint=${t("ext.numberHint")} error=${form.errors.number} onInput=${(x: string) => form.set("number", x)} />
      <${TextField} name="name" label=${t("paging.name")} value=${v.name} maxLength=${64} hint=${t("form.maxChars", { max: 64 })} error=${form.errors.name} onInput=${(x: string) => form.set("name", x)} />
      <${SelectField}
        name="mode"
        label=${t("paging.mode")}
        value=${v.mode}
        error=${form.errors.mode}
        options=${MODES.map((m) => ({ value: m, label: t(`paging.mode.${m}` as MessageKey) }))}
        onChange=${(x: string) => form.set("mode", x as PagingGroup["mode"])}
      />
      <fieldset class=${`field members${form.errors.members ? " has-error" : ""}`} data-field="members">
        <legend>${t("paging.members")} <small>${t("paging.membersHint")}</small></legend>
        <div class="checks">
          ${props.extensions.map(
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
