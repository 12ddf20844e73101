// SPEC CALL-11 the blacklist for admins and operators (manual 功能码 — 黑名单): outside numbers
// that cannot call in; phones add with *76# (the last caller) and remove with *075# + number.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";

interface Entry {
  number: string;
  addedBy: string;
  createdAt: string;
}

export function BlacklistPage() {
  const { t, api } = useApp();
  const [items, setItems] = useState<Entry[] | null>(null);
  const form = useForm({ number: "" }, t);
  const load = useCallback(async () => {
    const r = await api.get<{ items: Entry[] }>("/blacklist");
    if (r.ok) setItems(r.data.items);
  }, [api]);
  useEffect(() => void load(), [load]);

  const add = async (e: Event) => {
    e.preventDefault();
    const r = await api.post("/blacklist", { number: form.values.number.trim() });
    if (!r.ok) {
      form.fail(r);
      return;
    }
    form.clear();
    form.set("number", "");
    await load();
  };
  const remove = async (entry: Entry) => {
    if (!confirm(t("app.confirmDelete", { name: entry.number }))) return;
    await api.delete(`/blacklist/${encodeURIComponent(entry.number)}`);
    await load();
  };

  if (!items) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page" data-page="blacklist">
    <h1>${t("bl.title")}</h1>
    <p class="muted">${t("bl.hint")}</p>
    ${
      items.length === 0
        ? html`<p class="muted">${t("bl.empty")}</p>`
        : html`<div class="table-wrap"><table class="table stack">
          <thead><tr><th>${t("bl.number")}</th><th>${t("bl.addedBy")}</th><th>${t("bl.created")}</th><th></th></tr></thead>
          <tbody>
            ${items.map(
              (entry) => html`<tr key=${entry.number} data-item=${entry.number}>
                <td class="lead mono" data-label=${t("bl.number")}>${entry.number}</td>
                <td data-label=${t("bl.addedBy")}>${entry.addedBy}</td>
                <td data-label=${t("bl.created")}>${new Date(entry.createdAt).toLocaleString()}</td>
                <td class="actions"><button type="button" class="link danger" onClick=${() => remove(entry)}>${t("app.delete")}</button></td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    <form class="card form" onSubmit=${add} noValidate data-form="blacklist-add">
      <${TextField} name="number" label=${t("bl.number")} value=${form.values.number} inputMode="tel" error=${form.errors.number} onInput=${(x: string) => form.set("number", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <div class="buttons"><button type="submit" class="primary">${t("bl.add")}</button></div>
    </form>
  </section>`;
}
