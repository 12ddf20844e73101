// SPEC CALL-2 and CALL-14 for admins and operators (manual: 电话->高级功能->呼叫转移): the
// box-wide options (pass the caller's number through, announce before forwarding), every extension's forwarding (add,
// turn on or off, delete) and the extensions on do-not-disturb.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { CheckField, SelectField, TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";
import { FORWARD_TYPES, type Forward, failureText, typeLabel } from "./forward-fields.ts";

export function CallForwardsPage() {
  const { t, api } = useApp();
  const [items, setItems] = useState<Forward[] | null>(null);
  const [dnd, setDnd] = useState<string[]>([]);
  const [options, setOptions] = useState({ passCallerId: false, announce: false });
  const [error, setError] = useState("");
  const load = useCallback(async () => {
    const [f, d, o] = await Promise.all([
      api.get<{ items: Forward[] }>("/call-forwards"),
      api.get<{ items: string[] }>("/dnd"),
      api.get<{ passCallerId: boolean; announce: boolean }>("/call-forwards/options"),
    ]);
    if (f.ok) setItems(f.data.items);
    if (d.ok) setDnd(d.data.items);
    if (o.ok) setOptions(o.data);
  }, [api]);
  useEffect(() => void load(), [load]);

  const act = async (run: () => Promise<{ ok: boolean } & Partial<{ message: string }>>) => {
    const r = await run();
    setError(r.ok ? "" : t("app.error", { message: r.message ?? "" }));
    await load();
  };
  const toggle = (f: Forward) =>
    act(() =>
      api.put(`/call-forwards/${f.extension}/${f.type}`, { number: f.number, enabled: !f.enabled }),
    );
  const remove = (f: Forward) => {
    if (!confirm(t("app.confirmDelete", { name: `${f.extension} → ${f.number}` }))) return;
    void act(() => api.delete(`/call-forwards/${f.extension}/${f.type}`));
  };

  if (!items) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page" data-page="call-forwards">
    <h1>${t("fw.title")}</h1>
    <div class="card form" data-form="forward-options">
      <h2>${t("fw.options")}</h2>
      <${CheckField} name="passCallerId" label=${t("fw.passCallerId")} hint=${t("fw.passCallerIdHint")} checked=${options.passCallerId}
        onChange=${(on: boolean) => act(() => api.patch("/call-forwards/options", { passCallerId: on }))} />
      <${CheckField} name="announce" label=${t("fw.announce")} hint=${t("fw.announceHint")} checked=${options.announce}
        onChange=${(on: boolean) => act(() => api.patch("/call-forwards/options", { announce: on }))} />
    </div>
    ${error ? html`<p class="form-error" role="alert">${error}</p>` : null}
    ${
      items.length === 0
        ? html`<p class="muted">${t("fw.empty")}</p>`
        : html`<div class="table-wrap"><table class="table stack">
          <thead><tr><th>${t("fw.extension")}</th><th>${t("fw.type")}</th><th>${t("fw.number")}</th><th>${t("fw.state")}</th><th></th></tr></thead>
          <tbody>
            ${items.map(
              (
                f,
              ) => html`<tr key=${`${f.extension}/${f.type}`} data-item=${`${f.extension}/${f.type}`}>
                <td class="lead" data-label=${t("fw.extension")}>${f.extension}</td>
                <td data-label=${t("fw.type")}>${typeLabel(t, f.type)}</td>
                <td class="mono" data-label=${t("fw.number")}>${f.number}</td>
                <td data-label=${t("fw.state")}>${f.enabled ? t("fw.on") : t("fw.off")}</td>
                <td class="actions">
                  <button type="button" class="link" data-action="toggle" onClick=${() => toggle(f)}>${f.enabled ? t("fw.disable") : t("fw.enable")}</button>
                  <button type="button" class="link danger" onClick=${() => remove(f)}>${t("app.delete")}</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    <${AddForward} onSaved=${load} />
    <${DndList} items=${dnd} onChanged=${load} />
  </section>`;
}

function AddForward(props: { onSaved: () => void }) {
  const { t, api } = useApp();
  const form = useForm({ extension: "", type: "always", number: "", enabled: true }, t);
  const v = form.values;
  const save = async (e: Event) => {
    e.preventDefault();
    if (!/^[0-9]{1,8}$/.test(v.extension)) {
      form.fail({
        status: 400,
        code: "invalid",
        field: "extension",
        message: t("fw.extensionHint"),
      });
      return;
    }
    const r = await api.put(`/call-forwards/${v.extension}/${v.type}`, {
      number: v.number,
      enabled: v.enabled,
    });
    if (!r.ok) {
      form.fail(r.status === 404 ? { ...r, field: "extension" } : r);
      return;
    }
    form.clear();
    form.set("number", "");
    props.onSaved();
  };
  return html`<form class="card form" onSubmit=${save} noValidate data-form="add-forward">
    <h2>${t("fw.add")}</h2>
    <${TextField} name="extension" label=${t("fw.extension")} value=${v.extension} inputMode="numeric" error=${form.errors.extension} onInput=${(x: string) => form.set("extension", x)} />
    <${SelectField} name="type" label=${t("fw.type")} value=${v.type}
      options=${FORWARD_TYPES.map((type) => ({ value: type, label: typeLabel(t, type) }))}
      onChange=${(x: string) => form.set("type", x)} />
    <${TextField} name="number" label=${t("fw.number")} value=${v.number} inputMode="tel" hint=${t("fw.numberHint")} error=${form.errors.number} onInput=${(x: string) => form.set("number", x)} />
    <${CheckField} name="enabled" label=${t("fw.enabled")} checked=${v.enabled} onChange=${(x: boolean) => form.set("enabled", x)} />
    ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
    <div class="buttons"><button type="submit" class="primary">${t("app.save")}</button></div>
  </form>`;
}

function DndList(props: { items: string[]; onChanged: () => void }) {
  const { t, api } = useApp();
  const [number, setNumber] = useState("");
  const [error, setError] = useState("");
  const set = async (extension: string, enabled: boolean) => {
    const r = await api.put(`/dnd/${extension}`, { enabled });
    setError(r.ok ? "" : failureText(t, r));
    if (r.ok) setNumber("");
    props.onChanged();
  };
  return html`<div class="card form" data-form="dnd">
    <h2>${t("dnd.title")}</h2>
    <p class="muted">${t("dnd.hint")}</p>
    <ul class="plain" data-list="dnd">
      ${props.items.length === 0 ? html`<li class="muted">${t("app.none")}</li>` : null}
      ${props.items.map(
        (n) => html`<li key=${n} data-item=${n}>${n}
          <button type="button" class="link" onClick=${() => set(n, false)}>${t("dnd.turnOff")}</button></li>`,
      )}
    </ul>
    <${TextField} name="dndExtension" label=${t("fw.extension")} value=${number} inputMode="numeric" error=${error || undefined} onInput=${setNumber} />
    <div class="buttons"><button type="button" class="primary" data-action="dnd-on" onClick=${() => set(number, true)}>${t("dnd.turnOn")}</button></div>
  </div>`;
}
