// SPEC CALL-2 and CALL-14 on an extension user's own page (manual: 分机用户界面): its
// do-not-disturb switch and its forwarding, one number per type, each on or off. An emptied
// number removes that forwarding.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { ForwardType } from "../../../firmware/features/forwarding-store.ts";
import { useApp } from "../app-context.ts";
import { CheckField, TextField } from "../components/form-fields.ts";
import { FORWARD_TYPES, type Forward, failureText, typeLabel } from "./forward-fields.ts";

type Rows = Record<ForwardType, { number: string; enabled: boolean; stored: boolean }>;

export function MyForwarding(props: { extension: string }) {
  const { t, api } = useApp();
  const [dnd, setDnd] = useState<boolean | null>(null);
  const [rows, setRows] = useState<Rows | null>(null);
  const [errors, setErrors] = useState<Partial<Record<ForwardType | "dnd", string>>>({});
  const [saved, setSaved] = useState(false);
  const load = useCallback(async () => {
    const [d, f] = await Promise.all([
      api.get<{ enabled: boolean }>(`/dnd/${props.extension}`),
      api.get<{ items: Forward[] }>("/call-forwards"),
    ]);
    if (d.ok) setDnd(d.data.enabled);
    const next = Object.fromEntries(
      FORWARD_TYPES.map((type) => [type, { number: "", enabled: true, stored: false }]),
    ) as Rows;
    if (f.ok)
      for (const item of f.data.items)
        next[item.type] = { number: item.number, enabled: item.enabled, stored: true };
    setRows(next);
  }, [api, props.extension]);
  useEffect(() => void load(), [load]);

  const switchDnd = async (on: boolean) => {
    const r = await api.put<{ enabled: boolean }>(`/dnd/${props.extension}`, { enabled: on });
    if (r.ok) setDnd(r.data.enabled);
    setErrors((e) => ({ ...e, dnd: r.ok ? undefined : failureText(t, r) }));
  };
  const save = async (e: Event) => {
    e.preventDefault();
    if (!rows) return;
    setSaved(false);
    const found: Partial<Record<ForwardType, string>> = {};
    for (const type of FORWARD_TYPES) {
      const row = rows[type];
      const path = `/call-forwards/${props.extension}/${type}`;
      const number = row.number.trim();
      if (number === "") {
        if (row.stored) await api.delete(path);
        continue;
      }
      const r = await api.put(path, { number, enabled: row.enabled });
      if (!r.ok) found[type] = failureText(t, r);
    }
    setErrors(found);
    setSaved(Object.keys(found).length === 0);
    await load();
  };
  const edit = (type: ForwardType, patch: Partial<Rows[ForwardType]>) =>
    setRows((r) => r && { ...r, [type]: { ...r[type], ...patch } });

  if (dnd === null || !rows) return null;
  return html`<div class="card form" data-form="my-forwarding">
    <h2>${t("dnd.title")}</h2>
    <${CheckField} name="dnd" label=${t("dnd.enabled")} hint=${t("dnd.hint")} error=${errors.dnd} checked=${dnd} onChange=${switchDnd} />
    <h2>${t("fw.title")}</h2>
    <form onSubmit=${save} noValidate>
      ${FORWARD_TYPES.map(
        (type) => html`<fieldset class="forward-row" key=${type} data-forward=${type}>
          <${TextField} name=${`forward-${type}`} label=${typeLabel(t, type)} value=${rows[type].number} inputMode="tel" error=${errors[type]} onInput=${(x: string) => edit(type, { number: x })} />
          <${CheckField} name=${`forward-${type}-enabled`} label=${t("fw.enabled")} checked=${rows[type].enabled} onChange=${(x: boolean) => edit(type, { enabled: x })} />
        </fieldset>`,
      )}
      <p class="muted">${t("fw.numberHint")}</p>
      <div class="buttons">
        <button type="submit" class="primary">${t("app.save")}</button>
        ${saved ? html`<span class="note" role="status">${t("app.saved")}</span>` : null}
      </div>
    </form>
  </div>`;
}
