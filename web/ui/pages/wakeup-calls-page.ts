// SPEC CALL-4 wake-up calls (manual 电话->高级功能->叫醒服务): admins and operators book, move
// and cancel any extension's calls; an extension user sees and books its own (the extension
// field is then fixed). Times are the box's wall clock, as the phone's *55*MMDDHHMM# books them.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { TextField } from "../components/form-fields.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useForm } from "../use-form.ts";

interface Booking {
  id: number;
  extension: string;
  at: string;
  next: string;
  status: "scheduled" | "confirmed" | "unanswered" | "cancelled";
  bookedBy: string;
}

export function WakeupCallsPage() {
  const { t, api, me } = useApp();
  const own = me.role === "extension" ? me.extension : undefined;
  const [items, setItems] = useState<Booking[] | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const blank = { extension: own ?? "", at: "" };
  const form = useForm(blank, t);
  const load = useCallback(async () => {
    const r = await api.get<{ items: Booking[] }>("/wakeup-calls?all=true");
    if (r.ok) setItems(r.data.items);
  }, [api]);
  useEffect(() => void load(), [load]);

  const reset = () => {
    setEditing(null);
    form.clear();
    form.set("extension", own ?? "");
    form.set("at", "");
  };
  const save = async (e: Event) => {
    e.preventDefault();
    const body = { extension: form.values.extension.trim(), at: form.values.at };
    const r =
      editing === null
        ? await api.post("/wakeup-calls", body)
        : await api.patch(`/wakeup-calls/${editing}`, body);
    if (!r.ok) {
      form.fail(r);
      return;
    }
    reset();
    await load();
  };
  const edit = (b: Booking) => {
    setEditing(b.id);
    form.clear();
    form.set("extension", b.extension);
    form.set("at", b.at);
  };
  const remove = async (b: Booking) => {
    if (!confirm(t("app.confirmDelete", { name: `${b.extension} ${b.at.replace("T", " ")}` })))
      return;
    await api.delete(`/wakeup-calls/${b.id}`);
    if (editing === b.id) reset();
    await load();
  };

  if (!items) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page" data-page="wakeup-calls">
    <h1>${t("wake.title")}</h1>
    <p class="muted">${t("wake.hint")}</p>
    ${
      items.length === 0
        ? html`<p class="muted">${t("wake.empty")}</p>`
        : html`<div class="table-wrap"><table class="table stack">
          <thead><tr><th>${t("wake.extension")}</th><th>${t("wake.at")}</th><th>${t("wake.status")}</th><th>${t("wake.bookedBy")}</th><th></th></tr></thead>
          <tbody>
            ${items.map(
              (b) => html`<tr key=${b.id} data-item=${b.id}>
                <td class="lead mono" data-label=${t("wake.extension")}>${b.extension}</td>
                <td data-label=${t("wake.at")}>${b.at.replace("T", " ")}</td>
                <td data-label=${t("wake.status")} data-status=${b.status}>${t(`wake.status.${b.status}` as MessageKey)}</td>
                <td data-label=${t("wake.bookedBy")}>${b.bookedBy}</td>
                <td class="actions">
                  <button type="button" class="link" onClick=${() => edit(b)}>${t("app.edit")}</button>
                  <button type="button" class="link danger" onClick=${() => remove(b)}>${t("app.delete")}</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    <form class="card form" onSubmit=${save} noValidate data-form="wakeup-book">
      <h2>${editing === null ? t("wake.book") : t("wake.move")}</h2>
      <${TextField} name="extension" label=${t("wake.extension")} value=${form.values.extension} inputMode="tel" readOnly=${own !== undefined} error=${form.errors.extension} onInput=${(x: string) => form.set("extension", x)} />
      <${TextField} name="at" type="datetime-local" label=${t("wake.at")} hint=${t("wake.atHint")} value=${form.values.at} error=${form.errors.at} onInput=${(x: string) => form.set("at", x)} />
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      <div class="buttons">
        <button type="submit" class="primary">${editing === null ? t("wake.book") : t("app.save")}</button>
        ${editing === null ? null : html`<button type="button" onClick=${reset}>${t("app.cancel")}</button>`}
      </div>
    </form>
  </section>`;
}
