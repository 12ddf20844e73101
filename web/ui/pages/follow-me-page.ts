// SPEC CALL-3 follow-me (manual 电话->高级功能->跟随): admins and operators set any extension's,
// an extension user its own (the extension field is then fixed). The extension rings for its
// ring time, then each number of the list in turn for its own time.
import { html } from "htm/preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { CheckField, SelectField, TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";

interface Step {
  number: string;
  ringS: number;
}

interface FollowMe {
  extension: string;
  enabled: boolean;
  ringFirstS: number;
  mode: "always" | "confirm";
  numbers: Step[];
}

interface Values {
  extension: string;
  enabled: boolean;
  ringFirstS: string;
  mode: string;
  numbers: { number: string; ringS: string }[];
}

const toValues = (f: FollowMe): Values => ({
  extension: f.extension,
  enabled: f.enabled,
  ringFirstS: String(f.ringFirstS),
  mode: f.mode,
  numbers: f.numbers.map((s) => ({ number: s.number, ringS: String(s.ringS) })),
});

export function FollowMePage() {
  const { t, api, me } = useApp();
  const own = me.role === "extension" ? me.extension : undefined;
  const [items, setItems] = useState<FollowMe[] | null>(own ? [] : null);
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>(
    { extension: own ?? "", enabled: false, ringFirstS: "30", mode: "always", numbers: [] },
    t,
  );
  const loadList = useCallback(async () => {
    if (own) return;
    const r = await api.get<{ items: FollowMe[] }>("/follow-me");
    if (r.ok) setItems(r.data.items);
  }, [api, own]);
  const open = async (extension: string) => {
    setSaved(false);
    const r = await api.get<FollowMe>(`/follow-me/${encodeURIComponent(extension)}`);
    if (!r.ok) {
      form.fail(r);
      return;
    }
    const v = toValues(r.data);
    for (const key of Object.keys(v) as (keyof Values)[]) form.set(key, v[key]);
    form.clear();
  };
  useEffect(() => void loadList(), [loadList]);
  useEffect(() => {
    if (own) void open(own);
  }, [own]);

  const steps = form.values.numbers;
  const setStep = (i: number, change: Partial<Values["numbers"][number]>) =>
    form.set(
      "numbers",
      steps.map((s, k) => (k === i ? { ...s, ...change } : s)),
    );
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const v = form.values;
    const r = await api.put(`/follow-me/${encodeURIComponent(v.extension.trim())}`, {
      enabled: v.enabled,
      ringFirstS: Number(v.ringFirstS),
      mode: v.mode,
      numbers: v.numbers.map((s) => ({ number: s.number.trim(), ringS: Number(s.ringS) })),
    });
    if (!r.ok) {
      form.fail(r);
      return;
    }
    form.clear();
    setSaved(true);
    await loadList();
  };

  if (!items) return html`<p>${t("app.loading")}</p>`;
  return html`<section class="page" data-page="follow-me">
    <h1>${t("fm.title")}</h1>
    <p class="muted">${t("fm.hint")}</p>
    ${
      own
        ? null
        : items.length === 0
          ? html`<p class="muted">${t("fm.empty")}</p>`
          : html`<div class="table-wrap"><table class="table stack">
          <thead><tr><th>${t("fm.extension")}</th><th>${t("fm.enabled")}</th><th>${t("fm.numbers")}</th><th></th></tr></thead>
          <tbody>
            ${items.map(
              (f) => html`<tr key=${f.extension} data-item=${f.extension}>
                <td class="lead mono" data-label=${t("fm.extension")}>${f.extension}</td>
                <td data-label=${t("fm.enabled")}>${f.enabled ? t("fm.on") : t("fm.off")}</td>
                <td data-label=${t("fm.numbers")}>${f.numbers.map((s) => `${s.number} (${s.ringS} s)`).join(" → ")}</td>
                <td class="actions"><button type="button" class="link" onClick=${() => open(f.extension)}>${t("app.edit")}</button></td>
              </tr>`,
            )}
          </tbody>
        </table></div>`
    }
    <form class="card form" onSubmit=${save} noValidate data-form="follow-me">
      <${TextField} name="extension" label=${t("fm.extension")} value=${form.values.extension} inputMode="tel" readOnly=${own !== undefined} error=${form.errors.extension} onInput=${(x: string) => form.set("extension", x)} />
      <${CheckField} name="enabled" label=${t("fm.enabled")} checked=${form.values.enabled} onChange=${(x: boolean) => form.set("enabled", x)} />
      <${TextField} name="ringFirstS" type="number" min=${5} max=${300} label=${t("fm.ringFirstS")} value=${form.values.ringFirstS} error=${form.errors.ringFirstS} onInput=${(x: string) => form.set("ringFirstS", x)} />
      <${SelectField} name="mode" label=${t("fm.mode")} value=${form.values.mode} error=${form.errors.mode} options=${[
        { value: "always", label: t("fm.mode.always") },
        { value: "confirm", label: t("fm.mode.confirm") },
      ]} onChange=${(x: string) => form.set("mode", x)} />
      <fieldset data-field="numbers">
        <legend>${t("fm.numbers")}</legend>
        ${form.errors.numbers ? html`<small class="field-error" role="alert">${form.errors.numbers}</small>` : null}
        ${steps.map(
          (s, i) => html`<div class="row" key=${i} data-step=${i}>
            <${TextField} name=${`number-${i}`} label=${t("fm.number")} value=${s.number} inputMode="tel" error=${form.errors[`numbers.${i}.number`]} onInput=${(x: string) => setStep(i, { number: x })} />
            <${TextField} name=${`ringS-${i}`} type="number" min=${5} max=${300} label=${t("fm.ringS")} value=${s.ringS} error=${form.errors[`numbers.${i}.ringS`]} onInput=${(x: string) => setStep(i, { ringS: x })} />
            <button type="button" class="link danger" data-action="remove-step" onClick=${() =>
              form.set(
                "numbers",
                steps.filter((_, k) => k !== i),
              )}>${t("app.delete")}</button>
          </div>`,
        )}
        <button type="button" data-action="add-step" onClick=${() => form.set("numbers", [...steps, { number: "", ringS: "20" }])}>${t("fm.addNumber")}</button>
      </fieldset>
      ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
      ${saved ? html`<p class="note">${t("fm.saved")}</p>` : null}
      <div class="buttons"><button type="submit" class="primary">${t("app.save")}</button></div>
    </form>
  </section>`;
}
