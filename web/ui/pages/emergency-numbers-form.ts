// SPEC ROUTE-3: the emergency numbers every phone may dial whatever its dial permission class
// and toll fuse, kept by the admin (default China's 110 119 120 122 112).
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useApp } from "../app-context.ts";
import { FormActions, useRefusalBesideSave, useSubmit } from "../components/form-actions.ts";
import { TextField } from "../components/form-fields.ts";
import { useForm } from "../use-form.ts";

/** The numbers typed, split on spaces and commas (Chinese commas too). */
export function splitNumbers(text: string): string[] {
  return text.split(/[\s,，、;；]+/).filter((n) => n !== "");
}

export function EmergencyNumbersForm() {
  const { t, api } = useApp();
  const form = useForm({ numbers: "" }, t);
  const [loaded, setLoaded] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void api.get<{ numbers: string[] }>("/dial-permissions/emergency-numbers").then((r) => {
      if (r.ok) form.set("numbers", r.data.numbers.join(" "));
      setLoaded(r.ok);
    });
  }, [api]);
  const formRef = useRef<HTMLFormElement>(null);
  const refusal = useRefusalBesideSave(formRef, form.errors, form.formError, t);
  const { busy, onSubmit } = useSubmit(async () => {
    setSaved(false);
    const r = await api.put<{ numbers: string[] }>("/dial-permissions/emergency-numbers", {
      numbers: splitNumbers(form.values.numbers),
    });
    setSaved(r.ok);
    if (r.ok) form.set("numbers", r.data.numbers.join(" "));
    // A refused element (numbers.2) is shown beside the one field that holds them all.
    else form.fail(r.field?.startsWith("numbers.") ? { ...r, field: "numbers" } : r);
  });
  if (!loaded) return null;
  return html`<form class="card form page-note" ref=${formRef} onSubmit=${onSubmit} noValidate data-section="emergency-numbers">
    <h2>${t("perm.emergencyTitle")}</h2>
    <${TextField} name="numbers" label=${t("perm.emergencyNumbers")} value=${form.values.numbers} inputMode="numeric" hint=${t("perm.emergencyHint")} error=${form.errors.numbers} onInput=${(x: string) => form.set("numbers", x)} />
    ${form.formError ? html`<p class="form-error" role="alert">${form.formError}</p>` : null}
    <${FormActions} t=${t} busy=${busy} refusal=${refusal} saved=${saved} />
  </form>`;
}
